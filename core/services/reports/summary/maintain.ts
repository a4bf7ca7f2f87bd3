/**
 * Keeping the summary exact: every ticket change that moves a report figure calls refreshReportSummary in
 * its transaction (core/services/tickets: touchSla and applyAction); at the end of that transaction the
 * touched tickets' facts are recomputed, the
 * difference between its old and new contribution is added to report_daily (rows in key order, so two
 * transactions never wait on each other crosswise), and the fact is written.
 * Tickets written outside the core (imports, the benchmarks' seeds, hand-built test data) are summarised when
 * a report first meets them (catchUpReportSummary: the tickets above the highest summarised id), and
 * rebuildReportSummary recomputes everything (after a calendar or policy edit changed working minutes, or
 * to repair) — the same computation, in batches.
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { CoreContext } from '../../../context.ts';
import { isMariaDb } from '../../../db/data-source.ts';
import { MINUTE_GRAIN, MINUTE_METRICS, REPORT_DAILY_KEY, REPORT_GRAINS, ReportDaily, ReportTicketFact } from '../../../entities/report-summary.ts';
import { Ticket } from '../../../entities/ticket.ts';
import { transact } from '../../../tx.ts';
import { CalendarResolver } from '../working.ts';
import { computeFacts, contribution, type Contribution, type FactRow } from './facts.ts';

const FACT_COLUMNS = [
  'ticketId',
  'createdAt',
  'teamId',
  'valueChainId',
  'departmentId',
  'subjectId',
  'assigneeId',
  'priority',
  'internal',
  'state',
  'reopened',
  'closedAt',
  'frOutcome',
  'frPolicyId',
  'resOutcome',
  'resPolicyId',
  'anyBreached',
  'frMinutes',
  'resMinutes',
  'moves',
] as const;

const tableOf = (em: EntityManager, e: EntityTarget<ObjectLiteral>) => em.connection.getMetadata(e).tableName;

/** a contribution (keys at grain 'all') folded to every grain: [grain, ...key] → n; minute metrics to MINUTE_GRAIN alone */
export function atEveryGrain(delta: Contribution): Map<string, number> {
  const out = new Map<string, number>();
  const keeps = (dims: readonly string[]) => REPORT_DAILY_KEY.map((d, i) => i < 2 || dims.includes(d));
  const keep = Object.entries(REPORT_GRAINS).map(([grain, dims]) => [grain, keeps(dims)] as const);
  const minuteKeep = [[MINUTE_GRAIN.name, keeps(MINUTE_GRAIN.dims)] as const];
  for (const [k, n] of delta) {
    if (n === 0) continue;
    const key = JSON.parse(k) as unknown[];
    for (const [grain, kept] of (MINUTE_METRICS as readonly unknown[]).includes(key[0]) ? minuteKeep : keep) {
      const folded = JSON.stringify([grain, ...key.map((v, i) => (kept[i] ? v : typeof v === 'string' ? '' : 0))]);
      out.set(folded, (out.get(folded) ?? 0) + n);
    }
  }
  return out;
}

/**
 * adds `delta` (key → ±n) to report_daily at every grain, in key order; `empty`: the table was just emptied
 * (a rebuild) and the keys are distinct, so plain INSERTs (cheaper than upserts, and InnoDB's bulk path)
 */
export async function addToDaily(em: EntityManager, delta: Contribution, empty = false): Promise<void> {
  const rows = [...atEveryGrain(delta)].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const table = tableOf(em, ReportDaily);
  const key = ['grain', ...REPORT_DAILY_KEY];
  const cols = [...key, 'n'].map((c) => `\`${c}\``).join(', ');
  const maria = isMariaDb(em.connection);
  const size = empty ? 2000 : 400; // 2,000 rows × 16 columns stay under 65,535 placeholders
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const marks = chunk.map(() => `(${[...key, 'n'].map(() => '?').join(', ')})`).join(', ');
    const params = chunk.flatMap(([k, n]) => [...(JSON.parse(k) as unknown[]), n]);
    await em.query(
      empty
        ? `INSERT INTO \`${table}\` (${cols}) VALUES ${marks}`
        : maria
          ? `INSERT INTO \`${table}\` (${cols}) VALUES ${marks} ON DUPLICATE KEY UPDATE \`n\` = \`n\` + VALUES(\`n\`)`
          : `INSERT INTO \`${table}\` (${cols}) VALUES ${marks} ON CONFLICT (${key.map((c) => `\`${c}\``).join(', ')}) DO UPDATE SET \`n\` = \`n\` + excluded.\`n\``,
      params,
    );
  }
}

function diff(next: Contribution, old: Contribution | null): Contribution {
  const d = new Map(next);
  for (const [k, n] of old ?? []) d.set(k, (d.get(k) ?? 0) - n);
  return d;
}

export async function writeFacts(em: EntityManager, facts: FactRow[], replace: boolean): Promise<void> {
  const table = tableOf(em, ReportTicketFact);
  const cols = FACT_COLUMNS.map((c) => `\`${c}\``).join(', ');
  const maria = isMariaDb(em.connection);
  for (let i = 0; i < facts.length; i += 400) {
    const chunk = facts.slice(i, i + 400);
    const marks = chunk.map(() => `(${FACT_COLUMNS.map(() => '?').join(', ')})`).join(', ');
    const params = chunk.flatMap((f) =>
      FACT_COLUMNS.map((c) => {
        const v = f[c];
        if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
        return typeof v === 'boolean' ? (v ? 1 : 0) : v;
      }),
    );
    const verb = replace ? (maria ? 'REPLACE' : 'INSERT OR REPLACE') : 'INSERT';
    await em.query(`${verb} INTO \`${table}\` (${cols}) VALUES ${marks}`, params);
  }
}

