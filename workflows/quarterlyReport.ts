// One quarter's report of a pilot (每季度上报试点情况, notice §四(四)): taken any time in the
// quarter, due at its end plus the grace period; after that it is marked late but still taken
// for a further window, then counted missing. A report goes on to MOFCOM through the provincial
// commerce department's compilation, or straight to MOFCOM for a central enterprise.
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { daysToMs } from '../domain/round';
import { PERSIST } from './activityOptions';
import { submitReportUpdate, type QuarterlyReportInput } from './definitions';
import { refuse } from './refuse';

const { recordQuarterlyReport, markReport, deliverQuarterlyReport } = proxyActivities<Activities>(PERSIST);

export async function quarterlyReportWorkflow(input: QuarterlyReportInput): Promise<{ quarter: number; status: 'submitted' | 'missing'; late: boolean }> {
  const { applicationId, quarter } = input;
  const dueAt = new Date(input.dueAt).getTime();
  let submitted = false;
  let receiving = false;
  let closed = false;
  let late = false;

  setHandler(
    submitReportUpdate,
    async ({ content, actor }) => {
      receiving = true;
      late = Date.now() > dueAt;
      await recordQuarterlyReport({ applicationId, quarter, content, late, actor });
      submitted = true;
      return { quarter, late };
    },
    {
      validator: (_submission) => {
        if (submitted || receiving) throw refuse('already_decided');
        if (closed) throw refuse('review_closed');
      },
    },
  );

  if (!(await condition(() => submitted, Math.max(dueAt - Date.now(), 0)))) {
    await markReport({ applicationId, quarter, as: 'late' });
    if (!(await condition(() => submitted, daysToMs(input.lateWindowDays)))) {
      closed = true;
      await condition(() => !receiving || submitted);
      if (!submitted) {
        await markReport({ applicationId, quarter, as: 'missing' });
        return { quarter, status: 'missing', late: true };
      }
    }
  }
  await deliverQuarterlyReport({ applicationId, roundId: input.roundId, provinceCode: input.provinceCode, quarter, compilationDueAt: input.compilationDueAt });
  return { quarter, status: 'submitted', late };
}
