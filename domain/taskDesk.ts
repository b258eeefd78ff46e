// Who holds a department's task, and what an officer may do with it before and after deciding it
// (the 签收/转办/委派/撤回 of an approval centre). Pure rules, shared by the stage workflows (which
// enforce them in their Update validators) and the API (which explains them).
import { LEAD_BODY } from './bodies';
import { leadDepartmentOf } from './deadlines';
import type { ErrorCode } from './errors';
import { LEAD_PARTY, provincialDepartmentId } from './parties';

export const DESK_ACTIONS = ['claim', 'release', 'transfer', 'delegate', 'takeBack', 'reassign', 'withdraw'] as const;
export type DeskAction = (typeof DESK_ACTIONS)[number];

/** The actions that name a colleague to hand the task to. */
export const HAND_OVER_ACTIONS: readonly DeskAction[] = ['transfer', 'delegate', 'reassign'];

export interface Person {
  userId: string;
  username: string;
}

/**
 * Nobody holds a group task: any officer of its department may claim or decide it. A claimed or
 * transferred task has an assignee; a delegated one also has its owner, who may take it back.
 */
export interface Holding {
  assignee?: Person;
  owner?: Person;
}

export interface DeskActor extends Person {
  role: string;
  departmentId?: string | null;
}

export interface DeskTask {
  departmentId: string;
  provinceCode: string | null;
  /** open for a decision: not decided, not being decided, and its stage still running */
  open: boolean;
}

export interface DeskRequest {
  action: DeskAction;
  actor: DeskActor;
  /** the colleague a task is transferred, delegated or reassigned to */
  target?: Person & { departmentId?: string | null };
}

const isOfficer = (a: Pick<DeskActor, 'role'>) => a.role === 'provincial_officer' || a.role === 'national_officer';

/** Whether this actor may decide the task now: its holder, or any officer of its department while nobody holds it. */
export function mayDecide(
  holding: { assignee?: Pick<Person, 'userId'> },
  task: { departmentId: string | null },
  actor: Pick<DeskActor, 'userId' | 'role' | 'departmentId'>,
): boolean {
  if (holding.assignee) return holding.assignee.userId === actor.userId;
  return isOfficer(actor) && task.departmentId !== null && actor.departmentId === task.departmentId;
}

export function leadOf(task: Pick<DeskTask, 'departmentId' | 'provinceCode'>): string {
  return leadDepartmentOf(task, (p) => provincialDepartmentId(p, LEAD_PARTY), LEAD_BODY);
}

/**
 * Why this request must be refused, or undefined if it may go ahead. `withdraw` is checked here for
 * who may ask; whether the stage can still take the decision back is the stage's to say.
 */
export function deskRefusal(
  holding: Holding,
  task: DeskTask,
  req: DeskRequest,
  decidedBy?: string,
): ErrorCode | undefined {
  const { action, actor, target } = req;
  if (action === 'withdraw') {
    if (task.open) return 'not_decided';
    return decidedBy !== undefined && (decidedBy === actor.userId || holding.owner?.userId === actor.userId)
      ? undefined
      : 'not_your_task';
  }
  if (!task.open) return 'review_closed';
  if (HAND_OVER_ACTIONS.includes(action)) {
    if (!target || target.departmentId !== task.departmentId) return 'invalid_target';
    if (target.userId === actor.userId) return 'invalid_target';
  }
  switch (action) {
    case 'claim':
      if (!isOfficer(actor) || actor.departmentId !== task.departmentId) return 'not_your_task';
      return holding.assignee ? 'already_claimed' : undefined;
    case 'release':
      if (holding.owner) return 'task_delegated';
      return holding.assignee?.userId === actor.userId ? undefined : 'not_your_task';
    case 'transfer':
    case 'delegate':
      if (holding.owner) return 'task_delegated';
      return mayDecide(holding, task, actor) ? undefined : 'not_your_task';
    case 'takeBack':
      return holding.owner?.userId === actor.userId ? undefined : 'not_your_task';
    case 'reassign':
      return isOfficer(actor) && actor.departmentId === leadOf(task) ? undefined : 'forbidden';
  }
}

/** Who holds the task after an action that was allowed. */
export function afterDesk(holding: Holding, req: DeskRequest): Holding {
  const me: Person = { userId: req.actor.userId, username: req.actor.username };
  const target = req.target && { userId: req.target.userId, username: req.target.username };
  switch (req.action) {
    case 'claim':
      return { assignee: me };
    case 'release':
      return {};
    case 'transfer':
    case 'reassign':
      return { assignee: target };
    case 'delegate':
      return { assignee: target, owner: me };
    case 'takeBack':
      return { assignee: holding.owner };
    case 'withdraw':
      return holding;
  }
}
