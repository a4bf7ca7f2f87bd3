/**
 * Small things kept between updates in KvEntry rows: what an unregistered user wrote before registering
 * (`pending:<telegramId>`), and a free message waiting for the user to choose its ticket
 * (`held:<chatId>:<messageId>`). Rows expire; the housekeeping purge removes them.
 */
import { kvDelete, kvGet, kvSave } from '../../../core/services/kv.ts';
import type { Attachment } from '../../../core/entities/enums.ts';
import { scopedKey, type BotDeps } from '../../context.ts';

export interface PendingMessage {
  messageId: number;
  text: string | null;
  attachments: Attachment[];
}

export const PENDING_KEY = (telegramId: number) => `pending:${telegramId}`;
export const HELD_KEY = (chatId: number, messageId: number) => `held:${chatId}:${messageId}`;

const WEEK_MS = 7 * 86_400_000;

export async function stashPut(deps: BotDeps, key: string, value: unknown, ttlMs = WEEK_MS): Promise<void> {
  const now = deps.core.clock.now();
  await kvSave(deps.core.ds, { key: scopedKey(deps, key), value: JSON.stringify(value), updatedAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
}

export async function stashGet<T>(deps: BotDeps, key: string): Promise<T | null> {
  const row = await kvGet(deps.core.ds, scopedKey(deps, key));
  if (!row) return null;
  if (row.expiresAt && row.expiresAt.getTime() < deps.core.clock.now().getTime()) return null;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return null;
  }
}

export async function stashDelete(deps: BotDeps, key: string): Promise<void> {
  await kvDelete(deps.core.ds, scopedKey(deps, key));
}
