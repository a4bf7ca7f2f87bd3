/**
 * The ticket page's conversation (issue 19, item 1): the exchange as a chat — the requester's messages on
 * one side (li.in), the staff's answers on the other (li.out), internal notes in their own colour (li.note)
 * — with the files inline (admin/views/attachments.tsx); between them the ticket's events (state, assignment,
 * transfer, priority, tags, SLA milestones) as compact one-line entries, a run of them grouped in one
 * li.events that the page's toggle folds into a count (remembered in the browser: admin/views/ticket/ticket.js);
 * the requester's rating and comment at the time he gave them.
 * A long ticket renders only its latest PAGE_MESSAGES messages (and what happened between them); the
 * "older messages" entry loads the previous slice with htmx (GET /tickets/:id/older?before=<message id>) or,
 * without JS, the whole conversation (?all=1). The list's live reload asks for ?from=<the first message it
 * shows> (admin/views/ticket/ticket.js), so the older slices opened stay open.
 */
import type { Locale } from '../../../core/entities/enums.ts';
import type { SlaTarget } from '../../../core/entities/sla.ts';
import type { Rating, TicketEvent, TicketMessage } from '../../../core/entities/ticket.ts';
import type { Translate } from '../../../core/i18n/index.ts';
import type { Timeline } from '../../../core/services/tickets/read.ts';
import { toPersianDigits } from '../../../core/text/normalize.ts';
import { liveTimeline } from '../../live/view.tsx';
import { Attachments } from '../attachments.tsx';
import { eventLabel, type Names } from './events.ts';

export const PAGE_MESSAGES = 50;

export type ChatItem =
  | { type: 'message'; at: Date; message: TicketMessage }
  | { type: 'event'; at: Date; event: TicketEvent }
  | { type: 'rating'; at: Date; rating: Rating }
  | { type: 'sla'; at: Date; sla: SlaTarget; met: boolean };

/** messages, events (not those a message shows itself), ratings and SLA milestones in time order */
export function chatItems(tl: Timeline, slas: SlaTarget[]): ChatItem[] {
  const items: ChatItem[] = [];
  for (const e of tl.entries) {
    if (e.type === 'message') items.push(e);
    else if (e.event.kind !== 'reply' && e.event.kind !== 'note' && e.event.kind !== 'message') items.push(e);
  }
  for (const r of tl.ratings) items.push({ type: 'rating', at: r.createdAt, rating: r });
  for (const s of slas) {
    if (s.breachedAt) items.push({ type: 'sla', at: s.breachedAt, sla: s, met: false });
    else if (s.reachedAt) items.push({ type: 'sla', at: s.reachedAt, sla: s, met: true });
  }
  // stable: entries of one instant keep their order (a message before its events)
  return items
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.at.getTime() - b.x.at.getTime() || a.i - b.i)
    .map(({ x }) => x);
}

/**
 * the part of the items to show: from the PAGE_MESSAGES-th message before `before` (a message id; null = the
 * end) up to it — or, with `from` (a message id), from that message to the end whatever their number (the
 * page's live reload keeps the older slices the agent opened); `older` is the id of the first message shown
 * when older messages remain
 */
export function chatWindow(
  items: ChatItem[],
  before: number | null,
  opts: { all?: boolean; from?: number | null } = {},
): { items: ChatItem[]; older: number | null } {
  let end = items.length;
  if (before !== null) {
    end = items.findIndex((x) => x.type === 'message' && x.message.id === before);
    if (end < 0) return { items: [], older: null };
  }
  if (opts.all) return { items: items.slice(0, end), older: null };
  let start = opts.from ? items.findIndex((x) => x.type === 'message' && x.message.id === opts.from) : -1;
  if (start < 0) {
    start = end;
    let count = 0;
    while (start > 0 && count < PAGE_MESSAGES) {
      start--;
      if (items[start]!.type === 'message') count++;
    }
  }
  // what happened before the first message shown belongs to the older slice, unless nothing older is left
  const moreMessages = items.slice(0, start).some((x) => x.type === 'message');
  if (!moreMessages) start = 0;
  const first = items[start];
  return { items: items.slice(start, end), older: moreMessages && first?.type === 'message' ? first.message.id : null };
}

export interface ChatProps {
  t: Translate;
  locale: Locale;
  ticketId: number;
  names: Names;
  at: (d: Date) => string;
  /** the requester writes from Bale: his files are Bale's, which the panel's proxy (Telegram getFile) cannot fetch */
  requesterChannel: string | null;
}

const digits = (n: number, locale: Locale) => (locale === 'fa' ? toPersianDigits(n) : String(n));

