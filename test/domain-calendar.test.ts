// China's working-day calendar: weekends, public holidays and adjusted working days (调休), on the
// chinese-days package's data with the admin's entries laid over it. Expected dates are read off
// the State Council's published arrangements for those years.
import { roundConfigSchema } from '../domain/roundSchema';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import { addWorkingDays, beijingDate, isWorkingDay } from '../domain/workingCalendar';
import { officialCalendar, PACKAGE_YEARS } from '../platform/workingCalendar';

const calendar = officialCalendar();
const due = (from: string, n: number, cal = calendar) => addWorkingDays(new Date(from), n, cal);

describe('the working-day calendar', () => {
  test('when a period crosses the 2024 Spring Festival, then the holiday week is skipped and the adjusted Sunday counts', () => {
    // 2024: off Feb 10–17; worked Sunday Feb 4 and Sunday Feb 18
    expect(isWorkingDay('2024-02-04', calendar)).toBe(true);
    expect(isWorkingDay('2024-02-12', calendar)).toBe(false);
    expect(due('2024-02-08T10:00:00+08:00', 3)).toEqual({
      dueAt: new Date('2024-02-19T16:00:00Z'),
      uncoveredYears: [],
    }); // Fri 9, Sun 18, Mon 19
  });

  test('when a period crosses the 2026 National Day week, then Oct 1–7 are skipped and Saturday Oct 10 counts', () => {
    // 2026: off Oct 1–7; worked Sunday Sep 20 and Saturday Oct 10
    expect(due('2026-09-30T15:00:00+08:00', 5).dueAt).toEqual(new Date('2026-10-13T16:00:00Z')); // Oct 8, 9, 10 (Sat), 12, 13
    expect(due('2026-10-09T12:00:00+08:00', 1).dueAt).toEqual(new Date('2026-10-10T16:00:00Z'));
    expect(due('2026-09-19T09:00:00+08:00', 1).dueAt).toEqual(new Date('2026-09-20T16:00:00Z')); // the adjusted Sunday
  });

  test('when a period starts late in the evening, Beijing time, then it counts from the next Beijing day', () => {
    // 23:30 Friday in Beijing is 15:30 UTC Friday: the first day counted is Monday
    expect(beijingDate(new Date('2025-03-07T15:30:00Z'))).toBe('2025-03-07');
    expect(beijingDate(new Date('2025-03-07T16:30:00Z'))).toBe('2025-03-08');
    expect(due('2025-03-07T15:30:00Z', 1).dueAt).toEqual(new Date('2025-03-10T16:00:00Z'));
  });

  test('when a period runs into a year the package lacks, then weekends alone are off and the year is named; the admin entries and confirmation fix it', () => {
    const lacking = [...PACKAGE_YEARS].reduce((a, b) => Math.max(a, b)) + 1;
    expect(lacking).toBeGreaterThanOrEqual(2027);
    const from = `${lacking - 1}-12-30T12:00:00+08:00`;
    const guessed = due(from, 5);
    expect(guessed.uncoveredYears).toEqual([lacking]);
    const newYear = `${lacking}-01-01`;
    const fixed = due(from, 5, officialCalendar([{ date: newYear, kind: 'holiday' }], [lacking]));
    expect(fixed.uncoveredYears).toEqual([]);
    expect(isWorkingDay(newYear, calendar)).toBe(new Date(`${newYear}T00:00:00Z`).getUTCDay() % 6 !== 0);
    // one more working day needed when New Year's Day falls on a weekday and is off
    if (isWorkingDay(newYear, calendar)) expect(fixed.dueAt.getTime()).toBeGreaterThan(guessed.dueAt.getTime());
  });

  test('when working days are not whole, then the count refuses, and a working-day round must state whole days', () => {
    expect(() => due('2025-03-03T09:00:00+08:00', 2.5)).toThrow(RangeError);
    expect(() => due('2025-03-03T09:00:00+08:00', 0)).toThrow(RangeError);
    const fractional = roundConfigSchema.safeParse({ ...DEFAULT_ROUND_CONFIG, dayCount: 'working', revisionDays: 7.5 });
    expect(fractional.success).toBe(false);
    expect(fractional.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['revisionDays', 'whole_working_days'],
    ]);
    expect(roundConfigSchema.safeParse({ ...DEFAULT_ROUND_CONFIG, revisionDays: 7.5 }).success).toBe(true); // calendar days may be fractions
  });
});
