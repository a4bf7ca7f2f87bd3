/**
 * The inbox query over the tickets a staff member may see (core permissions: visibleTicketsWhere):
 * - tabs: mine, unassigned, my teams, all, SLA at risk (a running target whose deadline is within the
 *   settings' slaAtRiskMinutes, or past its warning time), SLA failed (breached, or past its deadline) — the
 *   rule of core/sla/status.ts;
 * - filters: state (default: the active ones), priority, team, assignee (or none), value chain / department /
 *   subject, internal or not, a creation date range (Jalali or Gregorian dates, whole days in the time zone);
 * - unread: only the tickets unread to him (core/services/inbox-state.ts);
 * - sort: last change or creation, newest or oldest first, or the SLA due soonest (the next deadline of a
 *   target still counting down — core/sla/status.ts — tickets without one last, by id);
 * - keyset pagination on (sort column, id) — never OFFSET — so every page costs the same on a large table
 *   (the due sort walks the SLA targets that count down in deadline order, joined to their tickets);
 *   the visibility rule is an OR no index serves, so a page takes the first rows of each of its branches
 *   (core visibleTicketsBranches: assignee, creator, follower, team, supervised team) and merges them in
 *   one UNION query; the rows of the page come from core/read/inbox-rows.ts (two queries).
 * Tab counts are capped (COUNT over at most COUNT_CAP rows a branch), all six in one query.
 * The panel (admin/inbox.ts) parses the query string into InboxFilters and renders; this file reads.
 */
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { CoreContext } from '../context.ts';
import type { Priority, TicketState } from '../entities/enums.ts';
import type { StaffAccount } from '../entities/people.ts';
import { SlaTarget } from '../entities/sla.ts';
import { Ticket } from '../entities/ticket.ts';
import { staffActor } from '../services/actor.ts';
import { unreadSql } from '../services/inbox-state.ts';
import { staffScope, visibleTicketsBranches, type VisibilityCondition } from '../services/permissions.ts';
import { getSettings } from '../services/settings.ts';
import { ACTIVE_STATES } from '../services/tickets/index.ts';
import { atRiskEdge, nextDueTargetSql, noDueSql, slaAtRiskSql, slaFailedSql } from '../sla/status.ts';
import { inboxRows, type InboxRow } from './inbox-rows.ts';

export type { InboxDue, InboxRow } from './inbox-rows.ts';

export const TABS = ['mine', 'unassigned', 'teams', 'all', 'at_risk', 'failed'] as const;
export type Tab = (typeof TABS)[number];

export const SORTS = ['updated_desc', 'updated_asc', 'created_desc', 'created_asc', 'due_asc'] as const;
export type Sort = (typeof SORTS)[number];

export interface InboxFilters {
  tab: Tab;
  /** a state, 'active' (default: new/open/answered/resolved) or 'any' */
  state: TicketState | 'active' | 'any';
  priority: Priority | null;
  teamId: number | null;
  /** a staff id, or 'none' for unassigned */
  assignee: number | 'none' | null;
  valueChainId: number | null;
  departmentId: number | null;
  subjectId: number | null;
  internal: boolean | null;
  /** creation date range as typed (Jalali or Gregorian), and the instants they stand for */
  from: string;
  to: string;
  fromAt: Date | null;
  toAt: Date | null;
  /** only the tickets unread to him */
  unread: boolean;
  sort: Sort;
}

export interface InboxCursor {
  /** the sort key of the last row in ms (the due sort: null for a row without a due time) */
  at: number | null;
  id: number;
}

export const PAGE_SIZE = 25;
export const COUNT_CAP = 1000;

const sortColumn = (sort: Sort) => (sort.startsWith('created') ? 'createdAt' : 'updatedAt');
const descending = (sort: Sort) => sort.endsWith('_desc');

export const cursorOf = (t: Ticket, sort: Sort) => `${t[sortColumn(sort)].getTime()}_${t.id}`;
const dueCursorOf = (row: InboxRow) => `${row.due ? row.due.at.getTime() : 'n'}_${row.ticket.id}`;

