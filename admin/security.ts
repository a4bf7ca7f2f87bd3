/**
 * Panel middleware: secure headers (a CSP without inline scripts or styles), the locale, the session guard,
 * and the CSRF check on every POST (the session's token in the `_csrf` field or the `x-csrf-token` header
 * that htmx sends; before login a double-submit token in its own cookie). A POST whose Origin is another
 * site is refused too. The multipart/urlencoded body is parsed with `all: true` (repeated names as lists);
 * Hono caches it, so the routes read the same parsed form. The client's address (TRUST_PROXY decides whether
 * X-Forwarded-For is read) and the login throttle (kept in Redis, shared by every web process) live here too.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { clientAddressOf, type TrustProxy } from '../core/config/trust-proxy.ts';
import type { Locale } from '../core/entities/enums.ts';
import { translator } from '../core/i18n/index.ts';
import { fixedWindow, type Limiter, type LimitStore } from '../core/infra/limits.ts';
import { getSettings } from '../core/services/settings.ts';
import { loadSession, randomToken, sameToken } from './auth.ts';
import type { PanelDeps, PanelEnv } from './env.ts';

export const SESSION_COOKIE = 'hd_session';
export const PRE_COOKIE = 'hd_pre';

export function panelHeaders(opts: { inlineStyles?: boolean; files?: boolean } = {}): MiddlewareHandler<PanelEnv> {
  // a file served from a ticket (uploads or Telegram): nothing in it may run, even opened on its own
  if (opts.files) {
    return secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], imgSrc: ["'self'"], sandbox: [] },
      referrerPolicy: 'same-origin',
      xFrameOptions: 'DENY',
    });
  }
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // only the queue dashboard (bull-board's React UI, admins only) needs inline styles; scripts never
      styleSrc: opts.inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
  });
}

export const isSecure = (deps: PanelDeps) => deps.core.publicUrl.startsWith('https:');

export function setLocale(c: Context<PanelEnv>, locale: Locale): void {
  c.set('locale', locale);
  c.set('t', translator(locale));
}

export function cookieOptions(deps: PanelDeps, maxAgeSeconds?: number) {
  return { httpOnly: true, sameSite: 'Lax' as const, secure: isSecure(deps), path: '/', ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

/** the submitted CSRF token: the form field or htmx's header */
async function submittedToken(c: Context<PanelEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) return undefined;
  const body = await c.req.parseBody({ all: true });
  const v = Array.isArray(body._csrf) ? body._csrf[0] : body._csrf;
  return typeof v === 'string' ? v : undefined;
}

export function foreignOrigin(c: Context<PanelEnv>): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== new URL(c.req.url).host;
  } catch {
    return true;
  }
}

/** the request says it comes from this site (Origin, or Sec-Fetch-Site for same-origin fetches) */
export function fromThisSite(c: Context<PanelEnv>): boolean {
  const origin = c.req.header('origin');
  if (origin) return !foreignOrigin(c);
  return c.req.header('sec-fetch-site') === 'same-origin';
}

function csrfRejected(c: Context<PanelEnv>) {
  c.get('log')?.warn({ path: c.req.path }, 'panel POST without a valid CSRF token');
  return c.text(c.get('t')('admin-err-csrf'), 403);
}

/**
 * pages behind the login: loads the session (else redirects to /login) and checks CSRF on every other
 * method than GET/HEAD — the session's token (`csrf: 'token'`, the default), or for bull-board's own API
 * calls, which carry none, that the request comes from this site (`csrf: 'origin'`)
 */
export function requireStaff(deps: PanelDeps, opts: { csrf?: 'token' | 'origin' } = {}): MiddlewareHandler<PanelEnv> {
  return async (c, next) => {
    const live = await loadSession(deps.core, getCookie(c, SESSION_COOKIE));
    if (!live) {
      setLocale(c, deps.core.defaultLocale);
      if (c.req.method !== 'GET') return c.text('login required', 401);
      if (c.req.header('hx-request')) {
        c.header('hx-redirect', '/login');
        return c.body(null, 204);
      }
      return c.redirect('/login', 303);
    }
    c.set('staff', live.staff);
    c.set('session', live.session);
    c.set('csrf', live.session.csrfSecret);
    setLocale(c, live.staff.locale);
    const connected = !!deps.telegram?.token;
    c.set('bot', { connected, stored: connected ? false : (await getSettings(deps.core)).botTokenStored });
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const ok = opts.csrf === 'origin' ? fromThisSite(c) : !foreignOrigin(c) && sameToken(await submittedToken(c), live.session.csrfSecret);
      if (!ok) return csrfRejected(c);
    }
    await next();
  };
}

/** login and setup pages (no session yet): a double-submit token in its own HttpOnly cookie */
export function preLoginCsrf(deps: PanelDeps): MiddlewareHandler<PanelEnv> {
  return async (c, next) => {
    setLocale(c, deps.core.defaultLocale);
    let token = getCookie(c, PRE_COOKIE);
    if (c.req.method === 'POST') {
      if (foreignOrigin(c) || !sameToken(await submittedToken(c), token)) return csrfRejected(c);
    }
    if (!token || token.length > 100) {
      token = randomToken();
      setCookie(c, PRE_COOKIE, token, { ...cookieOptions(deps), sameSite: 'Strict' });
    }
    c.set('csrf', token);
    await next();
  };
}

export const clearPreCookie = (c: Context<PanelEnv>) => deleteCookie(c, PRE_COOKIE, { path: '/' });

/**
 * The client's address for the login throttle, the session and the audit log: the socket's peer, or an
 * X-Forwarded-For entry only as far as TRUST_PROXY says (core/config/trust-proxy.ts). At most 64 characters.
 */
export function clientAddress(c: Context, trust: TrustProxy = { kind: 'off' }): string {
  let socket = '';
  try {
    socket = getConnInfo(c).remote.address ?? '';
  } catch {
    // no socket (app.request in tests)
  }
  return clientAddressOf(socket, c.req.header('x-forwarded-for'), trust).slice(0, 64);
}

/** sets `clientIp` on every panel request (read by the login, the session and the audit log) */
export function clientIpMiddleware(deps: PanelDeps): MiddlewareHandler<PanelEnv> {
  return async (c, next) => {
    c.set('clientIp', clientAddress(c, deps.trustProxy));
    await next();
  };
}

/**
 * Login throttling per client address, on top of the per-account lockout: at most `max` failed logins in a
 * window (default 20 in 15 minutes, from the address's first failure) from one address, whatever the
 * usernames — guessing across many accounts gets 429 too; a success clears the address. Kept in Redis under
 * the system's prefix when `store` is given (main.ts), so every web process counts together; otherwise in
 * this process. `now` is accepted for the callers' sake; the window runs on the store's clock.
 */
export class LoginThrottle {
  private readonly limiter: Limiter;
  constructor(
    private readonly max = 20,
    windowMs = 15 * 60_000,
    store?: LimitStore,
  ) {
    this.limiter = fixedWindow(store, 'login', max, Math.max(1, Math.ceil(windowMs / 1000)));
  }

  /** ms to wait before the next attempt from this address (0: go ahead) */
  async waitMs(key: string, _now?: number): Promise<number> {
    const res = await this.limiter.get(key);
    return res && res.consumedPoints >= this.max ? Math.max(1, res.msBeforeNext) : 0;
  }

  async failed(key: string, _now?: number): Promise<void> {
    await this.limiter.penalty(key, 1);
  }

  async succeeded(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
