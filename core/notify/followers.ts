/**
 * What a ticket's followers are told (DOMAIN.md, Notifications: "followers are told when it changes state or
 * gets a message"): each active follower other than the one who made the change gets
 * - a private Telegram message (outbox row, purpose 'follower') when his staff account is linked to Telegram;
 * - else a panel notice (a staff_notices row, listed at /notices and counted on the account page).
 * Told: a change of state (not the new assignee of an assignment, who gets the "assigned to you" message;
 * not the automatic move a requester message or a reply makes — its own notice says it — but a reopening is),
 * a requester message, an agent's reply, an internal note. The texts are in the follower's language.
 */
import type { Locale, TicketState } from '../entities/enums.ts';
import { StaffAccount } from '../entities/people.ts';
import { StaffNotice, TicketFollower, type Ticket, type TicketMessage } from '../entities/ticket.ts';
import { t } from '../i18n/index.ts';
import type { Actor } from '../services/actor.ts';
import { isReopening } from '../services/tickets/transitions.ts';
import { escapeHtml, ticketRef } from '../text/index.ts';
import type { OutboxDraft, Tx } from '../tx.ts';
import { takePrefetchedFollowers } from './batch-memo.ts';
import type { Notifier } from './index.ts';

const EXCERPT = 300;
const ASSIGNING = ['assign', 'assign_to_me', 'transfer', 'agent_reply'];
/** state changes that are the automatic result of a message the followers are told about anyway */
const FOLLOWS_A_MESSAGE = ['requester_message', 'agent_reply'];

/** the active followers of a ticket but `except` (one query) */
async function followersOf(tx: Tx, ticketId: number, except: readonly (number | null)[]): Promise<StaffAccount[]> {
  const known = takePrefetchedFollowers(tx, ticketId);
  if (known) return known.filter((s) => !except.includes(s.id));
  const rows = await tx.em
    .getRepository(StaffAccount)
    .createQueryBuilder('s')
    .innerJoin(TicketFollower, 'f', 'f.staffId = s.id')
    .where('f.ticketId = :ticketId AND s.active = :active', { ticketId, active: true })
    .orderBy('s.id', 'ASC')
    .getMany();
  return rows.filter((s) => !except.includes(s.id));
}

type Render = (locale: Locale) => string;

async function tell(tx: Tx, ticket: Ticket, to: StaffAccount[], kind: string, data: Record<string, unknown>, text: Render): Promise<void> {
  if (!to.length) return;
  const drafts: OutboxDraft[] = [];
  const notices: Partial<StaffNotice>[] = [];
  for (const s of to) {
    if (s.telegramId !== null) {
      drafts.push({
        chatId: s.telegramId,
        method: 'sendMessage',
        purpose: 'follower',
        ticketId: ticket.id,
        payload: { text: text(s.locale), parse_mode: 'HTML' },
      });
    } else {
      notices.push({
        staffId: s.id,
        ticketId: ticket.id,
        kind,
        data: { ...data, number: ticket.number, title: ticket.title.slice(0, 120) },
        createdAt: tx.now,
        readAt: null,
      });
    }
  }
  if (drafts.length) await tx.outbox(...drafts);
  if (notices.length)
    await tx.em.save(
      StaffNotice,
      notices.map((n) => tx.em.create(StaffNotice, n)),
    );
}

const excerpt = (m: TicketMessage, locale: Locale): string => {
  const text = (m.text ?? '').trim();
  if (!text) return t(locale, 'fl-attachments', { count: m.attachments?.length ?? 0 });
  return escapeHtml(text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text);
};

const head = (ticket: Ticket, locale: Locale) => ({ ref: ticketRef(ticket.number, locale), title: escapeHtml(ticket.title) });

function whoName(actor: Actor, locale: Locale): string {
  if (actor.kind === 'staff') return escapeHtml(actor.staff.displayName);
  return t(locale, actor.kind === 'requester' ? 'st-the-requester' : 'st-the-system');
}

export const followerNotifier: Partial<Notifier> = {
  async stateChanged(tx, ticket, before: TicketState, actor, extra) {
    // the message's own notice says it (answered → open on a follow-up, → answered on a reply); a reopening is told
    if (FOLLOWS_A_MESSAGE.includes(extra.action) && !isReopening(before, ticket.state)) return;
    const except = [actor.kind === 'staff' ? actor.staff.id : null];
    if (ASSIGNING.includes(extra.action)) except.push(ticket.assigneeId);
    const to = await followersOf(tx, ticket.id, except);
    await tell(tx, ticket, to, 'state', { from: before, to: ticket.state, action: extra.action }, (l) =>
      t(l, 'fl-state', { ...head(ticket, l), from: t(l, `st-state-${before}`), to: t(l, `st-state-${ticket.state}`), who: whoName(actor, l) }),
    );
  },

  async requesterMessageAdded(tx, ticket, msg) {
    const to = await followersOf(tx, ticket.id, []);
    await tell(tx, ticket, to, 'message', { messageId: msg.id }, (l) => t(l, 'fl-message', { ...head(ticket, l), text: excerpt(msg, l) }));
  },

  async agentReplied(tx, ticket, msg, staff) {
    const to = await followersOf(tx, ticket.id, [staff.id]);
    await tell(tx, ticket, to, 'reply', { messageId: msg.id, staffId: staff.id }, (l) =>
      t(l, 'fl-reply', { ...head(ticket, l), who: escapeHtml(staff.displayName), text: excerpt(msg, l) }),
    );
  },

  async noteAdded(tx, ticket, msg, staff) {
    const to = await followersOf(tx, ticket.id, [staff.id]);
    await tell(tx, ticket, to, 'note', { messageId: msg.id, staffId: staff.id }, (l) =>
      t(l, 'fl-note', { ...head(ticket, l), who: escapeHtml(staff.displayName), text: excerpt(msg, l) }),
    );
  },
};
