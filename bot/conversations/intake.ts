/**
 * The new-ticket intake, a conversation persisted in the database (a restart resumes at the same step):
 * value chain → department → subject (paginated, Back and Cancel everywhere) → the subject's FAQ
 * ("this answered my question" / "I still need help") → priority → title → description (text, or media
 * with a caption) → attachments (several, then Done) → summary (confirm or edit) → the ticket number and
 * the expected answer time. The content rule may ask for a rewrite; the open-ticket limit is checked
 * again at confirmation. Database reads and writes, and the clock, run inside `conversation.external()`.
 */
import type { Message } from 'grammy/types';
import { InlineKeyboard } from 'grammy';
import { PRIORITIES, type Attachment, type Locale, type Priority } from '../../core/entities/enums.ts';
import type { BotDeps, ConvContext } from '../context.ts';
import { mainMenu } from '../keyboards/menu.ts';
import { contentOf } from '../features/shared/content.ts';
import * as core from '../features/shared/core.ts';
import { escapeHtml, excerpt } from '../features/shared/html.ts';
import { formatDeadline, formatNumber } from '../features/shared/format.ts';
import { faqText } from '../features/faq.ts';
import { alsoAnswers, Kit, wordlessKey, type Conv } from './kit.ts';
import { pick } from './pick.ts';

export const INTAKE = 'intake';

export interface IntakeArgs {
  locale: Locale;
  requesterId: number;
  staff: boolean;
  /** what the user wrote before the intake started (kept from before registration, or a follow-up) */
  prefill?: { text: string | null; attachments: Attachment[]; messageId: number };
  /** a new ticket about a finished one links it */
  linkedTicketId?: number;
}

interface Draft {
  valueChainId?: number;
  valueChain?: string;
  departmentId?: number;
  department?: string;
  subjectId?: number;
  subject?: string;
  priority?: Priority;
  title?: string;
  description?: string;
  /** the user's message that carried the description (stored on the ticket, replies route to it) */
  descriptionMessageId?: number;
  attachments: Attachment[];
}

type Step = 'chain' | 'dept' | 'subject' | 'faq' | 'priority' | 'title' | 'description' | 'attachments' | 'summary';

export const TITLE_MAX = 120;
export const TITLE_MIN = 3;
export const DESCRIPTION_MIN = 10;

