/**
 * /config/staff (admins) — staff accounts: invite (username, name, role, language, an optional first
 * password, teams), edit, deactivate / activate (history is kept; a deactivated account's sessions stop
 * working at once), set a password, team memberships with the supervisor flag, a one-time Telegram link
 * code (/link CODE in the bot) and unlinking. Writes through core/services/staff.ts and codes.ts.
 */
import { Hono, type Context } from 'hono';
import { LOCALES, STAFF_ROLES, type Locale, type StaffRole } from '../../../core/entities/enums.ts';
import type { StaffAccount } from '../../../core/entities/people.ts';
import { issueTelegramLinkCode } from '../../../core/services/codes.ts';
import {
  createStaff,
  getStaff,
  listStaff,
  setStaffActive,
  setStaffPassword,
  setStaffTeams,
  unlinkTelegram,
  updateStaff,
} from '../../../core/services/staff.ts';
import { resetSecondFactor } from '../../../core/services/second-factor.ts';
import { listTeams, teamsOfStaff } from '../../../core/services/teams.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { checked, forbidden, num, paramId, readForm, str, who, write, type Failed, type Form } from '../../forms.ts';
import { when } from '../../views/format.ts';
import { CheckField, FormErrors, FormState, PostForm, SelectField, TextField } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';

