// Who is offered what on the rounds pages; the server decides (usecases/rounds.ts, selection.ts,
// expertAssignment.ts, experts.ts keepsPool) and the page only hides what it would refuse.
import type { User } from '../../api/types';

const MOFCOM = 'MOFCOM'; // domain/bodies.ts LEAD_BODY
const isMofcom = (u: User) => u.role === 'national_officer' && u.departmentId === MOFCOM;

/** The rounds menu and pages: the administrator and national officers. */
export function mayRounds(user: User | null | undefined): boolean {
  return !!user && (user.role === 'admin' || user.role === 'national_officer');
}

export function roundPowers(user: User | null | undefined) {
  const admin = user?.role === 'admin';
  const mofcom = !!user && isMofcom(user);
  return {
    /** create a round, change its rules */
    edit: admin,
    closeDeclaration: admin || mofcom,
    openSelection: mofcom,
    assignExperts: admin || mofcom,
  };
}
