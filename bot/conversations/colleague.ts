/**
 * A request to a named colleague (staff-type members only, DOMAIN.md "همکار" mode), persisted like the
 * intake: recipient (paginated; typing part of a name filters the list) → request type → priority →
 * description (text, or media with a caption) → an internal ticket addressed to that colleague.
 */
import { InlineKeyboard } from 'grammy';
import { PRIORITIES, type Attachment, type Locale, type Priority } from '../../core/entities/enums.ts';
import type { BotDeps, ConvContext } from '../context.ts';
import * as core from '../features/shared/core.ts';
import { formatNumber } from '../features/shared/format.ts';
import { escapeHtml, excerpt } from '../features/shared/html.ts';
import { mainMenu } from '../keyboards/menu.ts';
import { pagedKeyboard } from '../keyboards/paginate.ts';
import { DESCRIPTION_MIN } from './intake.ts';
import { Kit, wordlessKey, type Conv } from './kit.ts';
import { pick } from './pick.ts';

export const COLLEAGUE = 'colleague';

import { REQUEST_TYPES, type RequestType } from '../../core/services/tickets/internal.ts';
export { REQUEST_TYPES, type RequestType };

export interface ColleagueArgs {
  locale: Locale;
  requesterId: number;
}

export function colleagueConversation(deps: BotDeps) {
  return async function colleague(conversation: Conv, ctx: ConvContext, args: ColleagueArgs): Promise<void> {
    const kit = new Kit(conversation, args.locale, COLLEAGUE);
    const { t } = kit;
    const L = args.locale;
    let c = ctx;

    // recipient
    const all = await conversation.external(() => core.listColleagues(deps));
    let recipient: { id: number; name: string } | undefined;
    let filter = '';
    const shown = () => (filter ? all.filter((s) => s.name.toLowerCase().includes(filter.toLowerCase())) : all);
    const kb = (page: number) =>
      pagedKeyboard(
        shown().map((s) => ({ label: s.name, data: `c:v:${s.id}` })),
        page,
        { pageData: (p) => `c:p:${p}`, extra: [[{ label: t('btn-cancel'), data: 'c:x' }]] },
      );
    let prompt = await kit.send(c, t('colleague-ask-recipient'), kb(0));
    while (!recipient) {
      const a = await kit.answer(prompt);
      c = a.ctx;
      if (a.kind === 'message') {
        if (!a.msg.text) {
          await kit.say(c, wordlessKey(a.msg));
          continue;
        }
        filter = a.msg.text.trim();
        if (!shown().length) {
          await kit.say(c, 'colleague-none-found', { query: escapeHtml(filter) });
          filter = '';
        }
        prompt = await kit.send(c, t('colleague-ask-recipient'), kb(0));
        continue;
      }
      const [op, arg] = a.data.split(':');
      if (op === 'x') return kit.cancel(c, prompt, mainMenu(L, { staff: true }));
      if (op === 'p') {
        await c.api.editMessageReplyMarkup(c.chat!.id, prompt.messageId, { reply_markup: kb(Number(arg) || 0) }).catch(() => undefined);
        continue;
      }
      if (op === 'v') {
        recipient = all.find((s) => s.id === Number(arg));
        if (recipient) await kit.settle(c, prompt, recipient.name);
      }
    }

    // request type and priority
    const rt = await pick(
      kit,
      c,
      t('colleague-ask-type'),
      REQUEST_TYPES.map((r) => ({ key: r, label: t(`request-type-${r}`), value: r })),
    );
    c = rt.ctx;
    if (!('item' in rt)) return;
    const pr = await pick(
      kit,
      c,
      t('intake-ask-priority'),
      PRIORITIES.map((p) => ({ key: p, label: t(`priority-${p}`), value: p as Priority })),
    );
    c = pr.ctx;
    if (!('item' in pr)) return;

    // description
    const attachments: Attachment[] = [];
    const dprompt = await kit.send(
      c,
      t('colleague-ask-description', { name: escapeHtml(recipient.name), min: DESCRIPTION_MIN }),
      new InlineKeyboard().text(t('btn-cancel'), 'c:x'),
    );
    for (;;) {
      const a = await kit.answer(dprompt);
      c = a.ctx;
      if (a.kind === 'button') {
        if (a.data === 'x') return kit.cancel(c, dprompt, mainMenu(L, { staff: true }));
        continue;
      }
      const text = await kit.wordsOf(a, attachments);
      if (text === null) continue;
      if (text.trim().length < DESCRIPTION_MIN) {
        await kit.say(c, 'intake-description-too-short', { min: DESCRIPTION_MIN });
        continue;
      }
      const res = await conversation.external(() =>
        core.openColleagueRequest(deps, {
          requesterId: args.requesterId,
          staffId: recipient!.id,
          type: rt.item.value,
          priority: pr.item.value,
          description: text,
          chatId: c.chat!.id,
          messageId: a.msg.message_id,
          attachments,
        }),
      );
      if (!res.ok) {
        await kit.say(c, res.reason === 'content' ? 'content-rule-description' : 'colleague-failed');
        if (res.reason === 'content') continue;
        return;
      }
      const done = await c.reply(t('colleague-created', { number: formatNumber(L, res.number), name: escapeHtml(recipient.name), text: excerpt(text, 200) }), {
        parse_mode: 'HTML',
        reply_markup: mainMenu(L, { staff: true }),
      });
      await conversation.external(() => core.linkMessage(deps, { chatId: c.chat!.id, messageId: done.message_id, ticketId: res.ticketId }));
      return;
    }
  };
}
