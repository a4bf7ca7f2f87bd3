/**
 * The catalogue as the private chat shows it: active value chains, departments, subjects, FAQ entries
 * and member types, named in the user's language (English falls back to Persian when not filled in).
 * Plain JSON-safe results: conversations persist what `external()` returns.
 */
import type { Locale, Priority } from '../../../core/entities/enums.ts';
import * as catalogue from '../../../core/services/catalogue.ts';
import type { BotDeps } from '../../context.ts';

export interface Named {
  id: number;
  name: string;
}

const name = (locale: Locale, x: { nameFa: string; nameEn?: string | null }) => (locale === 'en' ? x.nameEn?.trim() || x.nameFa : x.nameFa);
const ACTIVE = { activeOnly: true } as const;

export async function listValueChains(deps: BotDeps, locale: Locale): Promise<Named[]> {
  return (await catalogue.listValueChains(deps.core.ds, ACTIVE)).map((x) => ({ id: x.id, name: name(locale, x) }));
}

export async function listDepartments(deps: BotDeps, valueChainId: number, locale: Locale): Promise<Named[]> {
  return (await catalogue.listDepartments(deps.core.ds, valueChainId, ACTIVE)).map((x) => ({ id: x.id, name: name(locale, x) }));
}

export async function listSubjects(deps: BotDeps, departmentId: number, locale: Locale): Promise<(Named & { defaultPriority: Priority })[]> {
  return (await catalogue.listSubjects(deps.core.ds, departmentId, ACTIVE)).map((x) => ({
    id: x.id,
    name: name(locale, x),
    defaultPriority: x.defaultPriority,
  }));
}

export async function listFaq(deps: BotDeps, subjectId: number, locale: Locale): Promise<{ question: string; answer: string }[]> {
  const rows = await catalogue.listFaq(deps.core.ds, subjectId, ACTIVE);
  return rows.map((f) => ({
    question: (locale === 'en' && f.questionEn?.trim()) || f.questionFa,
    answer: (locale === 'en' && f.answerEn?.trim()) || f.answerFa,
  }));
}

export async function listMemberTypes(deps: BotDeps, locale: Locale): Promise<Named[]> {
  return (await catalogue.listMemberTypes(deps.core.ds, ACTIVE)).map((x) => ({ id: x.id, name: name(locale, x) }));
}
