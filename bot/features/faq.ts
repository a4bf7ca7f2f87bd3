/**
 * Help and the FAQ, browsable without opening a ticket: value chain → department → subject → its
 * questions and answers, in one message edited in place, with a button to open a ticket.
 *
 * callback_data: `fq:r:<page>` value chains · `fq:v:<valueChainId>:<page>` departments ·
 * `fq:d:<departmentId>:<page>` subjects · `fq:s:<subjectId>` the answers
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';
import { pagedKeyboard } from '../keyboards/paginate.ts';
import { departmentOf, listDepartments, listFaq, listSubjects, listValueChains, subjectOf } from './shared/core.ts';
import { escapeHtml, excerpt } from './shared/html.ts';

export async function showHelp(ctx: BotContext): Promise<void> {
  const kb = new InlineKeyboard().text(ctx.t('btn-browse-faq'), 'fq:r:0').row().text(ctx.t('btn-new-ticket'), 'nt:0:0');
  await ctx.reply(ctx.t('help-text'), { parse_mode: 'HTML', reply_markup: kb });
}

export const faqFeature = new Composer<BotContext>();
const pm = faqFeature.chatType('private');

async function show(ctx: BotContext, text: string, kb: InlineKeyboard) {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: kb }).catch(async (err: Error) => {
    if (!/not modified/.test(err.message)) await ctx.reply(text, { parse_mode: 'HTML', reply_markup: kb });
  });
}

const stale = (ctx: BotContext) => ctx.answerCallbackQuery({ text: ctx.t('stale-action'), show_alert: true });

pm.callbackQuery(/^fq:r:(\d+)$/, async (ctx) => {
  const chains = await listValueChains(ctx.deps, ctx.locale);
  const kb = pagedKeyboard(
    chains.map((c) => ({ label: c.name, data: `fq:v:${c.id}:0` })),
    Number(ctx.match[1]),
    { pageData: (p) => `fq:r:${p}` },
  );
  await show(ctx, ctx.t('faq-choose-chain'), kb);
});

pm.callbackQuery(/^fq:v:(\d+):(\d+)$/, async (ctx) => {
  const depts = await listDepartments(ctx.deps, Number(ctx.match[1]), ctx.locale);
  if (!depts.length) return void (await stale(ctx));
  const kb = pagedKeyboard(
    depts.map((d) => ({ label: d.name, data: `fq:d:${d.id}:0` })),
    Number(ctx.match[2]),
    {
      pageData: (p) => `fq:v:${ctx.match[1]}:${p}`,
      extra: [[{ label: ctx.t('btn-back'), data: 'fq:r:0' }]],
    },
  );
  await show(ctx, ctx.t('faq-choose-department'), kb);
});

pm.callbackQuery(/^fq:d:(\d+):(\d+)$/, async (ctx) => {
  const dept = await departmentOf(ctx.deps, Number(ctx.match[1]));
  const subjects = dept ? await listSubjects(ctx.deps, dept.id, ctx.locale) : [];
  if (!dept || !subjects.length) return void (await stale(ctx));
  const kb = pagedKeyboard(
    subjects.map((s) => ({ label: s.name, data: `fq:s:${s.id}` })),
    Number(ctx.match[2]),
    {
      pageData: (p) => `fq:d:${dept.id}:${p}`,
      extra: [[{ label: ctx.t('btn-back'), data: `fq:v:${dept.valueChainId}:0` }]],
    },
  );
  await show(ctx, ctx.t('faq-choose-subject'), kb);
});

pm.callbackQuery(/^fq:s:(\d+)$/, async (ctx) => {
  const subject = await subjectOf(ctx.deps, Number(ctx.match[1]), ctx.locale);
  if (!subject) return void (await stale(ctx));
  const faq = await listFaq(ctx.deps, subject.id, ctx.locale);
  const body = faq.length ? faqText(faq) : ctx.t('faq-none');
  const text = `<b>${escapeHtml(subject.name)}</b>\n\n${body}`;
  const kb = new InlineKeyboard().text(ctx.t('btn-new-ticket'), 'nt:0:0').row().text(ctx.t('btn-back'), `fq:d:${subject.departmentId}:0`);
  await show(ctx, text, kb);
});

/** at most five entries, each shortened, so the message stays well under Telegram's 4096 characters */
export function faqText(faq: { question: string; answer: string }[]): string {
  return faq
    .slice(0, 5)
    .map((f) => `❓ <b>${excerpt(f.question, 200)}</b>\n${excerpt(f.answer, 500)}`)
    .join('\n\n');
}
