// Tasks: list what is assigned to me or my department, and decide a task. A decision goes to the
// stage's workflow as the `decide` Update; the workflow's validator is the final word on whether
// it may be taken, so two officers deciding at once get exactly one success.
import crypto from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../activities/audit';
import { LEAD_BODY } from '../domain/bodies';
import { leadDepartmentOf } from '../domain/deadlines';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { LEAD_PARTY, provincialDepartmentId } from '../domain/parties';
import { queueNotices, startDelivery } from '../notifications/outbox';
import { decideUpdate } from '../workflows/definitions';
import { actorOf, canWorkTask } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { DECISION_SCHEMAS } from './decisionSchemas';
import { fromTemporal } from './temporalErrors';
import { taskView } from './views';

/** One task, for whoever may work it, its department's officers, auditors and admins. */
export async function getTask(deps: UseCaseDeps, user: CurrentUser, taskId: string) {
  const task = await deps.db.task.findUnique({ where: { id: taskId }, include: { assignee: { select: { username: true, displayName: true } } } });
  if (!task) throw new DomainError('not_found');
  const readable = user.role === 'auditor' || user.role === 'admin' || canWorkTask(user, task) || (task.departmentId !== null && user.departmentId === task.departmentId);
  if (!readable) throw new DomainError('forbidden');
  return { ...taskView(task), assignee: task.assignee };
}

export async function decideTask(deps: UseCaseDeps, user: CurrentUser, taskId: string, body: unknown, idempotencyKey?: string) {
  const task = await deps.db.task.findUnique({ where: { id: taskId } });
  if (!task) throw new DomainError('not_found');
  if (!canWorkTask(user, task)) throw new DomainError('not_your_task');
  const schema = DECISION_SCHEMAS[task.stage];
  if (!schema) throw new DomainError('wrong_stage');
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  if (task.status === 'decided') throw new DomainError('already_decided');
  if (task.status !== 'open') throw new DomainError('review_closed');

  const { decision, reason, ...payload } = parsed.data;
  try {
    await deps.temporal.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, {
      args: [{ taskId, decision, reason, payload, actor: actorOf(user) }],
      ...(idempotencyKey ? { updateId: `${taskId}:${idempotencyKey}` } : {}),
    });
  } catch (err) {
    throw fromTemporal(err, 'review_closed');
  }
  return taskView(await deps.db.task.findUniqueOrThrow({ where: { id: taskId } }));
}

export const reassignSchema = z.strictObject({ username: z.string().trim().min(1), reason: z.string().trim().min(1).max(2000) });

/**
 * The lead body of a task's stage (the provincial commerce department over the other provincial
 * parties, MOFCOM over national tasks) hands an open task to a named officer of its department —
 * what an escalation invites it to do. From then on only that officer works the task.
 */
export async function reassignTask(deps: UseCaseDeps, user: CurrentUser, taskId: string, body: unknown) {
  const task = await deps.db.task.findUnique({ where: { id: taskId } });
  if (!task) throw new DomainError('not_found');
  if (!task.departmentId) throw new DomainError('wrong_stage'); // an expert's seat is replaced, not reassigned
  const lead = leadDepartmentOf(task, (p) => provincialDepartmentId(p, LEAD_PARTY), LEAD_BODY);
  if (user.departmentId !== lead || (user.role !== 'provincial_officer' && user.role !== 'national_officer')) throw new DomainError('forbidden');
  const parsed = reassignSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const officer = await deps.db.user.findUnique({ where: { username: parsed.data.username } });
  if (!officer || officer.departmentId !== task.departmentId) {
    throw new DomainError('invalid_input', [{ field: 'username', code: 'invalid_value', message: { zh: '须为该任务所属部门的工作人员', en: "Must be an officer of the task's department" } }]);
  }
  if (task.status !== 'open') throw new DomainError('review_closed');
  const eventKey = `${taskId}/reassigned/${crypto.randomUUID()}`;
  const queued = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.task.updateMany({ where: { id: taskId, status: 'open' }, data: { assigneeId: officer.id } });
    if (count !== 1) throw new DomainError('review_closed');
    await appendAudit(tx, {
      applicationId: task.applicationId ?? undefined,
      roundId: task.roundId ?? undefined,
      eventKey,
      action: 'task_reassigned',
      actor: actorOf(user),
      taskId,
      reason: parsed.data.reason,
      detail: { from: task.assigneeId, to: officer.id, toUsername: officer.username },
    });
    return queueNotices(tx, eventKey, [{ event: 'task_reassigned', applicationId: task.applicationId ?? undefined, roundId: task.roundId ?? undefined, taskIds: [taskId], lines: [{ zh: `说明：${parsed.data.reason}`, en: `Note: ${parsed.data.reason}` }] }], deps.outbox);
  });
  if (queued > 0) await startDelivery(deps.temporal, deps.taskQueue, eventKey);
  return taskView(await deps.db.task.findUniqueOrThrow({ where: { id: taskId } }));
}
