// The Temporal Schedule that runs the history archive (workflows/archive.ts) every few minutes.
// Created once per cluster: a worker finding it in place leaves it as it is.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { historyArchiveWorkflow } from '../workflows/archive';

export const ARCHIVE_SCHEDULE_ID = 'pilotflow-history-archive';

export async function ensureArchiveSchedule(
  client: Client,
  taskQueue: string,
  everyMinutes: number,
  scheduleId = ARCHIVE_SCHEDULE_ID,
): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create<typeof historyArchiveWorkflow>({
      scheduleId,
      spec: { intervals: [{ every: `${everyMinutes} minutes` }] },
      // one pass at a time; a pass that overruns makes the next one wait, not pile up
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: { type: 'startWorkflow', workflowType: 'historyArchiveWorkflow', taskQueue, args: [{}] },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
