import { Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Bool, DateTime, Enum, Int, Json, NullableDateTime, Str } from '../db/columns.ts';
import { PRIORITIES, SLA_KINDS, type Priority, type SlaKind } from './enums.ts';

@Entity('calendars')
export class Calendar {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Str(120) name: string;
  @Str(64, { default: 'Asia/Tehran' }) timeZone: string;
  /** JS weekday (0 = Sunday … 6 = Saturday) → [{ start: 'HH:MM', end: 'HH:MM' }] */
  @Json() weekly: Record<number, { start: string; end: string }[]>;
  @Bool(false) isDefault: boolean;
}

@Entity('calendar_exceptions')
@Unique(['calendarId', 'date'])
export class CalendarException {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int() calendarId: number;
  /** local Gregorian date YYYY-MM-DD */
  @Str(10) date: string;
  @Enum(['holiday', 'closure', 'short_day', 'extra_working_day'] as const)
  kind: 'holiday' | 'closure' | 'short_day' | 'extra_working_day';
  @Json({ nullable: true }) intervals: { start: string; end: string }[] | null;
  @Str(200, { nullable: true }) note: string | null;
}

@Entity('sla_policies')
export class SlaPolicy {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Str(120) name: string;
  @Int({ nullable: true }) teamId: number | null;
  @Int({ nullable: true }) subjectId: number | null;
  @Enum(PRIORITIES, { nullable: true }) minPriority: Priority | null;
  @Int({ nullable: true }) firstResponseMinutes: number | null;
  @Int({ nullable: true }) resolutionMinutes: number | null;
  /** wall-clock ceiling in minutes (DOMAIN.md: never more than 24 hours) */
  @Int({ nullable: true }) ceilingMinutes: number | null;
  @Int({ nullable: true }) calendarId: number | null;
  @Int({ default: 0 }) sortOrder: number;
  @Bool(true) active: boolean;
}

/** One running or finished service-level target of one ticket. */
@Entity('sla_targets')
@Unique(['ticketId', 'kind'])
@Index('ix_sla_open', ['reachedAt', 'breached', 'deadline'])
/** the dashboards' "has a failed / at-risk target" test per open ticket, answered from the index alone */
@Index('ix_sla_ticket_state', ['ticketId', 'cancelled', 'breached', 'reachedAt', 'paused', 'deadline'])
/** the SLA report's targets not reached that the jobs marked breached, from the index alone (reports/sla.ts) */
@Index('ix_sla_late', ['reachedAt', 'breached', 'cancelled', 'kind', 'policyId', 'ticketId'])
/** the inbox's "SLA due soonest": the targets that count down in deadline order (core/read/inbox.ts, core/sla/status.ts) */
@Index('ix_sla_due', ['cancelled', 'paused', 'reachedAt', 'deadline', 'ticketId'])
export class SlaTarget {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int() ticketId: number;
  @Enum(SLA_KINDS) kind: SlaKind;
  @Int({ nullable: true }) policyId: number | null;
  @Int() minutes: number;
  @NullableDateTime() deadline: Date | null;
  @NullableDateTime() warnAt: Date | null;
  @NullableDateTime() reachedAt: Date | null;
  @Bool(false) breached: boolean;
  @NullableDateTime() breachedAt: Date | null;
  @Bool(false) paused: boolean;
  @Int({ default: 0 }) pausedMinutes: number;
  @Bool(false) cancelled: boolean;
  @NullableDateTime() warnedAt: Date | null;
  @DateTime() updatedAt: Date;
}
