/**
 * Small SQL helpers of the reports: table names, instants as parameters and back (MariaDB returns Date,
 * SQLite text), the local calendar day of a datetime column in the dialect, and numbers from aggregates
 * (MariaDB returns COUNT/SUM as strings or bigints).
 */
import type { EntityManager } from 'typeorm';
import { wallTime } from '../../sla/calendar.ts';

/** an instant as a SQL parameter both MariaDB (UTC connection) and SQLite compare correctly */
export function sqlTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** a datetime read by a raw query (Date from mysql2, 'YYYY-MM-DD HH:MM:SS.SSS' UTC text from SQLite) */
export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(s.includes('T') ? s : `${s.replace(' ', 'T')}Z`);
}

export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return Number(v);
}

export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

export function isSqlite(em: EntityManager): boolean {
  return em.connection.options.type === 'better-sqlite3';
}

/** minutes the zone is ahead of UTC at an instant */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const w = wallTime(at.getTime(), timeZone);
  return Math.round((Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The local calendar date ('YYYY-MM-DD') of a UTC datetime column, shifted by a fixed offset
 * (Asia/Tehran has had no DST since 2022: the offset at the range's start holds for the range).
 */
export function localDaySql(em: EntityManager, column: string, offsetMinutes: number): string {
  return isSqlite(em)
    ? `date(${column}, '${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes} minutes')`
    : `DATE_FORMAT(DATE_ADD(${column}, INTERVAL ${offsetMinutes} MINUTE), '%Y-%m-%d')`;
}

/** a JSON field of a text column (simple-json) */
export function jsonFieldSql(em: EntityManager, column: string, field: string): string {
  return isSqlite(em) ? `json_extract(${column}, '$.${field}')` : `JSON_VALUE(${column}, '$.${field}')`;
}

export { ACTIVE_STATES } from '../tickets/transitions.ts';
export const DONE_STATES = ['closed', 'finished'] as const;
export const inList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
