// One round of the provincial joint review (省级联合审核): a task for each of the seven
// provincial parties, decided in parallel by a due time. Decisions arrive as validated Updates.
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PARTY_CODES, provincialDepartmentId, type PartyCode } from '../domain/parties';
import { decisionRefusal } from '../domain/stages';
import { reviewOutcome, type PartyDecision, type ReviewDecision, type ReviewResult } from '../domain/provincialReview';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { PERSIST } from './activityOptions';
import { answerOf, decisionRecorder } from './recordDecision';
import { taskOpener } from './writesInTask';
import { dueAfter } from './dueTime';
import { chaseTasks, type Chase } from './deadlines';
import {
  decideUpdate,
  provincialReviewStateQuery,
  provincialReviewWorkflowId,
  reviewTaskId,
  SYSTEM_ACTOR,
  type ProvincialReviewInput,
} from '../shared/definitions';
import { openDesk } from './desk';
import { DEADLINE_ESCALATION } from './patches';
import { refuse } from './refuse';

const { markTasksOverdue, withdrawOpenTasks, openTasks: scheduledOpenTasks } = proxyActivities<Activities>(PERSIST);

/** The reason a default rule's decision carries. */
const DEFAULT_RULE_REASON = '逾期未审核，按默认规则处理 / Not reviewed by the due time: decided by the default rule';

/** A round as its own workflow, the application's child: how rounds ran before REVIEW_IN_APPLICATION. */
export async function provincialReviewWorkflow(input: ProvincialReviewInput): Promise<ReviewResult> {
  const { workflowId } = workflowInfo();
  const result = await jointReview(input, {
    workflowId,
    reviewId: workflowId,
    recordDecision: decisionRecorder(),
    openTasks: taskOpener(),
    escalates: () => patched(DEADLINE_ESCALATION),
  });
  await condition(allHandlersFinished);
  return result;
}

/**
 * A round run inside the application's own workflow (REVIEW_IN_APPLICATION): its Updates go to the
 * application's workflow, and its event keys are those the round had as a workflow of its own.
 */
export function provincialReviewInApplication(input: ProvincialReviewInput): Promise<ReviewResult> {
  return jointReview(input, {
    workflowId: workflowInfo().workflowId,
    reviewId: provincialReviewWorkflowId(input.applicationId, input.reviewRound),
    recordDecision: decisionRecorder({ inTask: true }),
    openTasks: scheduledOpenTasks,
    escalates: () => true,
  });
}

