/**
 * Merging a duplicate into a ticket from the panel (issue 19, item 6); the rules are core/services/tickets/merge.ts.
 * GET  /tickets/:id/merge   the form: the number of the duplicate to fold into this ticket
 * POST /tickets/:id/merge   merges it (the core checks visibility, permission, the same requester and the
 *                           transition table), then back to the ticket; a refusal shows the form again with
 *                           the reason and the number typed.
 * The ticket page links here with one button (admin/views/ticket/page.tsx).
 */
import { Hono, type Context } from 'hono';
import { staffActor } from '../../core/services/actor.ts';
import { DomainError, NotFoundError, ValidationError } from '../../core/services/errors.ts';
import { getTicket, mergeTickets, ticketIdOfNumber } from '../../core/services/tickets/index.ts';
import { parseTicketNumber, ticketRef } from '../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { errorText } from '../error-text.ts';
import { paramId, readForm, str } from '../forms.ts';
import { page } from '../views/layout.tsx';
import { outcomeOf } from '../views/ticket/page.tsx';

export function ticketMergeRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  const notFound = (c: Context<PanelEnv>) =>
    page(
      c,
      c.get('t')('admin-not-found'),
      <div class="card">
        <p>{c.get('t')('admin-not-found')}</p>
      </div>,
      404,
    );

  async function form(c: Context<PanelEnv>, id: number, o: { error?: string; number?: string } = {}, status: 200 | 400 = 200) {
    const t = c.get('t');
    const locale = c.get('locale');
    const ticket = await getTicket(core, staffActor(c.get('staff')), id);
    const ref = ticketRef(ticket.number, locale);
    return page(
      c,
      t('admin-merge-title', { ref }),
      <div class="card merge">
        <h2>{t('admin-merge-title', { ref })}</h2>
        <p dir="auto">{ticket.title}</p>
        <p class="hint">{t('admin-merge-hint', { ref })}</p>
        {o.error ? (
          <p class="error" role="alert">
            {o.error}
          </p>
        ) : null}
        <form method="post" action={`/tickets/${id}/merge`} class="block">
          <input type="hidden" name="_csrf" value={c.get('csrf')} />
          <label for="merge-number">{t('admin-merge-number')}</label>
          <input id="merge-number" name="number" inputmode="numeric" required value={o.number ?? ''} />
          <button type="submit">{t('admin-merge-submit')}</button>
          <a href={`/tickets/${id}`}>{t('admin-merge-cancel')}</a>
        </form>
      </div>,
      status,
    );
  }

  app.get('/tickets/:id/merge', async (c) => {
    const id = paramId(c);
    if (id === null) return notFound(c);
    try {
      return await form(c, id);
    } catch (err) {
      if (err instanceof NotFoundError) return notFound(c);
      throw err;
    }
  });

  app.post('/tickets/:id/merge', async (c) => {
    const id = paramId(c);
    if (id === null) return notFound(c);
    const f = await readForm(c);
    const typed = str(f, 'number').trim();
    const t = c.get('t');
    try {
      await getTicket(core, staffActor(c.get('staff')), id);
    } catch (err) {
      if (err instanceof NotFoundError) return notFound(c);
      throw err;
    }
    try {
      const number = parseTicketNumber(typed);
      if (number === null) throw new ValidationError({ number: 'merge_number' });
      await mergeTickets(core, staffActor(c.get('staff')), id, await ticketIdOfNumber(core, number));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // a number that is no ticket, or one this staff member may not see: the same answer (no existence leak)
      const code = err instanceof NotFoundError ? 'merge_unknown' : outcomeOf(err).code;
      c.get('log')?.info({ ticketId: id, code }, 'panel merge refused');
      return form(c, id, { error: errorText(t, code), number: typed }, 400);
    }
    return c.redirect(`/tickets/${id}?ok=1`, 303);
  });
  return app;
}
