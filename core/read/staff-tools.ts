/**
 * What the staff group's commands read (bot/staff/commands.ts): where `/transfer` can send a ticket (an agent
 * by his panel username, a team or a department by name), and whether a colleague answered a ticket a moment
 * ago (the collision warning in the topic, issue 19 item 3). Reads only; the moves are core/services/tickets.
 */
import { MoreThanOrEqual, Not } from 'typeorm';
import { Department, Team } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { TicketMessage } from '../entities/ticket.ts';
import { searchKey } from '../text/normalize.ts';
import { managerOf, type ReadSource } from '../services/org-common.ts';
import type { TransferInput } from '../services/tickets/assign.ts';

export interface TransferChoice {
  kind: 'staff' | 'team' | 'department';
  id: number;
  label: string;
}

/** the active teams and departments a ticket can be transferred to (for the buttons), teams first */
export async function transferChoices(src: ReadSource, locale: 'fa' | 'en'): Promise<TransferChoice[]> {
  const em = managerOf(src);
  const teams = await em.find(Team, { where: { active: true }, order: { name: 'ASC' } });
  const depts = await em.find(Department, { where: { active: true }, order: { id: 'ASC' } });
  return [
    ...teams.map((t) => ({ kind: 'team' as const, id: t.id, label: t.name })),
    ...depts.map((d) => ({ kind: 'department' as const, id: d.id, label: locale === 'en' ? d.nameEn || d.nameFa : d.nameFa })),
  ];
}

export const choiceToTransfer = (c: Pick<TransferChoice, 'kind' | 'id'>): TransferInput =>
  c.kind === 'staff' ? { staffId: c.id } : c.kind === 'team' ? { teamId: c.id } : { departmentId: c.id };

/**
 * Reads `/transfer` arguments: `@username rest…` (an active agent's panel username), or a team's or a
 * department's name followed by the note (the longest name that starts the text wins; Persian letters and
 * spaces normalised). Null when nothing matches.
 */
export async function parseTransfer(src: ReadSource, text: string): Promise<{ target: TransferChoice; note: string } | null> {
  const em = managerOf(src);
  const arg = text.trim();
  const at = /^@([\w.-]{1,64})\s*([\s\S]*)$/u.exec(arg);
  if (at) {
    const wanted = at[1]!.toLowerCase();
    const staff = (await em.find(StaffAccount, { where: { active: true } })).find((s) => s.username.toLowerCase() === wanted);
    return staff ? { target: { kind: 'staff', id: staff.id, label: staff.displayName }, note: at[2]!.trim() } : null;
  }
  const key = searchKey(arg);
  const teams = await em.find(Team, { where: { active: true } });
  const depts = await em.find(Department, { where: { active: true } });
  const names: { choice: TransferChoice; key: string }[] = [
    ...teams.map((t) => ({ choice: { kind: 'team' as const, id: t.id, label: t.name }, key: searchKey(t.name) })),
    ...depts.flatMap((d) =>
      [d.nameFa, d.nameEn].filter(Boolean).map((n) => ({ choice: { kind: 'department' as const, id: d.id, label: d.nameFa }, key: searchKey(n) })),
    ),
  ];
  const hits = names.filter((n) => n.key && (key === n.key || key.startsWith(`${n.key} `))).sort((a, b) => b.key.length - a.key.length);
  const hit = hits[0];
  if (!hit) return null;
  // the note is what follows the name in the original text: as many words as the name had
  const words = hit.key.split(' ').length;
  const note = arg.split(/\s+/).slice(words).join(' ');
  return { target: hit.choice, note };
}

/** a colleague's answer on this ticket at or after `since` (the newest), or null */
export async function colleagueAnswerSince(src: ReadSource, ticketId: number, staffId: number, since: Date): Promise<{ name: string; at: Date } | null> {
  const em = managerOf(src);
  const msg = await em.findOne(TicketMessage, {
    where: { ticketId, kind: 'message', direction: 'out', staffId: Not(staffId), createdAt: MoreThanOrEqual(since) },
    order: { id: 'DESC' },
  });
  if (!msg || msg.staffId === null) return null;
  const staff = await em.findOne(StaffAccount, { where: { id: msg.staffId } });
  return { name: staff?.displayName ?? '?', at: msg.createdAt };
}
