/**
 * /config/calendars (admins) — working calendars: time zone and weekly hours (one line per weekday, e.g.
 * `08:00-16:00, 17:00-19:00`, Saturday first as in Iran), one calendar the default; dated exceptions —
 * holidays, closures, short days, extra working days — typed with Jalali dates (۱۴۰۵/۰۱/۰۱) and shown in
 * Jalali; a year's list imported in one step (one line per day: `DATE [KIND] [HH:MM-HH:MM] [note]`).
 * Writes through core/services/calendars.ts (validation with field errors, audit).
 */
import { Hono, type Context } from 'hono';
import type { Calendar } from '../../../core/entities/sla.ts';
import {
  addException,
  createCalendar,
  deleteCalendar,
  EXCEPTION_KINDS,
  getCalendar,
  importExceptions,
  listCalendars,
  listExceptions,
  removeException,
  updateCalendar,
  type ExceptionKind,
  type Interval,
  type WeeklyHours,
} from '../../../core/services/calendars.ts';
import { formatJalaliDate, gregorianToJalali, toPersianDigits } from '../../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../../env.ts';
import { checked, forbidden, paramId, readForm, str, who, write, type Failed, type Form } from '../../forms.ts';
import { CheckField, FormErrors, FormState, PostForm, SelectField, TextArea, TextField } from '../../views/form.tsx';
import { page, Saved } from '../../views/layout.tsx';

/** Saturday first (the Iranian week); JS weekday numbers */
const WEEK = [6, 0, 1, 2, 3, 4, 5] as const;

/** `08:00-12:00, 13:00-16:00` → intervals (a malformed part is passed on for the core to name it) */
export function parseHours(text: string): Interval[] {
  return text
    .split(/[,،;]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = /^(\S+?)\s*(?:-|–|تا)\s*(\S+)$/.exec(p);
      return m ? { start: m[1]!, end: m[2]! } : { start: p, end: '' };
    });
}

const hoursText = (list: Interval[] | null | undefined) => (list ?? []).map((i) => `${i.start}-${i.end}`).join(', ');

