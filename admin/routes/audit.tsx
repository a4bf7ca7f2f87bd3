/**
 * GET /audit (admins): the audit trail, filterable, newest first with keyset pages —
 * `log=config`: every configuration change (core/services/audit.listAudit: who, what, before/after, IP);
 * `log=tickets`: every ticket action (the ticket events: who, which ticket, the change and its note).
 * Filters: entity (config) or event kind (tickets), action, staff member, Jalali/Gregorian date range.
 */
import { Hono } from 'hono';
import { listAudit, listTicketEvents } from '../../core/services/audit.ts';
import { EVENT_KINDS } from '../../core/services/tickets/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { forbidden } from '../forms.ts';
import { dayStart } from '../inbox.ts';
import { pickerOptions } from '../options.ts';
import { when } from '../views/format.ts';
import { page } from '../views/layout.tsx';

const ENTITIES = [
  'settings',
  'value_chain',
  'department',
  'subject',
  'faq',
  'member_type',
  'team',
  'staff',
  'staff_chat',
  'calendar',
  'sla_policy',
  'canned_reply',
  'requester',
] as const;

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export function auditRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  app.get('/audit', async (c) => {
    if (c.get('staff').role !== 'admin') return forbidden(c);
    const t = c.get('t');
    const locale = c.get('locale');
    const q = c.req.query();
    const log = q.log === 'tickets' ? 'tickets' : 'config';
    const entity = (ENTITIES as readonly string[]).includes(q.entity ?? '') ? q.entity! : '';
    const kind = (EVENT_KINDS as readonly string[]).includes(q.kind ?? '') ? q.kind! : '';
    const action = /^[a-z_]{1,64}$/.test(q.action ?? '') ? q.action! : '';
    const staffId = /^\d{1,9}$/.test(q.staff ?? '') ? Number(q.staff) : null;
    const from = (q.from ?? '').trim().slice(0, 20);
    const to = (q.to ?? '').trim().slice(0, 20);
    const fromAt = from ? dayStart(from, core.timeZone) : null;
    const toStart = to ? dayStart(to, core.timeZone) : null;
    const toAt = toStart ? new Date(toStart.getTime() + 86_400_000) : null;
    const after = /^\d{1,10}$/.test(q.after ?? '') ? Number(q.after) : null;
    const o = await pickerOptions(core);
    const staffName = (id: number | null) => (id === null ? t('admin-system') : (o.staff.find((s) => s.id === id)?.displayName ?? `#${id}`));
    const keep = new URLSearchParams(
      Object.entries({ log, entity, kind, action, staff: staffId === null ? '' : String(staffId), from, to }).filter(([, v]) => v),
    );

    let rows: { id: number; at: Date; staff: string; action: string; what: string; link: string | null; before: string; after: string; extra: string }[];
    let next: number | null;
    if (log === 'config') {
      const r = await listAudit(core, {
        entity: entity || undefined,
        action: action || undefined,
        staffId: staffId ?? undefined,
        from: fromAt ?? undefined,
        to: toAt ?? undefined,
        cursor: after,
        limit: 50,
      });
      rows = r.items.map((a) => ({
        id: a.id,
        at: a.createdAt,
        staff: staffName(a.staffId),
        action: a.action,
        what: `${a.entity}${a.entityId ? ` #${a.entityId}` : ''}`,
        link: null,
        before: json(a.before),
        after: json(a.after),
        extra: a.ip,
      }));
      next = r.nextCursor;
    } else {
      const r = await listTicketEvents(core, {
        kind: kind || undefined,
        action: action || undefined,
        staffId: staffId ?? undefined,
        from: fromAt ?? undefined,
        to: toAt ?? undefined,
        cursor: after,
        limit: 50,
      });
      next = r.nextCursor;
      rows = r.items.map((e) => ({
        id: e.id,
        at: e.createdAt,
        staff: e.actorKind === 'staff' ? staffName(e.actorId) : t(`admin-actor-${e.actorKind}`),
        action: e.action ?? e.kind,
        what: `${e.kind}`,
        link: `/tickets/${e.ticketId}`,
        before: json(e.before),
        after: json(e.after),
        extra: e.note ?? '',
      }));
    }

    return page(
      c,
      t('admin-audit'),
      <>
        <h1>{t('admin-audit')}</h1>
        <nav class="tabs">
          <a href="/audit?log=config" class={log === 'config' ? 'on' : ''}>
            {t('admin-audit-config')}
          </a>
          <a href="/audit?log=tickets" class={log === 'tickets' ? 'on' : ''}>
            {t('admin-audit-tickets')}
          </a>
        </nav>
        <form method="get" action="/audit" class="card filters">
          <input type="hidden" name="log" value={log} />
          {log === 'config' ? (
            <div>
              <label for="a-entity">{t('admin-audit-entity')}</label>
              <select id="a-entity" name="entity">
                <option value="">{t('admin-filter-any')}</option>
                {ENTITIES.map((x) => (
                  <option value={x} selected={entity === x}>
                    {t(`admin-entity-${x}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <div>
              <label for="a-kind">{t('admin-audit-kind')}</label>
              <select id="a-kind" name="kind">
                <option value="">{t('admin-filter-any')}</option>
                {EVENT_KINDS.map((x) => (
                  <option value={x} selected={kind === x}>
                    {t(`admin-event-${x}`)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div>
            <label for="a-action">{t('admin-audit-action')}</label>
            <input type="text" id="a-action" name="action" value={action} dir="ltr" />
          </div>
          <div>
            <label for="a-staff">{t('admin-audit-staff')}</label>
            <select id="a-staff" name="staff">
              <option value="">{t('admin-filter-any')}</option>
              {o.staff.map((s) => (
                <option value={String(s.id)} selected={staffId === s.id}>
                  {s.displayName}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="a-from">{t('admin-filter-from')}</label>
            <input type="text" id="a-from" name="from" value={from} dir="ltr" placeholder="۱۴۰۵/۰۱/۰۱" />
            {from && !fromAt ? <p class="field-error">{t('org-error-invalid_date')}</p> : null}
          </div>
          <div>
            <label for="a-to">{t('admin-filter-to')}</label>
            <input type="text" id="a-to" name="to" value={to} dir="ltr" placeholder="۱۴۰۵/۱۲/۲۹" />
            {to && !toAt ? <p class="field-error">{t('org-error-invalid_date')}</p> : null}
          </div>
          <div class="buttons">
            <button type="submit">{t('admin-filter-apply')}</button>
          </div>
        </form>
        {rows.length ? (
          <table class="list audit">
            <thead>
              <tr>
                <th>{t('admin-when')}</th>
                <th>{t('admin-audit-staff')}</th>
                <th>{t('admin-audit-action')}</th>
                <th>{t('admin-audit-what')}</th>
                <th class="hide-sm">{t('admin-audit-change')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-id={String(r.id)}>
                  <td>{when(r.at, locale, core.timeZone)}</td>
                  <td dir="auto">{r.staff}</td>
                  <td dir="ltr">{r.action}</td>
                  <td dir="ltr">{r.link ? <a href={r.link}>{r.what}</a> : r.what}</td>
                  <td class="hide-sm change">
                    {r.before ? (
                      <div class="before" dir="ltr">
                        {r.before}
                      </div>
                    ) : null}
                    {r.after ? (
                      <div class="after" dir="ltr">
                        {r.after}
                      </div>
                    ) : null}
                    {r.extra ? (
                      <div class="muted" dir="auto">
                        {r.extra}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t('admin-empty')}</p>
        )}
        <p class="pager">
          {after ? <a href={`/audit?${keep.toString()}`}>{t('admin-first-page')}</a> : null}{' '}
          {next ? (
            <a rel="next" href={`/audit?${new URLSearchParams([...keep, ['after', String(next)]]).toString()}`}>
              {t('admin-next-page')}
            </a>
          ) : null}
        </p>
      </>,
    );
  });

  return app;
}
