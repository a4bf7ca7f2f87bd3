/** Entering the request-to-a-colleague conversation: staff-type members only. */
import { COLLEAGUE } from '../conversations/index.ts';
import type { ColleagueArgs } from '../conversations/colleague.ts';
import type { BotContext } from '../context.ts';

export async function startColleagueRequest(ctx: BotContext): Promise<void> {
  const me = ctx.requester;
  if (!me?.registered) return;
  if (!me.staff) {
    await ctx.reply(ctx.t('colleague-staff-only'), { parse_mode: 'HTML' });
    return;
  }
  if (Object.keys(ctx.conversation.active()).length) await ctx.conversation.exitAll();
  const args: ColleagueArgs = { locale: ctx.locale, requesterId: me.id };
  await ctx.conversation.enter(COLLEAGUE, args);
}
