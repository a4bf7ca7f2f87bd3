/**
 * Staff groups: binding (/bind CODE), agents' messages relayed to the requester through the core services,
 * /note, the ticket commands and the card's buttons; /link CODE in a private chat links an agent's Telegram.
 * Only linked, active agents act; anyone else's messages are never relayed. The ticket of a message is
 * found from stored ids only: the forum topic, or the card / a relayed message it replies to.
 * The panel's powers in the group (/transfer, /tags, /type, /r, /merge) are commands.ts; canned replies
 * through inline mode are inline.ts.
 *
 * Collisions (issue 19, item 3): an agent's reply in the topic to a ticket a colleague answered less than a
 * minute before still goes to the requester (stopping it would lose what he wrote, and Telegram has no
 * "are you sure" before a message is sent), and the topic then gets a short warning, as a reply to his
 * message, naming the colleague — so he can follow up or correct at once instead of finding out later.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { Priority } from '../../core/entities/enums.ts';
import { PRIORITIES } from '../../core/entities/enums.ts';
import type { StaffAccount } from '../../core/entities/people.ts';
import type { Ticket } from '../../core/entities/ticket.ts';
import { activeAgentByTelegramId, bindingOf, ticketInStaffChat, ticketOfGroupMessage } from '../../core/read/staff-chat.ts';
import { STAFF_CALLBACK } from '../../core/notify/staff.ts';
import type { Actor } from '../../core/services/actor.ts';
import { followMigration } from '../../core/services/chat-migration.ts';
import { bindChat, linkTelegram } from '../../core/services/codes.ts';
import { DomainError, ValidationError } from '../../core/services/errors.ts';
import { getStaff } from '../../core/services/staff.ts';
import { setStaffChatStatus } from '../../core/services/teams.ts';
import { addNote, agentReply, assignToMe, close, reopenOrStepBack, resolve, setPriority, ticketTimeline } from '../../core/services/tickets/index.ts';
import { colleagueAnswerSince } from '../../core/read/staff-tools.ts';
import { t } from '../../core/i18n/index.ts';
import { ticketRef } from '../../core/text/index.ts';
import type { BotContext } from '../context.ts';
import { attachmentsOf } from '../features/shared/content.ts';
import { EXTRA_COMMANDS, registerTransferButtons, runExtraCommand, type ExtraCommand } from './commands.ts';
import { inlineFeature } from './inline.ts';

export const staffFeature = new Composer<BotContext>();
staffFeature.use(inlineFeature);
const groups = staffFeature.chatType(['group', 'supergroup']);

/** a colleague's answer this recent makes an agent's reply in the topic draw a warning */
export const COLLISION_WINDOW_MS = 60_000;

/** /link CODE in a private chat: this Telegram account becomes an agent's */
staffFeature.chatType('private').command('link', async (ctx) => {
  const code = ctx.match.trim();
  try {
    const staff = await linkTelegram(ctx.deps.core, code, ctx.from.id);
    await ctx.reply(t(staff.locale, 'st-linked', { name: staff.displayName }));
  } catch (err) {
    if (err instanceof DomainError) await ctx.reply(ctx.t('st-link-bad-code'));
    else throw err;
  }
});

groups.on('message:migrate_to_chat_id', async (ctx) => {
  await followMigration(ctx.deps.core, ctx.chat.id, ctx.message.migrate_to_chat_id);
});

groups.on('my_chat_member', async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  const next = status === 'left' || status === 'kicked' ? 'bot_removed' : status === 'administrator' ? 'active' : 'not_admin';
  await setStaffChatStatus(ctx.deps.core, ctx.chat.id, next, ctx.chat.title);
});

