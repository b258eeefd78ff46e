// A round's declaration window: MOFCOM may close it before its deadline (e.g. to run a demo round's
// selection now). Recorded in the round's audit trail.
import crypto from 'node:crypto';
import { appendAudit } from '../activities/audit';
import { LEAD_BODY } from '../domain/bodies';
import { DomainError } from '../domain/errors';
import { isDeclarationOpen } from '../domain/round';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

export async function closeDeclaration(deps: UseCaseDeps, user: CurrentUser, roundId: string) {
  if (user.role !== 'admin' && !(user.role === 'national_officer' && user.departmentId === LEAD_BODY)) throw new DomainError('forbidden');
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const round = await tx.round.findUnique({ where: { id: roundId } });
    if (!round) throw new DomainError('not_found');
    if (!isDeclarationOpen(round, now)) throw new DomainError('deadline_passed');
    const closed = await tx.round.update({ where: { id: roundId }, data: { declarationDeadline: now } });
    await appendAudit(tx, {
      roundId,
      eventKey: `round-${roundId}/declaration-closed/${crypto.randomUUID()}`,
      action: 'declaration_closed',
      actor: actorOf(user),
      detail: { previousDeadline: round.declarationDeadline.toISOString() },
    });
    return closed;
  });
}
