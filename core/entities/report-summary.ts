/**
 * Summary rows of the reports (issue 8, "fast at scale"), maintained by the core in the transaction of each
 * ticket change (core/services/reports/summary/):
 * - ReportTicketFact: one row per ticket — its current report dimensions, the outcome of its SLA targets,
 *   its working-minute figures and its dated moves and ratings: exactly what the ticket adds to report_daily,
 *   so a change can take the old contribution away and add the new one;
 * - ReportDaily: counts per local day (Asia/Tehran) × metric × dimensions. Id dimensions hold 0 for "none"
 *   and text ones '' (a unique key cannot hold NULLs). Each count is kept at several grains (REPORT_GRAINS):
 *   'all' with every dimension, and coarser rollups with some dimensions folded to 0 / '', so a report that
 *   neither groups nor filters by the catalogue, the agent or the priority reads a few hundred rows a day,
 *   not one per combination of everything (about one per ticket on real data). The working-minute metrics
 *   (MINUTE_METRICS) live at their own grain only (MINUTE_GRAIN): per local month (`day` holds 'YYYY-MM'),
 *   team, assignee and internal flag, the count of tickets in each minute bucket (`score` holds the bucket;
 *   reports/summary/minute-buckets.ts) — what a year-long median needs first (reports/summary/minutes.ts).
 * report_ticket_facts also has an index per minute figure, to read the facts of a few buckets.
 */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Bool, DateTime, Int, NullableDateTime, Str, Text } from '../db/columns.ts';

export const REPORT_DAILY_KEY = [
  'metric',
  'day',
  'teamId',
  'valueChainId',
  'departmentId',
  'subjectId',
  'assigneeId',
  'priority',
  'internal',
  'state',
  'reopened',
  'policyId',
  'ratedAssigneeId',
  'score',
  /** the messenger the requester writes the ticket from (tickets.channel; '' for none) — issue 20 */
  'channel',
] as const;

/** the dimensions each grain keeps (metric and day always); the others hold 0 / '' at that grain */
export const REPORT_GRAINS = {
  team: ['teamId', 'internal', 'state', 'reopened', 'policyId', 'score', 'channel'],
  cat: ['teamId', 'internal', 'state', 'valueChainId', 'departmentId', 'subjectId', 'channel'],
  agent: ['teamId', 'internal', 'state', 'reopened', 'assigneeId', 'ratedAssigneeId', 'score', 'channel'],
  all: REPORT_DAILY_KEY.slice(2),
} as const satisfies Record<string, readonly string[]>;
export type ReportGrain = keyof typeof REPORT_GRAINS;

/** first response and resolution in working minutes, bucketed per month: only at MINUTE_GRAIN */
export const MINUTE_METRICS = ['fr_min', 'res_min'] as const;
export const MINUTE_GRAIN = { name: 'min', dims: ['teamId', 'assigneeId', 'internal', 'score'] } as const;

@Entity('report_daily')
@Unique('uq_report_daily', ['grain', ...REPORT_DAILY_KEY])
/**
 * the unique key and the count: every report read (a range of days of some metrics at one grain) is a scan
 * of this index alone, without a lookup of each row by id (a year's sla and agents reports: 600–900 → 250 ms)
 */
@Index('ix_report_daily_cover', ['grain', ...REPORT_DAILY_KEY, 'n'])
export class ReportDaily {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  /** REPORT_GRAINS (or MINUTE_GRAIN): which dimensions this row keeps */
  @Str(6, { default: 'all' }) grain: string;
  /** ticket | fr_met | fr_failed | fr_open | res_met | res_failed | res_open | closed | cancelled | reopened | closed_at | rating; fr_min | res_min */
  @Str(12) metric: string;
  /** local date YYYY-MM-DD: of the creation (ticket, fr_*, res_*), the move, the closedAt, the rating; fr_min, res_min: the creation's local month YYYY-MM */
  @Str(10) day: string;
  @Int({ default: 0 }) teamId: number;
  @Int({ default: 0 }) valueChainId: number;
  @Int({ default: 0 }) departmentId: number;
  @Int({ default: 0 }) subjectId: number;
  @Int({ default: 0 }) assigneeId: number;
  @Str(8, { default: '' }) priority: string;
  @Int({ default: 0 }) internal: number;
  @Str(12, { default: '' }) state: string;
  @Int({ default: 0 }) reopened: number;
  @Int({ default: 0 }) policyId: number;
  @Int({ default: 0 }) ratedAssigneeId: number;
  @Int({ default: 0 }) score: number;
  @Str(16, { default: '' }) channel: string;
  @Int({ default: 0 }) n: number;
}

@Entity('report_ticket_facts')
/** covering for the minutes of a range with any filter: the scan reads the index alone */
@Index('ix_report_facts_created', [
  'createdAt',
  'teamId',
  'assigneeId',
  'subjectId',
  'departmentId',
  'valueChainId',
  'priority',
  'internal',
  'frMinutes',
  'resMinutes',
])
/** my dashboard and the team cards: tickets closed in a period, by assignee or team, with or without a failed target */
@Index('ix_report_facts_closed', ['closedAt', 'assigneeId', 'teamId', 'state', 'anyBreached'])
/** the exact minutes inside a few buckets of a long range (reports/summary/minutes.ts) */
@Index('ix_report_facts_fr', ['frMinutes', 'createdAt', 'teamId', 'assigneeId', 'internal'])
@Index('ix_report_facts_res', ['resMinutes', 'createdAt', 'teamId', 'assigneeId', 'internal'])
export class ReportTicketFact {
  @PrimaryColumn({ type: 'int' }) ticketId: number;
  @DateTime() createdAt: Date;
  @Int({ nullable: true }) teamId: number | null;
  @Int({ nullable: true }) valueChainId: number | null;
  @Int({ nullable: true }) departmentId: number | null;
  @Int({ nullable: true }) subjectId: number | null;
  @Int({ nullable: true }) assigneeId: number | null;
  @Str(8) priority: string;
  @Bool(false) internal: boolean;
  /** tickets.channel: the messenger the requester writes the ticket from */
  @Str(16, { default: 'telegram' }) channel: string;
  @Str(12) state: string;
  @Bool(false) reopened: boolean;
  @NullableDateTime() closedAt: Date | null;
  /** '' (none or cancelled), met, failed (reached late), open (not reached) */
  @Str(8, { default: '' }) frOutcome: string;
  @Int({ nullable: true }) frPolicyId: number | null;
  @Str(8, { default: '' }) resOutcome: string;
  @Int({ nullable: true }) resPolicyId: number | null;
  /** a target (not cancelled) is breached, reached or not */
  @Bool(false) anyBreached: boolean;
  @Column({ type: 'double', nullable: true }) frMinutes: number | null;
  @Column({ type: 'double', nullable: true }) resMinutes: number | null;
  /** JSON { m: [day, 'closed' | 'cancelled' | 'reopened'][], r: [day, ratedAssigneeId, score][] } */
  @Text() moves: string;
}
