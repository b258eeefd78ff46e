// The data behind domain/workingCalendar.ts: the `chinese-days` package's holidays and adjusted
// working days (the State Council's yearly arrangement, 2004 onwards), overlaid with the admin's
// entries (CalendarDay) for a year the package lacks or a correction, and the years the admin has
// confirmed (CalendarYear). Read fresh on each call: the overrides are a few dozen rows.
import chineseDays from 'chinese-days/dist/chinese-days.json';
import type { CalendarData, CalendarDayKind } from '../domain/workingCalendar';
import type { Db } from './db';

type Entries = Record<string, string>; // YYYY-MM-DD → "English,中文,n"

const PACKAGE_DAYS: ReadonlyMap<string, CalendarDayKind> = new Map([
  ...Object.keys(chineseDays.holidays as Entries).map((d) => [d, 'holiday'] as const),
  ...Object.keys(chineseDays.workdays as Entries).map((d) => [d, 'workday'] as const),
]);

/** Years the package knows: those with at least one entry (every year has New Year's Day). */
export const PACKAGE_YEARS: ReadonlySet<number> = new Set([...PACKAGE_DAYS.keys()].map((d) => Number(d.slice(0, 4))));

/** The package's name of a date it lists, as [English, 中文]. */
export function packageDayName(date: string): { en: string; zh: string } | undefined {
  const entry = (chineseDays.holidays as Entries)[date] ?? (chineseDays.workdays as Entries)[date];
  if (!entry) return undefined;
  const [en, zh] = entry.split(',');
  return { en, zh };
}

/** The package's calendar with the admin's entries laid over it. */
export function officialCalendar(
  overrides: readonly { date: string; kind: string }[] = [],
  confirmedYears: readonly number[] = [],
): CalendarData {
  const days = new Map(PACKAGE_DAYS);
  for (const o of overrides) days.set(o.date, o.kind as CalendarDayKind);
  return { days, coveredYears: new Set([...PACKAGE_YEARS, ...confirmedYears]) };
}

export async function loadWorkingCalendar(db: Pick<Db, 'calendarDay' | 'calendarYear'>): Promise<CalendarData> {
  const [overrides, confirmed] = await Promise.all([db.calendarDay.findMany(), db.calendarYear.findMany()]);
  return officialCalendar(
    overrides,
    confirmed.map((c) => c.year),
  );
}
