// Expert review's reads and writes: choosing experts for a panel from the pool, and expiring the
// task of an expert who did not score in time.
import { eligibleExperts } from '../domain/expertReview';
import { expertTaskId } from '../workflows/definitions';
import { appendAudit, once, recordedDetail } from './audit';
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
     * Picks up to `count` eligible experts (none of the applicant's province, none with a declared
     * conflict or of the same organisation, none in `exclude`; least loaded first) and opens a
     * scoring task for each. A retry returns the assignment the first attempt made.
     */
    async assignExperts(input: { applicationId: string; workflowId: string; eventKey: string; count: number; exclude: string[]; dueAt: string }): Promise<Assignment[]> {
      let assigned: Assignment[] = [];
      const applied = await onceNotifying(input.eventKey, async (tx, notify) => {
        const app = await tx.application.findUniqueOrThrow({ where: { id: input.applicationId }, select: { organizationId: true, provinceCode: true } });
        const experts = await tx.expert.findMany({ where: { active: true }, include: { conflicts: { select: { organizationId: true } } } });
        const load = await tx.task.groupBy({ by: ['assigneeId'], where: { stage: 'expertReview', status: 'open' }, _count: { _all: true } });
        const loadOf = new Map(load.map((l) => [l.assigneeId, l._count._all]));
        const chosen = eligibleExperts(
          experts.map((e) => ({
            id: e.id,
            provinceCode: e.provinceCode,
            organizationId: e.organizationId,
            conflictOrganizationIds: e.conflicts.map((c) => c.organizationId),
            activeAssignments: loadOf.get(e.userId) ?? 0,
          })),
          { provinceCode: app.provinceCode, organizationId: app.organizationId },
          input.exclude,
        ).slice(0, input.count);
        const byId = new Map(experts.map((e) => [e.id, e]));
        assigned = chosen.map((c) => ({ taskId: expertTaskId(input.applicationId, c.id), expertId: c.id, userId: byId.get(c.id)!.userId }));
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
          detail: { assigned, wanted: input.count, dueAt: input.dueAt },
        });
        if (assigned.length) notify({ event: 'task_assigned', applicationId: input.applicationId, taskIds: assigned.map((a) => a.taskId) });
      });
      if (!applied) return ((await recordedDetail(db, input.eventKey))?.assigned as Assignment[]) ?? [];
      logger.info({ applicationId: input.applicationId, wanted: input.count, assigned: assigned.length }, 'experts assigned');
      return assigned;
    },

    async expireExpertTask(input: { applicationId: string; taskId: string }): Promise<void> {
      await once(db, `${input.taskId}/expired`, async (tx) => {
        await tx.task.updateMany({ where: { id: input.taskId, status: 'open' }, data: { status: 'expired', overdue: true } });
        await appendAudit(tx, { applicationId: input.applicationId, eventKey: `${input.taskId}/expired`, action: 'expert_replaced', taskId: input.taskId, reason: 'not scored by the due time' });
      });
    },
  };
}
