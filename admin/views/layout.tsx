/** The page shell: RTL for Persian (the default), LTR for English; local htmx and font; no inline script or style. */
import type { Child } from 'hono/jsx';
import type { Locale } from '../../core/entities/enums.ts';
import type { StaffAccount } from '../../core/entities/people.ts';
import type { Translate } from '../../core/i18n/index.ts';

export interface LayoutProps {
  t: Translate;
  locale: Locale;
  title: string;
  csrf: string;
  staff?: StaffAccount;
  children?: Child;
}

const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, allowScriptTags: false });

export function Layout({ t, locale, title, csrf, staff, children }: LayoutProps) {
  return (
    <html lang={locale} dir={locale === 'fa' ? 'rtl' : 'ltr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${title} · ${t('admin-title')}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/panel.css" />
        <script src="/assets/htmx.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ 'x-csrf-token': csrf })}>
        {staff ? (
          <header class="top">
            <strong>{t('admin-title')}</strong>
            <a href="/tickets">{t('admin-inbox')}</a>
            {staff.role === 'admin' ? <a href="/config/subjects">{t('admin-subjects')}</a> : null}
            <span class="grow"></span>
            <span dir="auto">{staff.displayName}</span>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value={csrf} />
              <button class="secondary" type="submit">{t('admin-logout')}</button>
            </form>
          </header>
        ) : null}
        <main>{children}</main>
      </body>
    </html>
  );
}

/** the hidden CSRF field every form carries */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;
