/**
 * The login's second step (issue 16 item 6): after a right password, /login/code asks for the authenticator's
 * code (or a recovery code), and /login/enrol sets a second factor up when an admin setting requires one.
 * The step lives in a login challenge (its own short-lived cookie, only its hash stored); the session is
 * created only when the code was accepted. The login throttle of /login covers every code tried here, and
 * wrong codes count toward the account's lockout too. The rules are in core/services/second-factor.ts.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { raw } from 'hono/html';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Translate } from '../../core/i18n/index.ts';
import { ValidationError } from '../../core/services/errors.ts';
import {
  CHALLENGE_MINUTES,
  challengeFailed,
  completeChallenge,
  confirmEnrolment,
  loadChallenge,
  openChallenge,
  startEnrolment,
  verifySecondFactor,
} from '../../core/services/second-factor.ts';
import { formatJalali } from '../../core/text/index.ts';
import { createSession, LOCK_MINUTES, MAX_FAILED_LOGINS, SESSION_HOURS } from '../auth.ts';
import type { LoginThrottle } from '../security.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { clearPreCookie, cookieOptions, SESSION_COOKIE } from '../security.ts';
import { errorText } from '../views/form.tsx';
import { Csrf, Layout } from '../views/layout.tsx';

export const CHALLENGE_COOKIE = 'hd_login2';

export interface SecondStepDeps {
  pre: MiddlewareHandler<PanelEnv>;
  throttle: LoginThrottle;
  clientAddress: (c: Context<PanelEnv>) => string;
  clientMeta: (c: Context<PanelEnv>) => { ip: string; userAgent: string };
}

/** after a right password: opens the challenge and sends the browser to the code or the enrolment page */
export async function startSecondStep(deps: PanelDeps, c: Context<PanelEnv>, staffId: number, purpose: 'code' | 'enrol') {
  const token = await openChallenge(deps.core, staffId, purpose);
  setCookie(c, CHALLENGE_COOKIE, token, { ...cookieOptions(deps, CHALLENGE_MINUTES * 60), sameSite: 'Strict' });
  return c.redirect(purpose === 'code' ? '/login/code' : '/login/enrol', 303);
}

/** the panel's name in an authenticator app: its host */
export const issuerOf = (deps: PanelDeps) => {
  try {
    return `Helpdesk ${new URL(deps.core.publicUrl).host}`;
  } catch {
    return 'Helpdesk';
  }
};

