/**
 * The secret key that encrypts stored credentials (the bot token set in the panel) and signs codes:
 * SECRET_KEY if set, else a random key kept in DATA_DIR/secret.key (created once, mode 0600).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadSecretKey(secretKey: string | undefined, dataDir: string): string {
  if (secretKey) return secretKey;
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  try {
    // 'wx': several processes starting at once on one shared DATA_DIR (docker-compose) keep the first one's key
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // the other process may not have written it yet: a few short waits
    for (let i = 0; i < 100; i++) {
      const theirs = readFileSync(file, 'utf8').trim();
      if (theirs) return theirs;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
    throw new Error(`${file} exists but is empty`);
  }
  return key;
}
