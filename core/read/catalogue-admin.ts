/**
 * The panel's catalogue administration reads: the overview (every value chain with how many departments,
 * subjects and FAQ entries it holds), one value chain's page (its departments, their subjects and FAQ
 * entries, inactive rows included, in the bot's order) and the search over the whole catalogue.
 *
 * The search folds what people type (searchKey: Persian/Arabic letter variants, digits, ZWNJ, case) and matches
 * every word of the query against the names in both languages and the code of value chains, departments and
 * subjects, and against the questions and answers (both languages) of FAQ entries. It reads the catalogue's
 * text columns once per search and matches in memory: a catalogue is a configuration of hundreds to a few
 * thousand rows, and SQL LIKE could not fold the letter variants.
 */
import { Department, FaqEntry, Subject, ValueChain } from '../entities/org.ts';
import { ordered } from '../services/catalogue/write-helpers.ts';
import type { CatalogueKind } from '../services/catalogue/order.ts';
import { managerOf, type ReadSource } from '../services/org-common.ts';
import { searchKey } from '../text/normalize.ts';

export interface ValueChainSummary {
  valueChain: ValueChain;
  departments: number;
  subjects: number;
  faq: number;
}

/** every value chain in order, with its counts (inactive rows counted too) */
export async function catalogueOverview(src: ReadSource): Promise<ValueChainSummary[]> {
  const em = managerOf(src);
  const [chains, departments, subjects, faq] = await Promise.all([
    em.find(ValueChain, { order: ordered }),
    em.find(Department, { select: { id: true, valueChainId: true } }),
    em.find(Subject, { select: { id: true, departmentId: true } }),
    em.find(FaqEntry, { select: { id: true, subjectId: true } }),
  ]);
  const chainOfDept = new Map(departments.map((d) => [d.id, d.valueChainId]));
  const chainOfSubject = new Map(subjects.map((s) => [s.id, chainOfDept.get(s.departmentId)]));
  const count = (keys: (number | undefined)[]) => {
    const m = new Map<number, number>();
    for (const k of keys) if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const d = count(departments.map((x) => x.valueChainId));
  const s = count(subjects.map((x) => chainOfDept.get(x.departmentId)));
  const f = count(faq.map((x) => chainOfSubject.get(x.subjectId)));
  return chains.map((vc) => ({ valueChain: vc, departments: d.get(vc.id) ?? 0, subjects: s.get(vc.id) ?? 0, faq: f.get(vc.id) ?? 0 }));
}

export type SubjectWithFaq = Subject & { faq: FaqEntry[] };
export type DepartmentWithSubjects = Department & { subjects: SubjectWithFaq[] };

export interface ValueChainPage {
  valueChain: ValueChain;
  departments: DepartmentWithSubjects[];
}

/** one value chain with its departments, subjects and FAQ entries (inactive included, in order); null when unknown */
export async function valueChainPage(src: ReadSource, valueChainId: number): Promise<ValueChainPage | null> {
  const em = managerOf(src);
  const valueChain = await em.findOne(ValueChain, { where: { id: valueChainId } });
  if (!valueChain) return null;
  const departments = await em.find(Department, { where: { valueChainId }, order: ordered });
  const deptIds = departments.map((x) => x.id);
  const subjects = deptIds.length ? await em.createQueryBuilder(Subject, 's').where('s.departmentId IN (:...deptIds)', { deptIds }).getMany() : [];
  const subjectIds = subjects.map((x) => x.id);
  const faq = subjectIds.length ? await em.createQueryBuilder(FaqEntry, 'f').where('f.subjectId IN (:...subjectIds)', { subjectIds }).getMany() : [];
  const byOrder = <T extends { sortOrder: number; id: number }>(a: T, b: T) => a.sortOrder - b.sortOrder || a.id - b.id;
  subjects.sort(byOrder);
  faq.sort(byOrder);
  return {
    valueChain,
    departments: departments.map((d) =>
      Object.assign(d, {
        subjects: subjects.filter((s) => s.departmentId === d.id).map((s) => Object.assign(s, { faq: faq.filter((q) => q.subjectId === s.id) })),
      }),
    ),
  };
}

export interface CatalogueHit {
  kind: CatalogueKind;
  id: number;
  /** the value chain whose page holds the row */
  valueChainId: number;
  /** the row's element id on that page (value-chain page anchors: vc-, dept-, subject-, faq-) */
  anchor: string;
  /** the row's names (an FAQ entry: its question) */
  nameFa: string;
  nameEn: string;
  /** the names of the rows above it, top first */
  path: { nameFa: string; nameEn: string }[];
  active: boolean;
  /** where the words were found */
  field: 'name' | 'code' | 'question' | 'answer';
}

export interface CatalogueSearch {
  hits: CatalogueHit[];
  /** all matches (hits holds at most `limit`) */
  total: number;
}

const KIND_RANK: Record<CatalogueKind, number> = { subject: 0, department: 1, value_chain: 2, faq: 3 };

/** the whole catalogue searched for every word of `query` (see the file header); names before FAQ entries */
export async function searchCatalogue(src: ReadSource, query: string, limit = 50): Promise<CatalogueSearch> {
  const words = searchKey(query).split(' ').filter(Boolean);
  if (!words.length) return { hits: [], total: 0 };
  const em = managerOf(src);
  const [chains, departments, subjects, faq] = await Promise.all([
    em.find(ValueChain, { order: ordered }),
    em.find(Department, { order: ordered }),
    em.find(Subject, { order: ordered }),
    em.find(FaqEntry, { order: ordered }),
  ]);
  const all = (...texts: (string | null)[]) => {
    const key = texts.map((x) => (x ? searchKey(x) : '')).join(' \u0000 ');
    return words.every((w) => key.includes(w));
  };
  const vcById = new Map(chains.map((x) => [x.id, x]));
  const deptById = new Map(departments.map((x) => [x.id, x]));
  const subjectById = new Map(subjects.map((x) => [x.id, x]));
  const names = (x: { nameFa: string; nameEn: string }) => ({ nameFa: x.nameFa, nameEn: x.nameEn });
  const hits: CatalogueHit[] = [];
  const named = (x: { nameFa: string; nameEn: string; code: string }) => (all(x.nameFa, x.nameEn) ? 'name' : all(x.nameFa, x.nameEn, x.code) ? 'code' : null);
  for (const vc of chains) {
    const field = named(vc);
    if (field) hits.push({ kind: 'value_chain', id: vc.id, valueChainId: vc.id, anchor: `vc-${vc.id}`, ...names(vc), path: [], active: vc.active, field });
  }
  for (const d of departments) {
    const vc = vcById.get(d.valueChainId);
    const field = vc ? named(d) : null;
    if (vc && field)
      hits.push({ kind: 'department', id: d.id, valueChainId: vc.id, anchor: `dept-${d.id}`, ...names(d), path: [names(vc)], active: d.active, field });
  }
  for (const s of subjects) {
    const d = deptById.get(s.departmentId);
    const vc = d && vcById.get(d.valueChainId);
    const field = vc ? named(s) : null;
    if (d && vc && field) {
      hits.push({
        kind: 'subject',
        id: s.id,
        valueChainId: vc.id,
        anchor: `subject-${s.id}`,
        ...names(s),
        path: [names(vc), names(d)],
        active: s.active,
        field,
      });
    }
  }
  for (const q of faq) {
    const s = subjectById.get(q.subjectId);
    const d = s && deptById.get(s.departmentId);
    const vc = d && vcById.get(d.valueChainId);
    if (!s || !d || !vc) continue;
    const field = all(q.questionFa, q.questionEn) ? 'question' : all(q.questionFa, q.questionEn, q.answerFa, q.answerEn) ? 'answer' : null;
    if (field) {
      hits.push({
        kind: 'faq',
        id: q.id,
        valueChainId: vc.id,
        anchor: `faq-${q.id}`,
        nameFa: q.questionFa,
        nameEn: q.questionEn ?? q.questionFa,
        path: [names(vc), names(d), names(s)],
        active: q.active,
        field,
      });
    }
  }
  const fieldRank = (h: CatalogueHit) => (h.field === 'name' || h.field === 'question' ? 0 : 1);
  // stable: within a kind and field the catalogue's order stays
  const sorted = hits.map((h, i) => ({ h, i })).sort((a, b) => fieldRank(a.h) - fieldRank(b.h) || KIND_RANK[a.h.kind] - KIND_RANK[b.h.kind] || a.i - b.i);
  return { hits: sorted.slice(0, limit).map((x) => x.h), total: hits.length };
}

export interface CatalogueLocation {
  valueChainId: number;
  departmentId: number | null;
  subjectId: number | null;
}

/** where a catalogue row sits (its value chain, department and subject), or null when any of them is missing */
export async function catalogueLocation(src: ReadSource, kind: CatalogueKind, id: number): Promise<CatalogueLocation | null> {
  const em = managerOf(src);
  let subjectId: number | null = null;
  let departmentId: number | null = null;
  if (kind === 'value_chain') return (await em.existsBy(ValueChain, { id })) ? { valueChainId: id, departmentId: null, subjectId: null } : null;
  if (kind === 'faq') subjectId = (await em.findOne(FaqEntry, { where: { id } }))?.subjectId ?? null;
  if (kind === 'subject') subjectId = id;
  if (subjectId !== null) departmentId = (await em.findOne(Subject, { where: { id: subjectId } }))?.departmentId ?? null;
  if (kind === 'department') departmentId = id;
  if (departmentId === null) return null;
  const valueChainId = (await em.findOne(Department, { where: { id: departmentId } }))?.valueChainId;
  return valueChainId === undefined ? null : { valueChainId, departmentId, subjectId };
}
