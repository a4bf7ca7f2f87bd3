/**
 * /config/catalogue (admins) — the routing catalogue: value chains → departments → subjects, each with
 * order, active flag, names in both languages and an ASCII code; departments and subjects name the team
 * that answers; subjects also the default priority and SLA policy, and their FAQ entries (shown by the bot
 * before a ticket is opened). Every write goes through core/services/catalogue.ts (validation, admin check,
 * audit); the bot reads the catalogue fresh, so a change is offered at once.
 */
import { Hono, type Context } from 'hono';
import { PRIORITIES } from '../../../core/entities/enums.ts';
import type { Department, FaqEntry, Subject, ValueChain } from '../../../core/entities/org.ts';
import {
  allFaq,
  catalogueTree,
  createDepartment,
  createFaq,
  createSubject,
  createValueChain,
  deleteFaq,
  updateDepartment,
  updateFaq,
  updateSubject,
  updateValueChain,
} from '../../../core/services/catalogue.ts';
import { listSlaPolicies } from '../../../core/services/calendars.ts';
import { listTeams } from '../../../core/services/teams.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { checked, forbidden, id, num, paramId, readForm, str, who, write, type Failed, type Form } from '../../forms.ts';
import { CheckField, FormErrors, FormState, PostForm, SelectField, TextArea, TextField, type Option } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';

const orUndefined = (n: number | null) => (n === null ? undefined : n);

