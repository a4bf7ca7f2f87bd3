/**
 * The page shell: RTL for Persian (the default), LTR for English; local htmx and font; no inline script or
 * style (the CSP forbids them); the navigation by role; a banner when no bot is connected.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Locale } from '../../core/entities/enums.ts';
import type { StaffAccount } from '../../core/entities/people.ts';
import type { Translate } from '../../core/i18n/index.ts';
import type { PanelEnv } from '../env.ts';

export interface LayoutProps {
  t: Translate;
  locale: Locale;
  title: string;
  csrf: string;
  staff?: StaffAccount;
  bot?: { connected: boolean; stored: boolean };
  /** the current path, to mark the navigation */
  path?: string;
  children?: Child;
}

const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
});

interface NavItem {
  href: string;
  key: string;
  roles: StaffAccount['role'][];
}

const NAV: NavItem[] = [
  { href: '/dashboard', key: 'rpp-nav-dashboard', roles: ['admin', 'supervisor', 'agent'] },
  { href: '/reports', key: 'rpp-reports', roles: ['admin', 'supervisor'] },
  { href: '/tickets', key: 'admin-inbox', roles: ['admin', 'supervisor', 'agent'] },
  { href: '/colleague-request', key: 'admin-colleague-nav', roles: ['admin', 'supervisor', 'agent'] },
  { href: '/requesters', key: 'admin-requesters', roles: ['admin', 'supervisor'] },
  { href: '/config', key: 'admin-config', roles: ['admin', 'supervisor'] },
  { href: '/audit', key: 'admin-audit', roles: ['admin'] },
  { href: '/admin/queues', key: 'admin-queues', roles: ['admin'] },
  { href: '/notices', key: 'admin-notices', roles: ['admin', 'supervisor', 'agent'] },
  { href: '/account', key: 'admin-account', roles: ['admin', 'supervisor', 'agent'] },
];

export function Layout({ t, locale, title, csrf, staff, bot, path, children }: LayoutProps) {
  return (
    <html lang={locale} dir={locale === 'fa' ? 'rtl' : 'ltr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · ${t('admin-title')}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/panel.css" />
        <link rel="stylesheet" href="/assets/panel-ticket.css" />
        <link rel="stylesheet" href="/assets/panel-catalogue.css" />
        <link rel="stylesheet" href="/assets/ticket.css" />
        <link rel="stylesheet" href="/assets/inbox.css" />
        <script src="/assets/htmx.js" defer></script>
        <script src="/assets/live.js" defer></script>
        <script src="/assets/ticket.js" defer></script>
        <script src="/assets/inbox.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ 'x-csrf-token': csrf })}>
        <a class="skip" href="#main">
          {t('admin-skip')}
        </a>
        {staff ? (
          <header class="top">
            <strong class="brand">{t('admin-title')}</strong>
            <nav class="main" aria-label={t('admin-nav')}>
              {NAV.filter((n) => n.roles.includes(staff.role)).map((n) => (
                <a href={n.href} aria-current={path && (path === n.href || path.startsWith(`${n.href}/`)) ? 'page' : undefined}>
                  {t(n.key)}
                </a>
              ))}
            </nav>
            <span class="grow"></span>
            <span class="who" dir="auto">
              {staff.displayName}
            </span>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value={csrf} />
              <button class="secondary small" type="submit">
                {t('admin-logout')}
              </button>
            </form>
          </header>
        ) : null}
        {staff && bot && !bot.connected ? (
          <div class="banner" role="status">
            {t(bot.stored ? 'admin-banner-bot-stored' : 'admin-banner-no-bot')} {staff.role === 'admin' ? <a href="/config/bot">{t('admin-bot')}</a> : null}
          </div>
        ) : null}
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

/** renders a whole page for the signed-in staff member */
export function page(c: Context<PanelEnv>, title: string, body: Child, status: 200 | 400 | 403 | 404 = 200) {
  const t = c.get('t');
  return c.html(
    <Layout t={t} locale={c.get('locale')} title={title} csrf={c.get('csrf')} staff={c.get('staff')} bot={c.get('bot')} path={c.req.path}>
      {body}
    </Layout>,
    status,
  );
}

/** the hidden CSRF field every form carries */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/** "saved" after a redirect with ?ok=1 */
export const Saved = ({ c }: { c: Context<PanelEnv> }) =>
  c.req.query('ok') ? (
    <p class="ok" role="status">
      {c.get('t')('admin-done')}
    </p>
  ) : null;
