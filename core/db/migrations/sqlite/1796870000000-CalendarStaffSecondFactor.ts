import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarStaffSecondFactor1796870000000 implements MigrationInterface {
  name = 'CalendarStaffSecondFactor1796870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "staff_recovery_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" integer NOT NULL, "codeHash" varchar(255) NOT NULL, "usedAt" datetime(3), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_fcc8676d91d3e242b82e437650" ON "staff_recovery_codes" ("staffId") `);
    await q.query(`CREATE TABLE "staff_login_challenges" ("id" varchar(64) PRIMARY KEY NOT NULL, "staffId" integer NOT NULL, "purpose" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "expiresAt" datetime(3) NOT NULL, "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`);
    await q.query(`CREATE INDEX "IDX_b416a1139226b8d2f3dd95574f" ON "staff_login_challenges" ("staffId") `);
    // new nullable columns are added in place (no table rebuild, so other migrations' columns of staff_accounts are kept)
    await q.query(`ALTER TABLE "staff_accounts" ADD COLUMN "totpSecret" varchar(64)`);
    await q.query(`ALTER TABLE "staff_accounts" ADD COLUMN "totpPendingSecret" varchar(64)`);
    await q.query(`ALTER TABLE "staff_accounts" ADD COLUMN "totpEnabledAt" datetime(3)`);
    await q.query(`ALTER TABLE "staff_accounts" ADD COLUMN "totpLastStep" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_accounts" DROP COLUMN "totpLastStep"`);
    await q.query(`ALTER TABLE "staff_accounts" DROP COLUMN "totpEnabledAt"`);
    await q.query(`ALTER TABLE "staff_accounts" DROP COLUMN "totpPendingSecret"`);
    await q.query(`ALTER TABLE "staff_accounts" DROP COLUMN "totpSecret"`);
    await q.query(`DROP INDEX "IDX_b416a1139226b8d2f3dd95574f"`);
    await q.query(`DROP TABLE "staff_login_challenges"`);
    await q.query(`DROP INDEX "IDX_fcc8676d91d3e242b82e437650"`);
    await q.query(`DROP TABLE "staff_recovery_codes"`);
  }
}
