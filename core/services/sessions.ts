/**
 * Staff sign-in and sessions of the panel (admin/auth.ts re-exports them): password login with argon2
 * (core/services/passwords.ts), temporary lockout after repeated failures (StaffAccount.failedLogins /
 * lockedUntil), and sessions stored in the database (StaffSession: the row id is the SHA-256 of the cookie
 * value, so a database leak gives no live cookie; each session has its own CSRF secret).
 * The panel's cookie and CSRF handling stay in admin/ (admin/security.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { LessThan, Not } from 'typeorm';
import type { CoreContext } from '../context.ts';
import { StaffAccount, StaffSession } from '../entities/people.ts';
import { dummyHash, verifyPassword } from './passwords.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
export const SESSION_HOURS = 12;

export const sessionKey = (cookie: string) => createHash('sha256').update(cookie).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

export type LoginResult = { ok: true; staff: StaffAccount } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; until: Date };

/** checks a username and password; counts failures and locks the account for LOCK_MINUTES after MAX_FAILED_LOGINS */
export async function checkLogin(ctx: CoreContext, usernameRaw: string, password: string): Promise<LoginResult> {
  const username = usernameRaw.trim().toLowerCase();
  const repo = ctx.ds.getRepository(StaffAccount);
  const staff = username ? await repo.findOne({ where: { username } }) : null;
  const now = ctx.clock.now();
  if (!staff || !staff.active || !staff.passwordHash) {
    await verifyPassword(await dummyHash(), password); // same time as a real check
    return { ok: false, reason: 'invalid' };
  }
  if (staff.lockedUntil && staff.lockedUntil > now) return { ok: false, reason: 'locked', until: staff.lockedUntil };
  if (!(await verifyPassword(staff.passwordHash, password))) {
    const failed = (staff.lockedUntil ? 0 : staff.failedLogins) + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    const until = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    await repo.update({ id: staff.id }, { failedLogins: lock ? 0 : failed, lockedUntil: lock ? until : null });
    ctx.log.warn({ staffId: staff.id, failed, locked: lock }, 'panel login failed');
    return lock ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
  }
  // with a second factor the login is not over: the failure count and the login time wait for the code
  if (!staff.totpSecret) await repo.update({ id: staff.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
  return { ok: true, staff };
}

/** a new session; returns the cookie value (only its hash is stored) */
export async function createSession(ctx: CoreContext, staffId: number, meta: { ip: string; userAgent: string }): Promise<string> {
  const cookie = randomToken();
  const now = ctx.clock.now();
  const repo = ctx.ds.getRepository(StaffSession);
  await repo.delete({ staffId, expiresAt: LessThan(now) });
  await repo.insert({
    id: sessionKey(cookie),
    staffId,
    csrfSecret: randomToken(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    ip: meta.ip.slice(0, 64),
    userAgent: meta.userAgent.slice(0, 255),
  });
  return cookie;
}

export interface LiveSession {
  session: StaffSession;
  staff: StaffAccount;
}

/** the session behind a cookie, if it is live and its account active; slides the expiry */
export async function loadSession(ctx: CoreContext, cookie: string | undefined): Promise<LiveSession | null> {
  if (!cookie || cookie.length > 100) return null;
  const repo = ctx.ds.getRepository(StaffSession);
  const session = await repo.findOne({ where: { id: sessionKey(cookie) } });
  const now = ctx.clock.now();
  if (!session) return null;
  if (session.expiresAt <= now) {
    await repo.delete({ id: session.id });
    return null;
  }
  const staff = await ctx.ds.getRepository(StaffAccount).findOne({ where: { id: session.staffId } });
  if (!staff || !staff.active) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    session.lastSeenAt = now;
    session.expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await repo.update({ id: session.id }, { lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt });
  }
  return { session, staff };
}

/** ends every session of the account but one (after a password change, the one that changed it) */
export async function endOtherSessions(ctx: CoreContext, staffId: number, keepSessionId: string): Promise<void> {
  await ctx.ds.getRepository(StaffSession).delete({ staffId, id: Not(keepSessionId) });
}

export async function destroySession(ctx: CoreContext, cookie: string | undefined): Promise<void> {
  if (cookie) await ctx.ds.getRepository(StaffSession).delete({ id: sessionKey(cookie) });
}
