// Who is offered the recommendation page (the server decides, usecases/recommendations.ts
// assertMayReadUnit): a unit's officers their own unit; national officers, auditors and admins every unit.
import type { User } from '../../api/types';

export function mayRecommendation(user: User | null | undefined): boolean {
  if (!user) return false;
  if (user.role === 'national_officer' || user.role === 'auditor' || user.role === 'admin') return true;
  return user.role === 'provincial_officer' && !!user.provinceCode;
}

/** Whether the user picks the unit (every unit's readers) or reads its own. */
export const picksUnit = (user: User | null | undefined) => !!user && user.role !== 'provincial_officer';
