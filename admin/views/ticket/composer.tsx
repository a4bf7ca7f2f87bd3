/**
 * The ticket page's composer (issue 19, item 1): one box sticky at the bottom of the conversation, with a
 * reply / internal note toggle (the radio chooses which send button shows — CSS only — and the colour of the
 * box), files by the file input or dropped on the box, canned replies searched by title or text when the text
 * starts with `/` (or with the button / Alt+/), and Ctrl+Enter to send. The behaviour is the panel's own
 * script (admin/views/ticket/ticket.js); without it the form still works: two submit buttons (reply, note)
 * and the canned replies as links that reload the page with the reply inserted (?canned=<id>).
 * The reply goes to POST /tickets/:id/reply, so the collision guard (admin/live/guard.tsx) sees it with the
 * page's version (LiveStamp); a note goes to /note. Files are checked by size on the server (admin/uploads.ts)
 * and, before sending, by the script against the same limit (data-max-bytes).
 */
import type { Translate } from '../../../core/i18n/index.ts';
import type { Timeline } from '../../../core/services/tickets/read.ts';
import { LiveStamp } from '../../live/view.tsx';

export interface ComposerProps {
  t: Translate;
  ticketId: number;
  csrf: string;
  tl: Pick<Timeline, 'ticket' | 'events'>;
  mayReply: boolean;
  mayNote: boolean;
  hasCanned: boolean;
  /** the text to start with (a draft kept after an error, a canned reply inserted without JS) */
  text: string;
  mode: 'reply' | 'note';
  maxBytes: number;
}

export function Composer(p: ComposerProps) {
  const { t } = p;
  if (!p.mayReply && !p.mayNote) return null;
  const base = `/tickets/${p.ticketId}`;
  const mode = p.mayReply ? p.mode : 'note';
  return (
    <div
      class="card composer"
      id="reply-box"
      data-ticket={String(p.ticketId)}
      data-max-bytes={String(p.maxBytes)}
      data-too-large={t('admin-err-too_large')}
      data-canned-url={p.hasCanned && p.mayReply ? `${base}/canned/search` : undefined}
      data-typing-url={`/live/tickets/${p.ticketId}/typing`}
    >
      <div
        id="live-activity"
        hx-get={`/live/tickets/${p.ticketId}/activity`}
        hx-trigger="load, live-typing from:body, live-ticket from:body"
        hx-swap="innerHTML"
        aria-live="polite"
      ></div>
      <form
        method="post"
        action={`${base}/${mode === 'note' ? 'note' : 'reply'}`}
        enctype="multipart/form-data"
        hx-post={`${base}/${mode === 'note' ? 'note' : 'reply'}`}
        hx-target="#ticket"
        hx-swap="outerHTML"
        hx-encoding="multipart/form-data"
        id="composer-form"
      >
        <input type="hidden" name="_csrf" value={p.csrf} />
        <LiveStamp tl={p.tl} />
        {p.mayReply && p.mayNote ? (
          <fieldset class="composer-modes">
            <legend class="sr">{t('chat-mode')}</legend>
            <label>
              <input type="radio" name="mode" value="reply" id="mode-reply" checked={mode === 'reply'} /> {t('admin-reply')}
            </label>
            <label>
              <input type="radio" name="mode" value="note" id="mode-note" checked={mode === 'note'} /> {t('admin-note')}
            </label>
          </fieldset>
        ) : (
          <input type="radio" name="mode" value={mode} id={`mode-${mode}`} checked hidden />
        )}
        <label for="reply-text" class="sr">
          {t(mode === 'note' ? 'admin-note' : 'admin-reply')}
        </label>
        <textarea
          id="reply-text"
          name="text"
          dir="auto"
          maxlength={16000}
          rows={3}
          placeholder={t(p.hasCanned && p.mayReply ? 'chat-placeholder-canned' : 'chat-placeholder')}
        >
          {p.text}
        </textarea>
        {p.hasCanned && p.mayReply ? (
          <div id="canned-picker" class="canned-picker" hidden>
            <input
              type="search"
              id="canned-q"
              autocomplete="off"
              dir="auto"
              placeholder={t('chat-canned-search')}
              aria-label={t('chat-canned-search')}
              aria-controls="canned-list"
            />
            <ul id="canned-list" role="listbox" aria-label={t('admin-canned-insert')}></ul>
          </div>
        ) : null}
        <div class="composer-bar">
          <label class="attach button secondary small" for="reply-file">
            {t('admin-attach')}
          </label>
          <input type="file" id="reply-file" name="file" multiple />
          <span id="composer-files" class="muted" aria-live="polite"></span>
          {p.hasCanned && p.mayReply ? (
            <a class="button secondary small" id="canned-open" href={`${base}/canned-list`} aria-keyshortcuts="Alt+/">
              {t('admin-canned-insert')}
            </a>
          ) : null}
          <span class="grow"></span>
          <span class="hint composer-keys">{t('chat-send-keys')}</span>
          {p.mayReply ? (
            <button type="submit" class="send-reply" id="send-reply" formaction={`${base}/reply`} hx-post={`${base}/reply`}>
              {t('admin-reply-send')}
            </button>
          ) : null}
          {p.mayNote ? (
            <button type="submit" class="send-note" id="send-note" formaction={`${base}/note`} hx-post={`${base}/note`}>
              {t('admin-note-add')}
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
