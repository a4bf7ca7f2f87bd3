/**
 * The inbox's writes (the page: admin/routes/inbox.tsx):
 * POST /tickets/bulk                  one action (assign_me, assign + staffId, priority + priority, close + reason,
 *                                     add_tags / remove_tags + tags) on the ticked tickets (id, repeated) through
 *                                     core bulkTicketAction — each ticket by the single action's service, with its
 *                                     checks and event. With htmx the answer is the result message (and
 *                                     HX-Trigger: live-inbox, so the list and the counts reload); without, the
 *                                     inbox of the `back` query again with the message.
 * POST /tickets/saved-filters         saves the filters (query) under a name; back to them (?saved=1, or ?fe=<code>)
 * POST /tickets/saved-filters/delete  deletes one of his saved filters (id); back to `back`
 */
import { Hono, type Context } from 'hono';
import { PRIORITIES, type Priority } from '../../core/entities/enums.ts';
import { staffActor } from '../../core/services/actor.ts';
import { DomainError, ValidationError } from '../../core/services/errors.ts';
import { deleteSavedFilter, saveFilter } from '../../core/services/saved-filters.ts';
import { bulkTicketAction, MAX_BULK, type BulkAction } from '../../core/services/tickets/bulk.ts';
import { toAsciiDigits } from '../../core/text/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { readForm, str, strs, type Form } from '../forms.ts';
import { BulkOutcome } from '../views/inbox.tsx';
import type { InboxNotice } from './inbox.tsx';

type Render = (c: Context<PanelEnv>, q: Record<string, string | undefined>, notice?: InboxNotice) => Promise<Response>;

const idOf = (s: string) => (/^\d{1,9}$/.test(toAsciiDigits(s).trim()) ? Number(toAsciiDigits(s).trim()) : null);
const tagsOf = (f: Form) =>
  str(f, 'tags')
    .split(/[,،]/)
    .map((x) => x.trim())
    .filter(Boolean);
/** a query string the inbox took (only its own keys survive parseFilters; length-bounded here) */
const backOf = (f: Form, key = 'back') => str(f, key).slice(0, 1000);

/** the action the form asks for, or the i18n key of what is missing */
function actionOf(f: Form): BulkAction | string {
  switch (str(f, 'action')) {
    case 'assign_me':
      return { kind: 'assign_me' };
    case 'assign': {
      const staffId = idOf(str(f, 'staffId'));
      return staffId === null ? 'inbox-refused-staffId' : { kind: 'assign', staffId };
    }
    case 'priority': {
      const p = str(f, 'priority');
      return (PRIORITIES as readonly string[]).includes(p) ? { kind: 'priority', priority: p as Priority } : 'inbox-refused-priority';
    }
    case 'close': {
      const reason = str(f, 'reason').trim();
      return reason ? { kind: 'close', reason } : 'inbox-refused-reason';
    }
    case 'add_tags':
    case 'remove_tags': {
      const tags = tagsOf(f);
      return tags.length ? { kind: str(f, 'action') as 'add_tags' | 'remove_tags', tags } : 'inbox-bulk-tags';
    }
    default:
      return 'admin-err-validation';
  }
}

export function inboxActionRoutes(deps: PanelDeps, render: Render): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  app.post('/tickets/bulk', async (c) => {
    const t = c.get('t');
    const f = await readForm(c);
    const htmx = !!c.req.header('hx-request');
    const back = Object.fromEntries(new URLSearchParams(backOf(f)));
    const refuse = (key: string) =>
      htmx
        ? c.html(
            <p class="error" role="alert">
              {t(key)}
            </p>,
          )
        : render(c, back, { bulkError: t(key) });
    const ids = strs(f, 'id')
      .map(idOf)
      .filter((x): x is number => x !== null);
    if (!ids.length) return refuse('inbox-bulk-none');
    if (ids.length > MAX_BULK) return refuse('admin-err-validation');
    const action = actionOf(f);
    if (typeof action === 'string') return refuse(action);
    let result;
    try {
      result = await bulkTicketAction(core, staffActor(c.get('staff')), ids, action);
    } catch (err) {
      if (err instanceof ValidationError) return refuse('admin-err-validation');
      throw err;
    }
    if (result.refused.length) c.get('log')?.info({ action: action.kind, refused: result.refused }, 'panel bulk action: some tickets refused');
    if (!htmx) return render(c, back, { bulk: result });
    c.header('HX-Trigger', 'live-inbox');
    return c.html(<BulkOutcome t={t} locale={c.get('locale')} r={result} />);
  });

  app.post('/tickets/saved-filters', async (c) => {
    const f = await readForm(c);
    const query = backOf(f, 'query');
    try {
      const saved = await saveFilter(core, c.get('staff').id, str(f, 'name'), query);
      return c.redirect(`/tickets?${saved.query}${saved.query ? '&' : ''}saved=1`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const code = Object.values(err.fields)[0] ?? 'invalid';
      const q = new URLSearchParams(query);
      q.set('fe', /^[a-z_]{1,30}$/.test(code) ? code : 'invalid');
      return c.redirect(`/tickets?${q.toString()}`, 303);
    }
  });

  app.post('/tickets/saved-filters/delete', async (c) => {
    const f = await readForm(c);
    const id = idOf(str(f, 'id'));
    if (id !== null) {
      try {
        await deleteSavedFilter(core, c.get('staff').id, id);
      } catch (err) {
        // another's or gone already: nothing to delete, and nothing told about another's
        if (!(err instanceof DomainError && err.code === 'not_found')) throw err;
      }
    }
    return c.redirect(`/tickets?${new URLSearchParams(backOf(f)).toString()}`, 303);
  });

  return app;
}
