/**
 * The bulk of the benchmark data set, written on the server: each table is one `INSERT … SELECT` from
 * MariaDB's SEQUENCE engine (seq_1_to_N) or from the tickets just written, so nothing crosses the wire but
 * the statement. Every "random" column is a deterministic draw: CRC32 of the row number and a salt, scaled to
 * [0, 1) — the same data on every run. Each statement fills an empty table in one transaction, which
 * MariaDB (10.6+) loads with one table-level undo record and sorted index builds, so no chunking is needed.
 * Run on one connection whose session has unique_checks = 0 and foreign_key_checks = 0.
 */
import type { QueryRunner } from 'typeorm';
import { sqlTime } from '../../../core/services/reports/sql.ts';
import { searchKey } from '../../../core/text/index.ts';
import type { Org } from './seed-org.ts';

const DAY = 86_400;
const YEAR = 365 * DAY;

/**
 * A deterministic draw in [0, 1) for the row `x`: MD5 of the row and a salt, so draws of other salts are
 * independent (CRC32 is not: CRC32(x‖a) xor CRC32(x‖b) is the same for every x of one length).
 */
const r = (salt: string, x = 'seq') => `(CONV(SUBSTR(MD5(CONCAT(${x}, '${salt}')), 1, 8), 16, 10) / 4294967296)`;
/** a cheaper draw for the tens of millions of message rows: a multiplicative (Weyl) sequence, one use a row */
const weyl = (x: string, a: number) => `(((${x}) * ${a}) % 4294967296 / 4294967296)`;
const pick = (draw: string, n: number) => `FLOOR(${draw} * ${n})`;
const lit = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
/** the i-th (0-based SQL expression) of the values */
const elt = (i: string, values: readonly (string | number)[]) => `ELT(1 + ${i}, ${values.map(lit).join(', ')})`;

const TITLES = [
  'برگ‌های زعفران زرد شده‌اند، چه کنم؟',
  'درخواست مشاوره برای آبیاری قطره‌ای باغ پسته',
  'قیمت خرید تضمینی برنج امسال چقدر است؟',
  'آفت در نخلستان دیده شده؛ راهنمایی فوری می‌خواهم',
  'مدارک لازم برای بیمه محصول کشاورزی',
  'مشکل در دریافت مجوز صادرات خرما',
  'زمان مناسب کاشت پیاز زعفران',
  'کود مناسب برای شالیزار در فصل بهار',
  'شکایت از تأخیر در پرداخت خسارت خشکسالی',
  'ثبت‌نام در دوره آموزشی کشت گلخانه‌ای',
];
const IN_TEXTS = [
  'سلام، برگ‌های گیاه زرد شده‌اند و لکه‌های قهوه‌ای دارند؛ لطفاً راهنمایی کنید.',
  'عکس مزرعه را فرستادم، لطفاً ببینید و بگویید چه سمی بزنم.',
  'ممنون از پاسخ‌تان، ولی هنوز مشکل برطرف نشده است.',
  'شماره پرونده بیمه من ۴۵۲۱۸ است؛ کی پرداخت می‌شود؟',
  'آیا برای این کار باید حضوری به اداره بیایم؟',
  'آب چاه کم شده و درختان پسته تشنه‌اند؛ چه پیشنهادی دارید؟',
  'قیمت‌ها را از کجا می‌توانم ببینم؟',
  'سلام، دوباره پیگیری می‌کنم؛ هنوز جوابی نگرفته‌ام.',
];
const OUT_TEXTS = [
  'سلام، درخواست شما بررسی شد و کارشناس مربوط تا فردا با شما تماس می‌گیرد.',
  'لطفاً یک عکس واضح از برگ‌ها و ساقه بفرستید تا دقیق‌تر بررسی کنیم.',
  'برای این مورد محلول‌پاشی با کود کامل در صبح زود توصیه می‌شود.',
  'پرونده شما به واحد بیمه ارجاع شد؛ نتیجه را همین‌جا اعلام می‌کنیم.',
  'مدارک لازم: کارت ملی، سند زمین و فرم تکمیل‌شده درخواست.',
  'جلسه آموزشی شنبه ساعت ۱۰ در مرکز خدمات برگزار می‌شود.',
];
const NOTES = ['یادداشت داخلی: با واحد بیمه هماهنگ شد.', 'یادداشت داخلی: کشاورز قبلاً هم همین مشکل را داشته است.'];
const COMMENTS = ['خوب بود، ممنون', 'پاسخ سریع و دقیق بود', 'کمی دیر جواب دادید', 'مشکلم حل نشد', 'از راهنمایی کارشناس سپاسگزارم'];
const FIRST = ['علی', 'مریم', 'حسین', 'زهرا', 'محمد', 'فاطمه', 'رضا', 'نرگس', 'مهدی', 'سارا'];
const LAST = ['رضایی', 'احمدی', 'کریمی', 'محمدی', 'حسینی', 'کاظمی', 'یاوری', 'موسوی', 'جعفری', 'قاسمی'];