groups.command('bind', async (ctx) => {
  const me = await ctx.getChatMember(ctx.me.id);
  if (me.status !== 'administrator' && me.status !== 'creator') return void (await ctx.reply(ctx.t('st-bind-not-admin')));
  try {
    const chat = await bindChat(ctx.deps.core, ctx.match.trim(), {
      chatId: ctx.chat.id,
      title: ctx.chat.title ?? '',
      isForum: !!(ctx.chat as { is_forum?: boolean }).is_forum,
    });
    const binding = await bindingOf(ctx.deps.core.ds, chat, ctx.locale);
    await ctx.reply(ctx.t('st-bound', { target: binding.target, layout: chat.layout }) + (binding.panelOnly ? `\n\n${ctx.t('st-bound-panel-only')}` : ''));
  } catch (err) {
    if (err instanceof ValidationError && (err as ValidationError & { fields?: Record<string, string> }).fields?.layout === 'not_forum')
      await ctx.reply(ctx.t('st-bind-not-forum'));
    else if (err instanceof DomainError) await ctx.reply(ctx.t('st-bind-bad-code'));
    else throw err;
  }
});

/** the linked, active agent who wrote, or null (then nothing is relayed) */
async function agentOf(ctx: BotContext): Promise<StaffAccount | null> {
  if (!ctx.from) return null;
  return activeAgentByTelegramId(ctx.deps.core.ds, ctx.from.id);
}

/** the ticket a group message belongs to, from stored ids only */
function ticketOf(ctx: BotContext, msg: Message): Promise<Ticket | null> {
  const replied = msg.reply_to_message;
  return ticketOfGroupMessage(ctx.deps.core.ds, {
    chatId: msg.chat.id,
    topicThreadId: (msg.is_topic_message && msg.message_thread_id) || null,
    repliedMessageId: replied && !(replied.message_id === msg.message_thread_id && msg.is_topic_message) ? replied.message_id : null,
  });
}

async function act(ctx: BotContext, fn: () => Promise<unknown>, ok?: string): Promise<void> {
  try {
    await fn();
    if (ok) await ctx.reply(ok, { reply_parameters: ctx.msg ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined });
  } catch (err) {
    if (err instanceof DomainError) {
      const text = ctx.t('st-not-allowed', { reason: err.message });
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      else await ctx.reply(text);
    } else throw err;
  }
}

const COMMANDS = ['note', 'take', 'resolve', 'close', 'reopen', 'status', 'priority', 'history', ...EXTRA_COMMANDS] as const;

groups.on('message', async (ctx, next) => {
  const msg = ctx.message;
  if (msg.from.is_bot || msg.migrate_to_chat_id || msg.migrate_from_chat_id) return next();
  const agent = await agentOf(ctx);
  if (!agent) return next(); // not an agent: never relayed
  const text = msg.text ?? msg.caption ?? '';
  const command = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
  const name = command?.[1] as (typeof COMMANDS)[number] | undefined;
  if (command && !COMMANDS.includes(name!)) return next();
  const ticket = await ticketOf(ctx, msg);
  if (!ticket) {
    if (command || msg.reply_to_message || msg.is_topic_message) await ctx.reply(ctx.t('st-no-ticket'));
    return;
  }
  const core = ctx.deps.core;
  const actor: Actor = { kind: 'staff', staff: agent };
  const arg = command?.[2]?.trim() ?? '';
  switch (name) {
    case undefined: {
      const since = new Date(core.clock.now().getTime() - COLLISION_WINDOW_MS);
      const colleague = await colleagueAnswerSince(core.ds, ticket.id, agent.id, since);
      await act(ctx, () => agentReply(core, actor, ticket.id, { text: text || null, attachments: attachmentsOf(msg), via: 'telegram' }));
      if (colleague) {
        const seconds = Math.max(1, Math.round((core.clock.now().getTime() - colleague.at.getTime()) / 1000));
        await ctx.reply(ctx.t('st-collision', { name: colleague.name, seconds }), {
          reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
        });
      }
      return;
    }
    case 'note':
      return act(
        ctx,
        () => addNote(core, actor, ticket.id, { text: arg || msg.reply_to_message?.text || null, attachments: attachmentsOf(msg), via: 'telegram' }),
        ctx.t('st-note-saved'),
      );
    case 'take':
      return act(ctx, () => assignToMe(core, actor, ticket.id), ctx.t('st-done'));
    case 'resolve':
      return act(ctx, () => resolve(core, actor, ticket.id, arg || null), ctx.t('st-done'));
    case 'close':
      return act(ctx, () => close(core, actor, ticket.id, arg || null), ctx.t('st-done'));
    case 'reopen':
      // closed/cancelled → reopened; resolved/answered → a step back (recorded; the core picks the move)
      return act(ctx, () => reopenOrStepBack(core, actor, ticket.id, arg || null), ctx.t('st-done'));
    case 'priority':
      if (!PRIORITIES.includes(arg as Priority)) return void (await ctx.reply(ctx.t('st-choose-priority'), { reply_markup: priorityKeyboard(ticket.id) }));
      return act(ctx, () => setPriority(core, actor, ticket.id, arg as Priority), ctx.t('st-done'));
    case 'status': {
      const assignee = ticket.assigneeId ? (await getStaff(core.ds, ticket.assigneeId))?.displayName : null;
      await ctx.reply(
        ctx.t('st-status', {
          ref: ticketRef(ticket.number, ctx.locale),
          state: ctx.t(`st-state-${ticket.state}`),
          assignee: assignee ?? ctx.t('st-unassigned'),
          priority: ctx.t(`st-priority-${ticket.priority}`),
        }),
      );
      return;
    }
    case 'transfer':
    case 'tags':
    case 'type':
    case 'r':
    case 'merge':
      return runExtraCommand(ctx, act, name as ExtraCommand, ticket, actor as Actor & { kind: 'staff' }, arg);
    case 'history':
      return act(ctx, async () => {
        const tl = await ticketTimeline(core, actor, ticket.id);
        const lines = tl.messages
          .slice(-8)
          .map(
            (m) =>
              `${m.kind === 'note' ? '📝' : m.direction === 'in' ? '💬' : '↩️'} ${(m.text ?? `[${m.attachments.map((a) => a.kind).join(', ')}]`).slice(0, 300)}`,
          );
        await ctx.reply(lines.join('\n') || ctx.t('st-history-empty'));
      });
  }
});

