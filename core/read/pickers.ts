/**
 * The lists behind the panel's pickers: every team, every staff account and the whole catalogue (active or
 * not, in order), read in three queries. The panel keeps them for a few seconds (admin/options.ts).
 */
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { Department, Subject, Team, ValueChain } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { managerOf, type ReadSource } from '../services/org-common.ts';

export interface CatalogueItem {
  id: number;
  parentId: number | null;
  nameFa: string;
  nameEn: string;
  active: boolean;
}

export interface PickerLists {
  teams: Team[];
  staff: StaffAccount[];
  valueChains: CatalogueItem[];
  departments: CatalogueItem[];
  subjects: CatalogueItem[];
}

type CatalogueRow = { k: string; id: number; parentId: number | null; nameFa: string; nameEn: string; active: number | boolean; sortOrder: number };

export async function pickerLists(src: ReadSource): Promise<PickerLists> {
  const em = managerOf(src);
  const teams = await em.find(Team, { order: { name: 'ASC', id: 'ASC' } });
  const staff = await em.find(StaffAccount, { order: { displayName: 'ASC', id: 'ASC' } });
  const table = (e: EntityTarget<ObjectLiteral>) => em.connection.getMetadata(e).tableName;
  const rows: CatalogueRow[] = await em.query(
    `SELECT 'v' AS k, id, NULL AS parentId, nameFa, nameEn, active, sortOrder FROM ${table(ValueChain)}` +
      ` UNION ALL SELECT 'd', id, valueChainId, nameFa, nameEn, active, sortOrder FROM ${table(Department)}` +
      ` UNION ALL SELECT 's', id, departmentId, nameFa, nameEn, active, sortOrder FROM ${table(Subject)}` +
      ' ORDER BY sortOrder, id',
  );
  const pick = (k: string) =>
    rows
      .filter((r) => r.k === k)
      .map((r) => ({
        id: Number(r.id),
        parentId: r.parentId === null ? null : Number(r.parentId),
        nameFa: r.nameFa,
        nameEn: r.nameEn,
        active: !!Number(r.active),
      }));
  return { teams, staff, valueChains: pick('v'), departments: pick('d'), subjects: pick('s') };
}
