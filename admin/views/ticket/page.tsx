/**
 * The ticket page's view (admin/routes/ticket.tsx loads the data and runs the actions): the title, who else
 * is viewing (live), the conversation (conversation.tsx) with the sticky composer under it (composer.tsx),
 * and the side column (sidebar.tsx: facts, SLA, rating, followers, requester; actions.tsx: the action forms).
 * User text is escaped by hono/jsx and marked dir="auto".
 */
import type { Context } from 'hono';
import type { CoreContext } from '../../../core/context.ts';
import type { Translate } from '../../../core/i18n/index.ts';
import type { TicketPage } from '../../../core/read/ticket-page.ts';
import { DomainError, ValidationError } from '../../../core/services/errors.ts';
import { ticketRef } from '../../../core/text/index.ts';
import type { PanelEnv } from '../../env.ts';
import { LivePresence } from '../../live/view.tsx';
import { errorText } from '../form.tsx';
import { when } from '../format.ts';
import { ActionsCard } from './actions.tsx';
import { Composer } from './composer.tsx';
import { chatItems, Conversation, type ChatProps } from './conversation.tsx';
import { SideCards } from './sidebar.tsx';

/** labels of the fields ticket services name in their validation errors */
const FIELD_LABELS: Record<string, string> = {
  text: 'admin-reply',
  reason: 'admin-close-reason',
  staffId: 'admin-col-assignee',
  teamId: 'admin-col-team',
  departmentId: 'admin-filter-department',
  tags: 'admin-tags',
  type: 'admin-type',
  file: 'admin-attach',
  priority: 'admin-col-priority',
};

export interface Outcome {
  /** an error to show: a domain error code, or field: code */
  error?: { code: string; field?: string } | null;
  ok?: boolean;
  /** what was typed in the reply / note box, kept after an error */
  draft?: { reply?: string; note?: string };
}

/** everything the page shows: core's read model of the ticket page */
export type Loaded = TicketPage;

function ErrorBox({ t, error }: { t: Translate; error: Outcome['error'] }) {
  if (!error) return null;
  const text = error.field
    ? `${FIELD_LABELS[error.field] ? t(FIELD_LABELS[error.field]!) : error.field}: ${errorText(t, error.code)}`
    : errorText(t, error.code);
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}

/** the error of a refused action: the first field of a ValidationError, or the domain code */
export function outcomeOf(err: DomainError): NonNullable<Outcome['error']> {
  if (err instanceof ValidationError) {
    const [field, code] = Object.entries(err.fields)[0] ?? ['_', 'invalid'];
    return { field: field === '_' ? undefined : field, code: /^[a-z_]+$/.test(code) ? code : 'invalid' };
  }
  return { code: err.code };
}

/** what the conversation needs to render any slice of it (the page, or the older slices: GET /tickets/:id/older) */
export function chatProps(c: Context<PanelEnv>, core: CoreContext, d: TicketPage): ChatProps {
  const locale = c.get('locale');
  return {
    t: c.get('t'),
    locale,
    ticketId: d.tl.ticket.id,
    at: (x) => when(x, locale, core.timeZone),
    names: {
      staff: (sid) => (sid ? (d.staff.get(sid)?.displayName ?? `#${sid}`) : ''),
      team: (tid) => (typeof tid === 'number' ? (d.teams.find((x) => x.id === tid)?.name ?? `#${tid}`) : ''),
    },
    requesterChannel: d.requester?.channel ?? null,
  };
}

export function TicketView(props: {
  c: Context<PanelEnv>;
  core: CoreContext;
  d: Loaded;
  o: Outcome;
  cannedId?: number | null;
  all?: boolean;
  /** the conversation from this message on (the live reload keeps the older slices opened) */
  from?: number | null;
  maxBytes: number;
}) {
  const { c, core, d, o, cannedId } = props;
  const t = c.get('t');
  const locale = c.get('locale');
  const tk = d.tl.ticket;
  const canned = cannedId ? d.canned.find((x) => x.id === cannedId) : undefined;
  const noteDraft = !!o.draft?.note && !o.draft.reply;
  const text = noteDraft ? o.draft!.note! : [o.draft?.reply ?? '', canned?.body ?? ''].filter(Boolean).join('\n');

  return (
    <div id="ticket">
      <p>
        <a href="/tickets">{t('admin-back-inbox')}</a>
      </p>
      <h1>
        <span>{ticketRef(tk.number, locale)}</span> · <bdi dir="auto">{tk.title}</bdi>
        {tk.internal ? <span class="badge">{t('admin-internal')}</span> : null}
      </h1>
      <LivePresence ticketId={tk.id} version={tk.version} />
      <ErrorBox t={t} error={o.error} />
      {o.ok ? (
        <p class="ok" role="status">
          {t('admin-done')}
        </p>
      ) : null}
      <div class="grid">
        <section class="chat-column">
          <Conversation p={chatProps(c, core, d)} items={chatItems(d.tl, d.slas)} all={!!props.all} from={props.from ?? null} />
          <Composer
            t={t}
            ticketId={tk.id}
            csrf={c.get('csrf')}
            tl={d.tl}
            mayReply={d.may.agent_reply}
            mayNote={d.may.note}
            hasCanned={d.canned.length > 0}
            text={text}
            mode={noteDraft ? 'note' : 'reply'}
            maxBytes={props.maxBytes}
          />
        </section>
        <aside>
          <SideCards c={c} core={core} d={d} />
          <ActionsCard c={c} d={d} />
        </aside>
      </div>
    </div>
  );
}
