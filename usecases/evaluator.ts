// 第三方评估机构: MOFCOM appoints an evaluating organisation's account (role evaluator) for a round's
// mid-term evaluations, as in 2019; each mid-term reads the appointment when it opens and records it,
// and from then on the round's appointment stays as it is.
import crypto from 'node:crypto';
import { z } from 'zod';
import { isLeadOfficer } from '../domain/actorRules';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { appendAudit } from '../platform/audit';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

export const appointmentSchema = z.strictObject({ userId: z.string().min(1).max(100) });

const appoints = (user: CurrentUser) => isLeadOfficer(user) || user.role === 'admin';
const readsAppointments = (user: CurrentUser) =>
  user.role === 'national_officer' || user.role === 'auditor' || user.role === 'admin';

const EVALUATOR_FIELDS = { id: true, username: true, displayName: true, organizationName: true } as const;

/** The active evaluator accounts MOFCOM may appoint. */
export async function listEvaluators(deps: UseCaseDeps, user: CurrentUser) {
  if (!readsAppointments(user)) throw new DomainError('forbidden');
  const items = await deps.db.user.findMany({
    where: { role: 'evaluator', deactivatedAt: null },
    select: EVALUATOR_FIELDS,
    orderBy: { username: 'asc' },
  });
  return { items };
}

/** Whether a mid-term of the round has opened with the appointment (which then can no longer change). */
async function lockedBy(deps: UseCaseDeps, roundId: string) {
  return deps.db.evaluation.count({
    where: { evaluatorId: { not: null }, pilot: { roundId } },
  });
}

/** The round's appointed evaluator (or null) and whether it may still be changed. */
export async function roundEvaluator(deps: UseCaseDeps, user: CurrentUser, roundId: string) {
  if (!readsAppointments(user)) throw new DomainError('forbidden');
  const round = await deps.db.round.findUnique({ where: { id: roundId }, select: { evaluatorId: true } });
  if (!round) throw new DomainError('not_found');
  const evaluator = round.evaluatorId
    ? await deps.db.user.findUnique({ where: { id: round.evaluatorId }, select: EVALUATOR_FIELDS })
    : null;
  return { roundId, evaluator, locked: (await lockedBy(deps, roundId)) > 0 };
}

/** MOFCOM (or an admin) appoints the round's evaluator; 409 evaluator_locked once a mid-term opened with one. */
export async function appointEvaluator(deps: UseCaseDeps, user: CurrentUser, roundId: string, body: unknown) {
  if (!appoints(user)) throw new DomainError('forbidden');
  const round = await deps.db.round.findUnique({ where: { id: roundId }, select: { evaluatorId: true } });
  if (!round) throw new DomainError('not_found');
  const parsed = appointmentSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { userId } = parsed.data;
  const evaluator = await deps.db.user.findFirst({
    where: { id: userId, role: 'evaluator', deactivatedAt: null },
    select: { id: true },
  });
  if (!evaluator)
    throw new DomainError('invalid_input', [
      {
        field: 'userId',
        code: 'invalid_value',
        message: { zh: '须为在用的第三方评估机构账号', en: 'Must be an active third-party evaluator account' },
      },
    ]);
  if (round.evaluatorId !== userId) {
    if ((await lockedBy(deps, roundId)) > 0) throw new DomainError('evaluator_locked');
    await deps.db.$transaction(async (tx) => {
      await tx.round.update({ where: { id: roundId }, data: { evaluatorId: userId } });
      await appendAudit(tx, {
        roundId,
        eventKey: `round-${roundId}/evaluator/${crypto.randomUUID()}`,
        action: 'evaluator_appointed',
        actor: actorOf(user),
        detail: { evaluatorId: userId, previous: round.evaluatorId },
      });
    });
  }
  return roundEvaluator(deps, user, roundId);
}
