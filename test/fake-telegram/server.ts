/**
 * The fake Bot API: an HTTP server the real bot reaches through `TELEGRAM_API_ROOT`. It keeps chats,
 * messages, topics and updates, answers like Telegram (errors included) and enforces its limits.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { visible } from './html.ts';
import { DEFAULT_LIMITS, Limiter, type LimitConfig } from './limits.ts';
import { checkEditable, checkUrlButtons } from './refusals.ts';
import { checkAlbum, checkFileValue, isUpload, type UploadRecord } from './media.ts';
import { answerInlineQuery } from './inline.ts';
import { TgError, type TgChat, type TgMessage, type TgUpdate, type TgUser } from './types.ts';

export interface Fault {
  code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
  times?: number;
  /** only calls to this chat fail (others pass the fault by) */
  chatId?: number;
}

export interface Call {
  method: string;
  payload: Record<string, any>;
  at: number;
  /** the result, or the error code given back */
  result?: unknown;
  error?: number;
}

export interface ChatState {
  chat: TgChat;
  messages: TgMessage[];
  nextId: number;
  /** forum topics by thread id */
  topics: Map<number, { name: string; closed: boolean; deleted: boolean; icon_color: number }>;
  /** group members' status of the bot */
  botStatus: 'administrator' | 'member' | 'left' | 'kicked';
  /** a private chat whose user blocked the bot */
  blocked: boolean;
  /** a group upgraded to a supergroup */
  migratedTo?: number;
}

const SEND = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendVoice',
  'sendVideo',
  'sendAudio',
  'sendAnimation',
  'sendSticker',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
  'sendLocation',
  'sendContact',
  'sendVideoNote',
]);
/** calls that are not messages but still paced by Telegram (edits, forum topics, chat actions) */
const PACED = /^(editMessage|createForumTopic|editForumTopic|closeForumTopic|reopenForumTopic|deleteForumTopic|sendChatAction)/;
const MEDIA: Record<string, keyof TgMessage> = {
  sendPhoto: 'photo',
  sendDocument: 'document',
  sendVoice: 'voice',
  sendVideo: 'video',
  sendAudio: 'audio',
  sendAnimation: 'animation',
  sendSticker: 'sticker',
  sendVideoNote: 'video_note',
};

export class FakeTelegramServer extends EventEmitter {
  readonly bot: TgUser = { id: 999000111, is_bot: true, first_name: 'Helpdesk', username: 'helpdesk_test_bot' };
  readonly chats = new Map<number, ChatState>();
  readonly calls: Call[] = [];
  readonly limiter = new Limiter({ ...DEFAULT_LIMITS });
  /** conflicts409: getUpdates calls Telegram ended with 409 because another one came while it waited */
  readonly stats = { requests: 0, byMethod: {} as Record<string, number>, r429: 0, unhonoured429: 0, faults: 0, conflicts409: 0 };
  readonly files = new Map<string, { bytes: Buffer; path: string }>();
  /** the files the bot uploaded as multipart/form-data, in order (test/fake-telegram/media.ts) */
  readonly uploads: UploadRecord[] = [];
  token?: string;
  commands = new Map<string, unknown>();
  webhook: { url: string; secret?: string } | null = null;

  private server?: Server;
  private sockets = new Set<Socket>();
  private updates: TgUpdate[] = [];
  private nextUpdateId = 1;
  private confirmed = 0;
  private waiters: (() => void)[] = [];
  /** the getUpdates call waiting now: a second one ends it with 409, like Telegram with two pollers */
  private pollWaiting: { conflict(): void } | null = null;
  private faults = new Map<string, Fault[]>();
  private rates = new Map<string, { p: number; code: number }>();
  private drops = 0;
  private duplicateNext = false;
  private fileSeq = 0;
  private webhookChain: Promise<void> = Promise.resolve();
  apiRoot = '';

