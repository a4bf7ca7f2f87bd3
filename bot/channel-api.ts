/** An Api of another messenger's bot: every payload made fit for the channel (core/channels.ts) before it leaves. */
import type { Api } from 'grammy';
import { adaptPayload, type Channel } from '../core/channels.ts';

export function fitApiToChannel(api: Api, channel: Channel): void {
  if (channel === 'telegram') return;
  api.config.use((prev, method, payload, signal) => prev(method, adaptPayload(channel, payload as Record<string, unknown>) as typeof payload, signal));
}
