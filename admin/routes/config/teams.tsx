/**
 * /config/teams — teams (admins all; supervisors the teams they supervise): name and alias, visibility,
 * assignment mode (manual, round-robin, balanced), working calendar, auto-close (days, states, finish after),
 * whether requesters may close their own tickets, SLA warning minutes; and the members (supervisor flag —
 * admins only —, in automatic assignment or not). Writes through core/services/teams.ts, which checks who
 * may change what and audits.
 */
import { Hono, type Context } from 'hono';
import { ASSIGNMENT_MODES, TEAM_VISIBILITY } from '../../../core/entities/enums.ts';
import type { Team } from '../../../core/entities/org.ts';
import { listCalendars } from '../../../core/services/calendars.ts';
import { supervisedTeamIds } from '../../../core/services/org-common.ts';
import { listStaff } from '../../../core/services/staff.ts';
import {
  addTeamMember,
  createTeam,
  getTeam,
  listTeams,
  membersOfTeam,
  removeTeamMember,
  updateTeam,
  updateTeamMember,
  type TeamInput,
} from '../../../core/services/teams.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { checked, forbidden, id, num, paramId, readForm, str, who, write, type Failed, type Form } from '../../forms.ts';
import { CheckField, FormErrors, FormState, PostForm, SelectField, TextField } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';

const orUndefined = (n: number | null) => (n === null ? undefined : n);

