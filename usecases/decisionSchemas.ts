// What an officer or expert may send to decide a task, per stage. The API checks the shape here
// (so a malformed body gets a 400 naming its fields); the stage's workflow validator has the final
// word on whether the decision may be taken.
import { z } from 'zod';
import { REVIEW_DECISIONS } from '../domain/provincialReview';

const reason = z.string().trim().min(1).max(5000);
/** files uploaded to the task (POST /api/tasks/:id/attachments) that the decision cites */
const attachments = z.array(z.uuid()).min(1).max(20).optional();
const needsReason =
  <T extends { decision: string; reason?: string }>(needs: (d: T) => boolean) =>
  (d: T, ctx: z.RefinementCtx) => {
    if (needs(d) && !d.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'reason_required' });
  };

export const DECISION_SCHEMAS: Record<
  string,
  z.ZodType<{ decision: string; reason?: string } & Record<string, unknown>>
> = {
  provincialReview: z
    .strictObject({ decision: z.enum(REVIEW_DECISIONS), reason: reason.optional(), attachments })
    .superRefine(needsReason((d) => d.decision !== 'approve')),
  expertReview: z.discriminatedUnion('decision', [
    z.strictObject({
      decision: z.literal('score'),
      scores: z.record(z.string(), z.number()),
      comments: z.string().trim().min(1).max(20000),
    }),
    z.strictObject({ decision: z.literal('decline'), reason }),
  ]),
  selectionCountersign: z
    .strictObject({ decision: z.enum(['approve', 'object']), reason: reason.optional(), attachments })
    .superRefine(needsReason((d) => d.decision === 'object')),
  selectionRevision: z.strictObject({
    decision: z.literal('revise'),
    applicationIds: z.array(z.string().min(1)).max(5000),
    reason,
    attachments,
  }),
  quarterlyCompilation: z.strictObject({
    decision: z.literal('compile'),
    note: z.string().trim().max(20000).optional(),
  }),
  evaluation: z.strictObject({
    decision: z.literal('grade'),
    grade: z.enum(['excellent', 'good', 'pass', 'fail']),
    comments: z.string().trim().max(20000).optional(),
    attachments,
  }),
};

/**
 * The stages whose tasks an officer may approve many at once (批量通过): where approval needs no
 * reason nor content of its own. Never expert review: each seat is scored on its own.
 */
export const BATCH_APPROVE_STAGES: readonly string[] = ['provincialReview', 'selectionCountersign'];
