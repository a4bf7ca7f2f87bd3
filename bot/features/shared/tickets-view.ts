/**
 * "My tickets" as the private chat shows it: the requester's tickets (open ones first, then the latest
 * others) and one ticket with its latest messages — never an internal note, never someone else's ticket.
 */
import { In, Not } from 'typeorm';
import { userFacingStatus, type Locale } from '../../../core/entities/enums.ts';
import { Subject, Team } from '../../../core/entities/org.ts';
import { StaffAccount } from '../../../core/entities/people.ts';
import { Ticket, TicketMessage } from '../../../core/entities/ticket.ts';
import { getSettings } from '../../../core/services/settings.ts';
import type { BotDeps } from '../../context.ts';
import { ACTIVE_STATES, isActiveState } from '../../../core/services/tickets/index.ts';
import { type TicketLine } from './core.ts';

const name = (locale: Locale, x: { nameFa: string; nameEn?: string | null }) => (locale === 'en' ? x.nameEn?.trim() || x.nameFa : x.nameFa);
/** how many of the finished, closed and cancelled tickets the list shows after the open ones */
const OLD_SHOWN = 45;

async function lines(deps: BotDeps, rows: Ticket[], locale: Locale): Promise<TicketLine[]> {
  const ids = [...new Set(rows.map((t) => t.subjectId).filter((x): x is number => x !== null))];
  const subjects = ids.length ? await deps.core.ds.getRepository(Subject).find({ where: { id: In(ids) } }) : [];
  const names = new Map(subjects.map((s) => [s.id, name(locale, s)]));
  return rows.map((t) => ({ id: t.id, number: t.number, subject: (t.subjectId && names.get(t.subjectId)) || t.title, title: t.title, status: userFacingStatus(t.state) }));
}

export async function listMyTickets(deps: BotDeps, requesterId: number, locale: Locale): Promise<{ items: TicketLine[]; total: number }> {
  const repo = deps.core.ds.getRepository(Ticket);
  const order = { lastActivityAt: 'DESC', id: 'DESC' } as const;
  const open = await repo.find({ where: { requesterId, state: In([...ACTIVE_STATES]) }, order, take: 100 });
  const old = await repo.find({ where: { requesterId, state: Not(In([...ACTIVE_STATES])) }, order, take: OLD_SHOWN });
  const items = await lines(deps, [...open, ...old], locale);
  return { items, total: items.length };
}

export interface TicketView extends TicketLine {
  createdAt: string;
  messages: { direction: 'in' | 'out'; author: string; at: string; text: string | null; attachments: number }[];
  canWrite: boolean;
  canClose: boolean;
  finished: boolean;
}

/** one of the requester's tickets (null when it is not his, or does not exist) */
export async function ticketView(deps: BotDeps, requesterId: number, ticketId: number, locale: Locale): Promise<TicketView | null> {
  const ds = deps.core.ds;
  const t = await ds.getRepository(Ticket).findOne({ where: { id: ticketId, requesterId } });
  if (!t) return null;
  const [line] = await lines(deps, [t], locale);
  const recent = await ds.getRepository(TicketMessage).find({ where: { ticketId: t.id, kind: 'message' }, order: { id: 'DESC' }, take: 5 });
  const staffIds = [...new Set(recent.map((m) => m.staffId).filter((x): x is number => x !== null))];
  const staff = staffIds.length ? await ds.getRepository(StaffAccount).find({ where: { id: In(staffIds) } }) : [];
  const team = t.teamId ? await ds.getRepository(Team).findOne({ where: { id: t.teamId } }) : null;
  const settings = await getSettings(ds);
  const teamName = team ? team.alias?.trim() || team.name : null;
  const agentName = (id: number | null) =>
    (settings.agentNameMode === 'team' && teamName) || staff.find((s) => s.id === id)?.displayName || teamName || '—';
  const you = locale === 'en' ? 'You' : 'شما';
  const active = isActiveState(t.state);
  return {
    ...line!,
    createdAt: t.createdAt.toISOString(),
    messages: recent.reverse().map((m) => ({
      direction: m.direction,
      author: m.direction === 'in' ? you : agentName(m.staffId),
      at: m.createdAt.toISOString(),
      text: m.text,
      attachments: m.attachments.length,
    })),
    // a closed ticket takes a message (it reopens); a finished or cancelled one does not
    canWrite: active || t.state === 'closed',
    canClose: active && !t.internal && !!team?.customerCloseAllowed,
    finished: t.state === 'finished',
  };
}

/** the requester's ticket waiting for his "was it resolved?" answer, or why not */
export async function awaitingConfirmation(deps: BotDeps, requesterId: number, ticketId: number): Promise<{ id: number; number: number } | { refused: 'finished' | 'stale'; number?: number }> {
  const t = await deps.core.ds.getRepository(Ticket).findOne({ where: { id: ticketId, requesterId } });
  if (!t) return { refused: 'stale' };
  if (t.state === 'resolved') return { id: t.id, number: t.number };
  return { refused: t.state === 'finished' ? 'finished' : 'stale', number: t.number };
}

/** the id of the requester's own ticket with this number (null for someone else's) */
export async function ticketIdByNumber(deps: BotDeps, requesterId: number, number: number): Promise<number | null> {
  const t = await deps.core.ds.getRepository(Ticket).findOne({ where: { number, requesterId }, select: { id: true } });
  return t?.id ?? null;
}
