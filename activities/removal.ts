// A pilot's removal (取消试点资格) in the read model: the proposal's row as its countersign moves it
// on, and the pilot's end once the bodies consent — what it still awaited is closed and recorded.
import { REMOVAL_GROUNDS, type RemovalGround, type RemovalStatus } from '../domain/removal';
import type { TitleRevocationGround } from '../domain/titleReview';
import { appendAudit, once, type Tx } from '../platform/audit';
import { asJson } from '../platform/db';
import type { Actor } from '../shared/definitions';
import type { ActivityDeps } from './index';
import { createNotifier } from './notify';

export function createRemovalActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const onceNotifying = createNotifier(deps);
  return {
    /** The proposal's row: created with its grounds when proposed, then its status as the countersign goes. */
    async saveRemoval(input: {
      id: string;
      eventKey: string;
      status: RemovalStatus;
      round: number;
      applicationId?: string;
      grounds?: (RemovalGround | TitleRevocationGround)[];
      reason?: string;
      proposedBy?: Actor;
      objection?: { body: string; reason: string };
    }): Promise<void> {
      await once(db, input.eventKey, async (tx) => {
        const { id, status, round } = input;
        if (input.applicationId) {
          await tx.pilotRemoval.create({
            data: {
              id,
              pilotId: input.applicationId,
              status,
              round,
              grounds: asJson(input.grounds ?? []),
              reason: input.reason ?? '',
              proposedById: input.proposedBy?.role === 'system' ? null : (input.proposedBy?.userId ?? null),
            },
          });
        } else {
          await tx.pilotRemoval.update({
            where: { id },
            data: {
              status,
              round,
              ...(input.objection ? { objection: asJson(input.objection) } : {}),
              ...(status === 'dropped' ? { resolution: input.reason, decidedAt: new Date() } : {}),
              ...(status === 'countersigning' && input.reason ? { reason: input.reason } : {}),
            },
          });
        }
        const removal = await tx.pilotRemoval.findUniqueOrThrow({ where: { id }, select: { pilotId: true } });
        await appendAudit(tx, {
          applicationId: removal.pilotId,
          eventKey: input.eventKey,
          action: `removal_${status}`,
          actor: input.proposedBy,
          reason: input.reason ?? input.objection?.reason,
          detail: { removalId: id, round, ...(input.grounds ? { grounds: input.grounds } : {}) },
        });
      });
    },

    /**
     * The bodies consented: the pilot is removed. Its tasks still open (grading, compilation of its
     * reports) are withdrawn, its quarters not yet reported are closed, its open evaluations end;
     * its applicant, its province's commerce department and the eight bodies are told.
     */
    async recordPilotRemoved(input: {
      applicationId: string;
      removalId: string;
      grounds: RemovalGround[];
      reason: string;
    }): Promise<void> {
      const key = `pilot-${input.applicationId}/removed`;
      await onceNotifying(key, async (tx, notify) => {
        const now = new Date();
        const withdrawn = await withdrawTasksStillOpen(tx, input.applicationId);
        await tx.quarterlyReport.updateMany({
          where: { pilotId: input.applicationId, status: 'due' },
          data: { status: 'cancelled' },
        });
        await tx.evaluation.updateMany({
          where: { pilotId: input.applicationId, status: { in: ['self_assessment', 'grading'] } },
          data: { status: 'cancelled' },
        });
        await tx.pilot.update({ where: { id: input.applicationId }, data: { status: 'removed', removedAt: now } });
        await tx.pilotRemoval.update({ where: { id: input.removalId }, data: { status: 'removed', decidedAt: now } });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: key,
          action: 'pilot_removed',
          reason: input.reason,
          detail: { removalId: input.removalId, grounds: input.grounds, tasksWithdrawn: withdrawn },
        });
        notify({
          event: 'pilot_removed',
          applicationId: input.applicationId,
          lines: groundsAndReason(
            '取消理由',
            input.grounds.map((g) => REMOVAL_GROUNDS[g]),
            input.reason,
          ),
        });
      });
      logger.info({ applicationId: input.applicationId, removalId: input.removalId }, 'pilot removed');
    },
  };
}

/** Withdraws every task of the application still open (its pilot or title has ended); their ids, for the record. */
export async function withdrawTasksStillOpen(tx: Tx, applicationId: string): Promise<string[]> {
  const open = await tx.task.findMany({ where: { applicationId, status: 'open' }, select: { id: true } });
  await tx.task.updateMany({ where: { id: { in: open.map((t) => t.id) } }, data: { status: 'withdrawn' } });
  return open.map((t) => t.id);
}

/** A removal's or a revocation's mail lines: its grounds by name, and its reason. */
export function groundsAndReason(heading: string, grounds: { zh: string; en: string }[], reason: string) {
  return [
    { zh: `${heading}：${grounds.map((g) => g.zh).join('；')}`, en: `Grounds: ${grounds.map((g) => g.en).join('; ')}` },
    { zh: `说明：${reason}`, en: `Reason: ${reason}` },
  ];
}
