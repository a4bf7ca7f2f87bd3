import { MemberType, OneTimeCode, Requester, StaffAccount, StaffLoginChallenge, StaffRecoveryCode, StaffSession } from './people.ts';
import { CannedReply, Department, FaqEntry, StaffChat, Subject, Team, TeamMember, ValueChain } from './org.ts';
import { MessageLink, Rating, StaffNotice, Ticket, TicketEvent, TicketFollower, TicketMessage, TicketNumberSeq } from './ticket.ts';
import { Calendar, CalendarException, SlaPolicy, SlaTarget } from './sla.ts';
import { AuditEntry, ChatMigration, KvEntry, OutboxMessage, Setting } from './system.ts';
import { ReportDaily, ReportTicketFact } from './report-summary.ts';
import { SavedFilter, TicketView } from './inbox.ts';

export * from './people.ts';
export * from './org.ts';
export * from './ticket.ts';
export * from './sla.ts';
export * from './system.ts';
export * from './report-summary.ts';
export * from './inbox.ts';
export * from './enums.ts';

export const ENTITIES = [
  Requester,
  MemberType,
  StaffAccount,
  StaffSession,
  OneTimeCode,
  StaffRecoveryCode,
  StaffLoginChallenge,
  Team,
  TeamMember,
  ValueChain,
  Department,
  Subject,
  FaqEntry,
  StaffChat,
  CannedReply,
  Ticket,
  TicketMessage,
  TicketEvent,
  Rating,
  TicketFollower,
  StaffNotice,
  MessageLink,
  TicketNumberSeq,
  Calendar,
  CalendarException,
  SlaPolicy,
  SlaTarget,
  Setting,
  OutboxMessage,
  AuditEntry,
  KvEntry,
  ChatMigration,
  ReportDaily,
  ReportTicketFact,
  TicketView,
  SavedFilter,
];