export function intakeConversation(deps: BotDeps) {
  return async function intake(conversation: Conv, ctx: ConvContext, args: IntakeArgs): Promise<void> {
    const kit = new Kit(conversation, args.locale, INTAKE);
    const { t } = kit;
    const L = args.locale;
    const draft: Draft = { attachments: [] };
    if (args.prefill) {
      draft.description = args.prefill.text ?? undefined;
      draft.descriptionMessageId = args.prefill.messageId;
      draft.attachments.push(...args.prefill.attachments);
    }
    let step: Step = 'chain';
    /** editing one field from the summary: return to the summary after it */
    let editing = false;
    /** changing the subject from the summary: return to the summary after the FAQ */
    let pathEdit = false;
    let c: ConvContext = ctx;

    const go = (next: Step) => {
      step = editing ? 'summary' : next;
      editing = false;
    };

    if (args.prefill?.text) await kit.say(c, 'intake-prefill-kept', { text: excerpt(args.prefill.text, 300) });

    for (;;) {
      switch (step) {
        case 'chain': {
          const chains = await conversation.external(() => core.listValueChains(deps, L));
          const r = await pick(
            kit,
            c,
            t('intake-ask-chain'),
            chains.map((x) => ({ key: String(x.id), label: x.name, value: x })),
          );
          c = r.ctx;
          if ('item' in r) {
            draft.valueChainId = r.item.value.id;
            draft.valueChain = r.item.value.name;
            step = 'dept';
          }
          break;
        }
        case 'dept': {
          const depts = await conversation.external(() => core.listDepartments(deps, draft.valueChainId!, L));
          const r = await pick(
            kit,
            c,
            t('intake-ask-department', { chain: escapeHtml(draft.valueChain) }),
            depts.map((x) => ({ key: String(x.id), label: x.name, value: x })),
            { back: true },
          );
          c = r.ctx;
          if ('back' in r) step = 'chain';
          else if ('item' in r) {
            draft.departmentId = r.item.value.id;
            draft.department = r.item.value.name;
            step = 'subject';
          }
          break;
        }
        case 'subject': {
          const subjects = await conversation.external(() => core.listSubjects(deps, draft.departmentId!, L));
          const r = await pick(
            kit,
            c,
            t('intake-ask-subject', { department: escapeHtml(draft.department) }),
            subjects.map((x) => ({ key: String(x.id), label: x.name, value: x })),
            { back: true },
          );
          c = r.ctx;
          if ('back' in r) step = 'dept';
          else if ('item' in r) {
            draft.subjectId = r.item.value.id;
            draft.subject = r.item.value.name;
            draft.priority ??= r.item.value.defaultPriority;
            step = 'faq';
          }
          break;
        }
        case 'faq': {
          const faq = await conversation.external(() => core.listFaq(deps, draft.subjectId!, L));
          const after: Step = pathEdit ? 'summary' : 'priority';
          if (!faq.length) {
            step = after;
            pathEdit = false;
            break;
          }
          const body = faqText(faq);
          const r = await pick(kit, c, t('intake-faq', { subject: escapeHtml(draft.subject), faq: body }), [], {
            back: true,
            extra: [
              { label: t('btn-faq-answered'), data: 'fa' },
              { label: t('btn-faq-more'), data: 'fm' },
            ],
          });
          c = r.ctx;
          if ('back' in r) step = 'subject';
          else if ('extra' in r && r.extra === 'fa') {
            await c.reply(t('intake-faq-thanks'), { parse_mode: 'HTML', reply_markup: mainMenu(L, { staff: args.staff }) });
            return;
          } else {
            step = after;
            pathEdit = false;
          }
          break;
        }
        case 'priority': {
          const items = PRIORITIES.map((p) => ({ key: p, label: `${p === draft.priority ? '● ' : ''}${t(`priority-${p}`)}`, value: p }));
          const r = await pick(kit, c, t('intake-ask-priority'), items, { back: !editing });
          c = r.ctx;
          if ('back' in r) step = 'subject';
          else if ('item' in r) {
            draft.priority = r.item.value;
            go('title');
          }
          break;
        }
        case 'title': {
          const r = await askText(kit, c, t('intake-ask-title', { max: TITLE_MAX }), { back: !editing });
          c = r.ctx;
          if (r.back) {
            step = 'priority';
            break;
          }
          const title = (r.msg?.text ?? '').trim().replace(/\s+/g, ' ');
          if (title.length > TITLE_MAX) await kit.say(c, 'intake-title-too-long', { max: TITLE_MAX, length: title.length });
          else if (title.length < TITLE_MIN) await kit.say(c, 'intake-title-too-short');
          else {
            draft.title = title;
            // a description kept from before the intake is used as it is (it can be edited in the summary)
            go(draft.description ? 'attachments' : 'description');
          }
          break;
        }
        case 'description': {
          const r = await askDescription(kit, c, draft, { back: !editing });
          c = r.ctx;
          if (r.back) step = 'title';
          else go('attachments');
          break;
        }
        case 'attachments': {
          c = await collectAttachments(kit, c, draft);
          step = 'summary';
          break;
        }
        case 'summary': {
          const text = summaryText(kit, draft);
          const extra = [
            { label: t('btn-confirm'), data: 'ok' },
            { label: t('btn-edit-priority'), data: 'ep' },
            { label: t('btn-edit-title'), data: 'et' },
            { label: t('btn-edit-description'), data: 'ed' },
            { label: t('btn-edit-attachments'), data: 'ea' },
            { label: t('btn-edit-subject'), data: 'es' },
          ];
          const r = await pick(kit, c, text, [], { extra, settleExtras: false });
          c = r.ctx;
          if (!('extra' in r)) break;
          // a confirmed summary keeps its buttons until the user has the ticket's number: if the process dies
          // in between, Confirm is still there to press again (the same ticket comes back, not a second one)
          const summary = { messageId: c.callbackQuery!.message!.message_id, text, also: [] };
          const settle = () => kit.settle(c, summary, extra.find((e) => e.data === r.extra)!.label);
          if (r.extra !== 'ok') await settle();
          if (r.extra === 'ep') {
            step = 'priority';
            editing = true;
          } else if (r.extra === 'et') {
            step = 'title';
            editing = true;
          } else if (r.extra === 'ed') {
            step = 'description';
            editing = true;
            draft.description = undefined;
          } else if (r.extra === 'ea') step = 'attachments';
          else if (r.extra === 'es') {
            step = 'chain';
            pathEdit = true;
          } else if (r.extra === 'ok') {
            const res = await conversation.external(() =>
              core.openTicketFromIntake(deps, {
                requesterId: args.requesterId,
                chatId: c.chat!.id,
                valueChainId: draft.valueChainId!,
                departmentId: draft.departmentId!,
                subjectId: draft.subjectId!,
                priority: draft.priority!,
                title: draft.title!,
                description: draft.description!,
                descriptionMessageId: draft.descriptionMessageId ?? null,
                attachments: draft.attachments,
                linkedTicketId: args.linkedTicketId ?? null,
              }),
            );
            if (res.kind !== 'ok') await settle();
            if (res.kind === 'content') {
              await kit.say(c, `content-rule-${res.field}`);
              step = res.field === 'title' ? 'title' : 'description';
              if (step === 'description') draft.description = undefined;
              editing = true;
              break;
            }
            if (res.kind === 'refused') {
              await c.reply(t('intake-failed'), { parse_mode: 'HTML', reply_markup: mainMenu(L, { staff: args.staff }) });
              return;
            }
            if (res.kind === 'limit') {
              await c.reply(t('limit-open-tickets', { max: formatNumber(L, res.max) }), {
                parse_mode: 'HTML',
                reply_markup: mainMenu(L, { staff: args.staff }),
              });
              return;
            }
            const number = formatNumber(L, res.number);
            const expected = res.expectedAt
              ? t('intake-expected', { at: formatDeadline(L, new Date(res.expectedAt), deps.core.timeZone) })
              : t('intake-expected-unknown');
            const done = await c.reply(t('intake-created', { number, subject: escapeHtml(draft.subject), expected }), {
              parse_mode: 'HTML',
              reply_markup: mainMenu(L, { staff: args.staff }),
            });
            await conversation.external(() => core.linkMessage(deps, { chatId: c.chat!.id, messageId: done.message_id, ticketId: res.ticketId }));
            await settle();
            return;
          }
          break;
        }
      }
    }
  };
}

