/**
 * One choice from a list inside a conversation: a prompt with the items as inline buttons (paginated in
 * place), Back and Cancel. Returns the chosen item, or 'back'. Cancel ends the conversation.
 *
 * callback_data (ASCII): `c:v:<key>` an item (its catalogue id), `c:p:<page>` a page, `c:b` Back, `c:x` Cancel, plus any
 * extra buttons the caller adds (`c:<anything>`), returned as { extra }.
 */
import type { ConvContext } from '../context.ts';
import { pagedKeyboard, type Choice } from '../keyboards/paginate.ts';
import type { Kit, Prompt } from './kit.ts';

export interface Item<T> {
  /** ASCII key in the callback data: a catalogue id or code */
  key: string;
  label: string;
  value: T;
}

export type Picked<T> = { item: Item<T>; ctx: ConvContext } | { back: true; ctx: ConvContext } | { extra: string; ctx: ConvContext };

export interface PickOptions {
  back?: boolean;
  cancel?: boolean;
  /** extra buttons under the list (data without the `c:` prefix) */
  extra?: { label: string; data: string }[];
  /** what a typed message gets as an answer (default: "please choose with the buttons") */
  onMessageKey?: string;
  /** false: an extra button is returned without settling the prompt (the caller settles it when done) */
  settleExtras?: boolean;
}

export async function pick<T>(kit: Kit, ctx: ConvContext, text: string, items: Item<T>[], opts: PickOptions = {}): Promise<Picked<T>> {
  const { t } = kit;
  const extraRows: Choice[][] = [];
  if (opts.extra?.length) extraRows.push(...opts.extra.map((e) => [{ label: e.label, data: `c:${e.data}` }]));
  const nav: Choice[] = [];
  if (opts.back) nav.push({ label: t('btn-back'), data: 'c:b' });
  if (opts.cancel !== false) nav.push({ label: t('btn-cancel'), data: 'c:x' });
  if (nav.length) extraRows.push(nav);
  const keyboard = (page: number) =>
    pagedKeyboard(
      items.map((it) => ({ label: it.label, data: `c:v:${it.key}` })),
      page,
      { pageData: (p) => `c:p:${p}`, extra: extraRows },
    );

  const prompt: Prompt = await kit.send(ctx, text, keyboard(0));
  for (;;) {
    const a = await kit.answer(prompt, (data) => {
      if (data.startsWith('v:')) return items.some((it) => it.key === data.slice(2));
      if (data.startsWith('p:')) return /^p:\d{1,4}$/.test(data);
      return data === 'b' || data === 'x' || !!opts.extra?.some((e) => e.data === data);
    });
    if (a.kind === 'message') {
      await kit.say(a.ctx, opts.onMessageKey ?? 'use-buttons');
      continue;
    }
    const sep = a.data.indexOf(':');
    const op = sep < 0 ? a.data : a.data.slice(0, sep);
    const arg = sep < 0 ? '' : a.data.slice(sep + 1);
    if (op === 'p') {
      // the message pressed: the prompt, or a copy of it the user had (kit.ts, lost)
      await a.ctx.api
        .editMessageReplyMarkup(a.ctx.chat!.id, a.ctx.callbackQuery?.message?.message_id ?? prompt.messageId, { reply_markup: keyboard(Number(arg) || 0) })
        .catch(() => undefined);
      continue;
    }
    if (op === 'v') {
      const item = items.find((it) => it.key === arg);
      if (!item) continue;
      await kit.settle(a.ctx, prompt, item.label);
      return { item, ctx: a.ctx };
    }
    if (op === 'b' && opts.back) {
      await kit.settle(a.ctx, prompt, t('btn-back'));
      return { back: true, ctx: a.ctx };
    }
    if (op === 'x') return kit.cancel(a.ctx, prompt);
    const extra = opts.extra?.find((e) => e.data === a.data);
    if (extra) {
      if (opts.settleExtras !== false) await kit.settle(a.ctx, prompt, extra.label);
      return { extra: extra.data, ctx: a.ctx };
    }
  }
}