export interface Sizes {
  tickets: number;
  messages: number;
  requesters: number;
}

export interface Written {
  requesters: number;
  tickets: number;
  events: number;
  targets: number;
  ratings: number;
  messages: number;
  showcase: { ticketId: number; messages: number };
}

/** rows written by an INSERT (mysql2's result header) */
async function insert(q: QueryRunner, sql: string): Promise<number> {
  const res = (await q.query(sql)) as { affectedRows?: number };
  return Number(res?.affectedRows ?? 0);
}

export async function seedRequesters(q: QueryRunner, org: Org, at: Date, n: number): Promise<number> {
  const now = sqlTime(at);
  const first = pick(r('f'), FIRST.length);
  const last = pick(r('l'), LAST.length);
  // one member in 20 is of a staff type (they may address a colleague: the internal tickets)
  const written = await insert(
    q,
    `INSERT INTO requesters (phone, fullName, nameKey, memberTypeId, blocked, registeredAt, createdAt, updatedAt)
    SELECT CONCAT('+98912', LPAD(seq, 7, '0')),
      CONCAT(${elt(first, FIRST)}, ' ', ${elt(last, LAST)}), CONCAT(${elt(first, FIRST.map(searchKey))}, ' ', ${elt(last, LAST.map(searchKey))}),
      IF(seq % 20 = 0, ${org.memberTypes.staff}, ${org.memberTypes.farmer}), 0,
      TIMESTAMP'${now}' - INTERVAL ${pick(r('g'), 2 * YEAR)} SECOND, TIMESTAMP'${now}', TIMESTAMP'${now}'
    FROM seq_1_to_${n}`,
  );
  // each one's Telegram account (user id 8000000000 + seq, seq read back from the phone)
  await q.query(
    `INSERT INTO requester_channels (requesterId, channel, userId, chatId, reachable, createdAt)
    SELECT id, 'telegram', 8000000000 + seq, 8000000000 + seq, ${r('u')} > 0.02, TIMESTAMP'${now}'
    FROM (SELECT id, CAST(SUBSTRING(phone, 7) AS UNSIGNED) AS seq FROM requesters WHERE phone LIKE '+98912%' AND id NOT IN (SELECT requesterId FROM requester_channels)) x`,
  );
  return written;
}

/**
 * Tickets over the year before `now`, uniform in time. The backlog: 70 % of the last 3 days' tickets are
 * active (new, open, answered, resolved), 10 % of the rest of the last month, 0.5 % of older ones; of the
 * others a tenth are cancelled and the rest closed — finished once closed for 30 days. The team is the
 * subject's department's team (9 in 10; else another, as after a transfer), the assignee one of its 5 agents.
 * Each level below is materialised (derived_merge off): merged, every use of a column would repeat the
 * expressions of the levels under it, and the statement would cost 100 µs a row.
 */
