/**
 * A second process for the concurrency tests of the organisation services (SQLite is one connection per
 * process; separate processes are how two roles share one file). Usage:
 *   node --import tsx test/core/org-child.ts '<json {target, op, args}>'
 * Waits until the start time in the command (so that the processes start together), runs one operation and
 * prints its outcome as one JSON line.
 */
import { openDatabase, type DatabaseTarget } from '../../core/db/data-source.ts';
import { consumeCode } from '../../core/services/codes.ts';
import { InvalidCodeError } from '../../core/services/errors.ts';
import { upsertFromTelegram } from '../../core/services/requesters.ts';
import { ensureBaseData } from '../../core/seed/base.ts';
import { testContext } from '../support/context.ts';

interface Command {
  target: DatabaseTarget;
  startAt: number;
  op: 'consume' | 'upsert' | 'base';
  code?: string;
  telegramId?: number;
}

const cmd = JSON.parse(process.argv[2] ?? '{}') as Command;
const { ds } = await openDatabase(cmd.target, { migrate: false });
const ctx = testContext(ds);
await new Promise((r) => setTimeout(r, Math.max(0, cmd.startAt - Date.now()))); // not synchronisation: the children start their work at one instant, to race
let outcome: string;
try {
  if (cmd.op === 'consume') {
    await consumeCode(ctx, 'chat_bind', cmd.code!);
    outcome = 'accepted';
  } else if (cmd.op === 'base') {
    outcome = `created:${(await ensureBaseData(ctx)).created.length}`;
  } else {
    outcome = `id:${(await upsertFromTelegram(ctx, { telegramId: cmd.telegramId!, firstName: 'Child' })).id}`;
  }
} catch (err) {
  outcome = err instanceof InvalidCodeError ? err.reason : `error:${(err as Error).message}`;
}
await ds.destroy();
process.stdout.write(`${JSON.stringify({ outcome })}\n`);
