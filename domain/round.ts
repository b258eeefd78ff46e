// A programme round: its declaration deadline and the durations of its stages. The workflows
// read these from the round they run under, never from constants of their own.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Durations in days; fractions allowed so a demo round can run on a compressed calendar. */
export interface RoundConfig {
  provincialReviewDays: number;
  revisionDays: number;
}

/** What the 2018 notice leaves open, we set as a ministry would: two weeks per party, ten days to revise. */
export const DEFAULT_ROUND_CONFIG: RoundConfig = { provincialReviewDays: 15, revisionDays: 10 };

export function isDeclarationOpen(round: { declarationDeadline: Date }, now: Date): boolean {
  return now.getTime() <= round.declarationDeadline.getTime();
}

export function daysToMs(days: number): number {
  return Math.round(days * DAY_MS);
}
