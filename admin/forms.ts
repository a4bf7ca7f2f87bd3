/**
 * Reading submitted forms (urlencoded or multipart; repeated names become lists) and running a write:
 * a core service call whose domain errors become a re-rendered page (400 with inline field errors), a 403
 * or a 404 — never a 500 — and whose success is a redirect (POST, redirect, GET).
 */
import type { Context } from 'hono';
import { DomainError, ValidationError } from '../core/services/errors.ts';
import type { Who } from '../core/services/org-common.ts';
import { toAsciiDigits } from '../core/text/index.ts';
import type { PanelEnv } from './env.ts';
import { errorText } from './error-text.ts';

export type FormValue = string | File;
export type Form = Record<string, FormValue | FormValue[]>;

/** the submitted form (cached by Hono: the CSRF check read it already) */
export async function readForm(c: Context<PanelEnv>): Promise<Form> {
  return (await c.req.parseBody({ all: true })) as Form;
}

const first = (v: FormValue | FormValue[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** a text field ('' when absent) */
export const str = (f: Form, k: string): string => {
  const v = first(f[k]);
  return typeof v === 'string' ? v : '';
};

/** every text value of a repeated field */
export const strs = (f: Form, k: string): string[] => {
  const v = f[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

/** every uploaded file of a field (empty file inputs are skipped) */
export const files = (f: Form, k: string): File[] => {
  const v = f[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is File => typeof x !== 'string' && x.size > 0);
};

/** a whole number typed with any digits, or null when empty; NaN (→ a validation error in the core) when not a number */
export function num(f: Form, k: string): number | null {
  const s = toAsciiDigits(str(f, k)).trim();
  if (s === '') return null;
  return /^-?\d{1,9}$/.test(s) ? Number(s) : Number.NaN;
}

/** an id from a select ('' → null) */
export const id = (f: Form, k: string): number | null => {
  const s = str(f, k);
  return /^\d{1,10}$/.test(s) ? Number(s) : null;
};

/** a checkbox */
export const checked = (f: Form, k: string): boolean => ['on', '1', 'true'].includes(str(f, k));

/** a numeric route parameter, or null when it is not one */
export function paramId(c: Context<PanelEnv>, name = 'id'): number | null {
  const v = c.req.param(name) ?? '';
  return /^\d{1,10}$/.test(v) ? Number(v) : null;
}

/** the client's address, as the panel's middleware decided it (security.ts: clientAddress, TRUST_PROXY) */
export const clientIp = (c: Context<PanelEnv>) => c.get('clientIp') ?? '';

/** the acting staff member for core org services (audited with the IP) */
export const who = (c: Context<PanelEnv>): Who => ({ staffId: c.get('staff').id, ip: clientIp(c) });

/** a form that failed validation: which form (a key per form on the page), its errors and what was typed */
export interface Failed {
  form: string;
  errors: Record<string, string>;
  values: Form;
}

export const forbidden = (c: Context<PanelEnv>) => c.text(c.get('t')('admin-err-forbidden'), 403);
export const notFoundText = (c: Context<PanelEnv>) => c.text(c.get('t')('admin-err-not_found'), 404);

/**
 * Runs a write. Success: redirect to `done` (a function of the result). ValidationError (and other domain
 * refusals): `again` renders the page with the form's errors and values (400). Forbidden: 403; not found: 404.
 */
export async function write<T>(
  c: Context<PanelEnv>,
  formKey: string,
  values: Form,
  run: () => Promise<T>,
  done: (result: T) => string,
  again: (failed: Failed) => Promise<Response> | Response,
): Promise<Response> {
  let result: T;
  try {
    result = await run();
  } catch (err) {
    if (err instanceof ValidationError) return shown(c, await again({ form: formKey, errors: err.fields, values }), err.fields);
    if (err instanceof DomainError) {
      if (err.code === 'forbidden') return forbidden(c);
      if (err.code === 'not_found') return notFoundText(c);
      c.get('log')?.info({ code: err.code, path: c.req.path }, 'panel write refused');
      return shown(c, await again({ form: formKey, errors: { _: err.code }, values }), { _: err.code });
    }
    throw err;
  }
  return c.redirect(done(result), 303);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * the page again with status 400; when no form on it claimed the error (a create form posted without the
 * parent it belongs under, say, so its key matches no form shown), the errors go at the top of the page
 */
async function shown(c: Context<PanelEnv>, res: Response, errors: Record<string, string>): Promise<Response> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('text/html')) return new Response(res.body, { status: 400, headers: res.headers });
  let html = await res.text();
  if (!/role="alert"|class="field-error"/.test(html)) {
    const t = c.get('t');
    const lines = Object.entries(errors).map(([field, code]) => (field === '_' ? errorText(t, code) : `${field}: ${errorText(t, code)}`));
    const box = `<div class="error" role="alert">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`;
    html = html.replace('<main id="main">', `<main id="main">${box}`);
  }
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(html, { status: 400, headers });
}
