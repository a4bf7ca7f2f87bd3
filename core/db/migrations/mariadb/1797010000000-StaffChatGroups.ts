import type { MigrationInterface, QueryRunner } from 'typeorm';

/** issue 17: a team without a staff chat, a chat's delay alert (one an episode), notices about no ticket */
export class StaffChatGroups1797010000000 implements MigrationInterface {
  name = 'StaffChatGroups1797010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`teams\` ADD \`noStaffChat\` tinyint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE \`staff_chats\` ADD \`delayAlertedAt\` datetime(3) NULL`);
    await q.query(`ALTER TABLE \`staff_notices\` CHANGE \`ticketId\` \`ticketId\` int NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM \`staff_notices\` WHERE \`ticketId\` IS NULL`);
    await q.query(`ALTER TABLE \`staff_notices\` CHANGE \`ticketId\` \`ticketId\` int NOT NULL`);
    await q.query(`ALTER TABLE \`staff_chats\` DROP COLUMN \`delayAlertedAt\``);
    await q.query(`ALTER TABLE \`teams\` DROP COLUMN \`noStaffChat\``);
  }
}
