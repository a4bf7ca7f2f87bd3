/**
 * A second factor for staff (issue 16 item 6): TOTP (RFC 6238, otplib: 6 digits, 30 s, SHA-1 — what every
 * authenticator app reads from an otpauth:// URI) and ten recovery codes, stored hashed with argon2 like
 * passwords and usable once.
 *
 * - Enrolment: `startEnrolment` keeps a pending secret on the account (shown as a QR code and as text);
 *   `confirmEnrolment` takes a first code, turns the factor on and returns the recovery codes (the only time
 *   they exist in clear).
 * - Login: after the password, `loginStepAfterPassword` says whether a code is owed ('code'), enrolment is
 *   owed because an admin setting requires it ('enrol'), or nothing; the panel keeps the step in a login
 *   challenge (`openChallenge` …), and creates the session only when `verifySecondFactor` accepted a code.
 *   A TOTP code is taken once (the accepted time step is stored); a recovery code once (a conditional update).
 * - An admin resets another's factor (`resetSecondFactor`). Enrolments, resets, recovery-code uses and
 *   failed codes are audited (entity `staff`, actions second_factor_*).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { IsNull, LessThan } from 'typeorm';
import type { CoreContext } from '../context.ts';
import type { StaffRole } from '../entities/enums.ts';
import { StaffAccount, StaffLoginChallenge, StaffRecoveryCode } from '../entities/people.ts';
import { toAsciiDigits } from '../text/normalize.ts';
import { transact } from '../tx.ts';
import { auditBy } from './audit.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { managerOf, requireAdmin, type ReadSource, type Who } from './org-common.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { getSettings, type SecondFactorMode } from './settings.ts';

export { SECOND_FACTOR_MODES, type SecondFactorMode } from './settings.ts';

export const RECOVERY_CODES = 10;
/** a login challenge lives this long, and takes this many wrong codes before the password is asked again */
export const CHALLENGE_MINUTES = 5;
export const CHALLENGE_ATTEMPTS = 5;
/** one 30-second step either side of now is accepted (clock drift of the phone) */
const TOLERANCE_SECONDS = 30;
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const isSecondFactorRequired = (mode: SecondFactorMode, role: StaffRole) => mode === 'staff' || (mode === 'admins' && role === 'admin');

export interface SecondFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  /** unused recovery codes */
  recoveryLeft: number;
  /** an admin setting requires it for this account */
  required: boolean;
}

export async function secondFactorStatus(src: ReadSource, staffId: number): Promise<SecondFactorStatus> {
  const em = managerOf(src);
  const staff = await em.findOne(StaffAccount, { where: { id: staffId } });
  if (!staff) throw new NotFoundError('staff', staffId);
  const settings = await getSettings(src);
  return {
    enabled: !!staff.totpSecret,
    enabledAt: staff.totpEnabledAt,
    recoveryLeft: staff.totpSecret ? await em.countBy(StaffRecoveryCode, { staffId, usedAt: IsNull() }) : 0,
    required: isSecondFactorRequired(settings.secondFactorRequired, staff.role),
  };
}

export interface Enrolment {
  secret: string;
  uri: string;
  /** the URI as a QR code, an SVG document made here (no network) */
  qrSvg: string;
}

