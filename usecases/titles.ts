// 动态管理 of demonstration titles: MOFCOM proposes to revoke a title, with its grounds and reasons
// (domain/titleReview.ts); the title's workflow takes the proposal as an Update and has the eight
// bodies countersign it. The API answers the common refusals; the workflow's validator has the final word.
import { z } from 'zod';
import { isLeadOfficer } from '../domain/actorRules';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { TITLE_REVOCATION_GROUND_CODES, type TitleRevocationGround } from '../domain/titleReview';
import { signedUpdate } from '../platform/actorSignature';
import { proposeTitleRevocationUpdate, titleWorkflowId } from '../shared/definitions';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { fromTemporal } from './temporalErrors';

export const titleRevocationSchema = z.strictObject({
  grounds: z
    .array(z.enum(TITLE_REVOCATION_GROUND_CODES as [TitleRevocationGround, ...TitleRevocationGround[]]))
    .min(1)
    .max(TITLE_REVOCATION_GROUND_CODES.length)
    .refine((l) => new Set(l).size === l.length, { message: 'codes_unique' }),
  reason: z.string().trim().min(1).max(5000),
});

export async function proposeTitleRevocation(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown) {
  const app = await deps.db.application.findUnique({ where: { id }, select: { status: true } });
  if (!app) throw new DomainError('not_found');
  if (!isLeadOfficer(user)) throw new DomainError('forbidden');
  const parsed = titleRevocationSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  if (app.status !== 'titled') throw new DomainError('not_titled');
  const workflowId = titleWorkflowId(id);
  try {
    return await deps.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(
        proposeTitleRevocationUpdate,
        signedUpdate(workflowId, proposeTitleRevocationUpdate, { ...parsed.data, actor: actorOf(user) }),
      );
  } catch (err) {
    // a title awarded before its workflow existed (or already ended) has none to take the proposal
    throw fromTemporal(err, 'not_titled');
  }
}