function priorityKeyboard(ticketId: number) {
  return { inline_keyboard: [PRIORITIES.map((p) => ({ text: t('fa', `st-priority-${p}`), callback_data: `st:prs:${ticketId}:${p}` }))] };
}

groups.callbackQuery(STAFF_CALLBACK, async (ctx) => {
  const [, action, id, value] = ctx.match as RegExpMatchArray;
  const agent = await agentOf(ctx);
  if (!agent) return void (await ctx.answerCallbackQuery({ text: ctx.t('st-not-linked'), show_alert: true }));
  const ticket = await ticketInStaffChat(ctx.deps.core.ds, Number(id), ctx.chat!.id);
  if (!ticket) return void (await ctx.answerCallbackQuery({ text: ctx.t('st-no-ticket'), show_alert: true }));
  const core = ctx.deps.core;
  const actor: Actor = { kind: 'staff', staff: agent };
  if (action === 'pri') {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('st-choose-priority'), { reply_markup: priorityKeyboard(ticket.id) });
    return;
  }
  const run = {
    take: () => assignToMe(core, actor, ticket.id),
    res: () => resolve(core, actor, ticket.id, null),
    cls: () => close(core, actor, ticket.id, null),
    prs: () => setPriority(core, actor, ticket.id, value as Priority),
  }[action as 'take' | 'res' | 'cls' | 'prs'];
  try {
    await run();
    await ctx.answerCallbackQuery({ text: ctx.t('st-done') });
  } catch (err) {
    if (err instanceof DomainError) await ctx.answerCallbackQuery({ text: ctx.t('st-not-allowed', { reason: err.message }), show_alert: true });
    else throw err;
  }
});

registerTransferButtons(
  groups,
  async (ctx, ticketId) => {
    const agent = await agentOf(ctx);
    if (!agent) return (void (await ctx.answerCallbackQuery({ text: ctx.t('st-not-linked'), show_alert: true })), null);
    const ticket = await ticketInStaffChat(ctx.deps.core.ds, ticketId, ctx.chat!.id);
    if (!ticket) return (void (await ctx.answerCallbackQuery({ text: ctx.t('st-no-ticket'), show_alert: true })), null);
    return { ticket, actor: { kind: 'staff', staff: agent } };
  },
  async (ctx, err) => {
    if (err instanceof DomainError) await ctx.answerCallbackQuery({ text: ctx.t('st-not-allowed', { reason: err.message }), show_alert: true });
    else throw err;
  },
);
