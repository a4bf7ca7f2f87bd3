/**
 * GET /dashboard — every staff member's own figures (open, high, urgent, average open hours, SLA failed;
 * closed, satisfied % and SLA success today and as a 7-day average against his daily goal) and, for
 * supervisors and admins, the cards of the teams they may see, each figure a link to the filtered inbox.
 * Server-Timing gives the time of each part (mine, cards).
 */
import type { Context } from 'hono';
import type { Locale } from '../../../core/entities/enums.ts';
import type { Translate } from '../../../core/i18n/index.ts';
import { staffActor } from '../../../core/services/actor.ts';
import { ForbiddenError } from '../../../core/services/errors.ts';
import { myDashboard, teamCards, type MyDashboard, type TeamCard } from '../../../core/services/reports/index.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { BarChart, GoalBar } from '../../views/charts/bars.tsx';
import { fmtNum, fmtPct } from '../../views/charts/format.ts';
import { page } from '../../views/layout.tsx';

const inbox = (p: Record<string, string>) => `/tickets?${new URLSearchParams(p).toString()}`;

function Tile({ label, value, href, tone, figure }: { label: string; value: string; href?: string; tone?: 'bad' | 'warn'; figure: string }) {
  const body = (
    <>
      <span class="tile-value" data-figure={figure}>
        {value}
      </span>
      <span class="tile-label">{label}</span>
    </>
  );
  return <li class={`tile${tone ? ` ${tone}` : ''}`}>{href ? <a href={href}>{body}</a> : body}</li>;
}

