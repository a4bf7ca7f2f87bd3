import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * issue 17: a team without a staff chat, a chat's delay alert (one an episode), notices about no ticket.
 * Columns added in place (no rebuild of teams and staff_chats, so other migrations' columns are kept);
 * staff_notices is rebuilt, SQLite cannot make a column nullable otherwise.
 */
export class StaffChatGroups1797010000000 implements MigrationInterface {
  name = 'StaffChatGroups1797010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "teams" ADD COLUMN "noStaffChat" boolean NOT NULL DEFAULT (0)`);
    await q.query(`ALTER TABLE "staff_chats" ADD COLUMN "delayAlertedAt" datetime(3)`);
    await q.query(`DROP INDEX "ix_notices_staff"`);
    await q.query(
      `CREATE TABLE "temporary_staff_notices" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" integer NOT NULL, "ticketId" integer, "kind" varchar(16) NOT NULL, "data" text, "createdAt" datetime(3) NOT NULL, "readAt" datetime(3))`,
    );
    await q.query(
      `INSERT INTO "temporary_staff_notices"("id", "staffId", "ticketId", "kind", "data", "createdAt", "readAt") SELECT "id", "staffId", "ticketId", "kind", "data", "createdAt", "readAt" FROM "staff_notices"`,
    );
    await q.query(`DROP TABLE "staff_notices"`);
    await q.query(`ALTER TABLE "temporary_staff_notices" RENAME TO "staff_notices"`);
    await q.query(`CREATE INDEX "ix_notices_staff" ON "staff_notices" ("staffId", "readAt", "id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_notices_staff"`);
    await q.query(
      `CREATE TABLE "temporary_staff_notices" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" integer NOT NULL, "ticketId" integer NOT NULL, "kind" varchar(16) NOT NULL, "data" text, "createdAt" datetime(3) NOT NULL, "readAt" datetime(3))`,
    );
    await q.query(
      `INSERT INTO "temporary_staff_notices"("id", "staffId", "ticketId", "kind", "data", "createdAt", "readAt") SELECT "id", "staffId", "ticketId", "kind", "data", "createdAt", "readAt" FROM "staff_notices" WHERE "ticketId" IS NOT NULL`,
    );
    await q.query(`DROP TABLE "staff_notices"`);
    await q.query(`ALTER TABLE "temporary_staff_notices" RENAME TO "staff_notices"`);
    await q.query(`CREATE INDEX "ix_notices_staff" ON "staff_notices" ("staffId", "readAt", "id") `);
    await q.query(`ALTER TABLE "staff_chats" DROP COLUMN "delayAlertedAt"`);
    await q.query(`ALTER TABLE "teams" DROP COLUMN "noStaffChat"`);
  }
}
