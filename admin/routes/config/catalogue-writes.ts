/**
 * The catalogue's writes (admins; catalogue.tsx checks the role first, the core services again): create and
 * edit value chains, departments, subjects and FAQ entries, delete an FAQ entry, move a row up or down
 * among its siblings, activate or deactivate a row. Each names where its answer goes (a Place: the list that
 * holds the row) and leaves the answering to `save` (catalogue.tsx: a redirect, or the list again with htmx).
 */
import type { Context, Hono } from 'hono';
import type { CoreContext } from '../../../core/context.ts';
import { PRIORITIES } from '../../../core/entities/enums.ts';
import { catalogueLocation } from '../../../core/read/catalogue-admin.ts';
import {
  CATALOGUE_KINDS,
  createDepartment,
  createFaq,
  createSubject,
  createValueChain,
  deleteFaq,
  moveCatalogueItem,
  setDepartmentActive,
  setFaqActive,
  setSubjectActive,
  setValueChainActive,
  updateDepartment,
  updateFaq,
  updateSubject,
  updateValueChain,
  type CatalogueKind,
} from '../../../core/services/catalogue.ts';
import { ValidationError } from '../../../core/services/errors.ts';
import type { PanelEnv } from '../../env.ts';
import { checked, id, notFoundText, paramId, readForm, str, who, type Form } from '../../forms.ts';

/** where a write's answer goes: the list (or card) that holds the row, and the row's element id */
export interface Place {
  vcId: number;
  /** the element id swapped with htmx: vc-list, vc-<id>, departments-<vc>, subjects-<dept>, faqs-<subject> */
  target: string;
  /** the row's element id (marked saved, or opened after a redirect) */
  anchor: string;
  /** after a redirect, scroll to the row without opening it (a move) */
  closed?: boolean;
}

export type Save = (
  c: Context<PanelEnv>,
  formKey: string,
  f: Form,
  run: () => Promise<unknown>,
  placeOf: (result: unknown) => Promise<Place | null>,
) => Promise<Response>;

const ANCHOR: Record<CatalogueKind, string> = { value_chain: 'vc', department: 'dept', subject: 'subject', faq: 'faq' };

