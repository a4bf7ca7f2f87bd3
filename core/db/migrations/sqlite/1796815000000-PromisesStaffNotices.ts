import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PromisesStaffNotices1796815000000 implements MigrationInterface {
  name = 'PromisesStaffNotices1796815000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "staff_notices" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" integer NOT NULL, "ticketId" integer NOT NULL, "kind" varchar(16) NOT NULL, "data" text, "createdAt" datetime(3) NOT NULL, "readAt" datetime(3))`);
    await q.query(`CREATE INDEX "ix_notices_staff" ON "staff_notices" ("staffId", "readAt", "id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_notices_staff"`);
    await q.query(`DROP TABLE "staff_notices"`);
  }
}
