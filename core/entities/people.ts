import { Entity, Index, PrimaryGeneratedColumn, PrimaryColumn } from 'typeorm';
import { Bool, CreatedAt, DateTime, Enum, Int, NullableDateTime, Str, TelegramId, UpdatedAt } from '../db/columns.ts';
import { LOCALES, STAFF_ROLES, type Channel, type Locale, type StaffRole } from './enums.ts';

/**
 * A citizen or member who writes to the bot: one person, whatever messenger he writes from. His accounts on
 * the messengers are his `RequesterChannel` rows (one per channel; a second one is linked only after he
 * confirmed it on the second channel with the same verified phone, core/services/requester-links.ts).
 */
@Entity('requesters')
export class Requester {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  /** E.164, e.g. +989121234567; null until the user shares the contact */
  @Index() @Str(20, { nullable: true }) phone: string | null;
  @Str(200, { default: '' }) fullName: string;
  /** searchKey(fullName), for search */
  @Index() @Str(200, { default: '' }) nameKey: string;
  @Int({ nullable: true }) memberTypeId: number | null;
  @Enum(LOCALES, { nullable: true }) locale: Locale | null;
  /** blocked by an admin: the bot ignores the user politely (on every channel) */
  @Bool(false) blocked: boolean;
  @NullableDateTime() registeredAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/**
 * A requester's account on one messenger (core/channels.ts): his user id there and his private chat with the
 * bot (the same number on Telegram and Bale). Ids of different channels are unrelated, so an account is
 * unique on (channel, userId), never on the id alone.
 */
@Entity('requester_channels')
@Index('uq_requester_channels_user', ['channel', 'userId'], { unique: true })
@Index('ix_requester_channels_requester', ['requesterId', 'channel'])
export class RequesterChannel {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Int() requesterId: number;
  @Str(16, { default: 'telegram' }) channel: Channel;
  @TelegramId() userId: number;
  /** the private chat the bot writes to (= userId on Telegram and Bale) */
  @TelegramId() chatId: number;
  @Str(64, { nullable: true }) username: string | null;
  /** false while the user has blocked the bot on this channel (my_chat_member or a 403) */
  @Bool(true) reachable: boolean;
  /** when this account was joined to a requester who already had another channel; null for his first one */
  @NullableDateTime() linkedAt: Date | null;
  @CreatedAt() createdAt: Date;
}

/** Farmer, trader, lawyer, expert, … (source 004); staff types may address a colleague. */
@Entity('member_types')
export class MemberType {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index({ unique: true }) @Str(32) code: string;
  @Str(100) nameFa: string;
  @Str(100) nameEn: string;
  /** members of this type may send a request to a named colleague (internal ticket) */
  @Bool(false) isStaff: boolean;
  @Int({ default: 0 }) sortOrder: number;
  @Bool(true) active: boolean;
}

/** An account of the web panel: admin, supervisor or agent; may be linked to a Telegram user. */
@Entity('staff_accounts')
export class StaffAccount {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index({ unique: true }) @Str(64) username: string;
  @Str(200) displayName: string;
  @Str(255, { nullable: true }) passwordHash: string | null;
  @Enum(STAFF_ROLES, { default: 'agent' }) role: StaffRole;
  @Bool(true) active: boolean;
  @Index({ unique: true }) @TelegramId({ nullable: true }) telegramId: number | null;
  @Enum(LOCALES, { default: 'fa' }) locale: Locale;
  @Int({ default: 0 }) failedLogins: number;
  @NullableDateTime() lockedUntil: Date | null;
  @NullableDateTime() lastLoginAt: Date | null;
  /** tickets closed a day, for "my performance"; null = the global default */
  @Int({ nullable: true }) dailyGoal: number | null;
  /** the confirmed TOTP secret (base32); null = no second factor (core/services/second-factor.ts) */
  @Str(64, { nullable: true }) totpSecret: string | null;
  /** a secret shown for enrolment, not yet confirmed by a first code */
  @Str(64, { nullable: true }) totpPendingSecret: string | null;
  @NullableDateTime() totpEnabledAt: Date | null;
  /** the last TOTP time step accepted: a code is taken once (RFC 6238 §5.2) */
  @Int({ nullable: true }) totpLastStep: number | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}

/** A recovery code of a staff member's second factor: stored hashed (argon2) and usable once. */
@Entity('staff_recovery_codes')
export class StaffRecoveryCode {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index() @Int() staffId: number;
  @Str(255) codeHash: string;
  @NullableDateTime() usedAt: Date | null;
  @CreatedAt() createdAt: Date;
}

/**
 * The step between the password and the session: a password was right and a second factor is owed (the code,
 * or enrolment when it is required). The cookie carries a random token, the table keeps its SHA-256.
 */
@Entity('staff_login_challenges')
export class StaffLoginChallenge {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Index() @Int() staffId: number;
  /** 'code': enter a code; 'enrol': set a second factor up first */
  @Str(16) purpose: 'code' | 'enrol';
  @Int({ default: 0 }) attempts: number;
  @DateTime() expiresAt: Date;
  @CreatedAt() createdAt: Date;
}

/** A panel login; the cookie carries a random token, the table keeps its SHA-256. */
@Entity('staff_sessions')
export class StaffSession {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Index() @Int() staffId: number;
  @Str(64) csrfSecret: string;
  @DateTime() createdAt: Date;
  @DateTime() expiresAt: Date;
  @DateTime() lastSeenAt: Date;
  @Str(64, { default: '' }) ip: string;
  @Str(255, { default: '' }) userAgent: string;
}

/** One-time codes: first-run setup, linking a Telegram account, binding a staff chat. */
@Entity('one_time_codes')
export class OneTimeCode {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Enum(['setup', 'telegram_link', 'chat_bind'] as const) kind: 'setup' | 'telegram_link' | 'chat_bind';
  @Index({ unique: true }) @Str(64) codeHash: string;
  @Int({ nullable: true }) staffId: number | null;
  @Int({ nullable: true }) teamId: number | null;
  @Int({ nullable: true }) departmentId: number | null;
  @Str(16, { nullable: true }) layout: string | null;
  @DateTime() expiresAt: Date;
  @NullableDateTime() usedAt: Date | null;
  @CreatedAt() createdAt: Date;
}
