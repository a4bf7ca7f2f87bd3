/**
 * The staff group's commands that make it equal to the panel (issue 19, item 5), each a thin adapter over core:
 * - `/transfer @username|team name|department name note…` — to an agent, a team or a department, with a note
 *   for the next agent; without arguments, buttons with the teams and departments (the note then is none);
 * - `/tags` shows the tags, `/tags +urgent -old` adds and removes, `/tags a b` (no signs) replaces them;
 * - `/type` shows the type, `/type word…` sets it, `/type -` clears it (the ticket's free-text type, DOMAIN.md 003);
 * - `/r shortcut` sends that canned reply as the agent's answer (inline mode is inline.ts);
 * - `/merge <number>` merges that ticket (a duplicate of the same requester) into this topic's ticket.
 */
import type { Composer } from 'grammy';
import { choiceToTransfer, parseTransfer, transferChoices, type TransferChoice } from '../../core/read/staff-tools.ts';
import type { Ticket } from '../../core/entities/ticket.ts';
import type { Actor } from '../../core/services/actor.ts';
import { findCanned, normalizeShortcut } from '../../core/services/canned.ts';
import { NotFoundError } from '../../core/services/errors.ts';
import { agentReply, mergeTickets, setTags, setType, ticketIdOfNumber, transfer } from '../../core/services/tickets/index.ts';
import { parseTicketNumber, ticketRef } from '../../core/text/index.ts';
import type { BotContext } from '../context.ts';

export const EXTRA_COMMANDS = ['transfer', 'tags', 'type', 'r', 'merge'] as const;
export type ExtraCommand = (typeof EXTRA_COMMANDS)[number];

/** `stx:tr:<ticketId>:<t|d><id>` — a transfer target chosen with a button */
export const TRANSFER_CALLBACK = /^stx:tr:(\d+):([td])(\d+)$/;

type Act = (ctx: BotContext, fn: () => Promise<unknown>, ok?: string) => Promise<void>;

/** the new tag list from `+a -b` (edits) or `a b` (a replacement) */
export function editTags(current: string[], arg: string): string[] {
  const words = arg.split(/[\s,،]+/).filter(Boolean);
  if (!words.some((w) => w.startsWith('+') || w.startsWith('-'))) return words;
  let tags = [...current];
  for (const w of words) {
    const tag = w.replace(/^[+-]/, '');
    if (!tag) continue;
    if (w.startsWith('-')) tags = tags.filter((t) => t !== tag);
    else if (!tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

function transferKeyboard(ticketId: number, choices: TransferChoice[]) {
  const rows = choices
    .slice(0, 24)
    .map((c) => [{ text: `${c.kind === 'team' ? '👥' : '🏢'} ${c.label}`, callback_data: `stx:tr:${ticketId}:${c.kind === 'team' ? 't' : 'd'}${c.id}` }]);
  return { inline_keyboard: rows };
}

export async function runExtraCommand(
  ctx: BotContext,
  act: Act,
  name: ExtraCommand,
  ticket: Ticket,
  actor: Actor & { kind: 'staff' },
  arg: string,
): Promise<void> {
  const core = ctx.deps.core;
  switch (name) {
    case 'transfer': {
      if (!arg) {
        const choices = await transferChoices(core.ds, ctx.locale === 'en' ? 'en' : 'fa');
        await ctx.reply(ctx.t('st-transfer-choose'), { reply_markup: transferKeyboard(ticket.id, choices) });
        return;
      }
      const parsed = await parseTransfer(core.ds, arg);
      if (!parsed) return void (await ctx.reply(ctx.t('st-transfer-unknown')));
      return act(
        ctx,
        () => transfer(core, actor, ticket.id, { ...choiceToTransfer(parsed.target), note: parsed.note || null }),
        ctx.t('st-transferred-to', { target: parsed.target.label }),
      );
    }
    case 'tags': {
      if (!arg)
        return void (await ctx.reply(ticket.tags.length ? ctx.t('st-tags', { tags: ticket.tags.map((t) => `#${t}`).join(' ') }) : ctx.t('st-tags-none')));
      let after: string[] = [];
      return act(ctx, async () => {
        after = (await setTags(core, actor, ticket.id, editTags(ticket.tags, arg))).tags;
        await ctx.reply(after.length ? ctx.t('st-tags', { tags: after.map((t) => `#${t}`).join(' ') }) : ctx.t('st-tags-none'));
      });
    }
    case 'type':
      if (!arg) return void (await ctx.reply(ticket.type ? ctx.t('st-type', { type: ticket.type }) : ctx.t('st-type-none')));
      return act(ctx, () => setType(core, actor, ticket.id, arg === '-' ? null : arg), ctx.t('st-done'));
    case 'r': {
      // the shortcut itself, or the one shortcut it starts (findCanned ranks the exact shortcut first)
      const wanted = normalizeShortcut(arg);
      const [hit] = wanted ? await findCanned(core.ds, actor.staff, wanted, 1) : [];
      if (!hit || !hit.shortcut.startsWith(wanted)) {
        return void (await ctx.reply(ctx.t('st-canned-unknown', { shortcut: arg || '…' })));
      }
      return act(ctx, () => agentReply(core, actor, ticket.id, { text: hit.body, via: 'telegram' }));
    }
    case 'merge': {
      const number = parseTicketNumber(arg);
      if (number === null) return void (await ctx.reply(ctx.t('st-merge-usage')));
      let otherId: number;
      try {
        otherId = await ticketIdOfNumber(core, number);
      } catch (err) {
        if (err instanceof NotFoundError) return void (await ctx.reply(ctx.t('st-merge-unknown', { number: arg })));
        throw err;
      }
      return act(
        ctx,
        () => mergeTickets(core, actor, ticket.id, otherId),
        ctx.t('st-merged', { merged: ticketRef(number, ctx.locale), kept: ticketRef(ticket.number, ctx.locale) }),
      );
    }
  }
}

/** the transfer buttons of `/transfer` without arguments */
export function registerTransferButtons<C extends BotContext>(
  groups: Composer<C>,
  lookup: (ctx: BotContext, ticketId: number) => Promise<{ ticket: Ticket; actor: Actor } | null>,
  answerError: (ctx: BotContext, err: unknown) => Promise<void>,
): void {
  groups.callbackQuery(TRANSFER_CALLBACK, async (ctx) => {
    const [, id, kind, target] = ctx.match as RegExpMatchArray;
    const found = await lookup(ctx, Number(id));
    if (!found) return;
    try {
      await transfer(ctx.deps.core, found.actor, found.ticket.id, choiceToTransfer({ kind: kind === 't' ? 'team' : 'department', id: Number(target) }));
      await ctx.answerCallbackQuery({ text: ctx.t('st-done') });
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    } catch (err) {
      await answerError(ctx, err);
    }
  });
}
