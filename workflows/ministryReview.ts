// A central enterprise's review by the State Council department it chose (中央企业由国务院有关部门推荐,
// notice §四(一)): one task for that department, due in the round's review days and chased like any
// other; it recommends the application to MOFCOM, returns it to be revised, or rejects it.
import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { decisionRefusal } from '../domain/stages';
import {
  decideUpdate,
  ministryReviewTaskId,
  type MinistryReviewInput,
  type MinistryReviewResult,
} from '../shared/definitions';
import { PERSIST } from './activityOptions';
import { chaseTasks } from './deadlines';
import { openDesk } from './desk';
import { dueAfter } from './dueTime';
import { answerOf, decisionRecorder } from './recordDecision';
import { refuse } from './refuse';

const { openTasks } = proxyActivities<Activities>(PERSIST);

export async function ministryReviewWorkflow(input: MinistryReviewInput): Promise<MinistryReviewResult> {
  const { workflowId } = workflowInfo();
  const recordDecision = decisionRecorder();
  const { applicationId, reviewRound, department } = input;
  const taskId = ministryReviewTaskId(applicationId, reviewRound);
  let deciding = false;
  let result: MinistryReviewResult | undefined;

  const desk = openDesk(
    { applicationId },
    {
      task: (id) =>
        id === taskId
          ? { departmentId: department, provinceCode: null, state: result ? 'decided' : deciding ? 'busy' : 'open' }
          : undefined,
      lock: () => (deciding = true),
      unlock: () => (deciding = false),
    },
  );
  setHandler(
    decideUpdate,
    async ({ decision, reason, attachments, actor }) => {
      deciding = true;
      try {
        await recordDecision({
          applicationId,
          taskId,
          decision,
          reason,
          actor,
          attachments,
          ...desk.decisionContext(taskId),
        });
        result =
          decision === 'recommend'
            ? { kind: 'approved' }
            : decision === 'reject'
              ? { kind: 'rejected', party: department, reason: reason! }
              : { kind: 'returned', fixes: [{ party: department, reason: reason! }] };
        desk.decided(taskId, actor);
      } finally {
        deciding = false;
      }
      return answerOf(taskId, decision);
    },
    {
      validator: ({ taskId: id, decision, reason, actor }) => {
        const refusal = id === taskId ? desk.decideRefusal(taskId, actor) : 'not_your_task';
        if (refusal) throw refuse(refusal);
        if (result || deciding) throw refuse('already_decided');
        const wrong = decisionRefusal('ministryReview', decision, reason);
        if (wrong) throw refuse('invalid_input', [wrong]);
      },
    },
  );

  const dueAt = new Date((await dueAfter(input.dayCount, input.reviewDays)).at).toISOString();
  await openTasks({
    eventKey: `${workflowId}/opened`,
    workflowId,
    applicationId,
    stage: 'ministryReview',
    reviewRound,
    dueAt,
    tasks: [{ id: taskId, departmentId: department, provinceCode: null }],
  });
  // The department alone decides: its chain tells it, then MOFCOM; nothing is decided for it.
  const chase = chaseTasks({
    stage: 'ministryReview',
    ids: { applicationId },
    keyPrefix: workflowId,
    dueAt,
    policy: input.deadline ?? DEFAULT_DEADLINES.ministryReview,
    open: () => (result || deciding ? [] : [taskId]),
    applyDefault: () => undefined,
  });
  await condition(() => result !== undefined && !deciding);
  chase.cancel();
  await chase.done;
  await condition(allHandlersFinished);
  return result!;
}
