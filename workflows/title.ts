// A demonstration title after 认定 (动态管理, domain/titleReview.ts): a child of the application's
// workflow for as long as the title stands. Every `demonstration.reviewDays` MOFCOM reviews it and
// confirms it or proposes to revoke it; MOFCOM may also propose a revocation at any time. A
// revocation is countersigned by the eight bodies (workflows/removal.ts, subject "title").
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { isLeadOfficer } from '../domain/actorRules';
import { LEAD_BODY } from '../domain/bodies';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { DEFAULT_REMOVAL } from '../domain/removal';
import { workingDaysOf } from '../domain/round';
import { decisionRefusal } from '../domain/stages';
import {
  REVIEW_REVOCATION_GROUNDS,
  TITLE_REVIEW_DAYS,
  TITLE_REVOCATION_GROUND_CODES,
  type TitleRevocationGround,
} from '../domain/titleReview';
import { PERSIST } from './activityOptions';
import { caseTags } from './caseTags';
import { chaseTasks } from './deadlines';
import { openDesk } from './desk';
import { dueAfter } from './dueTime';
import { answerOf, decisionRecorder } from './recordDecision';
import { refuse } from './refuse';
import { removalWorkflow } from './removal';
import {
  decideUpdate,
  proposeTitleRevocationUpdate,
  titleReviewId,
  titleReviewTaskId,
  titleRevocationWorkflowId,
  type Actor,
  type ProposeTitleRevocationInput,
  type TitleInput,
  type TitleResult,
} from '../shared/definitions';

const { openTasks, saveTitleReview, recordTitleConfirmed, recordTitleRevoked } = proxyActivities<Activities>(PERSIST);

const DAY_MS = 24 * 60 * 60 * 1000;

interface Review {
  n: number;
  taskId: string;
  answer?: { decision: 'confirm' | 'revoke'; reason: string; actor: Actor };
}

