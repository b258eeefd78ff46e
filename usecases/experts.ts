// The expert pool, kept by MOFCOM with the other seven bodies: add an expert (who can then log in
// and score), record a declared conflict of interest, list the pool. Adding an expert wakes every
// panel that is waiting for eligible experts.
import { z } from 'zod';
import { NATIONAL_BODIES, LEAD_BODY } from '../domain/bodies';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { PROVINCE_CODES } from '../domain/provinces';
import { expertPoolChangedSignal, expertReviewWorkflowId } from '../shared/definitions';
import { hashPassword } from '../platform/passwords';
import { personalMailbox } from '../platform/seed';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

const bodyCodes = NATIONAL_BODIES.map((b) => b.code) as [string, ...string[]];

export const newExpertSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,64}$/),
  password: z.string().min(12).max(200),
  name: z.string().trim().min(1).max(100),
  /** where assignments and reminders go; by default a mailbox on the reserved domain */
  email: z.email().max(200).optional(),
  fields: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
  provinceCode: z.enum(PROVINCE_CODES as [string, ...string[]]).nullable(),
  bodies: z.array(z.enum(bodyCodes)).min(1),
  organizationId: z.string().min(1).nullable().optional(),
});

export const conflictSchema = z.strictObject({
  organizationId: z.string().min(1),
  reason: z.string().trim().min(1).max(2000),
});

/** MOFCOM's officers and the administrator keep the pool (and assign it in batches). */
export function keepsPool(user: CurrentUser): boolean {
  return user.role === 'admin' || (user.role === 'national_officer' && user.departmentId === LEAD_BODY);
}

export async function addExpert(deps: UseCaseDeps, user: CurrentUser, body: unknown) {
  if (!keepsPool(user)) throw new DomainError('forbidden');
  const parsed = newExpertSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const e = parsed.data;
  if (e.organizationId && !(await deps.db.organization.findUnique({ where: { id: e.organizationId } }))) {
    throw new DomainError('invalid_input', [
      { field: 'organizationId', code: 'not_found', message: { zh: '单位不存在', en: 'No such organisation' } },
    ]);
  }
  if (await deps.db.user.findUnique({ where: { username: e.username } })) {
    throw new DomainError('invalid_input', [
      { field: 'username', code: 'taken', message: { zh: '用户名已被使用', en: 'Username already taken' } },
    ]);
  }
  const expert = await deps.db.expert.create({
    data: {
      name: e.name,
      fields: e.fields,
      provinceCode: e.provinceCode,
      bodies: e.bodies,
      organizationId: e.organizationId ?? null,
      user: {
        create: {
          username: e.username,
          passwordHash: await hashPassword(e.password),
          role: 'expert',
          displayName: e.name,
          email: e.email ?? personalMailbox(e.username),
        },
      },
    },
  });
  await wakeWaitingPanels(deps, user);
  return expert;
}

export async function declareConflict(deps: UseCaseDeps, user: CurrentUser, expertId: string, body: unknown) {
  const expert = await deps.db.expert.findUnique({ where: { id: expertId } });
  if (!expert) throw new DomainError('not_found');
  if (!keepsPool(user) && expert.userId !== user.id) throw new DomainError('forbidden');
  const parsed = conflictSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  if (!(await deps.db.organization.findUnique({ where: { id: parsed.data.organizationId } }))) {
    throw new DomainError('invalid_input', [
      { field: 'organizationId', code: 'not_found', message: { zh: '单位不存在', en: 'No such organisation' } },
    ]);
  }
  return deps.db.expertConflict.upsert({
    where: { expertId_organizationId: { expertId, organizationId: parsed.data.organizationId } },
    update: { reason: parsed.data.reason },
    create: { expertId, ...parsed.data },
  });
}

export async function listExperts(deps: UseCaseDeps, user: CurrentUser) {
  if (!keepsPool(user) && user.role !== 'national_officer' && user.role !== 'auditor')
    throw new DomainError('forbidden');
  return deps.db.expert.findMany({ include: { conflicts: true }, orderBy: { createdAt: 'asc' }, take: 1000 });
}

/** Panels short of eligible experts try again as soon as the pool changes. */
async function wakeWaitingPanels(deps: UseCaseDeps, user: CurrentUser) {
  const waiting = await deps.db.application.findMany({ where: { status: 'expert_panel_short' }, select: { id: true } });
  await Promise.all(
    waiting.map((a) =>
      deps.temporal.workflow
        .getHandle(expertReviewWorkflowId(a.id))
        .signal(expertPoolChangedSignal, { actor: actorOf(user) })
        .catch((err) => deps.logger.warn({ err, applicationId: a.id }, 'could not wake an expert panel')),
    ),
  );
}
