// 取消试点资格 (dynamic management, domain/removal.ts: the programme's record, not the 2018 notice): MOFCOM's proposal to
// remove a pilot, countersigned by the eight bodies as the pilot list was. An objection sends it
// back to MOFCOM, which maintains it (countersigned again, with its new reason) or drops it. A
// child of the pilot's workflow, which ends the pilot when this one returns `removed`. The same
// countersign revokes a demonstration title (subject "title", a child of workflows/title.ts).
import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { LEAD_BODY, NATIONAL_BODIES } from '../domain/bodies';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { decisionRefusal } from '../domain/stages';
import { PERSIST } from './activityOptions';
import { chaseTasks } from './deadlines';
import { openDesk } from './desk';
import { dueAfter } from './dueTime';
import { answerOf, decisionRecorder } from './recordDecision';
import { refuse } from './refuse';
import {
  decideUpdate,
  removalCountersignTaskId,
  removalId,
  removalRevisionTaskId,
  SYSTEM_ACTOR,
  titleReviewId,
  titleRevocationCountersignTaskId,
  titleRevocationRevisionTaskId,
  type RemovalInput,
  type RemovalResult,
} from '../shared/definitions';

const { openTasks, saveRemoval, saveTitleReview, withdrawOpenTasks } = proxyActivities<Activities>(PERSIST);

/** What differs between removing a pilot and revoking a title: its ids, its stages, its record. */
const SUBJECTS = {
  pilot: {
    id: removalId,
    countersignTask: removalCountersignTaskId,
    revisionTask: removalRevisionTaskId,
    countersignStage: 'removalCountersign',
    revisionStage: 'removalRevision',
    save: saveRemoval,
  },
  title: {
    id: titleReviewId,
    countersignTask: titleRevocationCountersignTaskId,
    revisionTask: titleRevocationRevisionTaskId,
    countersignStage: 'titleRevocationCountersign',
    revisionStage: 'titleRevocationRevision',
    save: saveTitleReview,
  },
} as const;

const CONSENT_REASON = '逾期未会签，视为无异议 / Not countersigned by the due time: no objection, by the default rule';

type Phase =
  | { kind: 'countersign'; round: number; approved: Set<string>; objection?: { body: string; reason: string } }
  | { kind: 'revision'; round: number; answer?: { decision: 'maintain' | 'drop'; reason: string } };

