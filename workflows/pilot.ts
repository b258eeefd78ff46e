// The two-year pilot (试点实施期为 2 年, notice §一(二), §四(四)–(五)): a quarterly report for each
// quarter, each its own child workflow so this history stays bounded; the mid-term evaluation at
// the end of the mid-term quarter and the final evaluation at the end of the last, both running
// while the reports go on. Every date comes from the round's configuration.
import { patched, proxyActivities, sleep, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { compilationDueAt, evaluationSchedule, quarterSchedule } from '../domain/pilotCalendar';
import { workingDaysOf } from '../domain/round';
import { PERSIST } from './activityOptions';
import { caseTags } from './caseTags';
import {
  evaluationWorkflowId,
  quarterlyReportWorkflowId,
  type PilotInput,
  type PilotResult,
} from '../shared/definitions';
import { evaluationWorkflow } from './evaluation';
import { QUARTER_ROW_BY_ITS_WORKFLOW } from './patches';
import { quarterlyReportWorkflow } from './quarterlyReport';

const { recordPilotStarted, recordPilotCompleted } = proxyActivities<Activities>(PERSIST);

const sleepUntil = (at: Date) => sleep(Math.max(at.getTime() - Date.now(), 0));

export async function pilotWorkflow(input: PilotInput): Promise<PilotResult> {
  const { applicationId, config } = input;
  const tags = caseTags({ applicationId, roundId: input.roundId, provinceCode: input.provinceCode });
  const startsAt = new Date(input.startsAt);
  const quarters = quarterSchedule(startsAt, config.pilot);
  const evaluations = evaluationSchedule(startsAt, config.pilot);
  // each quarter's report workflow writes its row when it begins (before the patch: all rows here)
  const rowByWorkflow = patched(QUARTER_ROW_BY_ITS_WORKFLOW);
  await recordPilotStarted({
    applicationId,
    roundId: input.roundId,
    kind: input.kind,
    provinceCode: input.provinceCode,
    startsAt: input.startsAt,
    endsAt: evaluations.final.toISOString(),
    quarters: quarters.map((q) => ({ quarter: q.quarter, dueAt: q.dueAt.toISOString() })),
    ...(rowByWorkflow ? { writeRows: false } : {}),
  });

  const reports: ChildWorkflowHandle<typeof quarterlyReportWorkflow>[] = [];
  const evaluate = (stage: 'midterm' | 'final') =>
    startChild(evaluationWorkflow, {
      ...tags.child('evaluation'),
      workflowId: evaluationWorkflowId(applicationId, stage),
      args: [
        {
          applicationId,
          stage,
          kind: input.kind,
          config: config.evaluation,
          // a round's rules from before the stage's one name carry its chain as `evaluationGrading`
          deadline:
            config.deadlines?.evaluation ??
            (config.deadlines as { evaluationGrading?: never } | undefined)?.evaluationGrading,
          ...workingDaysOf(config),
        },
      ],
    });
  let midterm: Awaited<ReturnType<typeof evaluate>> | undefined;

  for (const q of quarters) {
    await sleepUntil(q.startsAt);
    if (q.quarter === config.pilot.midtermAfterQuarter + 1) midterm = await evaluate('midterm');
    reports.push(
      await startChild(quarterlyReportWorkflow, {
        ...tags.child('quarterlyReport'),
        workflowId: quarterlyReportWorkflowId(applicationId, q.quarter),
        args: [
          {
            applicationId,
            roundId: input.roundId,
            provinceCode: input.provinceCode,
            quarter: q.quarter,
            dueAt: q.dueAt.toISOString(),
            lateWindowDays: config.pilot.quarterDays,
            compilationDueAt: compilationDueAt(q.dueAt, config.pilot).toISOString(),
            deadline: config.deadlines?.quarterlyReport,
            compilationDeadline: config.deadlines?.quarterlyCompilation,
          },
        ],
      }),
    );
  }
  await sleepUntil(evaluations.final);
  const final = await evaluate('final');
  const result: PilotResult = {
    midterm: await midterm!.result(),
    final: await final.result(),
    reports: await Promise.all(reports.map((r) => r.result())),
  };
  await recordPilotCompleted({ applicationId });
  return result;
}
