// A major-progress or major-problem report (重大进展或重大问题和困难，应及时报告, notice §四(四)):
// filed at any time, delivered to MOFCOM at once, outside the quarterly rhythm.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PERSIST } from './activityOptions';

const { deliverMajorReport } = proxyActivities<Activities>(PERSIST);

export async function majorReportWorkflow(input: { majorReportId: string }): Promise<void> {
  await deliverMajorReport(input);
}
