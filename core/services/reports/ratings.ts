/**
 * Ratings given in the range on tickets matching the filters (scope by the ticket's team; the agent filter
 * is the rated assignee): distribution of scores 1–5, count, average, satisfied % (4–5), a trend per
 * bucket (count and average) — from the summary (summary/) — and the latest comments (ratings by time, newest first).
 */
import type { CoreContext } from '../../context.ts';
import { StaffAccount } from '../../entities/people.ts';
import { Rating, Ticket } from '../../entities/ticket.ts';
import type { Actor } from '../actor.ts';
import { bucketLabel, bucketOf, type Granularity } from './buckets.ts';
import { and, rangeSql, ticketFilterSql, validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { toDate } from './sql.ts';
import { cube } from './summary/cube.ts';
import { pct, round1 } from './stats.ts';

export interface RatingComment {
  ratingId: number;
  ticketId: number;
  ticketNumber: number;
  score: number;
  comment: string;
  assigneeId: number | null;
  assigneeName: string;
  createdAt: Date;
}

export interface RatingsReport {
  /** index 0 = score 1 … index 4 = score 5 */
  distribution: [number, number, number, number, number];
  count: number;
  average: number | null;
  satisfiedPct: number | null;
  trend: { bucket: string; label: string; count: number; average: number | null }[];
  comments: RatingComment[];
}

export async function ratingsReport(
  ctx: CoreContext,
  actor: Actor,
  f: ReportFilters,
  granularity: Granularity = 'day',
  commentLimit = 20,
): Promise<RatingsReport> {
  validateFilters(f);
  const em = ctx.ds.manager;
  const scope = await reportTeamScope(em, actor, f.teamId);
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const ratings = em.getRepository(Rating).metadata.tableName;
  // the agent filter means the rated assignee here
  const where = and(
    rangeSql('r.`createdAt`', f),
    ticketFilterSql({ ...f, agentId: null }, scope),
    f.agentId != null ? { sql: 'r.`assigneeId` = ?', params: [f.agentId] } : { sql: '1 = 1', params: [] },
  );
  const from = `FROM \`${ratings}\` r JOIN \`${tickets}\` t ON t.\`id\` = r.\`ticketId\` WHERE ${where.sql}`;

  const rows = await cube(ctx, {
    metrics: ['rating'],
    by: ['day', 'score'],
    from: f.from,
    to: f.to,
    filters: { ...f, agentId: null },
    scope,
    ratedAssigneeId: f.agentId,
  });
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const r of rows) {
    const s = Number(r.score);
    if (s >= 1 && s <= 5) distribution[s - 1] += r.n;
  }
  const count = distribution.reduce((a, b) => a + b, 0);
  const sum = distribution.reduce((a, n, i) => a + n * (i + 1), 0);

  const trend = new Map<string, { bucket: string; label: string; count: number; total: number }>();
  for (const r of [...rows].sort((a, b) => (String(a.day) < String(b.day) ? -1 : String(a.day) > String(b.day) ? 1 : 0))) {
    const key = bucketOf(String(r.day).slice(0, 10), granularity);
    let b = trend.get(key);
    if (!b) trend.set(key, (b = { bucket: key, label: bucketLabel(key, granularity), count: 0, total: 0 }));
    b.count += r.n;
    b.total += r.n * Number(r.score);
  }

  const latest = (await em.query(
    `SELECT r.\`id\` AS id, r.\`ticketId\` AS ticketId, t.\`number\` AS number, r.\`score\` AS score, r.\`comment\` AS comment,` +
      ` r.\`assigneeId\` AS assigneeId, r.\`createdAt\` AS createdAt ${from} AND r.\`comment\` IS NOT NULL AND r.\`comment\` <> ''` +
      ` ORDER BY r.\`createdAt\` DESC, r.\`id\` DESC LIMIT ${Math.max(0, Math.floor(commentLimit))}`,
    where.params,
  )) as Record<string, unknown>[];
  const names = new Map((await em.find(StaffAccount, { select: { id: true, displayName: true } })).map((s) => [s.id, s.displayName]));
  return {
    distribution,
    count,
    average: count ? round1(sum / count) : null,
    satisfiedPct: pct(distribution[3] + distribution[4], count),
    trend: [...trend.values()].map((b) => ({ bucket: b.bucket, label: b.label, count: b.count, average: b.count ? round1(b.total / b.count) : null })),
    comments: latest.map((r) => {
      const assigneeId = r.assigneeId === null ? null : Number(r.assigneeId);
      return {
        ratingId: Number(r.id),
        ticketId: Number(r.ticketId),
        ticketNumber: Number(r.number),
        score: Number(r.score),
        comment: String(r.comment),
        assigneeId,
        assigneeName: assigneeId === null ? '' : (names.get(assigneeId) ?? ''),
        createdAt: toDate(r.createdAt)!,
      };
    }),
  };
}