/** a pending secret for the account (the same one until confirmed), with its URI and QR code */
export async function startEnrolment(ctx: CoreContext, staffId: number, issuer: string): Promise<Enrolment> {
  const em = managerOf(ctx);
  const staff = await em.findOne(StaffAccount, { where: { id: staffId } });
  if (!staff || !staff.active) throw new NotFoundError('staff', staffId);
  if (staff.totpSecret) throw new ValidationError({ code: 'second_factor_on' });
  let secret = staff.totpPendingSecret;
  if (!secret) {
    secret = generateSecret();
    await em.update(StaffAccount, { id: staffId }, { totpPendingSecret: secret });
  }
  const uri = generateURI({ issuer, label: staff.username, secret });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

/** the digits of a typed TOTP code (Persian digits and spaces allowed), or null when it is not six digits */
function totpDigits(input: string): string | null {
  const s = toAsciiDigits(input).replace(/[\s\-\u200C-\u200F]/g, '');
  return /^\d{6}$/.test(s) ? s : null;
}

const recoveryForm = (input: string) =>
  toAsciiDigits(input)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

/** the time step a code is valid for, or null; steps at or before `after` are refused (a code is taken once) */
async function checkTotp(ctx: CoreContext, secret: string, input: string, after: number | null): Promise<number | null> {
  const token = totpDigits(input);
  if (!token) return null;
  const epoch = Math.floor(ctx.clock.now().getTime() / 1000);
  const result = await verify({ secret, token, epoch, epochTolerance: TOLERANCE_SECONDS, ...(after !== null ? { afterTimeStep: after } : {}) });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/**
 * Turns the second factor on when `code` matches the pending secret; returns the recovery codes in clear.
 * A wrong code: ValidationError { code: 'wrong_code' }, audited.
 */
export async function confirmEnrolment(ctx: CoreContext, who: Who, staffId: number, code: string): Promise<string[]> {
  const staff = await managerOf(ctx).findOne(StaffAccount, { where: { id: staffId } });
  if (!staff || !staff.active) throw new NotFoundError('staff', staffId);
  if (staff.totpSecret) throw new ValidationError({ code: 'second_factor_on' });
  if (!staff.totpPendingSecret) throw new ValidationError({ code: 'required' });
  const step = await checkTotp(ctx, staff.totpPendingSecret, code, null);
  if (step === null) {
    await transact(ctx, (tx) => auditBy(tx, who, { action: 'second_factor_failed', entity: 'staff', entityId: staffId, after: { stage: 'enrol' } }));
    throw new ValidationError({ code: 'wrong_code' });
  }
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((c) => hashPassword(recoveryForm(c))));
  await transact(ctx, async (tx) => {
    const done = await tx.em.update(
      StaffAccount,
      { id: staffId, totpSecret: IsNull() },
      {
        totpSecret: staff.totpPendingSecret,
        totpPendingSecret: null,
        totpEnabledAt: tx.now,
        totpLastStep: step,
      },
    );
    if (!done.affected) throw new ValidationError({ code: 'second_factor_on' });
    await tx.em.delete(StaffRecoveryCode, { staffId });
    for (const codeHash of hashes) await tx.em.insert(StaffRecoveryCode, { staffId, codeHash, usedAt: null });
    await auditBy(tx, who, { action: 'second_factor_enrol', entity: 'staff', entityId: staffId, after: { recoveryCodes: RECOVERY_CODES } });
  });
  return codes;
}

export type VerifyResult = { ok: true; via: 'totp' | 'recovery'; recoveryLeft: number } | { ok: false };

/**
 * Checks a code at login: a TOTP code (not one already taken) or an unused recovery code (then used up).
 * A failure is audited (`second_factor_failed`); so is the use of a recovery code.
 */
export async function verifySecondFactor(ctx: CoreContext, who: Who, staffId: number, input: string): Promise<VerifyResult> {
  const em = managerOf(ctx);
  const staff = await em.findOne(StaffAccount, { where: { id: staffId } });
  if (!staff || !staff.active || !staff.totpSecret) return { ok: false };
  const step = await checkTotp(ctx, staff.totpSecret, input, staff.totpLastStep);
  if (step !== null) {
    // of two logins with the same code, one wins
    const qb = em.createQueryBuilder().update(StaffAccount).set({ totpLastStep: step }).where('id = :id', { id: staffId });
    qb.andWhere('(totpLastStep IS NULL OR totpLastStep < :step)', { step });
    if ((await qb.execute()).affected) return { ok: true, via: 'totp', recoveryLeft: await em.countBy(StaffRecoveryCode, { staffId, usedAt: IsNull() }) };
  } else if (!totpDigits(input)) {
    const typed = recoveryForm(input);
    if (typed.length === 10) {
      for (const row of await em.find(StaffRecoveryCode, { where: { staffId, usedAt: IsNull() } })) {
        if (!(await verifyPassword(row.codeHash, typed))) continue;
        const used = await transact(ctx, async (tx) => {
          const res = await tx.em.update(StaffRecoveryCode, { id: row.id, usedAt: IsNull() }, { usedAt: tx.now });
          if (!res.affected) return null;
          const left = await tx.em.countBy(StaffRecoveryCode, { staffId, usedAt: IsNull() });
          await auditBy(tx, who, { action: 'second_factor_recovery_used', entity: 'staff', entityId: staffId, after: { recoveryCodeId: row.id, left } });
          return left;
        });
        if (used !== null) return { ok: true, via: 'recovery', recoveryLeft: used };
      }
    }
  }
  await transact(ctx, (tx) => auditBy(tx, who, { action: 'second_factor_failed', entity: 'staff', entityId: staffId, after: { stage: 'login' } }));
  return { ok: false };
}

/**
 * The staff member's own changes, each proven by a current code (or a recovery code): new recovery codes
 * (the old ones void), or turning the factor off when no setting requires it. A wrong code:
 * ValidationError { code: 'wrong_code' } (audited by verifySecondFactor).
 */
export async function regenerateRecoveryCodes(ctx: CoreContext, who: Who, staffId: number, code: string): Promise<string[]> {
  if (!(await verifySecondFactor(ctx, who, staffId, code)).ok) throw new ValidationError({ code: 'wrong_code' });
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((c) => hashPassword(recoveryForm(c))));
  await transact(ctx, async (tx) => {
    await tx.em.delete(StaffRecoveryCode, { staffId });
    for (const codeHash of hashes) await tx.em.insert(StaffRecoveryCode, { staffId, codeHash, usedAt: null });
    await auditBy(tx, who, { action: 'second_factor_recovery_renewed', entity: 'staff', entityId: staffId, after: { recoveryCodes: RECOVERY_CODES } });
  });
  return codes;
}

