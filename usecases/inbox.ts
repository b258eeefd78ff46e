// The inbox: an officer's tasks — those of their department (the group's) and those assigned to
// them (mine) — filtered by stage, status, province, applicant kind and due time, sorted by due
// time, a page at a time, with the counts per status under the same filters; each task named by its
// applicant and round (one query) and searchable by part of the applicant's name and by round. Experts
// see their own seats; auditors and admins, read-only, every task. 已办 (decidedBy=me): the tasks the
// user decided, latest first.
import { z } from 'zod';
import { APPLICANT_KINDS } from '../domain/applicants';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { PROVINCE_CODES } from '../domain/provinces';
import type { Prisma } from '../generated/prisma/client';
import type { CurrentUser, UseCaseDeps } from './context';
import { canWorkTask } from './access';
import { BATCH_APPROVE_STAGES, TASK_STAGES } from '../domain/stages';
import { kindLabel, taskView } from './views';

export const TASK_STATUSES = ['open', 'decided', 'withdrawn', 'expired'] as const;

export const inboxQuerySchema = z.strictObject({
  /** mine: assigned to me; group and all: my department's (auditors and admins, all: every task) */
  scope: z.enum(['all', 'mine', 'group']).default('all'),
  /** open by default; with decidedBy, all */
  status: z.enum([...TASK_STATUSES, 'all']).optional(),
  /** me: the tasks I decided (已办), whatever department they are of now */
  decidedBy: z.enum(['me']).optional(),
  /** the round's tasks: of its applications, or the round's own (selection, compilation) */
  round: z.string().trim().min(1).max(100).optional(),
  stage: z.enum(TASK_STAGES as [string, ...string[]]).optional(),
  province: z.enum(PROVINCE_CODES as [string, ...string[]]).optional(),
  kind: z.enum(APPLICANT_KINDS).optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  applicationId: z.string().min(1).max(100).optional(),
  /** part of the applicant's name (case-insensitive) */
  applicant: z.string().trim().min(1).max(100).optional(),
  /** by due time: soonest first (default) or latest first; by decision time, latest first (default with decidedBy) */
  sort: z.enum(['dueAt', '-dueAt', '-decidedAt']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

function whoseTasks(user: CurrentUser, scope: 'all' | 'mine' | 'group'): Prisma.TaskWhereInput {
  if (user.role === 'auditor' || user.role === 'admin') return scope === 'all' ? {} : { id: '-' };
  // an expert's seats, a third-party evaluator's reports: tasks held by one person, never a group's
  if (user.role === 'expert' || user.role === 'evaluator')
    return scope === 'group' ? { id: '-' } : { assigneeId: user.id };
  if ((user.role !== 'provincial_officer' && user.role !== 'national_officer') || !user.departmentId)
    throw new DomainError('forbidden');
  // An officer is only ever assigned tasks of their own department (claimed or reassigned within
  // it), so "all" is the department's tasks: one index range, in due order, no OR to sort.
  if (scope === 'mine') return { OR: [{ assigneeId: user.id }, { ownerId: user.id }] }; // held, or delegated by me
  return { departmentId: user.departmentId };
}

const ORDER: Record<'dueAt' | '-dueAt' | '-decidedAt', Prisma.TaskOrderByWithRelationInput[]> = {
  dueAt: [{ dueAt: 'asc' }, { id: 'asc' }],
  '-dueAt': [{ dueAt: 'desc' }, { id: 'desc' }],
  '-decidedAt': [{ decidedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
};

export async function inbox(deps: UseCaseDeps, user: CurrentUser, query: unknown) {
  if (user.role === 'applicant') throw new DomainError('forbidden');
  const parsed = inboxQuerySchema.safeParse(query ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const q = parsed.data;
  const status = q.status ?? (q.decidedBy ? 'all' : 'open');
  const sort = q.sort ?? (q.decidedBy ? '-decidedAt' : 'dueAt');
  const whose = q.decidedBy ? { decidedById: user.id } : whoseTasks(user, q.scope);
  // (an application's tasks carry no roundId: the round is their application's)
  const ofRound: Prisma.TaskWhereInput = q.round
    ? { OR: [{ roundId: q.round }, { application: { roundId: q.round } }] }
    : {};
  const filters: Prisma.TaskWhereInput = {
    AND: [whose, ofRound],
    ...(q.stage ? { stage: q.stage } : {}),
    ...(q.province ? { provinceCode: q.province } : {}),
    ...(q.kind || q.applicant
      ? {
          application: {
            ...(q.kind ? { kind: q.kind } : {}),
            ...(q.applicant ? { organization: { name: { contains: q.applicant, mode: 'insensitive' as const } } } : {}),
          },
        }
      : {}),
    ...(q.dueBefore ? { dueAt: { lt: new Date(q.dueBefore) } } : {}),
    ...(q.overdue ? { overdue: q.overdue === 'true' } : {}),
    ...(q.applicationId ? { applicationId: q.applicationId } : {}),
  };
  const where = status === 'all' ? filters : { AND: [filters, { status }] };
  const [tasks, byStatus] = await Promise.all([
    deps.db.task.findMany({
      where,
      include: {
        application: {
          select: {
            id: true,
            kind: true,
            organization: { select: { name: true } },
            round: { select: { id: true, nameZh: true, nameEn: true } },
          },
        },
        assignee: { select: { username: true, displayName: true } },
      },
      orderBy: ORDER[sort],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    deps.db.task.groupBy({ by: ['status'], where: filters, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(
    TASK_STATUSES.map((s) => [s, byStatus.find((b) => b.status === s)?._count._all ?? 0]),
  ) as Record<(typeof TASK_STATUSES)[number], number>;
  return {
    items: tasks.map((t) => ({
      ...taskView(t),
      assignee: t.assignee,
      /** an open task of a stage that allows 批量通过, the user's to decide */
      batchApprove: t.status === 'open' && BATCH_APPROVE_STAGES.includes(t.stage) && canWorkTask(user, t),
      application: t.application && {
        id: t.application.id,
        kind: t.application.kind,
        kindLabel: kindLabel(t.application.kind),
        organization: t.application.organization.name,
        round: t.application.round,
      },
    })),
    page: q.page,
    pageSize: q.pageSize,
    total: status === 'all' ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[status],
    counts,
  };
}
