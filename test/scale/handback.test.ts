/**
 * A bot process stopping (SIGTERM) in the middle of a chat that has more updates: it finishes the update in
 * hand, hands the chat back at once, and the next process handles the rest in order — none of them taken for a
 * repeat, since none was started before (the drain reads the next update in the same call that finishes one).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isRepeat } from '../../core/infra/repeats.ts';
import { consumerPair, update, type Handled } from './consumers.ts';

describe('a bot process stopping with a chat in hand', () => {
  const { queues, consumers, start, close } = consumerPair('handback', { lockDurationMs: 5000, stalledIntervalMs: 1000 });
  afterAll(close);

  it('finishes the update in hand; the other process takes the rest in order, none as a repeat', { timeout: 60_000 }, async () => {
    const handled: Handled[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inHand!: () => void;
    const started = new Promise<void>((r) => (inHand = r));

    await start(0, async (u) => {
      handled.push({ by: 'p0', id: u.update_id, again: isRepeat(u) });
      inHand();
      await gate;
    });
    await queues[0]!.accept([1, 2, 3].map((id) => update(id, 77)));
    await started;
    const stopping = consumers[0]!.close();
    release();
    await stopping;

    await start(1, async (u) => void handled.push({ by: 'p1', id: u.update_id, again: isRepeat(u) }));
    await expect.poll(() => handled.map((h) => h.id), { timeout: 20_000 }).toEqual([1, 2, 3]);
    expect(handled).toEqual([
      { by: 'p0', id: 1, again: false },
      { by: 'p1', id: 2, again: false },
      { by: 'p1', id: 3, again: false },
    ]);
  });
});