export async function titleWorkflow(input: TitleInput): Promise<TitleResult> {
  const { applicationId, config } = input;
  const { workflowId } = workflowInfo();
  const tags = caseTags({ applicationId, roundId: input.roundId, provinceCode: input.provinceCode });
  const recordDecision = decisionRecorder();
  const reviewDays = config.demonstration?.reviewDays;
  let reviews = input.reviews ?? 0;
  let nextReviewAt = input.nextReviewAt
    ? Date.parse(input.nextReviewAt)
    : reviewDays
      ? Date.parse(input.awardedAt) + reviewDays * DAY_MS
      : undefined;
  let pending: ProposeTitleRevocationInput | undefined;
  let review: Review | undefined;
  let revoking = false;
  const deciding = new Set<string>();

  // Claims, transfers and delegations of the periodic review's task among MOFCOM's officers.
  const desk = openDesk(
    { applicationId },
    {
      task: (taskId) => {
        if (!review || review.taskId !== taskId) return undefined;
        const state = deciding.has(taskId) ? 'busy' : review.answer ? 'closed' : 'open';
        return { departmentId: LEAD_BODY, provinceCode: null, state };
      },
      lock: (taskId) => deciding.add(taskId),
      unlock: (taskId) => deciding.delete(taskId),
    },
  );

  setHandler(
    proposeTitleRevocationUpdate,
    (proposal) => {
      pending = proposal;
      return { reviewId: titleReviewId(applicationId, reviews + 1) };
    },
    {
      validator: ({ grounds, reason, actor }) => {
        if (!isLeadOfficer(actor)) throw refuse('forbidden');
        if (pending || revoking || review) throw refuse('revocation_in_progress');
        const unknown =
          !Array.isArray(grounds) || !grounds.length || grounds.some((g) => !TITLE_REVOCATION_GROUND_CODES.includes(g));
        if (unknown || typeof reason !== 'string' || !reason.trim())
          throw refuse('invalid_input', [
            unknown
              ? { field: 'grounds', code: 'invalid_value', message: { zh: '请选择撤销理由', en: 'Choose the grounds' } }
              : { field: 'reason', code: 'required', message: { zh: '须说明理由', en: 'A reason is required' } },
          ]);
      },
    },
  );

  setHandler(
    decideUpdate,
    async ({ taskId, decision, reason, attachments, actor }) => {
      deciding.add(taskId);
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
        review!.answer = { decision: decision as 'confirm' | 'revoke', reason: reason!, actor };
        desk.decided(taskId, actor);
      } finally {
        deciding.delete(taskId);
      }
      return answerOf(taskId, decision);
    },
    {
      validator: ({ taskId, decision, reason, actor }) => {
        if (!review || review.taskId !== taskId || review.answer) {
          throw refuse(review?.taskId === taskId ? 'already_decided' : 'review_closed');
        }
        if (deciding.has(taskId)) throw refuse('task_busy');
        const refusal = desk.decideRefusal(taskId, actor);
        if (refusal) throw refuse(refusal);
        const wrong = decisionRefusal('titleReview', decision, reason);
        if (wrong) throw refuse('invalid_input', [wrong]);
      },
    },
  );

  for (;;) {
    const wait = nextReviewAt === undefined ? undefined : Math.max(nextReviewAt - Date.now(), 1);
    await condition(() => pending !== undefined, wait as number);
    let proposal = pending;
    pending = undefined;
    reviews += 1;
    const n = reviews;
    if (!proposal) {
      const answer = await periodicReview(n);
      nextReviewAt = nextReviewAt! + reviewDays! * DAY_MS;
      if (answer.decision === 'confirm') {
        await recordTitleConfirmed({ applicationId, reviewId: titleReviewId(applicationId, n), ...answer });
        if (workflowInfo().continueAsNewSuggested) return carryOn();
        continue;
      }
      proposal = { grounds: [...REVIEW_REVOCATION_GROUNDS], reason: answer.reason, actor: answer.actor };
    }
    revoking = true;
    const result = await executeChild(removalWorkflow, {
      ...tags.child('titleRevocation'),
      workflowId: titleRevocationWorkflowId(applicationId, n),
      args: [
        {
          subject: 'title',
          applicationId,
          roundId: input.roundId,
          provinceCode: input.provinceCode,
          n,
          proposal,
          countersignDays: (config.removal ?? DEFAULT_REMOVAL).countersignDays,
          ...workingDaysOf(config),
          deadlines: config.deadlines && {
            titleRevocationCountersign: config.deadlines.titleRevocationCountersign,
            titleRevocationRevision: config.deadlines.titleRevocationRevision,
          },
        },
      ],
    });
    revoking = false;
    if (result.removed) {
      const revoked = {
        reviewId: titleReviewId(applicationId, n),
        grounds: result.grounds as TitleRevocationGround[],
        reason: result.reason,
      };
      await recordTitleRevoked({ applicationId, ...revoked });
      await condition(allHandlersFinished);
      return { revoked };
    }
    if (workflowInfo().continueAsNewSuggested) return carryOn();
  }

  /** A periodic review: MOFCOM's task, chased; nothing is decided for it (the title stands until it answers). */
  async function periodicReview(n: number): Promise<NonNullable<Review['answer']>> {
    const taskId = titleReviewTaskId(applicationId, n);
    const current: Review = { n, taskId };
    review = current;
    const dueAt = new Date((await dueAfter(config.dayCount, TITLE_REVIEW_DAYS)).at).toISOString();
    const id = titleReviewId(applicationId, n);
    await saveTitleReview({
      id,
      eventKey: `${id}/opened`,
      status: 'reviewing',
      round: 0,
      applicationId,
      trigger: 'periodic',
      dueAt,
    });
    await openTasks({
      applicationId,
      workflowId,
      eventKey: `${taskId}/opened`,
      stage: 'titleReview',
      reviewRound: n,
      dueAt,
      tasks: [{ id: taskId, departmentId: LEAD_BODY }],
    });
    const chase = chaseTasks({
      stage: 'titleReview',
      ids: { applicationId },
      keyPrefix: taskId,
      dueAt,
      policy: config.deadlines?.titleReview ?? DEFAULT_DEADLINES.titleReview,
      open: () => (current.answer || deciding.has(taskId) ? [] : [taskId]),
      applyDefault: () => undefined,
    });
    await condition(() => current.answer !== undefined && !deciding.has(taskId));
    chase.cancel();
    await chase.done;
    review = undefined;
    return current.answer!;
  }

  /** A long-lived title starts a fresh history, carrying its count of reviews and its schedule. */
  async function carryOn(): Promise<never> {
    await condition(allHandlersFinished);
    return continueAsNew<typeof titleWorkflow>({
      ...input,
      reviews,
      ...(nextReviewAt !== undefined ? { nextReviewAt: new Date(nextReviewAt).toISOString() } : {}),
    });
  }
}