function Mine({ d, t, locale, me }: { d: MyDashboard; t: Translate; locale: Locale; me: number }) {
  const rows = [
    {
      key: 'closed',
      label: t('rp-closed-per-day'),
      today: fmtNum(d.today.closedPerDay, locale),
      week: fmtNum(d.week.closedPerDay, locale),
      goal: fmtNum(d.dailyGoal, locale),
    },
    {
      key: 'satisfied',
      label: t('rp-satisfied-pct'),
      today: fmtPct(d.today.satisfiedPct, locale),
      week: fmtPct(d.week.satisfiedPct, locale),
      goal: fmtPct(d.satisfiedGoalPct, locale),
    },
    {
      key: 'sla',
      label: t('rp-sla-success-pct'),
      today: fmtPct(d.today.slaSuccessPct, locale),
      week: fmtPct(d.week.slaSuccessPct, locale),
      goal: fmtPct(d.slaSuccessGoalPct, locale),
    },
  ];
  return (
    <>
      <ul class="tiles" aria-label={t('rpp-my-open')}>
        <Tile figure="open" label={t('rp-open')} value={fmtNum(d.open, locale)} href={inbox({ tab: 'mine' })} />
        <Tile figure="high" label={t('rp-high')} value={fmtNum(d.high, locale)} href={inbox({ tab: 'mine', priority: 'high' })} />
        <Tile
          figure="urgent"
          label={t('rp-urgent')}
          value={fmtNum(d.urgent, locale)}
          href={inbox({ tab: 'mine', priority: 'urgent' })}
          tone={d.urgent ? 'warn' : undefined}
        />
        <Tile figure="avg-open-hours" label={t('rp-avg-open-hours')} value={fmtNum(d.avgOpenHours, locale)} />
        <Tile
          figure="sla-failed"
          label={t('rp-sla-failed')}
          value={fmtNum(d.slaFailed, locale)}
          href={inbox({ tab: 'failed', assignee: String(me) })}
          tone={d.slaFailed ? 'bad' : undefined}
        />
      </ul>
      <section class="card">
        <h2>{t('rpp-my-performance')}</h2>
        <table class="list report perf">
          <thead>
            <tr>
              <th></th>
              <th class="num">{t('rp-today')}</th>
              <th class="num">{t('rp-week')}</th>
              <th class="num">{t('rp-daily-goal')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-row={r.key}>
                <th scope="row">{r.label}</th>
                <td class="num">{r.today}</td>
                <td class="num">{r.week}</td>
                <td class="num">{r.goal}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="goals">
          {(
            [
              ['today', d.today],
              ['week', d.week],
            ] as const
          ).map(([k, p]) => (
            <div class="goal-row" data-period={k}>
              <span class="goal-label">
                {t(k === 'today' ? 'rp-today' : 'rp-week')}: {t(p.goalMet ? 'rp-goal-met' : 'rp-goal-missed')}
              </span>
              <GoalBar
                title={`${t('rp-closed-per-day')} · ${t(k === 'today' ? 'rp-today' : 'rp-week')}`}
                locale={locale}
                value={p.closedPerDay}
                goal={d.dailyGoal}
                display={t('rpp-of-goal', { value: p.closedPerDay, goal: d.dailyGoal })}
              />
            </div>
          ))}
        </div>
        <p class="muted">{t('rpp-week-note', { closed: d.week.closed, ratings: d.week.ratings })}</p>
      </section>
    </>
  );
}

function Cards({ cards, t, locale }: { cards: TeamCard[]; t: Translate; locale: Locale }) {
  return (
    <section>
      <h2>{t('rp-team-cards')}</h2>
      <ul class="team-cards">
        {cards.map((c) => {
          const team = String(c.teamId);
          const fig = (key: string, label: string, value: string, href?: string, tone?: string) => (
            <div class={`fig${tone ? ` ${tone}` : ''}`} data-figure={key}>
              <dt>{href ? <a href={href}>{label}</a> : label}</dt>
              <dd>{value}</dd>
            </div>
          );
          return (
            <li class="card team-card" data-team={team}>
              <h3>
                <a href={inbox({ tab: 'all', team })} dir="auto">
                  {c.teamName}
                </a>
              </h3>
              <dl>
                {fig('open', t('rp-open'), fmtNum(c.open, locale), inbox({ tab: 'all', team }))}
                {fig('unassigned', t('rp-unassigned'), fmtNum(c.unassigned, locale), inbox({ tab: 'unassigned', team }))}
                {fig('urgent', t('rp-urgent'), fmtNum(c.urgent, locale), inbox({ tab: 'all', team, priority: 'urgent' }), c.urgent ? 'warn' : undefined)}
                {fig('at-risk', t('rp-sla-at-risk'), fmtNum(c.slaAtRisk, locale), inbox({ tab: 'at_risk', team }), c.slaAtRisk ? 'warn' : undefined)}
                {fig('failed', t('rp-sla-failed'), fmtNum(c.slaFailed, locale), inbox({ tab: 'failed', team }), c.slaFailed ? 'bad' : undefined)}
                {fig('success', t('rpp-success-7d'), fmtPct(c.successRate7d, locale))}
                {fig('rating', t('rpp-rating-7d'), fmtNum(c.avgRating7d, locale))}
              </dl>
              <a class="more" href={`/reports/sla?team=${team}`}>
                {t('rpp-team-report')}
              </a>
            </li>
          );
        })}
      </ul>
      {cards.length > 1 ? (
        <section class="card chart-card">
          <h3>{t('rpp-success-7d')}</h3>
          <BarChart
            id="chart-team-success"
            title={t('rpp-success-7d')}
            locale={locale}
            max={100}
            items={cards.map((c) => ({
              label: c.teamName,
              value: c.successRate7d ?? 0,
              display: fmtPct(c.successRate7d, locale),
              tone: (c.successRate7d ?? 100) < 80 ? ('red' as const) : ('green' as const),
            }))}
          />
        </section>
      ) : null}
    </section>
  );
}

export function dashboardHandler(deps: PanelDeps) {
  return async (c: Context<PanelEnv>) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const staff = c.get('staff');
    const actor = staffActor(staff);
    const now = deps.core.clock.now();
    const t0 = performance.now();
    const mine = await myDashboard(deps.core, actor, now);
    const t1 = performance.now();
    let cards: TeamCard[] | null = null;
    if (staff.role !== 'agent') {
      try {
        cards = await teamCards(deps.core, actor, now);
      } catch (err) {
        if (!(err instanceof ForbiddenError)) throw err; // a supervisor of no team: only his own figures
      }
    }
    c.header('server-timing', `mine;dur=${(t1 - t0).toFixed(1)}, cards;dur=${(performance.now() - t1).toFixed(1)}`);
    return page(
      c,
      t('rp-my-dashboard'),
      <>
        <link rel="stylesheet" href="/reports/style.css" />
        <div class="page-head">
          <h1>{t('rp-my-dashboard')}</h1>
          {staff.role !== 'agent' ? (
            <a class="no-print" href="/reports/volume">
              {t('rpp-reports')}
            </a>
          ) : null}
        </div>
        <Mine d={mine} t={t} locale={locale} me={staff.id} />
        {cards ? <Cards cards={cards} t={t} locale={locale} /> : null}
      </>,
    );
  };
}