export function catalogueWrites(app: Hono<PanelEnv>, core: CoreContext, save: Save): void {
  /** the place of an existing row (its list on its value chain's page) */
  const placeOfRow = async (kind: CatalogueKind, rowId: number, page = true): Promise<Place | null> => {
    const at = await catalogueLocation(core, kind, rowId);
    if (!at) return null;
    const anchor = `${ANCHOR[kind]}-${rowId}`;
    if (kind === 'value_chain') return page ? { vcId: rowId, target: `vc-${rowId}`, anchor } : { vcId: rowId, target: 'vc-list', anchor: `vc-row-${rowId}` };
    if (kind === 'department') return { vcId: at.valueChainId, target: `departments-${at.valueChainId}`, anchor };
    if (kind === 'subject') return { vcId: at.valueChainId, target: `subjects-${at.departmentId}`, anchor };
    return { vcId: at.valueChainId, target: `faqs-${at.subjectId}`, anchor };
  };
  /** the place of a new row under its parent (before it exists: the create form's list) */
  const placeUnder = async (kind: CatalogueKind, parentId: number, newId?: number): Promise<Place | null> => {
    if (kind === 'value_chain') return newId ? { vcId: newId, target: 'vc-list', anchor: `vc-row-${newId}` } : { vcId: 0, target: 'vc-list', anchor: 'vc-new' };
    const parentKind: CatalogueKind = kind === 'department' ? 'value_chain' : kind === 'subject' ? 'department' : 'subject';
    const at = Number.isInteger(parentId) && parentId > 0 ? await catalogueLocation(core, parentKind, parentId) : null;
    if (!at) return null;
    const anchor = newId ? `${ANCHOR[kind]}-${newId}` : `${ANCHOR[kind]}-new-${parentId}`;
    if (kind === 'department') return { vcId: at.valueChainId, target: `departments-${at.valueChainId}`, anchor };
    if (kind === 'subject') return { vcId: at.valueChainId, target: `subjects-${parentId}`, anchor };
    return { vcId: at.valueChainId, target: `faqs-${parentId}`, anchor };
  };
  const newId = (r: unknown) => (r && typeof r === 'object' && 'id' in r ? Number(r.id) : undefined);

  const names = (f: Form) => ({ code: str(f, 'code'), nameFa: str(f, 'nameFa'), nameEn: str(f, 'nameEn') });
  const active = (f: Form) => ({ active: checked(f, 'active') });

  /** a create form (no :id) and an edit form (/:id) of one catalogue level */
  const route = (
    path: string,
    kind: CatalogueKind,
    parentField: string | null,
    create: (c: Context<PanelEnv>, f: Form, parentId: number) => Promise<unknown>,
    update: (c: Context<PanelEnv>, rowId: number, f: Form) => Promise<unknown>,
  ) => {
    app.post(path, async (c) => {
      const f = await readForm(c);
      const parentId = parentField ? Number(str(f, parentField)) : 0;
      const key = parentField ? `${ANCHOR[kind]}-new-${str(f, parentField)}` : `${ANCHOR[kind]}-new`;
      return save(
        c,
        key,
        f,
        () => create(c, f, parentId),
        (r) => placeUnder(kind, parentId, r ? newId(r) : undefined),
      );
    });
    app.post(`${path}/:id`, async (c) => {
      const rowId = paramId(c);
      if (rowId === null) return notFoundText(c);
      const f = await readForm(c);
      return save(
        c,
        `${ANCHOR[kind]}-${rowId}`,
        f,
        () => update(c, rowId, f),
        () => placeOfRow(kind, rowId),
      );
    });
  };

  route(
    '/config/value-chains',
    'value_chain',
    null,
    (c, f) => createValueChain(core, who(c), { ...names(f), ...active(f) }),
    (c, rowId, f) => updateValueChain(core, who(c), rowId, { ...names(f), ...active(f) }),
  );
  route(
    '/config/departments',
    'department',
    'valueChainId',
    (c, f, vcId) => createDepartment(core, who(c), { valueChainId: vcId, ...names(f), teamId: id(f, 'teamId'), ...active(f) }),
    (c, rowId, f) => updateDepartment(core, who(c), rowId, { ...names(f), teamId: id(f, 'teamId'), ...active(f) }),
  );
  const subjectFields = (f: Form) => ({
    ...names(f),
    teamId: id(f, 'teamId'),
    slaPolicyId: id(f, 'slaPolicyId'),
    ...active(f),
    defaultPriority: (PRIORITIES as readonly string[]).includes(str(f, 'defaultPriority'))
      ? (str(f, 'defaultPriority') as (typeof PRIORITIES)[number])
      : undefined,
  });
  route(
    '/config/subjects',
    'subject',
    'departmentId',
    (c, f, deptId) => createSubject(core, who(c), { departmentId: deptId, ...subjectFields(f) }),
    (c, rowId, f) => updateSubject(core, who(c), rowId, subjectFields(f)),
  );
  const faqFields = (f: Form) => ({
    questionFa: str(f, 'questionFa'),
    answerFa: str(f, 'answerFa'),
    questionEn: str(f, 'questionEn'),
    answerEn: str(f, 'answerEn'),
    ...active(f),
  });
  route(
    '/config/faq',
    'faq',
    'subjectId',
    (c, f, subjectId) => createFaq(core, who(c), { subjectId, ...faqFields(f) }),
    (c, rowId, f) => updateFaq(core, who(c), rowId, faqFields(f)),
  );

  app.post('/config/faq/:id/delete', async (c) => {
    const rowId = paramId(c);
    if (rowId === null) return notFoundText(c);
    const before = await placeOfRow('faq', rowId);
    return save(
      c,
      `faq-${rowId}`,
      {},
      () => deleteFaq(core, who(c), rowId),
      async () => (before ? { ...before, anchor: before.target.replace('faqs-', 'subject-') } : null),
    );
  });

  /** the kind and id of the row a move or (de)activation names */
  const rowOf = (f: Form): { kind: CatalogueKind; rowId: number } | null => {
    const kind = str(f, 'kind');
    const rowId = Number(str(f, 'id'));
    return (CATALOGUE_KINDS as readonly string[]).includes(kind) && Number.isInteger(rowId) && rowId > 0 ? { kind: kind as CatalogueKind, rowId } : null;
  };

  /** a move or (de)activation that names no catalogue row: the page again with the error */
  const invalidRow = () => Promise.reject(new ValidationError({ id: 'invalid' }));

  app.post('/config/catalogue/move', async (c) => {
    const f = await readForm(c);
    const row = rowOf(f);
    if (!row) return save(c, 'row', f, invalidRow, async () => null);
    const dir = str(f, 'dir') === 'down' ? 'down' : 'up';
    return save(
      c,
      `${ANCHOR[row.kind]}-${row.rowId}`,
      f,
      () => moveCatalogueItem(core, who(c), row.kind, row.rowId, dir),
      async () => {
        const place = await placeOfRow(row.kind, row.rowId, false);
        return place && { ...place, closed: true };
      },
    );
  });

  const setActive: Record<CatalogueKind, (c: Context<PanelEnv>, rowId: number, on: boolean) => Promise<unknown>> = {
    value_chain: (c, rowId, on) => setValueChainActive(core, who(c), rowId, on),
    department: (c, rowId, on) => setDepartmentActive(core, who(c), rowId, on),
    subject: (c, rowId, on) => setSubjectActive(core, who(c), rowId, on),
    faq: (c, rowId, on) => setFaqActive(core, who(c), rowId, on),
  };
  app.post('/config/catalogue/active', async (c) => {
    const f = await readForm(c);
    const row = rowOf(f);
    if (!row) return save(c, 'row', f, invalidRow, async () => null);
    return save(
      c,
      `${ANCHOR[row.kind]}-${row.rowId}`,
      f,
      () => setActive[row.kind](c, row.rowId, str(f, 'active') === '1'),
      () => placeOfRow(row.kind, row.rowId),
    );
  });
}
