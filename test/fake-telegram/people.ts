/** Simulated people: a user in a private chat with the bot, and groups (plain or forum) where agents write. */
import { contentFields, type ContentKind } from './media.ts';
import type { FakeTelegramServer } from './server.ts';
import type { TgChat, TgMessage, TgUser } from './types.ts';

let nextUserId = 7_000_000_001;
let nextGroupId = 1_000_000_001;

type Match = (m: TgMessage) => boolean;

function entitiesFor(text: string) {
  const m = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
  return m ? [{ type: 'bot_command', offset: 0, length: m[0].length }] : undefined;
}

export function buttons(m: TgMessage): { text: string; callback_data?: string; url?: string }[] {
  return (m.reply_markup?.inline_keyboard ?? []).flat();
}

/** the inline button whose text or callback data equals (or, for text, contains) `label` */
export function button(m: TgMessage, label: string) {
  const all = buttons(m);
  return all.find((b) => b.callback_data === label) ?? all.find((b) => b.text === label) ?? all.find((b) => b.text.includes(label));
}

export class FakeUser {
  readonly user: TgUser;
  readonly chat: TgChat;
  constructor(
    private fake: FakeTelegramServer,
    init: Partial<TgUser> & { first_name: string },
  ) {
    this.user = { id: init.id ?? nextUserId++, is_bot: false, ...init };
    this.chat = { id: this.user.id, type: 'private', first_name: this.user.first_name, username: this.user.username };
    fake.ensureChat(this.chat);
  }

  get id() {
    return this.user.id;
  }

  /** everything in the private chat, both ways, in order */
  get messages(): TgMessage[] {
    return this.fake.chats.get(this.id)!.messages;
  }
  /** the bot's messages in the private chat */
  get inbox(): TgMessage[] {
    return this.messages.filter((m) => m.from?.id === this.fake.bot.id);
  }
  lastMessage(): TgMessage | undefined {
    return this.inbox.at(-1);
  }
  /** the bot's texts and captions, for quick assertions */
  texts(): string[] {
    return this.inbox.map((m) => m.text ?? m.caption ?? '');
  }

  private post(fields: Partial<TgMessage>, kind: 'message' | 'edited_message' = 'message'): TgMessage {
    const msg = this.fake.store(this.id, { from: this.user, ...fields });
    this.fake.pushUpdate(kind, msg);
    return msg;
  }

  /**
   * a message that exists in the chat (copyMessage finds it) but reaches the bot as no update: for tests that
   * open a ticket with it through the core directly, without the bot racing them on the same message
   */
  wrote(text: string): TgMessage {
    return this.fake.store(this.id, { from: this.user, text, entities: entitiesFor(text) });
  }