  get limits(): LimitConfig {
    return this.limiter.config;
  }
  set limits(c: Partial<LimitConfig>) {
    this.limiter.config = { ...this.limiter.config, ...c };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) w();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  // ----- faults -------------------------------------------------------------------------------------
  failNext(method: string, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    list.push({ times: 1, ...fault });
    this.faults.set(method, list);
  }
  /** the faults still waiting for a method (all of them unless one is named) are dropped */
  clearFaults(method?: string): void {
    if (method) this.faults.delete(method);
    else this.faults.clear();
  }
  failRate(method: string, probability: number, code = 500): void {
    if (probability <= 0) this.rates.delete(method);
    else this.rates.set(method, { p: probability, code });
  }
  dropConnections(n: number): void {
    this.drops += n;
  }
  duplicateNextUpdate(): void {
    this.duplicateNext = true;
  }

  // ----- chats and updates --------------------------------------------------------------------------
  chatState(id: number): ChatState {
    const c = this.chats.get(id);
    if (!c) throw new TgError(400, 'Bad Request: chat not found');
    return c;
  }

  ensureChat(chat: TgChat): ChatState {
    let c = this.chats.get(chat.id);
    if (!c) {
      c = { chat, messages: [], nextId: 1, topics: new Map(), botStatus: chat.type === 'private' ? 'member' : 'left', blocked: false };
      this.chats.set(chat.id, c);
    }
    return c;
  }

  /** stores a message in its chat with the next id (messages from users and from the bot alike) */
  store(chatId: number, fields: Omit<TgMessage, 'message_id' | 'date' | 'chat'>): TgMessage {
    const c = this.chatState(chatId);
    const msg: TgMessage = { message_id: c.nextId++, date: Math.floor(Date.now() / 1000), chat: c.chat, ...fields };
    c.messages.push(msg);
    return msg;
  }

  pushUpdate(kind: string, value: unknown): TgUpdate {
    const u: TgUpdate = { update_id: this.nextUpdateId++, [kind]: value };
    this.deliver(u);
    if (this.duplicateNext) {
      this.duplicateNext = false;
      this.deliver(u);
    }
    return u;
  }

