/**
 * Files in outbox rows, at send time:
 * - an album row (`album_of`, core/notify/media.ts) becomes its calls from the message's attachments now;
 * - a stored upload (`{ stored: { localPath, … } }`) becomes a grammY InputFile — a multipart upload — unless
 *   Telegram already gave a file_id for that stored file: then the id is sent. The id Telegram returns for an
 *   upload is recorded on the ticket message's attachment (`fileId` beside `localPath`), so every later send
 *   (the mirror in the staff topic, a retry) reuses it. Within a process, a send that needs a file another
 *   send is uploading right now waits for that upload and uses its id (one upload per file, not one per chat).
 * A stored file that is gone from the disk fails the row with a clear reason (it cannot be delivered).
 */
import { access } from 'node:fs/promises';
import { InputFile } from 'grammy';
import type { EntityManager } from 'typeorm';
import type { Attachment } from '../../core/entities/enums.ts';
import { TicketMessage } from '../../core/entities/ticket.ts';
import { albumCalls, isStoredRef, type ApiCall, type StoredFileRef } from '../../core/notify/media.ts';
import type { OutboxMessage } from '../../core/entities/system.ts';

export class StoredFileMissing extends Error {}

/** localPath → file_id, learnt in this process */
const known = new Map<string, string>();
const KNOWN_MAX = 10_000;
/** localPath → the upload in progress in this process */
const uploading = new Map<string, Promise<void>>();

/** an album row's calls from the message's attachments as they are now; null for other rows */
export async function albumRowCalls(em: EntityManager, row: Pick<OutboxMessage, 'payload'>): Promise<ApiCall[] | null> {
  const id = row.payload.album_of;
  if (typeof id !== 'number') return null;
  const msg = await em.findOne(TicketMessage, { where: { id }, select: { id: true, attachments: true, text: true } });
  return albumCalls(row.payload, msg?.attachments ?? [], msg?.text ?? null);
}

export interface PreparedFiles {
  payload: Record<string, unknown>;
  /** to call with Telegram's result (or null when the call failed): records ids, lets waiting sends go */
  finish(em: EntityManager, result: unknown): Promise<void>;
}

/** replaces stored-file references in a call's parameters by a known file_id or an InputFile */
export async function prepareFiles(em: EntityManager, ticketMessageId: number | null, payload: Record<string, unknown>): Promise<PreparedFiles> {
  const refs: { ref: StoredFileRef; slot: number; set: (v: unknown) => void }[] = [];
  const out: Record<string, unknown> = { ...payload };
  if (Array.isArray(out.media)) {
    out.media = (out.media as Record<string, unknown>[]).map((m, slot) => {
      const item = { ...m };
      if (isStoredRef(item.media)) refs.push({ ref: item.media, slot, set: (v) => (item.media = v) });
      return item;
    });
  }
  for (const [k, v] of Object.entries(out)) if (isStoredRef(v)) refs.push({ ref: v, slot: 0, set: (x) => (out[k] = x) });
  if (!refs.length) return { payload: out, finish: async () => undefined };

  let attachments: Attachment[] | null = null;
  const recorded = async (path: string) => {
    if (known.has(path)) return known.get(path)!;
    if (ticketMessageId === null) return undefined;
    attachments ??= (await em.findOne(TicketMessage, { where: { id: ticketMessageId }, select: { id: true, attachments: true } }))?.attachments ?? [];
    const id = attachments.find((a) => a.localPath === path && a.fileId)?.fileId;
    if (id) known.set(path, id);
    return id;
  };
  const mine: { path: string; slot: number; release: () => void }[] = [];
  try {
    for (const r of refs) {
      const path = r.ref.stored.localPath;
      let id = await recorded(path);
      while (!id && uploading.has(path)) {
        await uploading.get(path);
        id = await recorded(path);
      }
      if (id) {
        r.set(id);
        continue;
      }
      try {
        await access(path);
      } catch {
        throw new StoredFileMissing(`the stored file ${r.ref.stored.fileName ?? path} is missing`);
      }
      let release!: () => void;
      uploading.set(path, new Promise<void>((res) => (release = res)));
      mine.push({ path, slot: r.slot, release });
      r.set(new InputFile(path, r.ref.stored.fileName));
    }
  } catch (err) {
    for (const m of mine) done(m);
    throw err;
  }
  return {
    payload: out,
    async finish(em2, result) {
      try {
        if (result === null || !mine.length) return;
        const ids = fileIdsOf(result);
        const learnt = new Map<string, string>();
        for (const m of mine) {
          const id = ids[m.slot];
          if (id) learnt.set(m.path, id);
        }
        if (known.size > KNOWN_MAX) known.clear(); // a cache: the ids are kept on the attachments as well
        for (const [path, id] of learnt) known.set(path, id);
        if (learnt.size && ticketMessageId !== null) await recordFileIds(em2, ticketMessageId, learnt);
      } finally {
        for (const m of mine) done(m);
      }
    },
  };
}

function done(m: { path: string; release: () => void }) {
  uploading.delete(m.path);
  m.release();
}

/** the file ids of what Telegram returned: one per message (an album: one per item) */
export function fileIdsOf(result: unknown): (string | undefined)[] {
  const list = Array.isArray(result) ? result : [result];
  return list.map((m) => {
    if (!m || typeof m !== 'object') return undefined;
    const o = m as Record<string, any>;
    if (Array.isArray(o.photo) && o.photo.length) return o.photo[o.photo.length - 1].file_id;
    for (const k of ['document', 'video', 'voice', 'audio', 'animation', 'video_note', 'sticker']) if (o[k]?.file_id) return o[k].file_id as string;
    return undefined;
  });
}

/** the file ids Telegram gave to stored files, kept on the message's attachments */
async function recordFileIds(em: EntityManager, ticketMessageId: number, ids: Map<string, string>): Promise<void> {
  const msg = await em.findOne(TicketMessage, { where: { id: ticketMessageId }, select: { id: true, attachments: true } });
  if (!msg) return;
  let changed = false;
  const attachments = msg.attachments.map((a) => {
    const id = a.localPath ? ids.get(a.localPath) : undefined;
    if (!id || a.fileId) return a;
    changed = true;
    return { ...a, fileId: id };
  });
  if (changed) await em.update(TicketMessage, { id: ticketMessageId }, { attachments: attachments as never });
}
