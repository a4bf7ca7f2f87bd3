/**
 * /config/subjects — the catalogue's subjects (admins): the value chain → department → subject tree, a form
 * to add a subject under a department and one to edit each subject (names, code, routing team, default
 * priority, active). Writes go through core/services/catalogue.ts (validation, admin check, audit).
 */
import { Hono, type Context } from 'hono';
import { PRIORITIES } from '../../core/entities/enums.ts';
import { Team } from '../../core/entities/org.ts';
import type { Subject } from '../../core/entities/org.ts';
import { catalogueTree, createSubject, updateSubject, type SubjectInput } from '../../core/services/catalogue.ts';
import { DomainError, ValidationError } from '../../core/services/errors.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { Csrf, Layout } from '../views/layout.tsx';

const who = (c: Context<PanelEnv>) => ({ staffId: c.get('staff').id, ip: (c.req.header('x-forwarded-for') ?? '').split(',')[0]!.trim() });

function subjectFields(body: Record<string, string | File>): Omit<SubjectInput, 'departmentId'> {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return {
    code: s('code'),
    nameFa: s('nameFa'),
    nameEn: s('nameEn'),
    teamId: /^\d+$/.test(s('teamId')) ? Number(s('teamId')) : null,
    defaultPriority: (PRIORITIES as readonly string[]).includes(s('defaultPriority')) ? (s('defaultPriority') as SubjectInput['defaultPriority']) : undefined,
    active: s('active') === 'on',
  };
}

export function catalogueRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  const page = async (c: Context<PanelEnv>, errors: Record<string, string> | null = null, status: 200 | 400 | 403 = 200) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const csrf = c.get('csrf');
    const tree = await catalogueTree(core);
    const teams = await core.ds.getRepository(Team).find({ order: { name: 'ASC' } });
    const name = (x: { nameFa: string; nameEn: string }) => (locale === 'fa' ? x.nameFa : x.nameEn);
    const Fields = ({ s, prefix }: { s: Partial<Subject>; prefix: string }) => (
      <>
        <label for={`${prefix}-code`}>{t('admin-subject-code')}</label>
        <input type="text" id={`${prefix}-code`} name="code" value={s.code ?? ''} required dir="ltr" maxlength={24} />
        <label for={`${prefix}-fa`}>{t('admin-subject-name-fa')}</label>
        <input type="text" id={`${prefix}-fa`} name="nameFa" value={s.nameFa ?? ''} required dir="rtl" maxlength={200} />
        <label for={`${prefix}-en`}>{t('admin-subject-name-en')}</label>
        <input type="text" id={`${prefix}-en`} name="nameEn" value={s.nameEn ?? ''} required dir="ltr" maxlength={200} />
        <label for={`${prefix}-team`}>{t('admin-subject-team')}</label>
        <select id={`${prefix}-team`} name="teamId">
          <option value="">{t('admin-subject-team-department')}</option>
          {teams.map((tm) => <option value={String(tm.id)} selected={s.teamId === tm.id}>{tm.name}</option>)}
        </select>
        <label for={`${prefix}-prio`}>{t('admin-filter-priority')}</label>
        <select id={`${prefix}-prio`} name="defaultPriority">
          {PRIORITIES.map((p) => <option value={p} selected={(s.defaultPriority ?? 'normal') === p}>{t(`admin-priority-${p}`)}</option>)}
        </select>
        <label><input type="checkbox" name="active" checked={s.active ?? true} /> {t('admin-subject-active')}</label>
      </>
    );
    return c.html(
      <Layout t={t} locale={locale} title={t('admin-subjects')} csrf={csrf} staff={c.get('staff')}>
        <h1>{t('admin-subjects')}</h1>
        {errors ? (
          <div class="error" role="alert">
            <p>{t('admin-err-validation')}</p>
            <ul>{Object.entries(errors).map(([f, code]) => <li>{t('admin-field-error', { field: f, code })}</li>)}</ul>
          </div>
        ) : null}
        {c.req.query('ok') ? <p class="ok" role="status">{t('admin-done')}</p> : null}
        {tree.map((vc) => (
          <section class="card">
            <h2 dir="auto">{name(vc)}</h2>
            {vc.departments.map((d) => (
              <div>
                <h3 dir="auto">{name(d)}</h3>
                <ul>
                  {d.subjects.map((s) => (
                    <li id={`subject-${s.id}`}>
                      <details>
                        <summary>
                          <bdi>{name(s)}</bdi> <span class="muted" dir="ltr">{s.code}</span>
                          {s.active ? null : <span class="badge">{t('admin-subject-inactive')}</span>}
                        </summary>
                        <form method="post" action={`/config/subjects/${s.id}`}>
                          <Csrf token={csrf} />
                          <Fields s={s} prefix={`s${s.id}`} />
                          <button type="submit">{t('admin-save')}</button>
                        </form>
                      </details>
                    </li>
                  ))}
                </ul>
                <details>
                  <summary>{t('admin-subject-add')}</summary>
                  <form method="post" action="/config/subjects">
                    <Csrf token={csrf} />
                    <input type="hidden" name="departmentId" value={String(d.id)} />
                    <Fields s={{}} prefix={`d${d.id}`} />
                    <button type="submit">{t('admin-subject-add')}</button>
                  </form>
                </details>
              </div>
            ))}
          </section>
        ))}
      </Layout>,
      status,
    );
  };

  const adminsOnly = (c: Context<PanelEnv>) => c.get('staff').role === 'admin';
  const forbidden = (c: Context<PanelEnv>) => c.text(c.get('t')('admin-err-forbidden'), 403);

  app.get('/config/subjects', (c) => (adminsOnly(c) ? page(c) : forbidden(c)));

  const write = async (c: Context<PanelEnv>, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (err) {
      if (err instanceof ValidationError) return page(c, err.fields, 400);
      if (err instanceof DomainError && err.code === 'forbidden') return forbidden(c);
      if (err instanceof DomainError && err.code === 'not_found') return c.text(c.get('t')('admin-err-not_found'), 404);
      if (err instanceof DomainError) return page(c, { _: err.code }, 400);
      throw err;
    }
    return c.redirect('/config/subjects?ok=1', 303);
  };

  app.post('/config/subjects', async (c) => {
    const body = await c.req.parseBody();
    const departmentId = Number(body.departmentId);
    return write(c, () => createSubject(core, who(c), { departmentId, ...subjectFields(body) }));
  });

  app.post('/config/subjects/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,10}$/.test(id)) return c.text(c.get('t')('admin-err-not_found'), 404);
    const body = await c.req.parseBody();
    return write(c, () => updateSubject(core, who(c), Number(id), subjectFields(body)));
  });

  return app;
}
