import type { MigrationInterface, QueryRunner } from 'typeorm';

/** tickets.mergedIntoId: the ticket a merged duplicate was folded into (core/services/tickets/merge.ts) */
export class ParityTicketMerge1796880000000 implements MigrationInterface {
  name = 'ParityTicketMerge1796880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`tickets\` ADD \`mergedIntoId\` int NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`tickets\` DROP COLUMN \`mergedIntoId\``);
  }
}