  private deliver(u: TgUpdate) {
    if (this.webhook) {
      const { url, secret } = this.webhook;
      this.webhookChain = this.webhookChain.then(async () => {
        for (let i = 0; i < 5; i++) {
          try {
            const res = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
              body: JSON.stringify(u),
            });
            if (res.ok) return;
          } catch {
            /* retried */
          }
          await new Promise((r) => setTimeout(r, 100 * (i + 1)));
        }
      });
      return;
    }
    this.updates.push(u);
    for (const w of this.waiters.splice(0)) w();
  }

  // ----- HTTP ---------------------------------------------------------------------------------------
  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const f = [...this.files.values()].find((x) => x.path === decodeURIComponent(file[2]!));
      if (!f) return void res.writeHead(404).end('Not Found');
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(f.bytes);
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    this.token ??= m[1];
    const method = m[2]!;
    if (this.drops > 0 && method !== 'getUpdates') {
      this.drops--;
      this.stats.faults++;
      req.socket.destroy();
      return;
    }
    let payload: Record<string, any>;
    try {
      payload = await this.readBody(req, url);
    } catch (err) {
      if (process.env.FAKE_TG_DEBUG) console.error('fake telegram: unreadable body', err);
      return this.reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid body' });
    }
    this.stats.requests++;
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
    const call: Call = { method, payload, at: Date.now() };
    try {
      this.injectFault(method, payload.chat_id);
      // Telegram's limits count messages (an album: each item); edits, topic calls and chat actions have their own
      if (SEND.has(method))
        this.checkLimits(payload.chat_id, method === 'sendMediaGroup' && Array.isArray(payload.media) ? Math.max(1, payload.media.length) : 1);
      else if (PACED.test(method)) this.checkLimits(payload.chat_id, 0);
      const result = await this.dispatch(method, payload, req);
      call.result = result;
      if (method !== 'getUpdates') this.calls.push(call);
      // done, not yet answered: a test that kills the bot here knows it did not see the answer (kill-restart.test.ts)
      if (method !== 'getUpdates') this.emit('answering', call);
      this.reply(res, 200, { ok: true, result });
      if (method !== 'getUpdates') this.emit('call', call);
    } catch (err) {
      if (!(err instanceof TgError)) {
        this.reply(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${(err as Error).message}` });
        return;
      }
      call.error = err.code;
      if (method !== 'getUpdates') this.calls.push(call);
      this.reply(res, err.code, { ok: false, error_code: err.code, description: err.description, ...(err.parameters ? { parameters: err.parameters } : {}) });
    }
  }

  private reply(res: ServerResponse, status: number, body: unknown) {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async readBody(req: IncomingMessage, url: URL): Promise<Record<string, any>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    const out: Record<string, any> = Object.fromEntries(url.searchParams);
    if (!body.length) return out;
    if (type.includes('application/json')) return { ...out, ...JSON.parse(body.toString('utf8')) };
    if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
      const parts: Record<string, { data: Buffer; filename?: string }> = {};
      if (type.includes('multipart/form-data')) {
        for (const part of parseMultipart(body, /boundary=("?)([^";]+)\1/.exec(type)?.[2] ?? '')) {
          if (part.filename !== undefined) parts[part.name] = { data: part.data, filename: part.filename };
          else {
            const v = part.data.toString('utf8');
            out[part.name] = /^[[{]/.test(v) ? safeJson(v) : v;
          }
        }
      } else for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
      const resolveAttach = (v: unknown): unknown => {
        if (typeof v === 'string' && v.startsWith('attach://')) {
          const part = parts[v.slice(9)];
          return { upload: part?.data ?? Buffer.alloc(0), filename: part?.filename, multipart: true };
        }
        if (Array.isArray(v)) return v.map(resolveAttach);
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveAttach(x)]));
        return v;
      };
      for (const k of Object.keys(out)) out[k] = resolveAttach(out[k]);
      for (const [k, b] of Object.entries(parts)) if (!(k in out)) out[k] = { upload: b.data, filename: b.filename, multipart: true };
      return out;
    }
    return out;
  }

  private injectFault(method: string, chatId: unknown) {
    for (const key of [method, '*']) {
      const list = this.faults.get(key);
      const f = list?.find((x) => x.chatId === undefined || String(x.chatId) === String(chatId));
      if (f) {
        if (--f.times! <= 0) list!.splice(list!.indexOf(f), 1);
        this.stats.faults++;
        throw new TgError(f.code, f.description, f.parameters);
      }
      const rate = this.rates.get(key);
      if (rate && Math.random() < rate.p) {
        this.stats.faults++;
        throw new TgError(rate.code, rate.code === 502 ? 'Bad Gateway' : 'Internal Server Error');
      }
    }
  }

  private checkLimits(rawChat: unknown, messages: number) {
    const chatId = Number(rawChat);
    if (!Number.isFinite(chatId) || !this.limiter.config.enabled) return;
    const now = Date.now();
    const until = this.limiter.blockedUntil.get(chatId) ?? 0;
    if (now < until - 5) {
      this.stats.unhonoured429++;
      this.stats.r429++;
      const wait = (until - now) / 1000;
      throw new TgError(429, `Too Many Requests: retry after ${Math.ceil(wait)}`, { retry_after: this.limiter.retryAfter(wait) });
    }
    const wait = this.limiter.check(chatId, now, messages);
    if (wait > 0) {
      const retryAfter = this.limiter.retryAfter(wait);
      this.limiter.blockedUntil.set(chatId, now + retryAfter * 1000);
      this.stats.r429++;
      throw new TgError(429, `Too Many Requests: retry after ${Math.ceil(retryAfter)}`, { retry_after: retryAfter });
    }
  }

  // ----- methods ------------------------------------------------------------------------------------
  protected async dispatch(method: string, p: Record<string, any>, req: IncomingMessage): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { ...this.bot, can_join_groups: true, can_read_all_group_messages: true, supports_inline_queries: true };
      case 'getUpdates':
        return this.getUpdates(p, req);
      case 'setWebhook':
        this.webhook = { url: String(p.url), secret: p.secret_token };
        return true;
      case 'deleteWebhook':
        this.webhook = null;
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.updates.length };
      case 'setMyCommands':
        this.commands.set(`${JSON.stringify(p.scope ?? { type: 'default' })}|${p.language_code ?? ''}`, p.commands);
        return true;
      case 'getMyCommands':
        return this.commands.get(`${JSON.stringify(p.scope ?? { type: 'default' })}|${p.language_code ?? ''}`) ?? [];
      case 'deleteMyCommands':
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'setChatMenuButton':
      case 'sendChatAction':
        if (method === 'sendChatAction') this.target(p);
        return true;
      case 'answerInlineQuery':
        return answerInlineQuery(this, p);
      case 'answerCallbackQuery':
        return true;
      case 'sendMessage':
        return this.sendMessage(p);
      case 'sendMediaGroup':
        return this.sendMediaGroup(p);
      case 'sendLocation':
        return this.sendCommon(p, { location: { latitude: Number(p.latitude), longitude: Number(p.longitude) } });
      case 'sendContact':
        return this.sendCommon(p, { contact: { phone_number: String(p.phone_number), first_name: String(p.first_name) } });
      case 'copyMessage':
        return this.copyMessage(p);
      case 'forwardMessage': {
        const msg = this.copyMessage(p, true);
        return msg;
      }
      case 'editMessageText':
        return this.edit(p, (m) => {
          const text = String(p.text ?? '');
          const shown = visible(text, p.parse_mode);
          if (!shown.trim()) throw new TgError(400, 'Bad Request: message text is empty');
          if (shown.length > 4096) throw new TgError(400, 'Bad Request: MESSAGE_TOO_LONG');
          if (m.text === shown && JSON.stringify(m.reply_markup ?? null) === JSON.stringify(p.reply_markup ?? null)) throw notModified();
          m.text = shown;
          m.parse_mode = p.parse_mode;
          m.reply_markup = p.reply_markup;
        });
      case 'editMessageCaption':
        return this.edit(p, (m) => {
          const shown = visible(String(p.caption ?? ''), p.parse_mode);
          if (m.caption === shown) throw notModified();
          if (shown.length > 1024) throw new TgError(400, 'Bad Request: message caption is too long');
          m.caption = shown;
          m.reply_markup = p.reply_markup;
        });
      case 'editMessageReplyMarkup':
        return this.edit(p, (m) => {
          if (JSON.stringify(m.reply_markup ?? null) === JSON.stringify(p.reply_markup ?? null)) throw notModified();
          m.reply_markup = p.reply_markup;
        });
      case 'deleteMessage': {
        const c = this.target(p);
        const i = c.messages.findIndex((m) => m.message_id === Number(p.message_id));
        if (i < 0) throw new TgError(400, 'Bad Request: message to delete not found');
        c.messages.splice(i, 1);
        return true;
      }
      case 'getChat':
        return { ...this.target(p).chat };
      case 'getChatMember': {
        const c = this.target(p);
        const status = Number(p.user_id) === this.bot.id ? c.botStatus : 'member';
        return { status, user: { id: Number(p.user_id), is_bot: Number(p.user_id) === this.bot.id, first_name: 'x' } };
      }
      case 'getChatAdministrators': {
        const c = this.target(p);
        return c.botStatus === 'administrator' ? [{ status: 'administrator', user: this.bot }] : [];
      }
      case 'leaveChat':
        this.target(p).botStatus = 'left';
        return true;
      case 'createForumTopic': {
        const c = this.target(p);
        if (!c.chat.is_forum) throw new TgError(400, 'Bad Request: the chat is not a forum');
        const name = String(p.name ?? '');
        if (!name || name.length > 128) throw new TgError(400, 'Bad Request: TOPIC_TITLE_EMPTY');
        const created = this.store(c.chat.id, { from: this.bot, forum_topic_created: { name, icon_color: 7322096 } });
        created.message_thread_id = created.message_id;
        created.is_topic_message = true;
        c.topics.set(created.message_id, { name, closed: false, deleted: false, icon_color: 7322096 });
        return { message_thread_id: created.message_id, name, icon_color: 7322096 };
      }
      case 'editForumTopic':
      case 'closeForumTopic':
      case 'reopenForumTopic':
      case 'deleteForumTopic': {
        const c = this.target(p);
        const topic = c.topics.get(Number(p.message_thread_id));
        if (!topic || topic.deleted) throw new TgError(400, 'Bad Request: TOPIC_ID_INVALID');
        if (method === 'editForumTopic') topic.name = String(p.name ?? topic.name);
        if (method === 'closeForumTopic') {
          if (topic.closed) throw new TgError(400, 'Bad Request: TOPIC_NOT_MODIFIED');
          topic.closed = true;
        }
        if (method === 'reopenForumTopic') {
          if (!topic.closed) throw new TgError(400, 'Bad Request: TOPIC_NOT_MODIFIED');
          topic.closed = false;
        }
        if (method === 'deleteForumTopic') topic.deleted = true;
        return true;
      }
      case 'getFile': {
        const f = this.files.get(String(p.file_id));
        if (!f) throw new TgError(400, 'Bad Request: invalid file_id');
        return { file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: f.bytes.length, file_path: f.path };
      }
      default:
        if (MEDIA[method]) return this.sendMedia(method, p);
        throw new TgError(404, 'Not Found: method not found');
    }
  }

  private async getUpdates(p: Record<string, any>, req: IncomingMessage): Promise<TgUpdate[]> {
    if (this.webhook) throw new TgError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(p.offset ?? 0);
    if (offset > 0) {
      this.updates = this.updates.filter((u) => u.update_id >= offset);
      this.confirmed = Math.max(this.confirmed, offset - 1);
    }
    const limit = Math.min(100, Number(p.limit ?? 100));
    const timeout = Number(p.timeout ?? 0);
    const available = () => this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
    if (this.pollWaiting) {
      this.stats.conflicts409++;
      this.pollWaiting.conflict();
    }
    let list = available();
    if (!list.length && timeout > 0) {
      let conflicted = false;
      await new Promise<void>((resolve) => {
        const me = {
          conflict: () => {
            conflicted = true;
            done();
          },
        };
        const done = () => {
          clearTimeout(timer);
          req.socket.off('close', done);
          if (this.pollWaiting === me) this.pollWaiting = null;
          resolve();
        };
        const timer = setTimeout(done, timeout * 1000);
        req.socket.once('close', done);
        this.pollWaiting = me;
        this.waiters.push(done);
      });
      if (conflicted) throw new TgError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
      list = available();
    }
    return list;
  }

  /** the chat a bot call addresses, with Telegram's refusals */
  target(p: Record<string, any>): ChatState {
    const id = Number(p.chat_id);
    const c = this.chats.get(id);
    if (!c) throw new TgError(400, 'Bad Request: chat not found');
    if (c.migratedTo) throw new TgError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: c.migratedTo });
    if (c.blocked) throw new TgError(403, 'Forbidden: bot was blocked by the user');
    if (c.chat.type !== 'private' && (c.botStatus === 'left' || c.botStatus === 'kicked'))
      throw new TgError(403, 'Forbidden: bot is not a member of the supergroup chat');
    return c;
  }

  private common(c: ChatState, p: Record<string, any>): Partial<TgMessage> {
    const out: Partial<TgMessage> = { from: this.bot };
    if (p.reply_markup) out.reply_markup = typeof p.reply_markup === 'string' ? safeJson(p.reply_markup) : p.reply_markup;
    checkUrlButtons(out.reply_markup);
    const thread = p.message_thread_id !== undefined && p.message_thread_id !== null ? Number(p.message_thread_id) : undefined;
    if (thread !== undefined && c.chat.is_forum) {
      const topic = c.topics.get(thread);
      if (!topic || topic.deleted) throw new TgError(400, 'Bad Request: message thread not found');
      if (topic.closed) throw new TgError(400, 'Bad Request: TOPIC_CLOSED');
      out.message_thread_id = thread;
      out.is_topic_message = true;
    }
    const rp = typeof p.reply_parameters === 'string' ? safeJson(p.reply_parameters) : p.reply_parameters;
    const replyId = rp?.message_id ?? p.reply_to_message_id;
    if (replyId !== undefined) {
      const to = c.messages.find((m) => m.message_id === Number(replyId));
      if (!to && !rp?.allow_sending_without_reply) throw new TgError(400, 'Bad Request: message to be replied not found');
      if (to) out.reply_to_message = { ...to, reply_to_message: undefined };
    }
    return out;
  }

  private sendCommon(p: Record<string, any>, fields: Partial<TgMessage>): TgMessage {
    const c = this.target(p);
    const msg = this.store(c.chat.id, { ...this.common(c, p), ...fields });
    this.emit('message', msg);
    return msg;
  }

  private sendMessage(p: Record<string, any>): TgMessage {
    const text = String(p.text ?? '');
    const shown = visible(text, p.parse_mode);
    if (!shown.trim()) throw new TgError(400, 'Bad Request: message text is empty');
    if (shown.length > 4096) throw new TgError(400, 'Bad Request: message is too long');
    return this.sendCommon(p, { text: shown, parse_mode: p.parse_mode });
  }

  private caption(p: Record<string, any>): Partial<TgMessage> {
    if (p.caption === undefined || p.caption === null || p.caption === '') return {};
    const shown = visible(String(p.caption), p.parse_mode);
    if (shown.length > 1024) throw new TgError(400, 'Bad Request: message caption is too long');
    return { caption: shown, parse_mode: p.parse_mode };
  }

  /** a file id for an upload, or the given file id when it is one the fake knows or looks like one */
  fileFrom(v: unknown, name = 'file'): string {
    checkFileValue(v);
    if (isUpload(v)) {
      const id = `F${++this.fileSeq}x${Date.now().toString(36)}`;
      this.files.set(id, { bytes: v.upload, path: `files/${id}/${v.filename ?? name}` });
      if (v.multipart) this.uploads.push({ fileId: id, fileName: v.filename ?? name, size: v.upload.length });
      return id;
    }
    const id = String(v ?? '');
    if (!id) throw new TgError(400, 'Bad Request: there is no file in the request');
    if (!this.files.has(id)) this.files.set(id, { bytes: Buffer.from(`content of ${id}`), path: `files/${id}/${name}` });
    return id;
  }

  mediaFields(kind: keyof TgMessage, fileId: string, extra: Record<string, any> = {}): Partial<TgMessage> {
    const base = { file_id: fileId, file_unique_id: `u${fileId}` };
    switch (kind) {
      case 'photo':
        return {
          photo: [
            { ...base, width: 90, height: 90 },
            { ...base, width: 800, height: 800 },
          ],
        };
      case 'document':
        return { document: { ...base, file_name: extra.file_name ?? 'file.pdf', mime_type: extra.mime_type ?? 'application/pdf' } };
      case 'voice':
        return { voice: { ...base, duration: 3 } };
      case 'audio':
        return { audio: { ...base, duration: 3 } };
      case 'video':
        return { video: { ...base, width: 640, height: 360, duration: 5 } };
      case 'animation':
        return { animation: { ...base, width: 320, height: 240, duration: 2 } };
      case 'sticker':
        return { sticker: { ...base, width: 512, height: 512, is_animated: false, is_video: false, type: 'regular' } };
      case 'video_note':
        return { video_note: { ...base, length: 240, duration: 4 } };
      default:
        return {};
    }
  }

  private sendMedia(method: string, p: Record<string, any>): TgMessage {
    const kind = MEDIA[method]!;
    const fileId = this.fileFrom(p[kind]);
    return this.sendCommon(p, {
      ...(kind === 'sticker' || kind === 'video_note' ? {} : this.caption(p)),
      ...this.mediaFields(kind, fileId, kind === 'document' ? docInfo(p[kind]) : {}),
    });
  }

  private sendMediaGroup(p: Record<string, any>): TgMessage[] {
    const media = checkAlbum(typeof p.media === 'string' ? safeJson(p.media) : p.media);
    this.target(p);
    const group = `mg${Date.now().toString(36)}${++this.fileSeq}`;
    return media.map((m) => {
      const kind = m.type as keyof TgMessage;
      return this.sendCommon(p, {
        ...this.caption(m),
        ...this.mediaFields(kind, this.fileFrom(m.media), kind === 'document' ? docInfo(m.media) : {}),
        media_group_id: group,
      });
    });
  }

  private copyMessage(p: Record<string, any>, forward = false): TgMessage | { message_id: number } {
    const from = this.chats.get(Number(p.from_chat_id));
    if (!from) throw new TgError(400, 'Bad Request: chat not found');
    const src = from.messages.find((m) => m.message_id === Number(p.message_id));
    if (!src) throw new TgError(400, 'Bad Request: message to copy not found');
    // a copy is a message of its own: not in the source's album
    const {
      message_id: _id,
      date: _d,
      chat: _c,
      from: _f,
      reply_to_message: _r,
      message_thread_id: _t,
      is_topic_message: _i,
      reply_markup: _m,
      media_group_id: _g,
      ...content
    } = src;
    const fields: Partial<TgMessage> = { ...content };
    if (!forward && p.caption !== undefined) Object.assign(fields, this.caption(p));
    const msg = this.sendCommon(p, fields);
    return forward ? msg : { message_id: msg.message_id };
  }

  private edit(p: Record<string, any>, apply: (m: TgMessage) => void): TgMessage {
    const c = this.target(p);
    const m = c.messages.find((x) => x.message_id === Number(p.message_id));
    if (!m) throw new TgError(400, 'Bad Request: message to edit not found');
    if (p.reply_markup && typeof p.reply_markup === 'string') p.reply_markup = safeJson(p.reply_markup);
    checkUrlButtons(p.reply_markup);
    checkEditable(m, this.bot.id);
    apply(m);
    m.edit_date = Math.floor(Date.now() / 1000);
    this.emit('edit', m);
    return m;
  }

  /** resolves with the first bot message in a chat whose id is above `after` and that matches */
  waitForIn(chatId: number, match: (m: TgMessage) => boolean, timeoutMs = 5000, after = 0): Promise<TgMessage> {
    const find = () => this.chats.get(chatId)?.messages.find((m) => m.from?.id === this.bot.id && m.message_id > after && match(m));
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = find();
        if (m) {
          cleanup();
          resolve(m);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = (this.chats.get(chatId)?.messages ?? []).slice(-5).map((m) => m.text ?? m.caption ?? Object.keys(m).join(','));
        reject(new Error(`no matching bot message in chat ${chatId} within ${timeoutMs} ms; last: ${JSON.stringify(seen)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('message', check);
        this.off('edit', check);
      };
      this.on('message', check);
      this.on('edit', check);
    });
  }

  /** resolves when `predicate` holds (checked after every bot call) */
  waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const poll = setInterval(check, 20);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.off('call', check);
      };
      this.on('call', check);
    });
  }

  ackedUpTo(): number {
    return this.confirmed;
  }

  /** the id of the last update pushed (0 before any) */
  lastUpdateId(): number {
    return this.nextUpdateId - 1;
  }

  /** resolves when the bot has answered the callback query `id` (the press was handled) */
  callbackAnswered(id: string, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.calls.some((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id), timeoutMs);
  }
}

