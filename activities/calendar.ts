// Working-day due times for the workflows (workflows/dueTime.ts), on China's official calendar.
import { addWorkingDays } from '../domain/workingCalendar';
import { loadWorkingCalendar } from '../platform/workingCalendar';
import type { ActivityDeps } from './index';

export function createCalendarActivities({ db, logger }: ActivityDeps) {
  return {
    async workingDueTime(input: {
      from: string;
      workingDays: number;
    }): Promise<{ dueAt: string; uncoveredYears: number[] }> {
      const { dueAt, uncoveredYears } = addWorkingDays(
        new Date(input.from),
        input.workingDays,
        await loadWorkingCalendar(db),
      );
      // A year nobody has entered yet counts weekends only; the admin's calendar page shows it.
      if (uncoveredYears.length)
        logger.warn({ ...input, uncoveredYears }, 'working days counted without the official calendar of these years');
      return { dueAt: dueAt.toISOString(), uncoveredYears };
    },
  };
}
