// Who is shown the round overview (the server decides, usecases/roundOverview.ts overviewScope):
// national officers, and a province's lead department — its commerce department.
import type { User } from '../../api/types';

export function mayOverview(user: User | null | undefined): boolean {
  if (!user) return false;
  if (user.role === 'national_officer') return true;
  return (
    user.role === 'provincial_officer' && !!user.provinceCode && user.departmentId === `${user.provinceCode}.COMMERCE`
  );
}
