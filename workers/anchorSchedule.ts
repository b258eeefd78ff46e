// The Temporal Schedule that anchors the audit chains' heads outside the database
// (workflows/auditAnchor.ts) every few minutes. Created once per cluster: a worker finding it in
// place leaves it as it is.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { auditAnchorWorkflow } from '../workflows/auditAnchor';

export const ANCHOR_SCHEDULE_ID = 'pilotflow-audit-anchor';

export async function ensureAnchorSchedule(
  client: Client,
  taskQueue: string,
  everyMinutes: number,
  scheduleId = ANCHOR_SCHEDULE_ID,
): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create<typeof auditAnchorWorkflow>({
      scheduleId,
      spec: { intervals: [{ every: `${everyMinutes} minutes` }] },
      // one pass at a time; a missed pass is not worth catching up: the next one anchors the same heads or newer
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      action: { type: 'startWorkflow', workflowType: 'auditAnchorWorkflow', taskQueue, args: [] },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