/** recomputes the facts of these tickets and moves report_daily by the difference (call inside the change's transaction) */
export async function refreshFacts(em: EntityManager, ids: number[], calendars?: CalendarResolver): Promise<void> {
  if (!ids.length) return;
  const facts = await computeFacts(em, ids, calendars);
  // Lock only the facts that exist: a locking read of a missing key takes a gap lock, and two new tickets'
  // gap locks then block each other's insert (a deadlock). A missing fact is a ticket no other transaction
  // can be summarising: its change holds the ticket's row lock.
  const maria = isMariaDb(em.connection);
  const existing = maria
    ? (await em.find(ReportTicketFact, { where: ids.map((ticketId) => ({ ticketId })), select: { ticketId: true } })).map((f) => f.ticketId)
    : ids;
  const old = new Map(
    (existing.length
      ? await em.find(ReportTicketFact, { where: existing.map((ticketId) => ({ ticketId })), lock: maria ? { mode: 'pessimistic_write' } : undefined })
      : []
    ).map((f) => [f.ticketId, f]),
  );
  const delta: Contribution = new Map();
  for (const f of facts) {
    const o = old.get(f.ticketId);
    for (const [k, n] of diff(contribution(f), o ? contribution(o) : null)) delta.set(k, (delta.get(k) ?? 0) + n);
  }
  // a ticket that no longer has a fact (a merged duplicate) takes back what it had added
  const kept = new Set(facts.map((f) => f.ticketId));
  const gone = [...old.values()].filter((o) => !kept.has(o.ticketId));
  for (const o of gone) for (const [k, n] of contribution(o)) delta.set(k, (delta.get(k) ?? 0) - n);
  await addToDaily(em, delta);
  await writeFacts(em, facts, true);
  if (gone.length)
    await em.delete(
      ReportTicketFact,
      gone.map((o) => ({ ticketId: o.ticketId })),
    );
}

const pending = new WeakMap<object, Set<number>>();

/**
 * The ticket changed: its summary follows, in the same transaction — once, at its end, for every ticket the
 * change touched (a ticket change calls this from several steps; report_daily's shared rows are then locked
 * once, in key order, just before the commit, so concurrent changes neither deadlock nor queue for long).
 */
export async function refreshReportSummary(tx: { em: EntityManager; atEnd?: (key: string, fn: () => Promise<void>) => void }, ticketId: number): Promise<void> {
  if (!tx.atEnd) return refreshFacts(tx.em, [ticketId]);
  let ids = pending.get(tx);
  if (!ids) {
    const set = new Set<number>();
    pending.set(tx, (ids = set));
    tx.atEnd('report-summary', () =>
      refreshFacts(
        tx.em,
        [...set].sort((a, b) => a - b),
      ),
    );
  }
  ids.add(ticketId);
}

/** summarises the tickets above the highest summarised id (written outside the core); returns how many */
export async function catchUpReportSummary(ctx: CoreContext, batch = 2000): Promise<number> {
  const em = ctx.ds.manager;
  const tickets = tableOf(em, Ticket);
  const facts = tableOf(em, ReportTicketFact);
  let done = 0;
  for (;;) {
    const [w] = (await em.query(`SELECT MAX(\`ticketId\`) AS w FROM \`${facts}\``)) as { w: unknown }[];
    const watermark = Number(w?.w ?? 0);
    // merged duplicates have no fact (facts.ts): left out here too, or the watermark would never reach them. The
    // ids above the watermark by the primary key's range (a MAX(id) over the unmerged tickets read the whole table)
    const ids = (
      (await em.query(`SELECT \`id\` FROM \`${tickets}\` WHERE \`id\` > ? AND \`mergedIntoId\` IS NULL ORDER BY \`id\` LIMIT ${batch}`, [watermark])) as {
        id: unknown;
      }[]
    ).map((r) => Number(r.id));
    if (!ids.length) return done;
    await transact(ctx, async (tx) => refreshFacts(tx.em, ids));
    done += ids.length;
  }
}

/** recomputes the whole summary from the tickets (in batches; report_daily is written once at the end) */
export async function rebuildReportSummary(ctx: CoreContext, batch = 2000): Promise<number> {
  const em = ctx.ds.manager;
  const tickets = tableOf(em, Ticket);
  const calendars = await CalendarResolver.create(em);
  return transact(ctx, async (tx) => {
    await tx.em.query(`DELETE FROM \`${tableOf(em, ReportDaily)}\``);
    await tx.em.query(`DELETE FROM \`${tableOf(em, ReportTicketFact)}\``);
    const total: Contribution = new Map();
    let after = 0;
    let count = 0;
    for (;;) {
      const ids = ((await tx.em.query(`SELECT \`id\` FROM \`${tickets}\` WHERE \`id\` > ? ORDER BY \`id\` LIMIT ${batch}`, [after])) as { id: unknown }[]).map(
        (r) => Number(r.id),
      );
      if (!ids.length) break;
      const facts = await computeFacts(tx.em, ids, calendars);
      for (const f of facts) for (const [k, n] of contribution(f)) total.set(k, (total.get(k) ?? 0) + n);
      await writeFacts(tx.em, facts, false);
      after = ids.at(-1)!;
      count += ids.length;
    }
    await addToDaily(tx.em, total, true);
    return count;
  });
}
