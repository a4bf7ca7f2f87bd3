/** The closed vocabularies of DOMAIN.md, shared by entities, services and front ends. */
export const TICKET_STATES = ['new', 'open', 'answered', 'resolved', 'closed', 'finished', 'cancelled'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** The four user-facing statuses of source 000: open, answered, closed, finished. */
export function userFacingStatus(state: TicketState): 'open' | 'answered' | 'closed' | 'finished' {
  switch (state) {
    case 'new':
    case 'open':
      return 'open';
    case 'answered':
    case 'resolved':
      return 'answered';
    case 'closed':
    case 'cancelled':
      return 'closed';
    case 'finished':
      return 'finished';
  }
}

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const priorityRank = (p: Priority) => PRIORITIES.indexOf(p);

export const STAFF_ROLES = ['admin', 'supervisor', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const TEAM_VISIBILITY = ['all', 'invited'] as const;
export type TeamVisibility = (typeof TEAM_VISIBILITY)[number];

export const ASSIGNMENT_MODES = ['manual', 'round_robin', 'balanced'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

export const CHAT_LAYOUTS = ['forum', 'plain'] as const;
export type ChatLayout = (typeof CHAT_LAYOUTS)[number];

export const STAFF_CHAT_STATUSES = ['active', 'not_admin', 'bot_removed'] as const;
export type StaffChatStatus = (typeof STAFF_CHAT_STATUSES)[number];

export const MESSAGE_KINDS = ['message', 'note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const ACTOR_KINDS = ['requester', 'staff', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const SLA_KINDS = ['first_response', 'resolution'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

/** sending: claimed by a worker until nextAttemptAt (its lease); a dead worker's claim expires and is taken over */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const LOCALES = ['fa', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const ATTACHMENT_KINDS = ['photo', 'document', 'video', 'voice', 'audio', 'animation', 'sticker', 'video_note', 'location', 'contact'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface Attachment {
  kind: AttachmentKind;
  fileId?: string;
  fileUniqueId?: string;
  fileName?: string;
  mimeType?: string;
  size?: number;
  /** location / contact details, kept as Telegram sent them */
  data?: Record<string, unknown>;
  /** a file uploaded in the panel, stored under data/uploads (once Telegram gave it a file id, fileId is set too) */
  localPath?: string;
  /** the Telegram message that carried it (a ticket message may gather several: intake files, an album) */
  messageId?: number;
  /** the album (Telegram media_group_id) it came in */
  mediaGroupId?: string;
}

/** the messengers requesters write from (core/channels.ts holds what each can do) */
export const CHANNELS = ['telegram', 'bale'] as const;
export type Channel = (typeof CHANNELS)[number];
