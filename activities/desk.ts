// What the officers' desk (workflows/desk.ts) records: who holds a task after a claim, release,
// transfer, delegation, take-back or reassignment, and a withdrawn decision reopening its task —
// each with its audit record and, for a hand-over, the mail to the colleague who now holds it.
import { Prisma } from '../generated/prisma/client';
import type { DeskAction, Holding, Person } from '../domain/taskDesk';
import type { Actor } from '../shared/definitions';
import { appendAudit } from '../platform/audit';
import type { ActivityDeps } from './index';
import { createNotifier } from './notify';

const AUDIT_ACTION: Record<DeskAction, string> = {
  claim: 'task_claimed',
  release: 'task_released',
  transfer: 'task_transferred',
  delegate: 'task_delegated',
  takeBack: 'task_taken_back',
  reassign: 'task_reassigned',
  withdraw: 'decision_withdrawn',
};

const HAND_OVER_TEXT: Partial<Record<DeskAction, { zh: string; en: string }>> = {
  transfer: { zh: '转办：此任务今后由您办理', en: 'Transferred: the task is now yours to decide' },
  delegate: {
    zh: '委派：请代为办理，委派人可随时收回',
    en: 'Delegated: decide it on their behalf; they may take it back',
  },
};

export function createDeskActivities(deps: ActivityDeps) {
  const { logger } = deps;
  const onceNotifying = createNotifier(deps);
  return {
    async recordTaskAction(input: {
      eventKey: string;
      applicationId?: string;
      roundId?: string;
      taskId: string;
      action: DeskAction;
      actor: Actor;
      target?: Person;
      reason?: string;
      holding: Holding;
    }): Promise<void> {
      const { action, taskId, holding } = input;
      await onceNotifying(input.eventKey, async (tx, notify) => {
        const before = await tx.task.findUniqueOrThrow({
          where: { id: taskId },
          select: { decision: true, reason: true, result: true, decidedById: true, decidedAt: true },
        });
        const held = { assigneeId: holding.assignee?.userId ?? null, ownerId: holding.owner?.userId ?? null };
        const reopened = {
          status: 'open',
          decision: null,
          reason: null,
          result: Prisma.DbNull,
          decidedById: null,
          decidedAt: null,
        };
        await tx.task.update({ where: { id: taskId }, data: action === 'withdraw' ? { ...held, ...reopened } : held });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          roundId: input.roundId,
          eventKey: input.eventKey,
          action: AUDIT_ACTION[action],
          actor: input.actor,
          taskId,
          reason: input.reason,
          detail: {
            ...(input.target ? { to: input.target.username } : {}),
            holder: holding.assignee?.username ?? null,
            ...(holding.owner ? { delegatedBy: holding.owner.username } : {}),
            ...(action === 'withdraw'
              ? {
                  withdrawn: {
                    decision: before.decision,
                    reason: before.reason,
                    result: before.result,
                    decidedAt: before.decidedAt,
                  },
                }
              : {}),
          },
        });
        const handOver =
          action === 'reassign' ? 'task_reassigned' : HAND_OVER_TEXT[action] ? 'task_handed_over' : undefined;
        if (handOver) {
          const lines = [
            ...(HAND_OVER_TEXT[action] ? [HAND_OVER_TEXT[action]] : []),
            {
              zh: `经办人：${input.actor.username}；说明：${input.reason ?? ''}`,
              en: `By ${input.actor.username}. Note: ${input.reason ?? ''}`,
            },
          ];
          notify({
            event: handOver,
            applicationId: input.applicationId,
            roundId: input.roundId,
            taskIds: [taskId],
            lines,
          });
        }
      });
      logger.info({ taskId, action, actor: input.actor.username, holder: holding.assignee?.username }, 'task action');
    },
  };
}
