// Selection (确定试点, notice §四(三)): MOFCOM ranks the round's scored applications in two groups
// against their quotas, the eight bodies countersign the proposed list, any body may object with a
// reason — which sends the list back to MOFCOM to revise — and the signed list is published: every
// scored application learns whether it was selected. When the round has a public notice (公示),
// the signed list is first published for objections (workflows/publicNotice.ts) and becomes final
// only when its period has ended and every objection is resolved.
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { LEAD_BODY, NATIONAL_BODIES } from '../domain/bodies';
import { decisionRefusal } from '../domain/stages';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import {
  groupOf,
  rankCandidates,
  validateRevisedList,
  withSelection,
  type Candidate,
  type Proposal,
} from '../domain/selection';
import { PERSIST } from './activityOptions';
import { answerOf, decisionRecorder } from './recordDecision';
import { chaseTasks, type Chase } from './deadlines';
import {
  countersignTaskId,
  decideUpdate,
  revisionTaskId,
  selectionOutcomeSignal,
  selectionStateQuery,
  SYSTEM_ACTOR,
  type SelectionInput,
} from '../shared/definitions';
import { openDesk } from './desk';
import { dueAfter } from './dueTime';
import { caseTags } from './caseTags';
import { DEADLINE_ESCALATION, VERDICT_FAILURE_BY_TYPE, VERDICTS_IN_BATCHES } from './patches';
import { publicNotice } from './publicNotice';
import { refuse } from './refuse';
import { tellApplication } from './tellApplication';

/** Below the server's limit of 2,000 signals pending from one workflow (limit.numPendingSignals). */
const VERDICT_BATCH = 500;

const { loadCandidates, recordProposal, openTasks, withdrawOpenTasks, publishSelection } =
  proxyActivities<Activities>(PERSIST);

type Phase =
  | { kind: 'countersign'; round: number; approved: Set<string>; objection?: { body: string; reason: string } }
  | { kind: 'revision'; round: number; revisedTo?: string[]; by?: string };

