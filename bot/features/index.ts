/** The bot's features, in the order they see an update. Each is one composer in its own file. */
import type { Composer } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { startFeature } from './start.ts';

export function features(_deps: BotDeps): Composer<BotContext>[] {
  return [startFeature];
}
