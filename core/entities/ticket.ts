import { Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Bool, DateTime, Enum, Int, Json, NullableDateTime, Str, TelegramId, Text } from '../db/columns.ts';
import {
  ACTOR_KINDS,
  MESSAGE_KINDS,
  PRIORITIES,
  TICKET_STATES,
  type ActorKind,
  type Channel,
  type Attachment,
  type MessageKind,
  type Priority,
  type TicketState,
} from './enums.ts';

@Entity('tickets')
@Index('ix_tickets_inbox', ['state', 'teamId', 'updatedAt', 'id'])
@Index('ix_tickets_assignee', ['assigneeId', 'state', 'updatedAt', 'id'])
@Index('ix_tickets_updated', ['updatedAt', 'id'])
@Index('ix_tickets_requester', ['requesterId', 'state'])
@Index('ix_tickets_activity', ['state', 'lastActivityAt'])
/** reports: tickets created / closed in a date range (core/services/reports) */
@Index('ix_tickets_created', ['createdAt', 'teamId'])
@Index('ix_tickets_closed', ['closedAt', 'teamId'])
/** the panel's inbox (admin/inbox.ts): a page from each visibility branch in index order, and the oldest/newest first sorts */
@Index('ix_tickets_team', ['teamId', 'internal', 'updatedAt', 'id'])
@Index('ix_tickets_creator', ['createdByStaffId', 'updatedAt', 'id'])
@Index('ix_tickets_created_id', ['createdAt', 'id'])
export class Ticket {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  /** the number people quote (core/text/ticket-number.ts) */
  @Index({ unique: true }) @Int() number: number;
  @Enum(TICKET_STATES, { default: 'new' }) state: TicketState;
  @Enum(PRIORITIES, { default: 'normal' }) priority: Priority;
  @Str(48, { nullable: true }) type: string | null;
  @Json({ default: '[]' }) tags: string[];
  /** addressed by a staff member to a named colleague (source 002/004) */
  @Bool(false) internal: boolean;
  @Int({ nullable: true }) requesterId: number | null;
  @Int({ nullable: true }) valueChainId: number | null;
  @Int({ nullable: true }) departmentId: number | null;
  @Int({ nullable: true }) subjectId: number | null;
  @Int({ nullable: true }) teamId: number | null;
  @Int({ nullable: true }) assigneeId: number | null;
  @Int({ nullable: true }) createdByStaffId: number | null;
  @Int({ nullable: true }) slaPolicyId: number | null;
  @Str(255) title: string;
  @Index() @Str(255, { default: '' }) titleKey: string;
  @Str(300, { nullable: true }) closeReason: string | null;
  /** a new ticket opened about a finished one links it */
  @Int({ nullable: true }) linkedTicketId: number | null;
  /** a duplicate merged into another ticket (core/services/tickets/merge.ts): it is finished and the reports leave it out */
  @Int({ nullable: true }) mergedIntoId: number | null;
  @Int({ default: 0 }) reopenCount: number;
  @DateTime() createdAt: Date;
  @DateTime() updatedAt: Date;
  @DateTime() lastActivityAt: Date;
  @NullableDateTime() firstResponseAt: Date | null;
  @NullableDateTime() resolvedAt: Date | null;
  @NullableDateTime() closedAt: Date | null;
  @NullableDateTime() finishedAt: Date | null;
  @NullableDateTime() autoCloseRemindedAt: Date | null;
  /** where the ticket lives in its staff chat: a forum topic, and/or a card message */
  @Int({ nullable: true }) staffChatId: number | null;
  @Int({ nullable: true }) forumThreadId: number | null;
  @Int({ nullable: true }) cardMessageId: number | null;
  @Int({ default: 0 }) version: number;
}

