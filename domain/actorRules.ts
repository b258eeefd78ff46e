// Why: once an Update's actor is verified (workflows/interceptors.ts), each workflow still checks
// that this actor may send it — the same rules the API applies (usecases/access.ts, experts.ts,
// objections.ts), so a bug or a bypass of the API alone cannot act for the wrong role or party.
// The department tasks' rules are the desk's (domain/taskDesk.ts mayDecide, deskRefusal).
import { LEAD_BODY } from './bodies';

interface ActorLike {
  role: string;
  departmentId?: string | null;
  organizationId?: string | null;
}

/** MOFCOM's officers: selection, objections' resolution. */
export function isLeadOfficer(actor: ActorLike | undefined): boolean {
  return actor?.role === 'national_officer' && actor.departmentId === LEAD_BODY;
}

/** Who keeps the expert pool and hands out batch panels (usecases/experts.ts keepsPool). */
export function keepsExpertPool(actor: ActorLike | undefined): boolean {
  return actor?.role === 'admin' || isLeadOfficer(actor);
}

/** Anyone logged in but an auditor (read-only) and a third-party evaluator (its evaluations only) may object to a listed applicant. */
export function mayFileObjection(actor: ActorLike | undefined): boolean {
  return (
    actor !== undefined &&
    ['applicant', 'provincial_officer', 'national_officer', 'expert', 'admin'].includes(actor.role)
  );
}

/** An applicant's own Update: an applicant, of the owning organisation when the workflow knows it. */
export function actsForApplicant(actor: ActorLike | undefined, organizationId?: string | null): boolean {
  if (actor?.role !== 'applicant') return false;
  return !organizationId || actor.organizationId === organizationId;
}
