/**
 * The pieces of the catalogue's value-chain page (/config/catalogue/vc/:id): the value chain's own card, its
 * departments, their subjects and each subject's FAQ entries as compact rows that open (a <details>) to edit in
 * place, with up/down buttons and activate/deactivate. Every form is a plain POST (no JavaScript: a redirect
 * back to the row) and carries htmx attributes: with htmx the answer is only the list the row belongs to
 * (`#departments-<vc>`, `#subjects-<department>`, `#faqs-<subject>`, `#vc-<id>`), swapped in place.
 */
import type { Child } from 'hono/jsx';
import type { ValueChain } from '../../../core/entities/org.ts';
import type { Translate } from '../../../core/i18n/index.ts';
import type { DepartmentWithSubjects, SubjectWithFaq, ValueChainPage } from '../../../core/read/catalogue-admin.ts';
import type { CatalogueKind } from '../../../core/services/catalogue.ts';
import type { FormState } from '../../views/form.tsx';
import { DepartmentForm, FaqForm, fs, HxForm, SubjectForm, ValueChainForm, type CatCtx } from './catalogue-forms.tsx';

export { HxForm, ValueChainForm, type CatCtx };

const label = (x: CatCtx, row: { nameFa: string; nameEn: string }) => (x.locale === 'fa' ? row.nameFa : row.nameEn);

const Inactive = ({ x, active }: { x: CatCtx; active: boolean }) => (active ? null : <span class="badge">{x.t('admin-inactive')}</span>);
const Saved = ({ x, anchor }: { x: CatCtx; anchor: string }) =>
  x.saved === anchor ? (
    <span class="cat-saved" role="status">
      {x.t('admin-done')}
    </span>
  ) : null;
const Code = ({ code }: { code: string }) => (
  <span class="muted cat-code" dir="ltr">
    {code}
  </span>
);

/** ↑ ↓ for one row (the first has no ↑, the last no ↓); their ids let htmx keep the focus on the button after the swap */
export function Move(p: { x: CatCtx; kind: CatalogueKind; id: number; name: string; first: boolean; last: boolean; target: string }) {
  const { x } = p;
  return (
    <HxForm action="/config/catalogue/move" csrf={x.csrf} target={p.target} class="cat-move">
      <input type="hidden" name="kind" value={p.kind} />
      <input type="hidden" name="id" value={String(p.id)} />
      <button
        class="secondary small"
        type="submit"
        name="dir"
        value="up"
        id={`move-${p.kind}-${p.id}-up`}
        disabled={p.first}
        aria-label={x.t('cat-move-up', { name: p.name })}
        title={x.t('cat-up')}
      >
        ↑
      </button>
      <button
        class="secondary small"
        type="submit"
        name="dir"
        value="down"
        id={`move-${p.kind}-${p.id}-down`}
        disabled={p.last}
        aria-label={x.t('cat-move-down', { name: p.name })}
        title={x.t('cat-down')}
      >
        ↓
      </button>
    </HxForm>
  );
}

/** activate / deactivate one row */
function Toggle(p: { x: CatCtx; kind: CatalogueKind; id: number; active: boolean; target: string }) {
  return (
    <HxForm action="/config/catalogue/active" csrf={p.x.csrf} target={p.target} class="cat-toggle">
      <input type="hidden" name="kind" value={p.kind} />
      <input type="hidden" name="id" value={String(p.id)} />
      <input type="hidden" name="active" value={p.active ? '0' : '1'} />
      <button class={p.active ? 'danger small' : 'secondary small'} type="submit">
        {p.x.t(p.active ? 'cat-deactivate' : 'cat-activate')}
      </button>
    </HxForm>
  );
}

/** "add …": a closed <details> with the create form */
const Add = ({ x, f, summary, children }: { x: CatCtx; f: FormState; summary: string; children?: Child }) => (
  <details class="cat-add" open={f.mine || x.open === f.key}>
    <summary>{summary}</summary>
    {children}
  </details>
);

// ---------------------------------------------------------------- FAQ entries of a subject

