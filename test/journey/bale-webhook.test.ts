/**
 * Issue 20, webhooks: with BOT_MODE=webhook one process registers both bots, each at its own path —
 * Telegram at /telegram/webhook (secret header), Bale at /bale/webhook/<secret> (the secret in the path,
 * as Bale is not assumed to send Telegram's header) — and an update posted to each reaches its own bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Requester, RequesterChannel } from '../../core/entities/people.ts';
import { t } from '../../core/i18n/index.ts';
import { FakeTelegram } from '../fake-telegram/index.ts';
import { FakeBale } from '../fake-telegram/bale.ts';
import { freePort } from '../support/ports.ts';
import { startTestSystem, type SystemHarness } from '../support/system.ts';

const SECRET = 'webhook-secret-0123456789';

describe.each(['mariadb', 'sqlite'] as const)('two bots on webhooks on %s', (database) => {
  let telegram: FakeTelegram;
  let bale: FakeBale;
  let h: SystemHarness;
  let port: number;

  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
    bale = await new FakeBale().start();
    port = await freePort();
    h = await startTestSystem({
      apiRoot: telegram.apiRoot,
      database,
      env: {
        BOT_MODE: 'webhook',
        PORT: String(port),
        WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
        WEBHOOK_SECRET: SECRET,
        BALE_BOT_TOKEN: '654321:BALETESTTOKENxxxxxxxxxxxxxxxxxx',
        BALE_API_ROOT: bale.apiRoot,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await telegram?.stop();
    await bale?.stop();
  });

  it('each bot is registered at its own path and answers its own users', async () => {
    expect(telegram.webhook).toEqual({ url: `http://127.0.0.1:${port}/telegram/webhook`, secret: SECRET });
    expect(bale.webhook?.url).toBe(`http://127.0.0.1:${port}/bale/webhook/${SECRET}`);
    expect(bale.webhook?.secret).toBeUndefined();

    const onBale = bale.user({ first_name: 'Bale user', language_code: 'fa' });
    const onTelegram = telegram.user({ first_name: 'Telegram user', language_code: 'fa' });
    const baleAnswer = onBale.next(() => true, 10_000);
    const telegramAnswer = onTelegram.next(() => true, 10_000);
    onBale.command('start');
    onTelegram.command('start');
    const [fromBale, fromTelegram] = await Promise.all([baleAnswer, telegramAnswer]);
    expect(fromBale.from?.id).toBe(bale.bot.id);
    expect(fromTelegram.from?.id).toBe(telegram.bot.id);
    expect(telegram.chats.has(onBale.id)).toBe(false);
    expect(bale.chats.has(onTelegram.id)).toBe(false);
    // the Bale user's requester row, if /start made one already, is Bale's
    const rows = await h.db.ds.getRepository(RequesterChannel).findBy({ userId: onBale.id });
    expect(rows.every((r) => r.channel === 'bale')).toBe(true);

    // a wrong secret in Bale's path is refused
    const res = await fetch(`http://127.0.0.1:${port}/bale/webhook/wrong`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
  }, 30_000);

  it('a Bale user and a Telegram user with the same id are two people: each answered in his own chat, two requesters', async () => {
    const id = 7_300_000_000 + Math.floor(Math.random() * 1_000_000);
    const onBale = bale.user({ id, first_name: 'Bale twin', language_code: 'fa' });
    const onTelegram = telegram.user({ id, first_name: 'Telegram twin', language_code: 'fa' });
    const hasLanguageButtons = (m: { reply_markup?: unknown }) => JSON.stringify(m.reply_markup ?? '').includes('lang:en');
    const baleChoice = onBale.next(hasLanguageButtons, 10_000);
    const telegramChoice = onTelegram.next(hasLanguageButtons, 10_000);
    onBale.command('language');
    onTelegram.command('language');
    const [baleKb, telegramKb] = await Promise.all([baleChoice, telegramChoice]);
    // at once, one English and one Persian: each press is taken on its own channel
    const saved = (user: typeof onBale, locale: 'fa' | 'en') =>
      user.next(
        (m) =>
          (m.text ?? '').includes(
            t(locale, 'language-saved')
              .replace(/<[^>]+>/g, '')
              .slice(0, 12),
          ),
        10_000,
      );
    const baleSaved = saved(onBale, 'en');
    const telegramSaved = saved(onTelegram, 'fa');
    onBale.press(baleKb, 'lang:en');
    onTelegram.press(telegramKb, 'lang:fa');
    const [a, b] = await Promise.all([baleSaved, telegramSaved]);
    expect(a.from?.id).toBe(bale.bot.id);
    expect(b.from?.id).toBe(telegram.bot.id);
    const accounts = await h.db.ds.getRepository(RequesterChannel).find({ where: { userId: id }, order: { channel: 'ASC' } });
    const rows = await Promise.all(
      accounts.map(async (a) => ({ channel: a.channel, locale: (await h.db.ds.getRepository(Requester).findOneByOrFail({ id: a.requesterId })).locale })),
    );
    expect(rows.map((r) => [r.channel, r.locale])).toEqual([
      ['bale', 'en'],
      ['telegram', 'fa'],
    ]);
  }, 30_000);
});
