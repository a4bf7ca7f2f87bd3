/**
 * Files attached in the panel: kept under <DATA_DIR>/uploads/<yyyy-mm>/<random>-<name>, and given to the core
 * as attachments with `localPath` (the outbox worker uploads them to Telegram as multipart, then reuses the
 * file_id Telegram gave). Images Telegram shows as photos (JPEG, PNG, WebP up to 10 MB) become photos;
 * everything else — larger images too — a document. A file over what a bot may upload (50 MB, Bot API) or
 * over the panel's limit per message (maxUploadBytes, 20 MB by default, never above 50 MB) is refused
 * before anything is written: the form comes back with the message and the typed text. Names are reduced
 * to safe characters; the stored path never comes from the client.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Attachment } from '../core/entities/enums.ts';
import { BOT_PHOTO_MAX, BOT_UPLOAD_MAX } from '../core/notify/media.ts';
import { ValidationError } from '../core/services/errors.ts';
import type { PanelDeps } from './env.ts';

export const DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024;
export const MAX_FILES = 10;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export const uploadsRoot = (deps: PanelDeps) => resolve(deps.dataDir ?? 'data', 'uploads');
export const maxUpload = (deps: PanelDeps) => Math.min(deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD, BOT_UPLOAD_MAX);

/** a file name with only letters, digits, dot, dash and underscore (any script), at most 100 characters */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '')
    .slice(-100);
  return clean || 'file';
}

/** checks and stores the files of one message; ValidationError { file: too_large | too_many_files } */
export async function saveUploads(deps: PanelDeps, list: File[], now: Date): Promise<Attachment[]> {
  if (!list.length) return [];
  if (list.length > MAX_FILES) throw new ValidationError({ file: 'too_many_files' });
  const total = list.reduce((s, f) => s + f.size, 0);
  if (list.some((f) => f.size > maxUpload(deps)) || total > maxUpload(deps)) throw new ValidationError({ file: 'too_large' });
  const month = now.toISOString().slice(0, 7);
  const dir = join(uploadsRoot(deps), month);
  await mkdir(dir, { recursive: true });
  const out: Attachment[] = [];
  for (const file of list) {
    const fileName = safeName(file.name);
    const path = join(dir, `${randomBytes(12).toString('hex')}-${fileName}`);
    await writeFile(path, new Uint8Array(await file.arrayBuffer()), { mode: 0o640 });
    const mimeType = (file.type || 'application/octet-stream').slice(0, 100);
    const kind = PHOTO_TYPES.has(mimeType) && file.size <= BOT_PHOTO_MAX ? 'photo' : 'document';
    out.push({ kind, localPath: path, fileName, mimeType, size: file.size });
  }
  return out;
}

/** the stored file of an attachment, only when it lies inside the uploads folder */
export function localFile(deps: PanelDeps, localPath: string): string | null {
  const root = uploadsRoot(deps);
  const full = resolve(localPath);
  return full.startsWith(root + sep) ? full : null;
}