async function jointReview(
  input: ProvincialReviewInput,
  at: {
    /** the workflow that takes the round's Updates: its tasks name it */
    workflowId: string;
    /** the round's own id, the prefix of its event keys */
    reviewId: string;
    recordDecision: Activities['recordDecision'];
    openTasks: Activities['openTasks'];
    /** whether the due time is chased (DEADLINE_ESCALATION), or merely marked overdue */
    escalates: () => boolean;
  },
): Promise<ReviewResult> {
  const { workflowId, reviewId, recordDecision, openTasks } = at;
  const { applicationId, reviewRound, provinceCode } = input;
  const dueAt = new Date((await dueAfter(input.dayCount, input.reviewDays)).at);
  const decisions: PartyDecision[] = [];
  const deciding = new Set<PartyCode>();
  let closed = false;
  const outcome = () => reviewOutcome(PARTY_CODES, decisions);
  const partyOf = (taskId: string) => PARTY_CODES.find((p) => reviewTaskId(applicationId, reviewRound, p) === taskId);

  setHandler(provincialReviewStateQuery, () => ({
    reviewRound,
    dueAt: dueAt.toISOString(),
    decided: decisions.map(({ party, decision }) => ({ party, decision })),
    outcome: outcome().kind,
  }));

  const isDecided = (party: PartyCode) => decisions.some((d) => d.party === party);
  // Claims, transfers, delegations; and a party's decision withdrawn while the others still decide.
  const desk = openDesk(
    { applicationId },
    {
      task: (taskId) => {
        const party = partyOf(taskId);
        if (!party) return undefined;
        const state =
          closed || outcome().kind !== 'pending'
            ? 'closed'
            : deciding.has(party)
              ? 'busy'
              : isDecided(party)
                ? 'decided'
                : 'open';
        return { departmentId: provincialDepartmentId(provinceCode, party), provinceCode, state };
      },
      lock: (taskId) => deciding.add(partyOf(taskId)!),
      unlock: (taskId) => deciding.delete(partyOf(taskId)!),
      // Until the last party decides (or one rejects), nothing has moved on.
      withdrawable: () => (closed || outcome().kind !== 'pending' ? 'next_step_started' : undefined),
      withdraw: (taskId) => {
        const at = decisions.findIndex((d) => d.party === partyOf(taskId));
        const [taken] = decisions.splice(at, 1);
        return () => decisions.splice(at, 0, taken);
      },
    },
  );

  setHandler(
    decideUpdate,
    async ({ taskId, decision, reason, attachments, actor }) => {
      const party = partyOf(taskId)!;
      deciding.add(party); // from here on, a second decision for this party is refused
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
        decisions.push({ party, decision: decision as ReviewDecision, reason });
        desk.decided(taskId, actor);
      } finally {
        deciding.delete(party);
      }
      return answerOf(taskId, decision);
    },
    {
      validator: ({ taskId, decision, reason, actor }) => {
        const party = partyOf(taskId);
        const refusal = desk.decideRefusal(taskId, actor);
        if (!party || refusal) throw refuse(refusal ?? 'not_your_task');
        if (deciding.has(party) || isDecided(party)) throw refuse('already_decided');
        if (closed) throw refuse('review_closed');
        const wrong = decisionRefusal('provincialReview', decision, reason);
        if (wrong) throw refuse('invalid_input', [wrong]);
      },
    },
  );

  await openTasks({
    eventKey: `${reviewId}/opened`,
    workflowId,
    applicationId,
    stage: 'provincialReview',
    reviewRound,
    dueAt: dueAt.toISOString(),
    tasks: PARTY_CODES.map((party) => ({
      id: reviewTaskId(applicationId, reviewRound, party),
      departmentId: provincialDepartmentId(provinceCode, party),
      provinceCode,
    })),
  });

  const deadline = at.escalates() ? chase() : markOverdueAtDueTime();

  await condition(() => outcome().kind !== 'pending');
  closed = true;
  // A decision already accepted when the round closed still counts.
  await condition(() => deciding.size === 0);
  deadline.cancel();
  await deadline.done;

  const result = outcome();
  if (result.kind === 'pending') throw new Error('unreachable: the round closed undecided');
  if (result.kind === 'rejected') {
    // A reject ends the round: the other parties' open tasks are withdrawn.
    await withdrawOpenTasks({ applicationId, workflowId, eventKey: `${reviewId}/withdrawn`, reason: result.reason });
  }
  return result;

  /** The reminder, the escalation chain, and the default rule: a silent party's task is decided for it. */
  function chase(): Chase {
    const policy = input.deadline ?? DEFAULT_DEADLINES.provincialReview;
    const taskOf = (party: PartyCode) => reviewTaskId(applicationId, reviewRound, party);
    const undecided = () => PARTY_CODES.filter((p) => !deciding.has(p) && !decisions.some((d) => d.party === p));
    return chaseTasks({
      stage: 'provincialReview',
      ids: { applicationId },
      keyPrefix: reviewId,
      dueAt: dueAt.toISOString(),
      policy,
      open: () => (closed ? [] : undecided().map(taskOf)),
      applyDefault: async () => {
        if (policy.defaultRule === 'none') return;
        const decision = policy.defaultRule;
        const parties = undecided();
        for (const p of parties) deciding.add(p);
        try {
          for (const party of parties) {
            await recordDecision({
              applicationId,
              taskId: taskOf(party),
              decision,
              reason: DEFAULT_RULE_REASON,
              actor: SYSTEM_ACTOR,
              revision: desk.decisionContext(taskOf(party)).revision,
            });
            decisions.push({ party, decision, reason: DEFAULT_RULE_REASON });
          }
        } finally {
          for (const p of parties) deciding.delete(p);
        }
      },
    });
  }

  /** Before deadlines had escalation chains: at the due time, whatever is still open is marked overdue. */
  function markOverdueAtDueTime(): Chase {
    const scope = new CancellationScope();
    const done = scope
      .run(async () => {
        await sleep(dueAt.getTime() - Date.now());
        await markTasksOverdue({ applicationId, workflowId });
      })
      .catch((err) => {
        if (!isCancellation(err)) throw err;
      });
    return { cancel: () => scope.cancel(), done };
  }
}
