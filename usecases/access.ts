// Who may see and do what: decided on the server from the user's role, body and province.
import { LEAD_BODY } from '../domain/bodies';
import { DomainError } from '../domain/errors';
import { LEAD_PARTY, provincialDepartmentId } from '../domain/parties';
import { mayDecide } from '../domain/taskDesk';
import type { Actor } from '../shared/definitions';
import type { CurrentUser } from './context';
import { isUnsubmittedDraft } from './visibility';

/** An expert reads only what a task of theirs is about, so `tasks` must be given for experts. */
export function canReadApplication(
  user: CurrentUser,
  app: { organizationId: string; provinceCode: string | null; tasks?: { assigneeId: string | null }[] },
): boolean {
  switch (user.role) {
    case 'applicant':
      return user.organizationId === app.organizationId;
    case 'expert':
      return app.tasks?.some((t) => t.assigneeId === user.id) ?? false;
    case 'provincial_officer':
      return app.provinceCode !== null && user.provinceCode === app.provinceCode;
    case 'national_officer':
    case 'auditor':
    case 'admin':
      return true;
    default:
      return false;
  }
}

/**
 * Refuses a reader who may not see the application: a never-submitted draft is its applicant's
 * alone, and to anyone else it does not exist (404, not 403: its existence is not revealed).
 */
export function assertMayRead(
  user: CurrentUser,
  app: {
    organizationId: string;
    provinceCode: string | null;
    status: string;
    submissions: number;
    tasks?: { assigneeId: string | null }[];
  },
): void {
  if (isUnsubmittedDraft(app) && !ownsApplication(user, app)) throw new DomainError('not_found');
  if (!canReadApplication(user, app)) throw new DomainError('forbidden');
}

export function ownsApplication(user: CurrentUser, app: { organizationId: string }): boolean {
  return user.role === 'applicant' && user.organizationId === app.organizationId;
}

/** Who may work a task: the desk's rule (domain/taskDesk.ts), which the stage workflows apply too. */
export function canWorkTask(
  user: CurrentUser,
  task: { departmentId: string | null; assigneeId: string | null },
): boolean {
  return mayDecide(task.assigneeId ? { assignee: { userId: task.assigneeId } } : {}, task, {
    ...user,
    userId: user.id,
  });
}

/**
 * A task is read by whoever may work it, its department's officers, auditors and admins — and,
 * read-only, by those who follow the cases: MOFCOM's officers (the programme's lead) every task, a
 * province's commerce department (the lead of its joint review) its province's review and countersign tasks.
 */
export function canReadTask(
  user: CurrentUser,
  task: { departmentId: string | null; assigneeId: string | null; stage: string; provinceCode: string | null },
): boolean {
  return (
    user.role === 'auditor' ||
    user.role === 'admin' ||
    canWorkTask(user, task) ||
    (task.departmentId !== null && user.departmentId === task.departmentId) ||
    followsTask(user, task)
  );
}

function followsTask(user: CurrentUser, task: { stage: string; provinceCode: string | null }): boolean {
  if (user.role === 'national_officer') return user.departmentId === LEAD_BODY;
  return (
    user.role === 'provincial_officer' &&
    (task.stage === 'provincialReview' || task.stage === 'recommendationCountersign') &&
    task.provinceCode !== null &&
    task.provinceCode === user.provinceCode &&
    user.departmentId === provincialDepartmentId(task.provinceCode, LEAD_PARTY)
  );
}

export function actorOf(user: CurrentUser): Actor {
  // organizationId and provinceCode let the workflows check an applicant's or a province's own Updates themselves
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    departmentId: user.departmentId,
    organizationId: user.organizationId,
    provinceCode: user.provinceCode,
  };
}
