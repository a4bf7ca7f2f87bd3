import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberType, Requester, RequesterChannel } from '../../core/entities/people.ts';
import { ForbiddenError, NotFoundError } from '../../core/services/errors.ts';
import {
  blockRequester,
  findByTelegramId,
  isRegistered,
  listRequesters,
  register,
  setLocale,
  setReachable,
  unblockRequester,
  updateProfile,
  upsertFromTelegram,
} from '../../core/services/requesters.ts';
import { TestClock, testContext } from '../support/context.ts';
import type { TestDatabase } from '../support/db.ts';
import { auditRows, DATABASES, fieldErrors, inChildProcesses, makeStaff } from './org-support.ts';
import { accountOfUser } from '../support/requesters.ts';

describe.each(DATABASES)('requesters on %s', (_name, make) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  const clock = new TestClock(new Date('2026-12-05T06:00:00Z'));
  let farmer: MemberType;
  let retired: MemberType;
  beforeAll(async () => {
    db = await make();
    ctx = testContext(db.ds, clock);
    const repo = db.ds.getRepository(MemberType);
    farmer = await repo.save(repo.create({ code: 'farmer', nameFa: 'کشاورز', nameEn: 'Farmer' }));
    retired = await repo.save(repo.create({ code: 'old', nameFa: 'قدیمی', nameEn: 'Old', active: false }));
  });
  afterAll(async () => db?.close());

  it('first contact creates the requester with a placeholder name; later updates keep it current', async () => {
    const r = await upsertFromTelegram(ctx, { telegramId: 7_100_000_001, firstName: 'علي', lastName: 'رضايي', username: 'ali_r', languageCode: 'fa' });
    expect(r).toMatchObject({ fullName: 'علی رضایی', phone: null, registeredAt: null });
    expect(await accountOfUser(db.ds.manager, 7_100_000_001)).toMatchObject({
      requesterId: r.id,
      channel: 'telegram',
      chatId: 7_100_000_001,
      username: 'ali_r',
      reachable: true,
    });
    expect(isRegistered(r)).toBe(false);
    const again = await upsertFromTelegram(ctx, { telegramId: 7_100_000_001, firstName: 'علی', username: null });
    expect(again.id).toBe(r.id);
    expect((await accountOfUser(db.ds.manager, 7_100_000_001))!.username).toBeNull();
    expect(again.fullName).toBe('علی');
    expect(await db.ds.getRepository(Requester).count()).toBe(1);
  });

  it('concurrent first updates of one user in one process make one row', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => upsertFromTelegram(ctx, { telegramId: 7_100_000_098, firstName: 'Sara' })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await db.ds.getRepository(RequesterChannel).countBy({ userId: 7_100_000_098 })).toBe(1);
    await db.ds.getRepository(Requester).delete({ id: results[0]!.id });
    await db.ds.getRepository(RequesterChannel).delete({ userId: 7_100_000_098 });
  });

  it('concurrent first updates of one user from separate processes make one row', async () => {
    const results = await inChildProcesses(db, 3, { op: 'upsert', telegramId: 7_100_000_099 });
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toMatch(/^id:\d+$/);
    expect(await db.ds.getRepository(RequesterChannel).countBy({ userId: 7_100_000_099 })).toBe(1);
  }, 60_000);

  it('registration normalises the phone: Persian digits, +98, 0098, spaces all give +989121234567', async () => {
    const variants = ['۰۹۱۲۱۲۳۴۵۶۷', '09121234567', '+98 912 123 4567', '00989121234567', '989121234567', '٠٩١٢١٢٣٤٥٦٧'];
    for (const [i, phone] of variants.entries()) {
      const r = await register(ctx, 7_200_000_000 + i, { phone, fullName: '  مريم   كاظمی ', memberTypeId: farmer.id, locale: 'fa' });
      expect(r.phone).toBe('+989121234567');
      expect(r.fullName).toBe('مریم کاظمی');
      expect(r.nameKey).toBe('مریم کاظمی');
      expect(r.registeredAt?.toISOString()).toBe('2026-12-05T06:00:00.000Z');
      expect(isRegistered(r)).toBe(true);
    }
  });

  it('a landline, a foreign number, a short name or an inactive member type are refused by field', async () => {
    expect(await fieldErrors(register(ctx, 7_300_000_001, { phone: '02188776655', fullName: 'علی رضایی', memberTypeId: farmer.id }))).toEqual({
      phone: 'invalid_phone',
    });
    expect(await fieldErrors(register(ctx, 7_300_000_001, { phone: '+14155552671', fullName: 'ع', memberTypeId: farmer.id }))).toEqual({
      phone: 'invalid_phone',
      fullName: 'too_short',
    });
    expect(await fieldErrors(register(ctx, 7_300_000_001, { phone: '09121234567', fullName: 'علی رضایی', memberTypeId: retired.id }))).toEqual({
      memberTypeId: 'not_found',
    });
    expect(await fieldErrors(register(ctx, 7_300_000_001, { phone: '09121234567', fullName: 'علی رضایی' } as never))).toEqual({ memberTypeId: 'required' });
    expect(await findByTelegramId(ctx, 7_300_000_001)).toBeNull();
  });

  it('a registered name is not overwritten by Telegram; the profile, locale and reachability change', async () => {
    const tid = 7_200_000_000;
    const registeredAt = (await findByTelegramId(ctx, tid))!.registeredAt;
    await upsertFromTelegram(ctx, { telegramId: tid, firstName: 'Maryam' });
    expect((await findByTelegramId(ctx, tid))!.fullName).toBe('مریم کاظمی');
    clock.advance(60_000);
    const r = await updateProfile(ctx, tid, { phone: '0935 111 2233', fullName: 'مریم کاظمی‌نژاد' });
    expect(r.phone).toBe('+989351112233');
    expect(r.nameKey).toBe('مریم کاظمینژاد');
    expect(r.registeredAt).toEqual(registeredAt);
    expect(await fieldErrors(updateProfile(ctx, tid, { phone: '021 1234' }))).toEqual({ phone: 'invalid_phone' });
    await setLocale(ctx, tid, 'en');
    expect((await findByTelegramId(ctx, tid))!.locale).toBe('en');
    await expect(setLocale(ctx, 1, 'en')).rejects.toBeInstanceOf(NotFoundError);
    await setReachable(ctx, tid, false);
    expect((await accountOfUser(db.ds.manager, tid))!.reachable).toBe(false);
    await upsertFromTelegram(ctx, { telegramId: tid, firstName: 'x' });
    expect((await accountOfUser(db.ds.manager, tid))!.reachable).toBe(true);
  });

  it('block and unblock: supervisors and admins, audited; agents may not', async () => {
    const admin = await makeStaff(db.ds, 'admin');
    const agent = await makeStaff(db.ds, 'agent');
    const r = (await findByTelegramId(ctx, 7_200_000_001))!;
    await expect(blockRequester(ctx, agent.id, r.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await blockRequester(ctx, { staffId: admin.id, ip: '1.2.3.4' }, r.id)).blocked).toBe(true);
    expect((await findByTelegramId(ctx, 7_200_000_001))!.blocked).toBe(true);
    await blockRequester(ctx, admin.id, r.id); // no change, no audit row
    await unblockRequester(ctx, admin.id, r.id);
    const rows = await auditRows(db.ds, { entity: 'requester' });
    expect(rows.map((a) => [a.action, a.entityId, a.ip])).toEqual([
      ['block', String(r.id), '1.2.3.4'],
      ['unblock', String(r.id), ''],
    ]);
  });

  it('lists newest first with keyset pages and searches phone, name, username and id', async () => {
    const all = await listRequesters(ctx, { limit: 100 });
    const total = await db.ds.getRepository(Requester).count();
    expect(all.items.length).toBe(total);
    const pages: number[] = [];
    let cursor: number | null = null;
    do {
      const page: { items: Requester[]; nextCursor: number | null } = await listRequesters(ctx, { limit: 3, cursor });
      pages.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.items.map((r) => r.id));
    expect(pages).toEqual([...pages].sort((a, b) => b - a));

    const byPhone = await listRequesters(ctx, { query: '۰۹۱۲ ۱۲۳ ۴۵۶۷' });
    expect(byPhone.items.length).toBe(5); // the sixth changed his phone
    expect((await listRequesters(ctx, { query: '+98935' })).items.length).toBe(1);
    expect((await listRequesters(ctx, { query: '4567' })).items.length).toBe(5);
    expect((await listRequesters(ctx, { query: 'مريم كاظمي' })).items.length).toBe(6);
    expect((await listRequesters(ctx, { query: 'کاظمی‌نژاد' })).items.length).toBe(1);
    const userIds = async (rows: Requester[]) =>
      Promise.all(rows.map(async (r) => (await db.ds.getRepository(RequesterChannel).findOneByOrFail({ requesterId: r.id })).userId));
    expect(await userIds((await listRequesters(ctx, { query: '@ali' })).items)).toEqual([]);
    await upsertFromTelegram(ctx, { telegramId: 7_100_000_001, firstName: 'علی', username: 'ali_r' });
    expect(await userIds((await listRequesters(ctx, { query: '@ali' })).items)).toEqual([7_100_000_001]);
    expect(await userIds((await listRequesters(ctx, { query: '7100000099' })).items)).toEqual([7_100_000_099]);
    expect((await listRequesters(ctx, { query: '100%' })).items).toEqual([]);
    expect((await listRequesters(ctx, { registered: false })).items.length).toBe(2);
    expect((await listRequesters(ctx, { blocked: true })).items.length).toBe(0);
  });
});
