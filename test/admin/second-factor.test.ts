/**
 * Two-step verification of staff (issue 16 item 6) through the panel's routes, on both databases: a staff
 * member turns TOTP on from /account (QR code and key, a first code, recovery codes shown once); with it on,
 * the password alone gives no session; the code (made here from the secret, at the test clock's time) does,
 * once; a recovery code works once; admins required to enrol are sent to enrolment right after the password;
 * an admin resets another's factor; the login throttle covers the codes; the audit log has every step.
 */
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../admin/app.ts';
import { LoginThrottle } from '../../admin/security.ts';
import { createPanel } from '../../admin/panel.ts';
import { SESSION_COOKIE } from '../../admin/security.ts';
import { AuditEntry, StaffAccount, StaffRecoveryCode, StaffSession } from '../../core/entities/index.ts';
import { hashPassword } from '../../core/services/passwords.ts';
import { updateSettings } from '../../core/services/settings.ts';
import { DIALECTS, createTestDb, type TestDatabase } from '../support/db.ts';
import { testContext, TestClock } from '../support/context.ts';
import { seedBasics, type Basics } from '../support/fixtures.ts';
import { PanelClient } from './client.ts';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('second factor for staff on %s', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let app: ReturnType<typeof createApp>;
  let b: Basics;
  let recovery: string[] = [];

  const staffRow = (id: number) => db.ds.getRepository(StaffAccount).findOneByOrFail({ id });
  const audits = (action: string, entityId: number) => db.ds.getRepository(AuditEntry).countBy({ action, entity: 'staff', entityId: String(entityId) });
  const sessionsOf = (staffId: number) => db.ds.getRepository(StaffSession).countBy({ staffId });
  /** the code an authenticator app shows now (the test clock's time) */
  const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
  /** a fresh 30-second step, so the next code is not one already taken */
  const nextStep = () => clock.advance(30_000);

  async function passwordStep(username: string, application = app): Promise<{ client: PanelClient; res: Response }> {
    const client = new PanelClient(application);
    const { csrf } = await client.page('/login');
    const res = await client.post('/login', { _csrf: csrf, username, password: PASSWORD });
    return { client, res };
  }

  async function submitCode(client: PanelClient, path: '/login/code' | '/login/enrol', code: string): Promise<Response> {
    const { csrf } = await client.page(path);
    return client.post(path, { _csrf: csrf, code });
  }

  beforeAll(async () => {
    db = await createTestDb(dialect);
    clock = new TestClock(new Date('2026-12-05T06:30:00Z'));
    ctx = testContext(db.ds, clock);
    app = createApp({ core: ctx, log: ctx.log, readiness: {}, panel: createPanel({ core: ctx, log: ctx.log }) });
    b = await seedBasics(db.ds);
    const hash = await hashPassword(PASSWORD);
    for (const s of [b.admin, b.agentA1, b.supervisor]) await db.ds.getRepository(StaffAccount).update({ id: s.id }, { passwordHash: hash });
  }, 60_000);
  afterAll(async () => db?.close());

  it('an agent turns TOTP on from the account page: a QR code and the key, confirmed by a first code; recovery codes shown once', async () => {
    const { client, res } = await passwordStep(b.agentA1.username);
    expect(res.headers.get('location')).toBe('/tickets'); // no second factor yet
    const { csrf, html } = await client.page('/account');
    expect(html).toContain('action="/account/second-factor"');

    const started = await client.post('/account/second-factor', { _csrf: csrf });
    const page = await started.text();
    expect(page).toMatch(/<svg[^>]*>[\s\S]*<path/); // the QR code, drawn on the server
    const secret = (await staffRow(b.agentA1.id)).totpPendingSecret!;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(page.replace(/\s/g, '')).toContain(secret); // and the key as text
    expect((await staffRow(b.agentA1.id)).totpSecret).toBeNull();

    const wrong = await client.post('/account/second-factor/confirm', { _csrf: csrf, code: '000000' === (await codeNow(secret)) ? '111111' : '000000' });
    expect(await wrong.text()).toContain('این کد درست نیست');
    expect((await staffRow(b.agentA1.id)).totpSecret).toBeNull();
    expect(await audits('second_factor_failed', b.agentA1.id)).toBe(1);

    const ok = await client.post('/account/second-factor/confirm', { _csrf: csrf, code: await codeNow(secret) });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const done = await ok.text();
    recovery = [...done.matchAll(/<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
    expect(recovery).toHaveLength(10);
    const row = await staffRow(b.agentA1.id);
    expect(row.totpSecret).toBe(secret);
    expect(row.totpPendingSecret).toBeNull();
    // stored hashed (argon2), never in clear
    const stored = await db.ds.getRepository(StaffRecoveryCode).findBy({ staffId: b.agentA1.id });
    expect(stored).toHaveLength(10);
    for (const r of stored) {
      expect(r.codeHash).toMatch(/^\$argon2id\$/);
      expect(recovery.some((c) => r.codeHash.includes(c.replace('-', '')))).toBe(false);
    }
    expect(await audits('second_factor_enrol', b.agentA1.id)).toBe(1);
    // the account page now says it is on, and shows no codes any more
    const again = await client.page('/account');
    expect(again.html).not.toContain(recovery[0]!);
    expect(again.html).not.toContain('action="/account/second-factor"');
  });

  it('with TOTP on, the password alone gives no session; a wrong code is refused and audited; the right code logs in, once', async () => {
    nextStep();
    const secret = (await staffRow(b.agentA1.id)).totpSecret!;
    const before = await sessionsOf(b.agentA1.id);
    const { client, res } = await passwordStep(b.agentA1.username);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login/code');
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionsOf(b.agentA1.id)).toBe(before);
    expect((await client.get('/tickets')).headers.get('location')).toBe('/login');

    const failedBefore = await audits('second_factor_failed', b.agentA1.id);
    const wrong = await submitCode(client, '/login/code', (await codeNow(secret)) === '123456' ? '654321' : '123456');
    expect(wrong.status).toBe(401);
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await audits('second_factor_failed', b.agentA1.id)).toBe(failedBefore + 1);

    const code = await codeNow(secret);
    const ok = await submitCode(client, '/login/code', code);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/tickets');
    expect(client.cookies.has(SESSION_COOKIE)).toBe(true);
    expect((await client.get('/tickets')).status).toBe(200);
    expect(await sessionsOf(b.agentA1.id)).toBe(before + 1);

    // the same code a second time (a replay) is refused
    const replay = await passwordStep(b.agentA1.username);
    expect((await submitCode(replay.client, '/login/code', code)).status).toBe(401);
    expect(replay.client.cookies.has(SESSION_COOKIE)).toBe(false);
    nextStep();
    expect((await submitCode(replay.client, '/login/code', await codeNow(secret))).status).toBe(303);
  });

  it('a recovery code logs in once; its use is audited', async () => {
    const first = await passwordStep(b.agentA1.username);
    const ok = await submitCode(first.client, '/login/code', recovery[0]!.toLowerCase());
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/account?recoveryLeft=9');
    expect(first.client.cookies.has(SESSION_COOKIE)).toBe(true);
    expect(await audits('second_factor_recovery_used', b.agentA1.id)).toBe(1);

    const second = await passwordStep(b.agentA1.username);
    const used = await submitCode(second.client, '/login/code', recovery[0]!);
    expect(used.status).toBe(401);
    expect(second.client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await audits('second_factor_recovery_used', b.agentA1.id)).toBe(1);
    expect((await submitCode(second.client, '/login/code', recovery[1]!)).status).toBe(303);
  });

  it('admins required to enrol are sent to enrolment right after the password; others are not', async () => {
    await updateSettings(ctx, b.admin.id, { secondFactorRequired: 'admins' });
    const { client, res } = await passwordStep(b.admin.username);
    expect(res.headers.get('location')).toBe('/login/enrol');
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await client.get('/config/staff')).headers.get('location')).toBe('/login');
    const page = await client.page('/login/enrol');
    expect(page.html).toMatch(/<svg/);
    const secret = (await staffRow(b.admin.id)).totpPendingSecret!;
    const done = await client.post('/login/enrol', { _csrf: page.csrf, code: await codeNow(secret) });
    expect(done.status).toBe(200);
    expect([...(await done.text()).matchAll(/<li><code>[A-Z0-9]{5}-[A-Z0-9]{5}<\/code><\/li>/g)]).toHaveLength(10);
    expect(client.cookies.has(SESSION_COOKIE)).toBe(true);
    expect((await client.get('/config/staff')).status).toBe(200);
    expect((await staffRow(b.admin.id)).totpSecret).toBe(secret);
    expect(await audits('second_factor_enrol', b.admin.id)).toBe(1);

    // a supervisor is not an admin: straight in
    const sup = await passwordStep(b.supervisor.username);
    expect(sup.res.headers.get('location')).toBe('/tickets');
  });

  it("an admin resets another's second factor from the staff page; the next login needs the password only", async () => {
    nextStep();
    const adminSecret = (await staffRow(b.admin.id)).totpSecret!;
    const { client } = await passwordStep(b.admin.username);
    expect((await submitCode(client, '/login/code', await codeNow(adminSecret))).status).toBe(303);
    const { csrf, html } = await client.page(`/config/staff/${b.agentA1.id}`);
    expect(html).toContain(`/config/staff/${b.agentA1.id}/second-factor/reset`);
    const res = await client.post(`/config/staff/${b.agentA1.id}/second-factor/reset`, { _csrf: csrf });
    expect(res.status).toBe(303);
    const row = await staffRow(b.agentA1.id);
    expect(row.totpSecret).toBeNull();
    expect(await db.ds.getRepository(StaffRecoveryCode).countBy({ staffId: b.agentA1.id })).toBe(0);
    const entry = await db.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'second_factor_reset', entityId: String(b.agentA1.id) });
    expect(entry.staffId).toBe(b.admin.id);
    expect((await passwordStep(b.agentA1.username)).res.headers.get('location')).toBe('/tickets');
  });

  it('the login throttle covers the codes: past its limit even the right code waits', async () => {
    nextStep();
    const throttled = createApp({
      core: ctx,
      log: ctx.log,
      readiness: {},
      panel: createPanel({ core: ctx, log: ctx.log, loginThrottle: new LoginThrottle(3) }),
    });
    const secret = (await staffRow(b.admin.id)).totpSecret!;
    const { client, res } = await passwordStep(b.admin.username, throttled);
    expect(res.headers.get('location')).toBe('/login/code');
    const wrong = (await codeNow(secret)) === '000001' ? '000002' : '000001';
    for (let i = 0; i < 3; i++) expect((await submitCode(client, '/login/code', wrong)).status).toBe(401);
    const blocked = await submitCode(client, '/login/code', await codeNow(secret));
    expect(blocked.status).toBe(429);
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await audits('second_factor_failed', b.admin.id)).toBe(3);
  });

  it('from the account page, with a current code: new recovery codes (the old ones void), and off only when not required', async () => {
    nextStep();
    const secret = (await staffRow(b.admin.id)).totpSecret!;
    const { client } = await passwordStep(b.admin.username);
    expect((await submitCode(client, '/login/code', await codeNow(secret))).status).toBe(303);
    const oldHashes = (await db.ds.getRepository(StaffRecoveryCode).findBy({ staffId: b.admin.id })).map((r) => r.codeHash);

    const { csrf } = await client.page('/account');
    const wrong = await client.post('/account/second-factor/change', {
      _csrf: csrf,
      action: 'renew',
      code: (await codeNow(secret)) === '000003' ? '000004' : '000003',
    });
    expect(await wrong.text()).toContain('این کد درست نیست');
    nextStep();
    const renewed = await client.post('/account/second-factor/change', { _csrf: csrf, action: 'renew', code: await codeNow(secret) });
    expect([...(await renewed.text()).matchAll(/<li><code>[A-Z0-9]{5}-[A-Z0-9]{5}<\/code><\/li>/g)]).toHaveLength(10);
    const newHashes = (await db.ds.getRepository(StaffRecoveryCode).findBy({ staffId: b.admin.id })).map((r) => r.codeHash);
    expect(newHashes).toHaveLength(10);
    expect(newHashes.some((h) => oldHashes.includes(h))).toBe(false);
    expect(await audits('second_factor_recovery_renewed', b.admin.id)).toBe(1);

    // required for admins: it cannot be turned off
    nextStep();
    const refused = await client.post('/account/second-factor/change', { _csrf: csrf, action: 'disable', code: await codeNow(secret) });
    expect(await refused.text()).toContain('الزامی است و خاموش نمی‌شود');
    expect((await staffRow(b.admin.id)).totpSecret).toBe(secret);
    await updateSettings(ctx, b.admin.id, { secondFactorRequired: 'none' });
    nextStep();
    const off = await client.post('/account/second-factor/change', { _csrf: csrf, action: 'disable', code: await codeNow(secret) });
    expect(off.status).toBe(303);
    expect((await staffRow(b.admin.id)).totpSecret).toBeNull();
    expect(await audits('second_factor_disable', b.admin.id)).toBe(1);
    expect((await passwordStep(b.admin.username)).res.headers.get('location')).toBe('/tickets');
  });
});
