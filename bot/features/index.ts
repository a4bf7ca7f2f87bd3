/**
 * The bot's features in a private chat, in the order they see an update. Each is one composer in its own
 * file. (Staff groups are handled before these, in bot/staff.)
 *   guard → conversations (an active one takes the update) → commands and language → the registration
 *   gate → menu and buttons → resolution → follow-ups (any other message) → stale buttons.
 */
import { Composer } from 'grammy';
import { conversationsFeature } from '../conversations/index.ts';
import type { BotContext, BotDeps } from '../context.ts';
import { faqFeature } from './faq.ts';
import { followUpsFeature } from './followups.ts';
import { guardFeature } from './guard.ts';
import { menuFeature } from './menu.ts';
import { myTicketsFeature } from './my-tickets.ts';
import { newTicketFeature } from './new-ticket.ts';
import { profileFeature } from './profile.ts';
import { registrationGate } from './registration.ts';
import { resolutionFeature } from './resolution.ts';
import { staleFeature } from './stale.ts';
import { startFeature } from './start.ts';

export function features(deps: BotDeps): Composer<BotContext>[] {
  const conversations = new Composer<BotContext>();
  conversations.chatType('private').use(conversationsFeature(deps));
  return [
    guardFeature(deps),
    conversations,
    startFeature,
    registrationGate,
    menuFeature,
    newTicketFeature,
    myTicketsFeature,
    faqFeature,
    profileFeature,
    resolutionFeature,
    followUpsFeature,
    staleFeature,
  ];
}