export function calendarRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  const weeklyOf = (f: Form): WeeklyHours => Object.fromEntries(WEEK.map((d) => [d, parseHours(str(f, `day${d}`))]));

  const WeekFields = ({ f, weekly }: { f: FormState; weekly: WeeklyHours }) => {
    const t = f.t;
    const none = f.error('weekly');
    return (
      <fieldset aria-invalid={none ? 'true' : undefined}>
        <legend>{t('admin-weekly-hours')}</legend>
        <p class="hint">{t('admin-weekly-hint')}</p>
        {none ? (
          <p class="field-error" id={f.id('weekly-error')}>
            {none}
          </p>
        ) : null}
        {WEEK.map((d) => {
          const id = f.id(`day${d}`);
          const err = f.errorUnder(`weekly.${d}`);
          return (
            <div class="field">
              <label for={id}>{t(`admin-weekday-${d}`)}</label>
              <input
                type="text"
                id={id}
                name={`day${d}`}
                dir="ltr"
                value={f.value(`day${d}`, hoursText(weekly[d]))}
                aria-invalid={err ? 'true' : undefined}
                placeholder="08:00-16:00"
              />
              {err ? <p class="field-error">{err}</p> : null}
            </div>
          );
        })}
      </fieldset>
    );
  };

  const list = async (c: Context<PanelEnv>, failed: Failed | null = null) => {
    const t = c.get('t');
    const calendars = await listCalendars(core);
    const f = new FormState('calendar-new', t, failed);
    return page(
      c,
      t('admin-calendars'),
      <>
        <h1>{t('admin-calendars')}</h1>
        <Saved c={c} />
        <ul class="plain">
          {calendars.map((x) => (
            <li>
              <a href={`/config/calendars/${x.id}`} dir="auto">
                {x.name}
              </a>{' '}
              <span class="muted" dir="ltr">
                {x.timeZone}
              </span>{' '}
              {x.isDefault ? <span class="badge met">{t('admin-default')}</span> : null}
            </li>
          ))}
        </ul>
        <section class="card">
          <h2>{t('admin-calendar-add')}</h2>
          <PostForm action="/config/calendars" csrf={c.get('csrf')}>
            <FormErrors f={f} />
            <TextField f={f} name="name" label={t('admin-name')} required max={120} />
            <TextField f={f} name="timeZone" label={t('admin-time-zone')} value={core.timeZone} dir="ltr" />
            <WeekFields
              f={f}
              weekly={{
                6: [{ start: '08:00', end: '16:00' }],
                0: [{ start: '08:00', end: '16:00' }],
                1: [{ start: '08:00', end: '16:00' }],
                2: [{ start: '08:00', end: '16:00' }],
                3: [{ start: '08:00', end: '16:00' }],
                4: [{ start: '08:00', end: '13:00' }],
              }}
            />
            <button type="submit">{t('admin-calendar-add')}</button>
          </PostForm>
        </section>
      </>,
    );
  };

  const detail = async (c: Context<PanelEnv>, cal: Calendar, failed: Failed | null = null, imported: string | null = null) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const csrf = c.get('csrf');
    const exceptions = await listExceptions(core, cal.id);
    const f = new FormState('calendar', t, failed);
    const ex = new FormState('exception-new', t, failed);
    const im = new FormState('import', t, failed);
    const jalali = (iso: string) => {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      return formatJalaliDate(gregorianToJalali(y, m, d), locale);
    };
    const importErrors = im.mine ? Object.entries(im.failed!.errors) : [];
    return page(
      c,
      cal.name,
      <>
        <p>
          <a href="/config/calendars">{t('admin-calendars')}</a>
        </p>
        <h1 dir="auto">
          {cal.name} {cal.isDefault ? <span class="badge met">{t('admin-default')}</span> : null}
        </h1>
        <Saved c={c} />
        {imported ? (
          <p class="ok" role="status">
            {imported}
          </p>
        ) : null}
        <div class="grid">
          <section>
            <div class="card">
              <h2>{t('admin-calendar-exceptions')}</h2>
              <table class="list">
                <thead>
                  <tr>
                    <th>{t('admin-date')}</th>
                    <th>{t('admin-exception-kind')}</th>
                    <th>{t('admin-hours')}</th>
                    <th>{t('admin-note-label')}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  {exceptions.map((e) => (
                    <tr>
                      <td>
                        <span>{jalali(e.date)}</span>{' '}
                        <span class="muted" dir="ltr">
                          {e.date}
                        </span>
                      </td>
                      <td>{t(`admin-exception-${e.kind}`)}</td>
                      <td dir="ltr">{hoursText(e.intervals)}</td>
                      <td dir="auto">{e.note ?? ''}</td>
                      <td>
                        <PostForm action={`/config/calendars/${cal.id}/exceptions/${e.id}/remove`} csrf={csrf}>
                          <button class="danger small" type="submit">
                            {t('admin-remove')}
                          </button>
                        </PostForm>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {exceptions.length ? null : <p class="muted">{t('admin-empty')}</p>}
              <h3>{t('admin-exception-add')}</h3>
              <PostForm action={`/config/calendars/${cal.id}/exceptions`} csrf={csrf}>
                <FormErrors f={ex} />
                <div class="row">
                  <TextField f={ex} name="date" label={t('admin-date')} required dir="ltr" placeholder="۱۴۰۵/۰۱/۰۱" hint={t('admin-date-hint')} />
                  <SelectField
                    f={ex}
                    name="kind"
                    label={t('admin-exception-kind')}
                    value="holiday"
                    options={EXCEPTION_KINDS.map((k) => [k, t(`admin-exception-${k}`)] as const)}
                  />
                </div>
                <TextField f={ex} name="intervals" label={t('admin-hours')} dir="ltr" placeholder="08:00-12:00" hint={t('admin-exception-hours-hint')} />
                <TextField f={ex} name="note" label={t('admin-note-label')} max={200} />
                <button type="submit">{t('admin-exception-add')}</button>
              </PostForm>
            </div>
            <div class="card">
              <h2>{t('admin-import-year')}</h2>
              <PostForm action={`/config/calendars/${cal.id}/import`} csrf={csrf}>
                {importErrors.length ? (
                  <div class="error" role="alert">
                    <p>{t('admin-err-validation')}</p>
                    <ul>
                      {importErrors.map(([k, code]) => {
                        const m = /^line\.(\d+)\.(\w+)/.exec(k);
                        const where = m ? t('admin-import-line', { line: locale === 'fa' ? toPersianDigits(m[1]!) : m[1]! }) : k;
                        return (
                          <li>
                            {where}: {t(`org-error-${code}`)}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                ) : null}
                <TextArea f={im} name="lines" label={t('admin-import-lines')} rows={8} dir="ltr" hint={t('admin-import-hint')} />
                <button type="submit">{t('admin-import')}</button>
              </PostForm>
            </div>
          </section>
          <aside>
            <div class="card">
              <PostForm action={`/config/calendars/${cal.id}`} csrf={csrf}>
                <FormErrors f={f} />
                <TextField f={f} name="name" label={t('admin-name')} value={cal.name} required max={120} />
                <TextField f={f} name="timeZone" label={t('admin-time-zone')} value={cal.timeZone} dir="ltr" />
                <WeekFields f={f} weekly={cal.weekly} />
                {cal.isDefault ? null : <CheckField f={f} name="isDefault" label={t('admin-calendar-make-default')} checked={false} />}
                <button type="submit">{t('admin-save')}</button>
              </PostForm>
            </div>
            {cal.isDefault ? null : (
              <PostForm action={`/config/calendars/${cal.id}/delete`} csrf={csrf}>
                <button class="danger small" type="submit">
                  {t('admin-delete')}
                </button>
              </PostForm>
            )}
          </aside>
        </div>
      </>,
    );
  };

  async function loadCal(c: Context<PanelEnv>): Promise<Calendar | null> {
    const cid = paramId(c);
    return cid === null ? null : getCalendar(core, cid);
  }
  const missing = (c: Context<PanelEnv>) => c.text(c.get('t')('admin-err-not_found'), 404);

  app.use('/config/calendars', async (c, next) => (c.get('staff').role === 'admin' ? next() : forbidden(c)));
  app.use('/config/calendars/*', async (c, next) => (c.get('staff').role === 'admin' ? next() : forbidden(c)));
  app.get('/config/calendars', (c) => list(c));
  app.post('/config/calendars', async (c) => {
    const f = await readForm(c);
    return write(
      c,
      'calendar-new',
      f,
      () => createCalendar(core, who(c), { name: str(f, 'name'), timeZone: str(f, 'timeZone') || undefined, weekly: weeklyOf(f) }),
      (cal) => `/config/calendars/${cal.id}?ok=1`,
      (failed) => list(c, failed),
    );
  });
  app.get('/config/calendars/:id', async (c) => {
    const cal = await loadCal(c);
    return cal ? detail(c, cal) : missing(c);
  });
  app.post('/config/calendars/:id', async (c) => {
    const cal = await loadCal(c);
    if (!cal) return missing(c);
    const f = await readForm(c);
    return write(
      c,
      'calendar',
      f,
      () =>
        updateCalendar(core, who(c), cal.id, {
          name: str(f, 'name'),
          timeZone: str(f, 'timeZone') || undefined,
          weekly: weeklyOf(f),
          ...(checked(f, 'isDefault') ? { isDefault: true } : {}),
        }),
      () => `/config/calendars/${cal.id}?ok=1`,
      (failed) => detail(c, cal, failed),
    );
  });
  app.post('/config/calendars/:id/exceptions', async (c) => {
    const cal = await loadCal(c);
    if (!cal) return missing(c);
    const f = await readForm(c);
    const hours = parseHours(str(f, 'intervals'));
    return write(
      c,
      'exception-new',
      f,
      () =>
        addException(core, who(c), cal.id, {
          date: str(f, 'date'),
          kind: str(f, 'kind') as ExceptionKind,
          intervals: hours.length ? hours : null,
          note: str(f, 'note') || null,
        }),
      () => `/config/calendars/${cal.id}?ok=1`,
      (failed) => detail(c, cal, failed),
    );
  });
  app.post('/config/calendars/:id/exceptions/:eid/remove', async (c) => {
    const cal = await loadCal(c);
    if (!cal) return missing(c);
    const eid = paramId(c, 'eid') ?? 0;
    return write(
      c,
      'exception-new',
      {},
      () => removeException(core, who(c), eid),
      () => `/config/calendars/${cal.id}?ok=1`,
      (failed) => detail(c, cal, failed),
    );
  });
  app.post('/config/calendars/:id/import', async (c) => {
    const cal = await loadCal(c);
    if (!cal) return missing(c);
    const f = await readForm(c);
    let summary: string | null = null;
    const res = await write(
      c,
      'import',
      f,
      async () => {
        const r = await importExceptions(core, who(c), cal.id, str(f, 'lines'));
        summary = c.get('t')('admin-imported', { created: r.created, updated: r.updated, unchanged: r.unchanged });
      },
      () => `/config/calendars/${cal.id}?ok=1`,
      (failed) => detail(c, cal, failed),
    );
    return summary ? detail(c, cal, null, summary) : res;
  });
  app.post('/config/calendars/:id/delete', async (c) => {
    const cal = await loadCal(c);
    if (!cal) return missing(c);
    return write(
      c,
      'calendar',
      {},
      () => deleteCalendar(core, who(c), cal.id),
      () => '/config/calendars?ok=1',
      (failed) => detail(c, cal, failed),
    );
  });

  return app;
}