export async function selectionWorkflow(input: SelectionInput): Promise<Proposal> {
  const { workflowId } = workflowInfo();
  const recordDecision = decisionRecorder();
  const { roundId, config } = input;
  const tags = caseTags({ roundId });
  const candidates: Candidate[] = await loadCandidates({ roundId });
  let proposal = rankCandidates(candidates, config);
  let phase: Phase = { kind: 'countersign', round: 1, approved: new Set() };
  const deciding = new Set<string>();
  const decidedTasks = new Set<string>();

  // Its handlers are registered from the start, so an objection sent before the notice opens is refused, not lost.
  const notice = publicNotice({ roundId, workflowId, config: input.publicNotice });

  setHandler(selectionStateQuery, () => {
    const noticeState = notice.state();
    return noticeState
      ? { phase: 'public_notice', countersignRound: phase.round, proposal: notice.proposal()!, notice: noticeState }
      : { phase: phase.kind, countersignRound: phase.round, proposal };
  });
  const bodyOf = (taskId: string) =>
    phase.kind === 'countersign'
      ? NATIONAL_BODIES.find((b) => countersignTaskId(roundId, phase.round, b.code) === taskId)?.code
      : undefined;
  const phaseOver = () =>
    phase.kind === 'countersign'
      ? phase.objection !== undefined || phase.approved.size === NATIONAL_BODIES.length
      : phase.revisedTo !== undefined;
  // Claims, transfers, delegations; and a body's consent withdrawn while the countersign is still open
  // (an objection ends it at once, so only consents can be taken back).
  const desk = openDesk(
    { roundId },
    {
      task: (taskId) => {
        const departmentId =
          phase.kind === 'countersign'
            ? bodyOf(taskId)
            : taskId === revisionTaskId(roundId, phase.round)
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
    async ({ taskId, decision, reason, payload, attachments, actor }) => {
      deciding.add(taskId);
      try {
        const applicationIds = payload?.applicationIds ? { applicationIds: payload.applicationIds } : undefined;
        await recordDecision({
          roundId,
          taskId,
          decision,
          reason,
          actor,
          attachments,
          result: applicationIds,
          ...desk.decisionContext(taskId),
        });
        decidedTasks.add(taskId);
        desk.decided(taskId, actor);
        if (phase.kind === 'countersign') {
          const body = bodyOf(taskId)!;
          if (decision === 'approve') phase.approved.add(body);
          else phase.objection ??= { body, reason: reason! };
        } else {
          phase.revisedTo = payload!.applicationIds as string[];
          phase.by = actor.username;
        }
      } finally {
        deciding.delete(taskId);
      }
      return answerOf(taskId, decision);
    },
    {
      validator: ({ taskId, decision, reason, payload, actor }) => {
        if (desk.decideRefusal(taskId, actor) === 'task_busy') throw refuse('task_busy');
        if (decidedTasks.has(taskId) || deciding.has(taskId)) throw refuse('already_decided');
        if (phase.kind === 'countersign') {
          if (!bodyOf(taskId) || phase.objection) throw refuse('review_closed');
          if (desk.decideRefusal(taskId, actor)) throw refuse('not_your_task');
          const wrong = decisionRefusal('selectionCountersign', decision, reason);
          if (wrong) throw refuse('invalid_input', [wrong]);
        } else {
          if (taskId !== revisionTaskId(roundId, phase.round) || phase.revisedTo) throw refuse('review_closed');
          if (desk.decideRefusal(taskId, actor)) throw refuse('not_your_task');
          const wrong = decisionRefusal('selectionRevision', decision, reason);
          if (wrong) throw refuse('invalid_input', [wrong]);
          const ids = payload?.applicationIds;
          const problems = Array.isArray(ids)
            ? validateRevisedList(candidates, config, ids as string[])
            : [{ zh: '应为申报编号列表', en: 'Must be a list of application ids' }];
          if (problems.length) {
            throw refuse(
              'invalid_input',
              problems.map((p) => ({ field: 'applicationIds', code: 'invalid_value', message: p })),
            );
          }
        }
      },
    },
  );

  for (let round = 1; ; round++) {
    phase = { kind: 'countersign', round, approved: new Set() };
    const countersign = phase;
    await recordProposal({
      roundId,
      eventKey: `${workflowId}#proposal${round}`,
      proposal,
      countersignRound: round,
      status: 'countersigning',
      actor: round === 1 ? input.openedBy : undefined,
    });
    // Calendar days (every earlier selection) are plain arithmetic here, as before; working days come from an activity.
    const dueAt = new Date((await dueAfter(input.dayCount, config.countersignDays)).at).toISOString();
    await openTasks({
      roundId,
      workflowId,
      eventKey: `${workflowId}#countersign${round}`,
      stage: 'selectionCountersign',
      reviewRound: round,
      dueAt,
      tasks: NATIONAL_BODIES.map((b) => ({ id: countersignTaskId(roundId, round, b.code), departmentId: b.code })),
    });
    const countersignChase = patched(DEADLINE_ESCALATION) ? chaseCountersign(countersign, dueAt) : undefined;
    await condition(
      () =>
        deciding.size === 0 &&
        (countersign.objection !== undefined || countersign.approved.size === NATIONAL_BODIES.length),
    );
    countersignChase?.cancel();
    if (!countersign.objection) break;

    // An objection sends the list back to MOFCOM; the other bodies' open tasks are withdrawn.
    await withdrawOpenTasks({
      roundId,
      workflowId,
      eventKey: `${workflowId}#withdrawn${round}`,
      reason: `objection by ${countersign.objection.body}: ${countersign.objection.reason}`,
    });
    phase = { kind: 'revision', round };
    const revision = phase;
    await recordProposal({
      roundId,
      eventKey: `${workflowId}#revising${round}`,
      proposal,
      countersignRound: round,
      status: 'revising',
      reason: countersign.objection.reason,
    });
    await openTasks({
      roundId,
      workflowId,
      eventKey: `${workflowId}#revision${round}`,
      stage: 'selectionRevision',
      reviewRound: round,
      dueAt,
      tasks: [{ id: revisionTaskId(roundId, round), departmentId: LEAD_BODY }],
    });
    // MOFCOM alone revises, so its chain only tells (the default rule is 'none').
    const revisionChase = patched(DEADLINE_ESCALATION)
      ? chaseTasks({
          stage: 'selectionRevision',
          ids: { roundId },
          keyPrefix: `${workflowId}#revision${round}`,
          dueAt,
          policy: input.deadlines?.selectionRevision ?? DEFAULT_DEADLINES.selectionRevision,
          open: () => (revision.revisedTo || deciding.size ? [] : [revisionTaskId(roundId, round)]),
          applyDefault: () => undefined,
        })
      : undefined;
    await condition(() => deciding.size === 0 && revision.revisedTo !== undefined);
    revisionChase?.cancel();
    proposal = withSelection(proposal, revision.revisedTo!);
  }

  // The signed list in public notice until its period has ended and every objection is resolved.
  if (input.publicNotice) {
    tags.stage('publicNotice');
    proposal = await notice.run(proposal);
  }

  await publishSelection({ roundId, eventKey: `${workflowId}#published`, proposal });
  // Every scored application hears its verdict; the unselected ones end with it.
  const verdicts = candidates.map((c) => {
    const group = groupOf(c.kind);
    const entry = proposal[group].find((e) => e.applicationId === c.applicationId);
    return {
      applicationId: c.applicationId,
      outcome: { selected: entry?.selected ?? false, group, rank: entry?.rank ?? null },
    };
  });
  const byFailureType = patched(VERDICT_FAILURE_BY_TYPE);
  const tell = (v: (typeof verdicts)[number]) =>
    tellApplication(v.applicationId, selectionOutcomeSignal, v.outcome, byFailureType);
  if (patched(VERDICTS_IN_BATCHES)) {
    // The server refuses more than 2,000 signals pending from one workflow: a national round's
    // verdicts go out VERDICT_BATCH at a time.
    for (let i = 0; i < verdicts.length; i += VERDICT_BATCH)
      await Promise.all(verdicts.slice(i, i + VERDICT_BATCH).map(tell));
  } else {
    await Promise.all(verdicts.map(tell));
  }
  await condition(allHandlersFinished);
  return proposal;

  /** The countersign's chain; its default rule 'approve' takes a silent body's consent, on the record. */
  function chaseCountersign(countersign: Extract<Phase, { kind: 'countersign' }>, dueAt: string): Chase {
    const policy = input.deadlines?.selectionCountersign ?? DEFAULT_DEADLINES.selectionCountersign;
    const taskOf = (body: string) => countersignTaskId(roundId, countersign.round, body);
    const silent = () =>
      countersign.objection
        ? []
        : NATIONAL_BODIES.map((b) => b.code).filter(
            (b) => !countersign.approved.has(b) && !deciding.has(taskOf(b)) && !decidedTasks.has(taskOf(b)),
          );
    return chaseTasks({
      stage: 'selectionCountersign',
      ids: { roundId },
      keyPrefix: `${workflowId}#countersign${countersign.round}`,
      dueAt,
      policy,
      open: () => silent().map(taskOf),
      applyDefault: async () => {
        if (policy.defaultRule !== 'approve') return;
        const bodies = silent();
        for (const b of bodies) deciding.add(taskOf(b));
        try {
          for (const body of bodies) {
            await recordDecision({
              roundId,
              taskId: taskOf(body),
              decision: 'approve',
              reason: '逾期未会签，视为同意 / Not countersigned by the due time: consent taken by the default rule',
              actor: SYSTEM_ACTOR,
              revision: desk.decisionContext(taskOf(body)).revision,
            });
            decidedTasks.add(taskOf(body));
            countersign.approved.add(body);
          }
        } finally {
          for (const b of bodies) deciding.delete(taskOf(b));
        }
      },
    });
  }
}
