/**
 * SLA analysis of the tickets created in the range (filters, scope): the stored targets (sla_targets) per
 * target kind, per team and per policy — met (reached, not breached), failed (breached), running (neither);
 * cancelled targets are left out — and the median and 90th percentile of first response and resolution in
 * working minutes (core/sla calendars; see working.ts).
 */
import type { CoreContext } from '../../context.ts';
import { SlaPolicy, SlaTarget } from '../../entities/sla.ts';
import { Team } from '../../entities/org.ts';
import { Ticket } from '../../entities/ticket.ts';
import type { SlaKind } from '../../entities/enums.ts';
import type { Actor } from '../actor.ts';
import { loadCohort } from './cohort.ts';
import { and, rangeSql, ticketFilterSql, validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { num } from './sql.ts';
import { pct, spread } from './stats.ts';
import { workingFigures } from './working.ts';

export interface SlaOutcomeRow {
  kind: SlaKind;
  id: number | null;
  name: string;
  met: number;
  failed: number;
  running: number;
  /** met / (met + failed) */
  successPct: number | null;
}

export interface TimeSpread {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface SlaReport {
  byTeam: SlaOutcomeRow[];
  byPolicy: SlaOutcomeRow[];
  firstResponseMinutes: TimeSpread;
  resolutionMinutes: TimeSpread;
}

export async function slaReport(ctx: CoreContext, actor: Actor, f: ReportFilters): Promise<SlaReport> {
  validateFilters(f);
  const em = ctx.ds.manager;
  const scope = await reportTeamScope(em, actor, f.teamId);
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const targets = em.getRepository(SlaTarget).metadata.tableName;
  const where = and(rangeSql('t.`createdAt`', f), ticketFilterSql(f, scope));

  const outcome = async (column: string, names: Map<number, string>): Promise<SlaOutcomeRow[]> => {
    const rows = (await em.query(
      `SELECT s.\`kind\` AS kind, ${column} AS id, SUM(CASE WHEN s.\`breached\` = 0 AND s.\`reachedAt\` IS NOT NULL THEN 1 ELSE 0 END) AS met,` +
        ` SUM(CASE WHEN s.\`breached\` = 1 THEN 1 ELSE 0 END) AS failed,` +
        ` SUM(CASE WHEN s.\`breached\` = 0 AND s.\`reachedAt\` IS NULL THEN 1 ELSE 0 END) AS running` +
        ` FROM \`${targets}\` s JOIN \`${tickets}\` t ON t.\`id\` = s.\`ticketId\`` +
        ` WHERE s.\`cancelled\` = 0 AND ${where.sql} GROUP BY s.\`kind\`, ${column} ORDER BY s.\`kind\`, ${column}`,
      where.params,
    )) as Record<string, unknown>[];
    return rows.map((r) => {
      const id = r.id === null ? null : Number(r.id);
      const met = num(r.met);
      const failed = num(r.failed);
      return { kind: r.kind as SlaKind, id, name: id === null ? '' : (names.get(id) ?? String(id)), met, failed, running: num(r.running), successPct: pct(met, met + failed) };
    });
  };
  const teamNames = new Map((await em.find(Team, { select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  const policyNames = new Map((await em.find(SlaPolicy, { select: { id: true, name: true } })).map((p) => [p.id, p.name]));

  const cohort = await loadCohort(em, f, scope);
  const figures = await workingFigures(em, cohort);
  const fr: number[] = [];
  const res: number[] = [];
  for (const w of figures.values()) {
    if (w.firstResponseMinutes !== null) fr.push(w.firstResponseMinutes);
    if (w.resolutionMinutes !== null) res.push(w.resolutionMinutes);
  }
  return {
    byTeam: await outcome('t.`teamId`', teamNames),
    byPolicy: await outcome('s.`policyId`', policyNames),
    firstResponseMinutes: spread(fr),
    resolutionMinutes: spread(res),
  };
}
