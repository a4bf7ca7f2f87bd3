import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  /**
   * pretty, coloured lines for people (pino-pretty), or JSON lines for machines. Default: pretty when
   * stdout is a terminal (`npm start`, `npm run dev`), JSON when it is a pipe or a file (Docker, systemd, CI).
   */
  pretty?: boolean;
  /** where the lines go (default stdout); tests pass a stream */
  destination?: DestinationStream | NodeJS.WritableStream;
}

const require = createRequire(import.meta.url);

/**
 * One line per event (a request, an update, a job); children carry an id per update / request. Pretty
 * output keeps that: each event on one line, its fields after the message (singleLine), the time local.
 */
export function createLogger(level: string = 'info', base: Record<string, unknown> = {}, opts: LoggerOptions = {}): Logger {
  const pretty = opts.pretty ?? process.stdout.isTTY === true;
  const options = { level, base: { pid: process.pid, ...base }, timestamp: pino.stdTimeFunctions.isoTime };
  if (!pretty) return opts.destination ? pino(options, opts.destination as DestinationStream) : pino(options);
  // loaded only for a terminal, so a production process never reads pino-pretty (and its dependencies)
  const prettyStream = require('pino-pretty') as typeof PinoPretty;
  return pino(
    options,
    prettyStream({
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
      // colours: pino-pretty's own test of the terminal (NO_COLOR, TERM=dumb); always for a given stream
      ...(opts.destination ? { destination: opts.destination, colorize: true } : {}),
    }),
  );
}
