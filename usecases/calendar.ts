// The official working-day calendar as the admin keeps it: the chinese-days package knows the
// State Council's arrangement up to its last release; for a year it lacks (or to correct one), the
// admin enters the holidays and adjusted working days (调休) and confirms the year. Due times
// already computed stay as the workflows recorded them; later ones count on the new entries.
import crypto from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../platform/audit';
import { DomainError, fieldErrorsFromZod, type FieldError } from '../domain/errors';
import { loadWorkingCalendar, packageDayName, PACKAGE_YEARS } from '../platform/workingCalendar';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

const yearSchema = z.coerce.number().int().min(2000).max(2100);

export const calendarYearSchema = z.strictObject({
  days: z
    .array(
      z.strictObject({
        date: z.iso.date(),
        kind: z.enum(['workday', 'holiday']),
        nameZh: z.string().trim().min(1).max(50),
        nameEn: z.string().trim().min(1).max(100),
      }),
    )
    .max(100),
  /** the entries are the whole arrangement of the year: count it as known from now on */
  confirm: z.boolean(),
});

function parseYear(raw: string): number {
  const year = yearSchema.safeParse(raw);
  if (!year.success) throw new DomainError('invalid_input', fieldErrorsFromZod(year.error.issues, ['year']));
  return year.data;
}

export async function getCalendarYear(deps: UseCaseDeps, rawYear: string) {
  const year = parseYear(rawYear);
  const [calendar, entries, confirmed] = await Promise.all([
    loadWorkingCalendar(deps.db),
    deps.db.calendarDay.findMany({ where: { date: { startsWith: `${year}-` } }, orderBy: { date: 'asc' } }),
    deps.db.calendarYear.findUnique({ where: { year } }),
  ]);
  const admin = new Map(entries.map((e) => [e.date, e]));
  const days = [...calendar.days.entries()]
    .filter(([date]) => date.startsWith(`${year}-`))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, kind]) => {
      const entry = admin.get(date);
      const name = entry ? { zh: entry.nameZh, en: entry.nameEn } : packageDayName(date);
      return { date, kind, nameZh: name?.zh ?? '', nameEn: name?.en ?? '', source: entry ? 'admin' : 'chinese-days' };
    });
  return {
    year,
    covered: calendar.coveredYears.has(year),
    source: PACKAGE_YEARS.has(year) ? 'chinese-days' : confirmed ? 'admin' : 'none',
    days,
  };
}

export async function setCalendarYear(deps: UseCaseDeps, user: CurrentUser, rawYear: string, body: unknown) {
  if (user.role !== 'admin') throw new DomainError('forbidden');
  const year = parseYear(rawYear);
  const parsed = calendarYearSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { days, confirm } = parsed.data;
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  days.forEach((d, i) => {
    const at = (field: string, zh: string, en: string) =>
      problems.push({ field: `days.${i}.${field}`, code: 'custom', message: { zh, en } });
    if (!d.date.startsWith(`${year}-`)) at('date', `日期须在 ${year} 年内`, `The date must be in ${year}`);
    if (seen.has(d.date)) at('date', '日期重复', 'This date is listed twice');
    seen.add(d.date);
    // an adjusted working day is a weekend worked; a weekday is a working day anyway
    const weekday = new Date(`${d.date}T00:00:00Z`).getUTCDay();
    if (d.kind === 'workday' && weekday !== 0 && weekday !== 6) {
      at('kind', '调休上班日应为周六或周日', 'An adjusted working day is a Saturday or Sunday');
    }
  });
  if (problems.length) throw new DomainError('invalid_input', problems);

  await deps.db.$transaction(async (tx) => {
    await tx.calendarDay.deleteMany({ where: { date: { startsWith: `${year}-` } } });
    await tx.calendarDay.createMany({ data: days.map((d) => ({ ...d, updatedById: user.id })) });
    if (confirm)
      await tx.calendarYear.upsert({
        where: { year },
        update: { confirmedById: user.id, confirmedAt: new Date() },
        create: { year, confirmedById: user.id },
      });
    else await tx.calendarYear.deleteMany({ where: { year } });
    await appendAudit(tx, {
      eventKey: `calendar/${year}/${crypto.randomUUID()}`,
      action: 'calendar_changed',
      actor: actorOf(user),
      detail: { year, confirm, days },
    });
  });
  return getCalendarYear(deps, String(year));
}
