// Selection (确定试点, notice §四(三)): MOFCOM ranks the round's scored applications in two groups
// against their quotas, the eight bodies countersign the proposed list, any body may object with a
// reason — which sends the list back to MOFCOM to revise — and the signed list is published: every
// scored application learns whether it was selected.
import { allHandlersFinished, condition, getExternalWorkflowHandle, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { LEAD_BODY, NATIONAL_BODIES } from '../domain/bodies';
import { daysToMs } from '../domain/round';
import { groupOf, rankCandidates, validateRevisedList, withSelection, type Candidate, type Proposal } from '../domain/selection';
import { PERSIST } from './activityOptions';
import { applicationWorkflowId, countersignTaskId, decideUpdate, revisionTaskId, selectionOutcomeSignal, selectionStateQuery, type SelectionInput } from './definitions';
import { refuse } from './refuse';

const { loadCandidates, recordProposal, openTasks, recordDecision, withdrawOpenTasks, publishSelection } = proxyActivities<Activities>(PERSIST);

type Phase = { kind: 'countersign'; round: number; approved: Set<string>; objection?: { body: string; reason: string } } | { kind: 'revision'; round: number; revisedTo?: string[]; by?: string };


export async function selectionWorkflow(input: SelectionInput): Promise<Proposal> {
  const { workflowId } = workflowInfo();
  const { roundId, config } = input;
  const candidates: Candidate[] = await loadCandidates({ roundId });
  let proposal = rankCandidates(candidates, config);
  let phase: Phase = { kind: 'countersign', round: 1, approved: new Set() };
  const deciding = new Set<string>();
  const decidedTasks = new Set<string>();

  setHandler(selectionStateQuery, () => ({ phase: phase.kind, countersignRound: phase.round, proposal }));
  setHandler(
    decideUpdate,
    async ({ taskId, decision, reason, payload, actor }) => {
      deciding.add(taskId);
      try {
        await recordDecision({ roundId, taskId, decision, reason, actor, result: payload?.applicationIds ? { applicationIds: payload.applicationIds } : undefined });
        decidedTasks.add(taskId);
        if (phase.kind === 'countersign') {
          const body = actor.departmentId!;
          if (decision === 'approve') phase.approved.add(body);
          else phase.objection ??= { body, reason: reason! };
        } else {
          phase.revisedTo = payload!.applicationIds as string[];
          phase.by = actor.username;
        }
      } finally {
        deciding.delete(taskId);
      }
      return { taskId, decision };
    },
    {
      validator: ({ taskId, decision, reason, payload, actor }) => {
        if (decidedTasks.has(taskId) || deciding.has(taskId)) throw refuse('already_decided');
        if (phase.kind === 'countersign') {
          const body = NATIONAL_BODIES.find((b) => countersignTaskId(roundId, phase.round, b.code) === taskId)?.code;
          if (!body || phase.objection) throw refuse('review_closed');
          if (actor?.departmentId !== body) throw refuse('not_your_task');
          if (decision !== 'approve' && decision !== 'object') throw refuse('invalid_input', [{ field: 'decision', code: 'invalid_value', message: { zh: '应为 approve 或 object', en: 'Must be approve or object' } }]);
          if (decision === 'object' && !reason?.trim()) throw refuse('invalid_input', [{ field: 'reason', code: 'required', message: { zh: '异议须说明理由', en: 'An objection needs a reason' } }]);
        } else {
          if (taskId !== revisionTaskId(roundId, phase.round) || phase.revisedTo) throw refuse('review_closed');
          if (actor?.departmentId !== LEAD_BODY) throw refuse('not_your_task');
          const ids = payload?.applicationIds;
          const problems = Array.isArray(ids) ? validateRevisedList(candidates, config, ids as string[]) : [{ zh: '应为申报编号列表', en: 'Must be a list of application ids' }];
          if (decision !== 'revise' || problems.length) {
            throw refuse('invalid_input', problems.map((p) => ({ field: 'applicationIds', code: 'invalid_value', message: p })));
          }
        }
      },
    },
  );

  for (let round = 1; ; round++) {
    phase = { kind: 'countersign', round, approved: new Set() };
    const countersign = phase;
    await recordProposal({ roundId, eventKey: `${workflowId}#proposal${round}`, proposal, countersignRound: round, status: 'countersigning', actor: round === 1 ? input.openedBy : undefined });
    const dueAt = new Date(Date.now() + daysToMs(config.countersignDays)).toISOString();
    await openTasks({
      roundId,
      workflowId,
      eventKey: `${workflowId}#countersign${round}`,
      stage: 'selectionCountersign',
      reviewRound: round,
      dueAt,
      tasks: NATIONAL_BODIES.map((b) => ({ id: countersignTaskId(roundId, round, b.code), departmentId: b.code })),
    });
    await condition(() => deciding.size === 0 && (countersign.objection !== undefined || countersign.approved.size === NATIONAL_BODIES.length));
    if (!countersign.objection) break;

    // An objection sends the list back to MOFCOM; the other bodies' open tasks are withdrawn.
    await withdrawOpenTasks({ roundId, workflowId, eventKey: `${workflowId}#withdrawn${round}`, reason: `objection by ${countersign.objection.body}: ${countersign.objection.reason}` });
    phase = { kind: 'revision', round };
    const revision = phase;
    await recordProposal({ roundId, eventKey: `${workflowId}#revising${round}`, proposal, countersignRound: round, status: 'revising', reason: countersign.objection.reason });
    await openTasks({
      roundId,
      workflowId,
      eventKey: `${workflowId}#revision${round}`,
      stage: 'selectionRevision',
      reviewRound: round,
      dueAt,
      tasks: [{ id: revisionTaskId(roundId, round), departmentId: LEAD_BODY }],
    });
    await condition(() => deciding.size === 0 && revision.revisedTo !== undefined);
    proposal = withSelection(proposal, revision.revisedTo!);
  }

  await publishSelection({ roundId, eventKey: `${workflowId}#published`, proposal });
  // Every scored application hears its verdict; the unselected ones end with it.
  const verdicts = candidates.map((c) => {
    const group = groupOf(c.kind);
    const entry = proposal[group].find((e) => e.applicationId === c.applicationId);
    return { applicationId: c.applicationId, outcome: { selected: entry?.selected ?? false, group, rank: entry?.rank ?? null } };
  });
  await Promise.all(
    verdicts.map((v) =>
      getExternalWorkflowHandle(applicationWorkflowId(v.applicationId))
        .signal(selectionOutcomeSignal, v.outcome)
        .catch((err) => log.warn('verdict not delivered: the application workflow has ended', { applicationId: v.applicationId, err: String(err) })),
    ),
  );
  await condition(allHandlersFinished);
  return proposal;
}

