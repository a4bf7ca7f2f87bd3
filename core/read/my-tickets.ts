/**
 * "My tickets" as the bot's private chat shows them: the requester's open tickets (a follow-up picks one), his
 * tickets (open ones first, then the latest others) and one ticket with its latest messages — never an internal
 * note, never someone else's ticket. Plain JSON-safe results (conversations persist them).
 */
import { DataSource, In, Not } from 'typeorm';
import { userFacingStatus, type Locale } from '../entities/enums.ts';
import { Team } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { Ticket, TicketMessage } from '../entities/ticket.ts';
import { subjectsByIds } from '../services/catalogue/read.ts';
import { managerOf, type ReadSource } from '../services/org-common.ts';
import { coalesced, perOwner } from './coalesce.ts';
import { getSettings } from '../services/settings.ts';
import { ACTIVE_STATES, isActiveState } from '../services/tickets/transitions.ts';

export interface TicketLine {
  id: number;
  number: number;
  subject: string;
  title: string;
  status: ReturnType<typeof userFacingStatus>;
}

type Named = { nameFa: string; nameEn?: string | null };
/** the open-ticket list's subject name (an empty English name falls back to Persian) */
const plainName = (locale: Locale, x: Named) => (locale === 'en' ? x.nameEn || x.nameFa : x.nameFa);
/** the "my tickets" subject name (a blank English name falls back to Persian) */
const trimmedName = (locale: Locale, x: Named) => (locale === 'en' ? x.nameEn?.trim() || x.nameFa : x.nameFa);
/** how many of the finished, closed and cancelled tickets the list shows after the open ones */
const OLD_SHOWN = 45;
const newestFirst = { lastActivityAt: 'DESC', id: 'DESC' } as const;

/** `name` null: no subject names (the title stands for the subject) */
async function lines(src: ReadSource, rows: Ticket[], name: ((x: Named) => string) | null): Promise<TicketLine[]> {
  const subjects = name
    ? await subjectsByIds(
        src,
        rows.map((t) => t.subjectId).filter((x): x is number => x !== null),
      )
    : new Map<number, Named>();
  return rows.map((t) => {
    const s = t.subjectId ? subjects.get(t.subjectId) : undefined;
    return { id: t.id, number: t.number, subject: (s && name?.(s)) || t.title, title: t.title, status: userFacingStatus(t.state) };
  });
}

export const OPEN_SHOWN = 50;

/** the open tickets of several requesters in one statement (newest activity first, OPEN_SHOWN each) */
async function openTicketsOf(src: ReadSource, requesterIds: number[]): Promise<Map<number, Ticket[]>> {
  const rows = await managerOf(src).find(Ticket, { where: { requesterId: In(requesterIds), state: In([...ACTIVE_STATES]) }, order: newestFirst });
  const out = new Map<number, Ticket[]>();
  for (const t of rows) {
    const list = out.get(t.requesterId!) ?? [];
    if (!out.has(t.requesterId!)) out.set(t.requesterId!, list);
    if (list.length < OPEN_SHOWN) list.push(t);
  }
  return out;
}

/** outside a transaction, the calls of many chats at once share one statement (core/read/coalesce.ts) */
const openOf = perOwner((ds: DataSource) => coalesced<number, Ticket[]>((ids) => openTicketsOf(ds, ids), []));

/**
 * the requester's open tickets, newest activity first; `namesIfSeveral` skips the subject names when there is
 * one ticket (a follow-up then goes to it without showing a list)
 */
export async function openTicketLines(
  src: ReadSource,
  requesterId: number,
  locale: Locale,
  namesIfSeveral = false,
  /** his open tickets as this update read them already (requesterForChat) */
  known?: Ticket[],
): Promise<TicketLine[]> {
  const rows = known
    ? known
    : src instanceof DataSource
      ? await openOf(src).load(requesterId)
      : await managerOf(src).find(Ticket, { where: { requesterId, state: In([...ACTIVE_STATES]) }, order: newestFirst, take: OPEN_SHOWN });
  return lines(src, rows, namesIfSeveral && rows.length < 2 ? null : (x) => plainName(locale, x));
}

export async function myTicketLines(src: ReadSource, requesterId: number, locale: Locale): Promise<{ items: TicketLine[]; total: number }> {
  const em = managerOf(src);
  const open = await em.find(Ticket, { where: { requesterId, state: In([...ACTIVE_STATES]) }, order: newestFirst, take: 100 });
  const old = await em.find(Ticket, { where: { requesterId, state: Not(In([...ACTIVE_STATES])) }, order: newestFirst, take: OLD_SHOWN });
  const items = await lines(src, [...open, ...old], (x) => trimmedName(locale, x));
  return { items, total: items.length };
}

export interface TicketView extends TicketLine {
  createdAt: string;
  messages: { direction: 'in' | 'out'; author: string; at: string; text: string | null; attachments: number }[];
  canWrite: boolean;
  canClose: boolean;
  finished: boolean;
}

/** one of the requester's tickets with its latest five messages (null when it is not his, or does not exist) */
export async function myTicketView(src: ReadSource, requesterId: number, ticketId: number, locale: Locale): Promise<TicketView | null> {
  const em = managerOf(src);
  const t = await em.findOne(Ticket, { where: { id: ticketId, requesterId } });
  if (!t) return null;
  const [line] = await lines(src, [t], (x) => trimmedName(locale, x));
  const recent = await em.find(TicketMessage, { where: { ticketId: t.id, kind: 'message' }, order: { id: 'DESC' }, take: 5 });
  const staffIds = [...new Set(recent.map((m) => m.staffId).filter((x): x is number => x !== null))];
  const staff = staffIds.length ? await em.find(StaffAccount, { where: { id: In(staffIds) } }) : [];
  const team = t.teamId ? await em.findOne(Team, { where: { id: t.teamId } }) : null;
  const settings = await getSettings(src);
  const teamName = team ? team.alias?.trim() || team.name : null;
  const agentName = (id: number | null) => (settings.agentNameMode === 'team' && teamName) || staff.find((s) => s.id === id)?.displayName || teamName || '—';
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
export async function awaitingConfirmation(
  src: ReadSource,
  requesterId: number,
  ticketId: number,
): Promise<{ id: number; number: number } | { refused: 'finished' | 'stale'; number?: number }> {
  const t = await managerOf(src).findOne(Ticket, { where: { id: ticketId, requesterId } });
  if (!t) return { refused: 'stale' };
  if (t.state === 'resolved') return { id: t.id, number: t.number };
  return { refused: t.state === 'finished' ? 'finished' : 'stale', number: t.number };
}

/** the id of the requester's own ticket with this number (null for someone else's) */
export async function myTicketIdByNumber(src: ReadSource, requesterId: number, number: number): Promise<number | null> {
  const t = await managerOf(src).findOne(Ticket, { where: { number, requesterId }, select: { id: true } });
  return t?.id ?? null;
}
