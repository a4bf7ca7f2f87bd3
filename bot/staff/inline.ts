/**
 * Canned replies through inline mode (issue 19, item 5). An agent types `@bot word` in a ticket's topic (or in a
 * reply to its card): Telegram sends an inline_query — with the user and the words, never the chat — and the
 * bot answers with the canned replies this agent may use that match (core findCanned: shortcut, title, body).
 *
 * Choosing one: Telegram itself posts the reply's text in that topic as a message FROM THE AGENT with `via_bot`
 * set to this bot. The bot is an administrator of its staff groups and so receives that message like any other,
 * and the group handler (index.ts) relays it as the agent's answer — through the same path as a typed reply,
 * so the ticket, the topic, the collision warning and the receipt are all the usual ones. `chosen_inline_result`
 * is not used: Telegram sends it only when inline feedback is switched on in BotFather, and it carries neither
 * the chat nor the topic (only an inline_message_id when the result has buttons), so it cannot say which ticket
 * the answer is for. The results are personal and not cached (cache_time 0): two agents see their own lists.
 */
import { Composer } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { activeAgentByTelegramId } from '../../core/read/staff-chat.ts';
import { findCanned } from '../../core/services/canned.ts';
import { cannedLabel } from '../../core/text/bidi.ts';
import type { BotContext } from '../context.ts';

export const inlineFeature = new Composer<BotContext>();

inlineFeature.on('inline_query', async (ctx) => {
  const agent = await activeAgentByTelegramId(ctx.deps.core.ds, ctx.from.id);
  const rows = agent ? await findCanned(ctx.deps.core.ds, agent, ctx.inlineQuery.query, 20) : [];
  const results: InlineQueryResultArticle[] = rows.map((r) => ({
    type: 'article',
    id: `canned-${r.id}`,
    title: cannedLabel(r.title, r.shortcut),
    description: r.body.slice(0, 120),
    input_message_content: { message_text: r.body },
  }));
  await ctx.answerInlineQuery(results, { cache_time: 0, is_personal: true });
});
