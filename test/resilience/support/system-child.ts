/**
 * The helpdesk process for the resilience scenarios: main.ts's `startSystem` with every role, configured
 * from the environment like `npm start`, plus the test knobs of the jobs (RES_* variables: Telegram's
 * limits scaled, shorter leases and sweeps) so a killed process is taken over in seconds, not minutes.
 * Counts unhandled rejections (logged as "unhandled rejection") and stops cleanly on SIGTERM.
 */
import 'reflect-metadata';
import { loadConfig } from '../../../core/config/schema.ts';
import { createLogger } from '../../../core/infra/logger.ts';
import type { JobsDeps } from '../../../jobs/index.ts';
import { startSystem } from '../../../main.ts';

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
let rejections = 0;
process.on('unhandledRejection', (err) => log.error({ err, rejections: ++rejections }, 'unhandled rejection'));

const num = (k: string) => (process.env[k] ? Number(process.env[k]) : undefined);
const knobs: Partial<JobsDeps> = {
  limits: Object.fromEntries(
    Object.entries({ timeScale: num('RES_TIME_SCALE'), privatePerSecond: num('RES_PRIVATE_PER_SECOND'), groupPerMinute: num('RES_GROUP_PER_MINUTE') }).filter(
      ([, v]) => v !== undefined,
    ),
  ),
  outboxLeaseMs: num('RES_LEASE_MS'),
  lockDurationMs: num('RES_LOCK_MS'),
  stalledIntervalMs: num('RES_STALLED_MS'),
  sweepEveryMs: num('RES_SWEEP_MS'),
  slaSweepEveryMs: num('RES_SLA_SWEEP_MS'),
  flushCheckEveryMs: num('RES_FLUSH_CHECK_MS'),
  reconcileEveryMs: num('RES_RECONCILE_MS'),
};
const jobs = Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined)) as Partial<JobsDeps>;
const system = await startSystem(config, { log, jobs });
await system.botHandle?.ready;
process.stdout.write(`${JSON.stringify({ msg: 'child ready', port: system.web?.port })}\n`);

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  system.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
