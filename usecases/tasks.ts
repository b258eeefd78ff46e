// Officers' tasks: list what is assigned to my department, and decide a task. A decision goes to
// the stage's workflow as an Update; the workflow's validator is the final word on whether it
// may be taken, so two officers deciding at once get exactly one success.
import { z } from 'zod';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { isPartyCode } from '../domain/parties';
import { REVIEW_DECISIONS } from '../domain/provincialReview';
import { decideUpdate } from '../workflows/definitions';
import { actorOf, canWorkTask } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { fromTemporal } from './temporalErrors';
import { kindLabel, taskView } from './views';

export const decisionSchema = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS),
  reason: z.string().trim().min(1).max(5000).optional(),
});

const TASK_STATUSES = ['open', 'decided', 'withdrawn'] as const;

export async function listMyTasks(deps: UseCaseDeps, user: CurrentUser, query: { status?: string }) {
  if (!user.departmentId) throw new DomainError('forbidden');
  const status = query.status ?? 'open';
  if (status !== 'all' && !(TASK_STATUSES as readonly string[]).includes(status)) {
    throw new DomainError('invalid_input', [{ field: 'status', code: 'invalid_value', message: { zh: '应为 open、decided、withdrawn 或 all', en: 'Must be open, decided, withdrawn or all' } }]);
  }
  const tasks = await deps.db.task.findMany({
    where: { departmentId: user.departmentId, ...(status === 'all' ? {} : { status }) },
    include: { application: { include: { organization: true } } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: 200,
  });
  return tasks.map((t) => ({
    ...taskView(t),
    application: { id: t.application.id, kind: t.application.kind, kindLabel: kindLabel(t.application.kind), organization: t.application.organization.name },
  }));
}

export async function decideTask(deps: UseCaseDeps, user: CurrentUser, taskId: string, body: unknown, idempotencyKey?: string) {
  const parsed = decisionSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { decision, reason } = parsed.data;
  if (decision !== 'approve' && !reason) {
    throw new DomainError('invalid_input', [{ field: 'reason', code: 'required', message: { zh: '退回或不通过必须说明理由', en: 'A reject or a return needs a reason' } }]);
  }
  const task = await deps.db.task.findUnique({ where: { id: taskId }, include: { department: true } });
  if (!task) throw new DomainError('not_found');
  if (!canWorkTask(user, task)) throw new DomainError('not_your_task');
  if (task.status === 'decided') throw new DomainError('already_decided');
  if (task.status !== 'open') throw new DomainError('review_closed');
  const party = task.department.partyCode;
  if (!party || !isPartyCode(party)) throw new DomainError('wrong_stage');

  try {
    await deps.temporal.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, {
      args: [{ taskId, party, decision, reason, actor: actorOf(user) }],
      ...(idempotencyKey ? { updateId: `${taskId}:${idempotencyKey}` } : {}),
    });
  } catch (err) {
    throw fromTemporal(err, 'review_closed');
  }
  return taskView(await deps.db.task.findUniqueOrThrow({ where: { id: taskId } }));
}
