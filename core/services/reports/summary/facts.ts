/**
 * What one ticket adds to the report summary, computed from the stored rows exactly as the plain report
 * queries read them: its current dimensions and state, the outcome of its (not cancelled) SLA targets, its
 * state moves (closed, cancelled, reopened — the 'state' events), its closedAt (backlog), its ratings, and the
 * working-minute figures of working.ts. Days are local days of SUMMARY_ZONE.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ReportTicketFact } from '../../../entities/report-summary.ts';
import { SlaTarget } from '../../../entities/sla.ts';
import { Rating, Ticket, TicketEvent } from '../../../entities/ticket.ts';
import type { TicketState } from '../../../entities/enums.ts';
import { wallTime } from '../../../sla/calendar.ts';
import { isActiveState } from '../../tickets/transitions.ts';
import { toDate } from '../sql.ts';
import { CalendarResolver, resolutionSpan, type History } from '../working.ts';
import { minuteBucket, wholeMinutes } from './minute-buckets.ts';

/** the zone whose local days the summary counts in; reports in another zone read the plain tables */
export const SUMMARY_ZONE = 'Asia/Tehran';

const pad = (n: number) => String(n).padStart(2, '0');
export function summaryDay(at: Date): string {
  const w = wallTime(at.getTime(), SUMMARY_ZONE);
  return `${w.y}-${pad(w.m)}-${pad(w.d)}`;
}

export type FactRow = Omit<ReportTicketFact, never>;
type Move = [string, 'closed' | 'cancelled' | 'reopened'];
type Rated = [string, number, number];

const json = (v: unknown): Record<string, unknown> | null => {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'object') return v as Record<string, unknown>;
  try {
    return JSON.parse(String(v)) as Record<string, unknown>;
  } catch {
    return null;
  }
};
const outcome = (t: Record<string, unknown> | undefined): string =>
  !t || Number(t.cancelled) ? '' : t.reachedAt === null || t.reachedAt === undefined ? 'open' : Number(t.breached) ? 'failed' : 'met';

