// The pilot's calendar of quarters as the page shows it: every quarter of the schedule its start
// recorded, each with its report's row once the quarter's workflow has written it (a pilot started
// before that wrote all rows at once: its schedule and rows say the same). The API gives no
// quarter's start: quarter n is taken as begun at the pilot's start plus (n − 1) quarters, the
// period divided by its number of quarters (domain/pilotCalendar.ts quarterSchedule); the report
// workflow has the last word on whether a report is taken.
import type { Pilot, QuarterlyReport } from './types';

/** filed: submitted; open: begun, before its due time; overdue: past it, still taken (late); upcoming: not begun; missing: counted missing; cancelled: closed by the pilot's removal */
export type QuarterState = 'filed' | 'open' | 'overdue' | 'upcoming' | 'missing' | 'cancelled';

export interface QuarterRow {
  quarter: number;
  startsAt: Date;
  endsAt: Date;
  dueAt: string;
  /** none until the quarter has begun */
  report: QuarterlyReport | null;
  state: QuarterState;
}

export function quarterRows(
  pilot: Pick<Pilot, 'startsAt' | 'endsAt' | 'reports' | 'schedule' | 'status'>,
  now = Date.now(),
): QuarterRow[] {
  const byQuarter = new Map(pilot.reports.map((r) => [r.quarter, r]));
  // a pilot without a recorded schedule: its rows are its quarters
  const schedule = pilot.schedule.length
    ? pilot.schedule
    : pilot.reports.map((r) => ({ quarter: r.quarter, dueAt: r.dueAt }));
  const start = new Date(pilot.startsAt).getTime();
  const quarterMs = (new Date(pilot.endsAt).getTime() - start) / Math.max(schedule.length, 1);
  return schedule.map(({ quarter, dueAt }) => {
    const report = byQuarter.get(quarter) ?? null;
    const startsAt = new Date(start + (quarter - 1) * quarterMs);
    const endsAt = new Date(start + quarter * quarterMs);
    // a removed pilot's quarters to come will not begin
    const state = !report && pilot.status === 'removed' ? 'cancelled' : stateOf(report, startsAt, now);
    return { quarter, startsAt, endsAt, dueAt: report?.dueAt ?? dueAt, report, state };
  });
}

function stateOf(report: QuarterlyReport | null, startsAt: Date, now: number): QuarterState {
  if (!report) return 'upcoming';
  if (report.status === 'submitted') return 'filed';
  if (report.status === 'missing') return 'missing';
  if (report.status === 'cancelled') return 'cancelled';
  if (now < startsAt.getTime()) return 'upcoming';
  return now <= new Date(report.dueAt).getTime() ? 'open' : 'overdue';
}

/** The quarters whose report may be filed now (open, or overdue and still taken). */
export function fileable(rows: readonly QuarterRow[]): QuarterRow[] {
  return rows.filter((r) => r.state === 'open' || r.state === 'overdue');
}
