/** The fake Bot API driven by a real grammY bot: updates, buttons, contacts, forums, errors, limits, webhooks. */
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from './index.ts';

const TOKEN = '123:fakefakefakefakefakefakefake';

describe('fake Telegram with a real grammY bot', () => {
  let fake: FakeTelegram;
  let bot: Bot;
  const seen: string[] = [];

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    bot.command('start', (ctx) =>
      ctx.reply('<b>خوش آمدید</b> &amp; welcome', {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text('فارسی', 'lang:fa').text('English', 'lang:en'),
      }),
    );
    bot.callbackQuery(/^lang:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(`chosen ${ctx.match[1]}`);
    });
    bot.on('message:contact', (ctx) => ctx.reply(ctx.message.contact.user_id === ctx.from.id ? 'own' : 'foreign'));
    bot.on('message:photo', (ctx) => ctx.reply(`photo ${ctx.message.photo.at(-1)!.file_id}`));
    bot.on('edited_message', (ctx) => ctx.reply(`edited to ${ctx.editedMessage.text}`));
    bot.on('message:text', (ctx) => {
      seen.push(ctx.message.text);
    });
    void bot.start({ drop_pending_updates: false });
    await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });
  afterEach(() => {
    fake.limits = { enabled: false, timeScale: 1 };
  });

  it('delivers /start and records the HTML reply as the user sees it; a button press edits it', async () => {
    const u = fake.user({ first_name: 'Ali', language_code: 'fa' });
    u.command('start');
    const m = await u.next();
    expect(m.text).toBe('خوش آمدید & welcome');
    u.press(m, 'English');
    await fake.waitForIn(u.id, (x) => x.text === 'chosen en', 3000);
    expect(u.inbox).toHaveLength(1);
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(1);
  });

  it('tells own and foreign contacts apart, and handles photos and edits', async () => {
    const u = fake.user({ first_name: 'Sara' });
    u.shareContact();
    expect((await u.next()).text).toBe('own');
    u.shareContact({ user_id: 42 });
    expect((await u.next()).text).toBe('foreign');
    u.photo({ caption: 'x' });
    expect((await u.next()).text).toMatch(/^photo F/);
    const said = u.send('one');
    await fake.waitFor(() => seen.includes('one'));
    u.edit(said, 'two');
    expect((await u.next()).text).toBe('edited to two');
  });

  it('answers like Telegram: bad HTML, too long, chat not found, blocked, unknown method', async () => {
    const u = fake.user({ first_name: 'E' });
    await expect(bot.api.sendMessage(u.id, '<b>open', { parse_mode: 'HTML' })).rejects.toThrow(/can't parse entities/);
    await expect(bot.api.sendMessage(u.id, 'x'.repeat(4097))).rejects.toThrow(/too long/);
    await bot.api.sendMessage(u.id, '&amp;'.repeat(4096), { parse_mode: 'HTML' }); // 4096 visible characters
    await expect(bot.api.sendMessage(424242, 'x')).rejects.toThrow(/chat not found/);
    u.block();
    const err = (await bot.api.sendMessage(u.id, 'x').catch((e) => e)) as GrammyError;
    expect(err.error_code).toBe(403);
    await expect(bot.api.raw.sendPhoto({ chat_id: u.id, photo: 'x', caption: 'c'.repeat(1025) } as never)).rejects.toThrow();
  });

  it('forum topics: create, send in a thread, deleted topic gives "message thread not found"', async () => {
    const g = fake.group({ title: 'desk', forum: true });
    g.addBot({ admin: true });
    const topic = await bot.api.createForumTopic(g.id, '#1001 · زعفران');
    const sent = await bot.api.sendMessage(g.id, 'card', { message_thread_id: topic.message_thread_id });
    expect(sent.message_thread_id).toBe(topic.message_thread_id);
    g.deleteTopic(topic.message_thread_id);
    await expect(bot.api.sendMessage(g.id, 'again', { message_thread_id: topic.message_thread_id })).rejects.toThrow(/message thread not found/);
    const plain = fake.group({ title: 'plain' });
    plain.addBot({ admin: true });
    await expect(bot.api.createForumTopic(plain.id, 'x')).rejects.toThrow(/not a forum/);
  });

  it('a migrated group refuses sends with migrate_to_chat_id', async () => {
    const g = fake.group({ title: 'old' });
    g.addBot({ admin: true });
    const next = g.migrateToSupergroup();
    const err = (await bot.api.sendMessage(g.id, 'x').catch((e) => e)) as GrammyError;
    expect(err.parameters.migrate_to_chat_id).toBe(next.id);
    await bot.api.sendMessage(next.id, 'hello');
    expect(next.botMessages().map((m) => m.text)).toEqual(['hello']);
  });

  it('limits: a private chat gets 429 with retry_after, auto-retry honours it', async () => {
    fake.limits = { enabled: true, timeScale: 0.2 };
    fake.reset();
    const u = fake.user({ first_name: 'L' });
    const retrying = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    retrying.api.config.use(autoRetry());
    for (let i = 0; i < 8; i++) await retrying.api.sendMessage(u.id, `m${i}`);
    expect(u.inbox.map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(fake.stats.r429).toBeGreaterThan(0);
    expect(fake.stats.unhonoured429).toBe(0);
    // a client that ignores retry_after is counted
    const raw = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => raw.api.sendMessage(u.id, `r${i}`)));
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
    await raw.api.sendMessage(u.id, 'too soon').catch(() => {});
    expect(fake.stats.unhonoured429).toBeGreaterThan(0);
  });

  it('groups: 20 a minute (time-scaled)', async () => {
    fake.limits = { enabled: true, timeScale: 0.02 }; // 20 per 1.2 s
    const g = fake.group({ title: 'busy' });
    g.addBot({ admin: true });
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => bot.api.sendMessage(g.id, `c${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    const e = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as GrammyError;
    expect(e.error_code).toBe(429);
    expect(e.parameters.retry_after).toBeGreaterThan(0);
  });

  it('uploads by multipart, serves getFile, copies messages', async () => {
    const u = fake.user({ first_name: 'M' });
    const m = await bot.api.sendDocument(u.id, new InputFile(Buffer.from('hello file'), 'a.txt'), { caption: 'doc' });
    const f = await bot.api.getFile(m.document!.file_id);
    const body = await (await fetch(`${fake.apiRoot}/file/bot${TOKEN}/${f.file_path}`)).text();
    expect(body).toBe('hello file');
    const g = fake.group({ title: 'copy' });
    g.addBot({ admin: true });
    const c = await bot.api.copyMessage(g.id, u.id, m.message_id);
    expect(g.messages.find((x) => x.message_id === c.message_id)?.document?.file_id).toBe(m.document!.file_id);
  });

  it('injected faults and dropped connections', async () => {
    const u = fake.user({ first_name: 'F' });
    fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway' });
    await expect(bot.api.sendMessage(u.id, 'x')).rejects.toThrow(/Bad Gateway/);
    fake.dropConnections(1);
    await expect(bot.api.sendMessage(u.id, 'y')).rejects.toThrow();
    await bot.api.sendMessage(u.id, 'z');
    expect(u.inbox.map((x) => x.text)).toEqual(['z']);
  });
});

describe('webhook delivery', () => {
  it('posts updates with the secret header; a duplicated update arrives twice', async () => {
    const fake = await new FakeTelegram().start();
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    const got: number[] = [];
    bot.on('message', (ctx) => void got.push(ctx.update.update_id));
    await bot.init();
    const app = new Hono();
    app.post('/hook', webhookCallback(bot, 'hono', { secretToken: 's3cret' }));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    await bot.api.setWebhook(`http://127.0.0.1:${port}/hook`, { secret_token: 's3cret' });
    const u = fake.user({ first_name: 'W' });
    fake.duplicateNextUpdate();
    u.send('via webhook');
    const start = Date.now();
    while (got.length < 2 && Date.now() - start < 3000) await new Promise((r) => setTimeout(r, 20));
    expect(got).toHaveLength(2);
    expect(got[0]).toBe(got[1]);
    await bot.api.setWebhook(`http://127.0.0.1:${port}/hook`, { secret_token: 'wrong' });
    u.send('refused');
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(2);
    server.close();
    await fake.stop();
  });
});
