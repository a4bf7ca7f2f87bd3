/**
 * What the staff groups' adapter reads: the linked, active agent who wrote, and the ticket a group message or a
 * card's button belongs to — found from stored ids only (the forum topic, the card, or a relayed message).
 */
import { Department, StaffChat, Team } from '../entities/org.ts';
import type { Locale } from '../entities/enums.ts';
import { StaffAccount } from '../entities/people.ts';
import { MessageLink, Ticket } from '../entities/ticket.ts';
import { managerOf, type ReadSource } from '../services/org-common.ts';

/** the active staff account linked to this Telegram user, or null */
export const activeAgentByTelegramId = (src: ReadSource, telegramId: number) => managerOf(src).findOneBy(StaffAccount, { telegramId, active: true });

export interface GroupMessageRef {
  chatId: number;
  /** the forum topic the message was written in (a topic message only) */
  topicThreadId: number | null;
  /** the message it replies to, unless that is only the topic's first message */
  repliedMessageId: number | null;
}

/** the ticket a staff group's message belongs to: its topic, or the relayed message or card it replies to */
export async function ticketOfGroupMessage(src: ReadSource, m: GroupMessageRef): Promise<Ticket | null> {
  const em = managerOf(src);
  const chat = await em.findOneBy(StaffChat, { chatId: m.chatId });
  if (!chat) return null;
  if (m.topicThreadId) {
    const byTopic = await em.findOneBy(Ticket, { staffChatId: chat.id, forumThreadId: m.topicThreadId });
    if (byTopic) return byTopic;
  }
  if (m.repliedMessageId) {
    const link = await em.findOneBy(MessageLink, { chatId: m.chatId, messageId: m.repliedMessageId });
    if (link) return em.findOneBy(Ticket, { id: link.ticketId });
    const byCard = await em.findOneBy(Ticket, { staffChatId: chat.id, cardMessageId: m.repliedMessageId });
    if (byCard) return byCard;
  }
  return null;
}

/** the ticket if it is shown in this staff group (a card's button pressed there), else null */
export async function ticketInStaffChat(src: ReadSource, ticketId: number, chatId: number): Promise<Ticket | null> {
  const em = managerOf(src);
  const ticket = await em.findOneBy(Ticket, { id: ticketId });
  const chat = await em.findOneBy(StaffChat, { chatId });
  return ticket && chat && ticket.staffChatId === chat.id ? ticket : null;
}

export interface BindingView {
  /** the team's name or the department's name in the locale (Persian unless English is asked and set) */
  target: string;
  /**
   * the team (or the department's team) keeps its tickets in the panel ("no staff chat", issue 17): nothing
   * will arrive in this group until that setting is turned off
   */
  panelOnly: boolean;
}

/** what a group was bound to, for the bot's answer to /bind */
export async function bindingOf(src: ReadSource, chat: Pick<StaffChat, 'teamId' | 'departmentId'>, locale: Locale): Promise<BindingView> {
  const em = managerOf(src);
  const department = chat.departmentId ? await em.findOneBy(Department, { id: chat.departmentId }) : null;
  const teamId = chat.teamId ?? department?.teamId ?? null;
  const team = teamId ? await em.findOneBy(Team, { id: teamId }) : null;
  const target = department ? (locale === 'en' && department.nameEn ? department.nameEn : department.nameFa) : (team?.name ?? '—');
  return { target, panelOnly: !!team?.noStaffChat };
}
