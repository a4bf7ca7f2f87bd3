/** SLA policies: match by team, subject and minimum priority; targets in working minutes with an optional ceiling. */
import { type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { CoreContext } from '../../context.ts';
import { PRIORITIES } from '../../entities/enums.ts';
import { Subject, Team } from '../../entities/org.ts';
import { Calendar, SlaPolicy } from '../../entities/sla.ts';
import { Ticket } from '../../entities/ticket.ts';
import { transact } from '../../tx.ts';
import { auditBy } from '../audit.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { changed, managerOf, nameSchema, optionalId, parseInput, requireAdmin, snapshot, sortOrderSchema, type ReadSource, type Who } from '../org-common.ts';

// ---------------------------------------------------------------- SLA policies

export const listSlaPolicies = (src: ReadSource, opts: { activeOnly?: boolean } = {}) =>
  managerOf(src).find(SlaPolicy, { where: opts.activeOnly ? { active: true } : {}, order: { sortOrder: 'ASC', id: 'ASC' } });
export const getSlaPolicy = (src: ReadSource, id: number) => managerOf(src).findOne(SlaPolicy, { where: { id } });

const MAX_MINUTES = 366 * 24 * 60;
const minutes = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.number().int().min(1).max(MAX_MINUTES).nullable());

const policyInput = z
  .object({
    name: nameSchema(120),
    teamId: optionalId.optional(),
    subjectId: optionalId.optional(),
    minPriority: z.enum(PRIORITIES).nullable().optional(),
    firstResponseMinutes: minutes.optional(),
    resolutionMinutes: minutes.optional(),
    ceilingMinutes: minutes.optional(),
    calendarId: optionalId.optional(),
    sortOrder: sortOrderSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type SlaPolicyInput = z.input<typeof policyInput>;

async function checkPolicy(em: EntityManager, p: Partial<SlaPolicy>): Promise<void> {
  const fields: Record<string, string> = {};
  if (p.firstResponseMinutes == null && p.resolutionMinutes == null) fields.firstResponseMinutes = 'required';
  if (p.teamId != null && !(await em.existsBy(Team, { id: p.teamId }))) fields.teamId = 'not_found';
  if (p.subjectId != null && !(await em.existsBy(Subject, { id: p.subjectId }))) fields.subjectId = 'not_found';
  if (p.calendarId != null && !(await em.existsBy(Calendar, { id: p.calendarId }))) fields.calendarId = 'not_found';
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

export async function createSlaPolicy(ctx: CoreContext, who: Who, input: SlaPolicyInput): Promise<SlaPolicy> {
  const v = parseInput(policyInput, input);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = tx.em.create(SlaPolicy, {
      teamId: null,
      subjectId: null,
      minPriority: null,
      firstResponseMinutes: null,
      resolutionMinutes: null,
      ceilingMinutes: null,
      calendarId: null,
      sortOrder: 0,
      active: true,
      ...v,
    });
    await checkPolicy(tx.em, row);
    const saved = await tx.em.save(SlaPolicy, row);
    await auditBy(tx, who, { action: 'create', entity: 'sla_policy', entityId: saved.id, after: snapshot(saved) });
    return saved;
  });
}

export async function updateSlaPolicy(ctx: CoreContext, who: Who, id: number, patch: Partial<SlaPolicyInput>): Promise<SlaPolicy> {
  const v = parseInput(policyInput.partial(), patch);
  return transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(SlaPolicy, { where: { id } });
    if (!row) throw new NotFoundError('sla policy', id);
    const before = snapshot(row);
    Object.assign(row, v);
    await checkPolicy(tx.em, row);
    const saved = await tx.em.save(SlaPolicy, row);
    const diff = changed(before, snapshot(saved));
    if (Object.keys(diff.after).length) await auditBy(tx, who, { action: 'update', entity: 'sla_policy', entityId: id, ...diff });
    return saved;
  });
}

export const setSlaPolicyActive = (ctx: CoreContext, who: Who, id: number, active: boolean) => updateSlaPolicy(ctx, who, id, { active });

/** deletes a policy no ticket or subject uses; otherwise deactivates it */
export async function removeSlaPolicy(ctx: CoreContext, who: Who, id: number): Promise<'deleted' | 'deactivated'> {
  const used = await transact(ctx, async (tx) => {
    await requireAdmin(tx.em, who);
    const row = await tx.em.findOne(SlaPolicy, { where: { id } });
    if (!row) throw new NotFoundError('sla policy', id);
    const inUse = (await tx.em.existsBy(Ticket, { slaPolicyId: id })) || (await tx.em.existsBy(Subject, { slaPolicyId: id }));
    if (!inUse) {
      await tx.em.delete(SlaPolicy, { id });
      await auditBy(tx, who, { action: 'delete', entity: 'sla_policy', entityId: id, before: snapshot(row) });
    }
    return inUse;
  });
  if (!used) return 'deleted';
  await setSlaPolicyActive(ctx, who, id, false);
  return 'deactivated';
}