export async function seedTickets(q: QueryRunner, org: Org, now: Date, n: number, firstRequester: number, requesters: number): Promise<number> {
  const NOW = `TIMESTAMP'${sqlTime(now)}'`;
  const s = org.subjects;
  const agents = org.agents.flat();
  // two MD5s a ticket, cut into 16-bit draws (32 bits for the age in seconds)
  const h = (at: number, len = 4) => `(CONV(SUBSTR(h, ${at}, ${len}), 16, 10) / ${16 ** len})`;
  const g = (at: number) => `(CONV(SUBSTR(g, ${at}, 4), 16, 10) / 65536)`;
  const l0 = `SELECT seq AS id, MD5(CONCAT(seq, 'h')) AS h, MD5(CONCAT(seq, 'g')) AS g FROM seq_1_to_${n}`;
  const age = `FLOOR(${h(1, 8)} * ${YEAR})`;
  const si = pick(g(25), s.length);
  const l1 = `SELECT id, ${NOW} - INTERVAL ${age} SECOND AS createdAt,
      IF(${h(9)} < IF(${age} < ${3 * DAY}, 0.7, IF(${age} < ${30 * DAY}, 0.1, 0.005)),
        ${elt(pick(h(13), 4), ['new', 'open', 'answered', 'resolved'])}, IF(${h(13)} < 0.1, 'cancelled', 'closed')) AS s0,
      ${h(17)} AS rf, ${h(21)} AS rl, ${h(25)} AS ru, ${h(29)} AS rp, ${g(1)} AS ri, ${g(5)} AS ro, ${g(9)} AS rq, ${g(21)} AS rg,
      ${si} AS si, IF(${g(13)} < 0.9, FLOOR(${si} / 3) % ${org.teams.length}, ${pick(g(17), org.teams.length)}) AS ti, ${pick(g(29), TITLES.length)} AS hi
    FROM (${l0}) l0`;
  const l2 = `SELECT l1.*, IF(s0 = 'new' OR (s0 = 'cancelled' AND rf < 0.5), NULL, LEAST(${NOW}, createdAt + INTERVAL FLOOR(POW(MOD(rf * 2, 1), 3) * ${8 * 3600}) SECOND)) AS fr
    FROM (${l1}) l1`;
  const l3 = `SELECT l2.*, IF(s0 IN ('closed', 'cancelled'), LEAST(${NOW}, COALESCE(fr, createdAt) + INTERVAL FLOOR(rl * ${4 * DAY}) SECOND), NULL) AS closedAt
    FROM (${l2}) l2`;
  const state = `IF(s0 = 'closed' AND closedAt < ${NOW} - INTERVAL 30 DAY, 'finished', s0)`;
  const updatedAt = `CASE WHEN ${state} = 'finished' THEN closedAt + INTERVAL 30 DAY WHEN closedAt IS NOT NULL THEN closedAt
      WHEN fr IS NOT NULL THEN LEAST(${NOW}, fr + INTERVAL FLOOR(ru * ${DAY}) SECOND) ELSE createdAt END`;
  return insert(
    q,
    `INSERT INTO tickets (id, number, state, priority, tags, internal, requesterId, valueChainId, departmentId, subjectId, teamId,
      assigneeId, createdByStaffId, slaPolicyId, title, titleKey, reopenCount, createdAt, updatedAt, lastActivityAt, firstResponseAt, resolvedAt,
      closedAt, finishedAt, version)
    SELECT id, 1000 + id, ${state}, IF(rp < 0.05, 'urgent', IF(rp < 0.2, 'high', IF(rp < 0.95, 'normal', 'low'))), '[]', ri < 0.03,
      ${firstRequester} + IF(ri < 0.03, 20 * FLOOR(rq * ${Math.floor(requesters / 20)}) + 19, FLOOR(rq * ${requesters})),
      ${elt(
        'si',
        s.map((x) => x.valueChainId),
      )}, ${elt(
        'si',
        s.map((x) => x.departmentId),
      )}, ${elt(
        'si',
        s.map((x) => x.id),
      )}, ${elt('ti', org.teams)},
      IF(s0 = 'new', NULL, ${elt(`ti * 5 + ${pick('rg', 5)}`, agents)}), IF(ro < 0.02, ${elt(`ti * 5 + ${pick('ro * 50', 5)}`, agents)}, NULL), ${org.policyId},
      ${elt('hi', TITLES)}, ${elt('hi', TITLES.map(searchKey))}, IF(s0 = 'closed' AND ru < 0.04, 1, 0),
      createdAt, ${updatedAt}, ${updatedAt}, fr, IF(s0 = 'resolved', ${updatedAt}, NULL), closedAt, IF(${state} = 'finished', ${updatedAt}, NULL), 0
    FROM (${l3}) l3`,
  );
}

/**
 * The 'created' event and the 'state' events the reports read: new → answered at the first response,
 * a closing and the requester's reopening in between for reopened tickets, and the move to the current state.
 */