/** the name and type of an uploaded document (what Telegram reads from the multipart part) */
function docInfo(v: unknown): Record<string, string> {
  if (!isUpload(v) || !v.filename) return {};
  const ext = v.filename.split('.').pop()?.toLowerCase() ?? '';
  const types: Record<string, string> = { pdf: 'application/pdf', txt: 'text/plain', jpg: 'image/jpeg', png: 'image/png', zip: 'application/zip' };
  return { file_name: v.filename, mime_type: types[ext] ?? 'application/octet-stream' };
}

function notModified() {
  return new TgError(
    400,
    'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  );
}

function safeJson(s: string): any {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** a small multipart/form-data reader (grammY's uploads) */
function parseMultipart(body: Buffer, boundary: string): { name: string; filename?: string; data: Buffer }[] {
  const out: { name: string; filename?: string; data: Buffer }[] = [];
  if (!boundary) return out;
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  while (pos >= 0) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next < 0) break;
    const chunk = body.subarray(start + 2, next - 2); // skip CRLF after the boundary and before the next
    const headEnd = chunk.indexOf('\r\n\r\n');
    const head = chunk.subarray(0, headEnd).toString('utf8');
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="?([^";\r\n]*)"?/.exec(head)?.[1];
    out.push({ name, filename, data: Buffer.from(chunk.subarray(headEnd + 4)) });
    pos = next;
  }
  return out;
}
