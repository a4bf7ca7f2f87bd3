/**
 * /config/canned — canned replies (a shortcut for `/r SHORTCUT` in staff chats, a title and a body; for
 * every team or one): admins manage all, supervisors those of their teams (they see the global ones). The
 * ticket page's picker offers them. Writes through core/services/canned.ts (role checks, audit).
 */
import { Hono, type Context } from 'hono';
import type { CannedReply } from '../../../core/entities/org.ts';
import { createCanned, deleteCanned, listCanned, updateCanned } from '../../../core/services/canned.ts';
import { supervisedTeamIds } from '../../../core/services/org-common.ts';
import { listTeams } from '../../../core/services/teams.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { checked, forbidden, id, paramId, readForm, str, who, write, type Failed, type Form } from '../../forms.ts';
import { CheckField, FormErrors, FormState, PostForm, SelectField, TextArea, TextField } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';

export function cannedRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  const render = async (c: Context<PanelEnv>, failed: Failed | null = null) => {
    const t = c.get('t');
    const csrf = c.get('csrf');
    const me = c.get('staff');
    const scope = me.role === 'admin' ? null : await supervisedTeamIds(core, me.id);
    const teams = (await listTeams(core)).filter((x) => !scope || scope.includes(x.id));
    const replies = (await listCanned(core)).filter((r) => !scope || r.teamId === null || scope.includes(r.teamId));
    const mayEdit = (r: CannedReply) => !scope || (r.teamId !== null && scope.includes(r.teamId));
    const teamOptions = teams.map((x) => [String(x.id), x.name] as const);
    const Fields = ({ f, r }: { f: FormState; r: Partial<CannedReply> }) => (
      <>
        <FormErrors f={f} />
        <div class="row">
          <TextField f={f} name="shortcut" label={t('admin-canned-shortcut')} value={r.shortcut} required max={48} dir="auto" />
          <SelectField
            f={f}
            name="teamId"
            label={t('admin-col-team')}
            value={r.teamId}
            options={teamOptions}
            empty={scope ? undefined : t('admin-every-team')}
          />
        </div>
        <TextField f={f} name="title" label={t('admin-canned-title')} value={r.title} required max={200} />
        <TextArea f={f} name="body" label={t('admin-canned-body')} value={r.body} required rows={4} max={4000} />
        <CheckField f={f} name="active" label={t('admin-active')} checked={r.active ?? true} />
      </>
    );
    return page(
      c,
      t('admin-canned'),
      <>
        <h1>{t('admin-canned')}</h1>
        <Saved c={c} />
        {replies.map((r) => {
          const f = new FormState(`canned-${r.id}`, t, failed);
          return (
            <section class="card" id={`canned-${r.id}`}>
              <h2>
                <bdi dir="auto">{r.title}</bdi>{' '}
                <span class="muted" dir="ltr">
                  /{r.shortcut}
                </span>{' '}
                {r.active ? null : <span class="badge">{t('admin-inactive')}</span>}
              </h2>
              <p class="muted">{r.teamId ? (teams.find((x) => x.id === r.teamId)?.name ?? '') : t('admin-every-team')}</p>
              {mayEdit(r) ? (
                <details open={f.mine}>
                  <summary>{t('admin-edit')}</summary>
                  <PostForm action={`/config/canned/${r.id}`} csrf={csrf}>
                    <Fields f={f} r={r} />
                    <button type="submit">{t('admin-save')}</button>
                  </PostForm>
                  <PostForm action={`/config/canned/${r.id}/delete`} csrf={csrf}>
                    <button class="danger small" type="submit">
                      {t('admin-delete')}
                    </button>
                  </PostForm>
                </details>
              ) : (
                <p class="msg" dir="auto">
                  {r.body}
                </p>
              )}
            </section>
          );
        })}
        <section class="card">
          <h2>{t('admin-canned-add')}</h2>
          <PostForm action="/config/canned" csrf={csrf}>
            <Fields f={new FormState('canned-new', t, failed)} r={{}} />
            <button type="submit">{t('admin-canned-add')}</button>
          </PostForm>
        </section>
      </>,
    );
  };

  const input = (f: Form) => ({
    shortcut: str(f, 'shortcut'),
    title: str(f, 'title'),
    body: str(f, 'body'),
    teamId: id(f, 'teamId'),
    active: checked(f, 'active'),
  });

  app.use('/config/canned', async (c, next) => (c.get('staff').role === 'agent' ? forbidden(c) : next()));
  app.use('/config/canned/*', async (c, next) => (c.get('staff').role === 'agent' ? forbidden(c) : next()));
  app.get('/config/canned', (c) => render(c));
  app.post('/config/canned', async (c) => {
    const f = await readForm(c);
    return write(
      c,
      'canned-new',
      f,
      () => createCanned(core, who(c), input(f)),
      () => '/config/canned?ok=1',
      (failed) => render(c, failed),
    );
  });
  app.post('/config/canned/:id', async (c) => {
    const rid = paramId(c) ?? 0;
    const f = await readForm(c);
    return write(
      c,
      `canned-${rid}`,
      f,
      () => updateCanned(core, who(c), rid, input(f)),
      () => '/config/canned?ok=1',
      (failed) => render(c, failed),
    );
  });
  app.post('/config/canned/:id/delete', async (c) => {
    const rid = paramId(c) ?? 0;
    return write(
      c,
      `canned-${rid}`,
      {},
      () => deleteCanned(core, who(c), rid),
      () => '/config/canned?ok=1',
      (failed) => render(c, failed),
    );
  });

  return app;
}