export async function removalWorkflow(input: RemovalInput): Promise<RemovalResult> {
  const { workflowId } = workflowInfo();
  const recordDecision = decisionRecorder();
  const { applicationId, n } = input;
  const subject = SUBJECTS[input.subject ?? 'pilot'];
  const { save, revisionTask } = subject;
  const id = subject.id(applicationId, n);
  const { grounds } = input.proposal;
  let reason = input.proposal.reason;
  let phase: Phase = { kind: 'countersign', round: 1, approved: new Set() };
  const deciding = new Set<string>();
  const decidedTasks = new Set<string>();

  const countersignTask = (round: number, body: string) => subject.countersignTask(applicationId, n, round, body);
  const bodyOf = (taskId: string) =>
    phase.kind === 'countersign'
      ? NATIONAL_BODIES.find((b) => countersignTask(phase.round, b.code) === taskId)?.code
      : undefined;
  const phaseOver = () =>
    phase.kind === 'countersign'
      ? phase.objection !== undefined || phase.approved.size === NATIONAL_BODIES.length
      : phase.answer !== undefined;
  // Claims, transfers, delegations; a body's consent may be taken back while the countersign is open.
  const desk = openDesk(
    { applicationId },
    {
      task: (taskId) => {
        const departmentId =
          phase.kind === 'countersign'
            ? bodyOf(taskId)
            : taskId === revisionTask(applicationId, n, phase.round)
              ? LEAD_BODY
              : undefined;
        if (!departmentId) return undefined;
        const state = phaseOver()
          ? 'closed'
          : deciding.has(taskId)
            ? 'busy'
            : decidedTasks.has(taskId)
              ? 'decided'
              : 'open';
        return { departmentId, provinceCode: null, state };
      },
      lock: (taskId) => deciding.add(taskId),
      unlock: (taskId) => deciding.delete(taskId),
      withdrawable: () => (phase.kind === 'countersign' && !phaseOver() ? undefined : 'next_step_started'),
      withdraw: (taskId) => {
        const body = bodyOf(taskId)!;
        const approved = (phase as Extract<Phase, { kind: 'countersign' }>).approved;
        approved.delete(body);
        decidedTasks.delete(taskId);
        return () => {
          approved.add(body);
          decidedTasks.add(taskId);
        };
      },
    },
  );

  setHandler(
    decideUpdate,
    async ({ taskId, decision, reason: given, attachments, actor }) => {
      deciding.add(taskId);
      try {
        await recordDecision({
          applicationId,
          taskId,
          decision,
          reason: given,
          actor,
          attachments,
          ...desk.decisionContext(taskId),
        });
        decidedTasks.add(taskId);
        desk.decided(taskId, actor);
        if (phase.kind === 'countersign') {
          const body = bodyOf(taskId)!;
          if (decision === 'approve') phase.approved.add(body);
          else phase.objection ??= { body, reason: given! };
        } else {
          phase.answer = { decision: decision as 'maintain' | 'drop', reason: given! };
        }
      } finally {
        deciding.delete(taskId);
      }
      return answerOf(taskId, decision);
    },
    {
      validator: ({ taskId, decision, reason: given, actor }) => {
        if (desk.decideRefusal(taskId, actor) === 'task_busy') throw refuse('task_busy');
        if (decidedTasks.has(taskId) || deciding.has(taskId)) throw refuse('already_decided');
        const revising = phase.kind === 'revision';
        const mine = revising ? taskId === revisionTask(applicationId, n, phase.round) : !!bodyOf(taskId);
        if (!mine || phaseOver()) throw refuse('review_closed');
        if (desk.decideRefusal(taskId, actor)) throw refuse('not_your_task');
        const wrong = decisionRefusal(revising ? subject.revisionStage : subject.countersignStage, decision, given);
        if (wrong) throw refuse('invalid_input', [wrong]);
      },
    },
  );

  await save({
    id,
    eventKey: `${id}/proposed`,
    applicationId,
    status: 'countersigning',
    round: 1,
    grounds,
    reason,
    proposedBy: input.proposal.actor,
  });
  for (let round = 1; ; round++) {
    const countersign: Extract<Phase, { kind: 'countersign' }> = { kind: 'countersign', round, approved: new Set() };
    phase = countersign;
    if (round > 1) await save({ id, eventKey: `${id}/cs${round}`, status: 'countersigning', round, reason });
    await countersigned(countersign);
    if (!countersign.objection) break;

    // An objection sends the proposal back to MOFCOM; the other bodies' open tasks are withdrawn.
    await withdrawOpenTasks({
      applicationId,
      workflowId,
      eventKey: `${id}/cs${round}/withdrawn`,
      reason: `objection by ${countersign.objection.body}: ${countersign.objection.reason}`,
    });
    const revision: Extract<Phase, { kind: 'revision' }> = { kind: 'revision', round };
    phase = revision;
    await save({
      id,
      eventKey: `${id}/rev${round}`,
      status: 'revising',
      round,
      objection: countersign.objection,
    });
    await revised(revision);
    if (revision.answer!.decision === 'drop') {
      await save({ id, eventKey: `${id}/dropped`, status: 'dropped', round, reason: revision.answer!.reason });
      await condition(allHandlersFinished);
      return { removed: false, grounds, reason: revision.answer!.reason };
    }
    reason = revision.answer!.reason;
  }
  await condition(allHandlersFinished);
  return { removed: true, grounds, reason };

  /** One countersign by the eight bodies, chased; a silent body is taken to have no objection. */
  async function countersigned(countersign: Extract<Phase, { kind: 'countersign' }>) {
    const { round } = countersign;
    const dueAt = new Date((await dueAfter(input.dayCount, input.countersignDays)).at).toISOString();
    await openTasks({
      applicationId,
      workflowId,
      eventKey: `${id}/cs${round}/opened`,
      stage: subject.countersignStage,
      reviewRound: round,
      dueAt,
      tasks: NATIONAL_BODIES.map((b) => ({ id: countersignTask(round, b.code), departmentId: b.code })),
    });
    const policy = input.deadlines?.[subject.countersignStage] ?? DEFAULT_DEADLINES[subject.countersignStage];
    const silent = () =>
      countersign.objection
        ? []
        : NATIONAL_BODIES.map((b) => b.code).filter(
            (b) => !countersign.approved.has(b) && !deciding.has(countersignTask(round, b)),
          );
    const chase = chaseTasks({
      stage: subject.countersignStage,
      ids: { applicationId },
      keyPrefix: `${id}/cs${round}`,
      dueAt,
      policy,
      open: () => silent().map((b) => countersignTask(round, b)),
      applyDefault: async () => {
        if (policy.defaultRule !== 'approve') return;
        const bodies = silent();
        for (const b of bodies) deciding.add(countersignTask(round, b));
        try {
          for (const body of bodies) {
            const taskId = countersignTask(round, body);
            await recordDecision({
              applicationId,
              taskId,
              decision: 'approve',
              reason: CONSENT_REASON,
              actor: SYSTEM_ACTOR,
              revision: desk.decisionContext(taskId).revision,
            });
            decidedTasks.add(taskId);
            countersign.approved.add(body);
          }
        } finally {
          for (const b of bodies) deciding.delete(countersignTask(round, b));
        }
      },
    });
    await condition(
      () =>
        deciding.size === 0 &&
        (countersign.objection !== undefined || countersign.approved.size === NATIONAL_BODIES.length),
    );
    chase.cancel();
    await chase.done;
  }

  /** MOFCOM's answer to the objection: its chain only tells (default rule 'none'); nothing is decided for it. */
  async function revised(revision: Extract<Phase, { kind: 'revision' }>) {
    const taskId = revisionTask(applicationId, n, revision.round);
    const dueAt = new Date((await dueAfter(input.dayCount, input.countersignDays)).at).toISOString();
    await openTasks({
      applicationId,
      workflowId,
      eventKey: `${id}/rev${revision.round}/opened`,
      stage: subject.revisionStage,
      reviewRound: revision.round,
      dueAt,
      tasks: [{ id: taskId, departmentId: LEAD_BODY }],
    });
    const chase = chaseTasks({
      stage: subject.revisionStage,
      ids: { applicationId },
      keyPrefix: `${id}/rev${revision.round}`,
      dueAt,
      policy: input.deadlines?.[subject.revisionStage] ?? DEFAULT_DEADLINES[subject.revisionStage],
      open: () => (revision.answer || deciding.size ? [] : [taskId]),
      applyDefault: () => undefined,
    });
    await condition(() => deciding.size === 0 && revision.answer !== undefined);
    chase.cancel();
    await chase.done;
  }
}
