// An officer's actions on a task besides deciding it: claim and release a group task, transfer it
// to a colleague (转办), delegate it and take it back (委派/收回), the lead body's reassignment,
// withdraw a decision while the next step has not started (撤回), and return the matter to the
// previous step (退回). The server checks who may ask; the stage's workflow, through the
// `taskAction` Update's validator, has the final word and records the action.
import { z } from 'zod';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { DESK_STAGES, RETURN_DECISION } from '../domain/stages';
import { HAND_OVER_ACTIONS, leadOf, type DeskAction } from '../domain/taskDesk';
import { taskActionUpdate } from '../shared/definitions';
import { signedUpdate } from '../platform/actorSignature';
import { actorOf, canWorkTask } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { fromTemporal } from './temporalErrors';
import { decideTask } from './tasks';
import { taskView } from './views';

const reason = z.string().trim().min(1).max(2000);
export const handOverSchema = z.strictObject({ username: z.string().trim().min(1).max(200), reason });
export const withdrawSchema = z.strictObject({ reason });
export const noteSchema = z.strictObject({ reason: reason.optional() });

const SCHEMA: Record<DeskAction, z.ZodType<{ username?: string; reason?: string }>> = {
  claim: noteSchema,
  release: noteSchema,
  takeBack: noteSchema,
  transfer: handOverSchema,
  delegate: handOverSchema,
  reassign: handOverSchema,
  withdraw: withdrawSchema,
};

const isOfficer = (user: CurrentUser) => user.role === 'provincial_officer' || user.role === 'national_officer';

/** Who may ask for an action at all (the workflow then checks the task's state and holder). */
function mayAsk(
  user: CurrentUser,
  action: DeskAction,
  task: {
    departmentId: string | null;
    provinceCode: string | null;
    decidedById: string | null;
    ownerId: string | null;
  },
): boolean {
  if (!isOfficer(user) || !task.departmentId) return false;
  if (action === 'reassign')
    return user.departmentId === leadOf({ departmentId: task.departmentId, provinceCode: task.provinceCode });
  return user.departmentId === task.departmentId;
}

export async function actOnTask(
  deps: UseCaseDeps,
  user: CurrentUser,
  taskId: string,
  action: DeskAction,
  body: unknown,
  idempotencyKey?: string,
) {
  const task = await deps.db.task.findUnique({ where: { id: taskId } });
  if (!task) throw new DomainError('not_found');
  if (!mayAsk(user, action, task)) throw new DomainError(action === 'reassign' ? 'forbidden' : 'not_your_task');
  if (!DESK_STAGES.includes(task.stage)) throw new DomainError('wrong_stage');
  if (action === 'withdraw') {
    if (task.status === 'open') throw new DomainError('not_decided');
    if (user.id !== task.decidedById && user.id !== task.ownerId) throw new DomainError('not_your_task');
  }
  const parsed = SCHEMA[action].safeParse(body ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));

  let target: { userId: string; username: string; departmentId: string | null } | undefined;
  if (HAND_OVER_ACTIONS.includes(action)) {
    const colleague = await deps.db.user.findUnique({ where: { username: parsed.data.username! } });
    if (
      !colleague ||
      colleague.departmentId !== task.departmentId ||
      colleague.id === user.id ||
      !['provincial_officer', 'national_officer'].includes(colleague.role)
    ) {
      throw new DomainError('invalid_input', [
        {
          field: 'username',
          code: 'invalid_value',
          message: { zh: '须为该任务所属部门的其他工作人员', en: "Must be another officer of the task's department" },
        },
      ]);
    }
    target = { userId: colleague.id, username: colleague.username, departmentId: colleague.departmentId };
  }
  try {
    await deps.temporal.workflow.getHandle(task.workflowId).executeUpdate(taskActionUpdate, {
      ...signedUpdate(
        task.workflowId,
        taskActionUpdate,
        { taskId, action, target, reason: parsed.data.reason, actor: actorOf(user) },
        idempotencyKey ? `${taskId}:${action}:${idempotencyKey}` : undefined,
      ),
    });
  } catch (err) {
    // the stage's workflow has ended: its result has gone on to the next step
    throw fromTemporal(err, action === 'withdraw' ? 'next_step_started' : 'review_closed');
  }
  return taskView(await deps.db.task.findUniqueOrThrow({ where: { id: taskId } }));
}

/** 退回: the stage's own decision that sends the matter back to the step before it. */
export async function returnTask(
  deps: UseCaseDeps,
  user: CurrentUser,
  taskId: string,
  body: unknown,
  idempotencyKey?: string,
) {
  const task = await deps.db.task.findUnique({ where: { id: taskId } });
  if (!task) throw new DomainError('not_found');
  if (!canWorkTask(user, task)) throw new DomainError('not_your_task');
  const parsed = withdrawSchema.safeParse(body ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const decision = RETURN_DECISION[task.stage];
  if (!decision) throw new DomainError('no_previous_step');
  return decideTask(deps, user, taskId, { decision, reason: parsed.data.reason }, idempotencyKey);
}
