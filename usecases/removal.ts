// 取消试点资格: MOFCOM proposes to remove a pilot, with its grounds and reasons (domain/removal.ts);
// the pilot's workflow takes the proposal as an Update and has the eight bodies countersign it.
// The API answers the common refusals; the workflow's validator has the final word.
import { z } from 'zod';
import { isLeadOfficer } from '../domain/actorRules';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { REMOVAL_GROUND_CODES, type RemovalGround } from '../domain/removal';
import { signedUpdate } from '../platform/actorSignature';
import { pilotWorkflowId, proposeRemovalUpdate } from '../shared/definitions';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { fromTemporal } from './temporalErrors';

export const removalProposalSchema = z.strictObject({
  grounds: z
    .array(z.enum(REMOVAL_GROUND_CODES as [RemovalGround, ...RemovalGround[]]))
    .min(1)
    .max(REMOVAL_GROUND_CODES.length)
    .refine((l) => new Set(l).size === l.length, { message: 'codes_unique' }),
  reason: z.string().trim().min(1).max(5000),
});

export async function proposeRemoval(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown) {
  const pilot = await deps.db.pilot.findUnique({ where: { id }, select: { status: true } });
  if (!pilot) throw new DomainError('not_found');
  if (!isLeadOfficer(user)) throw new DomainError('forbidden');
  const parsed = removalProposalSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  if (pilot.status !== 'running') throw new DomainError('pilot_ended');
  const workflowId = pilotWorkflowId(id);
  try {
    return await deps.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(
        proposeRemovalUpdate,
        signedUpdate(workflowId, proposeRemovalUpdate, { ...parsed.data, actor: actorOf(user) }),
      );
  } catch (err) {
    throw fromTemporal(err, 'pilot_ended');
  }
}
