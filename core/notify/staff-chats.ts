/**
 * Which staff chat a ticket's staff messages go to, and how far behind each staff chat is (issue 17).
 *
 * A team or a department may bind several groups (each /bind makes one StaffChat). A new ticket goes to the
 * active chat of its department, else of its team, with the **least backlog**: the fewest counted messages
 * (what Telegram counts against the group's 20 a minute: sends, copies, forwards — not edits, topic calls or
 * chat actions) pending in the outbox for that chat. Those messages are ahead of the new ticket's card in
 * the chat's queue (the outbox drains a chat in id order), so their number times the group's interval (3 s)
 * is the wait the card will have: the backlog predicts the delay directly, where a chat's open tickets only
 * predict what may come later. Ties (every queue empty, the usual case outside a burst) go to the chat with
 * the fewest open tickets, then the oldest binding — so a quiet team's tickets are spread evenly too.
 * A ticket stays in the chat it was opened in (Ticket.staffChatId); only when the bot was removed from that
 * chat do its messages go to the first active chat of its department or team.
 * A team with "no staff chat" (Team.noStaffChat) has none: its tickets stay in the panel.
 */
import { In, type EntityManager } from 'typeorm';
import { columnSql, selectEntities, tableOf } from '../db/rows-sql.ts';
import { StaffChat, Team } from '../entities/org.ts';
import { OutboxMessage } from '../entities/system.ts';
import { Ticket } from '../entities/ticket.ts';

/** outbox rows that Telegram counts as messages (jobs/outbox/limiter.ts costOf; an album counts as one row here) */
const COUNTED = "(o.method LIKE 'send%' AND o.method <> 'sendChatAction') OR o.method IN ('copyMessage', 'copyMessages', 'forwardMessage', 'forwardMessages')";
const DONE = ['closed', 'cancelled', 'finished'] as const;
/** the group's interval at Telegram's 20 messages a minute */
export const GROUP_INTERVAL_MS = 3000;

export interface ChatBacklog {
  /** counted messages pending (or being sent) for the chat */
  pending: number;
  /** when the oldest of them was written, or null */
  oldestAt: Date | null;
}

/** the counted messages pending for each of these Telegram chats, and the oldest one's age (two queries) */
export async function backlogOf(em: EntityManager, chatIds: readonly number[]): Promise<Map<number, ChatBacklog>> {
  const out = new Map<number, ChatBacklog>(chatIds.map((c) => [c, { pending: 0, oldestAt: null }]));
  if (!chatIds.length) return out;
  const rows = await em
    .createQueryBuilder(OutboxMessage, 'o')
    .select('o.chatId', 'chatId')
    .addSelect('COUNT(*)', 'n')
    .addSelect('MIN(o.id)', 'first')
    .where('o.chatId IN (:...chatIds)', { chatIds })
    .andWhere("o.status IN ('pending', 'sending')")
    .andWhere(`(${COUNTED})`)
    .groupBy('o.chatId')
    .getRawMany<{ chatId: string | number; n: string | number; first: string | number }>();
  if (!rows.length) return out;
  const firsts = await em.find(OutboxMessage, { where: { id: In(rows.map((r) => Number(r.first))) }, select: { id: true, chatId: true, createdAt: true } });
  const at = new Map(firsts.map((f) => [f.chatId, f.createdAt]));
  for (const r of rows) out.set(Number(r.chatId), { pending: Number(r.n), oldestAt: at.get(Number(r.chatId)) ?? null });
  return out;
}

/** the chat's delay now: the oldest pending counted message's age, or the wait of its queue at the group's pace, whichever is longer */
export function delayMs(b: ChatBacklog, now: Date, intervalMs = GROUP_INTERVAL_MS): number {
  const age = b.oldestAt ? Math.max(0, now.getTime() - b.oldestAt.getTime()) : 0;
  return Math.max(age, b.pending * intervalMs);
}

