/**
 * The catalogue administration's core: moving a row up or down among its siblings (persisted sortOrder, the
 * bot's lists follow, audited, admins only), the overview's counts, one value chain's page, where a row sits,
 * and the search over the whole catalogue (names in both languages, codes, FAQ questions and answers; Persian
 * letter variants and digits folded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Team } from '../../core/entities/org.ts';
import { catalogueLocation, catalogueOverview, searchCatalogue, valueChainPage } from '../../core/read/catalogue-admin.ts';
import { pickerLists } from '../../core/read/pickers.ts';
import {
  createDepartment,
  createFaq,
  createSubject,
  createValueChain,
  listFaq,
  listSubjects,
  listValueChains,
  moveCatalogueItem,
  setSubjectActive,
} from '../../core/services/catalogue.ts';
import { ForbiddenError, NotFoundError } from '../../core/services/errors.ts';
import { testContext } from '../support/context.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';
import { auditRows, fieldErrors, makeStaff } from './org-support.ts';

describe.each(DIALECTS)('catalogue administration on %s', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let admin: number;
  let agent: number;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    db = await createTestDb(dialect);
    ctx = testContext(db.ds);
    admin = (await makeStaff(db.ds, 'admin')).id;
    agent = (await makeStaff(db.ds, 'agent')).id;
    const team = await db.ds.getRepository(Team).save(db.ds.getRepository(Team).create({ name: 'Saffron desk' }));
    const saffron = await createValueChain(ctx, admin, { code: 'saffron', nameFa: 'زعفران', nameEn: 'Saffron' });
    const grape = await createValueChain(ctx, admin, { code: 'grape', nameFa: 'انگور', nameEn: 'Grape' });
    await createValueChain(ctx, admin, { code: 'rose', nameFa: 'گل محمدی', nameEn: 'Damask rose' });
    const trade = await createDepartment(ctx, admin, { valueChainId: saffron.id, code: 'trade', nameFa: 'بازرگانی', nameEn: 'Trade', teamId: team.id });
    const farm = await createDepartment(ctx, admin, { valueChainId: saffron.id, code: 'farm', nameFa: 'زراعت', nameEn: 'Farming' });
    const vineyard = await createDepartment(ctx, admin, { valueChainId: grape.id, code: 'vineyard', nameFa: 'تاکستان', nameEn: 'Vineyard' });
    const sub = (departmentId: number, code: string, nameFa: string, nameEn: string) => createSubject(ctx, admin, { departmentId, code, nameFa, nameEn });
    const exportS = await sub(trade.id, 'export', 'مجوز صادرات', 'Export permits');
    const pricing = await sub(trade.id, 'pricing', 'قیمت‌گذاری', 'Pricing');
    const packing = await sub(trade.id, 'packing', 'بسته‌بندی', 'Packing');
    const irrigation = await sub(farm.id, 'irrigation', 'آبیاری', 'Irrigation');
    const pruning = await sub(vineyard.id, 'pruning', 'هرس کردن', 'Pruning');
    const q1 = await createFaq(ctx, admin, {
      subjectId: exportS.id,
      questionFa: 'مدارک لازم برای صادرات چیست؟',
      answerFa: 'کارت بازرگانی و گواهی بهداشت ۱۴۰۵',
      questionEn: 'Which papers does export need?',
      answerEn: 'A trade card and a health certificate.',
    });
    const q2 = await createFaq(ctx, admin, { subjectId: exportS.id, questionFa: 'هزینهٔ مجوز چقدر است؟', answerFa: 'طبق تعرفهٔ سال.' });
    Object.assign(ids, {
      saffron: saffron.id,
      grape: grape.id,
      trade: trade.id,
      farm: farm.id,
      vineyard: vineyard.id,
      export: exportS.id,
      pricing: pricing.id,
      packing: packing.id,
      irrigation: irrigation.id,
      pruning: pruning.id,
      q1: q1.id,
      q2: q2.id,
    });
  }, 60_000);
  afterAll(async () => db?.close());

  const subjectCodes = async (departmentId: number) => (await listSubjects(ctx, departmentId)).map((s) => s.code);

  it('moves a subject up and down: sortOrder persisted, the bot lists and the panel pickers follow, audited', async () => {
    expect(await subjectCodes(ids.trade!)).toEqual(['export', 'pricing', 'packing']);
    expect(await moveCatalogueItem(ctx, admin, 'subject', ids.packing!, 'up')).toBe(true);
    expect(await subjectCodes(ids.trade!)).toEqual(['export', 'packing', 'pricing']);
    expect(await moveCatalogueItem(ctx, admin, 'subject', ids.export!, 'down')).toBe(true);
    expect(await subjectCodes(ids.trade!)).toEqual(['packing', 'export', 'pricing']);
    // the stored order is 10, 20, 30 in the new order (what the bot's ORDER BY sortOrder, id reads)
    const rows = await listSubjects(ctx, ids.trade!);
    expect(rows.map((r) => r.sortOrder)).toEqual([10, 20, 30]);
    // the panel's pickers (one UNION query ordered by sortOrder) agree
    const pickers = await pickerLists(ctx);
    expect(pickers.subjects.filter((s) => s.parentId === ids.trade).map((s) => s.id)).toEqual([ids.packing, ids.export, ids.pricing]);
    // the ends: nothing to do, nothing written
    const audits = (await auditRows(db.ds, { action: 'reorder', entity: 'subject' })).length;
    expect(audits).toBe(2);
    expect(await moveCatalogueItem(ctx, admin, 'subject', ids.packing!, 'up')).toBe(false);
    expect(await moveCatalogueItem(ctx, admin, 'subject', ids.pricing!, 'down')).toBe(false);
    expect((await auditRows(db.ds, { action: 'reorder', entity: 'subject' })).length).toBe(audits);
    const last = (await auditRows(db.ds, { action: 'reorder', entity: 'subject' })).at(-1)!;
    expect(last).toMatchObject({ staffId: admin, entityId: String(ids.trade), after: { ids: [ids.packing, ids.export, ids.pricing] } });
    // siblings only: the other department's subject is untouched
    expect(await subjectCodes(ids.farm!)).toEqual(['irrigation']);
  });

  it('an inactive sibling keeps its place; value chains, departments and FAQ entries move the same way', async () => {
    await setSubjectActive(ctx, admin, ids.export!, false);
    expect(await moveCatalogueItem(ctx, admin, 'subject', ids.pricing!, 'up')).toBe(true);
    await setSubjectActive(ctx, admin, ids.export!, true);
    expect(await subjectCodes(ids.trade!)).toEqual(['packing', 'pricing', 'export']);

    await moveCatalogueItem(ctx, admin, 'value_chain', ids.grape!, 'up');
    expect((await listValueChains(ctx)).map((v) => v.code)).toEqual(['grape', 'saffron', 'rose']);
    await moveCatalogueItem(ctx, admin, 'value_chain', ids.grape!, 'down');
    expect((await listValueChains(ctx)).map((v) => v.code)).toEqual(['saffron', 'grape', 'rose']);
    await moveCatalogueItem(ctx, admin, 'department', ids.farm!, 'up');
    expect((await valueChainPage(ctx, ids.saffron!))!.departments.map((d) => d.code)).toEqual(['farm', 'trade']);
    await moveCatalogueItem(ctx, admin, 'faq', ids.q2!, 'up');
    expect((await listFaq(ctx, ids.export!)).map((q) => q.id)).toEqual([ids.q2, ids.q1]);
  });

  it('only admins move rows; an unknown row or kind is refused', async () => {
    await expect(moveCatalogueItem(ctx, agent, 'subject', ids.export!, 'up')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(moveCatalogueItem(ctx, admin, 'subject', 999_999, 'up')).rejects.toBeInstanceOf(NotFoundError);
    expect(await fieldErrors(moveCatalogueItem(ctx, admin, 'ticket' as never, ids.export!, 'up'))).toEqual({ kind: 'invalid' });
    expect(await fieldErrors(moveCatalogueItem(ctx, admin, 'subject', ids.export!, 'sideways' as never))).toEqual({ direction: 'invalid' });
  });

  it('the overview counts departments, subjects and FAQ entries per value chain; a page holds its tree in order', async () => {
    const overview = await catalogueOverview(ctx);
    expect(overview.map((r) => [r.valueChain.code, r.departments, r.subjects, r.faq])).toEqual([
      ['saffron', 2, 4, 2],
      ['grape', 1, 1, 0],
      ['rose', 0, 0, 0],
    ]);
    const page = (await valueChainPage(ctx, ids.saffron!))!;
    const trade = page.departments.find((d) => d.code === 'trade')!;
    expect(trade.subjects.map((s) => s.code)).toEqual(['packing', 'pricing', 'export']);
    expect(trade.subjects.find((s) => s.code === 'export')!.faq.map((q) => q.id)).toEqual([ids.q2, ids.q1]);
    expect(await valueChainPage(ctx, 999_999)).toBeNull();
    expect(await catalogueLocation(ctx, 'faq', ids.q1!)).toEqual({ valueChainId: ids.saffron, departmentId: ids.trade, subjectId: ids.export });
    expect(await catalogueLocation(ctx, 'subject', ids.pruning!)).toEqual({ valueChainId: ids.grape, departmentId: ids.vineyard, subjectId: ids.pruning });
    expect(await catalogueLocation(ctx, 'department', 999_999)).toBeNull();
  });

  it('search: names in both languages, codes, FAQ questions and answers, each hit with its value chain and path', async () => {
    const subjectHit = (await searchCatalogue(ctx, 'هرس')).hits;
    expect(subjectHit).toEqual([
      expect.objectContaining({ kind: 'subject', id: ids.pruning, valueChainId: ids.grape, anchor: `subject-${ids.pruning}`, field: 'name' }),
    ]);
    expect(subjectHit[0]!.path).toEqual([
      { nameFa: 'انگور', nameEn: 'Grape' },
      { nameFa: 'تاکستان', nameEn: 'Vineyard' },
    ]);
    // English names, any case; a code
    expect((await searchCatalogue(ctx, 'PRUN')).hits.map((h) => h.id)).toEqual([ids.pruning]);
    expect((await searchCatalogue(ctx, 'irrigation')).hits.map((h) => [h.kind, h.id])).toEqual([['subject', ids.irrigation]]);
    // Arabic letters typed for Persian ones (ي ك), a ZWNJ left out: still found
    expect((await searchCatalogue(ctx, 'قيمتگذاري')).hits.map((h) => h.id)).toEqual([ids.pricing]);
    // every word must match, in any field of the row
    expect((await searchCatalogue(ctx, 'مجوز صادرات')).hits.map((h) => [h.kind, h.id])).toEqual([['subject', ids.export]]);
    // FAQ: the question, then the answer (Persian digits typed as Latin ones); FAQ hits after names
    const faq = await searchCatalogue(ctx, 'صادرات');
    expect(faq.hits.map((h) => [h.kind, h.id, h.field])).toEqual([
      ['subject', ids.export, 'name'],
      ['faq', ids.q1, 'question'],
    ]);
    const answer = (await searchCatalogue(ctx, 'گواهی 1405')).hits;
    expect(answer.map((h) => [h.kind, h.id, h.field, h.anchor, h.valueChainId])).toEqual([['faq', ids.q1, 'answer', `faq-${ids.q1}`, ids.saffron]]);
    expect((await searchCatalogue(ctx, 'health certificate')).hits.map((h) => h.id)).toEqual([ids.q1]);
    // departments and value chains too
    expect((await searchCatalogue(ctx, 'Damask')).hits.map((h) => h.kind)).toEqual(['value_chain']);
    expect((await searchCatalogue(ctx, 'تاکستان')).hits.map((h) => [h.kind, h.id])).toEqual([['department', ids.vineyard]]);
    // nothing, and a blank query
    expect(await searchCatalogue(ctx, 'zzz-nothing')).toEqual({ hits: [], total: 0 });
    expect(await searchCatalogue(ctx, '   ')).toEqual({ hits: [], total: 0 });
    // the limit keeps the total
    const many = await searchCatalogue(ctx, 'a', 2);
    expect(many.hits.length).toBe(2);
    expect(many.total).toBeGreaterThan(2);
  });
});
