import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DateTime, Enum, Int, Json, NullableDateTime, Str, TelegramId, Text } from '../db/columns.ts';
import { OUTBOX_STATUSES, type Channel, type OutboxStatus } from './enums.ts';

@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key: string;
  @Json() value: unknown;
  @DateTime() updatedAt: Date;
  @Int({ nullable: true }) updatedBy: number | null;
}

/**
 * Every message to Telegram is a row here, written in the same transaction as the change that caused it,
 * then delivered by the outbox worker (jobs/). Per-chat order is by id.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['status', 'chatId', 'id'])
@Index('ix_outbox_ticket', ['ticketId', 'id'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  /** the bot that sends it: staff chats are always Telegram, a requester's chat is on his channel */
  @Str(16, { default: 'telegram' }) channel: Channel;
  @TelegramId() chatId: number;
  @Int({ nullable: true }) threadId: number | null;
  /** sendMessage, copyMessage, sendPhoto, editMessageText, createForumTopic, … */
  @Str(40) method: string;
  @Json() payload: Record<string, unknown>;
  /** what the row is for: answer, relay, card, card_edit, topic, notify, … */
  @Str(32) purpose: string;
  @Int({ nullable: true }) ticketId: number | null;
  @Int({ nullable: true }) ticketMessageId: number | null;
  /** makes a notification happen once (e.g. sla-breach-<targetId>) */
  @Index({ unique: true }) @Str(120, { nullable: true }) dedupeKey: string | null;
  @Enum(OUTBOX_STATUSES, { default: 'pending' }) status: OutboxStatus;
  @Int({ default: 0 }) attempts: number;
  @NullableDateTime() nextAttemptAt: Date | null;
  @Text({ nullable: true }) lastError: string | null;
  @Json({ nullable: true }) result: Record<string, unknown> | null;
  @NullableDateTime() sentAt: Date | null;
  @DateTime() createdAt: Date;
}

/** Configuration changes in the panel (ticket actions are ticket events). */
@Entity('audit_log')
@Index('ix_audit_time', ['createdAt'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int({ nullable: true }) staffId: number | null;
  @Str(64) action: string;
  @Str(64) entity: string;
  @Str(64, { nullable: true }) entityId: string | null;
  @Json({ nullable: true }) before: unknown;
  @Json({ nullable: true }) after: unknown;
  @Str(64, { default: '' }) ip: string;
  @DateTime() createdAt: Date;
}

/** Small persistent key–value rows: bot sessions and conversation state (a restart resumes them). */
@Entity('kv_store')
@Index('ix_kv_expires', ['expiresAt'])
export class KvEntry {
  @PrimaryColumn({ type: 'varchar', length: 191 }) key: string;
  @Text() value: string;
  @DateTime() updatedAt: Date;
  @NullableDateTime() expiresAt: Date | null;
}

/** Telegram chats that were upgraded to supergroups: old id → new id. */
@Entity('chat_migrations')
export class ChatMigration {
  @PrimaryColumn({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  fromChatId: number;
  @TelegramId() toChatId: number;
  @DateTime() createdAt: Date;
}
