import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Setting } from '../../core/entities/system.ts';
import { hasMessage, t } from '../../core/i18n/index.ts';
import { listAudit } from '../../core/services/audit.ts';
import { ForbiddenError } from '../../core/services/errors.ts';
import { ORG_ERROR_CODES } from '../../core/services/org-common.ts';
import {
  DEFAULT_SETTINGS,
  decryptSecret,
  encryptSecret,
  getBotToken,
  getSettings,
  setBotToken,
  setSettingsCacheMs,
  updateSettings,
} from '../../core/services/settings.ts';
import { testContext } from '../support/context.ts';
import type { TestDatabase } from '../support/db.ts';
import { auditRows, DATABASES, fieldErrors, makeStaff } from './org-support.ts';

const TOKEN = '1234567890:AAHk-Example_Token_abcdefghijklmnopqrstu';
const KEY = 'test-secret-key-0123456789';

describe.each(DATABASES)('settings on %s', (_name, make) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let adminId: number;
  let agentId: number;
  beforeAll(async () => {
    db = await make();
    ctx = testContext(db.ds);
    adminId = (await makeStaff(db.ds, 'admin')).id;
    agentId = (await makeStaff(db.ds, 'agent')).id;
  });
  afterAll(async () => db?.close());

  it('a fresh database has the defaults', async () => {
    const s = await getSettings(db.ds.manager);
    expect(s).toMatchObject({ ...DEFAULT_SETTINGS, botTokenStored: false, version: 0 });
    expect(s.contentRule).toBe('rewrite');
    expect(s.maxOpenTicketsPerRequester).toBe(5);
    expect(s.agentNameMode).toBe('agent');
    expect(s.maskRequesterPhone).toBe(true);
    expect(s.intakeTimeoutMinutes).toBe(60);
    expect(s.requesterRatePerMinute).toBe(20);
    expect(s.dailyGoalDefault).toBe(10);
    // a CoreContext works as well as a manager (the bot passes its CoreContext)
    expect(await getSettings(ctx)).toEqual(s);
  });

  it('updates are validated, stored, versioned, audited, and seen at once by this process', async () => {
    await getSettings(ctx); // warm the cache
    const s = await updateSettings(ctx, { staffId: adminId, ip: '10.0.0.7' }, { contentRule: 'cancel', maxOpenTicketsPerRequester: 3 });
    expect(s.contentRule).toBe('cancel');
    expect(s.version).toBe(1);
    const again = await getSettings(ctx);
    expect(again.contentRule).toBe('cancel');
    expect(again.maxOpenTicketsPerRequester).toBe(3);
    const row = await db.ds.getRepository(Setting).findOneByOrFail({ key: 'contentRule' });
    expect(row.value).toBe('cancel');
    expect(row.updatedBy).toBe(adminId);
    const [a] = await auditRows(db.ds, { entity: 'settings', action: 'update' });
    expect(a).toMatchObject({
      staffId: adminId,
      ip: '10.0.0.7',
      before: { contentRule: 'rewrite', maxOpenTicketsPerRequester: 5 },
      after: { contentRule: 'cancel', maxOpenTicketsPerRequester: 3 },
    });
  });

  it('an unchanged value writes nothing and no audit row', async () => {
    const before = (await auditRows(db.ds)).length;
    const s = await updateSettings(ctx, adminId, { contentRule: 'cancel' });
    expect(s.version).toBe(1);
    expect((await auditRows(db.ds)).length).toBe(before);
  });

  it('invalid values are refused with field errors, unknown keys too', async () => {
    expect(await fieldErrors(updateSettings(ctx, adminId, { contentRule: 'delete' as never, maxOpenTicketsPerRequester: 0 }))).toEqual({
      contentRule: 'invalid',
      maxOpenTicketsPerRequester: 'out_of_range',
    });
    expect(await fieldErrors(updateSettings(ctx, adminId, { agentNameMode: 'nobody' as never, intakeTimeoutMinutes: 1.5 }))).toEqual({
      agentNameMode: 'invalid',
      intakeTimeoutMinutes: 'invalid',
    });
    expect(await fieldErrors(updateSettings(ctx, adminId, { botToken: TOKEN } as never))).toEqual({ botToken: 'unknown_field' });
    expect((await getSettings(ctx)).contentRule).toBe('cancel');
  });

  it('only admins change settings', async () => {
    await expect(updateSettings(ctx, agentId, { maskRequesterPhone: false })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('another process sees a change after the cache time', async () => {
    setSettingsCacheMs(0);
    try {
      await db.ds.getRepository(Setting).save({ key: 'requesterRatePerMinute', value: 7, updatedAt: new Date(), updatedBy: null });
      expect((await getSettings(ctx)).requesterRatePerMinute).toBe(7);
      // a stored value that no longer validates falls back to the default
      await db.ds.getRepository(Setting).save({ key: 'requesterRatePerMinute', value: 'many', updatedAt: new Date(), updatedBy: null });
      expect((await getSettings(ctx)).requesterRatePerMinute).toBe(20);
    } finally {
      setSettingsCacheMs(5_000);
    }
  });

  it('the bot token is stored encrypted: the row does not contain it, the right key gets it back', async () => {
    expect(await getBotToken(ctx, KEY)).toBeNull();
    await setBotToken(ctx, adminId, TOKEN, KEY);
    const row = await db.ds.getRepository(Setting).findOneByOrFail({ key: 'botToken' });
    const stored = JSON.stringify(row.value);
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(TOKEN.split(':')[1]);
    expect(stored).not.toContain(Buffer.from(TOKEN).toString('base64'));
    expect(await getBotToken(db.ds.manager, KEY)).toBe(TOKEN);
    expect((await getSettings(ctx)).botTokenStored).toBe(true);
    await expect(getBotToken(ctx, 'another-key')).rejects.toThrow(/secret key/);
    const audit = (await auditRows(db.ds, { action: 'set_bot_token' }))[0]!;
    expect(JSON.stringify(audit)).not.toContain(TOKEN.split(':')[1]);
    expect(audit.after).toEqual({ botTokenStored: true });
  });

  it('the audit log reads newest first, filtered, in keyset pages', async () => {
    for (const limit of [1, 2]) {
      const seen: number[] = [];
      let cursor: number | null = null;
      do {
        const page: Awaited<ReturnType<typeof listAudit>> = await listAudit(ctx, { entity: 'settings', limit, cursor });
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = (await auditRows(db.ds, { entity: 'settings' })).map((a) => a.id).reverse();
      expect(seen).toEqual(all);
      expect(all.length).toBeGreaterThanOrEqual(2);
    }
    expect((await listAudit(ctx, { action: 'set_bot_token' })).items.map((a) => a.action)).toEqual(['set_bot_token']);
    expect((await listAudit(ctx, { staffId: agentId })).items).toEqual([]);
    expect((await listAudit(ctx, { from: new Date('2000-01-01'), to: new Date('2100-01-01') })).items.length).toBeGreaterThan(0);
    expect((await listAudit(ctx, { from: new Date('2100-01-01') })).items).toEqual([]);
  });

  it('a malformed token is refused; null removes the stored token', async () => {
    expect(await fieldErrors(setBotToken(ctx, adminId, 'not a token', KEY))).toEqual({ botToken: 'invalid_token' });
    await expect(setBotToken(ctx, agentId, TOKEN, KEY)).rejects.toBeInstanceOf(ForbiddenError);
    await setBotToken(ctx, adminId, null, KEY);
    expect(await getBotToken(ctx, KEY)).toBeNull();
    expect((await getSettings(ctx)).botTokenStored).toBe(false);
  });
});

describe('secret encryption', () => {
  it('round-trips, uses a fresh IV each time, and detects tampering', () => {
    const a = encryptSecret(TOKEN, KEY);
    const b = encryptSecret(TOKEN, KEY);
    expect(a).not.toBe(b);
    expect(a).not.toContain(TOKEN);
    expect(decryptSecret(a, KEY)).toBe(TOKEN);
    const parts = a.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => decryptSecret(parts.join('.'), KEY)).toThrow();
  });
});

describe('org.ftl', () => {
  it('has a message for every field error code and code reason, in both languages', () => {
    for (const code of ORG_ERROR_CODES) {
      expect(hasMessage('fa', `org-error-${code}`), code).toBe(true);
      expect(hasMessage('en', `org-error-${code}`), code).toBe(true);
    }
    for (const reason of ['unknown', 'expired', 'used']) {
      expect(hasMessage('fa', `org-code-${reason}`)).toBe(true);
      expect(hasMessage('en', `org-code-${reason}`)).toBe(true);
    }
    expect(t('fa', 'org-error-invalid_phone')).toContain('۰۹۱۲');
  });
});
