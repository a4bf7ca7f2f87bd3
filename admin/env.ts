/** The panel's Hono environment: what the middleware puts on every request, and what the panel is given. */
import type { Queue } from 'bullmq';
import type { LiveBus } from '../core/infra/live.ts';
import type { CoreContext } from '../core/context.ts';
import type { Locale } from '../core/entities/enums.ts';
import type { StaffAccount, StaffSession } from '../core/entities/people.ts';
import type { Translate } from '../core/i18n/index.ts';
import type { Logger } from '../core/infra/logger.ts';
import type { TrustProxy } from '../core/config/trust-proxy.ts';
import type { LimitStore } from '../core/infra/limits.ts';
import type { LoginThrottle } from './security.ts';

export interface PanelDeps {
  core: CoreContext;
  log: Logger;
  /**
   * print the first-run setup link when no staff account exists (default false: main.ts already does it at
   * start, and a second call would retire the code it printed)
   */
  announceSetup?: boolean;
  /** DATA_DIR: files uploaded in the panel are kept under <dataDir>/uploads (default ./data) */
  dataDir?: string;
  /** the key the bot token stored in the settings is encrypted with (core/infra/secret.ts) */
  secretKey?: string;
  /** Telegram: the bot token of the environment (null: none; the stored one is used then) and the Bot API root */
  telegram?: { token: string | null; apiRoot: string };
  /** Bale (BALE_BOT_TOKEN, BALE_API_ROOT): the panel fetches a Bale citizen's files through Bale's own Bot API */
  bale?: { token: string; apiRoot: string };
  /** the BullMQ queues shown at /admin/queues (jobs/: JobsClient.queues) */
  queues?: () => Queue[];
  /** largest upload in bytes (default 20 MB: what the Bot API accepts for photos and most documents) */
  maxUploadBytes?: number;
  /** the live view's signal (core/infra/live.ts); without it the panel works, only not live */
  live?: LiveBus;
  /** failed logins per client address (default: 20 in 15 minutes, in `limits` when given; tests pass a small one) */
  loginThrottle?: LoginThrottle;
  /** the system's Redis and key prefix: the login throttle is kept there, shared by every web process */
  limits?: LimitStore;
  /** whether X-Forwarded-For names the client (TRUST_PROXY; default off: the socket's peer) */
  trustProxy?: TrustProxy;
}

export type PanelEnv = {
  Variables: {
    log: Logger;
    requestId: string;
    /** the client's address (security.ts: clientAddress, TRUST_PROXY) */
    clientIp: string;
    locale: Locale;
    t: Translate;
    /** set on pages behind the login */
    staff: StaffAccount;
    session: StaffSession;
    /** the CSRF token forms carry (the session's secret, or the pre-login cookie) */
    csrf: string;
    /** the bot's state for the banner: a token in the environment (connected) or only stored in the settings */
    bot: { connected: boolean; stored: boolean };
  };
};
