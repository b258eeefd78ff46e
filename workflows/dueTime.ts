// Due times by the round's count of days. Calendar days are arithmetic, done here; working days
// follow China's official calendar, which is data, so an activity computes them and the history
// keeps its answer (replay reads it back, whatever the calendar says by then).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { daysToMs, type DayCount } from '../domain/round';
import { PERSIST } from './activityOptions';

const { workingDueTime } = proxyActivities<Activities>(PERSIST);

export interface DueTime {
  /** epoch ms */
  at: number;
  /** the wait from now until the due time */
  wait(): number;
}

export async function dueAfter(dayCount: DayCount | undefined, days: number): Promise<DueTime> {
  if (dayCount !== 'working') {
    // As calendar rounds always ran: the wait is the duration itself, from when the wait starts,
    // so the timers of running histories stay as they were.
    const at = Date.now() + daysToMs(days);
    return { at, wait: () => daysToMs(days) };
  }
  const { dueAt } = await workingDueTime({ from: new Date(Date.now()).toISOString(), workingDays: days });
  const at = Date.parse(dueAt);
  return { at, wait: () => Math.max(at - Date.now(), 1) };
}
