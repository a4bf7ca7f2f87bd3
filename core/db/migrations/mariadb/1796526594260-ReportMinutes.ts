import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportMinutes1796526594260 implements MigrationInterface {
  name = 'ReportMinutes1796526594260';

  async up(q: QueryRunner): Promise<void> {
    // the monthly minute buckets (report_daily 'fr_min' / 'res_min') are new: empty the summary, and the first
    // report summarises every ticket again (catchUpReportSummary starts above the highest summarised id)
    await q.query(`DELETE FROM \`report_daily\``);
    await q.query(`DELETE FROM \`report_ticket_facts\``);
    await q.query(`CREATE INDEX \`ix_report_daily_cover\` ON \`report_daily\` (\`grain\`, \`metric\`, \`day\`, \`teamId\`, \`valueChainId\`, \`departmentId\`, \`subjectId\`, \`assigneeId\`, \`priority\`, \`internal\`, \`state\`, \`reopened\`, \`policyId\`, \`ratedAssigneeId\`, \`score\`, \`n\`)`);
    await q.query(`CREATE INDEX \`ix_report_facts_res\` ON \`report_ticket_facts\` (\`resMinutes\`, \`createdAt\`, \`teamId\`, \`assigneeId\`, \`internal\`)`);
    await q.query(`CREATE INDEX \`ix_report_facts_fr\` ON \`report_ticket_facts\` (\`frMinutes\`, \`createdAt\`, \`teamId\`, \`assigneeId\`, \`internal\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`ix_report_facts_fr\` ON \`report_ticket_facts\``);
    await q.query(`DROP INDEX \`ix_report_facts_res\` ON \`report_ticket_facts\``);
    await q.query(`DROP INDEX \`ix_report_daily_cover\` ON \`report_daily\``);
  }
}
