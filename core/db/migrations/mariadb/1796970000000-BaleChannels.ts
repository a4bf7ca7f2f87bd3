import type { MigrationInterface, QueryRunner } from 'typeorm';

/** issue 20: a requester, an outbox row and a message link belong to a channel (telegram, bale) */
export class BaleChannels1796970000000 implements MigrationInterface {
  name = 'BaleChannels1796970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `requesters` ADD `channel` varchar(16) NOT NULL DEFAULT 'telegram'");
    await q.query("ALTER TABLE `message_links` ADD `channel` varchar(16) NOT NULL DEFAULT 'telegram'");
    await q.query("ALTER TABLE `outbox` ADD `channel` varchar(16) NOT NULL DEFAULT 'telegram'");
    await q.query('CREATE UNIQUE INDEX `uq_requesters_channel_user` ON `requesters` (`channel`, `telegramId`)');
    await q.query('DROP INDEX `IDX_99262c2ccef209a36d53332ec3` ON `requesters`');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE UNIQUE INDEX `IDX_99262c2ccef209a36d53332ec3` ON `requesters` (`telegramId`)');
    await q.query('DROP INDEX `uq_requesters_channel_user` ON `requesters`');
    await q.query('ALTER TABLE `outbox` DROP COLUMN `channel`');
    await q.query('ALTER TABLE `message_links` DROP COLUMN `channel`');
    await q.query('ALTER TABLE `requesters` DROP COLUMN `channel`');
  }
}
