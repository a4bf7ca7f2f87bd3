/**
 * The few Bot API calls the panel makes itself: getMe ("test connection" in the bot settings) and getFile
 * (the attachment proxy, on the channel the file came from). The token is the environment's (BOT_TOKEN) or else the one stored encrypted in
 * the settings. Plain fetch with a time-out; the token never reaches a page or a log line.
 */
import type { Channel } from '../core/entities/enums.ts';
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

async function telegramApi(deps: PanelDeps): Promise<{ token: string; root: string } | null> {
  const token = await botToken(deps);
  return token ? { token, root: apiRoot(deps) } : null;
}

/** one Bot API call (Telegram's root unless another is given); BotApiError for a refusal (or a network failure: status 0) */
export async function callBot<T>(deps: PanelDeps, token: string, method: string, params: Record<string, unknown> = {}, root = apiRoot(deps)): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${root}/bot${token}/${method}`, {
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

/**
 * A file of a channel as a stream (getFile, then the file URL): Telegram's through the panel's token, a Bale
 * citizen's through Bale's API (its file ids mean nothing to Telegram; Bale is assumed to serve files at
 * `<root>/file/bot<token>/<file_path>` as Telegram does). BotApiError(503) when that channel has no bot here.
 */
export async function downloadFile(
  deps: PanelDeps,
  channel: Channel,
  fileId: string,
): Promise<{ body: ReadableStream<Uint8Array>; size: number | null } | null> {
  const api = channel === 'bale' ? (deps.bale ? { token: deps.bale.token, root: deps.bale.apiRoot.replace(/\/+$/, '') } : null) : await telegramApi(deps);
  if (!api) return null;
  const file = await callBot<{ file_path?: string; file_size?: number }>(deps, api.token, 'getFile', { file_id: fileId }, api.root);
  if (!file.file_path) throw new BotApiError(400, 'file is not available');
  const res = await fetch(`${api.root}/file/bot${api.token}/${file.file_path}`, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok || !res.body) throw new BotApiError(res.status, 'file download failed');
  return { body: res.body, size: file.file_size ?? null };
}
