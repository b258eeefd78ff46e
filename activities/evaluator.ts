// The third-party evaluator (第三方评估机构) of a mid-term: the round's appointment as the evaluation
// reads it (and records it, so MOFCOM can no longer change it for that round), and the evaluator's task.
import { appendAudit, once } from '../platform/audit';
import type { ActivityDeps } from './index';
import { createNotifier } from './notify';

export interface AppointedEvaluator {
  userId: string;
  organizationName: string | null;
}

export function createEvaluatorActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const onceNotifying = createNotifier(deps);
  return {
    /**
     * The evaluator the pilot's round has appointed (an active evaluator account), recorded on the
     * evaluation (which fixes the round's appointment); null, and nothing recorded, when there is none.
     * A retry answers from the record.
     */
    async appointedEvaluator(input: { applicationId: string; stage: string }): Promise<AppointedEvaluator | null> {
      const id = `${input.applicationId}:${input.stage}`;
      const recorded = await db.evaluation.findUniqueOrThrow({ where: { id }, select: { evaluatorId: true } });
      const app = await db.application.findUniqueOrThrow({
        where: { id: input.applicationId },
        select: { round: { select: { evaluatorId: true } } },
      });
      // once recorded, the recorded one (a retry); else the round's, if still an active evaluator
      const evaluator = await db.user.findFirst({
        where: recorded.evaluatorId
          ? { id: recorded.evaluatorId }
          : { id: app.round.evaluatorId ?? '-', role: 'evaluator', deactivatedAt: null },
        select: { id: true, organizationName: true },
      });
      if (!evaluator) return null;
      await once(db, `${id}/evaluator`, async (tx) => {
        await tx.evaluation.update({ where: { id }, data: { evaluatorId: evaluator.id } });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${id}/evaluator`,
          action: 'evaluator_read',
          detail: { stage: input.stage, evaluatorId: evaluator.id, organization: evaluator.organizationName },
        });
      });
      return { userId: evaluator.id, organizationName: evaluator.organizationName };
    },

    /** The evaluator's one task on the evaluation: held by it from the start, mailed to it. */
    async openThirdPartyTask(input: {
      applicationId: string;
      workflowId: string;
      taskId: string;
      stage: string;
      assigneeId: string;
      dueAt: string;
    }): Promise<void> {
      const eventKey = `${input.taskId}/opened`;
      await onceNotifying(eventKey, async (tx, notify) => {
        const pilot = await tx.pilot.findUniqueOrThrow({
          where: { id: input.applicationId },
          select: { provinceCode: true },
        });
        await tx.task.create({
          data: {
            id: input.taskId,
            applicationId: input.applicationId,
            workflowId: input.workflowId,
            stage: 'evaluationThirdParty',
            reviewRound: input.stage === 'midterm' ? 1 : 2,
            assigneeId: input.assigneeId,
            provinceCode: pilot.provinceCode,
            dueAt: new Date(input.dueAt),
          },
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey,
          action: 'tasks_opened',
          detail: {
            stage: 'evaluationThirdParty',
            evaluation: input.stage,
            tasks: [input.taskId],
            dueAt: input.dueAt,
          },
        });
        notify({ event: 'task_assigned', applicationId: input.applicationId, taskIds: [input.taskId] });
      });
      logger.info({ applicationId: input.applicationId, taskId: input.taskId }, 'third-party evaluation opened');
    },
  };
}