export function catalogueRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;
  const adminsOnly = (c: Context<PanelEnv>) => c.get('staff').role === 'admin';

  const render = async (c: Context<PanelEnv>, failed: Failed | null = null) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const csrf = c.get('csrf');
    const tree = await catalogueTree(core);
    const teams = await listTeams(core);
    const policies = await listSlaPolicies(core);
    const faqs = await allFaq(core);
    const name = (x: { nameFa: string; nameEn: string }) => (locale === 'fa' ? x.nameFa : x.nameEn);
    const teamOptions: Option[] = teams.map((x) => [String(x.id), x.name]);
    const policyOptions: Option[] = policies.map((x) => [String(x.id), x.name]);
    const fs = (key: string) => new FormState(key, t, failed);

    const Names = ({ f, row, max }: { f: FormState; row: Partial<ValueChain>; max: number }) => (
      <>
        <TextField f={f} name="code" label={t('admin-code')} value={row.code} required dir="ltr" max={24} hint={t('admin-code-hint')} />
        <TextField f={f} name="nameFa" label={t('admin-name-fa')} value={row.nameFa} required dir="rtl" max={max} />
        <TextField f={f} name="nameEn" label={t('admin-name-en')} value={row.nameEn} required dir="ltr" max={max} />
      </>
    );
    const OrderActive = ({ f, row }: { f: FormState; row: { sortOrder?: number; active?: boolean } }) => (
      <div class="row">
        <TextField f={f} name="sortOrder" label={t('admin-sort-order')} value={row.sortOrder} numeric dir="ltr" />
        <CheckField f={f} name="active" label={t('admin-active')} checked={row.active ?? true} />
      </div>
    );
    const VcForm = ({ row, f, action }: { row: Partial<ValueChain>; f: FormState; action: string }) => (
      <PostForm action={action} csrf={csrf}>
        <FormErrors f={f} />
        <Names f={f} row={row} max={120} />
        <OrderActive f={f} row={row} />
        <button type="submit">{t('admin-save')}</button>
      </PostForm>
    );
    const DeptForm = ({ row, f, action, vcId }: { row: Partial<Department>; f: FormState; action: string; vcId?: number }) => (
      <PostForm action={action} csrf={csrf}>
        {vcId ? <input type="hidden" name="valueChainId" value={String(vcId)} /> : null}
        <FormErrors f={f} />
        <Names f={f} row={row} max={160} />
        <SelectField f={f} name="teamId" label={t('admin-team-answers')} value={row.teamId} options={teamOptions} empty={t('admin-none')} />
        <OrderActive f={f} row={row} />
        <button type="submit">{t('admin-save')}</button>
      </PostForm>
    );
    const SubjectForm = ({ row, f, action, deptId }: { row: Partial<Subject>; f: FormState; action: string; deptId?: number }) => (
      <PostForm action={action} csrf={csrf}>
        {deptId ? <input type="hidden" name="departmentId" value={String(deptId)} /> : null}
        <FormErrors f={f} />
        <Names f={f} row={row} max={200} />
        <SelectField f={f} name="teamId" label={t('admin-subject-team')} value={row.teamId} options={teamOptions} empty={t('admin-subject-team-department')} />
        <SelectField
          f={f}
          name="defaultPriority"
          label={t('admin-default-priority')}
          value={row.defaultPriority ?? 'normal'}
          options={PRIORITIES.map((p) => [p, t(`admin-priority-${p}`)] as const)}
        />
        <SelectField
          f={f}
          name="slaPolicyId"
          label={t('admin-sla-policy')}
          value={row.slaPolicyId}
          options={policyOptions}
          empty={t('admin-sla-policy-match')}
        />
        <OrderActive f={f} row={row} />
        <button type="submit">{t('admin-save')}</button>
      </PostForm>
    );
    const FaqForm = ({ row, f, action, subjectId }: { row: Partial<FaqEntry>; f: FormState; action: string; subjectId?: number }) => (
      <PostForm action={action} csrf={csrf}>
        {subjectId ? <input type="hidden" name="subjectId" value={String(subjectId)} /> : null}
        <FormErrors f={f} />
        <TextArea f={f} name="questionFa" label={t('admin-faq-question-fa')} value={row.questionFa} required rows={2} dir="rtl" max={2000} />
        <TextArea f={f} name="answerFa" label={t('admin-faq-answer-fa')} value={row.answerFa} required rows={3} dir="rtl" max={3500} />
        <TextArea f={f} name="questionEn" label={t('admin-faq-question-en')} value={row.questionEn} rows={2} dir="ltr" max={2000} />
        <TextArea f={f} name="answerEn" label={t('admin-faq-answer-en')} value={row.answerEn} rows={3} dir="ltr" max={3500} />
        <OrderActive f={f} row={row} />
        <button type="submit">{t('admin-save')}</button>
      </PostForm>
    );
    const Inactive = ({ active }: { active: boolean }) => (active ? null : <span class="badge">{t('admin-inactive')}</span>);

    return page(
      c,
      t('admin-catalogue'),
      <>
        <h1>{t('admin-catalogue')}</h1>
        <p class="muted">{t('admin-catalogue-help')}</p>
        <Saved c={c} />
        {tree.map((vc) => (
          <section class="card" id={`vc-${vc.id}`}>
            <h2>
              <bdi>{name(vc)}</bdi>{' '}
              <span class="muted" dir="ltr">
                {vc.code}
              </span>{' '}
              <Inactive active={vc.active} />
            </h2>
            <details open={fs(`vc-${vc.id}`).mine}>
              <summary>{t('admin-edit')}</summary>
              <VcForm row={vc} f={fs(`vc-${vc.id}`)} action={`/config/value-chains/${vc.id}`} />
            </details>
            {vc.departments.map((d) => (
              <div class="sub" id={`dept-${d.id}`}>
                <h3>
                  <bdi>{name(d)}</bdi>{' '}
                  <span class="muted" dir="ltr">
                    {d.code}
                  </span>{' '}
                  <Inactive active={d.active} />
                </h3>
                <details open={fs(`dept-${d.id}`).mine}>
                  <summary>{t('admin-edit')}</summary>
                  <DeptForm row={d} f={fs(`dept-${d.id}`)} action={`/config/departments/${d.id}`} />
                </details>
                <ul class="subjects">
                  {d.subjects.map((s) => {
                    const entries = faqs.filter((q) => q.subjectId === s.id);
                    const open = fs(`subject-${s.id}`).mine || entries.some((q) => fs(`faq-${q.id}`).mine) || fs(`faq-new-${s.id}`).mine;
                    return (
                      <li id={`subject-${s.id}`}>
                        <details open={open}>
                          <summary>
                            <bdi>{name(s)}</bdi>{' '}
                            <span class="muted" dir="ltr">
                              {s.code}
                            </span>{' '}
                            <Inactive active={s.active} />
                            {entries.length ? <span class="muted"> · {t('admin-faq-count', { count: entries.length })}</span> : null}
                          </summary>
                          <SubjectForm row={s} f={fs(`subject-${s.id}`)} action={`/config/subjects/${s.id}`} />
                          <h4>{t('admin-faq')}</h4>
                          {entries.map((q) => (
                            <details class="faq" open={fs(`faq-${q.id}`).mine}>
                              <summary>
                                <bdi dir="auto">{q.questionFa}</bdi> <Inactive active={q.active} />
                              </summary>
                              <FaqForm row={q} f={fs(`faq-${q.id}`)} action={`/config/faq/${q.id}`} />
                              <PostForm action={`/config/faq/${q.id}/delete`} csrf={csrf}>
                                <button class="danger small" type="submit">
                                  {t('admin-delete')}
                                </button>
                              </PostForm>
                            </details>
                          ))}
                          <details open={fs(`faq-new-${s.id}`).mine}>
                            <summary>{t('admin-faq-add')}</summary>
                            <FaqForm row={{}} f={fs(`faq-new-${s.id}`)} action="/config/faq" subjectId={s.id} />
                          </details>
                        </details>
                      </li>
                    );
                  })}
                </ul>
                <details open={fs(`subject-new-${d.id}`).mine}>
                  <summary>{t('admin-subject-add')}</summary>
                  <SubjectForm row={{}} f={fs(`subject-new-${d.id}`)} action="/config/subjects" deptId={d.id} />
                </details>
              </div>
            ))}
            <details open={fs(`dept-new-${vc.id}`).mine}>
              <summary>{t('admin-department-add')}</summary>
              <DeptForm row={{}} f={fs(`dept-new-${vc.id}`)} action="/config/departments" vcId={vc.id} />
            </details>
          </section>
        ))}
        <section class="card">
          <details open={fs('vc-new').mine}>
            <summary>{t('admin-value-chain-add')}</summary>
            <VcForm row={{}} f={fs('vc-new')} action="/config/value-chains" />
          </details>
        </section>
      </>,
    );
  };

  // admins only, checked here before any form is read (the core services check again)
  for (const p of ['/config/catalogue', '/config/value-chains', '/config/departments', '/config/subjects', '/config/faq']) {
    for (const q of [p, `${p}/*`]) app.use(q, async (c, next) => (adminsOnly(c) ? next() : forbidden(c)));
  }
  app.get('/config/catalogue', (c) => render(c));
  app.get('/config/subjects', (c) => c.redirect('/config/catalogue', 301));

  const done = '/config/catalogue?ok=1';
  /** a create form (no :id) or an edit form (/:id) of one catalogue level */
  const route = (
    path: string,
    key: (f: Form, id: number | null) => string,
    create: (c: Context<PanelEnv>, f: Form) => Promise<unknown>,
    update: (c: Context<PanelEnv>, id: number, f: Form) => Promise<unknown>,
  ) => {
    app.post(path, async (c) => {
      const f = await readForm(c);
      return write(
        c,
        key(f, null),
        f,
        () => create(c, f),
        () => done,
        (failed) => render(c, failed),
      );
    });
    app.post(`${path}/:id`, async (c) => {
      const rowId = paramId(c);
      if (rowId === null) return c.text(c.get('t')('admin-err-not_found'), 404);
      const f = await readForm(c);
      return write(
        c,
        key(f, rowId),
        f,
        () => update(c, rowId, f),
        () => done,
        (failed) => render(c, failed),
      );
    });
  };
  const names = (f: Form) => ({ code: str(f, 'code'), nameFa: str(f, 'nameFa'), nameEn: str(f, 'nameEn') });
  const order = (f: Form) => ({ sortOrder: orUndefined(num(f, 'sortOrder')), active: checked(f, 'active') });

  route(
    '/config/value-chains',
    (_f, rowId) => (rowId ? `vc-${rowId}` : 'vc-new'),
    (c, f) => createValueChain(core, who(c), { ...names(f), ...order(f) }),
    (c, rowId, f) => updateValueChain(core, who(c), rowId, { ...names(f), ...order(f) }),
  );
  route(
    '/config/departments',
    (f, rowId) => (rowId ? `dept-${rowId}` : `dept-new-${str(f, 'valueChainId')}`),
    (c, f) => createDepartment(core, who(c), { valueChainId: Number(str(f, 'valueChainId')), ...names(f), teamId: id(f, 'teamId'), ...order(f) }),
    (c, rowId, f) => updateDepartment(core, who(c), rowId, { ...names(f), teamId: id(f, 'teamId'), ...order(f) }),
  );
  const subjectFields = (f: Form) => ({
    ...names(f),
    teamId: id(f, 'teamId'),
    slaPolicyId: id(f, 'slaPolicyId'),
    ...order(f),
    defaultPriority: (PRIORITIES as readonly string[]).includes(str(f, 'defaultPriority'))
      ? (str(f, 'defaultPriority') as (typeof PRIORITIES)[number])
      : undefined,
  });
  route(
    '/config/subjects',
    (f, rowId) => (rowId ? `subject-${rowId}` : `subject-new-${str(f, 'departmentId')}`),
    (c, f) => createSubject(core, who(c), { departmentId: Number(str(f, 'departmentId')), ...subjectFields(f) }),
    (c, rowId, f) => updateSubject(core, who(c), rowId, subjectFields(f)),
  );
  const faqFields = (f: Form) => ({
    questionFa: str(f, 'questionFa'),
    answerFa: str(f, 'answerFa'),
    questionEn: str(f, 'questionEn'),
    answerEn: str(f, 'answerEn'),
    ...order(f),
  });
  route(
    '/config/faq',
    (f, rowId) => (rowId ? `faq-${rowId}` : `faq-new-${str(f, 'subjectId')}`),
    (c, f) => createFaq(core, who(c), { subjectId: Number(str(f, 'subjectId')), ...faqFields(f) }),
    (c, rowId, f) => updateFaq(core, who(c), rowId, faqFields(f)),
  );
  app.post('/config/faq/:id/delete', async (c) => {
    const rowId = paramId(c);
    if (rowId === null) return c.text(c.get('t')('admin-err-not_found'), 404);
    return write(
      c,
      `faq-${rowId}`,
      {},
      () => deleteFaq(core, who(c), rowId),
      () => done,
      (failed) => render(c, failed),
    );
  });

  return app;
}
