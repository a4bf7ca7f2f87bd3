/**
 * The few Bot API calls the panel makes itself: getMe ("test connection" in the bot settings) and getFile
 * (the attachment proxy). The token is the environment's (BOT_TOKEN) or else the one stored encrypted in
 * the settings. Plain fetch with a time-out; the token never reaches a page or a log line.
 */
import { getBotToken } from '../core/services/settings.ts';
import type { PanelDeps } from './env.ts';

export const DEFAULT_API_ROOT = 'https://api.telegram.org';
const TIMEOUT_MS = 10_000;

export class BotApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(`Telegram: ${status} ${description}`);
    this.name = 'BotApiError';
  }
}

const apiRoot = (deps: PanelDeps) => (deps.telegram?.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '');

/** the token the panel uses: the environment's, else the stored one (null when neither, or it cannot be decrypted) */
export async function botToken(deps: PanelDeps): Promise<string | null> {
  if (deps.telegram?.token) return deps.telegram.token;
  if (!deps.secretKey) return null;
  try {
    return await getBotToken(deps.core, deps.secretKey);
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'the stored bot token cannot be read');
    return null;
  }
}

/** one Bot API call; BotApiError for a refusal (or a network failure: status 0) */
export async function callBot<T>(deps: PanelDeps, token: string, method: string, params: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${apiRoot(deps)}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new BotApiError(0, (err as Error).message);
  }
  const body = (await res.json().catch(() => ({}))) as { ok?: boolean; result?: T; description?: string; error_code?: number };
  if (!body.ok) throw new BotApiError(body.error_code ?? res.status, body.description ?? res.statusText);
  return body.result as T;
}

export interface BotInfo {
  id: number;
  username: string;
  first_name: string;
}

export const getMe = (deps: PanelDeps, token: string) => callBot<BotInfo>(deps, token, 'getMe');

/** a Telegram file as a stream (getFile, then the file URL) */
export async function downloadTelegramFile(deps: PanelDeps, token: string, fileId: string): Promise<{ body: ReadableStream<Uint8Array>; size: number | null }> {
  const file = await callBot<{ file_path?: string; file_size?: number }>(deps, token, 'getFile', { file_id: fileId });
  if (!file.file_path) throw new BotApiError(400, 'file is not available');
  const res = await fetch(`${apiRoot(deps)}/file/bot${token}/${file.file_path}`, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok || !res.body) throw new BotApiError(res.status, 'file download failed');
  return { body: res.body, size: file.file_size ?? null };
}
