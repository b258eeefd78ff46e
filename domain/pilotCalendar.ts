// The pilot's calendar (notice §四(四)–(五)): "试点实施期为 2 年", every pilot reports "每季度"
// (8 quarterly reports), provincial commerce departments compile their province's reports for
// MOFCOM, and the pilot is evaluated at mid-term and at the end. Dates are computed from the
// pilot's start and the round's configuration only — no clock — so workflows can use them.
import { daysToMs, type RoundConfig } from './round';

export interface QuarterWindow {
  /** 1-based */
  quarter: number;
  startsAt: Date;
  endsAt: Date;
  /** the quarterly report (季度报告) is due at the quarter's end plus the grace period */
  dueAt: Date;
}

/** Quarter n runs from startsAt + (n−1)·quarterDays to startsAt + n·quarterDays; due at its end + reportGraceDays. */
export function quarterSchedule(startsAt: Date, pilot: RoundConfig['pilot']): QuarterWindow[] {
  const t0 = startsAt.getTime();
  const out: QuarterWindow[] = [];
  for (let n = 1; n <= pilot.quarters; n++) {
    const end = t0 + daysToMs(n * pilot.quarterDays);
    out.push({
      quarter: n,
      startsAt: new Date(t0 + daysToMs((n - 1) * pilot.quarterDays)),
      endsAt: new Date(end),
      dueAt: new Date(end + daysToMs(pilot.reportGraceDays)),
    });
  }
  return out;
}

/** The mid-term evaluation (中期评估) opens at the end of quarter `midtermAfterQuarter`; the final (终期评估) at the end of the last quarter. */
export function evaluationSchedule(startsAt: Date, pilot: RoundConfig['pilot']): { midterm: Date; final: Date } {
  if (pilot.midtermAfterQuarter < 1 || pilot.midtermAfterQuarter > pilot.quarters) {
    throw new RangeError(`midtermAfterQuarter ${pilot.midtermAfterQuarter} is outside 1..${pilot.quarters}`);
  }
  const t0 = startsAt.getTime();
  return {
    midterm: new Date(t0 + daysToMs(pilot.midtermAfterQuarter * pilot.quarterDays)),
    final: new Date(t0 + daysToMs(pilot.quarters * pilot.quarterDays)),
  };
}

/** The provincial commerce department's compilation (汇总上报) of a quarter's reports is due compilationDays after the reports are. */
export function compilationDueAt(dueAt: Date, pilot: RoundConfig['pilot']): Date {
  return new Date(dueAt.getTime() + daysToMs(pilot.compilationDays));
}