export function teamRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  /** the teams the staff member manages: all for admins, the supervised ones for supervisors */
  async function managed(c: Context<PanelEnv>): Promise<number[] | 'all'> {
    const me = c.get('staff');
    if (me.role === 'admin') return 'all';
    if (me.role === 'supervisor') return supervisedTeamIds(core, me.id);
    return [];
  }

  const list = async (c: Context<PanelEnv>, failed: Failed | null = null) => {
    const t = c.get('t');
    const scope = await managed(c);
    const teams = (await listTeams(core)).filter((x) => scope === 'all' || scope.includes(x.id));
    const f = new FormState('team-new', t, failed);
    return page(
      c,
      t('admin-teams'),
      <>
        <h1>{t('admin-teams')}</h1>
        <Saved c={c} />
        <table class="list">
          <thead>
            <tr>
              <th>{t('admin-name')}</th>
              <th>{t('admin-team-visibility')}</th>
              <th>{t('admin-team-assignment')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {teams.map((x) => (
              <tr>
                <td>
                  <a href={`/config/teams/${x.id}`} dir="auto">
                    {x.name}
                  </a>
                </td>
                <td>{t(`admin-visibility-${x.visibility}`)}</td>
                <td>{t(`admin-assignment-${x.assignmentMode}`)}</td>
                <td>{x.active ? null : <span class="badge">{t('admin-inactive')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {scope === 'all' ? (
          <section class="card">
            <h2>{t('admin-team-add')}</h2>
            <PostForm action="/config/teams" csrf={c.get('csrf')}>
              <FormErrors f={f} />
              <TextField f={f} name="name" label={t('admin-name')} required max={120} />
              <TextField f={f} name="alias" label={t('admin-team-alias')} max={120} hint={t('admin-team-alias-hint')} />
              <button type="submit">{t('admin-team-add')}</button>
            </PostForm>
          </section>
        ) : null}
      </>,
    );
  };

  const detail = async (c: Context<PanelEnv>, team: Team, failed: Failed | null = null) => {
    const t = c.get('t');
    const csrf = c.get('csrf');
    const admin = c.get('staff').role === 'admin';
    const calendars = await listCalendars(core);
    const members = await membersOfTeam(core, team.id);
    const everyone = await listStaff(core, { activeOnly: true });
    const outside = everyone.filter((s) => !members.some((m) => m.staff.id === s.id));
    const f = new FormState('team', t, failed);
    const add = new FormState('member-new', t, failed);
    return page(
      c,
      team.name,
      <>
        <p>
          <a href="/config/teams">{t('admin-teams')}</a>
        </p>
        <h1 dir="auto">{team.name}</h1>
        <Saved c={c} />
        <section class="card">
          <h2>{t('admin-team-settings')}</h2>
          <PostForm action={`/config/teams/${team.id}`} csrf={csrf}>
            <FormErrors f={f} />
            {admin ? <TextField f={f} name="name" label={t('admin-name')} value={team.name} required max={120} /> : null}
            <TextField f={f} name="alias" label={t('admin-team-alias')} value={team.alias} max={120} hint={t('admin-team-alias-hint')} />
            <SelectField
              f={f}
              name="visibility"
              label={t('admin-team-visibility')}
              value={team.visibility}
              options={TEAM_VISIBILITY.map((v) => [v, t(`admin-visibility-${v}`)] as const)}
            />
            <SelectField
              f={f}
              name="assignmentMode"
              label={t('admin-team-assignment')}
              value={team.assignmentMode}
              options={ASSIGNMENT_MODES.map((v) => [v, t(`admin-assignment-${v}`)] as const)}
            />
            <SelectField
              f={f}
              name="calendarId"
              label={t('admin-calendar')}
              value={team.calendarId}
              options={calendars.map((x) => [String(x.id), x.name] as const)}
              empty={t('admin-calendar-default')}
            />
            <TextField f={f} name="slaWarningMinutes" label={t('admin-team-sla-warning')} value={team.slaWarningMinutes} numeric dir="ltr" />
            <fieldset>
              <legend>{t('admin-autoclose')}</legend>
              <CheckField f={f} name="autoCloseEnabled" label={t('admin-autoclose-enabled')} checked={team.autoCloseEnabled} />
              <TextField f={f} name="autoCloseDays" label={t('admin-autoclose-days')} value={team.autoCloseDays} numeric dir="ltr" />
              <CheckField f={f} name="autoClose_answered" label={t('admin-state-answered')} checked={team.autoCloseStates.includes('answered')} />
              <CheckField f={f} name="autoClose_resolved" label={t('admin-state-resolved')} checked={team.autoCloseStates.includes('resolved')} />
              {f.error('autoCloseStates') ? <p class="field-error">{f.error('autoCloseStates')}</p> : null}
              <TextField f={f} name="finishAfterDays" label={t('admin-finish-after')} value={team.finishAfterDays} numeric dir="ltr" />
            </fieldset>
            <CheckField f={f} name="customerCloseAllowed" label={t('admin-customer-close')} checked={team.customerCloseAllowed} />
            <CheckField f={f} name="noStaffChat" label={t('admin-team-no-staff-chat')} checked={team.noStaffChat} />
            {admin ? <CheckField f={f} name="active" label={t('admin-active')} checked={team.active} /> : null}
            <button type="submit">{t('admin-save')}</button>
          </PostForm>
        </section>
        <section class="card">
          <h2>{t('admin-members')}</h2>
          <table class="list">
            <thead>
              <tr>
                <th>{t('admin-name')}</th>
                <th>{t('admin-role')}</th>
                <th>{t('admin-member-settings')}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const mf = new FormState(`member-${m.staff.id}`, t, failed);
                return (
                  <tr>
                    <td dir="auto">
                      {m.staff.displayName}
                      {m.staff.active ? null : <span class="badge">{t('admin-inactive')}</span>}
                    </td>
                    <td>{t(`admin-role-${m.staff.role}`)}</td>
                    <td>
                      <PostForm action={`/config/teams/${team.id}/members/${m.staff.id}`} csrf={csrf} class="inline">
                        <FormErrors f={mf} />
                        {admin ? (
                          <CheckField f={mf} name="supervisor" label={t('admin-supervisor')} checked={m.supervisor} />
                        ) : m.supervisor ? (
                          <span class="badge">{t('admin-supervisor')}</span>
                        ) : null}
                        <CheckField f={mf} name="active" label={t('admin-member-active')} checked={m.active} />
                        <button class="secondary small" type="submit">
                          {t('admin-save')}
                        </button>
                      </PostForm>
                    </td>
                    <td>
                      <PostForm action={`/config/teams/${team.id}/members/${m.staff.id}/remove`} csrf={csrf}>
                        <button class="danger small" type="submit">
                          {t('admin-remove')}
                        </button>
                      </PostForm>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3>{t('admin-member-add')}</h3>
          <PostForm action={`/config/teams/${team.id}/members`} csrf={csrf}>
            <FormErrors f={add} />
            <SelectField f={add} name="staffId" label={t('admin-staff-member')} options={outside.map((s) => [String(s.id), s.displayName] as const)} />
            {admin ? <CheckField f={add} name="supervisor" label={t('admin-supervisor')} checked={false} /> : null}
            <button type="submit">{t('admin-member-add')}</button>
          </PostForm>
          <p>
            <a href={`/config/chats?team=${team.id}`}>{t('admin-chats-of-team')}</a>
          </p>
        </section>
      </>,
    );
  };

  /** the team of the URL when the staff member manages it (else a 403 / 404 answer) */
  async function loadTeam(c: Context<PanelEnv>): Promise<Team | Response> {
    const teamId = paramId(c);
    const team = teamId === null ? null : await getTeam(core, teamId);
    if (!team) return c.text(c.get('t')('admin-err-not_found'), 404);
    const scope = await managed(c);
    if (scope !== 'all' && !scope.includes(team.id)) return forbidden(c);
    return team;
  }

  app.use('/config/teams', async (c, next) => (c.get('staff').role === 'agent' ? forbidden(c) : next()));
  app.use('/config/teams/*', async (c, next) => (c.get('staff').role === 'agent' ? forbidden(c) : next()));
  app.get('/config/teams', (c) => list(c));
  app.post('/config/teams', async (c) => {
    if (c.get('staff').role !== 'admin') return forbidden(c); // new teams: admins only (checked before the form)
    const f = await readForm(c);
    return write(
      c,
      'team-new',
      f,
      () => createTeam(core, who(c), { name: str(f, 'name'), alias: str(f, 'alias') }),
      (team) => `/config/teams/${team.id}?ok=1`,
      (failed) => list(c, failed),
    );
  });

  app.get('/config/teams/:id', async (c) => {
    const team = await loadTeam(c);
    return team instanceof Response ? team : detail(c, team);
  });

  const teamPatch = (c: Context<PanelEnv>, f: Form): Partial<TeamInput> => {
    const states = (['answered', 'resolved'] as const).filter((s) => checked(f, `autoClose_${s}`));
    const patch: Partial<TeamInput> = {
      alias: str(f, 'alias'),
      visibility: str(f, 'visibility') as TeamInput['visibility'],
      assignmentMode: str(f, 'assignmentMode') as TeamInput['assignmentMode'],
      calendarId: id(f, 'calendarId'),
      slaWarningMinutes: orUndefined(num(f, 'slaWarningMinutes')),
      autoCloseEnabled: checked(f, 'autoCloseEnabled'),
      autoCloseDays: orUndefined(num(f, 'autoCloseDays')),
      autoCloseStates: states,
      finishAfterDays: orUndefined(num(f, 'finishAfterDays')),
      customerCloseAllowed: checked(f, 'customerCloseAllowed'),
      noStaffChat: checked(f, 'noStaffChat'),
    };
    if (c.get('staff').role === 'admin') Object.assign(patch, { name: str(f, 'name'), active: checked(f, 'active') });
    return patch;
  };

  app.post('/config/teams/:id', async (c) => {
    const team = await loadTeam(c);
    if (team instanceof Response) return team;
    const f = await readForm(c);
    return write(
      c,
      'team',
      f,
      () => updateTeam(core, who(c), team.id, teamPatch(c, f)),
      () => `/config/teams/${team.id}?ok=1`,
      (failed) => detail(c, team, failed),
    );
  });

  app.post('/config/teams/:id/members', async (c) => {
    const team = await loadTeam(c);
    if (team instanceof Response) return team;
    const f = await readForm(c);
    const staffId = id(f, 'staffId') ?? 0;
    const supervisor = c.get('staff').role === 'admin' ? checked(f, 'supervisor') : undefined;
    return write(
      c,
      'member-new',
      f,
      () => addTeamMember(core, who(c), team.id, staffId, { supervisor }),
      () => `/config/teams/${team.id}?ok=1`,
      (failed) => detail(c, team, failed),
    );
  });

  app.post('/config/teams/:id/members/:sid', async (c) => {
    const team = await loadTeam(c);
    if (team instanceof Response) return team;
    const sid = paramId(c, 'sid') ?? 0;
    const f = await readForm(c);
    const supervisor = c.get('staff').role === 'admin' ? checked(f, 'supervisor') : undefined;
    return write(
      c,
      `member-${sid}`,
      f,
      () => updateTeamMember(core, who(c), team.id, sid, { supervisor, active: checked(f, 'active') }),
      () => `/config/teams/${team.id}?ok=1`,
      (failed) => detail(c, team, failed),
    );
  });

  app.post('/config/teams/:id/members/:sid/remove', async (c) => {
    const team = await loadTeam(c);
    if (team instanceof Response) return team;
    const sid = paramId(c, 'sid') ?? 0;
    return write(
      c,
      `member-${sid}`,
      {},
      () => removeTeamMember(core, who(c), team.id, sid),
      () => `/config/teams/${team.id}?ok=1`,
      (failed) => detail(c, team, failed),
    );
  });

  return app;
}
