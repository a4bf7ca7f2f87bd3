/**
 * Requesters (supervisors and admins): GET /requesters — search (phone in any form, name, @username,
 * Telegram id) and filters, keyset pages (core/services/requesters.listRequesters); GET /requesters/:id —
 * the profile with his tickets (only those the staff member may see); POST /requesters/:id/block|unblock
 * (core checks the role and audits).
 */
import { Hono, type Context } from 'hono';
import { staffActor } from '../../core/services/actor.ts';
import { getMemberType, listMemberTypes } from '../../core/services/catalogue.ts';
import { accountsOf } from '../../core/services/requester-channels.ts';
import { blockRequester, getRequester, listRequesters, unblockRequester } from '../../core/services/requesters.ts';
import { requesterTicketsVisibleTo } from '../../core/services/tickets/visible.ts';
import { formatIranPhone, ticketRef } from '../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { forbidden, paramId, who, write } from '../forms.ts';
import { when } from '../views/format.ts';
import { PostForm } from '../views/form.tsx';
import { page, Saved } from '../views/layout.tsx';

export function requesterRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;
  const staffOnly = (c: Context<PanelEnv>) => c.get('staff').role !== 'agent';

  app.get('/requesters', async (c) => {
    if (!staffOnly(c)) return forbidden(c);
    const t = c.get('t');
    const locale = c.get('locale');
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const blocked = c.req.query('blocked');
    const after = /^\d{1,10}$/.test(c.req.query('after') ?? '') ? Number(c.req.query('after')) : null;
    const { items, nextCursor } = await listRequesters(core, {
      query: q || undefined,
      blocked: blocked === 'yes' ? true : blocked === 'no' ? false : undefined,
      cursor: after,
      limit: 50,
    });
    const types = new Map((await listMemberTypes(core, { activeOnly: false })).map((m) => [m.id, m]));
    const params = (extra: Record<string, string>) => new URLSearchParams({ ...(q ? { q } : {}), ...(blocked ? { blocked } : {}), ...extra }).toString();
    return page(
      c,
      t('admin-requesters'),
      <>
        <h1>{t('admin-requesters')}</h1>
        <form method="get" action="/requesters" class="card filters" role="search">
          <div>
            <label for="rq">{t('admin-requester-search')}</label>
            <input type="search" id="rq" name="q" value={q} dir="auto" />
          </div>
          <div>
            <label for="rb">{t('admin-blocked')}</label>
            <select id="rb" name="blocked">
              <option value="">{t('admin-filter-any')}</option>
              <option value="yes" selected={blocked === 'yes'}>
                {t('admin-blocked')}
              </option>
              <option value="no" selected={blocked === 'no'}>
                {t('admin-not-blocked')}
              </option>
            </select>
          </div>
          <div class="buttons">
            <button type="submit">{t('admin-filter-apply')}</button>
          </div>
        </form>
        {items.length ? (
          <table class="list">
            <thead>
              <tr>
                <th>{t('admin-name')}</th>
                <th>{t('admin-phone')}</th>
                <th class="hide-sm">{t('admin-member-type')}</th>
                <th class="hide-sm">{t('admin-registered')}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr>
                  <td>
                    <a href={`/requesters/${r.id}`} dir="auto">
                      {r.fullName || `#${r.id}`}
                    </a>
                  </td>
                  <td dir="ltr">{r.phone ? formatIranPhone(r.phone, locale) : ''}</td>
                  <td class="hide-sm">
                    {r.memberTypeId ? ((locale === 'fa' ? types.get(r.memberTypeId)?.nameFa : types.get(r.memberTypeId)?.nameEn) ?? '') : ''}
                  </td>
                  <td class="hide-sm">{when(r.registeredAt, locale, core.timeZone)}</td>
                  <td>{r.blocked ? <span class="badge failed">{t('admin-blocked')}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t('admin-empty')}</p>
        )}
        <p class="pager">
          {after ? <a href={`/requesters?${params({})}`}>{t('admin-first-page')}</a> : null}{' '}
          {nextCursor ? (
            <a rel="next" href={`/requesters?${params({ after: String(nextCursor) })}`}>
              {t('admin-next-page')}
            </a>
          ) : null}
        </p>
      </>,
    );
  });

  app.get('/requesters/:id', async (c) => {
    if (!staffOnly(c)) return forbidden(c);
    const id = paramId(c);
    const r = id === null ? null : await getRequester(core, id);
    const t = c.get('t');
    if (!r) return page(c, t('admin-not-found'), <p class="card">{t('admin-not-found')}</p>, 404);
    const locale = c.get('locale');
    const type = r.memberTypeId ? await getMemberType(core, r.memberTypeId) : null;
    const list = await requesterTicketsVisibleTo(core, staffActor(c.get('staff')), r.id);
    // his accounts: a linked requester has one per messenger, and his tickets from both are one history
    const accounts = await accountsOf(core, r.id);
    const csrf = c.get('csrf');
    return page(
      c,
      r.fullName || t('admin-requester'),
      <>
        <p>
          <a href="/requesters">{t('admin-requesters')}</a>
        </p>
        <h1>
          <bdi dir="auto">{r.fullName || `#${r.id}`}</bdi> {r.blocked ? <span class="badge failed">{t('admin-blocked')}</span> : null}
        </h1>
        <Saved c={c} />
        <div class="grid">
          <section class="card">
            <h2>{t('admin-tickets')}</h2>
            {list.length ? (
              <table class="list">
                <thead>
                  <tr>
                    <th>{t('admin-col-number')}</th>
                    <th>{t('admin-col-title')}</th>
                    <th>{t('admin-col-state')}</th>
                    <th>{t('admin-channel')}</th>
                    <th class="hide-sm">{t('admin-created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((x) => (
                    <tr>
                      <td>
                        <a href={`/tickets/${x.id}`}>{ticketRef(x.number, locale)}</a>
                      </td>
                      <td dir="auto">{x.title}</td>
                      <td>
                        <span class="badge">{t(`admin-state-${x.state}`)}</span>
                      </td>
                      <td>
                        <span class={`badge channel-${x.channel}`} data-channel={x.channel}>
                          {t(`channel-${x.channel}`)}
                        </span>
                      </td>
                      <td class="hide-sm">{when(x.createdAt, locale, core.timeZone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">{t('admin-empty')}</p>
            )}
          </section>
          <aside class="card">
            <dl class="facts">
              <dt>{t('admin-phone')}</dt>
              <dd dir="ltr">{r.phone ? formatIranPhone(r.phone, locale) : '—'}</dd>
              <dt>{t('admin-member-type')}</dt>
              <dd>{type ? (locale === 'fa' ? type.nameFa : type.nameEn) : '—'}</dd>
              <dt>{t('admin-registered')}</dt>
              <dd>{when(r.registeredAt, locale, core.timeZone) || '—'}</dd>
              {accounts.map((a) => (
                <>
                  <dt class="account" data-channel={a.channel}>
                    {t(`channel-${a.channel}`)}
                  </dt>
                  <dd>
                    <span dir="ltr">{a.username ? `@${a.username}` : String(a.userId)}</span>
                    {' · '}
                    {t(a.reachable ? 'admin-channel-reachable' : 'admin-channel-unreachable')}
                    {a.linkedAt ? <span class="muted"> · {t('admin-channel-linked', { at: when(a.linkedAt, locale, core.timeZone) })}</span> : null}
                  </dd>
                </>
              ))}
            </dl>
            <PostForm action={`/requesters/${r.id}/${r.blocked ? 'unblock' : 'block'}`} csrf={csrf}>
              <button class={r.blocked ? 'secondary' : 'danger'} type="submit">
                {t(r.blocked ? 'admin-unblock' : 'admin-block')}
              </button>
            </PostForm>
          </aside>
        </div>
      </>,
    );
  });

  for (const [path, fn] of [
    ['block', blockRequester],
    ['unblock', unblockRequester],
  ] as const) {
    app.post(`/requesters/:id/${path}`, async (c) => {
      const id = paramId(c);
      if (id === null) return c.text(c.get('t')('admin-err-not_found'), 404);
      return write(
        c,
        path,
        {},
        () => fn(core, who(c), id),
        () => `/requesters/${id}?ok=1`,
        () => c.text(c.get('t')('admin-err-validation'), 400),
      );
    });
  }

  return app;
}
