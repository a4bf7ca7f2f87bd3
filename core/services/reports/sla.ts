/**
 * SLA analysis of the tickets created in the range (filters, scope): the stored targets (sla_targets) per
 * target kind, per team and per policy — met (reached, not breached), failed (breached), running (neither);
 * cancelled targets are left out — and the median and 90th percentile of first response and resolution in
 * working minutes (core/sla calendars; see working.ts). Reached targets and the minutes come from the summary
 * (summary/), targets not reached yet that the jobs marked breached are read live.
 */
import type { CoreContext } from '../../context.ts';
import { SlaPolicy, SlaTarget } from '../../entities/sla.ts';
import { Team } from '../../entities/org.ts';
import { Ticket } from '../../entities/ticket.ts';
import type { SlaKind } from '../../entities/enums.ts';
import type { Actor } from '../actor.ts';
import { and, rangeSql, ticketFilterSql, validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { num } from './sql.ts';
import { pct, weightedSpread } from './stats.ts';
import { cube } from './summary/cube.ts';
import { cohortMinutes } from './summary/minutes.ts';

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
  const q = { from: f.from, to: f.to, filters: f, scope };
  const reached = await cube(ctx, { ...q, metrics: ['fr_met', 'fr_failed', 'fr_open', 'res_met', 'res_failed', 'res_open'], by: ['teamId', 'policyId'] });
  // targets not reached that the jobs marked breached: live (few rows, from the index ix_sla_late alone)
  const tickets = em.getRepository(Ticket).metadata.tableName;
  const targets = em.getRepository(SlaTarget).metadata.tableName;
  const where = and(rangeSql('t.`createdAt`', f), ticketFilterSql(f, scope));
  const late = (await em.query(
    `SELECT s.\`kind\` AS kind, COALESCE(t.\`teamId\`, 0) AS teamId, COALESCE(s.\`policyId\`, 0) AS policyId, COUNT(*) AS n` +
      ` FROM \`${targets}\` s JOIN \`${tickets}\` t ON t.\`id\` = s.\`ticketId\`` +
      ` WHERE s.\`reachedAt\` IS NULL AND s.\`breached\` = 1 AND s.\`cancelled\` = 0 AND ${where.sql} GROUP BY s.\`kind\`, t.\`teamId\`, s.\`policyId\``,
    where.params,
  )) as Record<string, unknown>[];

  const outcome = (dim: 'teamId' | 'policyId', names: Map<number, string>): SlaOutcomeRow[] => {
    const m = new Map<string, { kind: SlaKind; id: number; met: number; failed: number; running: number }>();
    const get = (kind: SlaKind, id: number) => {
      const k = `${kind}|${id}`;
      let x = m.get(k);
      if (!x) m.set(k, (x = { kind, id, met: 0, failed: 0, running: 0 }));
      return x;
    };
    for (const r of reached) {
      const [prefix, what] = r.metric.split('_') as ['fr' | 'res', 'met' | 'failed' | 'open'];
      const x = get(prefix === 'fr' ? 'first_response' : 'resolution', Number(r[dim]));
      if (what === 'met') x.met += r.n;
      else if (what === 'failed') x.failed += r.n;
      else x.running += r.n;
    }
    for (const r of late) {
      const x = get(r.kind as SlaKind, Number(r[dim]));
      x.failed += num(r.n);
      x.running -= num(r.n);
    }
    return [...m.values()]
      .filter((x) => x.met + x.failed + x.running > 0)
      .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id - b.id))
      .map((x) => {
        const id = x.id === 0 ? null : x.id;
        return {
          kind: x.kind,
          id,
          name: id === null ? '' : (names.get(id) ?? String(id)),
          met: x.met,
          failed: x.failed,
          running: x.running,
          successPct: pct(x.met, x.met + x.failed),
        };
      });
  };
  const teamNames = new Map((await em.find(Team, { select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  const policyNames = new Map((await em.find(SlaPolicy, { select: { id: true, name: true } })).map((p) => [p.id, p.name]));

  const minutes = await cohortMinutes(ctx, f, scope);
  return {
    byTeam: outcome('teamId', teamNames),
    byPolicy: outcome('policyId', policyNames),
    firstResponseMinutes: weightedSpread(minutes.fr.get(0) ?? []),
    resolutionMinutes: weightedSpread(minutes.res.get(0) ?? []),
  };
}
