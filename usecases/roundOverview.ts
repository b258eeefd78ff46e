// MOFCOM's picture of one round (GET /api/rounds/:id/overview): how many applications stand at
// each step in each province, which departments have overdue tasks (and which tasks), how long
// each stage's decisions took (median days, createdAt → decidedAt), how many seats each expert
// holds, and where the selection's countersign stands. National officers see every province; a
// province's lead department (its commerce department) the same picture of its own province;
// anyone else is refused. A handful of GROUP BY queries, never one query per row.
import { LEAD_PARTY, provincialDepartmentId } from '../domain/parties';
import { DomainError } from '../domain/errors';
import { Prisma } from '../generated/prisma/client';
import type { CurrentUser, UseCaseDeps } from './context';

/** The application's life in steps, as the workspace's stage diagram draws it (web/src/components/StageSteps.vue). */
export const OVERVIEW_STEPS = [
  'declaration',
  'provincialReview',
  'expertReview',
  'selection',
  'publicNotice',
  'pilot',
  'final',
] as const;
export type OverviewStep = (typeof OVERVIEW_STEPS)[number];
const STEP_OF_STATUS: Record<string, OverviewStep> = {
  draft: 'declaration',
  returned: 'declaration',
  lapsed: 'declaration',
  provincial_review: 'provincialReview',
  rejected: 'provincialReview',
  recommending: 'provincialReview',
  ministry_review: 'provincialReview',
  not_recommended: 'provincialReview',
  forwarded: 'expertReview',
  expert_assignment_pending: 'expertReview',
  expert_review: 'expertReview',
  expert_panel_short: 'expertReview',
  scored: 'selection',
  not_selected: 'selection',
  selected: 'publicNotice',
  pilot: 'pilot',
  completed: 'final',
};
export const stepOf = (status: string): OverviewStep => STEP_OF_STATUS[status] ?? 'declaration';

/** How many overdue tasks the overview lists one by one (the counts per department cover them all). */
export const OVERDUE_LIST_LIMIT = 200;
const DAY_SECONDS = 86_400;

/** The province a user's overview is limited to: null for national officers (every province); refused for anyone else. */
export function overviewScope(user: CurrentUser): { provinceCode: string | null } {
  if (user.role === 'national_officer') return { provinceCode: null };
  if (
    user.role === 'provincial_officer' &&
    user.provinceCode &&
    user.departmentId === provincialDepartmentId(user.provinceCode, LEAD_PARTY)
  ) {
    return { provinceCode: user.provinceCode };
  }
  throw new DomainError('forbidden');
}

