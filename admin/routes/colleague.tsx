/**
 * A request to a colleague from the panel (issue 19, item 5): the bot's "همکار" request, with the same core
 * service (core/services/tickets/internal.ts openInternalTicket): a named recipient, a request type, a
 * priority, a title and the text. The ticket is internal, assigned to the recipient, followed by both.
 * GET  /colleague-request   the form
 * POST /colleague-request   opens the internal ticket and shows it; a refusal shows the form again with the
 *                           reason and everything typed.
 */
import { Hono, type Context } from 'hono';
import { PRIORITIES, type Priority } from '../../core/entities/enums.ts';
import { staffActor } from '../../core/services/actor.ts';
import { DomainError, ValidationError } from '../../core/services/errors.ts';
import { openInternalTicket, REQUEST_TYPES } from '../../core/services/tickets/index.ts';
import type { PanelDeps, PanelEnv } from '../env.ts';
import { errorText } from '../error-text.ts';
import { files, id as idField, readForm, str } from '../forms.ts';
import { pickerOptions } from '../options.ts';
import { saveUploads } from '../uploads.ts';
import { page } from '../views/layout.tsx';
import { outcomeOf } from '../views/ticket/page.tsx';

interface Draft {
  toStaffId?: number | null;
  type?: string;
  priority?: string;
  title?: string;
  text?: string;
}

export function colleagueRoutes(deps: PanelDeps): Hono<PanelEnv> {
  const app = new Hono<PanelEnv>();
  const { core } = deps;

  async function form(c: Context<PanelEnv>, d: Draft = {}, error?: { field?: string; text: string }, status: 200 | 400 = 200) {
    const t = c.get('t');
    const me = c.get('staff');
    const staff = (await pickerOptions(core)).staff.filter((s) => s.active && s.id !== me.id);
    return page(
      c,
      t('admin-colleague-title'),
      <div class="card colleague">
        <h2>{t('admin-colleague-title')}</h2>
        <p class="hint">{t('admin-colleague-hint')}</p>
        {error ? (
          <p class="error" role="alert">
            {error.text}
          </p>
        ) : null}
        <form method="post" action="/colleague-request" enctype="multipart/form-data" class="block">
          <input type="hidden" name="_csrf" value={c.get('csrf')} />
          <label for="cr-to">{t('admin-colleague-to')}</label>
          <select id="cr-to" name="toStaffId" required>
            <option value="">—</option>
            {staff.map((s) => (
              <option value={String(s.id)} selected={d.toStaffId === s.id}>
                {s.displayName}
              </option>
            ))}
          </select>
          <label for="cr-type">{t('admin-colleague-type')}</label>
          <select id="cr-type" name="type">
            {REQUEST_TYPES.map((r) => (
              <option value={r} selected={d.type === r}>
                {t(`request-type-${r}`)}
              </option>
            ))}
          </select>
          <label for="cr-priority">{t('admin-colleague-priority')}</label>
          <select id="cr-priority" name="priority">
            {PRIORITIES.map((p) => (
              <option value={p} selected={(d.priority ?? 'normal') === p}>
                {t(`admin-priority-${p}`)}
              </option>
            ))}
          </select>
          <label for="cr-title">{t('admin-colleague-subject')}</label>
          <input id="cr-title" name="title" dir="auto" maxlength={255} value={d.title ?? ''} />
          <label for="cr-text">{t('admin-colleague-text')}</label>
          <textarea id="cr-text" name="text" dir="auto" rows={6} maxlength={16000} required>
            {d.text ?? ''}
          </textarea>
          <label for="cr-file">{t('admin-attach')}</label>
          <input type="file" id="cr-file" name="file" multiple />
          <button type="submit">{t('admin-colleague-send')}</button>
        </form>
      </div>,
      status,
    );
  }

  app.get('/colleague-request', (c) => form(c));

  app.post('/colleague-request', async (c) => {
    const f = await readForm(c);
    const d: Draft = { toStaffId: idField(f, 'toStaffId'), type: str(f, 'type'), priority: str(f, 'priority'), title: str(f, 'title'), text: str(f, 'text') };
    try {
      if (d.toStaffId == null) throw new ValidationError({ toStaffId: 'required' });
      if (!(REQUEST_TYPES as readonly string[]).includes(d.type ?? '')) throw new ValidationError({ type: 'invalid' });
      if (!(PRIORITIES as readonly string[]).includes(d.priority ?? '')) throw new ValidationError({ priority: 'invalid' });
      if (!d.text?.trim()) throw new ValidationError({ text: 'required' });
      const attachments = await saveUploads(deps, files(f, 'file'), core.clock.now());
      const res = await openInternalTicket(core, staffActor(c.get('staff')), {
        toStaffId: d.toStaffId,
        type: d.type,
        priority: d.priority as Priority,
        title: d.title || null,
        text: d.text,
        attachments,
      });
      return c.redirect(`/tickets/${res.ticket.id}?ok=1`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const o = outcomeOf(err);
      return form(c, d, { field: o.field, text: errorText(c.get('t'), o.code) }, 400);
    }
  });
  return app;
}
