/**
 * The inbound queue's lease (jobs/inbound/): a bot process that stops dead in the middle of an update (here its
 * worker is closed by force, its job lock no longer renewed — what a SIGKILL leaves in Redis) leaves the chat to
 * another process after the lock expires; that one handles the update again, knowing it repeats
 * (isRepeat), then the chat's next updates, in order; nothing else is handled twice.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isRepeat } from '../../core/infra/repeats.ts';
import { consumerPair, update, type Handled } from './consumers.ts';

describe('a bot process dead in the middle of an update', () => {
  const { queues, consumers, start, close } = consumerPair('lease', { lockDurationMs: 2000, stalledIntervalMs: 500 });
  afterAll(close);

  it('another process takes the chat after the lock, handles that update again and the rest in order', { timeout: 60_000 }, async () => {
    const handled: Handled[] = [];
    let stuck!: () => void;
    const inHand = new Promise<void>((r) => (stuck = r));

    // process 0 takes the chat and never finishes update 2
    await start(0, async (u) => {
      handled.push({ by: 'p0', id: u.update_id, again: isRepeat(u) });
      if (u.update_id === 2) {
        stuck();
        await new Promise(() => undefined);
      }
    });
    await queues[0]!.accept([1, 2, 3, 4].map((id) => update(id, 42)));
    await inHand;
    // dead: its worker stops without finishing or renewing the job's lock
    void consumers[0]!.worker.close(true);
    await queues[1]!.accept([update(5, 42), update(3, 42)]); // Telegram repeating 3 changes nothing

    await start(1, async (u) => void handled.push({ by: 'p1', id: u.update_id, again: isRepeat(u) }));
    await expect.poll(() => handled.filter((h) => h.by === 'p1').map((h) => h.id), { timeout: 20_000 }).toEqual([2, 3, 4, 5]);
    expect(handled).toEqual([
      { by: 'p0', id: 1, again: false },
      { by: 'p0', id: 2, again: false },
      { by: 'p1', id: 2, again: true },
      { by: 'p1', id: 3, again: false },
      { by: 'p1', id: 4, again: false },
      { by: 'p1', id: 5, again: false },
    ]);
  });
});
