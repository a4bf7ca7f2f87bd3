/**
 * /config/sla (admins) — SLA policies: which tickets a policy matches (team, subject, minimum priority; the
 * first match by order wins), its targets in working minutes (first response, resolution), a wall-clock
 * ceiling and the working calendar. Writes through core/services/calendars.ts (validation, audit); a policy
 * in use is deactivated instead of deleted.
 */
import { Hono, type Context } from 'hono';
import { PRIORITIES, type Priority } from '../../../core/entities/enums.ts';
import type { SlaPolicy } from '../../../core/entities/sla.ts';
import { createSlaPolicy, listCalendars, listSlaPolicies, removeSlaPolicy, updateSlaPolicy, type SlaPolicyInput } from '../../../core/services/calendars.ts';
import { formatDuration } from '../../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { checked, forbidden, id, num, paramId, readForm, str, who, write, type Failed, type Form } from '../../forms.ts';
import { pickerOptions } from '../../options.ts';
import { CheckField, FormErrors, FormState, PostForm, SelectField, TextField, type Option } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';

export function slaRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  const render = async (c: Context<PanelEnv>, failed: Failed | null = null) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const csrf = c.get('csrf');
    const policies = await listSlaPolicies(core);
    const calendars = await listCalendars(core);
    const o = await pickerOptions(core);
    const name = (x: { nameFa: string; nameEn: string }) => (locale === 'fa' ? x.nameFa : x.nameEn);
    const subjects: Option[] = o.subjects.map((s) => {
      const d = o.departments.find((x) => x.id === s.parentId);
      return [String(s.id), d ? `${name(d)} › ${name(s)}` : name(s)] as const;
    });
    const Fields = ({ f, p }: { f: FormState; p: Partial<SlaPolicy> }) => (
      <>
        <FormErrors f={f} />
        <div class="field-grid">
          <TextField f={f} name="name" label={t('admin-name')} value={p.name} required max={120} />
        </div>
        <div class="field-grid">
          <SelectField
            f={f}
            name="teamId"
            label={t('admin-col-team')}
            value={p.teamId}
            options={o.teams.map((x) => [String(x.id), x.name] as const)}
            empty={t('admin-any-team')}
          />
          <SelectField f={f} name="subjectId" label={t('admin-filter-subject')} value={p.subjectId} options={subjects} empty={t('admin-any-subject')} />
          <SelectField
            f={f}
            name="minPriority"
            label={t('admin-min-priority')}
            value={p.minPriority}
            options={PRIORITIES.map((x) => [x, t(`admin-priority-${x}`)] as const)}
            empty={t('admin-any-priority')}
          />
        </div>
        <div class="field-grid">
          <TextField f={f} name="firstResponseMinutes" label={t('admin-first-response-minutes')} value={p.firstResponseMinutes} numeric dir="ltr" />
          <TextField f={f} name="resolutionMinutes" label={t('admin-resolution-minutes')} value={p.resolutionMinutes} numeric dir="ltr" />
          <TextField f={f} name="ceilingMinutes" label={t('admin-ceiling-minutes')} value={p.ceilingMinutes} numeric dir="ltr" hint={t('admin-ceiling-hint')} />
        </div>
        <div class="field-grid">
          <SelectField
            f={f}
            name="calendarId"
            label={t('admin-calendar')}
            value={p.calendarId}
            options={calendars.map((x) => [String(x.id), x.name] as const)}
            empty={t('admin-calendar-team')}
          />
          <TextField f={f} name="sortOrder" label={t('admin-sort-order')} value={p.sortOrder} numeric dir="ltr" />
        </div>
        <div class="field-check-line">
          <CheckField f={f} name="active" label={t('admin-active')} checked={p.active ?? true} />
        </div>
      </>
    );
    const minutes = (m: number | null) => (m === null ? '—' : formatDuration(m, locale));
    return page(
      c,
      t('admin-sla-policies'),
      <>
        <h1>{t('admin-sla-policies')}</h1>
        <p class="muted">{t('admin-sla-help')}</p>
        <Saved c={c} />
        {policies.map((p) => {
          const f = new FormState(`policy-${p.id}`, t, failed);
          return (
            <section class="card" id={`policy-${p.id}`}>
              <h2>
                <bdi dir="auto">{p.name}</bdi> {p.active ? null : <span class="badge">{t('admin-inactive')}</span>}
              </h2>
              <p class="muted">
                {t('admin-sla-first_response')}: {minutes(p.firstResponseMinutes)} · {t('admin-sla-resolution')}: {minutes(p.resolutionMinutes)}
              </p>
              <details open={f.mine}>
                <summary>{t('admin-edit')}</summary>
                <PostForm action={`/config/sla/${p.id}`} csrf={csrf}>
                  <Fields f={f} p={p} />
                  <button type="submit">{t('admin-save')}</button>
                </PostForm>
                <PostForm action={`/config/sla/${p.id}/remove`} csrf={csrf}>
                  <button class="danger small" type="submit">
                    {t('admin-delete')}
                  </button>
                </PostForm>
              </details>
            </section>
          );
        })}
        <section class="card">
          <h2>{t('admin-sla-add')}</h2>
          <PostForm action="/config/sla" csrf={csrf}>
            <Fields f={new FormState('policy-new', t, failed)} p={{}} />
            <button type="submit">{t('admin-sla-add')}</button>
          </PostForm>
        </section>
      </>,
    );
  };

  const input = (f: Form): SlaPolicyInput => {
    const order = num(f, 'sortOrder');
    return {
      name: str(f, 'name'),
      teamId: id(f, 'teamId'),
      subjectId: id(f, 'subjectId'),
      minPriority: (PRIORITIES as readonly string[]).includes(str(f, 'minPriority')) ? (str(f, 'minPriority') as Priority) : null,
      firstResponseMinutes: num(f, 'firstResponseMinutes'),
      resolutionMinutes: num(f, 'resolutionMinutes'),
      ceilingMinutes: num(f, 'ceilingMinutes'),
      calendarId: id(f, 'calendarId'),
      ...(order === null ? {} : { sortOrder: order }),
      active: checked(f, 'active'),
    };
  };

  app.use('/config/sla', async (c, next) => (c.get('staff').role === 'admin' ? next() : forbidden(c)));
  app.use('/config/sla/*', async (c, next) => (c.get('staff').role === 'admin' ? next() : forbidden(c)));
  app.get('/config/sla', (c) => render(c));
  app.post('/config/sla', async (c) => {
    const f = await readForm(c);
    return write(
      c,
      'policy-new',
      f,
      () => createSlaPolicy(core, who(c), input(f)),
      () => '/config/sla?ok=1',
      (failed) => render(c, failed),
    );
  });
  app.post('/config/sla/:id', async (c) => {
    const pid = paramId(c) ?? 0;
    const f = await readForm(c);
    return write(
      c,
      `policy-${pid}`,
      f,
      () => updateSlaPolicy(core, who(c), pid, input(f)),
      () => '/config/sla?ok=1',
      (failed) => render(c, failed),
    );
  });
  app.post('/config/sla/:id/remove', async (c) => {
    const pid = paramId(c) ?? 0;
    return write(
      c,
      `policy-${pid}`,
      {},
      () => removeSlaPolicy(core, who(c), pid),
      () => '/config/sla?ok=1',
      (failed) => render(c, failed),
    );
  });

  return app;
}
