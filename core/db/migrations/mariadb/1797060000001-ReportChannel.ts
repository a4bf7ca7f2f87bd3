import type { MigrationInterface, QueryRunner } from 'typeorm';

const DIMS =
  '`grain`, `metric`, `day`, `teamId`, `valueChainId`, `departmentId`, `subjectId`, `assigneeId`, `priority`, `internal`, `state`, `reopened`, `policyId`, `ratedAssigneeId`, `score`';

/**
 * issue 20: the reports filter and group by channel — a `channel` dimension in report_daily (in its unique key
 * and covering index) and in report_ticket_facts. The summary is emptied: the first report summarises every
 * ticket again with its channel (catchUpReportSummary), as it does for tickets written outside the core.
 */
export class ReportChannel1797060000001 implements MigrationInterface {
  name = 'ReportChannel1797060000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM `report_daily`');
    await q.query('DELETE FROM `report_ticket_facts`');
    await q.query('DROP INDEX `uq_report_daily` ON `report_daily`');
    await q.query('DROP INDEX `ix_report_daily_cover` ON `report_daily`');
    await q.query("ALTER TABLE `report_daily` ADD `channel` varchar(16) NOT NULL DEFAULT ''");
    await q.query("ALTER TABLE `report_ticket_facts` ADD `channel` varchar(16) NOT NULL DEFAULT 'telegram'");
    await q.query(`CREATE INDEX \`ix_report_daily_cover\` ON \`report_daily\` (${DIMS}, \`channel\`, \`n\`)`);
    await q.query(`CREATE UNIQUE INDEX \`uq_report_daily\` ON \`report_daily\` (${DIMS}, \`channel\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM `report_daily`');
    await q.query('DELETE FROM `report_ticket_facts`');
    await q.query('DROP INDEX `uq_report_daily` ON `report_daily`');
    await q.query('DROP INDEX `ix_report_daily_cover` ON `report_daily`');
    await q.query('ALTER TABLE `report_ticket_facts` DROP COLUMN `channel`');
    await q.query('ALTER TABLE `report_daily` DROP COLUMN `channel`');
    await q.query(`CREATE INDEX \`ix_report_daily_cover\` ON \`report_daily\` (${DIMS}, \`n\`)`);
    await q.query(`CREATE UNIQUE INDEX \`uq_report_daily\` ON \`report_daily\` (${DIMS})`);
  }
}
