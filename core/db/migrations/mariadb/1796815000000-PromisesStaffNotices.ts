import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PromisesStaffNotices1796815000000 implements MigrationInterface {
  name = 'PromisesStaffNotices1796815000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`staff_notices\` (\`id\` int NOT NULL AUTO_INCREMENT, \`staffId\` int NOT NULL, \`ticketId\` int NOT NULL, \`kind\` varchar(16) NOT NULL, \`data\` text NULL, \`createdAt\` datetime(3) NOT NULL, \`readAt\` datetime(3) NULL, INDEX \`ix_notices_staff\` (\`staffId\`, \`readAt\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`ix_notices_staff\` ON \`staff_notices\``);
    await q.query(`DROP TABLE \`staff_notices\``);
  }
}
