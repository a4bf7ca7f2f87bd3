/**
 * SQLite is one process's database: several processes can open the file, but they wait on one another's
 * writes, and the bot's per-process memories (bot/conversations/storage.ts) assume the bot has the file to
 * itself. A process of the `bot` role on SQLite writes its pid beside the file (`<file>.bot-pid`); a second
 * bot process on the same file while that pid lives refuses to start and says to use MariaDB for several.
 * Cheap, and local only: it cannot see processes of other machines (which cannot share the file anyway).
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';

export class SqliteSharedError extends Error {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** claims the SQLite file for this process's bot; returns the release (run at stop) */
export function claimSqliteForBot(path: string): () => Promise<void> {
  const file = `${path}.bot-pid`;
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return async () => {
        if (readPid(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = readPid(file);
      if (pid === process.pid) return async () => undefined; // this process claimed it already
      if (pid !== null && alive(pid)) {
        throw new SqliteSharedError(
          `another bot process (pid ${pid}) uses the SQLite file ${path}: SQLite serves one process. Run one bot process, or set DATABASE_URL to MariaDB to run several (README, "Roles and scaling"); remove ${file} if that process is gone`,
        );
      }
      rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new SqliteSharedError(`could not claim ${file}`);
}

function readPid(file: string): number | null {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
