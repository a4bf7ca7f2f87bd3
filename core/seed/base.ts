/**
 * What every start makes sure of, so that a fresh install has a usable catalogue: the four value chains of
 * DOMAIN.md (each with a general department and subject), the member types of source 004, the default
 * Tehran calendar and DOMAIN.md's default SLA policy — each only when its table is empty. No staff accounts,
 * no passwords (the first admin comes from the setup code).
 *
 * One transaction whose first statement writes the `_base_seed` settings row: concurrent starts (a web and
 * a bot process) queue on that row, and the later one finds the tables filled.
 */
import type { CoreContext } from '../context.ts';
import { Department, Subject, ValueChain } from '../entities/org.ts';
import { MemberType } from '../entities/people.ts';
import { Calendar, SlaPolicy } from '../entities/sla.ts';
import { Setting } from '../entities/system.ts';
import { auditBy } from '../services/audit.ts';
import { snapshot } from '../services/org-common.ts';
import { DEFAULT_CALENDAR_SPEC, DEFAULT_POLICY } from '../sla/service.ts';
import { transact, type Tx } from '../tx.ts';
import { GENERAL_DEPARTMENT, MEMBER_TYPES, VALUE_CHAINS } from './data.ts';

export const DEFAULT_CALENDAR_NAME = 'تقویم کاری تهران';

export interface BaseSeedResult {
  /** what was created, one line each (empty when the tables were filled already) */
  created: string[];
}

async function claim(tx: Tx): Promise<void> {
  const key = '_base_seed';
  const updated = await tx.em.update(Setting, { key }, { value: tx.now.toISOString(), updatedAt: tx.now });
  if (!updated.affected) await tx.em.insert(Setting, { key, value: tx.now.toISOString(), updatedAt: tx.now, updatedBy: null });
}

const seedAudit = (tx: Tx, entity: string, row: { id: number }) => auditBy(tx, null, { action: 'seed', entity, entityId: row.id, after: snapshot(row) });

export async function ensureBaseData(ctx: CoreContext): Promise<BaseSeedResult> {
  return transact(ctx, async (tx) => {
    await claim(tx);
    const created: string[] = [];

    if ((await tx.em.count(ValueChain)) === 0) {
      for (const [i, vc] of VALUE_CHAINS.entries()) {
        const chain = await tx.em.save(ValueChain, tx.em.create(ValueChain, { ...vc, sortOrder: (i + 1) * 10, active: true }));
        await seedAudit(tx, 'value_chain', chain);
        const g = GENERAL_DEPARTMENT;
        const dept = await tx.em.save(
          Department,
          tx.em.create(Department, {
            valueChainId: chain.id,
            code: g.code,
            nameFa: g.nameFa,
            nameEn: g.nameEn,
            teamId: null,
            sortOrder: 1000,
            active: true,
          }),
        );
        await seedAudit(tx, 'department', dept);
        const subject = await tx.em.save(
          Subject,
          tx.em.create(Subject, {
            departmentId: dept.id,
            ...g.subject,
            teamId: null,
            defaultPriority: 'normal',
            slaPolicyId: null,
            sortOrder: 10,
            active: true,
          }),
        );
        await seedAudit(tx, 'subject', subject);
        created.push(`value chain ${vc.code} (${vc.nameFa}) with department ${g.code} and subject ${g.subject.code}`);
      }
    }

    if ((await tx.em.count(MemberType)) === 0) {
      for (const [i, mt] of MEMBER_TYPES.entries()) {
        const row = await tx.em.save(MemberType, tx.em.create(MemberType, { ...mt, isStaff: !!mt.isStaff, sortOrder: (i + 1) * 10, active: true }));
        await seedAudit(tx, 'member_type', row);
      }
      created.push(`${MEMBER_TYPES.length} member types (${MEMBER_TYPES.map((m) => m.code).join(', ')})`);
    }

    let calendar = await tx.em.findOne(Calendar, { where: { isDefault: true } });
    if ((await tx.em.count(Calendar)) === 0) {
      calendar = await tx.em.save(
        Calendar,
        tx.em.create(Calendar, {
          name: DEFAULT_CALENDAR_NAME,
          timeZone: DEFAULT_CALENDAR_SPEC.timeZone,
          weekly: DEFAULT_CALENDAR_SPEC.weekly,
          isDefault: true,
        }),
      );
      await seedAudit(tx, 'calendar', calendar);
      created.push(`default calendar "${DEFAULT_CALENDAR_NAME}" (Sat–Wed 08:00–16:00, Thu 08:00–13:00, Fri off, ${DEFAULT_CALENDAR_SPEC.timeZone})`);
    }

    if ((await tx.em.count(SlaPolicy)) === 0) {
      const policy = await tx.em.save(
        SlaPolicy,
        tx.em.create(SlaPolicy, {
          name: DEFAULT_POLICY.name,
          teamId: null,
          subjectId: null,
          minPriority: null,
          firstResponseMinutes: DEFAULT_POLICY.firstResponseMinutes,
          resolutionMinutes: DEFAULT_POLICY.resolutionMinutes,
          ceilingMinutes: DEFAULT_POLICY.ceilingMinutes,
          calendarId: calendar?.id ?? null,
          sortOrder: 1000,
          active: true,
        }),
      );
      await seedAudit(tx, 'sla_policy', policy);
      created.push(
        `default SLA policy (first response ${DEFAULT_POLICY.firstResponseMinutes} working minutes, ceiling ${DEFAULT_POLICY.ceilingMinutes} minutes, resolution ${DEFAULT_POLICY.resolutionMinutes} working minutes)`,
      );
    }
    return { created };
  });
}
