/**
 * Panel authentication: the login check and the sessions are core's (core/services/sessions.ts: argon2 password
 * check, temporary lockout, sessions stored as the SHA-256 of the cookie with their own CSRF secret); here the
 * panel's comparison of CSRF tokens.
 */
import { timingSafeEqual } from 'node:crypto';

export {
  checkLogin,
  createSession,
  destroySession,
  endOtherSessions,
  loadSession,
  randomToken,
  sessionKey,
  LOCK_MINUTES,
  MAX_FAILED_LOGINS,
  SESSION_HOURS,
  type LiveSession,
  type LoginResult,
} from '../core/services/sessions.ts';

export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
