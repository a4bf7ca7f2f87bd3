import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * issue 20, one person on two channels: a requester's messenger accounts move to `requester_channels` (each
 * requester's channel, user id, username and reachability become his first row there); tickets remember the
 * channel he writes from; the inbound message key and the message links include the channel, so the same
 * message id on Telegram and on Bale never collide.
 *
 * Columns are added and dropped in place. The two unique keys are table constraints here, which SQLite can
 * only change by rebuilding the table: the rebuild starts from the table's own CREATE statement (so columns
 * other migrations added are kept) with the constraint swapped.
 */
export class RequesterChannels1797060000000 implements MigrationInterface {
  name = 'RequesterChannels1797060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "requester_channels" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "requesterId" integer NOT NULL, "channel" varchar(16) NOT NULL DEFAULT ('telegram'), "userId" bigint NOT NULL, "chatId" bigint NOT NULL, "username" varchar(64), "reachable" boolean NOT NULL DEFAULT (1), "linkedAt" datetime(3), "createdAt" datetime(6) NOT NULL DEFAULT (datetime('now')))`,
    );
    await q.query(`CREATE INDEX "ix_requester_channels_requester" ON "requester_channels" ("requesterId", "channel") `);
    await q.query(`CREATE UNIQUE INDEX "uq_requester_channels_user" ON "requester_channels" ("channel", "userId") `);
    // every requester keeps his one account (private chat id = user id on both messengers)
    await q.query(
      `INSERT INTO "requester_channels" ("requesterId", "channel", "userId", "chatId", "username", "reachable", "linkedAt", "createdAt") SELECT "id", "channel", "telegramId", "telegramId", "username", "reachable", NULL, "createdAt" FROM "requesters"`,
    );
    await q.query(`ALTER TABLE "tickets" ADD COLUMN "channel" varchar(16) NOT NULL DEFAULT ('telegram')`);
    await q.query(`ALTER TABLE "ticket_messages" ADD COLUMN "channel" varchar(16) NOT NULL DEFAULT ('telegram')`);
    // a ticket and its requester's messages were on his (only) channel
    await q.query(
      `UPDATE "tickets" SET "channel" = (SELECT r."channel" FROM "requesters" r WHERE r."id" = "tickets"."requesterId") WHERE "requesterId" IN (SELECT "id" FROM "requesters" WHERE "channel" <> 'telegram')`,
    );
    await q.query(
      `UPDATE "ticket_messages" SET "channel" = (SELECT t."channel" FROM "tickets" t WHERE t."id" = "ticket_messages"."ticketId") WHERE "requesterChatId" IS NOT NULL AND "ticketId" IN (SELECT "id" FROM "tickets" WHERE "channel" <> 'telegram')`,
    );
    await q.query(`DROP INDEX "uq_requesters_channel_user"`);
    for (const c of ['telegramId', 'username', 'reachable', 'channel']) await q.query(`ALTER TABLE "requesters" DROP COLUMN "${c}"`);
    await rebuildWithUnique(q, 'ticket_messages', 'uq_messages_inbound', ['channel', 'requesterChatId', 'requesterMessageId']);
    await rebuildWithUnique(q, 'message_links', 'uq_links_chat_message', ['channel', 'chatId', 'messageId']);
  }

  async down(q: QueryRunner): Promise<void> {
    // a linked requester's second account has no place in the old model: only his first one is kept
    await rebuildWithUnique(q, 'message_links', 'uq_links_chat_message', ['chatId', 'messageId']);
    await rebuildWithUnique(q, 'ticket_messages', 'uq_messages_inbound', ['requesterChatId', 'requesterMessageId']);
    await q.query(`ALTER TABLE "requesters" ADD COLUMN "telegramId" bigint NOT NULL DEFAULT (0)`);
    await q.query(`ALTER TABLE "requesters" ADD COLUMN "username" varchar(64)`);
    await q.query(`ALTER TABLE "requesters" ADD COLUMN "reachable" boolean NOT NULL DEFAULT (1)`);
    await q.query(`ALTER TABLE "requesters" ADD COLUMN "channel" varchar(16) NOT NULL DEFAULT ('telegram')`);
    for (const c of ['telegramId', 'username', 'reachable', 'channel']) {
      const from = c === 'telegramId' ? 'userId' : c;
      await q.query(
        `UPDATE "requesters" SET "${c}" = (SELECT c."${from}" FROM "requester_channels" c WHERE c."requesterId" = "requesters"."id" AND c."linkedAt" IS NULL) WHERE "id" IN (SELECT "requesterId" FROM "requester_channels" WHERE "linkedAt" IS NULL)`,
      );
    }
    await q.query(`CREATE UNIQUE INDEX "uq_requesters_channel_user" ON "requesters" ("channel", "telegramId") `);
    await q.query(`ALTER TABLE "ticket_messages" DROP COLUMN "channel"`);
    await q.query(`ALTER TABLE "tickets" DROP COLUMN "channel"`);
    await q.query(`DROP INDEX "uq_requester_channels_user"`);
    await q.query(`DROP INDEX "ix_requester_channels_requester"`);
    await q.query(`DROP TABLE "requester_channels"`);
  }
}

/** rebuilds a table with its named UNIQUE constraint on other columns, keeping every column, row and index it has */
async function rebuildWithUnique(q: QueryRunner, table: string, constraint: string, columns: string[]): Promise<void> {
  const [{ sql }] = (await q.query(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = '${table}'`)) as { sql: string }[];
  const pattern = new RegExp(`CONSTRAINT "${constraint}" UNIQUE \\([^)]*\\)`);
  if (!pattern.test(sql)) throw new Error(`${table}: constraint ${constraint} not found`);
  const created = sql
    .replace(pattern, `CONSTRAINT "${constraint}" UNIQUE (${columns.map((c) => `"${c}"`).join(', ')})`)
    .replace(new RegExp(`^CREATE TABLE "${table}"`), `CREATE TABLE "temporary_${table}"`);
  const cols = ((await q.query(`PRAGMA table_info("${table}")`)) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
  const indexes = (await q.query(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = '${table}' AND "sql" IS NOT NULL`)) as {
    sql: string;
  }[];
  await q.query(created);
  await q.query(`INSERT INTO "temporary_${table}" (${cols}) SELECT ${cols} FROM "${table}"`);
  await q.query(`DROP TABLE "${table}"`);
  await q.query(`ALTER TABLE "temporary_${table}" RENAME TO "${table}"`);
  for (const i of indexes) await q.query(i.sql);
}
