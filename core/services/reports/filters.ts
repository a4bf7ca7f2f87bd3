/**
 * The filters of a report (a date range and optional team, value chain, department, subject, agent,
 * priority, internal, channel) as a SQL condition on the tickets table, limited to the actor's team scope.
 * Parameters are positional (`?`), which MariaDB and SQLite both take.
 */
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '../../entities/enums.ts';
import { ValidationError } from '../errors.ts';
import { sqlTime } from './sql.ts';
import type { TeamScope } from './scope.ts';

export interface ReportFilters {
  /** range start, inclusive */
  from: Date;
  /** range end, exclusive */
  to: Date;
  teamId?: number | null;
  valueChainId?: number | null;
  departmentId?: number | null;
  subjectId?: number | null;
  /** the assignee */
  agentId?: number | null;
  priority?: Priority | null;
  internal?: boolean | null;
  /** the messenger the requester writes the ticket from (tickets.channel) */
  channel?: Channel | null;
}

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

export function validateFilters(f: ReportFilters): void {
  const fields: Record<string, string> = {};
  if (!(f.from instanceof Date) || Number.isNaN(f.from.getTime())) fields.from = 'invalid_date';
  if (!(f.to instanceof Date) || Number.isNaN(f.to.getTime())) fields.to = 'invalid_date';
  else if (!fields.from && f.to <= f.from) fields.to = 'out_of_range';
  if (f.priority && !PRIORITIES.includes(f.priority)) fields.priority = 'invalid';
  if (f.channel && !CHANNELS.includes(f.channel)) fields.channel = 'invalid';
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

/** the non-date filters plus the scope, on tickets under `alias` */
export function ticketFilterSql(f: ReportFilters, scope: TeamScope, alias = 't'): SqlCondition {
  const parts: string[] = [];
  const params: unknown[] = [];
  const eq = (col: string, v: unknown) => {
    parts.push(`${alias}.\`${col}\` = ?`);
    params.push(v);
  };
  if (scope) {
    parts.push(scope.length ? `${alias}.\`teamId\` IN (${scope.map(() => '?').join(', ')})` : '1 = 0');
    params.push(...scope);
  }
  if (f.teamId != null) eq('teamId', f.teamId);
  if (f.valueChainId != null) eq('valueChainId', f.valueChainId);
  if (f.departmentId != null) eq('departmentId', f.departmentId);
  if (f.subjectId != null) eq('subjectId', f.subjectId);
  if (f.agentId != null) eq('assigneeId', f.agentId);
  if (f.priority != null) eq('priority', f.priority);
  if (f.internal != null) eq('internal', f.internal ? 1 : 0);
  if (f.channel != null) eq('channel', f.channel);
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}

/** a datetime column within [from, to) */
export function rangeSql(column: string, f: ReportFilters): SqlCondition {
  return { sql: `${column} >= ? AND ${column} < ?`, params: [sqlTime(f.from), sqlTime(f.to)] };
}

export function and(...conds: SqlCondition[]): SqlCondition {
  return { sql: conds.map((c) => `(${c.sql})`).join(' AND '), params: conds.flatMap((c) => c.params) };
}