/** what every query of one request shares: the visibility branches, the staff member's teams, the clock */
interface Scope {
  branches: VisibilityCondition[];
  myTeams: number[];
  now: Date;
  atRiskEdge: Date;
}

async function scopeOf(ctx: CoreContext, staff: StaffAccount, tabs: readonly Tab[]): Promise<Scope> {
  const scope = await staffScope(ctx.ds.manager, staff);
  const branches = await visibleTicketsBranches(ctx.ds.manager, staffActor(staff), 't', scope);
  const now = ctx.clock.now();
  const atRisk = tabs.includes('at_risk') ? (await getSettings(ctx)).slaAtRiskMinutes : 0;
  return { branches, myTeams: scope.memberTeamIds, now, atRiskEdge: atRiskEdge(now, atRisk) };
}

/** the tickets of one visibility branch under the filters and the tab */
function filtered(ctx: CoreContext, staff: StaffAccount, f: InboxFilters, tab: Tab, scope: Scope, branch: VisibilityCondition): SelectQueryBuilder<Ticket> {
  const qb = ctx.ds.getRepository(Ticket).createQueryBuilder('t');
  qb.where(new Brackets((w) => w.where(branch.sql, branch.params)));
  if (f.state === 'active') qb.andWhere('t.state IN (:...iStates)', { iStates: [...ACTIVE_STATES] });
  else if (f.state !== 'any') qb.andWhere('t.state = :iState', { iState: f.state });
  if (f.priority) qb.andWhere('t.priority = :iPriority', { iPriority: f.priority });
  if (f.teamId !== null) qb.andWhere('t.teamId = :iTeam', { iTeam: f.teamId });
  if (f.assignee === 'none') qb.andWhere('t.assigneeId IS NULL');
  else if (f.assignee !== null) qb.andWhere('t.assigneeId = :iAssignee', { iAssignee: f.assignee });
  if (f.valueChainId !== null) qb.andWhere('t.valueChainId = :iVc', { iVc: f.valueChainId });
  if (f.departmentId !== null) qb.andWhere('t.departmentId = :iDept', { iDept: f.departmentId });
  if (f.subjectId !== null) qb.andWhere('t.subjectId = :iSubject', { iSubject: f.subjectId });
  if (f.internal !== null) qb.andWhere('t.internal = :iInternal', { iInternal: f.internal });
  if (f.fromAt) qb.andWhere('t.createdAt >= :iFrom', { iFrom: f.fromAt });
  if (f.toAt) qb.andWhere('t.createdAt < :iTo', { iTo: f.toAt });
  if (f.unread) qb.andWhere(unreadSql(ctx, 't.id', ':iUnreadMe'), { iUnreadMe: staff.id });
  const targets = ctx.ds.getRepository(SlaTarget).metadata.tableName;
  switch (tab) {
    case 'mine':
      qb.andWhere('t.assigneeId = :iMe', { iMe: staff.id });
      break;
    case 'unassigned':
      qb.andWhere('t.assigneeId IS NULL');
      break;
    case 'teams':
      qb.andWhere('t.teamId IN (:...iTeams)', { iTeams: scope.myTeams.length ? scope.myTeams : [-1] });
      break;
    case 'at_risk':
      qb.andWhere(`t.id IN (SELECT s.ticketId FROM ${targets} s WHERE ${slaAtRiskSql('s', ':iNow', ':iEdge')})`, { iNow: scope.now, iEdge: scope.atRiskEdge });
      break;
    case 'failed':
      qb.andWhere(`t.id IN (SELECT s.ticketId FROM ${targets} s WHERE ${slaFailedSql('s', ':iNow')})`, { iNow: scope.now });
      break;
    case 'all':
      break;
  }
  return qb;
}

export interface InboxPage {
  items: InboxRow[];
  next: string | null;
}

