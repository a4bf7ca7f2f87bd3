import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * issue 20, one person on two channels: a requester's messenger accounts move to `requester_channels` (each
 * requester's channel, user id, username and reachability become his first row there); tickets remember the
 * channel he writes from; the inbound message key and the message links include the channel, so the same
 * message id on Telegram and on Bale never collide.
 */
export class RequesterChannels1797060000000 implements MigrationInterface {
  name = 'RequesterChannels1797060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `requester_channels` (`id` int NOT NULL AUTO_INCREMENT, `requesterId` int NOT NULL, `channel` varchar(16) NOT NULL DEFAULT 'telegram', `userId` bigint NOT NULL, `chatId` bigint NOT NULL, `username` varchar(64) NULL, `reachable` tinyint NOT NULL DEFAULT 1, `linkedAt` datetime(3) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_requester_channels_requester` (`requesterId`, `channel`), UNIQUE INDEX `uq_requester_channels_user` (`channel`, `userId`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    // every requester keeps his one account (private chat id = user id on both messengers)
    await q.query(
      'INSERT INTO `requester_channels` (`requesterId`, `channel`, `userId`, `chatId`, `username`, `reachable`, `linkedAt`, `createdAt`) SELECT `id`, `channel`, `telegramId`, `telegramId`, `username`, `reachable`, NULL, `createdAt` FROM `requesters`',
    );
    await q.query("ALTER TABLE `tickets` ADD `channel` varchar(16) NOT NULL DEFAULT 'telegram'");
    await q.query("ALTER TABLE `ticket_messages` ADD `channel` varchar(16) NOT NULL DEFAULT 'telegram'");
    // a ticket and its requester's messages were on his (only) channel
    await q.query("UPDATE `tickets` t JOIN `requesters` r ON r.`id` = t.`requesterId` SET t.`channel` = r.`channel` WHERE r.`channel` <> 'telegram'");
    await q.query(
      "UPDATE `ticket_messages` m JOIN `tickets` t ON t.`id` = m.`ticketId` SET m.`channel` = t.`channel` WHERE t.`channel` <> 'telegram' AND m.`requesterChatId` IS NOT NULL",
    );
    await q.query('DROP INDEX `uq_requesters_channel_user` ON `requesters`');
    await q.query('ALTER TABLE `requesters` DROP COLUMN `telegramId`, DROP COLUMN `username`, DROP COLUMN `reachable`, DROP COLUMN `channel`');
    await q.query('DROP INDEX `uq_messages_inbound` ON `ticket_messages`');
    await q.query('CREATE UNIQUE INDEX `uq_messages_inbound` ON `ticket_messages` (`channel`, `requesterChatId`, `requesterMessageId`)');
    await q.query('DROP INDEX `uq_links_chat_message` ON `message_links`');
    await q.query('CREATE UNIQUE INDEX `uq_links_chat_message` ON `message_links` (`channel`, `chatId`, `messageId`)');
  }

  async down(q: QueryRunner): Promise<void> {
    // a linked requester's second account has no place in the old model: only his first one is kept
    await q.query('DROP INDEX `uq_links_chat_message` ON `message_links`');
    await q.query('CREATE UNIQUE INDEX `uq_links_chat_message` ON `message_links` (`chatId`, `messageId`)');
    await q.query('DROP INDEX `uq_messages_inbound` ON `ticket_messages`');
    await q.query('CREATE UNIQUE INDEX `uq_messages_inbound` ON `ticket_messages` (`requesterChatId`, `requesterMessageId`)');
    await q.query(
      "ALTER TABLE `requesters` ADD `channel` varchar(16) NOT NULL DEFAULT 'telegram', ADD `reachable` tinyint NOT NULL DEFAULT 1, ADD `username` varchar(64) NULL, ADD `telegramId` bigint NOT NULL DEFAULT 0",
    );
    await q.query(
      'UPDATE `requesters` r JOIN `requester_channels` c ON c.`requesterId` = r.`id` AND c.`linkedAt` IS NULL SET r.`channel` = c.`channel`, r.`telegramId` = c.`userId`, r.`username` = c.`username`, r.`reachable` = c.`reachable`',
    );
    await q.query('ALTER TABLE `requesters` ALTER `telegramId` DROP DEFAULT');
    await q.query('CREATE UNIQUE INDEX `uq_requesters_channel_user` ON `requesters` (`channel`, `telegramId`)');
    await q.query('ALTER TABLE `ticket_messages` DROP COLUMN `channel`');
    await q.query('ALTER TABLE `tickets` DROP COLUMN `channel`');
    await q.query('DROP TABLE `requester_channels`');
  }
}
