/**
 * Ticket search for staff and requesters, through the permission rule (visibleTicketsWhere).
 *
 * One box, several meanings at once (a ticket matches when ANY of them matches):
 * - a ticket number: `1042`, `#۱۰۴۲`, `T-1042` (parseTicketNumber) — exact;
 * - a requester's phone in any Iranian form (`0912…`, `+98912…`, `۰۹۱۲…`, or a part of it:
 *   phoneSearchVariants) against Requester.phone, stored canonical `+989…`;
 * - words: every word of searchKey(query) must occur in the ticket's title key, the requester's name key,
 *   or the search key of one of its messages (internal notes count only for staff). Keys fold Arabic and
 *   Persian letter variants (ي/ی, ك/ک, ة, hamza forms), diacritics, ZWNJ and digits, so «كتاب» finds «کتاب».
 * Matching is LIKE '%key%' on the stored keys (both MariaDB and SQLite; infix LIKE cannot use an index,
 * which is fine at a helpdesk's size — a FULLTEXT index is the next step if it ever is not).
 * Results: newest ticket first; `cursor` is the id of the last ticket of the previous page.
 */
import { Brackets, type WhereExpressionBuilder } from 'typeorm';
import { Ticket, TicketMessage } from '../entities/ticket.ts';
import type { CoreContext } from '../context.ts';
import { parseTicketNumber, phoneSearchVariants, searchKey } from '../text/index.ts';
import type { Actor } from './actor.ts';
import { visibleTicketsWhere } from './permissions.ts';

export interface SearchOptions {
  /** 1–100, default 20 */
  limit?: number;
  /** the id of the last ticket already shown */
  cursor?: number | null;
}

export interface SearchResult {
  items: Ticket[];
  /** pass as `cursor` for the next page; null at the end */
  nextCursor: number | null;
}

/** LIKE pattern for "contains", with '!' as the escape character (the same on MariaDB and SQLite) */
export function containsPattern(key: string): string {
  return `%${key.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export async function searchTickets(ctx: CoreContext, actor: Actor, query: string, opts: SearchOptions = {}): Promise<SearchResult> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const q = (query ?? '').trim();
  if (!q) return { items: [], nextCursor: null };
  const number = parseTicketNumber(q);
  const phones = phoneSearchVariants(q);
  const words = searchKey(q)
    .split(' ')
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  const messages = ctx.ds.getRepository(TicketMessage).metadata.tableName;
  const notesToo = actor.kind !== 'requester';

  const qb = ctx.ds.getRepository(Ticket).createQueryBuilder('t').leftJoin('requesters', 'r', 'r.id = t.requesterId');
  const visible = await visibleTicketsWhere(ctx.ds.manager, actor, 't');
  qb.where(visible.sql, visible.params);
  qb.andWhere(
    new Brackets((any: WhereExpressionBuilder) => {
      any.where('1 = 0');
      if (number !== null) any.orWhere('t.number = :sNumber', { sNumber: number });
      phones.forEach((p, i) => any.orWhere(`r.phone LIKE :sPhone${i}`, { [`sPhone${i}`]: `%${p}%` }));
      if (words.length) {
        any.orWhere(
          new Brackets((all) => {
            words.forEach((w, i) => {
              const p = `sWord${i}`;
              all.andWhere(
                `(t.titleKey LIKE :${p} ESCAPE '!' OR r.nameKey LIKE :${p} ESCAPE '!' OR EXISTS (SELECT 1 FROM ${messages} m` +
                  ` WHERE m.ticketId = t.id AND m.textKey LIKE :${p} ESCAPE '!'${notesToo ? '' : " AND m.kind = 'message'"}))`,
                { [p]: containsPattern(w) },
              );
            });
          }),
        );
      }
    }),
  );
  if (opts.cursor != null) qb.andWhere('t.id < :sCursor', { sCursor: opts.cursor });
  const rows = await qb
    .orderBy('t.id', 'DESC')
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
