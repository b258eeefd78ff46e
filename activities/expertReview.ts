// Expert review's reads and writes: choosing experts for a panel from the pool, and expiring the
// task of an expert who did not score in time.
import { eligibleExperts, mayScore, type Applicant, type ExpertCandidate } from '../domain/expertReview';
import { expertTaskId } from '../shared/definitions';
import { appendAudit, once, recordedDetail } from '../platform/audit';
import type { ActivityDeps } from './index';
import { createNotifier } from './notify';

export interface Assignment {
  taskId: string;
  expertId: string;
  userId: string;
}

export function createExpertReviewActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const onceNotifying = createNotifier(deps);
  return {
    /**
     * Opens a scoring task for each of up to `count` experts and returns them. Without
     * `expertIds`, it picks them (the one-by-one rule: none of the applicant's province, none with
     * a declared conflict or of the same organisation, none in `exclude`; least loaded first).
     * With `expertIds` — a batch assignment's panel — it seats those experts, in that order, but
     * any who has since left the pool or may no longer score the application (the same rule),
     * and names them as skipped. A retry returns the assignment the first attempt made.
     */
    async assignExperts(input: {
      applicationId: string;
      workflowId: string;
      eventKey: string;
      count: number;
      exclude: string[];
      expertIds?: string[];
      dueAt: string;
    }): Promise<Assignment[]> {
      let assigned: Assignment[] = [];
      const applied = await onceNotifying(input.eventKey, async (tx, notify) => {
        const app = await tx.application.findUniqueOrThrow({
          where: { id: input.applicationId },
          select: { organizationId: true, provinceCode: true },
        });
        const experts = await tx.expert.findMany({
          where: { active: true },
          include: { conflicts: { select: { organizationId: true } } },
        });
        const load = await tx.task.groupBy({
          by: ['assigneeId'],
          where: { stage: 'expertReview', status: 'open' },
          _count: { _all: true },
        });
        const loadOf = new Map(load.map((l) => [l.assigneeId, l._count._all]));
        const candidates: ExpertCandidate[] = experts.map((e) => ({
          id: e.id,
          provinceCode: e.provinceCode,
          organizationId: e.organizationId,
          conflictOrganizationIds: e.conflicts.map((c) => c.organizationId),
          activeAssignments: loadOf.get(e.userId) ?? 0,
        }));
        const applicant: Applicant = { provinceCode: app.provinceCode, organizationId: app.organizationId };
        const chosen = (
          input.expertIds
            ? named(candidates, input.expertIds, applicant, input.exclude)
            : eligibleExperts(candidates, applicant, input.exclude)
        ).slice(0, input.count);
        const skipped = input.expertIds?.filter((id) => !chosen.some((c) => c.id === id));
        const byId = new Map(experts.map((e) => [e.id, e]));
        assigned = chosen.map((c) => ({
          taskId: expertTaskId(input.applicationId, c.id),
          expertId: c.id,
          userId: byId.get(c.id)!.userId,
        }));
        if (assigned.length) {
          await tx.task.createMany({
            data: assigned.map((a) => ({
              id: a.taskId,
              applicationId: input.applicationId,
              workflowId: input.workflowId,
              stage: 'expertReview',
              reviewRound: 0,
              assigneeId: a.userId,
              dueAt: new Date(input.dueAt),
            })),
          });
        }
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: input.eventKey,
          action: 'experts_assigned',
          detail: {
            assigned,
            wanted: input.count,
            dueAt: input.dueAt,
            ...(skipped ? { named: input.expertIds, skipped } : {}),
          },
        });
        if (assigned.length)
          notify({
            event: 'task_assigned',
            applicationId: input.applicationId,
            taskIds: assigned.map((a) => a.taskId),
          });
      });
      if (!applied) return ((await recordedDetail(db, input.eventKey))?.assigned as Assignment[]) ?? [];
      logger.info(
        { applicationId: input.applicationId, wanted: input.count, assigned: assigned.length },
        'experts assigned',
      );
      return assigned;
    },

    async expireExpertTask(input: { applicationId: string; taskId: string }): Promise<void> {
      await once(db, `${input.taskId}/expired`, async (tx) => {
        await tx.task.updateMany({
          where: { id: input.taskId, status: 'open' },
          data: { status: 'expired', overdue: true },
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${input.taskId}/expired`,
          action: 'expert_replaced',
          taskId: input.taskId,
          reason: 'not scored by the due time',
        });
      });
    },
  };
}

/** The named experts who may still score the application, in the order named. */
function named(
  candidates: readonly ExpertCandidate[],
  ids: readonly string[],
  applicant: Applicant,
  exclude: readonly string[],
): ExpertCandidate[] {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const c = byId.get(id);
    return c && !exclude.includes(id) && mayScore(c, applicant) ? [c] : [];
  });
}
