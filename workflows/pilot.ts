// The two-year pilot (试点实施期为 2 年, notice §一(二), §四(四)–(五)): a quarterly report for each
// quarter, each its own child workflow so this history stays bounded; the mid-term evaluation at
// the end of the mid-term quarter and the final evaluation at the end of the last, both running
// while the reports go on. Every date comes from the round's configuration. MOFCOM may propose to
// remove the pilot (取消试点资格, workflows/removal.ts); once the eight bodies consent, everything
// still running is cancelled in one scope and the pilot ends removed.
import {
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { isLeadOfficer } from '../domain/actorRules';
import { compilationDueAt, evaluationSchedule, quarterSchedule } from '../domain/pilotCalendar';
import { DEFAULT_REMOVAL, MIDTERM_FAIL_PROPOSAL, REMOVAL_GROUND_CODES, type RemovalGround } from '../domain/removal';
import { workingDaysOf } from '../domain/round';
import { PERSIST } from './activityOptions';
import { caseTags } from './caseTags';
import {
  evaluationWorkflowId,
  proposeRemovalUpdate,
  quarterlyReportWorkflowId,
  removalId,
  removalWorkflowId,
  SYSTEM_ACTOR,
  type EvaluationResult,
  type PilotInput,
  type PilotResult,
  type ProposeRemovalInput,
} from '../shared/definitions';
import { evaluationWorkflow } from './evaluation';
import { PILOT_REMOVAL, QUARTER_ROW_BY_ITS_WORKFLOW } from './patches';
import { quarterlyReportWorkflow } from './quarterlyReport';
import { refuse } from './refuse';
import { removalWorkflow } from './removal';

const { recordPilotStarted, recordPilotCompleted, recordPilotRemoved } = proxyActivities<Activities>(PERSIST);

const sleepUntil = (at: Date) => sleep(Math.max(at.getTime() - Date.now(), 0));

export async function pilotWorkflow(input: PilotInput): Promise<PilotResult> {
  const { applicationId, config } = input;
  const tags = caseTags({ applicationId, roundId: input.roundId, provinceCode: input.provinceCode });
  const startsAt = new Date(input.startsAt);
  const quarters = quarterSchedule(startsAt, config.pilot);
  const evaluations = evaluationSchedule(startsAt, config.pilot);
  // each quarter's report workflow writes its row when it begins (before the patch: all rows here)
  const rowByWorkflow = patched(QUARTER_ROW_BY_ITS_WORKFLOW);
  /** the mid-term's result once it is known: a removed pilot's result keeps it */
  let midtermResult: EvaluationResult | undefined;
  const removal = patched(PILOT_REMOVAL) ? removalDesk() : undefined;
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
  if (!removal) {
    const result = await run();
    await recordPilotCompleted({ applicationId });
    return result;
  }

  // Everything the pilot runs is in one scope, so a removal cancels it at once: timers, reports, evaluations.
  const scope = new CancellationScope();
  const running = scope.run(run);
  const first = await Promise.race([
    running.then((result) => ({ result })),
    removal.removed.then((removed) => ({ removed: removed! })),
  ]);
  if ('result' in first) {
    // a proposal still being countersigned when the period ends is decided all the same
    removal.end();
    const removed = await removal.removed;
    if (removed) await recordPilotRemoved({ applicationId, ...removed });
    else await recordPilotCompleted({ applicationId });
    return { ...first.result, ...(removed ? { removed } : {}) };
  }
  removal.end();
  scope.cancel();
  await running.catch((err) => {
    if (!isCancellation(err)) throw err;
  });
  await recordPilotRemoved({ applicationId, ...first.removed });
  return { reports: [], ...(midtermResult ? { midterm: midtermResult } : {}), removed: first.removed };

  /** The pilot's two years: its quarters' reports and both evaluations. */
  async function run(): Promise<PilotResult> {
    const reports: ChildWorkflowHandle<typeof quarterlyReportWorkflow>[] = [];
    let midterm: Awaited<ReturnType<typeof evaluate>> | undefined;
    for (const q of quarters) {
      await sleepUntil(q.startsAt);
      if (q.quarter === config.pilot.midtermAfterQuarter + 1) {
        midterm = await evaluate('midterm');
        if (removal) removal.watchMidterm(midterm.result());
      }
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
    return {
      midterm: await midterm!.result(),
      final: await final.result(),
      reports: await Promise.all(reports.map((r) => r.result())),
    };
  }

  function evaluate(stage: 'midterm' | 'final') {
    return startChild(evaluationWorkflow, {
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
          // absent from the rules of rounds before it, so such a child's input stays as it was
          opinionDeadline: config.deadlines?.evaluationOpinion,
          thirdPartyDeadline: config.deadlines?.evaluationThirdParty,
          ...workingDaysOf(config),
        },
      ],
    });
  }

  /**
   * MOFCOM's proposals to remove the pilot, one at a time, each countersigned in its own child
   * workflow; `removed` settles with the one the bodies consent to, or with nothing once the pilot
   * has ended without one.
   */
  function removalDesk() {
    const rules = config.removal ?? DEFAULT_REMOVAL;
    let pending: ProposeRemovalInput | undefined;
    let proposals = 0;
    let removing = false;
    let ended = false;
    setHandler(
      proposeRemovalUpdate,
      (proposal) => {
        pending = proposal;
        return { removalId: removalId(applicationId, proposals + 1) };
      },
      {
        validator: ({ grounds, reason, actor }) => {
          if (!isLeadOfficer(actor)) throw refuse('forbidden');
          if (ended) throw refuse('pilot_ended');
          if (pending || removing) throw refuse('removal_in_progress');
          const unknown =
            !Array.isArray(grounds) || !grounds.length || grounds.some((g) => !REMOVAL_GROUND_CODES.includes(g));
          if (unknown || typeof reason !== 'string' || !reason.trim())
            throw refuse('invalid_input', [
              unknown
                ? {
                    field: 'grounds',
                    code: 'invalid_value',
                    message: { zh: '请选择取消理由', en: 'Choose the grounds' },
                  }
                : { field: 'reason', code: 'required', message: { zh: '须说明理由', en: 'A reason is required' } },
            ]);
        },
      },
    );
    const removed = (async (): Promise<PilotResult['removed']> => {
      for (;;) {
        await condition(() => pending !== undefined || (ended && !removing));
        if (!pending) return undefined;
        const proposal = pending;
        pending = undefined;
        removing = true;
        proposals += 1;
        const result = await executeChild(removalWorkflow, {
          ...tags.child('removal'),
          workflowId: removalWorkflowId(applicationId, proposals),
          args: [
            {
              applicationId,
              roundId: input.roundId,
              provinceCode: input.provinceCode,
              n: proposals,
              proposal,
              countersignDays: rules.countersignDays,
              ...workingDaysOf(config),
              deadlines: config.deadlines && {
                removalCountersign: config.deadlines.removalCountersign,
                removalRevision: config.deadlines.removalRevision,
              },
            },
          ],
        });
        removing = false;
        if (result.removed)
          return {
            removalId: removalId(applicationId, proposals),
            grounds: result.grounds as RemovalGround[],
            reason: result.reason,
          };
      }
    })();
    return {
      removed,
      /** no more proposals: the pilot has ended, or been removed */
      end: () => void (ended = true),
      /** A mid-term "fail" proposes the removal by itself, when the round says so and none is under way. */
      watchMidterm(result: Promise<EvaluationResult>) {
        result.then(
          (r) => {
            midtermResult = r;
            if (r.grade === 'fail' && rules.proposeOnMidtermFail && !pending && !removing && !ended)
              pending = { ...MIDTERM_FAIL_PROPOSAL, actor: SYSTEM_ACTOR };
          },
          () => undefined, // cancelled with the pilot
        );
      },
    };
  }
}
