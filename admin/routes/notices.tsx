/**
 * /notices — the panel notices of the signed-in staff member: what a follower without a linked Telegram
 * account is told when a ticket he follows changes state or gets a message (core/notify/followers.ts).
 * Unread ones first; POST /notices/read marks them all read. Linked accounts get these as private Telegram
 * messages instead.
 */
import { Hono } from 'hono';
import { markNoticesRead, myNotices } from '../../core/services/tickets/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { ticketRef } from '../../core/text/index.ts';
import { when } from '../views/format.ts';
import { page } from '../views/layout.tsx';

export function noticeRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  app.get('/notices', async (c) => {
    const t = c.get('t');
    const me = c.get('staff');
    const locale = c.get('locale');
    const { unread, items } = await myNotices(core, me.id);
    const text = (kind: string, data: Record<string, unknown> | null) =>
      kind === 'state'
        ? t('admin-notice-state', { from: t(`admin-state-${String(data?.from ?? 'new')}`), to: t(`admin-state-${String(data?.to ?? 'new')}`) })
        : t(`admin-notice-${kind === 'message' || kind === 'reply' || kind === 'note' ? kind : 'message'}`);
    return page(
      c,
      t('admin-notices'),
      <>
        <h1>{t('admin-notices')}</h1>
        <section class="card" id="notices">
          <p>{t('admin-notices-unread', { count: unread })}</p>
          {items.length ? (
            <ul class="notices">
              {items.map((n) =>
                n.ticketId === null ? (
                  // a staff chat's delay passed the setting (jobs/chat-delays.ts): the chats page shows the queues
                  <li class={n.read ? 'read' : 'unread'} data-kind={n.kind}>
                    <a href="/config/chats">
                      <bdi dir="auto">{typeof n.data?.title === 'string' ? n.data.title : t('admin-chats')}</bdi>
                    </a>{' '}
                    · <bdi>{t('admin-notice-chat-delay', { minutes: Number(n.data?.minutes ?? 0), pending: Number(n.data?.pending ?? 0) })}</bdi> ·{' '}
                    <span class="muted">{when(n.createdAt, locale, core.timeZone)}</span>
                  </li>
                ) : (
                  <li class={n.read ? 'read' : 'unread'} data-ticket={String(n.ticketId)}>
                    <a href={`/tickets/${n.ticketId}`}>{typeof n.data?.number === 'number' ? ticketRef(n.data.number, locale) : `#${n.ticketId}`}</a>{' '}
                    {typeof n.data?.title === 'string' ? <bdi dir="auto">{n.data.title}</bdi> : null} · <bdi>{text(n.kind, n.data)}</bdi> ·{' '}
                    <span class="muted">{when(n.createdAt, locale, core.timeZone)}</span>
                  </li>
                ),
              )}
            </ul>
          ) : (
            <p class="muted">{t('admin-notices-none')}</p>
          )}
          {unread ? (
            <form method="post" action="/notices/read">
              <input type="hidden" name="_csrf" value={c.get('csrf')} />
              <button class="secondary" type="submit">
                {t('admin-notices-mark-read')}
              </button>
            </form>
          ) : null}
        </section>
      </>,
    );
  });

  app.post('/notices/read', async (c) => {
    await markNoticesRead(core, c.get('staff').id);
    return c.redirect('/notices', 303);
  });

  return app;
}
