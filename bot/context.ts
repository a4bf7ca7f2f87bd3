/** The context every bot handler sees: grammY's, plus the core services, a per-update logger and the user's language. */
import type { Context } from 'grammy';
import type { CoreContext } from '../core/context.ts';
import type { Locale } from '../core/entities/enums.ts';
import type { Translate } from '../core/i18n/index.ts';
import type { Logger } from '../core/infra/logger.ts';

export interface BotDeps {
  core: CoreContext;
  log: Logger;
}

export interface BotFlavor {
  deps: BotDeps;
  /** a child logger carrying the update id */
  log: Logger;
  locale: Locale;
  t: Translate;
}

export type BotContext = Context & BotFlavor;
