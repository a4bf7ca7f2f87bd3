/**
 * Who does something: a staff account (panel or staff chat), a requester (private chat), or the system
 * (jobs: auto-close, finish). Every ticket service takes one and checks it against core/services/permissions.ts.
 */
import type { EntityManager } from 'typeorm';
import type { ActorKind } from '../entities/enums.ts';
import { Requester, StaffAccount } from '../entities/people.ts';
import { NotFoundError } from './errors.ts';

export type StaffActor = { kind: 'staff'; staff: StaffAccount };
export type RequesterActor = { kind: 'requester'; requester: Requester };
export type SystemActor = { kind: 'system' };
export type Actor = StaffActor | RequesterActor | SystemActor;

export const SYSTEM_ACTOR: SystemActor = { kind: 'system' };

export const staffActor = (staff: StaffAccount): StaffActor => ({ kind: 'staff', staff });
export const requesterActor = (requester: Requester): RequesterActor => ({ kind: 'requester', requester });

/** actorKind / actorId as ticket events and messages store them */
export function actorRef(actor: Actor): { actorKind: ActorKind; actorId: number | null } {
  if (actor.kind === 'staff') return { actorKind: 'staff', actorId: actor.staff.id };
  if (actor.kind === 'requester') return { actorKind: 'requester', actorId: actor.requester.id };
  return { actorKind: 'system', actorId: null };
}

/** an active staff account as an actor (NotFoundError when missing or deactivated) */
export async function loadStaffActor(em: EntityManager, staffId: number): Promise<StaffActor> {
  const staff = await em.findOne(StaffAccount, { where: { id: staffId } });
  if (!staff || !staff.active) throw new NotFoundError('staff', staffId);
  return staffActor(staff);
}

export async function loadRequesterActor(em: EntityManager, requesterId: number): Promise<RequesterActor> {
  const requester = await em.findOne(Requester, { where: { id: requesterId } });
  if (!requester) throw new NotFoundError('requester', requesterId);
  return requesterActor(requester);
}
