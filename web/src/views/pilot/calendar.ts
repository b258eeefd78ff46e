// The pilot's calendar of quarters as the page shows it. The API gives each report's due time but
// no quarter's start: quarter n is taken as begun at the pilot's start plus (n − 1) quarters, the
// period divided by its number of quarters (domain/pilotCalendar.ts quarterSchedule); the report
// workflow has the last word on whether a report is taken.
import type { Pilot, QuarterlyReport } from './types';

/** filed: submitted; open: begun, before its due time; overdue: past it, still taken (late); upcoming: not begun; missing: counted missing */
export type QuarterState = 'filed' | 'open' | 'overdue' | 'upcoming' | 'missing';

export interface QuarterRow {
  quarter: number;
  startsAt: Date;
  endsAt: Date;
  report: QuarterlyReport;
  state: QuarterState;
}

export function quarterRows(pilot: Pick<Pilot, 'startsAt' | 'endsAt' | 'reports'>, now = Date.now()): QuarterRow[] {
  const start = new Date(pilot.startsAt).getTime();
  const quarterMs = (new Date(pilot.endsAt).getTime() - start) / Math.max(pilot.reports.length, 1);
  return pilot.reports.map((report) => {
    const startsAt = new Date(start + (report.quarter - 1) * quarterMs);
    const endsAt = new Date(start + report.quarter * quarterMs);
    const state: QuarterState =
      report.status === 'submitted' ? 'filed' : report.status === 'missing' ? 'missing' : now < startsAt.getTime() ? 'upcoming' : now <= new Date(report.dueAt).getTime() ? 'open' : 'overdue';
    return { quarter: report.quarter, startsAt, endsAt, report, state };
  });
}

/** The quarters whose report may be filed now (open, or overdue and still taken). */
export function fileable(rows: readonly QuarterRow[]): QuarterRow[] {
  return rows.filter((r) => r.state === 'open' || r.state === 'overdue');
}