function summaryText(kit: Kit, d: Draft): string {
  return kit.t('intake-summary', {
    chain: escapeHtml(d.valueChain),
    department: escapeHtml(d.department),
    subject: escapeHtml(d.subject),
    priority: kit.t(`priority-${d.priority ?? 'normal'}`),
    title: escapeHtml(d.title),
    description: excerpt(d.description, 1500),
    attachments: formatNumber(kit.locale, d.attachments.length),
  });
}

/** a text answer (no sticker, voice or photo), with Back and Cancel under the prompt */
export async function askText(
  kit: Kit,
  ctx: ConvContext,
  text: string,
  opts: { back?: boolean; skip?: string } = {},
): Promise<{ back: true; ctx: ConvContext; msg?: undefined } | { back: false; ctx: ConvContext; msg: Message | null }> {
  const kb = new InlineKeyboard();
  if (opts.skip) kb.text(opts.skip, 'c:s').row();
  if (opts.back) kb.text(kit.t('btn-back'), 'c:b');
  kb.text(kit.t('btn-cancel'), 'c:x');
  const prompt = await kit.send(ctx, text, kb);
  for (;;) {
    const a = await kit.answer(prompt);
    if (a.kind === 'button') {
      if (a.data === 'x') return kit.cancel(a.ctx, prompt);
      if (a.data === 'b' && opts.back) return { back: true, ctx: a.ctx };
      if (a.data === 's' && opts.skip) {
        await kit.settle(a.ctx, prompt, opts.skip);
        return { back: false, ctx: a.ctx, msg: null };
      }
      continue;
    }
    if (a.msg.text) return { back: false, ctx: a.ctx, msg: a.msg };
    await kit.say(a.ctx, wordlessKey(a.msg));
  }
}

