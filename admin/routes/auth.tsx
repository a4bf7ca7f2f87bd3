/** First-run setup (/setup/<code>), login and logout. */
import { Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { completeSetup } from '../../core/services/codes.ts';
import { countStaff } from '../../core/services/staff.ts';
import { DomainError, ValidationError } from '../../core/services/errors.ts';
import { formatJalali } from '../../core/text/index.ts';
import { checkLogin, createSession, destroySession, SESSION_HOURS } from '../auth.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { clearPreCookie, cookieOptions, preLoginCsrf, requireStaff, SESSION_COOKIE } from '../security.ts';
import { Csrf, Layout } from '../views/layout.tsx';

const clientMeta = (c: { req: { header(n: string): string | undefined } }) => ({
  ip: (c.req.header('x-forwarded-for') ?? '').split(',')[0]!.trim(),
  userAgent: c.req.header('user-agent') ?? '',
});

export function authRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const pre = preLoginCsrf(deps);

  const loginPage = (c: import('hono').Context<PanelEnv>, error: string | null, status: 200 | 401 | 423 = 200) => {
    const t = c.get('t');
    return c.html(
      <Layout t={t} locale={c.get('locale')} title={t('admin-login')} csrf={c.get('csrf')}>
        <div class="card narrow">
          <h1>{t('admin-login')}</h1>
          {error ? <p class="error" role="alert">{error}</p> : null}
          <form method="post" action="/login">
            <Csrf token={c.get('csrf')} />
            <label for="username">{t('admin-username')}</label>
            <input type="text" id="username" name="username" autocomplete="username" required dir="ltr" />
            <label for="password">{t('admin-password')}</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required dir="ltr" />
            <button type="submit">{t('admin-login')}</button>
          </form>
        </div>
      </Layout>,
      status,
    );
  };

  app.get('/login', pre, async (c) => {
    const noAccount = (await countStaff(deps.core)) === 0;
    return loginPage(c, noAccount ? c.get('t')('admin-login-no-account') : null);
  });

  app.post('/login', pre, async (c) => {
    const body = await c.req.parseBody();
    const result = await checkLogin(deps.core, String(body.username ?? ''), String(body.password ?? ''));
    const t = c.get('t');
    if (!result.ok) {
      if (result.reason === 'locked') {
        return loginPage(c, t('admin-login-locked', { until: formatJalali(result.until, { withTime: true, timeZone: deps.core.timeZone }) }), 423);
      }
      return loginPage(c, t('admin-login-failed'), 401);
    }
    const cookie = await createSession(deps.core, result.staff.id, clientMeta(c));
    setCookie(c, SESSION_COOKIE, cookie, cookieOptions(deps, SESSION_HOURS * 3600));
    clearPreCookie(c);
    return c.redirect('/tickets', 303);
  });

  app.post('/logout', requireStaff(deps), async (c) => {
    await destroySession(deps.core, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  const setupPage = (c: import('hono').Context<PanelEnv>, code: string, error: string | null, fields: Record<string, string> = {}) => {
    const t = c.get('t');
    const err = (f: string) => (fields[f] ? <p class="error">{t('admin-field-error', { field: f, code: fields[f] })}</p> : null);
    return c.html(
      <Layout t={t} locale={c.get('locale')} title={t('admin-setup-title')} csrf={c.get('csrf')}>
        <div class="card narrow">
          <h1>{t('admin-setup-title')}</h1>
          {error ? <p class="error" role="alert">{error}</p> : null}
          <form method="post" action={`/setup/${encodeURIComponent(code)}`}>
            <Csrf token={c.get('csrf')} />
            <label for="username">{t('admin-username')}</label>
            <input type="text" id="username" name="username" required dir="ltr" autocomplete="username" />
            {err('username')}
            <label for="displayName">{t('admin-display-name')}</label>
            <input type="text" id="displayName" name="displayName" required dir="auto" />
            {err('displayName')}
            <label for="password">{t('admin-password')}</label>
            <input type="password" id="password" name="password" required dir="ltr" autocomplete="new-password" />
            {err('password')}
            <button type="submit">{t('admin-setup-submit')}</button>
          </form>
        </div>
      </Layout>,
      error ? 400 : 200,
    );
  };

  app.get('/setup/:code', pre, async (c) => {
    if ((await countStaff(deps.core)) > 0) return setupPage(c, '', c.get('t')('admin-setup-invalid'));
    return setupPage(c, c.req.param('code'), null);
  });

  app.post('/setup/:code', pre, async (c) => {
    const body = await c.req.parseBody();
    const code = c.req.param('code');
    try {
      const staff = await completeSetup(deps.core, code, {
        username: String(body.username ?? ''),
        displayName: String(body.displayName ?? ''),
        password: String(body.password ?? ''),
      });
      deps.log.info({ staffId: staff.id }, 'first admin created through the setup link');
      const cookie = await createSession(deps.core, staff.id, clientMeta(c));
      setCookie(c, SESSION_COOKIE, cookie, cookieOptions(deps, SESSION_HOURS * 3600));
      clearPreCookie(c);
      return c.redirect('/tickets', 303);
    } catch (err) {
      if (err instanceof ValidationError) return setupPage(c, code, c.get('t')('admin-err-validation'), err.fields);
      if (err instanceof DomainError) return setupPage(c, code, c.get('t')('admin-setup-invalid'));
      throw err;
    }
  });

  return app;
}
