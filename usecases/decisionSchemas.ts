// What an officer or expert may send to decide a task, per stage: the decisions and the reasons the
// stage's rules ask for (domain/stages.ts), and the content each stage's decision carries. The API
// checks the shape here (so a malformed body gets a 400 naming its fields); the stage's workflow
// validator has the final word on whether the decision may be taken.
import { z } from 'zod';
import { decisionRefusal, STAGES, TASK_STAGES, type StageCode } from '../domain/stages';

const reason = z.string().trim().min(1).max(5000);
/** files uploaded to the task (POST /api/tasks/:id/attachments) that the decision cites */
const attachments = z.array(z.uuid()).min(1).max(20).optional();

/** The stage's decisions, and the reason its rules require, checked by the rules themselves. */
function decisionOf<S extends StageCode>(stage: S, content: z.ZodRawShape) {
  const decisions = STAGES[stage].decisions as [string, ...string[]];
  return z
    .strictObject({ decision: z.enum(decisions), reason: reason.optional(), ...content })
    .superRefine((d, ctx) => {
      const refusal = decisionRefusal(stage, d.decision, d.reason as string | undefined);
      if (refusal)
        ctx.addIssue({ code: 'custom', path: [refusal.field], message: refusal.code, params: refusal.message });
    });
}

/** An expert's seat: a score sheet, or a declination with its reason. */
const expertReview = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('score'),
    scores: z.record(z.string(), z.number()),
    comments: z.string().trim().min(1).max(20000),
  }),
  z.strictObject({ decision: z.literal('decline'), reason }),
]);

/** What a stage's decision carries beyond its decision and reason; a stage not named here, only the files it cites. */
const CONTENT: Partial<Record<StageCode, z.ZodRawShape>> = {
  // the unit's ranked lists; whether each entry is its own approved application is the workflow's check
  recommendation: {
    ranking: z.strictObject({
      city: z.array(z.string().min(1).max(200)).max(1000),
      enterprise: z.array(z.string().min(1).max(200)).max(1000),
    }),
    attachments,
  },
  selectionRevision: { applicationIds: z.array(z.string().min(1)).max(5000), reason, attachments },
  quarterlyCompilation: { note: z.string().trim().max(20000).optional() },
  // a grade, or where the round sets indicators a score per indicator: which one is the workflow's check
  evaluation: {
    grade: z.enum(['excellent', 'good', 'pass', 'fail']).optional(),
    scores: z.record(z.string(), z.number()).optional(),
    comments: z.string().trim().max(20000).optional(),
    attachments,
  },
  evaluationThirdParty: {
    report: z.string().trim().min(1).max(50000),
    proposedGrade: z.enum(['excellent', 'good', 'pass', 'fail']).optional(),
    scores: z.record(z.string(), z.number()).optional(),
    attachments,
  },
};

export const DECISION_SCHEMAS: Record<
  string,
  z.ZodType<{ decision: string; reason?: string } & Record<string, unknown>>
> = Object.fromEntries(
  TASK_STAGES.map((stage) => [
    stage,
    stage === 'expertReview' ? expertReview : decisionOf(stage, CONTENT[stage] ?? { attachments }),
  ]),
);
