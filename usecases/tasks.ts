// Tasks: list what is assigned to me or my department, and decide a task. A decision goes to the
// stage's workflow as the `decide` Update; the workflow's validator is the final word on whether
// it may be taken, so two officers deciding at once get exactly one success.
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { decideUpdate } from '../workflows/definitions';
import { actorOf, canWorkTask } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { DECISION_SCHEMAS } from './decisionSchemas';
import { fromTemporal } from './temporalErrors';
import { kindLabel, taskView } from './views';

const TASK_STATUSES = ['open', 'decided', 'withdrawn', 'expired'] as const;

export async function listMyTasks(deps: UseCaseDeps, user: CurrentUser, query: { status?: string }) {
  if (!user.departmentId && user.role !== 'expert') throw new DomainError('forbidden');
  const status = query.status ?? 'open';
  if (status !== 'all' && !(TASK_STATUSES as readonly string[]).includes(status)) {
    throw new DomainError('invalid_input', [{ field: 'status', code: 'invalid_value', message: { zh: '应为 open、decided、withdrawn、expired 或 all', en: 'Must be open, decided, withdrawn, expired or all' } }]);
  }
  const tasks = await deps.db.task.findMany({
    where: { ...(user.departmentId ? { departmentId: user.departmentId } : { assigneeId: user.id }), ...(status === 'all' ? {} : { status }) },
    include: { application: { include: { organization: true } } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: 200,
  });
  return tasks.map((t) => ({
    ...taskView(t),
    application: t.application && { id: t.application.id, kind: t.application.kind, kindLabel: kindLabel(t.application.kind), organization: t.application.organization.name },
  }));
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
