import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SlaLateIndex1796530753055 implements MigrationInterface {
  name = 'SlaLateIndex1796530753055';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX \`ix_sla_late\` ON \`sla_targets\` (\`reachedAt\`, \`breached\`, \`cancelled\`, \`kind\`, \`policyId\`, \`ticketId\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`ix_sla_late\` ON \`sla_targets\``);
  }
}
