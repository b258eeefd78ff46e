// One pass of the history archive (activities/archive.ts), started by its Temporal Schedule.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { archiveClosedHistories } = proxyActivities<Activities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { maximumInterval: '5 minutes' },
});

export async function historyArchiveWorkflow(
  input: { filter?: string } = {},
): Promise<{ archived: number; seen: number }> {
  return archiveClosedHistories(input);
}
