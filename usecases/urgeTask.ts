// 催办: a lead urges a late department in one click (POST /api/tasks/:id/urge). MOFCOM's officers
// may urge any task, a province's lead department (its commerce department) the tasks of its
// province. The use case sends its mail itself, through the notification outbox: the audit record
// and the Notification rows commit in one transaction, then the event's delivery workflow sends
// them. A task is urged at most once an hour (the task's row is locked while that is checked, so
// two clicks at once send one mail).
import { chinaTime } from '../domain/workingCalendar';
import { LEAD_BODY } from '../domain/bodies';
import { DomainError } from '../domain/errors';
import { LEAD_PARTY, provincialDepartmentId } from '../domain/parties';
import { appendAudit } from '../platform/audit';
import { queueNotices, startDelivery } from '../notifications/outbox';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

export const URGE_INTERVAL_MS = 3600_000;

/** Whether this user may urge a task of this province (null: a national task). */
export function mayUrge(user: CurrentUser, provinceCode: string | null): boolean {
  if (user.role === 'national_officer') return user.departmentId === LEAD_BODY;
  if (user.role !== 'provincial_officer' || !user.provinceCode) return false;
  return (
    provinceCode === user.provinceCode && user.departmentId === provincialDepartmentId(user.provinceCode, LEAD_PARTY)
  );
}

export async function urgeTask(deps: UseCaseDeps, user: CurrentUser, taskId: string) {
  const task = await deps.db.task.findUnique({
    where: { id: taskId },
    include: { application: { select: { provinceCode: true, roundId: true } } },
  });
  if (!task) throw new DomainError('not_found');
  const provinceCode = task.application?.provinceCode ?? task.provinceCode;
  if (!mayUrge(user, provinceCode)) throw new DomainError('forbidden');
  if (task.status !== 'open') throw new DomainError('task_not_open');

  const now = (deps.now ?? (() => new Date()))();
  const eventKey = `urge:${taskId}:${now.toISOString()}`;
  const queued = await deps.db.$transaction(async (tx) => {
    // one urge at a time per task: the row lock makes a concurrent click wait, then see this one
    await tx.$queryRaw`SELECT id FROM "Task" WHERE id = ${taskId} FOR UPDATE`;
    const last = await tx.auditEvent.findFirst({
      where: { taskId, action: 'task_urged' },
      orderBy: { at: 'desc' },
      select: { at: true },
    });
    if (last && now.getTime() - last.at.getTime() < URGE_INTERVAL_MS) {
      const next = new Date(last.at.getTime() + URGE_INTERVAL_MS);
      throw new DomainError('urged_recently', undefined, {
        zh: `该任务已于 ${cst(last.at)} 催办过，一小时内不能重复催办；${cst(next)} 后可再次催办`,
        en: `This task was urged at ${cst(last.at, 'en')}; it may be urged again after ${cst(next, 'en')} (at most once an hour)`,
      });
    }
    const current = await tx.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true } });
    if (current.status !== 'open') throw new DomainError('task_not_open');
    await appendAudit(tx, {
      applicationId: task.applicationId ?? undefined,
      roundId: task.applicationId ? undefined : (task.roundId ?? undefined),
      eventKey,
      action: 'task_urged',
      actor: actorOf(user),
      taskId,
      detail: {
        departmentId: task.departmentId,
        assigneeId: task.assigneeId,
        stage: task.stage,
        dueAt: task.dueAt.toISOString(),
      },
    });
    return queueNotices(
      tx,
      eventKey,
      [
        {
          event: 'task_urged',
          applicationId: task.applicationId ?? undefined,
          roundId: task.roundId ?? task.application?.roundId ?? undefined,
          taskIds: [taskId],
        },
      ],
      deps.outbox,
    );
  });
  if (queued > 0) await startDelivery(deps.temporal, deps.taskQueue, eventKey);
  return {
    taskId,
    urgedAt: now.toISOString(),
    mailed: queued,
    nextUrgeAt: new Date(now.getTime() + URGE_INTERVAL_MS).toISOString(),
  };
}

/** China Standard Time, for the message: "2026-12-06 15:31 北京时间". */
const cst = (d: Date, lang: 'zh' | 'en' = 'zh') =>
  `${chinaTime(d)} ${lang === 'zh' ? '北京时间' : 'China Standard Time'}`;