/** Everything said on a ticket, both ways, and internal notes (kind = note, never shown to the requester). */
@Entity('ticket_messages')
@Index('ix_messages_ticket', ['ticketId', 'id'])
@Unique('uq_messages_inbound', ['requesterChatId', 'requesterMessageId'])
export class TicketMessage {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int() ticketId: number;
  @Enum(MESSAGE_KINDS, { default: 'message' }) kind: MessageKind;
  /** in = from the requester, out = to the requester (notes: out) */
  @Enum(['in', 'out'] as const) direction: 'in' | 'out';
  @Enum(ACTOR_KINDS) authorKind: ActorKind;
  @Int({ nullable: true }) requesterId: number | null;
  @Int({ nullable: true }) staffId: number | null;
  @Text({ nullable: true }) text: string | null;
  @Text({ nullable: true }) textKey: string | null;
  @Json({ default: '[]' }) attachments: Attachment[];
  @Enum(['telegram', 'panel', 'system'] as const, { default: 'telegram' }) via: 'telegram' | 'panel' | 'system';
  /** the message in the requester's private chat (theirs when in, ours once delivered when out) */
  @TelegramId({ nullable: true }) requesterChatId: number | null;
  @Int({ nullable: true }) requesterMessageId: number | null;
  /** the reply this answers (a ticket message id) */
  @Int({ nullable: true }) replyToId: number | null;
  @NullableDateTime() editedAt: Date | null;
  /** an answer the requester's chat refused (he blocked the bot, the chat is gone); cleared when it is sent again */
  @NullableDateTime() undeliveredAt: Date | null;
  @Json({ default: '[]' }) previousTexts: string[];
  @DateTime() createdAt: Date;
}

/** The audit trail of a ticket: every move with who and when, never deleted. */
@Entity('ticket_events')
@Index('ix_events_ticket', ['ticketId', 'id'])
@Index('ix_events_kind_time', ['kind', 'createdAt'])
export class TicketEvent {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int() ticketId: number;
  @Enum(ACTOR_KINDS) actorKind: ActorKind;
  @Int({ nullable: true }) actorId: number | null;
  /** 'created', 'state' (every state change), or the kind of a change that kept the state (core/services/tickets/events.ts) */
  @Str(40) kind: string;
  /** the transition-table action that wrote the event (core/services/tickets/transitions.ts); null for other events */
  @Str(32, { nullable: true }) action: string | null;
  @Json({ nullable: true }) before: Record<string, unknown> | null;
  @Json({ nullable: true }) after: Record<string, unknown> | null;
  @Text({ nullable: true }) note: string | null;
  @DateTime() createdAt: Date;
}

@Entity('ratings')
@Index('ix_ratings_time', ['createdAt'])
export class Rating {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index() @Int() ticketId: number;
  @Int() requesterId: number;
  @Index() @Int({ nullable: true }) assigneeId: number | null;
  @Index() @Int({ nullable: true }) teamId: number | null;
  @Int() score: number;
  @Text({ nullable: true }) comment: string | null;
  @DateTime() createdAt: Date;
}

@Entity('ticket_followers')
@Unique(['ticketId', 'staffId'])
export class TicketFollower {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int() ticketId: number;
  @Index() @Int() staffId: number;
}

/**
 * A panel notice: what a follower who has no linked Telegram account is told instead of a private message
 * (the ticket he follows changed state or got a message). Listed on his account page, counted in the
 * header's badge until he reads them (core/services/followers.ts).
 */
@Entity('staff_notices')
@Index('ix_notices_staff', ['staffId', 'readAt', 'id'])
export class StaffNotice {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int() staffId: number;
  /** null: a notice about no ticket (kind 'chat_delay': a staff chat's delay passed the setting) */
  @Int({ nullable: true }) ticketId: number | null;
  /** 'state' (after = the new state), 'message' (requester), 'reply' (an agent's answer), 'note', 'chat_delay' */
  @Str(16) kind: string;
  @Json({ nullable: true }) data: Record<string, unknown> | null;
  @DateTime() createdAt: Date;
  @NullableDateTime() readAt: Date | null;
}

/**
 * A Telegram message that belongs to a ticket, on either side: the requester's private chat or a staff chat.
 * Routing of replies uses these stored ids, never the message text.
 */
@Entity('message_links')
@Unique('uq_links_chat_message', ['chatId', 'messageId'])
export class MessageLink {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Str(16, { default: 'telegram' }) channel: Channel;
  @TelegramId() chatId: number;
  @Int() messageId: number;
  @Index() @Int() ticketId: number;
  @Int({ nullable: true }) ticketMessageId: number | null;
  @Enum(['requester', 'staff'] as const) side: 'requester' | 'staff';
  @DateTime() createdAt: Date;
}

/** Ticket numbers come from this auto-increment sequence: unique and race-free, never max+1. */
@Entity('ticket_number_seq')
export class TicketNumberSeq {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Bool(true) used: boolean;
}
