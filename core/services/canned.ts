/**
 * Canned replies: a shortcut (for `/r SHORTCUT` in a staff chat), a title and a body, global or for one team.
 * Admins manage all; supervisors those of their teams. `findCanned` serves both the exact shortcut and the
 * word search of the inline picker, with Persian normalisation (searchKey): «كتاب» finds «کتاب».
 */
import { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { CannedReply, Team, TeamMember } from '../entities/org.ts';
import type { StaffAccount } from '../entities/people.ts';
import { searchKey } from '../text/normalize.ts';
import { transact } from '../tx.ts';
import { auditBy } from './audit.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { changed, managerOf, nameSchema, optionalId, parseInput, requireTeamManager, snapshot, type ReadSource, type Who } from './org-common.ts';

/** the stored form of a shortcut: its search key without spaces (letters of any script, digits, _ and -) */
export function normalizeShortcut(input: string): string {
  return searchKey(input).replace(/^\/+/, '').replace(/\s+/g, '');
}
const SHORTCUT_RE = /^[\p{L}\p{N}_-]{1,48}$/u;

const cannedInput = z
  .object({
    shortcut: z
      .string()
      .transform(normalizeShortcut)
      .pipe(z.string().regex(SHORTCUT_RE, { message: 'invalid_code' })),
    title: nameSchema(200),
    body: nameSchema(4000),
    teamId: optionalId.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type CannedInput = z.input<typeof cannedInput>;

export async function listCanned(src: ReadSource, q: { teamId?: number | null; activeOnly?: boolean } = {}): Promise<CannedReply[]> {
  const where: Record<string, unknown> = {};
  if (q.activeOnly) where.active = true;
  if (q.teamId !== undefined) where.teamId = q.teamId;
  return managerOf(src).find(CannedReply, { where, order: { shortcut: 'ASC' } });
}

export const getCanned = (src: ReadSource, id: number) => managerOf(src).findOne(CannedReply, { where: { id } });

export async function createCanned(ctx: CoreContext, who: Who, input: CannedInput): Promise<CannedReply> {
  const v = parseInput(cannedInput, input);
  return transact(ctx, async (tx) => {
    await requireTeamManager(tx.em, who, v.teamId ?? null);
    if (v.teamId != null && !(await tx.em.existsBy(Team, { id: v.teamId }))) throw new ValidationError({ teamId: 'not_found' });
    if (await tx.em.existsBy(CannedReply, { shortcut: v.shortcut })) throw new ValidationError({ shortcut: 'duplicate' });
    const row = await tx.em.save(
      CannedReply,
      tx.em.create(CannedReply, {
        ...v,
        teamId: v.teamId ?? null,
        active: v.active ?? true,
        updatedAt: tx.now,
      }),
    );
    await auditBy(tx, who, { action: 'create', entity: 'canned_reply', entityId: row.id, after: snapshot(row) });
    return row;
  });
}

export async function updateCanned(ctx: CoreContext, who: Who, id: number, patch: Partial<CannedInput>): Promise<CannedReply> {
  const v = parseInput(cannedInput.partial(), patch);
  return transact(ctx, async (tx) => {
    const row = await tx.em.findOne(CannedReply, { where: { id } });
    if (!row) throw new NotFoundError('canned reply', id);
    await requireTeamManager(tx.em, who, row.teamId);
    if (v.teamId !== undefined && v.teamId !== row.teamId) {
      await requireTeamManager(tx.em, who, v.teamId);
      if (v.teamId !== null && !(await tx.em.existsBy(Team, { id: v.teamId }))) throw new ValidationError({ teamId: 'not_found' });
    }
    if (v.shortcut !== undefined) {
      const other = await tx.em.findOne(CannedReply, { where: { shortcut: v.shortcut } });
      if (other && other.id !== id) throw new ValidationError({ shortcut: 'duplicate' });
    }
    const before = snapshot(row, ['updatedAt']);
    Object.assign(row, v, { updatedAt: tx.now });
    const saved = await tx.em.save(CannedReply, row);
    const diff = changed(before, snapshot(saved, ['updatedAt']));
    if (Object.keys(diff.after).length) await auditBy(tx, who, { action: 'update', entity: 'canned_reply', entityId: id, ...diff });
    return saved;
  });
}

export const setCannedActive = (ctx: CoreContext, who: Who, id: number, active: boolean) => updateCanned(ctx, who, id, { active });

/** canned replies are referenced by nothing: deleting is allowed */
export async function deleteCanned(ctx: CoreContext, who: Who, id: number): Promise<void> {
  await transact(ctx, async (tx) => {
    const row = await tx.em.findOne(CannedReply, { where: { id } });
    if (!row) return;
    await requireTeamManager(tx.em, who, row.teamId);
    await tx.em.delete(CannedReply, { id });
    await auditBy(tx, who, { action: 'delete', entity: 'canned_reply', entityId: id, before: snapshot(row) });
  });
}

/** the active replies a staff account may use: global ones and those of his teams (admins: all) */
async function usableBy(src: ReadSource, staff: StaffAccount): Promise<CannedReply[]> {
  const em = managerOf(src);
  if (!staff.active) return [];
  if (staff.role === 'admin') return em.find(CannedReply, { where: { active: true } });
  const teamIds = (await em.find(TeamMember, { where: { staffId: staff.id } })).map((m) => m.teamId);
  const rows = await em.find(CannedReply, { where: { active: true } });
  return rows.filter((r) => r.teamId === null || teamIds.includes(r.teamId));
}

/**
 * Finds canned replies for a staff account: the reply whose shortcut is exactly the query comes first, then
 * shortcuts that start with it, then replies whose shortcut, title or body contain every word of the query.
 * An empty query lists them all (by shortcut). At most `limit` (20).
 */
export async function findCanned(src: ReadSource, staff: StaffAccount, query: string, limit = 20): Promise<CannedReply[]> {
  const rows = await usableBy(src, staff);
  const q = searchKey(query.replace(/^\/r\s+/i, '').replace(/^\/+/, ''));
  const byShortcut = (a: CannedReply, b: CannedReply) => a.shortcut.localeCompare(b.shortcut);
  if (!q) return rows.sort(byShortcut).slice(0, limit);
  const compact = q.replace(/\s+/g, '');
  const words = q.split(' ');
  const scored: { row: CannedReply; score: number }[] = [];
  for (const row of rows) {
    let score = 0;
    if (row.shortcut === compact) score = 3;
    else if (row.shortcut.startsWith(compact)) score = 2;
    else {
      const hay = `${row.shortcut} ${searchKey(row.title)} ${searchKey(row.body)}`;
      if (words.every((w) => hay.includes(w))) score = 1;
    }
    if (score) scored.push({ row, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || byShortcut(a.row, b.row))
    .slice(0, limit)
    .map((s) => s.row);
}
