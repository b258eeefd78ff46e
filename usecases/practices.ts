// 总结推广 (notice §四(五) "同时总结可复制推广的实践经验", §五(三)): the replicable practices pilots report
// at their mid-term and final evaluations wait for MOFCOM's review; the published ones make the public
// library, which anyone may read without an account.
import { z } from 'zod';
import { isLeadOfficer } from '../domain/actorRules';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { appendAudit, once } from '../platform/audit';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

export const PRACTICE_STATUSES = ['submitted', 'published', 'declined'] as const;

export const practiceListQuery = z.strictObject({
  status: z.enum(PRACTICE_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const practiceReviewSchema = z.strictObject({
  decision: z.enum(['publish', 'decline']),
  note: z.string().trim().min(1).max(5000),
});

const APPLICANT = { select: { kind: true, provinceCode: true, organization: { select: { name: true } } } };

/** Officers of the eight bodies, auditors and admins read every practice; a province's officers, their province's. */
function readable(user: CurrentUser) {
  if (['national_officer', 'auditor', 'admin'].includes(user.role)) return {};
  if (user.role === 'provincial_officer' && user.provinceCode) return { pilot: { provinceCode: user.provinceCode } };
  throw new DomainError('forbidden');
}

export async function listPractices(deps: UseCaseDeps, user: CurrentUser, query: unknown) {
  const scope = readable(user);
  const parsed = practiceListQuery.safeParse(query ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { status, page, pageSize } = parsed.data;
  const where = { ...scope, ...(status ? { status } : {}) };
  const [rows, total] = await Promise.all([
    deps.db.practice.findMany({
      where,
      include: { pilot: { select: { roundId: true, application: APPLICANT } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    deps.db.practice.count({ where }),
  ]);
  return { items: rows.map(view), page, pageSize, total };
}

/** MOFCOM publishes a practice to the library, or declines it, saying why; each is decided once. */
export async function reviewPractice(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown) {
  const practice = await deps.db.practice.findUnique({ where: { id } });
  if (!practice) throw new DomainError('not_found');
  if (!isLeadOfficer(user)) throw new DomainError('forbidden');
  const parsed = practiceReviewSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { decision, note } = parsed.data;
  const status = decision === 'publish' ? 'published' : 'declined';
  const reviewed = await once(deps.db, `practice-${id}/reviewed`, async (tx) => {
    const { count } = await tx.practice.updateMany({
      where: { id, status: 'submitted' },
      data: { status, reviewNote: note, reviewedById: user.id, reviewedAt: new Date() },
    });
    if (count !== 1) throw new DomainError('already_reviewed');
    await appendAudit(tx, {
      applicationId: practice.pilotId,
      eventKey: `practice-${id}/reviewed`,
      action: `practice_${status}`,
      actor: actorOf(user),
      reason: note,
      detail: { practiceId: id, stage: practice.stage },
    });
  });
  if (!reviewed) throw new DomainError('already_reviewed');
  return view(
    await deps.db.practice.findUniqueOrThrow({
      where: { id },
      include: { pilot: { select: { roundId: true, application: APPLICANT } } },
    }),
  );
}

/** The public library: published practices only, with the pilot's name, kind and province — nothing else of it. */
export async function publicPractices(deps: UseCaseDeps, query: unknown) {
  const parsed = practiceListQuery.omit({ status: true }).safeParse(query ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { page, pageSize } = parsed.data;
  const where = { status: 'published' };
  const [rows, total] = await Promise.all([
    deps.db.practice.findMany({
      where,
      include: { pilot: { select: { roundId: true, application: APPLICANT } } },
      orderBy: [{ reviewedAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    deps.db.practice.count({ where }),
  ]);
  return {
    items: rows.map((p) => {
      const { reviewNote: _note, reviewedById: _by, status: _status, ...open } = view(p);
      return open;
    }),
    page,
    pageSize,
    total,
  };
}

function view(p: {
  id: string;
  pilotId: string;
  stage: string;
  text: string;
  status: string;
  reviewNote: string | null;
  reviewedById: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
  pilot: {
    roundId: string;
    application: { kind: string; provinceCode: string | null; organization: { name: string } };
  };
}) {
  return {
    id: p.id,
    pilotId: p.pilotId,
    roundId: p.pilot.roundId,
    applicant: p.pilot.application.organization.name,
    kind: p.pilot.application.kind,
    provinceCode: p.pilot.application.provinceCode,
    stage: p.stage,
    text: p.text,
    status: p.status,
    reviewNote: p.reviewNote,
    reviewedById: p.reviewedById,
    reviewedAt: p.reviewedAt,
    createdAt: p.createdAt,
  };
}