/** open tickets per staff chat (StaffChat.id) */
async function openTicketsOf(em: EntityManager, ids: readonly number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await em
    .createQueryBuilder(Ticket, 't')
    .select('t.staffChatId', 'id')
    .addSelect('COUNT(*)', 'n')
    .where('t.staffChatId IN (:...ids)', { ids })
    .andWhere('t.state NOT IN (:...done)', { done: DONE })
    .groupBy('t.staffChatId')
    .getRawMany<{ id: string | number; n: string | number }>();
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

/** the team keeps its tickets in the panel only (plain SQL: every batch of follow-ups asks, core/notify/batch-memo.ts) */
export async function teamWithoutStaffChat(em: EntityManager, teamId: number | null): Promise<boolean> {
  if (!teamId) return false;
  const rows = (await em.query(
    `SELECT ${columnSql(em, Team, 'tm', 'noStaffChat')} AS f FROM ${tableOf(em, Team)} tm WHERE ${columnSql(em, Team, 'tm', 'id')} = ?`,
    [teamId],
  )) as { f: unknown }[];
  // 0/1 from both dialects (a tinyint on MariaDB, an integer on SQLite)
  return Number(rows[0]?.f ?? 0) !== 0;
}

/** of several candidate chats, the one with the least backlog (then fewest open tickets, then the oldest) */
async function leastBacklog(em: EntityManager, chats: StaffChat[]): Promise<StaffChat | null> {
  if (chats.length <= 1) return chats[0] ?? null;
  const backlog = await backlogOf(
    em,
    chats.map((c) => c.chatId),
  );
  const open = await openTicketsOf(
    em,
    chats.map((c) => c.id),
  );
  const key = (c: StaffChat) => [backlog.get(c.chatId)?.pending ?? 0, open.get(c.id) ?? 0, c.id];
  return [...chats].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  })[0]!;
}

/**
 * The chat a ticket's staff messages go to: the chat it is bound to (unless the bot was removed from it), else
 * an active chat of its department, else one of its team; none for a team with "no staff chat". `spread`
 * (a new ticket): of several active chats, the one with the least backlog; otherwise the first (a ticket's
 * messages must not wander between chats).
 */
export async function staffChatOf(
  em: EntityManager,
  ticket: Pick<Ticket, 'departmentId' | 'teamId' | 'staffChatId'>,
  opts: { spread?: boolean; noStaffChat?: Promise<boolean> } = {},
): Promise<StaffChat | null> {
  // a batch of follow-ups reads the team's flag once for this lookup and its own check (core/notify/batch-memo.ts)
  if (await (opts.noStaffChat ?? teamWithoutStaffChat(em, ticket.teamId))) return null;
  // plain SQL (core/db/rows-sql.ts): every relay of a follow-up asks, and TypeORM's find was most of the cost
  const col = (p: string) => columnSql(em, StaffChat, 'sc', p);
  const where: string[] = [];
  const params: unknown[] = [];
  if (ticket.staffChatId) {
    where.push(`${col('id')} = ?`);
    params.push(ticket.staffChatId);
  }
  if (ticket.departmentId) {
    where.push(`(${col('departmentId')} = ? AND ${col('status')} = 'active')`);
    params.push(ticket.departmentId);
  }
  if (ticket.teamId) {
    where.push(`(${col('teamId')} = ? AND ${col('status')} = 'active')`);
    params.push(ticket.teamId);
  }
  if (!where.length) return null;
  const chats = (await selectEntities(em, StaffChat, 'sc', `WHERE ${where.join(' OR ')} ORDER BY ${col('id')} ASC`, params)).map((r) => r.entity);
  const bound = ticket.staffChatId ? chats.find((c) => c.id === ticket.staffChatId && c.status !== 'bot_removed') : undefined;
  if (bound) return bound;
  const ofDepartment = chats.filter((c) => ticket.departmentId && c.departmentId === ticket.departmentId && c.status === 'active');
  const ofTeam = chats.filter((c) => ticket.teamId && c.teamId === ticket.teamId && c.status === 'active');
  const candidates = ofDepartment.length ? ofDepartment : ofTeam;
  return opts.spread ? leastBacklog(em, candidates) : (candidates[0] ?? null);
}
