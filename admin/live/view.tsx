/**
 * The pieces of the live view that the ticket page carries (admin/views/ticket/page.tsx renders them):
 * - LivePresence: "also viewing: …", loaded on load and again on every presence event (htmx);
 *   its data-live-ticket tells /assets/live.js which ticket's event stream to open, data-live-version which
 *   version the page shows (a change between the page and the stream's start is sent at once).
 * - liveTimeline(id): attributes for the timeline list: on a change of the ticket it reloads itself from the
 *   ticket page (hx-select), and the side's facts card (state, priority, team, assignee, type, tags: hx-select-oob),
 *   so the composer and what is typed in it, and the side's forms, stay as they are.
 * - LiveStamp: hidden fields of the reply form — the ticket version and the last event the page showed; the
 *   reply route asks to confirm when the ticket moved since (admin/live/guard.tsx).
 */
import type { Timeline } from '../../core/services/tickets/read.ts';

export function LivePresence(props: { ticketId: number; version: number }) {
  return (
    <div
      id="live-presence"
      class="muted"
      data-live-ticket={String(props.ticketId)}
      data-live-version={String(props.version)}
      hx-get={`/live/tickets/${props.ticketId}/viewers`}
      hx-trigger="load, live-presence from:body"
      hx-swap="innerHTML"
      aria-live="polite"
    ></div>
  );
}

export const liveTimeline = (ticketId: number) => ({
  id: 'timeline',
  'hx-get': `/tickets/${ticketId}`,
  'hx-select': '#timeline > *',
  'hx-select-oob': '#ticket-facts',
  'hx-trigger': 'live-ticket from:body',
  // its content, not itself: a change announced during a reload queues another on this element, and htmx
  // drops a queued request of an element that was swapped out
  'hx-swap': 'innerHTML',
});

export const lastEventId = (tl: Pick<Timeline, 'events'>) => tl.events.reduce((m, e) => Math.max(m, e.id), 0);

export function LiveStamp(props: { tl: Pick<Timeline, 'ticket' | 'events'> }) {
  return (
    <>
      <input type="hidden" name="version" value={String(props.tl.ticket.version)} />
      <input type="hidden" name="seen" value={String(lastEventId(props.tl))} />
    </>
  );
}