export function staffRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;
  const roleOptions = (t: (k: string) => string) => STAFF_ROLES.map((r) => [r, t(`admin-role-${r}`)] as const);
  const localeOptions = (t: (k: string) => string) => LOCALES.map((l) => [l, t(`admin-language-${l}`)] as const);

  /** the team checkboxes: team_<id> (member) and sup_<id> (supervisor) */
  const teamChoices = (f: Form, teamIds: number[]) =>
    teamIds.filter((tid) => checked(f, `team_${tid}`)).map((tid) => ({ teamId: tid, supervisor: checked(f, `sup_${tid}`) }));

  const list = async (c: Context<PanelEnv>, failed: Failed | null = null) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const staff = await listStaff(core);
    const teams = await listTeams(core);
    const f = new FormState('staff-new', t, failed);
    return page(
      c,
      t('admin-staff'),
      <>
        <h1>{t('admin-staff')}</h1>
        <Saved c={c} />
        <table class="list">
          <thead>
            <tr>
              <th>{t('admin-name')}</th>
              <th>{t('admin-username')}</th>
              <th>{t('admin-role')}</th>
              <th class="hide-sm">{t('admin-last-login')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr>
                <td>
                  <a href={`/config/staff/${s.id}`} dir="auto">
                    {s.displayName}
                  </a>
                </td>
                <td dir="ltr">{s.username}</td>
                <td>{t(`admin-role-${s.role}`)}</td>
                <td class="hide-sm">{when(s.lastLoginAt, locale, core.timeZone)}</td>
                <td>
                  {s.active ? null : <span class="badge">{t('admin-inactive')}</span>}
                  {s.telegramId ? <span class="badge met">{t('admin-telegram')}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <section class="card">
          <h2>{t('admin-staff-add')}</h2>
          <PostForm action="/config/staff" csrf={c.get('csrf')}>
            <FormErrors f={f} />
            <TextField f={f} name="username" label={t('admin-username')} required dir="ltr" max={32} hint={t('admin-username-hint')} />
            <TextField f={f} name="displayName" label={t('admin-display-name')} required max={200} />
            <SelectField f={f} name="role" label={t('admin-role')} value="agent" options={roleOptions(t)} />
            <SelectField f={f} name="locale" label={t('admin-language')} value="fa" options={localeOptions(t)} />
            <TextField
              f={f}
              name="password"
              type="password"
              label={t('admin-password-first')}
              dir="ltr"
              autocomplete="new-password"
              hint={t('admin-password-first-hint')}
            />
            <fieldset>
              <legend>{t('admin-teams')}</legend>
              {teams.map((x) => (
                <div class="row">
                  <CheckField f={f} name={`team_${x.id}`} label={x.name} checked={false} />
                  <CheckField f={f} name={`sup_${x.id}`} label={t('admin-supervisor')} checked={false} />
                </div>
              ))}
            </fieldset>
            <button type="submit">{t('admin-staff-add')}</button>
          </PostForm>
        </section>
      </>,
    );
  };

  const detail = async (c: Context<PanelEnv>, s: StaffAccount, failed: Failed | null = null, code: string | null = null) => {
    const t = c.get('t');
    const csrf = c.get('csrf');
    const teams = await listTeams(core);
    const mine = await teamsOfStaff(core, s.id);
    const f = new FormState('staff', t, failed);
    const pw = new FormState('password', t, failed);
    const tf = new FormState('teams', t, failed);
    const st = new FormState('active', t, failed);
    return page(
      c,
      s.displayName,
      <>
        <p>
          <a href="/config/staff">{t('admin-staff')}</a>
        </p>
        <h1 dir="auto">
          {s.displayName} {s.active ? null : <span class="badge">{t('admin-inactive')}</span>}
        </h1>
        <Saved c={c} />
        <div class="grid">
          <section>
            <div class="card">
              <h2>{t('admin-profile')}</h2>
              <PostForm action={`/config/staff/${s.id}`} csrf={csrf}>
                <FormErrors f={f} />
                <TextField f={f} name="username" label={t('admin-username')} value={s.username} required dir="ltr" max={32} />
                <TextField f={f} name="displayName" label={t('admin-display-name')} value={s.displayName} required max={200} />
                <SelectField f={f} name="role" label={t('admin-role')} value={s.role} options={roleOptions(t)} />
                <SelectField f={f} name="locale" label={t('admin-language')} value={s.locale} options={localeOptions(t)} />
                <TextField f={f} name="dailyGoal" label={t('admin-daily-goal')} value={s.dailyGoal} numeric dir="ltr" hint={t('admin-daily-goal-hint')} />
                <button type="submit">{t('admin-save')}</button>
              </PostForm>
            </div>
            <div class="card">
              <h2>{t('admin-teams')}</h2>
              <PostForm action={`/config/staff/${s.id}/teams`} csrf={csrf}>
                <FormErrors f={tf} />
                {teams.map((x) => {
                  const m = mine.find((y) => y.team.id === x.id);
                  return (
                    <div class="row">
                      <CheckField f={tf} name={`team_${x.id}`} label={x.name} checked={!!m} />
                      <CheckField f={tf} name={`sup_${x.id}`} label={t('admin-supervisor')} checked={!!m?.supervisor} />
                    </div>
                  );
                })}
                <button type="submit">{t('admin-save')}</button>
              </PostForm>
            </div>
          </section>
          <aside>
            <div class="card">
              <h3>{t('admin-password-set')}</h3>
              <PostForm action={`/config/staff/${s.id}/password`} csrf={csrf}>
                <FormErrors f={pw} />
                <TextField
                  f={pw}
                  name="password"
                  type="password"
                  label={t('admin-password-new')}
                  required
                  dir="ltr"
                  autocomplete="new-password"
                  hint={t('admin-password-hint')}
                />
                <button class="secondary" type="submit">
                  {t('admin-password-set')}
                </button>
              </PostForm>
            </div>
            <div class="card">
              <h3>{t('admin-telegram')}</h3>
              <p>
                {s.telegramId ? (
                  <>
                    {t('admin-telegram-linked')} <span dir="ltr">{String(s.telegramId)}</span>
                  </>
                ) : (
                  t('admin-telegram-not-linked')
                )}
              </p>
              {code ? (
                <p class="code" role="status">
                  {t('admin-link-code', { code })} <code dir="ltr">/link {code}</code>
                </p>
              ) : null}
              <PostForm action={`/config/staff/${s.id}/telegram-code`} csrf={csrf}>
                <button class="secondary" type="submit">
                  {t('admin-link-code-issue')}
                </button>
              </PostForm>
              {s.telegramId ? (
                <PostForm action={`/config/staff/${s.id}/unlink`} csrf={csrf}>
                  <button class="danger small" type="submit">
                    {t('admin-unlink')}
                  </button>
                </PostForm>
              ) : null}
            </div>
            <div class="card" id="second-factor">
              <h3>{t('admin-2fa-section')}</h3>
              <p>{s.totpSecret ? t('admin-2fa-staff-on') : t('admin-2fa-staff-off')}</p>
              {s.totpSecret || s.totpPendingSecret ? (
                <PostForm action={`/config/staff/${s.id}/second-factor/reset`} csrf={csrf}>
                  <button class="danger small" type="submit">
                    {t('admin-2fa-reset')}
                  </button>
                </PostForm>
              ) : null}
            </div>
            <div class="card">
              <FormErrors f={st} />
              <PostForm action={`/config/staff/${s.id}/active`} csrf={csrf}>
                <input type="hidden" name="active" value={s.active ? '0' : '1'} />
                <button class={s.active ? 'danger' : 'secondary'} type="submit">
                  {t(s.active ? 'admin-deactivate' : 'admin-activate')}
                </button>
              </PostForm>
            </div>
          </aside>
        </div>
      </>,
    );
  };

  app.use('/config/staff', async (c, next) => (c.get('staff').role === 'admin' ? next() : forbidden(c)));
  app.use('/config/staff/*', async (c, next) => (c.get('staff').role === 'admin' ? next() : forbidden(c)));
  app.get('/config/staff', (c) => list(c));

  app.post('/config/staff', async (c) => {
    const f = await readForm(c);
    const teamIds = (await listTeams(core)).map((x) => x.id);
    const password = str(f, 'password');
    return write(
      c,
      'staff-new',
      f,
      () =>
        createStaff(core, who(c), {
          username: str(f, 'username'),
          displayName: str(f, 'displayName'),
          role: str(f, 'role') as StaffRole,
          locale: str(f, 'locale') as Locale,
          ...(password ? { password } : {}),
          teams: teamChoices(f, teamIds),
        }),
      (s) => `/config/staff/${s.id}?ok=1`,
      (failed) => list(c, failed),
    );
  });

  const withStaff = (path: string, run: (c: Context<PanelEnv>, s: StaffAccount, f: Form) => Promise<Response>) => {
    app.post(`/config/staff/:id${path}`, async (c) => {
      const sid = paramId(c);
      const s = sid === null ? null : await getStaff(core, sid);
      if (!s) return c.text(c.get('t')('admin-err-not_found'), 404);
      return run(c, s, await readForm(c));
    });
  };
  const back = (s: StaffAccount) => `/config/staff/${s.id}?ok=1`;

  app.get('/config/staff/:id', async (c) => {
    const sid = paramId(c);
    const s = sid === null ? null : await getStaff(core, sid);
    return s ? detail(c, s) : c.text(c.get('t')('admin-err-not_found'), 404);
  });
  withStaff('', (c, s, f) => {
    const goal = num(f, 'dailyGoal');
    return write(
      c,
      'staff',
      f,
      () =>
        updateStaff(core, who(c), s.id, {
          username: str(f, 'username'),
          displayName: str(f, 'displayName'),
          role: str(f, 'role') as StaffRole,
          locale: str(f, 'locale') as Locale,
          dailyGoal: goal,
        }),
      () => back(s),
      (failed) => detail(c, s, failed),
    );
  });
  withStaff('/password', (c, s, f) =>
    write(
      c,
      'password',
      f,
      () => setStaffPassword(core, who(c), s.id, str(f, 'password')),
      () => back(s),
      (failed) => detail(c, s, failed),
    ),
  );
  withStaff('/active', (c, s, f) =>
    write(
      c,
      'active',
      f,
      () => setStaffActive(core, who(c), s.id, str(f, 'active') === '1'),
      () => back(s),
      (failed) => detail(c, s, failed),
    ),
  );
  withStaff('/teams', async (c, s, f) => {
    const teamIds = (await listTeams(core)).map((x) => x.id);
    return write(
      c,
      'teams',
      f,
      () => setStaffTeams(core, who(c), s.id, teamChoices(f, teamIds)),
      () => back(s),
      (failed) => detail(c, s, failed),
    );
  });
  withStaff('/telegram-code', async (c, s) => detail(c, s, null, await issueTelegramLinkCode(core, who(c), s.id)));
  withStaff('/second-factor/reset', (c, s, f) =>
    write(
      c,
      'staff',
      f,
      () => resetSecondFactor(core, who(c), s.id),
      () => back(s),
      (failed) => detail(c, s, failed),
    ),
  );
  withStaff('/unlink', (c, s, f) =>
    write(
      c,
      'staff',
      f,
      () => unlinkTelegram(core, who(c), s.id),
      () => back(s),
      (failed) => detail(c, s, failed),
    ),
  );

  return app;
}
