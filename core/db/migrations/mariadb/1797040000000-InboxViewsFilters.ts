import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ticket_views: when a staff member last opened a ticket (the inbox's unread state); saved_filters: his named
 * inbox filters; ix_sla_due: the SLA targets that count down in deadline order (the inbox's due sort)
 */
export class InboxViewsFilters1797040000000 implements MigrationInterface {
  name = 'InboxViewsFilters1797040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE \`ticket_views\` (\`staffId\` int NOT NULL, \`ticketId\` int NOT NULL, \`seenAt\` datetime(3) NOT NULL, PRIMARY KEY (\`staffId\`, \`ticketId\`)) ENGINE=InnoDB`,
    );
    await q.query(
      `CREATE TABLE \`saved_filters\` (\`id\` int NOT NULL AUTO_INCREMENT, \`staffId\` int NOT NULL, \`name\` varchar(80) NOT NULL, \`query\` varchar(1000) NOT NULL, \`createdAt\` datetime(3) NOT NULL, INDEX \`ix_saved_filters_staff\` (\`staffId\`, \`id\`), UNIQUE INDEX \`uq_saved_filters_name\` (\`staffId\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await q.query(`CREATE INDEX \`ix_sla_due\` ON \`sla_targets\` (\`cancelled\`, \`paused\`, \`reachedAt\`, \`deadline\`, \`ticketId\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`ix_sla_due\` ON \`sla_targets\``);
    await q.query(`DROP TABLE \`saved_filters\``);
    await q.query(`DROP TABLE \`ticket_views\``);
  }
}
