/** First-run setup (/setup/<code>), login and logout. Error codes of the setup form are shown as text. */
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { completeSetup, setupLinkState, type SetupLinkState } from '../../core/services/codes.ts';
import { loginStepAfterPassword } from '../../core/services/second-factor.ts';
import { countStaff } from '../../core/services/staff.ts';
import { DomainError, ValidationError } from '../../core/services/errors.ts';
import { formatJalali } from '../../core/text/index.ts';
import { checkLogin, createSession, destroySession, SESSION_HOURS } from '../auth.ts';
import { clientIp } from '../forms.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { clearPreCookie, cookieOptions, LoginThrottle, preLoginCsrf, SESSION_COOKIE } from '../security.ts';
import { errorText } from '../views/form.tsx';
import { Csrf, Layout } from '../views/layout.tsx';
import { secondFactorLoginRoutes, startSecondStep } from './login-second-factor.tsx';

/** the client's address (TRUST_PROXY decides whether X-Forwarded-For is read: security.ts) */
const clientAddress = (c: Context<PanelEnv>) => clientIp(c);
const clientMeta = (c: Context<PanelEnv>) => ({ ip: clientAddress(c), userAgent: c.req.header('user-agent') ?? '' });

export function authRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const pre = preLoginCsrf(deps);
  const throttle = deps.loginThrottle ?? new LoginThrottle(undefined, undefined, deps.limits);

  const loginPage = (c: Context<PanelEnv>, error: string | null, status: 200 | 401 | 423 | 429 = 200, username = '') => {
    const t = c.get('t');
    return c.html(
      <Layout t={t} locale={c.get('locale')} title={t('admin-login')} csrf={c.get('csrf')}>
        <div class="card narrow">
          <h1>{t('admin-login')}</h1>
          {error ? (
            <p class="error" role="alert">
              {error}
            </p>
          ) : null}
          <form method="post" action="/login">
            <Csrf token={c.get('csrf')} />
            <label for="username">{t('admin-username')}</label>
            <input type="text" id="username" name="username" autocomplete="username" required dir="ltr" value={username.slice(0, 100)} />
            <label for="password">{t('admin-password')}</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required dir="ltr" autofocus={username ? true : undefined} />
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
    const t = c.get('t');
    const address = clientAddress(c) || 'unknown';
    const now = deps.core.clock.now().getTime();
    const wait = await throttle.waitMs(address, now);
    if (wait > 0) {
      deps.log.warn({ address }, 'panel login throttled');
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      return loginPage(c, t('admin-login-throttled', { minutes: Math.ceil(wait / 60_000) }), 429, String(body.username ?? ''));
    }
    const result = await checkLogin(deps.core, String(body.username ?? ''), String(body.password ?? ''));
    if (!result.ok) {
      await throttle.failed(address, now);
      if (result.reason === 'locked') {
        return loginPage(
          c,
          t('admin-login-locked', { until: formatJalali(result.until, { withTime: true, timeZone: deps.core.timeZone }) }),
          423,
          String(body.username ?? ''),
        );
      }
      return loginPage(c, t('admin-login-failed'), 401, String(body.username ?? ''));
    }
    // a second factor owed (a code, or enrolment the admins require): no session before it
    const second = await loginStepAfterPassword(deps.core, result.staff);
    if (second !== 'none') return startSecondStep(deps, c, result.staff.id, second);
    await throttle.succeeded(address);
    const cookie = await createSession(deps.core, result.staff.id, clientMeta(c));
    setCookie(c, SESSION_COOKIE, cookie, cookieOptions(deps, SESSION_HOURS * 3600));
    clearPreCookie(c);
    return c.redirect('/tickets', 303);
  });

  app.route('/', secondFactorLoginRoutes(deps, { pre, throttle, clientAddress, clientMeta }));

  // behind the panel's session guard (createPanel), which checks the CSRF token
  app.post('/logout', async (c) => {
    await destroySession(deps.core, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  /** the setup form (code '' : the link is used or void, so only the error and the way to the login) */
  const setupPage = (
    c: Context<PanelEnv>,
    code: string,
    error: string | null,
    fields: Record<string, string> = {},
    typed: Record<string, string> = {},
    status: 200 | 400 | 404 | 410 = error ? 400 : 200,
  ) => {
    const t = c.get('t');
    const err = (f: string) =>
      fields[f] ? (
        <p class="field-error" id={`${f}-err`}>
          {errorText(t, fields[f]!)}
        </p>
      ) : null;
    const aria = (f: string) => (fields[f] ? { 'aria-invalid': 'true', 'aria-describedby': `${f}-err` } : {});
    return c.html(
      <Layout t={t} locale={c.get('locale')} title={t(code ? 'admin-setup-title' : 'admin-setup-refused-title')} csrf={c.get('csrf')}>
        <div class="card narrow">
          <h1>{t(code ? 'admin-setup-title' : 'admin-setup-refused-title')}</h1>
          {error ? (
            <p class="error" role="alert">
              {error}
            </p>
          ) : null}
          {code ? (
            <form method="post" action={`/setup/${encodeURIComponent(code)}`}>
              <Csrf token={c.get('csrf')} />
              <label for="username">{t('admin-username')}</label>
              <input
                type="text"
                id="username"
                name="username"
                required
                dir="ltr"
                autocomplete="username"
                value={(typed.username ?? '').slice(0, 100)}
                {...aria('username')}
              />
              {err('username')}
              <label for="displayName">{t('admin-display-name')}</label>
              <input
                type="text"
                id="displayName"
                name="displayName"
                required
                dir="auto"
                value={(typed.displayName ?? '').slice(0, 200)}
                {...aria('displayName')}
              />
              {err('displayName')}
              <label for="password">{t('admin-password')}</label>
              <input type="password" id="password" name="password" required dir="ltr" autocomplete="new-password" {...aria('password')} />
              {err('password')}
              <button type="submit">{t('admin-setup-submit')}</button>
            </form>
          ) : (
            <p>
              <a href="/login">{t('admin-login')}</a>
            </p>
          )}
        </div>
      </Layout>,
      status,
    );
  };

  /** a setup link that leads to no form: why (a wrong code, an expired or replaced link, an account exists), and the way on */
  const setupRefused = (c: Context<PanelEnv>, state: Exclude<SetupLinkState, 'valid'>) =>
    setupPage(c, '', c.get('t')(`admin-setup-${state}`), {}, {}, state === 'unknown' ? 404 : 410);

  app.get('/setup/:code', pre, async (c) => {
    const state = await setupLinkState(deps.core, c.req.param('code'));
    return state === 'valid' ? setupPage(c, c.req.param('code'), null) : setupRefused(c, state);
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
      const typed = { username: String(body.username ?? ''), displayName: String(body.displayName ?? '') };
      if (err instanceof ValidationError) return setupPage(c, code, c.get('t')('admin-err-validation'), err.fields, typed);
      if (err instanceof DomainError) {
        const state = await setupLinkState(deps.core, code);
        return setupRefused(c, state === 'valid' ? 'replaced' : state);
      }
      throw err;
    }
  });

  return app;
}
