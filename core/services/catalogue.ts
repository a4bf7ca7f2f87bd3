/**
 * The routing catalogue (DOMAIN.md): value chains → departments → subjects, FAQ entries per subject, and
 * member types. Admins create, edit, reorder and (de)activate; a row that tickets (or other rows) reference is
 * never deleted — `remove*` deletes an unused row and deactivates a used one. Every change writes an audit row.
 *
 * Codes are ASCII slugs (`^[a-z0-9_-]{1,24}$`, used in Telegram callback_data), unique among their siblings
 * (value chains: unique overall). The read functions list only active rows unless `activeOnly: false`.
 *
 * The code lives in catalogue/: read.ts (bot and panel), value-chains.ts (and departments), subjects.ts (and
 * FAQ entries), member-types.ts, write-helpers.ts (shared, not exported from here).
 */
export * from './catalogue/read.ts';
export * from './catalogue/value-chains.ts';
export * from './catalogue/subjects.ts';
export * from './catalogue/member-types.ts';
export * from './catalogue/order.ts';
