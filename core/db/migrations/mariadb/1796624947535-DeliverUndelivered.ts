import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliverUndelivered1796624947535 implements MigrationInterface {
  name = 'DeliverUndelivered1796624947535';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`ticket_messages\` ADD \`undeliveredAt\` datetime(3) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`ticket_messages\` DROP COLUMN \`undeliveredAt\``);
  }
}
