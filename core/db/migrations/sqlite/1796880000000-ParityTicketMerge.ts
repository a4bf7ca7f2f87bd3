import type { MigrationInterface, QueryRunner } from 'typeorm';

/** tickets.mergedIntoId: the ticket a merged duplicate was folded into (core/services/tickets/merge.ts) */
export class ParityTicketMerge1796880000000 implements MigrationInterface {
  name = 'ParityTicketMerge1796880000000';

  async up(q: QueryRunner): Promise<void> {
    // a new nullable column is added in place (no table rebuild)
    await q.query(`ALTER TABLE "tickets" ADD COLUMN "mergedIntoId" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tickets" DROP COLUMN "mergedIntoId"`);
  }
}
