/**
 * The bot's features in a private chat, in the order they see an update. Each is one composer in its own
 * file. (Staff groups are handled before these, in bot/staff.)
 *   guard → conversations (an active one takes the update) → commands and language → the registration
 *   gate → menu and buttons → resolution → follow-ups (any other message) → stale buttons.
 * The follow-up lane sends the commonest update, a registered user's plain text in a chat this process knows has
 * no conversation, through the guard straight to the follow-ups, right after the context (bot/create-bot.ts):
 * nothing between would take it (the staff feature answers groups, inline queries and /link; the conversations
 * plugin would read no state, the commands and the menu would not match, the gate would pass, the rest answer
 * buttons only), and the forty-odd layers it skips were a sixth of a follow-up's cost
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

export interface PrivateChat {
  /** the follow-up lane, placed before the staff feature (bot/create-bot.ts) */
  lane: MiddlewareFn<BotContext>;
  /** the features in order, the guard first */
  features: Composer<BotContext>[];
}

export function privateChat(deps: BotDeps): PrivateChat {
  const guard = guardFeature(deps);
  const conversations = new Composer<BotContext>();
  conversations.chatType('private').use(conversationsFeature(deps));
  return {
    lane: followUpLane(deps, guard),
    features: [
      guard,
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
    ],
  };
}

/**
 * A registered user's plain text in a chat known to have no conversation: the guard (reachability, the message
 * limit, blocked users), then the follow-ups, and nothing else. It runs right after the context, before the
 * staff feature too, which never takes such an update (it answers groups, inline queries and /link).
 */
export function followUpLane(deps: BotDeps, guard: Composer<BotContext>): MiddlewareFn<BotContext> {
  const guarded = new Composer<BotContext>(guard, followUpsFeature).middleware();
  // the follow-ups answer every such update: nothing after them would (the rest answer buttons), so the lane ends here
  const end = () => Promise.resolve();
  return (ctx, next) => (takesFollowUpLane(deps, ctx) ? guarded(ctx, end) : next());
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
