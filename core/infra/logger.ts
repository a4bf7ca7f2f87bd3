import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; children carry an id per update / request. */
export function createLogger(level: string = 'info', base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { pid: process.pid, ...base }, timestamp: pino.stdTimeFunctions.isoTime });
}