function Bubble({ p, m }: { p: ChatProps; m: TicketMessage }) {
  const { t } = p;
  const side = m.kind === 'note' ? 'note' : m.direction;
  const who =
    m.kind === 'note'
      ? t('admin-note-by', { name: p.names.staff(m.staffId) })
      : m.direction === 'in'
        ? t('admin-from-requester')
        : m.authorKind === 'system'
          ? t('admin-from-system')
          : t('admin-from-staff', { name: p.names.staff(m.staffId) });
  const proxied = !(m.direction === 'in' && p.requesterChannel === 'bale');
  return (
    <li class={side} id={`m${m.id}`} data-kind={m.kind} data-message={String(m.id)}>
      <div class="bubble">
        <div class="meta muted">
          <bdi>{who}</bdi>
          {m.kind === 'note' ? <span class="note-mark"> · {t('chat-note-mark')}</span> : null}
        </div>
        {m.text ? (
          <div class="msg" dir="auto">
            {m.text}
          </div>
        ) : null}
        <Attachments t={t} ticketId={p.ticketId} messageId={m.id} list={m.attachments} locale={p.locale} proxied={proxied} />
        {m.undeliveredAt ? (
          <p class="badge failed undelivered" role="status">
            ⚠️ {t('dl-panel-undelivered')}
          </p>
        ) : null}
        <div class="stamp muted">
          {p.at(m.createdAt)}
          {m.editedAt ? ` · ${t('admin-edited')}` : ''}
          {m.via === 'panel'
            ? ` · ${t('admin-via-panel')}`
            : m.via === 'telegram' && m.direction === 'out' && m.authorKind === 'staff'
              ? ` · ${t('chat-via-telegram')}`
              : ''}
        </div>
      </div>
    </li>
  );
}

function EventLine({ p, ev }: { p: ChatProps; ev: TicketEvent }) {
  return (
    <li class="event" data-event={ev.kind}>
      <bdi>{eventLabel(p.t, p.names, ev.kind, ev.before, ev.after, ev.action)}</bdi>
      {ev.actorKind === 'staff' ? (
        <>
          {' '}
          · <bdi>{p.names.staff(ev.actorId)}</bdi>
        </>
      ) : null}
      {ev.note ? (
        <>
          {' '}
          · <bdi dir="auto">{ev.note}</bdi>
        </>
      ) : null}{' '}
      · <span class="muted">{p.at(ev.createdAt)}</span>
    </li>
  );
}

function SlaLine({ p, s, met }: { p: ChatProps; s: SlaTarget; met: boolean }) {
  return (
    <li class={`event sla-line ${met ? 'met' : 'failed'}`} data-event="sla">
      <bdi>
        {p.t('admin-sla')} · {p.t(`admin-sla-${s.kind}`)}: {p.t(met ? 'admin-sla-met' : 'admin-sla-failed')}
      </bdi>{' '}
      · <span class="muted">{p.at(met ? s.reachedAt! : s.breachedAt!)}</span>
    </li>
  );
}

function RatingLine({ p, r }: { p: ChatProps; r: Rating }) {
  const score = digits(r.score, p.locale);
  return (
    <li class="in rating-line" data-rating={String(r.score)}>
      <div class="bubble">
        <div class="meta muted">{p.t('chat-rating-by')}</div>
        <p>
          <span class="stars" aria-hidden="true">
            {'★'.repeat(r.score) + '☆'.repeat(Math.max(0, 5 - r.score))}
          </span>{' '}
          <span>{p.t('admin-rating-score', { score })}</span>
        </p>
        {r.comment ? (
          <div class="msg" dir="auto">
            {r.comment}
          </div>
        ) : null}
        <div class="stamp muted">{p.at(r.createdAt)}</div>
      </div>
    </li>
  );
}

/** the list items of a slice: events in a row grouped in one foldable li.events */
export function ChatItems({ p, items }: { p: ChatProps; items: ChatItem[] }) {
  const out: unknown[] = [];
  let run: ChatItem[] = [];
  const flush = () => {
    if (!run.length) return;
    const lines = run;
    run = [];
    out.push(
      <li class="events" data-count={String(lines.length)}>
        <span class="events-count muted">{p.t('chat-events-count', { count: lines.length, n: digits(lines.length, p.locale) })}</span>
        <ol>{lines.map((x) => (x.type === 'event' ? <EventLine p={p} ev={x.event} /> : x.type === 'sla' ? <SlaLine p={p} s={x.sla} met={x.met} /> : null))}</ol>
      </li>,
    );
  };
  for (const x of items) {
    if (x.type === 'event' || x.type === 'sla') {
      run.push(x);
      continue;
    }
    flush();
    out.push(x.type === 'message' ? <Bubble p={p} m={x.message} /> : <RatingLine p={p} r={x.rating} />);
  }
  flush();
  return <>{out}</>;
}

/** the entry that loads the slice before message `before` (hx-select unset: the list's live reload selects #timeline) */
export function OlderEntry({ p, before }: { p: ChatProps; before: number }) {
  const base = `/tickets/${p.ticketId}`;
  return (
    <li class="older">
      <a
        class="button secondary small"
        id="older-messages"
        href={`${base}?all=1#timeline`}
        hx-get={`${base}/older?before=${before}`}
        hx-target="closest li"
        hx-select="unset"
        hx-swap="outerHTML"
      >
        {p.t('chat-older')}
      </a>
    </li>
  );
}

export function Conversation({ p, items, all, from }: { p: ChatProps; items: ChatItem[]; all: boolean; from: number | null }) {
  const shown = chatWindow(items, null, { all, from });
  return (
    <div class="card chat" id="conversation">
      <div class="chat-head">
        <h2>{p.t('admin-timeline')}</h2>
        <button
          type="button"
          class="secondary small"
          id="events-toggle"
          aria-pressed="false"
          data-hide={p.t('chat-events-hide')}
          data-show={p.t('chat-events-show')}
        >
          {p.t('chat-events-hide')}
        </button>
      </div>
      <ol class="timeline chat-list" {...liveTimeline(p.ticketId)}>
        {shown.older !== null ? <OlderEntry p={p} before={shown.older} /> : null}
        <ChatItems p={p} items={shown.items} />
      </ol>
    </div>
  );
}
