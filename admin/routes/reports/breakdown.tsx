/** Breakdown report: tickets created in the range by team × state, by value chain, department and subject, and by channel. */
import type { CoreContext } from '../../../core/context.ts';
import { TICKET_STATES, type TicketState } from '../../../core/entities/enums.ts';
import type { Actor } from '../../../core/services/actor.ts';
import { breakdownReport, type Breakdown, type CatalogueRow } from '../../../core/services/reports/index.ts';
import { BarChart, StackedBarChart } from '../../views/charts/bars.tsx';
import { fmtNum } from '../../views/charts/format.ts';
import type { Tone } from '../../views/charts/svg.tsx';
import type { ReportQuery } from './params.ts';
import { DataTable, type Table, type View } from './table.tsx';

export const loadBreakdown = (core: CoreContext, actor: Actor, q: ReportQuery) => breakdownReport(core, actor, q.filters);

const STATE_TONES: Record<TicketState, Tone> = {
  new: 'blue',
  open: 'teal',
  answered: 'amber',
  resolved: 'purple',
  closed: 'green',
  finished: 'gray',
  cancelled: 'red',
};

interface TeamStates {
  teamId: number | null;
  name: string;
  counts: Record<TicketState, number>;
  total: number;
}

function pivot(b: Breakdown, none: string): TeamStates[] {
  const rows = new Map<number | null, TeamStates>();
  for (const r of b.byTeamState) {
    let row = rows.get(r.teamId);
    if (!row)
      rows.set(
        r.teamId,
        (row = {
          teamId: r.teamId,
          name: r.teamName || none,
          counts: Object.fromEntries(TICKET_STATES.map((s) => [s, 0])) as Record<TicketState, number>,
          total: 0,
        }),
      );
    row.counts[r.state] += r.count;
    row.total += r.count;
  }
  return [...rows.values()];
}

export function breakdownTables(b: Breakdown, v: View): Table[] {
  const t = v.t;
  const catalogue = (key: string, title: string, rows: CatalogueRow[]): Table<CatalogueRow> => ({
    key,
    title,
    rows,
    cols: [
      { label: t('rpp-name'), csv: (r) => r.name || t('rpp-none') },
      { label: t('rp-total'), csv: (r) => r.total, num: true },
      { label: t('rp-active'), csv: (r) => r.active, num: true },
      { label: t('rp-done'), csv: (r) => r.done, num: true },
      { label: t('rp-cancelled'), csv: (r) => r.cancelled, num: true },
    ],
  });
  const teamState: Table<TeamStates> = {
    key: 'team_state',
    title: t('rp-by-team-state'),
    rows: pivot(b, t('rpp-none')),
    cols: [
      { label: t('rp-team'), csv: (r) => r.name },
      ...TICKET_STATES.map((s) => ({ label: t(`admin-state-${s}`), csv: (r: TeamStates) => r.counts[s], num: true })),
      { label: t('rp-total'), csv: (r) => r.total, num: true },
    ],
  };
  return [
    teamState,
    catalogue('value_chain', t('rp-by-value-chain'), b.byValueChain),
    catalogue('department', t('rp-by-department'), b.byDepartment),
    catalogue('subject', t('rp-by-subject'), b.bySubject),
    // the messenger: named in the user's language (telegram, bale are codes)
    catalogue(
      'channel',
      t('rp-by-channel'),
      b.byChannel.map((r) => ({ ...r, name: t(`channel-${r.channel ?? 'telegram'}`) })),
    ),
  ];
}

export function BreakdownView({ data, v }: { data: Breakdown; v: View }) {
  const t = v.t;
  const [teamState, ...catalogue] = breakdownTables(data, v) as [Table<TeamStates>, ...Table<CatalogueRow>[]];
  return (
    <>
      <section class="card chart-card">
        <h2>{teamState.title}</h2>
        <StackedBarChart
          title={teamState.title}
          locale={v.locale}
          series={TICKET_STATES.map((s) => ({ name: t(`admin-state-${s}`), tone: STATE_TONES[s] }))}
          items={teamState.rows.map((r) => ({ label: r.name, parts: TICKET_STATES.map((s) => r.counts[s]), display: fmtNum(r.total, v.locale) }))}
        />
        <DataTable table={teamState} v={v} />
      </section>
      {catalogue.map((tb) => (
        <section class="card chart-card">
          <h2>{tb.title}</h2>
          <BarChart title={tb.title} locale={v.locale} items={tb.rows.slice(0, 20).map((r) => ({ label: r.name || t('rpp-none'), value: r.total }))} />
          <DataTable table={tb} v={v} />
        </section>
      ))}
    </>
  );
}
