/**
 * The bot's features in a private chat, in the order they see an update. Each is one composer in its own
 * file. (Staff groups are handled before these, in bot/staff.)
 *   guard → conversations (an active one takes the update) → commands and language → the registration
 *   gate → menu and buttons → resolution → follow-ups (any other message) → stale buttons.
 * The follow-up lane after the guard sends the commonest update, a registered user's plain text in a chat this
 * process knows has no conversation, straight to the follow-ups: nothing between would take it (the
 * conversations plugin would read no state, the commands and the menu would not match, the gate would pass,
 * the rest answer buttons only), and the forty-odd layers it skips were a sixth of a follow-up's cost
 * (test/bench/inbound.bench.ts; test/bot/followup-lane.test.ts walks both ways).
 */
import { Composer, type MiddlewareFn } from 'grammy';
import { conversationsFeature } from '../conversations/index.ts';
import { knownWithoutConversation } from '../conversations/storage.ts';
import { menuAction } from '../keyboards/menu.ts';
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
    new Composer<BotContext>(followUpLane(deps)),
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

/** a registered user's plain text in a chat known to have no conversation goes to the follow-ups at once */
export function followUpLane(deps: BotDeps): MiddlewareFn<BotContext> {
  const followUps = followUpsFeature.middleware();
  return (ctx, next) => (takesFollowUpLane(deps, ctx) ? followUps(ctx, next) : next());
}

/** the update is a plain follow-up that only the follow-ups feature would take (see above) */
export function takesFollowUpLane(deps: BotDeps, ctx: Pick<BotContext, 'message' | 'chat' | 'requester'>): boolean {
  const text = ctx.message?.text;
  return (
    text !== undefined &&
    ctx.chat?.type === 'private' &&
    ctx.requester?.registered === true &&
    !text.startsWith('/') &&
    menuAction(text) === undefined &&
    knownWithoutConversation(deps, ctx.chat.id)
  );
}
