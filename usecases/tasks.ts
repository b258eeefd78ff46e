// Tasks: read one, and decide it. A decision goes to the
// stage's workflow as the `decide` Update; the workflow's validator is the final word on whether
// it may be taken, so two officers deciding at once get exactly one success.
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import type { RubricCriterion } from '../domain/round';
import { decideUpdate, type DecideResult } from '../shared/definitions';
import { signedUpdate } from '../platform/actorSignature';
import { COUNTERSIGN_STAGES, DESK_STAGES, RETURN_DECISION } from '../domain/stages';
import { DESK_ACTIONS, deskRefusal, type DeskAction } from '../domain/taskDesk';
import { citedAttachments, listAttachments } from './attachments';
import { compilationReports } from './compilationReports';
import { actorOf, canReadTask, canWorkTask } from './access';
import type { TaskRow } from './auth';
import type { CurrentUser, UseCaseDeps } from './context';
import { DECISION_SCHEMAS } from './decisionSchemas';
import { evaluationContext } from './evaluatorAccess';
import { fromTemporal } from './temporalErrors';
import { taskView } from './views';

/**
 * One task, with who holds it, its attachments, and what the user may do with it now (a hint for
 * the page: the stage's workflow still has the final word).
 */
export async function getTask(deps: UseCaseDeps, user: CurrentUser, taskId: string) {
  const task = await deps.db.task.findUnique({
    where: { id: taskId },
    include: { assignee: { select: { username: true, displayName: true } } },
  });
  if (!task) throw new DomainError('not_found');
  if (!canReadTask(user, task)) throw new DomainError('forbidden');
  const owner = task.ownerId
    ? await deps.db.user.findUnique({ where: { id: task.ownerId }, select: { username: true, displayName: true } })
    : null;
  const rubric = await rubricOf(deps, task);
  const compilation = await compilationReports(deps, task);
  const evaluation = await evaluationContext(deps, task);
  return {
    ...taskView(task),
    assignee: task.assignee,
    owner,
    attachments: await listAttachments(deps, taskId),
    may: mayNow(user, task, await stageRunning(deps, task)),
    ...(rubric ? { rubric } : {}),
    // a compilation's page lists the reports it carries: those who read the task may read them
    ...(compilation ? { compilation } : {}),
    // an evaluation's task shows what its decider weighs: the self-assessment, indicators, report, opinion
    ...(evaluation ? { evaluation } : {}),
  };
}

/**
 * An expert's score sheet: the rubric of the rules its application was first submitted under — the
 * copy its workflow scores with — not the round's rules of today (a later version may differ).
 */
async function rubricOf(
  deps: UseCaseDeps,
  task: { stage: string; applicationId: string | null },
): Promise<RubricCriterion[] | undefined> {
  if (task.stage !== 'expertReview' || !task.applicationId) return undefined;
  const app = await deps.db.application.findUnique({
    where: { id: task.applicationId },
    select: { roundId: true, configVersion: true, round: { select: { config: true } } },
  });
  if (!app) return undefined;
  const version =
    app.configVersion === null
      ? null
      : await deps.db.roundConfigVersion.findUnique({
          where: { roundId_version: { roundId: app.roundId, version: app.configVersion } },
          select: { config: true },
        });
  return ((version ?? app.round).config as { rubric?: RubricCriterion[] }).rubric;
}

/**
 * Whether the task's stage round still waits for a decision: another task of the same stage and
 * review round is open. Once none is (the last one decided, or the round ended and withdrew the
 * rest), the next step has started and a decision can no longer be withdrawn.
 */
async function stageRunning(
  deps: UseCaseDeps,
  task: { id: string; workflowId: string; stage: string; reviewRound: number; status: string },
) {
  if (task.status !== 'decided') return task.status === 'open';
  if (!COUNTERSIGN_STAGES.includes(task.stage)) return false;
  const open = await deps.db.task.count({
    where: {
      workflowId: task.workflowId,
      stage: task.stage,
      reviewRound: task.reviewRound,
      status: 'open',
      id: { not: task.id },
    },
  });
  return open > 0;
}

function mayNow(
  user: CurrentUser,
  task: {
    id: string;
    stage: string;
    status: string;
    departmentId: string | null;
    provinceCode: string | null;
    assigneeId: string | null;
    ownerId: string | null;
    decidedById: string | null;
  },
  running: boolean,
) {
  const decide = task.status === 'open' && canWorkTask(user, task);
  const onDesk = DESK_STAGES.includes(task.stage) && task.departmentId !== null;
  const person = (id: string | null) => (id ? { userId: id, username: '' } : undefined);
  const actor = { userId: user.id, username: user.username, role: user.role, departmentId: user.departmentId };
  const deskTask = {
    departmentId: task.departmentId ?? '',
    provinceCode: task.provinceCode,
    open: task.status === 'open',
  };
  const holding = { assignee: person(task.assigneeId), owner: person(task.ownerId) };
  const allowed = (action: DeskAction) =>
    onDesk &&
    (task.status === 'open' || task.status === 'decided') &&
    !deskRefusal(
      holding,
      deskTask,
      { action, actor, target: { userId: '', username: '', departmentId: task.departmentId } },
      task.decidedById ?? undefined,
    );
  return {
    decide,
    return: decide && RETURN_DECISION[task.stage] !== undefined,
    ...Object.fromEntries(DESK_ACTIONS.map((a) => [a, allowed(a)])),
    withdraw: allowed('withdraw') && running,
  } as Record<'decide' | 'return' | DeskAction, boolean>;
}

export async function decideTask(
  deps: UseCaseDeps,
  user: CurrentUser,
  taskId: string,
  body: unknown,
  idempotencyKey?: string,
  /** the task as the token check read it (api/http.ts decisionTaskId); undefined: read it here */
  preloaded?: TaskRow | null,
) {
  const task = preloaded === undefined ? await deps.db.task.findUnique({ where: { id: taskId } }) : preloaded;
  if (!task) throw new DomainError('not_found');
  if (!canWorkTask(user, task)) throw new DomainError('not_your_task');
  const schema = DECISION_SCHEMAS[task.stage];
  if (!schema) throw new DomainError('wrong_stage');
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  // A decided task is refused — unless this is a retry under the Idempotency-Key the decision was
  // sent with (its answer lost, e.g. the API restarted): the Update with that id then answers again
  // from Temporal, with the same result; under another key the workflow refuses it as decided.
  const retry = task.status === 'decided' && idempotencyKey !== undefined;
  if (task.status === 'decided' && !retry) throw new DomainError('already_decided');
  if (task.status !== 'open' && !retry) throw new DomainError('review_closed');

  const { decision, reason, attachments: attachmentIds, ...payload } = parsed.data;
  const attachments = await citedAttachments(deps, user, taskId, attachmentIds as string[] | undefined);
  let answer: DecideResult;
  try {
    answer = await deps.temporal.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, {
      ...signedUpdate(
        task.workflowId,
        decideUpdate,
        { taskId, decision, reason, payload, attachments, actor: actorOf(user) },
        idempotencyKey ? `${taskId}:${idempotencyKey}` : undefined,
      ),
    });
  } catch (err) {
    throw fromTemporal(err, retry ? 'already_decided' : 'review_closed');
  }
  // the task as the decision wrote it; a workflow that records decisions otherwise: read it
  if (!answer.task) return taskView(await deps.db.task.findUniqueOrThrow({ where: { id: taskId } }));
  return taskView({ ...task, ...answer.task, decidedAt: new Date(answer.task.decidedAt) });
}
