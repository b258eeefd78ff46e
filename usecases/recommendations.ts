// A unit's recommendations of a round, and the pipeline its commerce department watches: its
// applications per state, the tasks running late, what is ready to recommend, and each
// recommendation sent or in hand with its ranked lists (names, kinds), fixes and countersign.
import { APPLICANT_KIND_LABELS, type ApplicantKind } from '../domain/applicants';
import { DomainError } from '../domain/errors';
import { PROVINCE_CODES } from '../domain/provinces';
import type { Ranking } from '../domain/recommendation';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../domain/status';
import type { CurrentUser, UseCaseDeps } from './context';
import { applicantDeadlineOf } from './unitDeadlines';

/** Who reads a unit's recommendations: its own officers; the national bodies, auditors and admins every unit's. */
export function assertMayReadUnit(user: CurrentUser, provinceCode: string): void {
  if (user.role === 'national_officer' || user.role === 'auditor' || user.role === 'admin') return;
  if (user.role === 'provincial_officer' && user.provinceCode === provinceCode) return;
  throw new DomainError('forbidden');
}

export async function unitRecommendation(deps: UseCaseDeps, user: CurrentUser, roundId: string, provinceCode: string) {
  if (!PROVINCE_CODES.includes(provinceCode)) throw new DomainError('not_found');
  assertMayReadUnit(user, provinceCode);
  const round = await deps.db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError('not_found');
  const now = deps.now?.() ?? new Date();
  const [deadline, apps, recommendations, late] = await Promise.all([
    applicantDeadlineOf(deps.db, round, provinceCode),
    deps.db.application.findMany({
      // a never-submitted draft is its applicant's alone
      where: { roundId, provinceCode, NOT: { status: 'draft', submissions: 0 } },
      select: { id: true, kind: true, status: true, provincialRank: true, organization: { select: { name: true } } },
      orderBy: { id: 'asc' },
    }),
    deps.db.recommendation.findMany({ where: { roundId, provinceCode }, orderBy: { createdAt: 'asc' } }),
    deps.db.task.findMany({
      where: {
        status: 'open',
        provinceCode,
        OR: [{ overdue: true }, { dueAt: { lt: now } }],
        AND: [{ OR: [{ application: { roundId } }, { roundId }] }],
      },
      select: { id: true, stage: true, departmentId: true, dueAt: true, applicationId: true },
      orderBy: { dueAt: 'asc' },
      take: 200,
    }),
  ]);
  const byId = new Map(apps.map((a) => [a.id, a]));
  const entry = (id: string) => {
    const a = byId.get(id);
    return {
      applicationId: id,
      name: a?.organization.name ?? null,
      kind: a?.kind ?? null,
      kindLabel: a ? APPLICANT_KIND_LABELS[a.kind as ApplicantKind] : null,
    };
  };
  const byStatus: Record<string, number> = {};
  for (const a of apps) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const tasks = await deps.db.task.findMany({
    where: { workflowId: { in: [...new Set(recommendations.map((r) => r.workflowId))] } },
    select: {
      id: true,
      stage: true,
      reviewRound: true,
      departmentId: true,
      status: true,
      decision: true,
      reason: true,
      dueAt: true,
    },
    orderBy: { id: 'asc' },
  });
  return {
    roundId,
    provinceCode,
    /** when the unit's recommendation must reach MOFCOM (the round's declaration deadline) */
    dueAt: round.declarationDeadline,
    /** the unit's applicants' deadline for first submissions, and whether the unit set it or the round's default applies */
    applicantDeadline: deadline.applicantDeadline,
    applicantDeadlineSource: deadline.source,
    pipeline: Object.entries(byStatus).map(([status, count]) => ({
      status,
      label: APPLICATION_STATUSES[status as ApplicationStatus] ?? { zh: status, en: status },
      count,
    })),
    late,
    /** approved by the joint review, waiting for the unit's recommendation */
    ready: apps.filter((a) => a.status === 'recommending').map((a) => entry(a.id)),
    recommendations: recommendations.map((r) => {
      const ranking = r.ranking as Ranking | null;
      return {
        id: r.id,
        status: r.status,
        version: r.version,
        reason: r.reason,
        fixes: r.fixes,
        sentAt: r.sentAt,
        applications: r.applications.map(entry),
        ranking: ranking && {
          city: ranking.city.map((id, i) => ({ rank: i + 1, ...entry(id) })),
          enterprise: ranking.enterprise.map((id, i) => ({ rank: i + 1, ...entry(id) })),
        },
        tasks: tasks.filter((t) => t.id.startsWith(`${r.id}:`)),
      };
    }),
  };
}