export async function seedEvents(q: QueryRunner): Promise<number> {
  const reopenAt = (part: number) => `t.firstResponseAt + INTERVAL FLOOR(TIMESTAMPDIFF(SECOND, t.firstResponseAt, t.closedAt) * ${part} / 3) SECOND`;
  return insert(
    q,
    `INSERT INTO ticket_events (ticketId, actorKind, actorId, kind, action, \`before\`, \`after\`, createdAt)
    SELECT t.id, CASE k.seq WHEN 1 THEN 'system' WHEN 4 THEN 'requester' ELSE 'staff' END,
      CASE k.seq WHEN 1 THEN NULL WHEN 4 THEN t.requesterId ELSE t.assigneeId END,
      IF(k.seq = 1, 'created', 'state'), IF(k.seq = 1, 'open', NULL),
      ELT(k.seq, NULL, '{"state":"new"}', '{"state":"answered"}', '{"state":"closed"}', IF(t.reopenCount > 0, '{"state":"open"}', '{"state":"answered"}')),
      ELT(k.seq, CONCAT('{"state":"new","priority":"', t.priority, '","teamId":', t.teamId, ',"subjectId":', t.subjectId, '}'),
        '{"state":"answered"}', '{"state":"closed"}', '{"state":"open"}', CONCAT('{"state":"', IF(t.state = 'finished', 'closed', t.state), '"}')),
      ELT(k.seq, t.createdAt, t.firstResponseAt, ${reopenAt(1)}, ${reopenAt(2)}, COALESCE(t.closedAt, t.updatedAt))
    FROM tickets t STRAIGHT_JOIN seq_1_to_5 k
    WHERE k.seq = 1 OR (k.seq = 2 AND t.firstResponseAt IS NOT NULL) OR (k.seq IN (3, 4) AND t.reopenCount > 0)
      OR (k.seq = 5 AND t.state NOT IN ('new', 'answered'))`,
  );
}

/** a first-response (60 min) and a resolution (2,400 min, paused while answered/resolved) target per ticket */
export async function seedTargets(q: QueryRunner, now: Date, policyId: number): Promise<number> {
  const NOW = `TIMESTAMP'${sqlTime(now)}'`;
  const frBreached = `IF(t.firstResponseAt IS NOT NULL, t.firstResponseAt > t.createdAt + INTERVAL 3 HOUR, t.closedAt IS NULL AND t.createdAt < ${NOW} - INTERVAL 1 DAY)`;
  const resBreached = `IF(t.closedAt IS NOT NULL, ${r('b', 't.id')} < 0.1, t.createdAt + INTERVAL 5 DAY < ${NOW})`;
  return insert(
    q,
    `INSERT INTO sla_targets (ticketId, kind, policyId, minutes, deadline, warnAt, reachedAt, breached, breachedAt, paused, pausedMinutes, cancelled, updatedAt)
    SELECT t.id, ELT(k.seq, 'first_response', 'resolution'), ${policyId}, ELT(k.seq, 60, 2400),
      t.createdAt + INTERVAL ELT(k.seq, 3600, ${5 * DAY}) SECOND, t.createdAt + INTERVAL ELT(k.seq, 2700, ${5 * DAY - 900}) SECOND,
      ELT(k.seq, t.firstResponseAt, t.closedAt), ELT(k.seq, ${frBreached}, ${resBreached}),
      IF(ELT(k.seq, ${frBreached}, ${resBreached}), t.createdAt + INTERVAL ELT(k.seq, 3600, ${5 * DAY}) SECOND, NULL),
      k.seq = 2 AND t.state IN ('answered', 'resolved'), 0, k.seq = 1 AND t.firstResponseAt IS NULL AND t.closedAt IS NOT NULL, ${NOW}
    FROM tickets t STRAIGHT_JOIN seq_1_to_2 k`,
  );
}

/** a rating (mostly good) on a third of the closed and finished tickets, a comment on a third of those */
export async function seedRatings(q: QueryRunner, now: Date): Promise<number> {
  return insert(
    q,
    `INSERT INTO ratings (ticketId, requesterId, assigneeId, teamId, score, comment, createdAt)
    SELECT id, requesterId, assigneeId, teamId, ${elt(pick(r('v', 'id'), 10), [5, 5, 5, 5, 4, 4, 4, 3, 2, 1])},
      IF(${r('w', 'id')} < 0.33, ${elt(pick(r('y', 'id'), COMMENTS.length), COMMENTS)}, NULL),
      LEAST(TIMESTAMP'${sqlTime(now)}', closedAt + INTERVAL FLOOR(${r('z', 'id')} * ${DAY}) SECOND)
    FROM tickets WHERE state IN ('closed', 'finished') AND ${r('r', 'id')} < 0.33`,
  );
}

/**
 * About `perTicket` messages a ticket on average (1 to 2 × perTicket − 1), spread over its life: the requester
 * and the assignee by turns (only the requester while nobody is assigned), one staff turn in 20 an internal note.
 */
