// Who is offered an application's full timeline (the server decides, usecases/timeline.ts
// mayAudit): auditors, admins and officers; a provincial officer's is without the expert review.
import type { User } from '../../api/types';

export function mayAudit(user: User | null | undefined): boolean {
  return (
    !!user &&
    (user.role === 'auditor' ||
      user.role === 'admin' ||
      user.role === 'provincial_officer' ||
      user.role === 'national_officer')
  );
}
