/** `/metrics` in Prometheus text format: queue depths, outbox backlog and delivery lag, SLA outcomes. */
import type { Queue } from 'bullmq';
import { In, type DataSource } from 'typeorm';
import { OutboxMessage } from '../core/entities/system.ts';
import { SlaTarget } from '../core/entities/sla.ts';

export async function metricsText(queues: Queue[], ds: DataSource, now: Date): Promise<string> {
  const lines: string[] = [];
  const metric = (name: string, help: string, type: 'gauge' | 'counter', samples: [Record<string, string>, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) {
      const l = Object.entries(labels)
        .map(([k, x]) => `${k}="${x.replace(/"/g, '\\"')}"`)
        .join(',');
      lines.push(`${name}${l ? `{${l}}` : ''} ${v}`);
    }
  };
  const jobSamples: [Record<string, string>, number][] = [];
  for (const q of queues) {
    const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    for (const [state, n] of Object.entries(counts)) jobSamples.push([{ queue: q.name, state }, n]);
  }
  metric('helpdesk_queue_jobs', 'BullMQ jobs per queue and state', 'gauge', jobSamples);
  const byStatus: { status: string; n: string }[] = await ds
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .select('o.status', 'status')
    .addSelect('COUNT(*)', 'n')
    .groupBy('o.status')
    .getRawMany();
  metric(
    'helpdesk_outbox_messages',
    'Outbox rows per status',
    'gauge',
    byStatus.map((r) => [{ status: r.status }, Number(r.n)]),
  );
  const oldest = await ds
    .getRepository(OutboxMessage)
    .findOne({ where: { status: In(['pending', 'sending']) }, order: { id: 'ASC' }, select: { id: true, createdAt: true } });
  metric('helpdesk_outbox_lag_seconds', 'Age of the oldest pending outbox row (delivery lag)', 'gauge', [
    [{}, oldest ? Math.max(0, (now.getTime() - oldest.createdAt.getTime()) / 1000) : 0],
  ]);
  const breached = await ds.getRepository(SlaTarget).countBy({ breached: true });
  const met = await ds.getRepository(SlaTarget).createQueryBuilder('t').where('t.reachedAt IS NOT NULL AND t.breached = :b', { b: false }).getCount();
  metric('helpdesk_sla_targets', 'SLA targets by outcome', 'gauge', [
    [{ outcome: 'breached' }, breached],
    [{ outcome: 'met' }, met],
  ]);
  return `${lines.join('\n')}\n`;
}
