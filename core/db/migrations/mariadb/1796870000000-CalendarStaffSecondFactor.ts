import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarStaffSecondFactor1796870000000 implements MigrationInterface {
  name = 'CalendarStaffSecondFactor1796870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`staff_recovery_codes\` (\`id\` int NOT NULL AUTO_INCREMENT, \`staffId\` int NOT NULL, \`codeHash\` varchar(255) NOT NULL, \`usedAt\` datetime(3) NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_fcc8676d91d3e242b82e437650\` (\`staffId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`staff_login_challenges\` (\`id\` varchar(64) NOT NULL, \`staffId\` int NOT NULL, \`purpose\` varchar(16) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`expiresAt\` datetime(3) NOT NULL, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`IDX_b416a1139226b8d2f3dd95574f\` (\`staffId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await q.query(`ALTER TABLE \`staff_accounts\` ADD \`totpSecret\` varchar(64) NULL`);
    await q.query(`ALTER TABLE \`staff_accounts\` ADD \`totpPendingSecret\` varchar(64) NULL`);
    await q.query(`ALTER TABLE \`staff_accounts\` ADD \`totpEnabledAt\` datetime(3) NULL`);
    await q.query(`ALTER TABLE \`staff_accounts\` ADD \`totpLastStep\` int NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`staff_accounts\` DROP COLUMN \`totpLastStep\``);
    await q.query(`ALTER TABLE \`staff_accounts\` DROP COLUMN \`totpEnabledAt\``);
    await q.query(`ALTER TABLE \`staff_accounts\` DROP COLUMN \`totpPendingSecret\``);
    await q.query(`ALTER TABLE \`staff_accounts\` DROP COLUMN \`totpSecret\``);
    await q.query(`DROP INDEX \`IDX_b416a1139226b8d2f3dd95574f\` ON \`staff_login_challenges\``);
    await q.query(`DROP TABLE \`staff_login_challenges\``);
    await q.query(`DROP INDEX \`IDX_fcc8676d91d3e242b82e437650\` ON \`staff_recovery_codes\``);
    await q.query(`DROP TABLE \`staff_recovery_codes\``);
  }
}