/** the fact rows of many tickets (loaded in chunks of 500); merged duplicates have none */
export async function computeFacts(em: EntityManager, ids: number[], calendars?: CalendarResolver): Promise<FactRow[]> {
  const resolver = calendars ?? (await CalendarResolver.create(em));
  const table = (e: EntityTarget<ObjectLiteral>) => em.connection.getMetadata(e).tableName;
  const out: FactRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map(() => '?').join(', ');
    const tickets = (await em.query(
      `SELECT \`id\`, \`state\`, \`priority\`, \`internal\`, \`channel\`, \`teamId\`, \`valueChainId\`, \`departmentId\`, \`subjectId\`, \`assigneeId\`,` +
        ` \`slaPolicyId\`, \`reopenCount\`, \`createdAt\`, \`updatedAt\`, \`firstResponseAt\`, \`closedAt\`, \`mergedIntoId\` FROM \`${table(Ticket)}\` WHERE \`id\` IN (${marks})`,
      chunk,
    )) as Record<string, unknown>[];
    const events = (await em.query(
      `SELECT \`ticketId\`, \`kind\`, \`before\`, \`after\`, \`createdAt\` FROM \`${table(TicketEvent)}\`` +
        ` WHERE \`ticketId\` IN (${marks}) AND \`kind\` IN ('created', 'state') ORDER BY \`ticketId\`, \`id\``,
      chunk,
    )) as Record<string, unknown>[];
    const targets = (await em.query(
      `SELECT \`ticketId\`, \`kind\`, \`policyId\`, \`reachedAt\`, \`breached\`, \`cancelled\` FROM \`${table(SlaTarget)}\` WHERE \`ticketId\` IN (${marks})`,
      chunk,
    )) as Record<string, unknown>[];
    const ratings = (await em.query(
      `SELECT \`ticketId\`, \`assigneeId\`, \`score\`, \`createdAt\` FROM \`${table(Rating)}\` WHERE \`ticketId\` IN (${marks}) ORDER BY \`id\``,
      chunk,
    )) as Record<string, unknown>[];
    const group = <T extends Record<string, unknown>>(rows: T[]) => {
      const m = new Map<number, T[]>();
      for (const r of rows) {
        const id = Number(r.ticketId);
        let l = m.get(id);
        if (!l) m.set(id, (l = []));
        l.push(r);
      }
      return m;
    };
    const ev = group(events);
    const tg = group(targets);
    const rt = group(ratings);
    for (const t of tickets) {
      // a duplicate merged into another ticket has no fact: the reports count the kept ticket once (tickets/merge.ts)
      if (t.mergedIntoId !== null && t.mergedIntoId !== undefined) continue;
      const id = Number(t.id);
      const createdAt = toDate(t.createdAt)!;
      const state = String(t.state) as TicketState;
      const history: History = [];
      const moves: Move[] = [];
      for (const e of ev.get(id) ?? []) {
        const after = json(e.after);
        const at = toDate(e.createdAt)!;
        if (typeof after?.state === 'string') history.push({ at, state: after.state as TicketState });
        if (e.kind !== 'state') continue;
        const to = after?.state;
        const from = json(e.before)?.state;
        if (to === 'closed') moves.push([summaryDay(at), 'closed']);
        if (to === 'cancelled') moves.push([summaryDay(at), 'cancelled']);
        if ((from === 'closed' || from === 'cancelled') && typeof to === 'string' && isActiveState(to as TicketState)) moves.push([summaryDay(at), 'reopened']);
      }
      if (!history.length) history.push({ at: createdAt, state: 'new' });
      if (history.at(-1)!.state !== state) history.push({ at: toDate(t.updatedAt)!, state });
      const cal = await resolver.forTicket({
        teamId: t.teamId === null ? null : Number(t.teamId),
        slaPolicyId: t.slaPolicyId === null ? null : Number(t.slaPolicyId),
      });
      const firstResponseAt = toDate(t.firstResponseAt);
      let resMinutes: number | null = null;
      if (state === 'closed' || state === 'finished') {
        const span = resolutionSpan(history);
        if (span) resMinutes = cal.workingMinutesBetween(createdAt, span.reachedAt, span.pauses);
      }
      const fr = tg.get(id)?.find((x) => x.kind === 'first_response');
      const res = tg.get(id)?.find((x) => x.kind === 'resolution');
      const rated: Rated[] = (rt.get(id) ?? []).map((r) => [
        summaryDay(toDate(r.createdAt)!),
        r.assigneeId === null ? 0 : Number(r.assigneeId),
        Number(r.score),
      ]);
      const idOf = (v: unknown) => (v === null || v === undefined ? null : Number(v));
      out.push({
        ticketId: id,
        createdAt,
        teamId: idOf(t.teamId),
        valueChainId: idOf(t.valueChainId),
        departmentId: idOf(t.departmentId),
        subjectId: idOf(t.subjectId),
        assigneeId: idOf(t.assigneeId),
        priority: String(t.priority),
        internal: Boolean(Number(t.internal)),
        channel: String(t.channel ?? 'telegram'),
        state,
        reopened: Number(t.reopenCount) > 0,
        closedAt: toDate(t.closedAt),
        frOutcome: outcome(fr),
        frPolicyId: idOf(fr?.policyId),
        resOutcome: outcome(res),
        resPolicyId: idOf(res?.policyId),
        anyBreached: (tg.get(id) ?? []).some((x) => !Number(x.cancelled) && Number(x.breached) === 1),
        frMinutes: firstResponseAt ? cal.workingMinutesBetween(createdAt, firstResponseAt) : null,
        resMinutes,
        moves: JSON.stringify({ m: moves, r: rated }),
      });
    }
  }
  return out;
}

/** the key of a report_daily row (REPORT_DAILY_KEY order) → its count */
export type Contribution = Map<string, number>;

/** what a fact adds to report_daily */
export function contribution(f: FactRow): Contribution {
  const out: Contribution = new Map();
  const dims = [f.teamId ?? 0, f.valueChainId ?? 0, f.departmentId ?? 0, f.subjectId ?? 0, f.assigneeId ?? 0, f.priority, f.internal ? 1 : 0];
  const add = (metric: string, day: string, state = '', reopened = 0, policyId = 0, rated = 0, score = 0) => {
    const k = JSON.stringify([metric, day, ...dims, state, reopened, policyId, rated, score, f.channel]);
    out.set(k, (out.get(k) ?? 0) + 1);
  };
  const created = summaryDay(toDate(f.createdAt)!);
  add('ticket', created, f.state, f.reopened ? 1 : 0);
  if (f.frOutcome) add(`fr_${f.frOutcome}`, created, '', 0, f.frPolicyId ?? 0);
  if (f.resOutcome) add(`res_${f.resOutcome}`, created, '', 0, f.resPolicyId ?? 0);
  if (f.closedAt) add('closed_at', summaryDay(toDate(f.closedAt)!));
  // kept at MINUTE_GRAIN only (maintain.ts atEveryGrain): the month and the bucket of each figure
  const month = created.slice(0, 7);
  if (f.frMinutes !== null) add('fr_min', month, '', 0, 0, 0, minuteBucket(wholeMinutes(f.frMinutes)));
  if (f.resMinutes !== null) add('res_min', month, '', 0, 0, 0, minuteBucket(wholeMinutes(f.resMinutes)));
  const extra = JSON.parse(f.moves || '{}') as { m?: Move[]; r?: Rated[] };
  for (const [day, kind] of extra.m ?? []) add(kind, day);
  for (const [day, rated, score] of extra.r ?? []) add('rating', day, '', 0, 0, rated, score);
  return out;
}