/**
 * The branches joined by UNION, each as a derived table: `SELECT * FROM (… ORDER BY … LIMIT n) b0 UNION …`.
 * SQLite rejects parenthesised UNION members; a derived table with its own ORDER BY and LIMIT is accepted by
 * both, and on MariaDB it is materialised from its own index range just as a parenthesised member is.
 */
function unionOf(parts: [string, unknown[]][]): string {
  return parts.map(([q], i) => `SELECT * FROM (${q}) b${i}`).join(' UNION ');
}

/**
 * One page: the ids and sort keys of a page from each visibility branch (each on its own index), merged by
 * a UNION to the page's ids — one query; then its rows (core/read/inbox-rows.ts) — two more.
 */
export async function inboxPage(ctx: CoreContext, staff: StaffAccount, f: InboxFilters, cursor: InboxCursor | null): Promise<InboxPage> {
  const scope = await scopeOf(ctx, staff, [f.tab]);
  if (!scope.branches.length) return { items: [], next: null };
  // his own tickets: the assignee always sees them, so that branch alone is the whole answer
  if (f.tab === 'mine' && scope.branches.length > 1) scope.branches = scope.branches.filter((b) => b.kind === 'assignee');
  const ids = f.sort === 'due_asc' ? await dueIds(ctx, staff, f, scope, cursor) : await columnIds(ctx, staff, f, scope, cursor);
  if (!ids.length) return { items: [], next: null };
  const items = await inboxRows(ctx, staff, ids.slice(0, PAGE_SIZE));
  const last = items[items.length - 1];
  const next = ids.length > PAGE_SIZE && last ? (f.sort === 'due_asc' ? dueCursorOf(last) : cursorOf(last.ticket, f.sort)) : null;
  return { items, next };
}

/** the ids of a page (and one more) sorted by a ticket column */
async function columnIds(ctx: CoreContext, staff: StaffAccount, f: InboxFilters, scope: Scope, cursor: InboxCursor | null): Promise<number[]> {
  const column = sortColumn(f.sort);
  const col = `t.${column}`;
  const dir = descending(f.sort) ? 'DESC' : 'ASC';
  const parts = scope.branches.map((branch) => {
    const qb = filtered(ctx, staff, f, f.tab, scope, branch);
    if (cursor && cursor.at !== null) {
      const op = dir === 'DESC' ? '<' : '>';
      // (col, id) past the cursor, written with a plain bound on col so that an index on it gives a range
      qb.andWhere(`${col} ${op}= :cAt AND (${col} ${op} :cAt OR t.id ${op} :cId)`, { cAt: new Date(cursor.at), cId: cursor.id });
    }
    return qb
      .select(['t.id', col])
      .orderBy(col, dir)
      .addOrderBy('t.id', dir)
      .limit(PAGE_SIZE + 1)
      .getQueryAndParameters();
  });
  const sql =
    parts.length === 1 ? parts[0]![0] : `SELECT u.t_id FROM (${unionOf(parts)}) u ORDER BY u.t_${column} ${dir}, u.t_id ${dir} LIMIT ${PAGE_SIZE + 1}`;
  const found: { t_id: number | string }[] = await ctx.ds.query(
    sql,
    parts.flatMap(([, p]) => p),
  );
  return found.map((r) => Number(r.t_id));
}

/**
 * The ids of a page (and one more) by the SLA due soonest. First the tickets with a due time: the targets that
 * count down, in deadline order on ix_sla_due, each joined to its ticket when it is the ticket's next due one
 * (nextDueTargetSql: one row a ticket) and the ticket is visible and passes the filters — so a page reads about
 * its own rows, and at most every target that counts down. When they run out, the tickets without a due time
 * follow by id (noDueSql; one branch each, merged by a UNION as in columnIds) — a second query, only on the page
 * where the first list ends and after it (cursor `n_<id>`).
 */
