import { Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Bool, CreatedAt, Enum, Int, Json, NullableDateTime, Str, TelegramId, Text } from '../db/columns.ts';
import {
  ASSIGNMENT_MODES,
  CHAT_LAYOUTS,
  PRIORITIES,
  STAFF_CHAT_STATUSES,
  TEAM_VISIBILITY,
  type AssignmentMode,
  type ChatLayout,
  type Priority,
  type StaffChatStatus,
  type TeamVisibility,
  type TicketState,
} from './enums.ts';

@Entity('teams')
export class Team {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Str(120) name: string;
  /** shown to requesters instead of the agent's name when the "team alias" setting is on */
  @Str(120, { nullable: true }) alias: string | null;
  @Enum(TEAM_VISIBILITY, { default: 'all' }) visibility: TeamVisibility;
  @Enum(ASSIGNMENT_MODES, { default: 'manual' }) assignmentMode: AssignmentMode;
  /** round-robin cursor */
  @Int({ nullable: true }) lastAssignedStaffId: number | null;
  @Int({ nullable: true }) calendarId: number | null;
  @Bool(true) autoCloseEnabled: boolean;
  @Int({ default: 7 }) autoCloseDays: number;
  @Json({ default: '["answered","resolved"]' }) autoCloseStates: TicketState[];
  @Int({ default: 30 }) finishAfterDays: number;
  @Bool(false) customerCloseAllowed: boolean;
  /** warn this many working minutes before an SLA deadline */
  @Int({ default: 15 }) slaWarningMinutes: number;
  /** "no staff chat": the team's tickets stay in the panel only (no card, topic or relay in any group); agents are told privately */
  @Bool(false) noStaffChat: boolean;
  @Bool(true) active: boolean;
  @CreatedAt() createdAt: Date;
}

@Entity('team_members')
@Unique(['teamId', 'staffId'])
export class TeamMember {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index() @Int() teamId: number;
  @Index() @Int() staffId: number;
  /** supervises this team (the account's role must be supervisor or admin) */
  @Bool(false) supervisor: boolean;
  /** takes part in automatic assignment */
  @Bool(true) active: boolean;
}

@Entity('value_chains')
export class ValueChain {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index({ unique: true }) @Str(32) code: string;
  @Str(120) nameFa: string;
  @Str(120) nameEn: string;
  @Int({ default: 0 }) sortOrder: number;
  @Bool(true) active: boolean;
}

@Entity('departments')
export class Department {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index() @Int() valueChainId: number;
  @Str(32) code: string;
  @Str(160) nameFa: string;
  @Str(160) nameEn: string;
  /** the team that answers when a subject names none */
  @Int({ nullable: true }) teamId: number | null;
  @Int({ default: 0 }) sortOrder: number;
  @Bool(true) active: boolean;
}

@Entity('subjects')
export class Subject {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index() @Int() departmentId: number;
  @Str(32) code: string;
  @Str(200) nameFa: string;
  @Str(200) nameEn: string;
  @Int({ nullable: true }) teamId: number | null;
  @Enum(PRIORITIES, { default: 'normal' }) defaultPriority: Priority;
  @Int({ nullable: true }) slaPolicyId: number | null;
  @Int({ default: 0 }) sortOrder: number;
  @Bool(true) active: boolean;
}

@Entity('faq_entries')
export class FaqEntry {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index() @Int() subjectId: number;
  @Text() questionFa: string;
  @Text() answerFa: string;
  @Text({ nullable: true }) questionEn: string | null;
  @Text({ nullable: true }) answerEn: string | null;
  @Int({ default: 0 }) sortOrder: number;
  @Bool(true) active: boolean;
}

/** A Telegram group bound to a team or department, where agents answer. */
@Entity('staff_chats')
export class StaffChat {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index({ unique: true }) @TelegramId() chatId: number;
  @Str(255, { default: '' }) title: string;
  @Enum(CHAT_LAYOUTS, { default: 'plain' }) layout: ChatLayout;
  @Index() @Int({ nullable: true }) teamId: number | null;
  @Index() @Int({ nullable: true }) departmentId: number | null;
  @Enum(STAFF_CHAT_STATUSES, { default: 'active' }) status: StaffChatStatus;
  @Int({ nullable: true }) boundByStaffId: number | null;
  @NullableDateTime() statusChangedAt: Date | null;
  /** supervisors were told that this chat's delay passed the setting; cleared when it drops below (one alert an episode) */
  @NullableDateTime() delayAlertedAt: Date | null;
  @CreatedAt() createdAt: Date;
}

@Entity('canned_replies')
export class CannedReply {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  @Index({ unique: true }) @Str(48) shortcut: string;
  @Str(200) title: string;
  @Text() body: string;
  /** null = every team */
  @Int({ nullable: true }) teamId: number | null;
  @Bool(true) active: boolean;
  @NullableDateTime() updatedAt: Date | null;
}
