/** The catalogue's reads, for the bot and the panel (active rows only unless activeOnly: false). */
import { In, type FindOptionsWhere } from 'typeorm';
import { type Priority } from '../../entities/enums.ts';
import { Department, FaqEntry, Subject, ValueChain } from '../../entities/org.ts';
import { MemberType } from '../../entities/people.ts';
import { ordered } from './write-helpers.ts';
import { managerOf, type ReadSource } from '../org-common.ts';

export interface ListOptions {
  /** only active rows (default true: what the bot offers) */
  activeOnly?: boolean;
}

export async function listValueChains(src: ReadSource, opts: ListOptions = {}): Promise<ValueChain[]> {
  return managerOf(src).find(ValueChain, { where: opts.activeOnly === false ? {} : { active: true }, order: ordered });
}

export async function listDepartments(src: ReadSource, valueChainId: number, opts: ListOptions = {}): Promise<Department[]> {
  const where: FindOptionsWhere<Department> = { valueChainId };
  if (opts.activeOnly !== false) where.active = true;
  return managerOf(src).find(Department, { where, order: ordered });
}

export async function listSubjects(src: ReadSource, departmentId: number, opts: ListOptions = {}): Promise<Subject[]> {
  const where: FindOptionsWhere<Subject> = { departmentId };
  if (opts.activeOnly !== false) where.active = true;
  return managerOf(src).find(Subject, { where, order: ordered });
}

export async function listFaq(src: ReadSource, subjectId: number, opts: ListOptions = {}): Promise<FaqEntry[]> {
  const where: FindOptionsWhere<FaqEntry> = { subjectId };
  if (opts.activeOnly !== false) where.active = true;
  return managerOf(src).find(FaqEntry, { where, order: ordered });
}

/** every department and every FAQ entry, active or not, in their order (the panel's configuration pages) */
export const allDepartments = (src: ReadSource) => managerOf(src).find(Department, { order: ordered });
export const allFaq = (src: ReadSource) => managerOf(src).find(FaqEntry, { order: ordered });

export async function listMemberTypes(src: ReadSource, opts: ListOptions = {}): Promise<MemberType[]> {
  return managerOf(src).find(MemberType, { where: opts.activeOnly === false ? {} : { active: true }, order: ordered });
}

export const getValueChain = (src: ReadSource, id: number) => managerOf(src).findOne(ValueChain, { where: { id } });
export const getDepartment = (src: ReadSource, id: number) => managerOf(src).findOne(Department, { where: { id } });
export const getSubject = (src: ReadSource, id: number) => managerOf(src).findOne(Subject, { where: { id } });
export const getFaq = (src: ReadSource, id: number) => managerOf(src).findOne(FaqEntry, { where: { id } });
export const getMemberType = (src: ReadSource, id: number) => managerOf(src).findOne(MemberType, { where: { id } });

export const findValueChainByCode = (src: ReadSource, code: string) => managerOf(src).findOne(ValueChain, { where: { code } });
export const findDepartmentByCode = (src: ReadSource, valueChainId: number, code: string) =>
  managerOf(src).findOne(Department, { where: { valueChainId, code } });
export const findSubjectByCode = (src: ReadSource, departmentId: number, code: string) => managerOf(src).findOne(Subject, { where: { departmentId, code } });
export const findMemberTypeByCode = (src: ReadSource, code: string) => managerOf(src).findOne(MemberType, { where: { code } });

export interface SubjectRoute {
  valueChain: ValueChain;
  department: Department;
  subject: Subject;
  /** the subject's team, else the department's; null = no team (admins see the ticket) */
  teamId: number | null;
  priority: Priority;
  slaPolicyId: number | null;
}

/**
 * Where a ticket on this subject goes. Null when the subject, its department or its value chain is missing
 * or (with `activeOnly`, the default) inactive.
 */
export async function getSubjectRoute(src: ReadSource, subjectId: number, opts: ListOptions = {}): Promise<SubjectRoute | null> {
  const em = managerOf(src);
  const subject = await em.findOne(Subject, { where: { id: subjectId } });
  if (!subject) return null;
  const department = await em.findOne(Department, { where: { id: subject.departmentId } });
  if (!department) return null;
  const valueChain = await em.findOne(ValueChain, { where: { id: department.valueChainId } });
  if (!valueChain) return null;
  if (opts.activeOnly !== false && !(subject.active && department.active && valueChain.active)) return null;
  return {
    valueChain,
    department,
    subject,
    teamId: subject.teamId ?? department.teamId ?? null,
    priority: subject.defaultPriority,
    slaPolicyId: subject.slaPolicyId,
  };
}

/** the whole tree for the panel's catalogue page (inactive rows included) */
export async function catalogueTree(src: ReadSource): Promise<(ValueChain & { departments: (Department & { subjects: Subject[] })[] })[]> {
  const em = managerOf(src);
  const [chains, departments, subjects] = await Promise.all([
    em.find(ValueChain, { order: ordered }),
    em.find(Department, { order: ordered }),
    em.find(Subject, { order: ordered }),
  ]);
  return chains.map((vc) =>
    Object.assign(vc, {
      departments: departments
        .filter((d) => d.valueChainId === vc.id)
        .map((d) => Object.assign(d, { subjects: subjects.filter((s) => s.departmentId === d.id) })),
    }),
  );
}

/** subjects by id, for labels (inactive included) */
export async function subjectsByIds(src: ReadSource, ids: number[]): Promise<Map<number, Subject>> {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await managerOf(src).find(Subject, { where: { id: In(unique) } }) : [];
  return new Map(rows.map((r) => [r.id, r]));
}
