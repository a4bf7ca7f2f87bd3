import type { MigrationInterface, QueryRunner } from 'typeorm';

const DIMS =
  '"grain", "metric", "day", "teamId", "valueChainId", "departmentId", "subjectId", "assigneeId", "priority", "internal", "state", "reopened", "policyId", "ratedAssigneeId", "score"';

/**
 * issue 20: the reports filter and group by channel — a `channel` dimension in report_daily (in its unique key
 * and covering index) and in report_ticket_facts. The summary is emptied: the first report summarises every
 * ticket again with its channel (catchUpReportSummary), as it does for tickets written outside the core.
 * report_daily's unique key is a table constraint, changed by rebuilding the (empty) table from its own CREATE
 * statement with the constraint swapped.
 */
export class ReportChannel1797060000001 implements MigrationInterface {
  name = 'ReportChannel1797060000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "report_daily"`);
    await q.query(`DELETE FROM "report_ticket_facts"`);
    await q.query(`DROP INDEX "ix_report_daily_cover"`);
    await q.query(`ALTER TABLE "report_daily" ADD COLUMN "channel" varchar(16) NOT NULL DEFAULT ('')`);
    await q.query(`ALTER TABLE "report_ticket_facts" ADD COLUMN "channel" varchar(16) NOT NULL DEFAULT ('telegram')`);
    await rebuildEmptyWithUnique(q, 'report_daily', 'uq_report_daily', `${DIMS}, "channel"`);
    await q.query(`CREATE INDEX "ix_report_daily_cover" ON "report_daily" (${DIMS}, "channel", "n") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "report_daily"`);
    await q.query(`DELETE FROM "report_ticket_facts"`);
    await q.query(`DROP INDEX "ix_report_daily_cover"`);
    await rebuildEmptyWithUnique(q, 'report_daily', 'uq_report_daily', DIMS);
    await q.query(`ALTER TABLE "report_daily" DROP COLUMN "channel"`);
    await q.query(`ALTER TABLE "report_ticket_facts" DROP COLUMN "channel"`);
    await q.query(`CREATE INDEX "ix_report_daily_cover" ON "report_daily" (${DIMS}, "n") `);
  }
}

/** an empty table made again from its own CREATE statement, its named UNIQUE constraint on `columns`; its other indexes kept */
async function rebuildEmptyWithUnique(q: QueryRunner, table: string, constraint: string, columns: string): Promise<void> {
  const [{ sql }] = (await q.query(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = '${table}'`)) as { sql: string }[];
  const pattern = new RegExp(`CONSTRAINT "${constraint}" UNIQUE \\([^)]*\\)`);
  if (!pattern.test(sql)) throw new Error(`${table}: constraint ${constraint} not found`);
  const indexes = (await q.query(`SELECT "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = '${table}' AND "sql" IS NOT NULL`)) as {
    sql: string;
  }[];
  await q.query(`DROP TABLE "${table}"`);
  await q.query(sql.replace(pattern, `CONSTRAINT "${constraint}" UNIQUE (${columns})`));
  for (const i of indexes) await q.query(i.sql);
}