export async function disableOwnSecondFactor(ctx: CoreContext, who: Who, staffId: number, code: string): Promise<void> {
  const status = await secondFactorStatus(ctx, staffId);
  if (status.required) throw new ValidationError({ code: 'second_factor_required' });
  if (!(await verifySecondFactor(ctx, who, staffId, code)).ok) throw new ValidationError({ code: 'wrong_code' });
  await transact(ctx, async (tx) => {
    await tx.em.update(StaffAccount, { id: staffId }, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
    await tx.em.delete(StaffRecoveryCode, { staffId });
    await auditBy(tx, who, { action: 'second_factor_disable', entity: 'staff', entityId: staffId, before: { enabled: true } });
  });
}

/** an admin turns another's second factor off (a lost phone): secret, pending secret and recovery codes go */
export async function resetSecondFactor(ctx: CoreContext, who: Who, staffId: number): Promise<void> {
  await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const staff = await tx.em.findOne(StaffAccount, { where: { id: staffId } });
    if (!staff) throw new NotFoundError('staff', staffId);
    await tx.em.update(StaffAccount, { id: staffId }, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
    await tx.em.delete(StaffRecoveryCode, { staffId });
    await tx.em.delete(StaffLoginChallenge, { staffId });
    await auditBy(tx, who, { action: 'second_factor_reset', entity: 'staff', entityId: staffId, before: { enabled: !!staff.totpSecret } });
  });
}

// ---------------------------------------------------------------- the login step after the password

/** what a login owes after a right password: nothing, a code, or enrolment (required by the admin setting) */
export async function loginStepAfterPassword(ctx: CoreContext, staff: StaffAccount): Promise<'none' | 'code' | 'enrol'> {
  if (staff.totpSecret) return 'code';
  const settings = await getSettings(ctx);
  return isSecondFactorRequired(settings.secondFactorRequired, staff.role) ? 'enrol' : 'none';
}

const challengeKey = (token: string) => createHash('sha256').update(token).digest('hex');

/** a new challenge for the step after the password; returns the cookie value (only its hash is stored) */
export async function openChallenge(ctx: CoreContext, staffId: number, purpose: 'code' | 'enrol'): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const em = managerOf(ctx);
  await em.delete(StaffLoginChallenge, { expiresAt: LessThan(now) });
  await em.insert(StaffLoginChallenge, {
    id: challengeKey(token),
    staffId,
    purpose,
    attempts: 0,
    expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
  return token;
}

/** the live challenge behind a cookie and its (active) account, else null */
export async function loadChallenge(ctx: CoreContext, token: string | undefined): Promise<{ challenge: StaffLoginChallenge; staff: StaffAccount } | null> {
  if (!token || token.length > 100) return null;
  const em = managerOf(ctx);
  const challenge = await em.findOne(StaffLoginChallenge, { where: { id: challengeKey(token) } });
  if (!challenge) return null;
  if (challenge.expiresAt <= ctx.clock.now()) {
    await em.delete(StaffLoginChallenge, { id: challenge.id });
    return null;
  }
  const staff = await em.findOne(StaffAccount, { where: { id: challenge.staffId } });
  return staff && staff.active ? { challenge, staff } : null;
}

/**
 * Counts a wrong code against the challenge (gone after CHALLENGE_ATTEMPTS: the password is asked again) and
 * against the account's lockout (the same counter as wrong passwords). Returns whether the challenge is still open.
 */
export async function challengeFailed(ctx: CoreContext, challenge: StaffLoginChallenge, lockout: { max: number; minutes: number }): Promise<boolean> {
  const em = managerOf(ctx);
  const now = ctx.clock.now();
  const staff = await em.findOne(StaffAccount, { where: { id: challenge.staffId } });
  if (staff) {
    const failed = (staff.lockedUntil ? 0 : staff.failedLogins) + 1;
    const lock = failed >= lockout.max;
    await em.update(
      StaffAccount,
      { id: staff.id },
      { failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(now.getTime() + lockout.minutes * 60_000) : null },
    );
    if (lock) {
      await em.delete(StaffLoginChallenge, { staffId: staff.id });
      return false;
    }
  }
  if (challenge.attempts + 1 >= CHALLENGE_ATTEMPTS) {
    await em.delete(StaffLoginChallenge, { id: challenge.id });
    return false;
  }
  await em.update(StaffLoginChallenge, { id: challenge.id }, { attempts: challenge.attempts + 1 });
  return true;
}

/** the second step passed: the challenge is spent, the lockout counter cleared, the login time recorded */
export async function completeChallenge(ctx: CoreContext, challenge: StaffLoginChallenge): Promise<void> {
  const em = managerOf(ctx);
  await em.delete(StaffLoginChallenge, { id: challenge.id });
  await em.update(StaffAccount, { id: challenge.staffId }, { failedLogins: 0, lockedUntil: null, lastLoginAt: ctx.clock.now() });
}
