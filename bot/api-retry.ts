/**
 * How every Bot API call of the bot is retried: after a 429 (waiting its retry_after, up to 30 s) and
 * after a 5xx or a network error (backing off), at most three times.
 */
import { autoRetry } from '@grammyjs/auto-retry';

export const apiRetry = () => autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: false });
