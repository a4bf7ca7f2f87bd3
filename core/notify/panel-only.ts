/**
 * Teams with "no staff chat" (Team.noStaffChat, issue 17): their tickets stay in the panel — staffChatOf gives
 * them no chat, so no card, topic or relay reaches any group. Their agents are told in their private chat with
 * the bot instead (outbox rows, paced like every private chat at 1 a second each by jobs/outbox/limiter.ts,
 * not by the group limit), when their account is linked to Telegram (/link):
 * - a new ticket: its assignee, or while it is unassigned every active member of the team;
 * - a new requester message: likewise, but not those who follow the ticket (the followers' notice tells them,
 *   core/notify/followers.ts), so nobody gets it twice.
 * The "assigned to you" message (core/notify/staff.ts) and the SLA notices go to the agent as for every team.
 */
import { In } from 'typeorm';
import { TeamMember } from '../entities/org.ts';
import { StaffAccount } from '../entities/people.ts';
import { TicketFollower, type Ticket, type TicketMessage } from '../entities/ticket.ts';
import { t } from '../i18n/index.ts';
import { escapeHtml, ticketRef } from '../text/index.ts';
import type { OutboxDraft, Tx } from '../tx.ts';
import { memoisedNoStaffChat } from './batch-memo.ts';
import type { Notifier } from './index.ts';
import { panelKeyboard } from './links.ts';
import { teamWithoutStaffChat } from './staff-chats.ts';

const EXCERPT = 300;

/** the assignee, or the team's active members while the ticket is unassigned: active, linked accounts */
async function agentsToTell(tx: Tx, ticket: Ticket, skipFollowers: boolean): Promise<StaffAccount[]> {
  let ids: number[];
  if (ticket.assigneeId) ids = [ticket.assigneeId];
  else if (ticket.teamId)
    ids = (await tx.em.find(TeamMember, { where: { teamId: ticket.teamId, active: true }, select: { staffId: true } })).map((m) => m.staffId);
  else ids = [];
  if (skipFollowers && ids.length) {
    const following = new Set((await tx.em.find(TicketFollower, { where: { ticketId: ticket.id }, select: { staffId: true } })).map((f) => f.staffId));
    ids = ids.filter((id) => !following.has(id));
  }
  if (!ids.length) return [];
  const staff = await tx.em.find(StaffAccount, { where: { id: In(ids), active: true }, order: { id: 'ASC' } });
  return staff.filter((s) => s.telegramId !== null);
}

async function tell(tx: Tx, ticket: Ticket, msg: TicketMessage | null, key: 'pc-new-ticket' | 'pc-new-message', skipFollowers: boolean) {
  if (!(await memoisedNoStaffChat(tx, ticket.teamId, () => teamWithoutStaffChat(tx.em, ticket.teamId)))) return;
  const to = await agentsToTell(tx, ticket, skipFollowers);
  const raw = (msg?.text ?? '').trim();
  const drafts: OutboxDraft[] = to.map((s) => ({
    chatId: s.telegramId!,
    method: 'sendMessage',
    purpose: 'panel_only',
    ticketId: ticket.id,
    ticketMessageId: msg?.id ?? null,
    payload: {
      text: t(s.locale, key, {
        ref: ticketRef(ticket.number, s.locale),
        title: escapeHtml(ticket.title),
        text: raw
          ? escapeHtml(raw.length > EXCERPT ? `${raw.slice(0, EXCERPT)}…` : raw)
          : t(s.locale, 'fl-attachments', { count: msg?.attachments?.length ?? 0 }),
      }),
      parse_mode: 'HTML',
      ...panelKeyboard(tx.publicUrl, `/tickets/${ticket.id}`, t(s.locale, 'pc-open-panel')),
    },
  }));
  if (drafts.length) await tx.outbox(...drafts);
}

export const panelOnlyNotifier: Partial<Notifier> = {
  ticketOpened: (tx, ticket, message) => tell(tx, ticket, message, 'pc-new-ticket', false),
  requesterMessageAdded: (tx, ticket, message) => tell(tx, ticket, message, 'pc-new-message', true),
};
