/** The panel's Hono environment: what the middleware puts on every request. */
import type { CoreContext } from '../core/context.ts';
import type { Locale } from '../core/entities/enums.ts';
import type { StaffAccount, StaffSession } from '../core/entities/people.ts';
import type { Translate } from '../core/i18n/index.ts';
import type { Logger } from '../core/infra/logger.ts';

export interface PanelDeps {
  core: CoreContext;
  log: Logger;
  /**
   * print the first-run setup link when no staff account exists (default false: main.ts already does it at
   * start, and a second call would retire the code it printed)
   */
  announceSetup?: boolean;
}

export type PanelEnv = {
  Variables: {
    log: Logger;
    requestId: string;
    locale: Locale;
    t: Translate;
    /** set on pages behind the login */
    staff: StaffAccount;
    session: StaffSession;
    /** the CSRF token forms carry (the session's secret, or the pre-login cookie) */
    csrf: string;
  };
};
