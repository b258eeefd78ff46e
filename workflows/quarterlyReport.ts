// One quarter's report of a pilot (每季度上报试点情况, notice §四(四)): taken any time in the
// quarter, due at its end plus the grace period; after that it is marked late but still taken
// for a further window, then counted missing. A report goes on to MOFCOM through the provincial
// commerce department's compilation, or straight to MOFCOM for a central enterprise.
import { condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { actsForApplicant } from '../domain/actorRules';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { daysToMs } from '../domain/round';
import { PERSIST } from './activityOptions';
import { chaseDeadline, stepKey, stepRecord } from './deadlines';
import { DEADLINE_ESCALATION, QUARTER_ROW_BY_ITS_WORKFLOW } from './patches';
import { submitReportUpdate, type QuarterlyReportInput } from '../shared/definitions';
import { refuse } from './refuse';

const { openQuarter, recordQuarterlyReport, recordReportDeadline, markReport, deliverQuarterlyReport } =
  proxyActivities<Activities>(PERSIST);

export async function quarterlyReportWorkflow(
  input: QuarterlyReportInput,
): Promise<{ quarter: number; status: 'submitted' | 'missing'; late: boolean }> {
  const { applicationId, quarter } = input;
  const dueAt = new Date(input.dueAt).getTime();
  // Before the patch the pilot wrote every quarter's row at its start; now the quarter writes its own.
  const rowByWorkflow = patched(QUARTER_ROW_BY_ITS_WORKFLOW);
  let opened = !rowByWorkflow;
  let submitted = false;
  let receiving = false;
  let closed = false;
  let late = false;

  setHandler(
    submitReportUpdate,
    async ({ content, actor }) => {
      receiving = true;
      late = Date.now() > dueAt;
      // a report sent as the quarter begins waits for its row (no await once open: as before the patch)
      if (!opened) await condition(() => opened);
      await recordQuarterlyReport({ applicationId, quarter, content, late, actor });
      submitted = true;
      return { quarter, late };
    },
    {
      validator: ({ actor }) => {
        if (!actsForApplicant(actor)) throw refuse('forbidden');
        if (submitted || receiving) throw refuse('already_decided');
        if (closed) throw refuse('review_closed');
      },
    },
  );

  if (rowByWorkflow) {
    await openQuarter({ applicationId, quarter, dueAt: input.dueAt });
    opened = true;
  }

  if (patched(DEADLINE_ESCALATION)) {
    // The reminder, the chain (level 1 marks the report late), and its default rule: missing.
    const { workflowId } = workflowInfo();
    let expired = false;
    const chase = chaseDeadline({
      dueAt,
      policy: input.deadline ?? { ...DEFAULT_DEADLINES.quarterlyReport, defaultAfterDays: input.lateWindowDays },
      open: () => (submitted || receiving ? [] : [workflowId]),
      record: (step) =>
        recordReportDeadline({
          eventKey: stepKey(workflowId, step),
          applicationId,
          quarter,
          dueAt: input.dueAt,
          step: stepRecord(step),
        }),
      applyDefault: () => {
        expired = true;
      },
    });
    await condition(() => submitted || expired);
    chase.cancel();
    if (!submitted && (await missing())) return { quarter, status: 'missing', late: true };
  } else if (!(await condition(() => submitted, Math.max(dueAt - Date.now(), 0)))) {
    await markReport({ applicationId, quarter, as: 'late' });
    if (!(await condition(() => submitted, daysToMs(input.lateWindowDays))) && (await missing()))
      return { quarter, status: 'missing', late: true };
  }
  await deliverQuarterlyReport({
    applicationId,
    roundId: input.roundId,
    provinceCode: input.provinceCode,
    quarter,
    compilationDueAt: input.compilationDueAt,
    compilationDeadline: input.compilationDeadline,
  });
  return { quarter, status: 'submitted', late };

  /** Closes the report; true if it is missing (a submission already being received still counts). */
  async function missing(): Promise<boolean> {
    closed = true;
    await condition(() => !receiving || submitted);
    if (submitted) return false;
    await markReport({ applicationId, quarter, as: 'missing' });
    return true;
  }
}
