import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Department, FaqEntry, Subject, Team, ValueChain } from '../../core/entities/org.ts';
import { MemberType } from '../../core/entities/people.ts';
import { Ticket } from '../../core/entities/ticket.ts';
import {
  catalogueTree,
  createDepartment,
  createFaq,
  createMemberType,
  createSubject,
  createValueChain,
  deleteFaq,
  findDepartmentByCode,
  findSubjectByCode,
  findValueChainByCode,
  getSubjectRoute,
  listDepartments,
  listFaq,
  listMemberTypes,
  listSubjects,
  listValueChains,
  removeDepartment,
  removeMemberType,
  removeSubject,
  removeValueChain,
  reorderDepartments,
  reorderValueChains,
  setDepartmentActive,
  setSubjectActive,
  setValueChainActive,
  updateDepartment,
  updateFaq,
  updateSubject,
  updateValueChain,
} from '../../core/services/catalogue.ts';
import { ForbiddenError, NotFoundError } from '../../core/services/errors.ts';
import { testContext } from '../support/context.ts';
import type { TestDatabase } from '../support/db.ts';
import { auditRows, DATABASES, fieldErrors, makeStaff } from './org-support.ts';
import { saveRequester } from '../support/requesters.ts';

describe.each(DATABASES)('catalogue on %s', (_name, make) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let admin: number;
  let agent: number;
  let team: Team;
  beforeAll(async () => {
    db = await make();
    ctx = testContext(db.ds);
    admin = (await makeStaff(db.ds, 'admin')).id;
    agent = (await makeStaff(db.ds, 'agent')).id;
    team = await db.ds.getRepository(Team).save(db.ds.getRepository(Team).create({ name: 'Saffron desk' }));
  });
  afterAll(async () => db?.close());

  let saffron: ValueChain;
  let grape: ValueChain;
  let trade: Department;
  let export_: Subject;

  it('creates value chains, departments and subjects, each audited', async () => {
    saffron = await createValueChain(ctx, admin, { code: 'saffron', nameFa: 'زعفران', nameEn: 'Saffron' });
    grape = await createValueChain(ctx, admin, { code: 'grape', nameFa: 'انگور', nameEn: 'Grape' });
    expect(saffron.sortOrder).toBe(10);
    expect(grape.sortOrder).toBe(20);
    trade = await createDepartment(ctx, admin, {
      valueChainId: saffron.id,
      code: 'trade',
      nameFa: 'بازرگانی و صادرات',
      nameEn: 'Trade and export',
      teamId: team.id,
    });
    export_ = await createSubject(ctx, admin, {
      departmentId: trade.id,
      code: 'export',
      nameFa: 'مجوز صادرات',
      nameEn: 'Export permits',
      defaultPriority: 'high',
    });
    const audits = await auditRows(db.ds, { action: 'create' });
    expect(audits.map((a) => [a.entity, a.entityId, a.staffId])).toEqual([
      ['value_chain', String(saffron.id), admin],
      ['value_chain', String(grape.id), admin],
      ['department', String(trade.id), admin],
      ['subject', String(export_.id), admin],
    ]);
    expect(audits[0]!.after).toMatchObject({ code: 'saffron', nameFa: 'زعفران' });
  });

  it('codes are ASCII slugs, unique among siblings; names are required', async () => {
    expect(await fieldErrors(createValueChain(ctx, admin, { code: 'زعفران', nameFa: '', nameEn: 'x' }))).toEqual({
      code: 'invalid_code',
      nameFa: 'required',
    });
    expect(await fieldErrors(createValueChain(ctx, admin, { code: 'a'.repeat(25), nameFa: 'x', nameEn: 'x' }))).toEqual({ code: 'invalid_code' });
    expect(await fieldErrors(createValueChain(ctx, admin, { code: 'saffron', nameFa: 'x', nameEn: 'x' }))).toEqual({ code: 'duplicate' });
    // an upper-case code is folded to lower case, then found a duplicate
    expect(await fieldErrors(createValueChain(ctx, admin, { code: 'SAFFRON', nameFa: 'x', nameEn: 'x' }))).toEqual({ code: 'duplicate' });
    expect(await fieldErrors(createDepartment(ctx, admin, { valueChainId: saffron.id, code: 'trade', nameFa: 'x', nameEn: 'x' }))).toEqual({
      code: 'duplicate',
    });
    // the same code under another parent is fine
    const grapeTrade = await createDepartment(ctx, admin, { valueChainId: grape.id, code: 'trade', nameFa: 'بازرگانی', nameEn: 'Trade' });
    expect(grapeTrade.code).toBe('trade');
    expect(await fieldErrors(createDepartment(ctx, admin, { valueChainId: 9999, code: 'x', nameFa: 'x', nameEn: 'x' }))).toEqual({ valueChainId: 'not_found' });
    expect(
      await fieldErrors(createSubject(ctx, admin, { departmentId: trade.id, code: 'z', nameFa: 'x', nameEn: 'x', teamId: 9999, slaPolicyId: 9999 })),
    ).toEqual({
      teamId: 'not_found',
      slaPolicyId: 'not_found',
    });
    expect(
      await fieldErrors(createSubject(ctx, admin, { departmentId: trade.id, code: 'z', nameFa: 'x', nameEn: 'x', defaultPriority: 'asap' as never })),
    ).toEqual({
      defaultPriority: 'invalid',
    });
    expect(await fieldErrors(updateDepartment(ctx, admin, grapeTrade.id, { valueChainId: saffron.id }))).toEqual({ code: 'duplicate' });
  });

  it('only admins change the catalogue', async () => {
    await expect(createValueChain(ctx, agent, { code: 'rose', nameFa: 'گل محمدی', nameEn: 'Damask rose' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateSubject(ctx, agent, export_.id, { nameFa: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateSubject(ctx, admin, 9999, { nameFa: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('the bot reads: lists in order, lookups by code, the route of a subject', async () => {
    expect((await listValueChains(db.ds.manager)).map((v) => v.code)).toEqual(['saffron', 'grape']);
    expect((await listDepartments(ctx, saffron.id)).map((d) => d.code)).toEqual(['trade']);
    expect((await listSubjects(ctx, trade.id)).map((s) => s.code)).toEqual(['export']);
    expect((await findValueChainByCode(ctx, 'grape'))?.id).toBe(grape.id);
    expect((await findDepartmentByCode(ctx, saffron.id, 'trade'))?.id).toBe(trade.id);
    expect((await findSubjectByCode(ctx, trade.id, 'export'))?.id).toBe(export_.id);
    const route = await getSubjectRoute(ctx, export_.id);
    expect(route).toMatchObject({ teamId: team.id, priority: 'high', slaPolicyId: null });
    expect(route?.valueChain.code).toBe('saffron');
    expect(route?.department.code).toBe('trade');
    // a subject's own team wins over the department's
    const other = await db.ds.getRepository(Team).save(db.ds.getRepository(Team).create({ name: 'Export desk' }));
    await updateSubject(ctx, admin, export_.id, { teamId: other.id });
    expect((await getSubjectRoute(ctx, export_.id))?.teamId).toBe(other.id);
    await updateSubject(ctx, admin, export_.id, { teamId: null });
    expect((await getSubjectRoute(ctx, export_.id))?.teamId).toBe(team.id);
  });

  it('updates audit only what changed; reorder renumbers and is audited', async () => {
    const before = (await auditRows(db.ds, { entity: 'value_chain', action: 'update' })).length;
    await updateValueChain(ctx, admin, saffron.id, { nameEn: 'Saffron (Crocus sativus)' });
    const rows = await auditRows(db.ds, { entity: 'value_chain', action: 'update' });
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ before: { nameEn: 'Saffron' }, after: { nameEn: 'Saffron (Crocus sativus)' } });
    await updateValueChain(ctx, admin, saffron.id, { nameEn: 'Saffron (Crocus sativus)' });
    expect((await auditRows(db.ds, { entity: 'value_chain', action: 'update' })).length).toBe(before + 1);

    await reorderValueChains(ctx, admin, [grape.id, saffron.id]);
    expect((await listValueChains(ctx)).map((v) => v.code)).toEqual(['grape', 'saffron']);
    expect(await fieldErrors(reorderValueChains(ctx, admin, [grape.id]))).toEqual({ ids: 'invalid' });
    expect(await fieldErrors(reorderValueChains(ctx, admin, [grape.id, grape.id]))).toEqual({ ids: 'invalid' });
    const d2 = await createDepartment(ctx, admin, { valueChainId: saffron.id, code: 'legal', nameFa: 'حقوقی و داوری', nameEn: 'Legal and arbitration' });
    await reorderDepartments(ctx, admin, saffron.id, [d2.id, trade.id]);
    expect((await listDepartments(ctx, saffron.id)).map((d) => d.code)).toEqual(['legal', 'trade']);
    expect((await auditRows(db.ds, { action: 'reorder' })).length).toBe(2);
  });

  it('deactivated rows disappear from the bot, not from the panel; the route of an inactive path is null', async () => {
    await setDepartmentActive(ctx, admin, trade.id, false);
    expect((await listDepartments(ctx, saffron.id)).map((d) => d.code)).toEqual(['legal']);
    expect((await listDepartments(ctx, saffron.id, { activeOnly: false })).map((d) => d.code)).toEqual(['legal', 'trade']);
    expect(await getSubjectRoute(ctx, export_.id)).toBeNull();
    expect(await getSubjectRoute(ctx, export_.id, { activeOnly: false })).not.toBeNull();
    await setDepartmentActive(ctx, admin, trade.id, true);
    await setSubjectActive(ctx, admin, export_.id, false);
    expect(await listSubjects(ctx, trade.id)).toEqual([]);
    await setSubjectActive(ctx, admin, export_.id, true);
    await setValueChainActive(ctx, admin, grape.id, false);
    expect((await listValueChains(ctx)).map((v) => v.code)).toEqual(['saffron']);
    expect((await listValueChains(ctx, { activeOnly: false })).length).toBe(2);
    const actions = (await auditRows(db.ds)).map((a) => a.action);
    expect(actions.filter((a) => a === 'deactivate').length).toBe(3);
    expect(actions.filter((a) => a === 'activate').length).toBe(2);
  });

  it('rows that tickets reference are deactivated, never deleted; unused rows are deleted', async () => {
    const now = new Date();
    await db.ds.getRepository(Ticket).save(
      db.ds.getRepository(Ticket).create({
        number: 5001,
        title: 't',
        subjectId: export_.id,
        departmentId: trade.id,
        valueChainId: saffron.id,
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
      }),
    );
    expect(await removeSubject(ctx, admin, export_.id)).toBe('deactivated');
    expect(await db.ds.getRepository(Subject).existsBy({ id: export_.id })).toBe(true);
    expect(await removeDepartment(ctx, admin, trade.id)).toBe('deactivated');
    expect(await removeValueChain(ctx, admin, saffron.id)).toBe('deactivated');
    const spare = await createSubject(ctx, admin, { departmentId: trade.id, code: 'spare', nameFa: 'یدکی', nameEn: 'Spare' });
    expect(await removeSubject(ctx, admin, spare.id)).toBe('deleted');
    expect(await db.ds.getRepository(Subject).existsBy({ id: spare.id })).toBe(false);
    const deleted = await auditRows(db.ds, { action: 'delete', entity: 'subject' });
    expect(deleted[0]!.before).toMatchObject({ code: 'spare' });
    const empty = await createValueChain(ctx, admin, { code: 'empty', nameFa: 'خالی', nameEn: 'Empty' });
    expect(await removeValueChain(ctx, admin, empty.id)).toBe('deleted');
    expect(await db.ds.getRepository(ValueChain).existsBy({ id: empty.id })).toBe(false);
    await setValueChainActive(ctx, admin, saffron.id, true);
    await setDepartmentActive(ctx, admin, trade.id, true);
    await setSubjectActive(ctx, admin, export_.id, true);
  });

  it('FAQ entries per subject: create, edit, list active in order, delete', async () => {
    const a = await createFaq(ctx, admin, {
      subjectId: export_.id,
      questionFa: 'مدارک لازم برای صادرات زعفران چیست؟',
      answerFa: 'گواهی بهداشت، شناسنامه کالا و کارت بازرگانی.',
    });
    const b = await createFaq(ctx, admin, {
      subjectId: export_.id,
      questionFa: 'هزینه صدور مجوز؟',
      answerFa: 'طبق تعرفه سال جاری.',
      questionEn: 'Fee?',
      answerEn: '',
    });
    expect(b.answerEn).toBeNull();
    expect((await listFaq(ctx, export_.id)).map((f) => f.id)).toEqual([a.id, b.id]);
    await updateFaq(ctx, admin, b.id, { sortOrder: 1 });
    expect((await listFaq(ctx, export_.id)).map((f) => f.id)).toEqual([b.id, a.id]);
    expect(await fieldErrors(createFaq(ctx, admin, { subjectId: export_.id, questionFa: ' ', answerFa: 'x' }))).toEqual({ questionFa: 'required' });
    expect(await fieldErrors(createFaq(ctx, admin, { subjectId: 9999, questionFa: 'q', answerFa: 'x' }))).toEqual({ subjectId: 'not_found' });
    await deleteFaq(ctx, admin, b.id);
    expect(await db.ds.getRepository(FaqEntry).existsBy({ id: b.id })).toBe(false);
    expect(await removeSubject(ctx, admin, export_.id)).toBe('deactivated');
    await setSubjectActive(ctx, admin, export_.id, true);
  });

  it('member types: create, list, unique code, a type in use is deactivated not deleted', async () => {
    const farmer = await createMemberType(ctx, admin, { code: 'farmer', nameFa: 'کشاورز', nameEn: 'Farmer' });
    const staff = await createMemberType(ctx, admin, { code: 'staff', nameFa: 'کارمند', nameEn: 'Staff', isStaff: true });
    expect(staff.isStaff).toBe(true);
    expect((await listMemberTypes(ctx)).map((m) => m.code)).toEqual(['farmer', 'staff']);
    expect(await fieldErrors(createMemberType(ctx, admin, { code: 'farmer', nameFa: 'x', nameEn: 'x' }))).toEqual({ code: 'duplicate' });
    await saveRequester(db.ds.manager, { telegramId: 42, fullName: 'x', memberTypeId: farmer.id });
    expect(await removeMemberType(ctx, admin, farmer.id)).toBe('deactivated');
    expect(await removeMemberType(ctx, admin, staff.id)).toBe('deleted');
    expect(await listMemberTypes(ctx)).toEqual([]);
    expect((await db.ds.getRepository(MemberType).findOneByOrFail({ id: farmer.id })).active).toBe(false);
  });

  it('the catalogue tree for the panel holds inactive rows too', async () => {
    await setDepartmentActive(ctx, admin, trade.id, false);
    const tree = await catalogueTree(ctx);
    const s = tree.find((v) => v.code === 'saffron')!;
    expect(s.departments.map((d) => [d.code, d.active])).toEqual([
      ['legal', true],
      ['trade', false],
    ]);
    expect(s.departments[1]!.subjects.map((x) => x.code)).toEqual(['export']);
    expect(await db.ds.getRepository(Department).count()).toBe(3);
  });
});
