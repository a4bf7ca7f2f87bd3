/** A CoreContext for tests: a settable clock, a silent logger, and a record of outbox notifications. */
import type { DataSource } from 'typeorm';
import type { Clock, CoreContext } from '../../core/context.ts';
import { createLogger } from '../../core/infra/logger.ts';

export class TestClock implements Clock {
  constructor(private t: Date = new Date('2026-12-05T05:30:00Z')) {}
  now() {
    return new Date(this.t);
  }
  set(d: Date | string) {
    this.t = new Date(d);
  }
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export function testContext(ds: DataSource, clock: Clock = new TestClock()): CoreContext & { outboxSeen: number[] } {
  const outboxSeen: number[] = [];
  return {
    ds,
    clock,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    timeZone: 'Asia/Tehran',
    defaultLocale: 'fa',
    publicUrl: 'http://localhost:3000',
    onOutbox: (ids) => outboxSeen.push(...ids),
    outboxSeen,
  };
}
