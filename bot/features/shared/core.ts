/**
 * The bot's window on the core: every call the private-chat features and conversations make, with
 * plain JSON-safe results (conversations persist what `external()` returns) and the core's typed
 * errors turned into outcomes the bot can word (finished, content rule, limit, refused).
 */
import type { Locale } from '../../../core/entities/enums.ts';
import { getMemberType } from '../../../core/services/catalogue.ts';
import { activeDepartment, activeSubject, linkRequesterMessage, ticketIdOfMessage } from '../../../core/read/private-chat.ts';
import { listStaff } from '../../../core/services/staff.ts';
import { openTicketLimit, type OpenLimit } from '../../../core/services/tickets/index.ts';
import { channelOf, type BotDeps } from '../../context.ts';

const name = (locale: Locale, x: { nameFa: string; nameEn: string }) => (locale === 'en' ? x.nameEn || x.nameFa : x.nameFa);

export async function memberTypeName(deps: BotDeps, id: number, locale: Locale): Promise<string | null> {
  const t = await getMemberType(deps.core.ds, id);
  return t ? name(locale, t) : null;
}

export async function departmentOf(deps: BotDeps, id: number): Promise<{ id: number; valueChainId: number } | null> {
  const d = await activeDepartment(deps.core.ds, id);
  return d ? { id: d.id, valueChainId: d.valueChainId } : null;
}

export async function subjectOf(deps: BotDeps, id: number, locale: Locale): Promise<{ id: number; name: string; departmentId: number } | null> {
  const s = await activeSubject(deps.core.ds, id);
  return s ? { id: s.id, name: name(locale, s), departmentId: s.departmentId } : null;
}

/** active staff accounts a staff-type member may address, by display name */
export async function listColleagues(deps: BotDeps): Promise<{ id: number; name: string }[]> {
  const rows = await listStaff(deps.core.ds, { activeOnly: true });
  return rows.map((s) => ({ id: s.id, name: s.displayName }));
}

/** the ticket a message of this private chat belongs to (its MessageLink), if any */
export const ticketForMessage = (deps: BotDeps, chatId: number, messageId: number): Promise<number | null> =>
  ticketIdOfMessage(deps.core.ds, chatId, messageId, channelOf(deps));

/** records that a message the bot sent in a private chat belongs to a ticket (replies route by it) */
export const linkMessage = (deps: BotDeps, l: { chatId: number; messageId: number; ticketId: number; ticketMessageId?: number | null }): Promise<void> =>
  linkRequesterMessage(deps.core.ds, { ...l, channel: channelOf(deps), at: deps.core.clock.now() });

/** the core's open-ticket limit (internal requests count as his open tickets, as when the ticket is written) */
export function openLimit(deps: BotDeps, requesterId: number): Promise<OpenLimit> {
  return openTicketLimit(deps.core.ds, requesterId);
}

export * from './me.ts';
export * from './catalogue.ts';
export * from './actions.ts';
export * from './tickets-view.ts';
