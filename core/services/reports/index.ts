/** Dashboards and reports (issue 8): what the panel's pages call. See each module's header. */
export { myDashboard, type MyDashboard, type PeriodPerformance } from './dashboard.ts';
export { teamCards, type TeamCard } from './team-cards.ts';
export { volumeReport, type VolumeRow } from './volume.ts';
export { breakdownReport, type Breakdown, type CatalogueRow, type TeamStateRow } from './breakdown.ts';
export { slaReport, type SlaReport, type SlaOutcomeRow, type TimeSpread } from './sla.ts';
export { agentsReport, type AgentRow } from './agents.ts';
export { ratingsReport, type RatingsReport, type RatingComment } from './ratings.ts';
export { toCsv, toCsvBuffer, BOM, type CsvColumn } from './csv.ts';
export { reportTeamScope, type TeamScope } from './scope.ts';
export type { ReportFilters } from './filters.ts';
export { GRANULARITIES, type Granularity, jalaliLabel, bucketLabel } from './buckets.ts';
export { median, percentile, p90 } from './stats.ts';
