/**
 * Form fields with labels and inline errors. Each form on a page has a key; when a POST of that form fails
 * validation, the page is rendered again with a FormState holding the errors and what was typed, so the
 * fields keep their values and show their errors (with aria-invalid and aria-describedby).
 */
import type { Child } from 'hono/jsx';
import type { Translate } from '../../core/i18n/index.ts';
import { errorText } from '../error-text.ts';

export { errorText };
import { checked, str, type Failed } from '../forms.ts';

export class FormState {
  constructor(
    readonly key: string,
    readonly t: Translate,
    readonly failed: Failed | null = null,
  ) {}
  get mine(): boolean {
    return this.failed?.form === this.key;
  }
  id(name: string): string {
    return `${this.key}-${name}`.replace(/[^A-Za-z0-9_-]/g, '_');
  }
  /** what was typed (after a failed POST of this form) or the stored value */
  value(name: string, stored: string | number | null | undefined): string {
    if (this.mine) return str(this.failed!.values, name);
    return stored === null || stored === undefined ? '' : String(stored);
  }
  isChecked(name: string, stored: boolean): boolean {
    return this.mine ? checked(this.failed!.values, name) : stored;
  }
  error(name: string): string | null {
    if (!this.mine) return null;
    const code = this.failed!.errors[name];
    return code ? errorText(this.t, code) : null;
  }
  /** errors of fields under a prefix (e.g. `weekly.4` for `weekly.4.0.end`) */
  errorUnder(prefix: string): string | null {
    if (!this.mine) return null;
    const hit = Object.entries(this.failed!.errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`));
    return hit ? errorText(this.t, hit[1]) : null;
  }
}

const ErrorLine = ({ id, text }: { id: string; text: string | null }) =>
  text ? (
    <p class="field-error" id={id}>
      {text}
    </p>
  ) : null;

interface Base {
  f: FormState;
  name: string;
  label: string;
  hint?: string;
}

export function TextField(
  p: Base & {
    value?: string | number | null;
    required?: boolean;
    dir?: 'rtl' | 'ltr' | 'auto';
    type?: string;
    max?: number;
    numeric?: boolean;
    placeholder?: string;
    autocomplete?: string;
  },
) {
  const id = p.f.id(p.name);
  const err = p.f.error(p.name);
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <input
        type={p.type ?? 'text'}
        id={id}
        name={p.name}
        value={p.type === 'password' ? '' : p.f.value(p.name, p.value)}
        required={p.required}
        dir={p.dir ?? 'auto'}
        maxlength={p.max}
        inputmode={p.numeric ? 'numeric' : undefined}
        placeholder={p.placeholder}
        autocomplete={p.autocomplete}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-err` : p.hint ? `${id}-hint` : undefined}
      />
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      <ErrorLine id={`${id}-err`} text={err} />
    </div>
  );
}

export function TextArea(p: Base & { value?: string | null; required?: boolean; rows?: number; max?: number; dir?: 'rtl' | 'ltr' | 'auto' }) {
  const id = p.f.id(p.name);
  const err = p.f.error(p.name);
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <textarea
        id={id}
        name={p.name}
        required={p.required}
        rows={p.rows ?? 4}
        maxlength={p.max}
        dir={p.dir ?? 'auto'}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-err` : p.hint ? `${id}-hint` : undefined}
      >
        {p.f.value(p.name, p.value)}
      </textarea>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      <ErrorLine id={`${id}-err`} text={err} />
    </div>
  );
}

export type Option = readonly [value: string, label: string];

export function SelectField(p: Base & { options: readonly Option[]; value?: string | number | null; empty?: string }) {
  const id = p.f.id(p.name);
  const err = p.f.error(p.name);
  const current = p.f.value(p.name, p.value);
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined}>
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {p.options.map(([v, l]) => (
          <option value={v} selected={current === v}>
            {l}
          </option>
        ))}
      </select>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      <ErrorLine id={`${id}-err`} text={err} />
    </div>
  );
}

export function CheckField(p: Base & { checked: boolean }) {
  const id = p.f.id(p.name);
  const err = p.f.error(p.name);
  return (
    <div class="field check">
      <input type="checkbox" id={id} name={p.name} checked={p.f.isChecked(p.name, p.checked)} />
      <label for={id}>{p.label}</label>
      <ErrorLine id={`${id}-err`} text={err} />
    </div>
  );
}

/** the alert at the top of a form whose POST failed: every error, including those of no single field */
export function FormErrors({ f, labels = {} }: { f: FormState; labels?: Record<string, string> }) {
  if (!f.mine) return null;
  const entries = Object.entries(f.failed!.errors);
  return (
    <div class="error" role="alert">
      <p>{f.t('admin-err-validation')}</p>
      <ul>
        {entries.map(([field, code]) => (
          <li>{field === '_' ? errorText(f.t, code) : `${labels[field] ?? field}: ${errorText(f.t, code)}`}</li>
        ))}
      </ul>
    </div>
  );
}

/** a POST form with its CSRF field */
export function PostForm(p: { action: string; csrf: string; children?: Child; class?: string; multipart?: boolean; id?: string }) {
  return (
    <form method="post" action={p.action} class={p.class} id={p.id} enctype={p.multipart ? 'multipart/form-data' : undefined}>
      <input type="hidden" name="_csrf" value={p.csrf} />
      {p.children}
    </form>
  );
}