  send(text: string, opts: { replyTo?: TgMessage } = {}): TgMessage {
    return this.post({ text, entities: entitiesFor(text), ...(opts.replyTo ? { reply_to_message: opts.replyTo } : {}) });
  }
  command(name: string, payload?: string): TgMessage {
    return this.send(`/${name}${payload ? ` ${payload}` : ''}`);
  }
  reply(to: TgMessage, text: string): TgMessage {
    return this.send(text, { replyTo: to });
  }
  shareContact(opts: { phone_number?: string; user_id?: number; first_name?: string } = {}): TgMessage {
    return this.post({
      contact: {
        phone_number: opts.phone_number ?? '+989121234567',
        first_name: opts.first_name ?? this.user.first_name,
        user_id: 'user_id' in opts ? opts.user_id : this.id,
      },
    });
  }
  photo(opts: { caption?: string; replyTo?: TgMessage } = {}): TgMessage {
    const id = this.fake.fileFrom({ upload: Buffer.from('PHOTO') }, 'photo.jpg');
    return this.post({ ...this.fake.mediaFields('photo', id), caption: opts.caption, ...(opts.replyTo ? { reply_to_message: opts.replyTo } : {}) });
  }
  document(opts: { file_name?: string; mime_type?: string; caption?: string } = {}): TgMessage {
    const id = this.fake.fileFrom({ upload: Buffer.from('%PDF-1.4') }, opts.file_name ?? 'doc.pdf');
    return this.post({ ...this.fake.mediaFields('document', id, opts), caption: opts.caption });
  }
  voice(): TgMessage {
    return this.post(this.fake.mediaFields('voice', this.fake.fileFrom({ upload: Buffer.from('OGG') }, 'voice.ogg')));
  }
  video(opts: { caption?: string } = {}): TgMessage {
    return this.post({ ...this.fake.mediaFields('video', this.fake.fileFrom({ upload: Buffer.from('MP4') }, 'v.mp4')), caption: opts.caption });
  }
  sticker(): TgMessage {
    return this.post(this.fake.mediaFields('sticker', this.fake.fileFrom({ upload: Buffer.from('WEBP') }, 's.webp')));
  }
  location(latitude = 35.6892, longitude = 51.389): TgMessage {
    return this.post({ location: { latitude, longitude } });
  }
  /** a message with any kind of content (test/fake-telegram/media.ts) */
  media(kind: ContentKind, opts: { caption?: string; text?: string; replyTo?: TgMessage } = {}): TgMessage {
    return this.post({ ...contentFields(this.fake, kind, opts), ...(opts.replyTo ? { reply_to_message: opts.replyTo } : {}) });
  }
  /** an album: one update per item, sharing a media_group_id, the caption on the first item (or on item captionAt) */
  album(kinds: ContentKind[], opts: { caption?: string; captionAt?: number } = {}): TgMessage[] {
    const group = `ug${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    return kinds.map((k, i) => this.post({ ...contentFields(this.fake, k, i === (opts.captionAt ?? 0) ? opts : {}), media_group_id: group }));
  }
  /** the user edits one of his messages */
  edit(msg: TgMessage, text: string): TgMessage {
    msg.text = text;
    msg.edit_date = Math.floor(Date.now() / 1000);
    this.fake.pushUpdate('edited_message', { ...msg });
    return msg;
  }

  /** presses an inline button of a message the bot sent (by its text or callback data) */
  press(msg: TgMessage, label: string): string {
    const current = this.fake.chats.get(msg.chat.id)?.messages.find((m) => m.message_id === msg.message_id) ?? msg;
    const b = button(current, label);
    if (!b?.callback_data) throw new Error(`no button "${label}" on message ${msg.message_id}: ${JSON.stringify(buttons(current).map((x) => x.text))}`);
    return this.pressRaw(b.callback_data, current);
  }
  /** a callback query with any data (stale or forged buttons) */
  pressRaw(data: string, msg?: TgMessage): string {
    const id = `cq${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    this.fake.pushUpdate('callback_query', {
      id,
      from: this.user,
      chat_instance: `ci${this.id}`,
      data,
      ...(msg ? { message: msg } : {}),
    });
    return id;
  }
  inlineQuery(query: string): string {
    const id = `iq${Date.now().toString(36)}`;
    this.fake.pushUpdate('inline_query', { id, from: this.user, query, offset: '' });
    return id;
  }
  block(): void {
    this.fake.chats.get(this.id)!.blocked = true;
    this.memberUpdate('member', 'kicked');
  }
  unblock(): void {
    this.fake.chats.get(this.id)!.blocked = false;
    this.memberUpdate('kicked', 'member');
  }
  private memberUpdate(oldStatus: string, newStatus: string) {
    this.fake.pushUpdate('my_chat_member', {
      chat: this.chat,
      from: this.user,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: oldStatus, user: this.fake.bot },
      new_chat_member: { status: newStatus, user: this.fake.bot, ...(newStatus === 'kicked' ? { until_date: 0 } : {}) },
    });
  }

  // ----- in groups ----------------------------------------------------------------------------------
  sendIn(group: FakeGroup, text: string, opts: { threadId?: number; replyTo?: TgMessage } = {}): TgMessage {
    return group.post(this, { text, entities: entitiesFor(text) }, opts);
  }
  replyIn(group: FakeGroup, to: TgMessage, text: string): TgMessage {
    return this.sendIn(group, text, { replyTo: to, threadId: to.message_thread_id });
  }
  photoIn(group: FakeGroup, opts: { caption?: string; threadId?: number; replyTo?: TgMessage } = {}): TgMessage {
    const id = this.fake.fileFrom({ upload: Buffer.from('PHOTO') }, 'p.jpg');
    return group.post(this, { ...this.fake.mediaFields('photo', id), caption: opts.caption }, opts);
  }

