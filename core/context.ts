/**
 * What every core service receives: the database, a clock (tests inject their own), a logger, and a
 * hook told after a transaction that wrote outbox rows commits (jobs/ queues them at once; a sweeper
 * catches anything missed).
 */
import type { DataSource } from 'typeorm';
import type { Locale } from './entities/enums.ts';
import type { Logger } from './infra/logger.ts';
import type { SlaTargetChange } from './sla/service.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface CoreContext {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  timeZone: string;
  defaultLocale: Locale;
  publicUrl: string;
  /** called after commit with the ids of the outbox rows the transaction wrote */
  onOutbox: (ids: number[]) => void;
  /** called after commit with the SLA targets the transaction changed (jobs/ move their timers) */
  onSlaChange?: (changes: SlaTargetChange[]) => void;
  /** called after commit with the ids of the tickets the transaction changed (the panel's live view: core/infra/live.ts) */
  onTicketChange?: (ticketIds: number[]) => void;
}