async function dueIds(ctx: CoreContext, staff: StaffAccount, f: InboxFilters, scope: Scope, cursor: InboxCursor | null): Promise<number[]> {
  const targets = ctx.ds.getRepository(SlaTarget).metadata.tableName;
  const merge = async (parts: [string, unknown[]][], outer: string): Promise<number[]> => {
    const sql = parts.length === 1 ? parts[0]![0] : `SELECT u.t_id FROM (${unionOf(parts)}) u ${outer}`;
    const found: { t_id: number | string }[] = await ctx.ds.query(
      sql,
      parts.flatMap(([, p]) => p),
    );
    return found.map((r) => Number(r.t_id));
  };
  let ids: number[] = [];
  if (!cursor || cursor.at !== null) {
    // one query with the branches OR-ed: it walks the targets in deadline order and tests each one's ticket, so
    // its cost is bounded by the targets that count down; a branch of its own each would walk them once per
    // branch, and one that matches few tickets (a supervised team's internal ones) to the end
    const visible: VisibilityCondition[] =
      scope.branches.length > 1
        ? [{ sql: scope.branches.map((b) => `(${b.sql})`).join(' OR '), params: Object.assign({}, ...scope.branches.map((b) => b.params)) as ObjectLiteral }]
        : scope.branches;
    const parts = visible.map((branch) => {
      const qb = filtered(ctx, staff, f, f.tab, scope, branch).innerJoin(SlaTarget, 's', `s.ticketId = t.id AND ${nextDueTargetSql(targets, 's')}`);
      // (deadline, ticket) past the cursor, with a plain bound on the deadline so that the index gives a range
      if (cursor) qb.andWhere('s.deadline >= :cDue AND (s.deadline > :cDue OR s.ticketId > :cId)', { cDue: new Date(cursor.at!), cId: cursor.id });
      return qb
        .select('t.id', 't_id')
        .addSelect('s.deadline', 't_due')
        .orderBy('s.deadline', 'ASC')
        .addOrderBy('s.ticketId', 'ASC')
        .limit(PAGE_SIZE + 1)
        .getQueryAndParameters();
    });
    ids = await merge(parts, `ORDER BY u.t_due, u.t_id LIMIT ${PAGE_SIZE + 1}`);
    if (ids.length > PAGE_SIZE) return ids;
  }
  const rest = PAGE_SIZE + 1 - ids.length;
  const parts = scope.branches.map((branch) => {
    const qb = filtered(ctx, staff, f, f.tab, scope, branch).andWhere(noDueSql(targets, 't.id'));
    if (cursor && cursor.at === null) qb.andWhere('t.id > :cId', { cId: cursor.id });
    return qb.select('t.id', 't_id').orderBy('t.id', 'ASC').limit(rest).getQueryAndParameters();
  });
  return [...ids, ...(await merge(parts, `ORDER BY u.t_id LIMIT ${rest}`))];
}

/** the number of tickets under each tab with the same filters, each counted up to COUNT_CAP — in one query */
export async function tabCounts(ctx: CoreContext, staff: StaffAccount, f: InboxFilters): Promise<Record<Tab, number>> {
  const scope = await scopeOf(ctx, staff, TABS);
  const out = Object.fromEntries(TABS.map((tab) => [tab, 0])) as Record<Tab, number>;
  if (!scope.branches.length) return out;
  const params: unknown[] = [];
  const columns = TABS.map((tab) => {
    const parts = scope.branches.map((branch) => filtered(ctx, staff, f, tab, scope, branch).select('t.id').limit(COUNT_CAP).getQueryAndParameters());
    for (const [, p] of parts) params.push(...p);
    return `(SELECT COUNT(*) FROM (${unionOf(parts)}) u) AS \`${tab}\``;
  });
  const rows: Record<Tab, string | number>[] = await ctx.ds.query(`SELECT ${columns.join(', ')}`, params);
  for (const tab of TABS) out[tab] = Math.min(COUNT_CAP, Number(rows[0]?.[tab] ?? 0));
  return out;
}
