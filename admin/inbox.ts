/**
 * The inbox's query string: the filters, the tab, the sort and the cursor as the panel's links carry them.
 * The query itself is core's (core/read/inbox.ts); re-exported here for the routes.
 */
import { PRIORITIES, TICKET_STATES, type Priority, type TicketState } from '../core/entities/enums.ts';
import { SORTS, TABS, type InboxCursor, type InboxFilters, type Sort, type Tab } from '../core/read/inbox.ts';
import { parseAdminDate } from '../core/services/calendars.ts';
import { gregorianToJalali, startOfJalaliDay } from '../core/text/index.ts';

export { inboxRows } from '../core/read/inbox-rows.ts';
export {
  COUNT_CAP,
  PAGE_SIZE,
  SORTS,
  TABS,
  cursorOf,
  inboxPage,
  tabCounts,
  type InboxCursor,
  type InboxDue,
  type InboxFilters,
  type InboxPage,
  type InboxRow,
  type Sort,
  type Tab,
} from '../core/read/inbox.ts';

const idOf = (s: string | undefined) => (/^\d{1,9}$/.test(s ?? '') ? Number(s) : null);

/** the first instant of a typed day in the time zone, or null */
export function dayStart(typed: string, timeZone: string): Date | null {
  const g = parseAdminDate(typed);
  if (!g) return null;
  const [y, m, d] = g.split('-').map(Number) as [number, number, number];
  const j = gregorianToJalali(y, m, d);
  return startOfJalaliDay(j.y, j.m, j.d, timeZone);
}

export function parseFilters(q: Record<string, string | undefined>, timeZone = 'Asia/Tehran'): InboxFilters {
  const tab = (TABS as readonly string[]).includes(q.tab ?? '') ? (q.tab as Tab) : 'mine';
  const state = q.state === 'any' || (TICKET_STATES as readonly string[]).includes(q.state ?? '') ? (q.state as TicketState | 'any') : 'active';
  const priority = (PRIORITIES as readonly string[]).includes(q.priority ?? '') ? (q.priority as Priority) : null;
  const assignee = q.assignee === 'none' ? 'none' : idOf(q.assignee);
  const internal = q.internal === 'yes' ? true : q.internal === 'no' ? false : null;
  const from = (q.from ?? '').trim().slice(0, 20);
  const to = (q.to ?? '').trim().slice(0, 20);
  const fromAt = from ? dayStart(from, timeZone) : null;
  const toAt = to ? dayAfter(to, timeZone) : null; // "to" is inclusive: up to the start of the next day
  const sort = (SORTS as readonly string[]).includes(q.sort ?? '') ? (q.sort as Sort) : 'updated_desc';
  return {
    tab,
    state,
    priority,
    teamId: idOf(q.team),
    assignee,
    valueChainId: idOf(q.vc),
    departmentId: idOf(q.dept),
    subjectId: idOf(q.subject),
    internal,
    from,
    to,
    fromAt,
    toAt,
    unread: q.unread === '1',
    sort,
  };
}

/** the first instant of the day after a typed day, or null */
function dayAfter(typed: string, timeZone: string): Date | null {
  const g = parseAdminDate(typed);
  if (!g) return null;
  const next = new Date(`${g}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return dayStart(next.toISOString().slice(0, 10), timeZone);
}

/** the query string of the filters (for links, pages and the refresh) */
export function filterParams(f: InboxFilters, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams({ tab: f.tab });
  if (f.state !== 'active') p.set('state', f.state);
  if (f.priority) p.set('priority', f.priority);
  if (f.teamId !== null) p.set('team', String(f.teamId));
  if (f.assignee !== null) p.set('assignee', String(f.assignee));
  if (f.valueChainId !== null) p.set('vc', String(f.valueChainId));
  if (f.departmentId !== null) p.set('dept', String(f.departmentId));
  if (f.subjectId !== null) p.set('subject', String(f.subjectId));
  if (f.internal !== null) p.set('internal', f.internal ? 'yes' : 'no');
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.unread) p.set('unread', '1');
  if (f.sort !== 'updated_desc') p.set('sort', f.sort);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** `<ms>_<id>`, or for the due sort `n_<id>` past the tickets with a due time */
export function parseCursor(s: string | undefined): InboxCursor | null {
  const m = /^(\d{1,15}|n)_(\d{1,10})$/.exec(s ?? '');
  return m ? { at: m[1] === 'n' ? null : Number(m[1]), id: Number(m[2]) } : null;
}