  /** a message with any kind of content in a group (a topic, or a reply to a message there) */
  mediaIn(group: FakeGroup, kind: ContentKind, opts: { caption?: string; text?: string; threadId?: number; replyTo?: TgMessage } = {}): TgMessage {
    return group.post(this, contentFields(this.fake, kind, opts), opts);
  }
  /** an album in a group: one update per item with one media_group_id */
  albumIn(group: FakeGroup, kinds: ContentKind[], opts: { caption?: string; threadId?: number; replyTo?: TgMessage } = {}): TgMessage[] {
    const id = `ga${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    return kinds.map((k, i) => group.post(this, { ...contentFields(this.fake, k, i === 0 ? opts : {}), media_group_id: id }, opts));
  }

  /** resolves with the first bot message in this chat (already there after `after`, or arriving) that matches */
  waitForMessage(match: Match = () => true, timeoutMs = 5000, after = 0): Promise<TgMessage> {
    return this.fake.waitForIn(this.id, match, timeoutMs, after);
  }
  /** the next bot message after the ones already received */
  next(match: Match = () => true, timeoutMs = 5000): Promise<TgMessage> {
    const last = this.inbox.at(-1)?.message_id ?? 0;
    return this.waitForMessage(match, timeoutMs, last);
  }
}

export class FakeGroup {
  chat: TgChat;
  constructor(
    private fake: FakeTelegramServer,
    init: { title: string; forum?: boolean; supergroup?: boolean; id?: number },
  ) {
    const forum = init.forum ?? false;
    this.chat = {
      id: init.id ?? (forum || init.supergroup ? -(1_000_000_000_000 + nextGroupId++) : -nextGroupId++),
      type: forum || init.supergroup ? 'supergroup' : 'group',
      title: init.title,
      ...(forum ? { is_forum: true } : {}),
    };
    fake.ensureChat(this.chat);
  }

  get id() {
    return this.chat.id;
  }
  get state() {
    return this.fake.chats.get(this.id)!;
  }
  get messages(): TgMessage[] {
    return this.state.messages;
  }
  /** the bot's messages here (optionally in one topic) */
  botMessages(threadId?: number): TgMessage[] {
    return this.messages.filter((m) => m.from?.id === this.fake.bot.id && (threadId === undefined || m.message_thread_id === threadId));
  }
  get topics() {
    return this.state.topics;
  }

  post(from: FakeUser, fields: Partial<TgMessage>, opts: { threadId?: number; replyTo?: TgMessage } = {}): TgMessage {
    const thread = opts.threadId ?? opts.replyTo?.message_thread_id;
    const msg = this.fake.store(this.id, {
      from: from.user,
      ...fields,
      ...(thread && this.chat.is_forum ? { message_thread_id: thread, is_topic_message: true } : {}),
      ...(opts.replyTo ? { reply_to_message: opts.replyTo } : {}),
    });
    this.fake.pushUpdate('message', msg);
    return msg;
  }

  addBot(opts: { admin?: boolean; by?: FakeUser } = {}): void {
    const old = this.state.botStatus;
    this.state.botStatus = opts.admin ? 'administrator' : 'member';
    this.memberUpdate(old, this.state.botStatus, opts.by);
  }
  promoteBot(): void {
    this.addBot({ admin: true });
  }
  removeBot(by?: FakeUser): void {
    const old = this.state.botStatus;
    this.state.botStatus = 'kicked';
    this.memberUpdate(old, 'kicked', by);
  }
  private memberUpdate(oldStatus: string, newStatus: string, by?: FakeUser) {
    this.fake.pushUpdate('my_chat_member', {
      chat: this.chat,
      from: by?.user ?? { id: 1, is_bot: false, first_name: 'Owner' },
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: oldStatus, user: this.fake.bot },
      new_chat_member: { status: newStatus, user: this.fake.bot },
    });
  }

  /** upgrades the group: Telegram posts migrate_to_chat_id in the old chat and the old id refuses sends */
  migrateToSupergroup(): FakeGroup {
    const old = this.chat;
    const next = new FakeGroup(this.fake, { title: old.title ?? '', supergroup: true });
    next.state.botStatus = this.state.botStatus;
    const notice = this.fake.store(old.id, { from: { id: 1, is_bot: false, first_name: 'Owner' }, migrate_to_chat_id: next.id });
    this.fake.pushUpdate('message', notice);
    const first = this.fake.store(next.id, { from: { id: 1, is_bot: false, first_name: 'Owner' }, migrate_from_chat_id: old.id });
    this.fake.pushUpdate('message', first);
    this.state.migratedTo = next.id;
    return next;
  }

  /** someone deletes a forum topic: sends to it fail with "message thread not found" */
  deleteTopic(threadId: number): void {
    const t = this.state.topics.get(threadId);
    if (t) t.deleted = true;
  }

  waitForMessage(match: Match = () => true, timeoutMs = 5000, after = 0): Promise<TgMessage> {
    return this.fake.waitForIn(this.id, match, timeoutMs, after);
  }
}