/** the description: text, or a photo/document/… with a caption; media without a caption is kept and a text asked for */
async function askDescription(kit: Kit, ctx: ConvContext, draft: Draft, opts: { back: boolean }): Promise<{ back: boolean; ctx: ConvContext }> {
  const kb = new InlineKeyboard();
  if (opts.back) kb.text(kit.t('btn-back'), 'c:b');
  kb.text(kit.t('btn-cancel'), 'c:x');
  const prompt = await kit.send(ctx, kit.t('intake-ask-description', { min: DESCRIPTION_MIN }), kb);
  for (;;) {
    const a = await kit.answer(prompt);
    if (a.kind === 'button') {
      if (a.data === 'x') return kit.cancel(a.ctx, prompt);
      if (a.data === 'b' && opts.back) return { back: true, ctx: a.ctx };
      continue;
    }
    const text = await kit.wordsOf(a, draft.attachments);
    if (text === null) continue;
    if (text.trim().length < DESCRIPTION_MIN) {
      await kit.say(a.ctx, 'intake-description-too-short', { min: DESCRIPTION_MIN });
      continue;
    }
    draft.description = text;
    draft.descriptionMessageId = a.msg.message_id;
    if (text.length > 4096) await kit.say(a.ctx, 'intake-long-text-kept', { length: text.length });
    return { back: false, ctx: a.ctx };
  }
}

/** photos, documents, voice, video …: as many as the user likes, then Done */
async function collectAttachments(kit: Kit, ctx: ConvContext, draft: Draft): Promise<ConvContext> {
  const kb = new InlineKeyboard().text(kit.t('btn-done'), 'c:d').row().text(kit.t('btn-cancel'), 'c:x');
  const prompt = await kit.send(ctx, kit.t('intake-ask-attachments', { count: formatNumber(kit.locale, draft.attachments.length) }), kb);
  for (;;) {
    const a = await kit.answer(prompt);
    if (a.kind === 'button') {
      if (a.data === 'x') return kit.cancel(a.ctx, prompt);
      if (a.data === 'd') {
        await kit.settle(a.ctx, prompt, kit.t('btn-done'));
        return a.ctx;
      }
      continue;
    }
    const content = contentOf(a.msg);
    if (content.attachments.length) {
      draft.attachments.push(...content.attachments);
      if (content.text) draft.description = `${draft.description ?? ''}\n\n${content.text}`.trim();
      await a.ctx
        .reply(kit.t('intake-attachment-received', { count: formatNumber(kit.locale, draft.attachments.length) }), {
          parse_mode: 'HTML',
          reply_markup: new InlineKeyboard().text(kit.t('btn-done'), 'c:d'),
          reply_parameters: { message_id: a.msg.message_id, allow_sending_without_reply: true },
        })
        .then((m) => alsoAnswers(prompt, m));
      continue;
    }
    if (content.text) {
      draft.description = `${draft.description ?? ''}\n\n${content.text}`.trim();
      await kit.say(a.ctx, 'intake-text-added');
      continue;
    }
    await kit.say(a.ctx, 'intake-attachments-hint');
  }
}
