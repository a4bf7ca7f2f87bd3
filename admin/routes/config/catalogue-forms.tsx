/**
 * The catalogue pages' forms (catalogue-views.tsx places them): a value chain's, a department's, a subject's and
 * an FAQ entry's fields, each a plain POST that htmx sends in place (HxForm), and what every piece of those
 * pages is drawn with (CatCtx).
 */
import type { Child } from 'hono/jsx';
import type { Locale } from '../../../core/entities/enums.ts';
import { PRIORITIES } from '../../../core/entities/enums.ts';
import type { Department, FaqEntry, Subject, ValueChain } from '../../../core/entities/org.ts';
import type { Translate } from '../../../core/i18n/index.ts';
import type { Failed } from '../../forms.ts';
import { CheckField, FormErrors, FormState, SelectField, TextArea, TextField, type Option } from '../../views/form.tsx';

export interface CatCtx {
  t: Translate;
  locale: Locale;
  csrf: string;
  teams: Option[];
  policies: Option[];
  failed: Failed | null;
  /** the element id shown open (a search hit, or the row a no-JS write came back to) */
  open: string | null;
  /** the element id of the row just saved (marked "saved") */
  saved: string | null;
}

/** the form state of one form (its key) on a catalogue page */
export const fs = (x: CatCtx, key: string) => new FormState(key, x.t, x.failed);

/** a POST form that htmx sends in place, swapping `target` (an element id) with the answer */
export function HxForm(p: { action: string; csrf: string; target: string; class?: string; children?: Child }) {
  return (
    <form method="post" action={p.action} class={p.class} hx-post={p.action} hx-target={`#${p.target}`} hx-swap="outerHTML">
      <input type="hidden" name="_csrf" value={p.csrf} />
      {p.children}
    </form>
  );
}

const Names = ({ x, f, row, max }: { x: CatCtx; f: FormState; row: Partial<ValueChain>; max: number }) => (
  <div class="cat-fields">
    <TextField f={f} name="code" label={x.t('admin-code')} value={row.code} required dir="ltr" max={24} hint={x.t('admin-code-hint')} />
    <TextField f={f} name="nameFa" label={x.t('admin-name-fa')} value={row.nameFa} required dir="rtl" max={max} />
    <TextField f={f} name="nameEn" label={x.t('admin-name-en')} value={row.nameEn} required dir="ltr" max={max} />
  </div>
);
/** the edit forms post `active` as it was (the checkbox): a new row is active */
const Active = ({ x, f, row }: { x: CatCtx; f: FormState; row: { active?: boolean } }) => (
  <CheckField f={f} name="active" label={x.t('admin-active')} checked={row.active ?? true} />
);

export function ValueChainForm({ x, row, f, action, target }: { x: CatCtx; row: Partial<ValueChain>; f: FormState; action: string; target?: string }) {
  const body = (
    <>
      <FormErrors f={f} />
      <Names x={x} f={f} row={row} max={120} />
      <Active x={x} f={f} row={row} />
      <button type="submit">{x.t('admin-save')}</button>
    </>
  );
  return target ? (
    <HxForm action={action} csrf={x.csrf} target={target}>
      {body}
    </HxForm>
  ) : (
    <form method="post" action={action}>
      <input type="hidden" name="_csrf" value={x.csrf} />
      {body}
    </form>
  );
}

export function DepartmentForm({
  x,
  row,
  f,
  action,
  target,
  vcId,
}: {
  x: CatCtx;
  row: Partial<Department>;
  f: FormState;
  action: string;
  target: string;
  vcId?: number;
}) {
  return (
    <HxForm action={action} csrf={x.csrf} target={target}>
      {vcId ? <input type="hidden" name="valueChainId" value={String(vcId)} /> : null}
      <FormErrors f={f} />
      <Names x={x} f={f} row={row} max={160} />
      <SelectField f={f} name="teamId" label={x.t('admin-team-answers')} value={row.teamId} options={x.teams} empty={x.t('admin-none')} />
      <Active x={x} f={f} row={row} />
      <button type="submit">{x.t('admin-save')}</button>
    </HxForm>
  );
}

export function SubjectForm({
  x,
  row,
  f,
  action,
  target,
  deptId,
}: {
  x: CatCtx;
  row: Partial<Subject>;
  f: FormState;
  action: string;
  target: string;
  deptId?: number;
}) {
  return (
    <HxForm action={action} csrf={x.csrf} target={target}>
      {deptId ? <input type="hidden" name="departmentId" value={String(deptId)} /> : null}
      <FormErrors f={f} />
      <Names x={x} f={f} row={row} max={200} />
      <div class="cat-fields">
        <SelectField f={f} name="teamId" label={x.t('admin-subject-team')} value={row.teamId} options={x.teams} empty={x.t('admin-subject-team-department')} />
        <SelectField
          f={f}
          name="defaultPriority"
          label={x.t('admin-default-priority')}
          value={row.defaultPriority ?? 'normal'}
          options={PRIORITIES.map((p) => [p, x.t(`admin-priority-${p}`)] as const)}
        />
        <SelectField
          f={f}
          name="slaPolicyId"
          label={x.t('admin-sla-policy')}
          value={row.slaPolicyId}
          options={x.policies}
          empty={x.t('admin-sla-policy-match')}
        />
      </div>
      <Active x={x} f={f} row={row} />
      <button type="submit">{x.t('admin-save')}</button>
    </HxForm>
  );
}

export function FaqForm({
  x,
  row,
  f,
  action,
  target,
  subjectId,
}: {
  x: CatCtx;
  row: Partial<FaqEntry>;
  f: FormState;
  action: string;
  target: string;
  subjectId?: number;
}) {
  return (
    <HxForm action={action} csrf={x.csrf} target={target}>
      {subjectId ? <input type="hidden" name="subjectId" value={String(subjectId)} /> : null}
      <FormErrors f={f} />
      <div class="cat-fields two">
        <TextArea f={f} name="questionFa" label={x.t('admin-faq-question-fa')} value={row.questionFa} required rows={2} dir="rtl" max={2000} />
        <TextArea f={f} name="questionEn" label={x.t('admin-faq-question-en')} value={row.questionEn} rows={2} dir="ltr" max={2000} />
        <TextArea f={f} name="answerFa" label={x.t('admin-faq-answer-fa')} value={row.answerFa} required rows={3} dir="rtl" max={3500} />
        <TextArea f={f} name="answerEn" label={x.t('admin-faq-answer-en')} value={row.answerEn} rows={3} dir="ltr" max={3500} />
      </div>
      <Active x={x} f={f} row={row} />
      <button type="submit">{x.t('admin-save')}</button>
    </HxForm>
  );
}
