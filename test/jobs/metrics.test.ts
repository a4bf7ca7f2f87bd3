/** `/metrics` from the jobs client: queue depths per state, outbox rows per status, delivery lag, SLA outcomes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/db.ts';
import { outboxHarness, until, type OutboxHarness } from './outbox-harness.ts';

describe.each(DIALECTS)('metrics on %s', (dialect) => {
  const sample = (text: string, name: string, labels: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`) || (labels === '' && l.startsWith(`${name} `)));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };

  describe('metrics', () => {
    let h: OutboxHarness;
    beforeAll(async () => {
      h = await outboxHarness({ timeScale: 0.05, database: dialect });
    });
    afterAll(() => h.close());

    it('shows queued drains, pending rows and their age, then the sent ones and an empty backlog', async () => {
      const u = h.fake.user({ first_name: 'm' });
      const g = h.fake.group({ title: 'm' });
      g.addBot({ admin: true });
      await h.write(
        { chatId: u.id, method: 'sendMessage', payload: { text: 'one' }, purpose: 'answer' },
        { chatId: g.id, method: 'sendMessage', payload: { text: 'two' }, purpose: 'card' },
      );
      await h.write({ chatId: 424242, method: 'sendMessage', payload: { text: 'nobody' }, purpose: 'answer' });
      await until(async () => sample(await h.client.metrics(), 'helpdesk_queue_jobs', 'queue="outbox",state="prioritized"') === 3, 3000, 'three drains queued');
      // not synchronisation: the pending rows must be at least 0.3 s old for the lag figure checked below
      await new Promise((r) => setTimeout(r, 300));
      let text = await h.client.metrics();
      expect(text).toContain('# TYPE helpdesk_queue_jobs gauge');
      expect(sample(text, 'helpdesk_outbox_messages', 'status="pending"')).toBe(3);
      expect(sample(text, 'helpdesk_outbox_lag_seconds', '')).toBeGreaterThanOrEqual(0.3);
      for (const q of ['outbox', 'sla', 'housekeeping'])
        for (const s of ['waiting', 'active', 'delayed', 'failed'])
          expect(sample(text, 'helpdesk_queue_jobs', `queue="${q}",state="${s}"`)).toBeTypeOf('number');
      await h.startWorkers();
      await until(async () => (await h.rows()).every((r) => r.status === 'sent' || r.status === 'failed'), 10_000, 'delivered');
      text = await h.client.metrics();
      expect(sample(text, 'helpdesk_outbox_messages', 'status="sent"')).toBe(2);
      expect(sample(text, 'helpdesk_outbox_messages', 'status="failed"')).toBe(1);
      expect(sample(text, 'helpdesk_outbox_lag_seconds', '')).toBe(0);
      expect(sample(text, 'helpdesk_sla_targets', 'outcome="breached"')).toBe(0);
    });
  });
});
