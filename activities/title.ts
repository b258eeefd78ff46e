// A demonstration title's reviews (动态管理) in the read model: each periodic review and each proposal
// to revoke it as its row, moved on by the title's workflow and by the countersign of a revocation.
import type { RemovalGround } from '../domain/removal';
import { TITLE_REVOCATION_GROUNDS, type TitleRevocationGround, type TitleReviewStatus } from '../domain/titleReview';
import { appendAudit, once } from '../platform/audit';
import { asJson } from '../platform/db';
import type { Actor } from '../shared/definitions';
import type { ActivityDeps } from './index';
import { createNotifier } from './notify';
import { groundsAndReason, withdrawTasksStillOpen } from './removal';

export function createTitleActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const onceNotifying = createNotifier(deps);
  return {
    /**
     * The review's row: created with its applicationId (a periodic review when it opens, a proposal
     * when its countersign starts — a periodic review's "revoke" moves its own row on), then its
     * status as the review and any countersign go. Same input as saveRemoval (workflows/removal.ts).
     */
    async saveTitleReview(input: {
      id: string;
      eventKey: string;
      status: TitleReviewStatus;
      round: number;
      applicationId?: string;
      trigger?: 'periodic' | 'proposal';
      dueAt?: string;
      grounds?: (TitleRevocationGround | RemovalGround)[];
      reason?: string;
      proposedBy?: Actor;
      objection?: { body: string; reason: string };
    }): Promise<void> {
      await once(db, input.eventKey, async (tx) => {
        const { id, status, round } = input;
        const by = input.proposedBy?.role === 'system' ? null : (input.proposedBy?.userId ?? null);
        const closing = status === 'dropped' || status === 'confirmed';
        const fields = {
          status,
          round,
          ...(input.grounds ? { grounds: asJson(input.grounds) } : {}),
          ...(input.objection ? { objection: asJson(input.objection) } : {}),
          ...(closing ? { resolution: input.reason, decidedAt: new Date() } : {}),
          ...(!closing && input.reason ? { reason: input.reason } : {}),
          ...(input.proposedBy ? { proposedById: by } : {}),
        };
        const row = input.applicationId
          ? await tx.titleReview.upsert({
              where: { id },
              create: {
                id,
                applicationId: input.applicationId,
                trigger: input.trigger ?? 'proposal',
                dueAt: input.dueAt ? new Date(input.dueAt) : null,
                ...fields,
              },
              update: fields,
            })
          : await tx.titleReview.update({ where: { id }, data: fields });
        await appendAudit(tx, {
          applicationId: row.applicationId,
          eventKey: input.eventKey,
          action: `title_review_${status}`,
          actor: input.proposedBy,
          reason: input.reason ?? input.objection?.reason,
          detail: { reviewId: id, round, ...(input.grounds ? { grounds: input.grounds } : {}) },
        });
      });
    },

    /** MOFCOM confirmed the title at its periodic review: on the record, and the applicant and its province are told. */
    async recordTitleConfirmed(input: {
      applicationId: string;
      reviewId: string;
      reason: string;
      actor: Actor;
    }): Promise<void> {
      const key = `${input.reviewId}/confirmed`;
      await onceNotifying(key, async (tx, notify) => {
        await tx.titleReview.update({
          where: { id: input.reviewId },
          data: {
            status: 'confirmed',
            resolution: input.reason,
            decidedAt: new Date(),
            proposedById: input.actor.userId,
          },
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: key,
          action: 'title_confirmed',
          actor: input.actor,
          reason: input.reason,
          detail: { reviewId: input.reviewId },
        });
        notify({
          event: 'title_confirmed',
          applicationId: input.applicationId,
          lines: [{ zh: `复核意见：${input.reason}`, en: `Opinion: ${input.reason}` }],
        });
      });
    },

    /**
     * The bodies consented: the title is revoked. Any task of the application still open is withdrawn;
     * its applicant, its province's commerce department and the eight bodies are told, with the grounds.
     */
    async recordTitleRevoked(input: {
      applicationId: string;
      reviewId: string;
      grounds: TitleRevocationGround[];
      reason: string;
    }): Promise<void> {
      const key = `title-${input.applicationId}/revoked`;
      await onceNotifying(key, async (tx, notify) => {
        const withdrawn = await withdrawTasksStillOpen(tx, input.applicationId);
        await tx.titleReview.update({
          where: { id: input.reviewId },
          data: { status: 'revoked', decidedAt: new Date() },
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: key,
          action: 'title_revocation_consented',
          reason: input.reason,
          detail: { reviewId: input.reviewId, grounds: input.grounds, tasksWithdrawn: withdrawn },
        });
        notify({
          event: 'title_revoked',
          applicationId: input.applicationId,
          lines: groundsAndReason(
            '撤销理由',
            input.grounds.map((g) => TITLE_REVOCATION_GROUNDS[g]),
            input.reason,
          ),
        });
      });
      logger.info({ applicationId: input.applicationId, reviewId: input.reviewId }, 'title revoked');
    },
  };
}