export async function seedMessages(q: QueryRunner, now: Date, perTicket: number, firstRequester: number): Promise<number> {
  const NOW = `TIMESTAMP'${sqlTime(now)}'`;
  const K = Math.max(1, Math.round(2 * perTicket - 1));
  const inbound = `(k.seq % 2 = 1 OR t.assigneeId IS NULL)`;
  const note = `(NOT ${inbound} AND ${weyl('t.id * 32 + k.seq', 2246822519)} < 0.05)`;
  const ti = (n: number) => `(t.id * 7 + k.seq) % ${n}`;
  const text = `IF(${inbound}, ${elt(ti(IN_TEXTS.length), IN_TEXTS)}, IF(${note}, ${elt(ti(NOTES.length), NOTES)}, ${elt(ti(OUT_TEXTS.length), OUT_TEXTS)}))`;
  const textKey = `IF(${inbound}, ${elt(ti(IN_TEXTS.length), IN_TEXTS.map(searchKey))}, IF(${note}, ${elt(ti(NOTES.length), NOTES.map(searchKey))}, ${elt(ti(OUT_TEXTS.length), OUT_TEXTS.map(searchKey))}))`;
  const span = `GREATEST(60, TIMESTAMPDIFF(SECOND, t.createdAt, t.updatedAt))`;
  return insert(
    q,
    `INSERT INTO ticket_messages (ticketId, kind, direction, authorKind, requesterId, staffId, text, textKey, attachments, via,
      requesterChatId, requesterMessageId, previousTexts, createdAt)
    SELECT t.id, IF(${note}, 'note', 'message'), IF(${inbound}, 'in', 'out'), IF(${inbound}, 'requester', 'staff'),
      IF(${inbound}, t.requesterId, NULL), IF(${inbound}, NULL, t.assigneeId), ${text}, ${textKey}, '[]',
      IF(${inbound} OR t.id % 2 = 0, 'telegram', 'panel'), IF(${inbound}, 8000000000 + t.requesterId - ${firstRequester} + 1, NULL),
      IF(${inbound}, t.id * 256 + k.seq, NULL), '[]',
      LEAST(${NOW}, t.createdAt + INTERVAL FLOOR(${span} * (k.seq - 1) / (1 + ${pick(weyl('t.id', 2654435761), K)})) SECOND)
    FROM tickets t STRAIGHT_JOIN seq_1_to_${K} k ON k.seq <= 1 + ${pick(weyl('t.id', 2654435761), K)}`,
  );
}

/** the ticket whose page is timed: the assignee's most recent open ticket, given `extra` more messages */
export async function seedShowcase(
  q: QueryRunner,
  now: Date,
  agentId: number,
  firstRequester: number,
  extra: number,
): Promise<{ ticketId: number; messages: number }> {
  const rows = (await q.query(`SELECT id FROM tickets WHERE assigneeId = ? ORDER BY state = 'open' DESC, updatedAt DESC, id DESC LIMIT 1`, [agentId])) as {
    id: number;
  }[];
  const id = Number(rows[0]?.id ?? 1);
  await insert(
    q,
    `INSERT INTO ticket_messages (ticketId, kind, direction, authorKind, requesterId, staffId, text, textKey, attachments, via,
      requesterChatId, requesterMessageId, previousTexts, createdAt)
    SELECT t.id, 'message', IF(k.seq % 2, 'in', 'out'), IF(k.seq % 2, 'requester', 'staff'), IF(k.seq % 2, t.requesterId, NULL), IF(k.seq % 2, NULL, ${agentId}),
      IF(k.seq % 2, ${elt(`k.seq % ${IN_TEXTS.length}`, IN_TEXTS)}, ${elt(`k.seq % ${OUT_TEXTS.length}`, OUT_TEXTS)}),
      IF(k.seq % 2, ${elt(`k.seq % ${IN_TEXTS.length}`, IN_TEXTS.map(searchKey))}, ${elt(`k.seq % ${OUT_TEXTS.length}`, OUT_TEXTS.map(searchKey))}),
      '[]', 'telegram', IF(k.seq % 2, 8000000000 + t.requesterId - ${firstRequester} + 1, NULL), IF(k.seq % 2, t.id * 256 + 40 + k.seq, NULL), '[]',
      LEAST(TIMESTAMP'${sqlTime(now)}', t.updatedAt + INTERVAL k.seq * 5 MINUTE)
    FROM tickets t STRAIGHT_JOIN seq_1_to_${extra} k WHERE t.id = ${id}`,
  );
  const [{ n }] = (await q.query('SELECT COUNT(*) AS n FROM ticket_messages WHERE ticketId = ?', [id])) as { n: unknown }[];
  return { ticketId: id, messages: Number(n) };
}
