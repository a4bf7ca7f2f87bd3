/** Telegram-shaped objects the fake keeps and returns (only the fields the helpdesk uses). */
export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  first_name?: string;
  username?: string;
  is_forum?: boolean;
}

export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  caption?: string;
  entities?: { type: string; offset: number; length: number }[];
  caption_entities?: { type: string; offset: number; length: number }[];
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string; url?: string }[][]; keyboard?: unknown; [k: string]: unknown };
  reply_to_message?: TgMessage;
  message_thread_id?: number;
  /** a message a user sent by choosing a bot's inline result (inline.ts) */
  via_bot?: TgUser;
  is_topic_message?: boolean;
  photo?: { file_id: string; file_unique_id: string; width: number; height: number; file_size?: number }[];
  document?: { file_id: string; file_unique_id: string; file_name?: string; mime_type?: string; file_size?: number };
  voice?: { file_id: string; file_unique_id: string; duration: number };
  video?: { file_id: string; file_unique_id: string; width: number; height: number; duration: number };
  audio?: { file_id: string; file_unique_id: string; duration: number };
  animation?: { file_id: string; file_unique_id: string; width: number; height: number; duration: number };
  video_note?: { file_id: string; file_unique_id: string; length: number; duration: number };
  sticker?: { file_id: string; file_unique_id: string; width: number; height: number; is_animated: boolean; is_video: boolean; type: string };
  location?: { latitude: number; longitude: number };
  contact?: { phone_number: string; first_name: string; last_name?: string; user_id?: number };
  media_group_id?: string;
  edit_date?: number;
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
  forum_topic_created?: { name: string; icon_color: number };
  forum_topic_closed?: Record<string, never>;
  forum_topic_reopened?: Record<string, never>;
  /** not Telegram: what the bot asked for, kept for inspection */
  parse_mode?: string;
}

export interface TgUpdate {
  update_id: number;
  [kind: string]: unknown;
}

export class TgError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}
