/**
 * Panel passwords: argon2id (@node-rs/argon2, OWASP parameters: 19 MiB, 2 passes) and the password policy.
 * `verifyPassword` never throws on a malformed hash (it answers false), and `dummyHash()` lets a login check
 * spend the same time for an unknown user.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** null when acceptable, else the field error code (too_short, too_long, weak_password) */
export function passwordProblem(password: string): 'too_short' | 'too_long' | 'weak_password' | null {
  if ([...password].length < PASSWORD_MIN) return 'too_short';
  if (password.length > PASSWORD_MAX) return 'too_long';
  if (new Set(password).size < 4) return 'weak_password';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random secret (made once per process), to verify against when the account does not exist, so
 * that a login for an unknown user takes as long as one for a known user. The caller rejects either way.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