export async function roundOverview(deps: UseCaseDeps, user: CurrentUser, roundId: string) {
  const { provinceCode } = overviewScope(user);
  const round = await deps.db.round.findUnique({
    where: { id: roundId },
    select: { id: true, nameZh: true, nameEn: true },
  });
  if (!round) throw new DomainError('not_found');
  const now = (deps.now ?? (() => new Date()))();
  const db = deps.db;
  const appProvince = provinceCode ? Prisma.sql`AND a."provinceCode" = ${provinceCode}` : Prisma.empty;
  // A task belongs to the round through its application, or directly (the selection's round-level tasks).
  const taskRound = Prisma.sql`COALESCE(a."roundId", t."roundId") = ${roundId}`;
  const taskProvince = provinceCode
    ? Prisma.sql`AND COALESCE(a."provinceCode", t."provinceCode") = ${provinceCode}`
    : Prisma.empty;
  const late = Prisma.sql`t.status = 'open' AND (t.overdue OR t."dueAt" < ${now})`;

  const [applications, overdueByDepartment, overdueTasks, durations, experts, selection] = await Promise.all([
    // a never-submitted draft is its applicant's alone: not counted
    db.$queryRaw<{ provinceCode: string | null; status: string; count: number }[]>`
      SELECT a."provinceCode", a.status, count(*)::integer AS count FROM "Application" a
      WHERE a."roundId" = ${roundId} AND NOT (a.status = 'draft' AND a.submissions = 0) ${appProvince}
      GROUP BY a."provinceCode", a.status ORDER BY a."provinceCode", a.status`,
    db.$queryRaw<{ departmentId: string | null; count: number }[]>`
      SELECT t."departmentId", count(*)::integer AS count FROM "Task" t LEFT JOIN "Application" a ON a.id = t."applicationId"
      WHERE ${taskRound} ${taskProvince} AND ${late}
      GROUP BY t."departmentId" ORDER BY count DESC, t."departmentId"`,
    db.$queryRaw<
      {
        id: string;
        stage: string;
        departmentId: string | null;
        provinceCode: string | null;
        applicationId: string | null;
        organization: string | null;
        dueAt: Date;
        lastUrgedAt: Date | null;
      }[]
    >`
      SELECT t.id, t.stage, t."departmentId", COALESCE(a."provinceCode", t."provinceCode") AS "provinceCode", t."applicationId", o.name AS organization, t."dueAt",
             u."lastUrgedAt"
      FROM "Task" t LEFT JOIN "Application" a ON a.id = t."applicationId" LEFT JOIN "Organization" o ON o.id = a."organizationId"
      LEFT JOIN (SELECT e."taskId", max(e.at) AS "lastUrgedAt" FROM "AuditEvent" e WHERE e.action = 'task_urged' GROUP BY e."taskId") u ON u."taskId" = t.id
      WHERE ${taskRound} ${taskProvince} AND ${late}
      ORDER BY t."dueAt", t.id LIMIT ${OVERDUE_LIST_LIMIT}`,
    db.$queryRaw<{ stage: string; decided: number; medianDays: number | null }[]>`
      SELECT t.stage, count(*)::integer AS decided,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (t."decidedAt" - t."createdAt")) / ${DAY_SECONDS}) AS "medianDays"
      FROM "Task" t LEFT JOIN "Application" a ON a.id = t."applicationId"
      WHERE ${taskRound} ${taskProvince} AND t.status = 'decided' AND t."decidedAt" IS NOT NULL
      GROUP BY t.stage ORDER BY t.stage`,
    db.$queryRaw<{ userId: string; name: string; open: number; done: number }[]>`
      SELECT t."assigneeId" AS "userId", u."displayName" AS name,
             count(*) FILTER (WHERE t.status = 'open')::integer AS open, count(*) FILTER (WHERE t.status = 'decided')::integer AS done
      FROM "Task" t JOIN "Application" a ON a.id = t."applicationId" JOIN "User" u ON u.id = t."assigneeId"
      WHERE a."roundId" = ${roundId} ${appProvince} AND t.stage = 'expertReview'
      GROUP BY t."assigneeId", u."displayName" ORDER BY open DESC, done DESC, name`,
    selectionProgress(deps, roundId),
  ]);

  return {
    round,
    provinceCode,
    generatedAt: now.toISOString(),
    steps: OVERVIEW_STEPS,
    applications: applications.map((r) => ({ ...r, step: stepOf(r.status) })),
    overdueByDepartment,
    overdueTasks: overdueTasks.map((t) => ({
      ...t,
      dueAt: t.dueAt.toISOString(),
      lastUrgedAt: t.lastUrgedAt?.toISOString() ?? null,
    })),
    stageDurations: durations.map((d) => ({
      ...d,
      medianDays: d.medianDays === null ? null : Math.round(Number(d.medianDays) * 100) / 100,
    })),
    // a province's officers do not learn who its experts are (usecases/visibility.ts): numbered, not named
    expertLoad: experts.map((e, i) =>
      provinceCode ? { userId: null, name: null, index: i + 1, open: e.open, done: e.done } : { ...e, index: i + 1 },
    ),
    selection,
  };
}

/** The selection's countersign, as GET /api/rounds/:id/selection has it: each body's task, pending or decided how. */
async function selectionProgress(deps: UseCaseDeps, roundId: string) {
  const selection = await deps.db.selection.findUnique({
    where: { roundId },
    select: { status: true, countersignRound: true, publishedAt: true },
  });
  if (!selection) return null;
  const all = await deps.db.task.findMany({
    where: { roundId, stage: 'selectionCountersign' },
    select: {
      id: true,
      departmentId: true,
      status: true,
      decision: true,
      decidedAt: true,
      dueAt: true,
      reviewRound: true,
    },
    orderBy: { departmentId: 'asc' },
  });
  // the latest countersign round's tasks (a revised list is countersigned again)
  const latest = Math.max(0, ...all.map((t) => t.reviewRound));
  const tasks = all.filter((t) => t.reviewRound === latest);
  return {
    status: selection.status,
    countersignRound: selection.countersignRound,
    publishedAt: selection.publishedAt?.toISOString() ?? null,
    decided: tasks.filter((t) => t.status === 'decided').length,
    total: tasks.length,
    tasks: tasks.map((t) => ({ ...t, decidedAt: t.decidedAt?.toISOString() ?? null, dueAt: t.dueAt.toISOString() })),
  };
}
