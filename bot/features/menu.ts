/** The main menu's buttons (reply keyboard texts in either language) and their commands. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { menuAction, type MenuAction } from '../keyboards/menu.ts';
import { startColleagueRequest } from './colleague.ts';
import { showHelp } from './faq.ts';
import { showMyTickets } from './my-tickets.ts';
import { startIntake } from './new-ticket.ts';
import { showProfile } from './profile.ts';
import { showLanguageChoice } from './start.ts';

const actions: Record<MenuAction, (ctx: BotContext) => Promise<void>> = {
  new: (ctx) => startIntake(ctx),
  tickets: (ctx) => showMyTickets(ctx, 0),
  help: (ctx) => showHelp(ctx),
  profile: (ctx) => showProfile(ctx),
  language: (ctx) => showLanguageChoice(ctx),
  colleague: (ctx) => startColleagueRequest(ctx),
};

export const menuFeature = new Composer<BotContext>();
const pm = menuFeature.chatType('private');

pm.on('message:text', async (ctx, next) => {
  const action = menuAction(ctx.message.text);
  if (!action) return next();
  await actions[action](ctx);
});
pm.command('tickets', (ctx) => actions.tickets(ctx));
pm.command('help', (ctx) => actions.help(ctx));
pm.command('profile', (ctx) => actions.profile(ctx));
pm.command('colleague', (ctx) => actions.colleague(ctx));