export function FaqList({ x, s }: { x: CatCtx; s: SubjectWithFaq }) {
  const target = `faqs-${s.id}`;
  return (
    <div class="cat-faqs" id={target}>
      <h4>{x.t('admin-faq')}</h4>
      <ol class="cat-list">
        {s.faq.map((q, i) => {
          const anchor = `faq-${q.id}`;
          const f = fs(x, anchor);
          return (
            <li class="cat-item" id={anchor}>
              <div class="cat-line">
                <details class="cat-edit" open={f.mine || x.open === anchor}>
                  <summary>
                    <bdi dir="auto">{x.locale === 'en' && q.questionEn ? q.questionEn : q.questionFa}</bdi> <Inactive x={x} active={q.active} />
                    <Saved x={x} anchor={anchor} />
                  </summary>
                  <FaqForm x={x} row={q} f={f} action={`/config/faq/${q.id}`} target={target} />
                  <div class="cat-actions">
                    <Toggle x={x} kind="faq" id={q.id} active={q.active} target={target} />
                    <HxForm action={`/config/faq/${q.id}/delete`} csrf={x.csrf} target={target}>
                      <button class="danger small" type="submit">
                        {x.t('admin-delete')}
                      </button>
                    </HxForm>
                  </div>
                </details>
                <Move x={x} kind="faq" id={q.id} name={q.questionFa} first={i === 0} last={i === s.faq.length - 1} target={target} />
              </div>
            </li>
          );
        })}
      </ol>
      <Add x={x} f={fs(x, `faq-new-${s.id}`)} summary={x.t('admin-faq-add')}>
        <FaqForm x={x} row={{}} f={fs(x, `faq-new-${s.id}`)} action="/config/faq" target={target} subjectId={s.id} />
      </Add>
    </div>
  );
}

// ---------------------------------------------------------------- subjects of a department

export function SubjectList({ x, d }: { x: CatCtx; d: DepartmentWithSubjects }) {
  const target = `subjects-${d.id}`;
  const teamName = new Map(x.teams.map(([v, l]) => [Number(v), l]));
  return (
    <div class="cat-subjects" id={target}>
      <ol class="cat-list">
        {d.subjects.map((s, i) => {
          const anchor = `subject-${s.id}`;
          const f = fs(x, anchor);
          const inner = s.faq.some((q) => fs(x, `faq-${q.id}`).mine || x.open === `faq-${q.id}` || x.saved === `faq-${q.id}`);
          const open = f.mine || x.open === anchor || inner || fs(x, `faq-new-${s.id}`).mine || x.open === `faq-new-${s.id}`;
          return (
            <li class="cat-item" id={anchor} data-name={s.nameFa}>
              <div class="cat-line">
                <details class="cat-edit" open={open}>
                  <summary>
                    <bdi>{label(x, s)}</bdi> <Code code={s.code} /> <Inactive x={x} active={s.active} />
                    <span class="muted cat-meta">
                      {s.teamId ? (teamName.get(s.teamId) ?? '') : x.t('admin-subject-team-department')} · {x.t(`admin-priority-${s.defaultPriority}`)} ·{' '}
                      {x.t('admin-faq-count', { count: s.faq.length })}
                    </span>
                    <Saved x={x} anchor={anchor} />
                  </summary>
                  <SubjectForm x={x} row={s} f={f} action={`/config/subjects/${s.id}`} target={target} />
                  <div class="cat-actions">
                    <Toggle x={x} kind="subject" id={s.id} active={s.active} target={target} />
                  </div>
                  <FaqList x={x} s={s} />
                </details>
                <Move x={x} kind="subject" id={s.id} name={label(x, s)} first={i === 0} last={i === d.subjects.length - 1} target={target} />
              </div>
            </li>
          );
        })}
      </ol>
      <Add x={x} f={fs(x, `subject-new-${d.id}`)} summary={x.t('admin-subject-add')}>
        <SubjectForm x={x} row={{}} f={fs(x, `subject-new-${d.id}`)} action="/config/subjects" target={target} deptId={d.id} />
      </Add>
    </div>
  );
}

