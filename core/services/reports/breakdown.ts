/**
 * Tickets created in the range (with the filters) counted by team × state (states in the order of TICKET_STATES), by value chain, department
 * and subject, and by channel (the messenger the requester writes the ticket from) (total, active, closed or finished, cancelled) — from the summary (summary/cube.ts: report_daily for whole
 * days, the tickets table for the ends of the range).
 */
import type { CoreContext } from '../../context.ts';
import { Department, Subject, Team, ValueChain } from '../../entities/org.ts';
import { CHANNELS, TICKET_STATES, type Channel, type TicketState } from '../../entities/enums.ts';
import type { Actor } from '../actor.ts';
import { validateFilters, type ReportFilters } from './filters.ts';
import { reportTeamScope } from './scope.ts';
import { ACTIVE_STATES, DONE_STATES } from './sql.ts';
import { cube } from './summary/cube.ts';

export interface TeamStateRow {
  teamId: number | null;
  teamName: string;
  state: TicketState;
  count: number;
}

export interface CatalogueRow {
  id: number | null;
  /** byChannel: the channel (telegram, bale); id is null there */
  channel?: Channel;
  name: string;
  total: number;
  active: number;
  done: number;
  cancelled: number;
}

export interface Breakdown {
  byTeamState: TeamStateRow[];
  byValueChain: CatalogueRow[];
  byDepartment: CatalogueRow[];
  bySubject: CatalogueRow[];
  byChannel: CatalogueRow[];
}

export async function breakdownReport(ctx: CoreContext, actor: Actor, f: ReportFilters): Promise<Breakdown> {
  validateFilters(f);
  const em = ctx.ds.manager;
  const scope = await reportTeamScope(em, actor, f.teamId);
  const rows = await cube(ctx, {
    metrics: ['ticket'],
    by: ['teamId', 'valueChainId', 'departmentId', 'subjectId', 'state', 'channel'],
    from: f.from,
    to: f.to,
    filters: f,
    scope,
  });
  const teamNames = new Map((await em.find(Team, { select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  const idOf = (v: unknown) => (Number(v) === 0 ? null : Number(v));

  const ts = new Map<string, TeamStateRow>();
  for (const r of rows) {
    const teamId = idOf(r.teamId);
    const k = `${teamId}|${r.state}`;
    const x = ts.get(k);
    if (x) x.count += r.n;
    else ts.set(k, { teamId, teamName: teamId === null ? '' : (teamNames.get(teamId) ?? String(teamId)), state: r.state as TicketState, count: r.n });
  }
  const by = (dim: 'valueChainId' | 'departmentId' | 'subjectId', names: Map<number, string>): CatalogueRow[] => {
    const m = new Map<number | null, CatalogueRow>();
    for (const r of rows) {
      const id = idOf(r[dim]);
      let x = m.get(id);
      if (!x) m.set(id, (x = { id, name: id === null ? '' : (names.get(id) ?? String(id)), total: 0, active: 0, done: 0, cancelled: 0 }));
      const state = r.state as string;
      x.total += r.n;
      if ((ACTIVE_STATES as readonly string[]).includes(state)) x.active += r.n;
      if ((DONE_STATES as readonly string[]).includes(state)) x.done += r.n;
      if (state === 'cancelled') x.cancelled += r.n;
    }
    return [...m.values()].sort((a, b) => b.total - a.total || (a.id ?? -1) - (b.id ?? -1));
  };
  const channels = new Map<string, CatalogueRow>();
  for (const r of rows) {
    const channel = String(r.channel || 'telegram') as Channel;
    let x = channels.get(channel);
    if (!x) channels.set(channel, (x = { id: null, channel, name: channel, total: 0, active: 0, done: 0, cancelled: 0 }));
    const state = r.state as string;
    x.total += r.n;
    if ((ACTIVE_STATES as readonly string[]).includes(state)) x.active += r.n;
    if ((DONE_STATES as readonly string[]).includes(state)) x.done += r.n;
    if (state === 'cancelled') x.cancelled += r.n;
  }
  const fa = <T extends { id: number; nameFa: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x.nameFa]));
  return {
    byTeamState: [...ts.values()].sort((a, b) => (a.teamId ?? -1) - (b.teamId ?? -1) || TICKET_STATES.indexOf(a.state) - TICKET_STATES.indexOf(b.state)),
    byValueChain: by('valueChainId', fa(await em.find(ValueChain))),
    byDepartment: by('departmentId', fa(await em.find(Department))),
    bySubject: by('subjectId', fa(await em.find(Subject))),
    byChannel: CHANNELS.flatMap((c) => channels.get(c) ?? []),
  };
}
