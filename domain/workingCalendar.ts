// China's official working-day calendar (工作日): weekends off, public holidays off, and the
// adjusted working days (调休) — Saturdays or Sundays worked to bridge a holiday — on. The dates
// come from data (platform/workingCalendar.ts: the `chinese-days` package plus the admin's
// overrides); the counting rule lives here, pure, so it is tested without I/O.
//
// Counting rule: "N working days from a moment" starts on the first working day after the
// moment's date in Beijing time, and the period ends at the close (24:00 Beijing time) of the Nth
// working day. So a notice published on a Friday afternoon for 5 working days runs until the end
// of the next Friday, unless a holiday lies in between.

/** Beijing has no daylight saving: UTC+8 all year. */
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type CalendarDayKind = 'workday' | 'holiday';

export interface CalendarData {
  /** YYYY-MM-DD → kind, for the dates that differ from the plain weekend rule (or confirm it) */
  days: ReadonlyMap<string, CalendarDayKind>;
  /** years whose holidays and adjusted working days are known */
  coveredYears: ReadonlySet<number>;
}

export interface WorkingDueTime {
  dueAt: Date;
  /** years the count crossed without a known calendar: only weekends were taken as days off */
  uncoveredYears: number[];
}

/** The Beijing calendar date of a moment, as YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** 24:00 Beijing time at the end of a YYYY-MM-DD date. */
export function endOfBeijingDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - BEIJING_OFFSET_MS);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: CalendarData): boolean {
  const kind = calendar.days.get(date);
  if (kind) return kind === 'workday';
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The end of the `n`th working day after `from` (see the counting rule above); n ≥ 1, whole. */
export function addWorkingDays(from: Date, n: number, calendar: CalendarData): WorkingDueTime {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a whole number ≥ 1, not ${n}`);
  const uncovered = new Set<number>();
  let date = beijingDate(from);
  for (let counted = 0; counted < n;) {
    date = nextDate(date);
    const year = Number(date.slice(0, 4));
    if (!calendar.coveredYears.has(year)) uncovered.add(year);
    if (isWorkingDay(date, calendar)) counted++;
  }
  return { dueAt: endOfBeijingDay(date), uncoveredYears: [...uncovered].sort() };
}

/** The end of the working day `n` working days before the Beijing date of `to`; n ≥ 1, whole. */
export function workingDaysBefore(to: Date, n: number, calendar: CalendarData): WorkingDueTime {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a whole number ≥ 1, not ${n}`);
  const uncovered = new Set<number>();
  let date = beijingDate(to);
  for (let counted = 0; counted < n;) {
    date = new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    const year = Number(date.slice(0, 4));
    if (!calendar.coveredYears.has(year)) uncovered.add(year);
    if (isWorkingDay(date, calendar)) counted++;
  }
  return { dueAt: endOfBeijingDay(date), uncoveredYears: [...uncovered].sort() };
}

/** "2026-12-06 16:49" in China Standard Time (UTC+8, no daylight saving), as mail and exports say times. */
export function chinaTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
