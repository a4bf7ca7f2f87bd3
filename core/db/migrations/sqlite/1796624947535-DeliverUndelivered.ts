import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliverUndelivered1796624947535 implements MigrationInterface {
  name = 'DeliverUndelivered1796624947535';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_messages_ticket"`);
    await q.query(`CREATE TABLE "temporary_ticket_messages" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ticketId" integer NOT NULL, "kind" varchar CHECK( "kind" IN ('message','note') ) NOT NULL DEFAULT ('message'), "direction" varchar CHECK( "direction" IN ('in','out') ) NOT NULL, "authorKind" varchar CHECK( "authorKind" IN ('requester','staff','system') ) NOT NULL, "requesterId" integer, "staffId" integer, "text" text, "textKey" text, "attachments" text NOT NULL DEFAULT ('[]'), "via" varchar CHECK( "via" IN ('telegram','panel','system') ) NOT NULL DEFAULT ('telegram'), "requesterChatId" bigint, "requesterMessageId" integer, "replyToId" integer, "editedAt" datetime(3), "previousTexts" text NOT NULL DEFAULT ('[]'), "createdAt" datetime(3) NOT NULL, "undeliveredAt" datetime(3), CONSTRAINT "uq_messages_inbound" UNIQUE ("requesterChatId", "requesterMessageId"))`);
    await q.query(`INSERT INTO "temporary_ticket_messages"("id", "ticketId", "kind", "direction", "authorKind", "requesterId", "staffId", "text", "textKey", "attachments", "via", "requesterChatId", "requesterMessageId", "replyToId", "editedAt", "previousTexts", "createdAt") SELECT "id", "ticketId", "kind", "direction", "authorKind", "requesterId", "staffId", "text", "textKey", "attachments", "via", "requesterChatId", "requesterMessageId", "replyToId", "editedAt", "previousTexts", "createdAt" FROM "ticket_messages"`);
    await q.query(`DROP TABLE "ticket_messages"`);
    await q.query(`ALTER TABLE "temporary_ticket_messages" RENAME TO "ticket_messages"`);
    await q.query(`CREATE INDEX "ix_messages_ticket" ON "ticket_messages" ("ticketId", "id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_messages_ticket"`);
    await q.query(`ALTER TABLE "ticket_messages" RENAME TO "temporary_ticket_messages"`);
    await q.query(`CREATE TABLE "ticket_messages" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ticketId" integer NOT NULL, "kind" varchar CHECK( "kind" IN ('message','note') ) NOT NULL DEFAULT ('message'), "direction" varchar CHECK( "direction" IN ('in','out') ) NOT NULL, "authorKind" varchar CHECK( "authorKind" IN ('requester','staff','system') ) NOT NULL, "requesterId" integer, "staffId" integer, "text" text, "textKey" text, "attachments" text NOT NULL DEFAULT ('[]'), "via" varchar CHECK( "via" IN ('telegram','panel','system') ) NOT NULL DEFAULT ('telegram'), "requesterChatId" bigint, "requesterMessageId" integer, "replyToId" integer, "editedAt" datetime(3), "previousTexts" text NOT NULL DEFAULT ('[]'), "createdAt" datetime(3) NOT NULL, CONSTRAINT "uq_messages_inbound" UNIQUE ("requesterChatId", "requesterMessageId"))`);
    await q.query(`INSERT INTO "ticket_messages"("id", "ticketId", "kind", "direction", "authorKind", "requesterId", "staffId", "text", "textKey", "attachments", "via", "requesterChatId", "requesterMessageId", "replyToId", "editedAt", "previousTexts", "createdAt") SELECT "id", "ticketId", "kind", "direction", "authorKind", "requesterId", "staffId", "text", "textKey", "attachments", "via", "requesterChatId", "requesterMessageId", "replyToId", "editedAt", "previousTexts", "createdAt" FROM "temporary_ticket_messages"`);
    await q.query(`DROP TABLE "temporary_ticket_messages"`);
    await q.query(`CREATE INDEX "ix_messages_ticket" ON "ticket_messages" ("ticketId", "id") `);
  }
}