// ---------------------------------------------------------------- departments of a value chain

export function DepartmentList({ x, page }: { x: CatCtx; page: ValueChainPage }) {
  const vc = page.valueChain;
  const target = `departments-${vc.id}`;
  const teamName = new Map(x.teams.map(([v, l]) => [Number(v), l]));
  return (
    <div class="cat-departments" id={target}>
      <ol class="cat-list">
        {page.departments.map((d, i) => {
          const anchor = `dept-${d.id}`;
          const f = fs(x, anchor);
          return (
            <li class="card cat-dept" id={anchor}>
              <div class="cat-line">
                <details class="cat-edit" open={f.mine || x.open === anchor}>
                  <summary>
                    <h2>
                      <bdi>{label(x, d)}</bdi> <Code code={d.code} /> <Inactive x={x} active={d.active} />
                    </h2>
                    <span class="muted cat-meta">
                      {d.teamId ? (teamName.get(d.teamId) ?? '') : x.t('admin-none')} · {x.t('cat-subject-count', { count: d.subjects.length })}
                    </span>
                    <Saved x={x} anchor={anchor} />
                  </summary>
                  <DepartmentForm x={x} row={d} f={f} action={`/config/departments/${d.id}`} target={target} />
                  <div class="cat-actions">
                    <Toggle x={x} kind="department" id={d.id} active={d.active} target={target} />
                  </div>
                </details>
                <Move x={x} kind="department" id={d.id} name={label(x, d)} first={i === 0} last={i === page.departments.length - 1} target={target} />
              </div>
              <SubjectList x={x} d={d} />
            </li>
          );
        })}
      </ol>
      <section class="card">
        <Add x={x} f={fs(x, `dept-new-${vc.id}`)} summary={x.t('admin-department-add')}>
          <DepartmentForm x={x} row={{}} f={fs(x, `dept-new-${vc.id}`)} action="/config/departments" target={target} vcId={vc.id} />
        </Add>
      </section>
    </div>
  );
}

/** the value chain's own card: names, state and its edit form */
export function ValueChainCard({ x, vc }: { x: CatCtx; vc: ValueChain }) {
  const anchor = `vc-${vc.id}`;
  const f = fs(x, anchor);
  return (
    <section class="card cat-vc" id={anchor}>
      <details class="cat-edit" open={f.mine || x.open === anchor}>
        <summary>
          <span class="cat-vc-title">
            {x.t('cat-edit-value-chain')}: <bdi>{label(x, vc)}</bdi> <Code code={vc.code} /> <Inactive x={x} active={vc.active} />
          </span>
          <Saved x={x} anchor={anchor} />
        </summary>
        <ValueChainForm x={x} row={vc} f={f} action={`/config/value-chains/${vc.id}`} target={anchor} />
        <div class="cat-actions">
          <Toggle x={x} kind="value_chain" id={vc.id} active={vc.active} target={anchor} />
        </div>
      </details>
    </section>
  );
}

/**
 * the search box over the whole catalogue (GET /config/catalogue?q=); with `live` (the overview, which holds
 * #cat-results) the results follow the typing through htmx, and the button still submits without JavaScript
 */
export function CatalogueSearchBox({ t, q, live = false }: { t: Translate; q: string; live?: boolean }) {
  const hx = live
    ? {
        'hx-get': '/config/catalogue',
        'hx-trigger': 'input changed delay:300ms, search',
        'hx-target': '#cat-results',
        'hx-swap': 'outerHTML',
        'hx-push-url': 'true',
      }
    : {};
  return (
    <form class="search cat-search" method="get" action="/config/catalogue" role="search">
      <label for="cat-q">{t('cat-search')}</label>
      <div class="row">
        <input type="search" id="cat-q" name="q" value={q} dir="auto" maxlength={200} placeholder={t('cat-search-placeholder')} {...hx} />
        <button type="submit">{t('admin-search-go')}</button>
      </div>
    </form>
  );
}