export function secondFactorLoginRoutes(deps: PanelDeps, step: SecondStepDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { pre, throttle } = step;

  const shell = (c: Context<PanelEnv>, title: string, body: unknown, status: 200 | 401 | 423 | 429 = 200) => {
    const t = c.get('t');
    c.header('cache-control', 'no-store'); // a key or recovery codes may be on the page
    return c.html(
      <Layout t={t} locale={c.get('locale')} title={title} csrf={c.get('csrf')}>
        <div class="card narrow">{body}</div>
      </Layout>,
      status,
    );
  };

  const CodeField = ({ label }: { label: string }) => (
    <>
      <label for="code">{label}</label>
      <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required dir="ltr" autofocus maxlength={20} />
    </>
  );

  const codePage = (c: Context<PanelEnv>, error: string | null, status: 200 | 401 | 423 | 429 = 200) => {
    const t = c.get('t');
    return shell(
      c,
      t('admin-2fa-title'),
      <>
        <h1>{t('admin-2fa-title')}</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action="/login/code">
          <Csrf token={c.get('csrf')} />
          <CodeField label={t('admin-2fa-code')} />
          <p class="hint">{t('admin-2fa-code-hint')}</p>
          <button type="submit">{t('admin-login')}</button>
        </form>
        <p>
          <a href="/login">{t('admin-2fa-restart')}</a>
        </p>
      </>,
      status,
    );
  };

  const enrolPage = async (c: Context<PanelEnv>, staffId: number, error: string | null, status: 200 | 401 | 429 = 200) => {
    const t = c.get('t');
    const e = await startEnrolment(deps.core, staffId, issuerOf(deps));
    return shell(
      c,
      t('admin-2fa-enrol-title'),
      <>
        <h1>{t('admin-2fa-enrol-title')}</h1>
        <p>{t('admin-2fa-enrol-required')}</p>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <EnrolBody t={t} qrSvg={e.qrSvg} secret={e.secret} />
        <form method="post" action="/login/enrol">
          <Csrf token={c.get('csrf')} />
          <CodeField label={t('admin-2fa-first-code')} />
          <button type="submit">{t('admin-2fa-confirm')}</button>
        </form>
      </>,
      status,
    );
  };

  /** the typed code is wrong: the throttle and the lockout count it; the challenge may be spent */
  const wrongCode = async (c: Context<PanelEnv>, challenge: Parameters<typeof challengeFailed>[1], again: (error: string) => Promise<Response> | Response) => {
    const t = c.get('t');
    // awaited: the throttle may keep its counts elsewhere (Redis) and answer asynchronously
    await throttle.failed(step.clientAddress(c) || 'unknown', deps.core.clock.now().getTime());
    const open = await challengeFailed(deps.core, challenge, { max: MAX_FAILED_LOGINS, minutes: LOCK_MINUTES });
    deps.log.warn({ staffId: challenge.staffId, open }, 'panel second factor failed');
    if (!open) {
      deleteCookie(c, CHALLENGE_COOKIE, { path: '/' });
      return shell(
        c,
        t('admin-2fa-title'),
        <>
          <p class="error" role="alert">
            {t('admin-2fa-spent')}
          </p>
          <p>
            <a href="/login">{t('admin-login')}</a>
          </p>
        </>,
        401,
      );
    }
    return again(errorText(t, 'wrong_code'));
  };

  /** the throttle answers first, before anything is checked */
  const throttled = async (c: Context<PanelEnv>) => {
    const wait = await throttle.waitMs(step.clientAddress(c) || 'unknown', deps.core.clock.now().getTime());
    if (wait <= 0) return null;
    deps.log.warn({ address: step.clientAddress(c) }, 'panel login throttled');
    c.header('retry-after', String(Math.ceil(wait / 1000)));
    return c.get('t')('admin-login-throttled', { minutes: Math.ceil(wait / 60_000) });
  };

  const signIn = async (c: Context<PanelEnv>, staffId: number) => {
    await throttle.succeeded(step.clientAddress(c) || 'unknown');
    const cookie = await createSession(deps.core, staffId, step.clientMeta(c));
    setCookie(c, SESSION_COOKIE, cookie, cookieOptions(deps, SESSION_HOURS * 3600));
    deleteCookie(c, CHALLENGE_COOKIE, { path: '/' });
    clearPreCookie(c);
  };

  const lockedText = (c: Context<PanelEnv>, until: Date) =>
    c.get('t')('admin-login-locked', { until: formatJalali(until, { withTime: true, timeZone: deps.core.timeZone }) });

  app.get('/login/code', pre, async (c) => {
    const live = await loadChallenge(deps.core, getCookie(c, CHALLENGE_COOKIE));
    if (!live || live.challenge.purpose !== 'code') return c.redirect('/login', 303);
    return codePage(c, null);
  });

  app.post('/login/code', pre, async (c) => {
    const slow = await throttled(c);
    if (slow) return codePage(c, slow, 429);
    const live = await loadChallenge(deps.core, getCookie(c, CHALLENGE_COOKIE));
    if (!live || live.challenge.purpose !== 'code') return c.redirect('/login', 303);
    const { challenge, staff } = live;
    if (staff.lockedUntil && staff.lockedUntil > deps.core.clock.now()) return codePage(c, lockedText(c, staff.lockedUntil), 423);
    const body = await c.req.parseBody();
    const result = await verifySecondFactor(deps.core, { staffId: staff.id, ip: step.clientAddress(c) }, staff.id, String(body.code ?? ''));
    if (!result.ok) return wrongCode(c, challenge, (error) => codePage(c, error, 401));
    await completeChallenge(deps.core, challenge);
    await signIn(c, staff.id);
    return c.redirect(result.via === 'recovery' ? `/account?recoveryLeft=${result.recoveryLeft}` : '/tickets', 303);
  });

  app.get('/login/enrol', pre, async (c) => {
    const live = await loadChallenge(deps.core, getCookie(c, CHALLENGE_COOKIE));
    if (!live || live.challenge.purpose !== 'enrol') return c.redirect('/login', 303);
    return enrolPage(c, live.staff.id, null);
  });

  app.post('/login/enrol', pre, async (c) => {
    const live = await loadChallenge(deps.core, getCookie(c, CHALLENGE_COOKIE));
    if (!live || live.challenge.purpose !== 'enrol') return c.redirect('/login', 303);
    const { challenge, staff } = live;
    const slow = await throttled(c);
    if (slow) return enrolPage(c, staff.id, slow, 429);
    const body = await c.req.parseBody();
    let codes: string[];
    try {
      codes = await confirmEnrolment(deps.core, { staffId: staff.id, ip: step.clientAddress(c) }, staff.id, String(body.code ?? ''));
    } catch (err) {
      if (err instanceof ValidationError && err.fields.code === 'wrong_code') return wrongCode(c, challenge, (error) => enrolPage(c, staff.id, error, 401));
      throw err;
    }
    await completeChallenge(deps.core, challenge);
    await signIn(c, staff.id);
    const t = c.get('t');
    return shell(
      c,
      t('admin-2fa-enrol-title'),
      <>
        <h1>{t('admin-2fa-on')}</h1>
        <RecoveryCodes t={t} codes={codes} />
        <p>
          <a href="/tickets">{t('admin-2fa-continue')}</a>
        </p>
      </>,
    );
  });

  return app;
}

/** the QR code (an SVG made on the server by the qrcode package) and the secret as text */
export const EnrolBody = ({ t, qrSvg, secret }: { t: Translate; qrSvg: string; secret: string }) => (
  <>
    <p>{t('admin-2fa-scan')}</p>
    <div class="qr" role="img" aria-label={t('admin-2fa-qr')}>
      {raw(qrSvg)}
    </div>
    <p>
      {t('admin-2fa-secret')}{' '}
      <code dir="ltr" id="totp-secret">
        {secret.replace(/(.{4})/g, '$1 ').trim()}
      </code>
    </p>
  </>
);

/** the recovery codes, shown once */
export const RecoveryCodes = ({ t, codes }: { t: Translate; codes: string[] }) => (
  <section role="status">
    <p>{t('admin-2fa-recovery-intro')}</p>
    <ul class="recovery-codes" dir="ltr">
      {codes.map((code) => (
        <li>
          <code>{code}</code>
        </li>
      ))}
    </ul>
  </section>
);
