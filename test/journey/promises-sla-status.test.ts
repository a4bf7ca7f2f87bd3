/**
 * Issue 15, item 7 — the SLA status is one rule (core/sla/status.ts): for every kind of target (met, failed by
 * the flag or by the clock, at risk by the deadline or by the warning time, paused, cancelled, running), the
 * SQL predicates the inbox tabs, the dashboard and the team cards use give what `slaStatus` gives, on MariaDB
 * and on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlaTarget } from '../../core/entities/sla.ts';
import { sqlTime } from '../../core/services/reports/sql.ts';
import { atRiskEdge, slaAtRiskSql, slaFailedSql, slaStatus } from '../../core/sla/status.ts';
import { createTestDb, DIALECTS, type TestDatabase } from '../support/db.ts';

const NOW = new Date('2026-12-07T08:00:00Z');
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);
const AT_RISK = 30;

const CASES: { name: string; t: Partial<SlaTarget> }[] = [
  { name: 'met', t: { reachedAt: min(-10), deadline: min(20) } },
  { name: 'failed by the flag', t: { breached: true, deadline: min(-5), reachedAt: min(-1) } },
  { name: 'failed by the clock', t: { deadline: min(-1) } },
  { name: 'failed exactly at the deadline', t: { deadline: NOW } },
  { name: 'at risk by the deadline', t: { deadline: min(20) } },
  { name: 'at risk by the warning time', t: { deadline: min(120), warnAt: min(-1) } },
  { name: 'running', t: { deadline: min(120), warnAt: min(60) } },
  { name: 'paused past its deadline', t: { paused: true, deadline: min(-30) } },
  { name: 'cancelled after a breach', t: { cancelled: true, breached: true, deadline: min(-30) } },
  { name: 'cancelled while running late', t: { cancelled: true, deadline: min(-30) } },
];

describe.each(DIALECTS)('one SLA status rule on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(() => db?.close());

  it('the SQL predicates agree with slaStatus for every kind of target', async () => {
    const repo = db.ds.getRepository(SlaTarget);
    const rows: SlaTarget[] = [];
    for (const [i, c] of CASES.entries()) {
      rows.push(
        await repo.save(
          repo.create({
            ticketId: 1000 + i,
            kind: 'first_response',
            policyId: null,
            minutes: 60,
            deadline: null,
            warnAt: null,
            reachedAt: null,
            breached: false,
            breachedAt: null,
            paused: false,
            pausedMinutes: 0,
            cancelled: false,
            warnedAt: null,
            updatedAt: NOW,
            ...c.t,
          }),
        ),
      );
    }
    const table = repo.metadata.tableName;
    const ids = async (where: string, params: unknown[]) =>
      ((await db.ds.query(`SELECT s.\`id\` AS id FROM \`${table}\` s WHERE ${where} ORDER BY s.\`id\``, params)) as { id: unknown }[]).map((r) => Number(r.id));
    const failed = await ids(slaFailedSql('s', '?'), [sqlTime(NOW)]);
    const risk = await ids(slaAtRiskSql('s', '?', '?'), [sqlTime(NOW), sqlTime(atRiskEdge(NOW, AT_RISK)), sqlTime(NOW)]);
    const statuses = Object.fromEntries(CASES.map((c, i) => [c.name, slaStatus(rows[i]!, NOW, AT_RISK)]));
    expect(statuses).toEqual({
      met: 'met',
      'failed by the flag': 'failed',
      'failed by the clock': 'failed',
      'failed exactly at the deadline': 'failed',
      'at risk by the deadline': 'risk',
      'at risk by the warning time': 'risk',
      running: 'running',
      'paused past its deadline': 'paused',
      'cancelled after a breach': 'cancelled',
      'cancelled while running late': 'cancelled',
    });
    expect(failed).toEqual(rows.filter((r) => slaStatus(r, NOW, AT_RISK) === 'failed').map((r) => r.id));
    expect(risk).toEqual(rows.filter((r) => slaStatus(r, NOW, AT_RISK) === 'risk').map((r) => r.id));
  });
});
