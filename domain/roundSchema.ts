// Validation of a round's configuration (kept apart from round.ts so workflow code, which needs
// only the rules, does not bundle the validator). Sections a stored round lacks take the defaults.
import { z } from 'zod';
import { DEADLINE_STAGES, DEFAULT_RULES, type DeadlinesConfig, type DeadlineStage } from './deadlines';
import { DEFAULT_ROUND_CONFIG, type RoundConfig } from './round';

const days = z.number().positive();
const d = DEFAULT_ROUND_CONFIG;

const audience = z.enum(['bodies', 'department', 'assignee', 'lead', 'applicant', 'provincialCommerce']);
const stageDeadlines = (stage: DeadlineStage) =>
  z
    .strictObject({
      reminderDays: z.number().min(0),
      levels: z.array(z.strictObject({ afterDays: z.number().min(0), notify: z.array(audience).min(1) })).min(1).max(5),
      defaultAfterDays: z.number().min(0),
      defaultRule: z.enum(DEFAULT_RULES[stage] as readonly [string, ...string[]]),
    })
    .refine((p) => p.levels.every((l, i) => i === 0 || l.afterDays > p.levels[i - 1].afterDays), { message: 'levels must come one after another', path: ['levels'] })
    .refine((p) => p.defaultAfterDays >= p.levels[p.levels.length - 1].afterDays, { message: 'the default rule comes after the last level', path: ['defaultAfterDays'] })
    .default(d.deadlines[stage] as never);
const deadlinesSchema = z
  .strictObject(Object.fromEntries(DEADLINE_STAGES.map((s) => [s, stageDeadlines(s)])) as Record<DeadlineStage, ReturnType<typeof stageDeadlines>>)
  .default(d.deadlines as never) as unknown as z.ZodType<DeadlinesConfig, unknown>; // each rule is checked against its own stage's rules above

export const roundConfigSchema = z
  .strictObject({
    provincialReviewDays: days,
    revisionDays: days,
    expertReview: z
      .strictObject({
        panelSize: z.number().int().min(1).max(20),
        quorum: z.number().int().min(1),
        scoringDays: days,
        stageDays: days,
        outlierPoints: z.number().positive().max(100),
      })
      .default(d.expertReview),
    rubric: z
      .array(z.strictObject({ code: z.string().min(1), zh: z.string().min(1), en: z.string().min(1), weight: z.number().positive() }))
      .min(1)
      .refine((r) => Math.abs(r.reduce((s, c) => s + c.weight, 0) - 1) < 1e-9, { message: 'weights must sum to 1' })
      .refine((r) => new Set(r.map((c) => c.code)).size === r.length, { message: 'criterion codes must be unique' })
      .default(d.rubric),
    selection: z
      .strictObject({
        quotas: z.strictObject({ city: z.number().int().min(0), enterprise: z.number().int().min(0) }),
        minScore: z.number().min(0).max(100),
        countersignDays: days,
      })
      .default(d.selection),
    pilot: z
      .strictObject({
        quarters: z.number().int().min(1).max(40),
        quarterDays: days,
        reportGraceDays: days,
        compilationDays: days,
        midtermAfterQuarter: z.number().int().min(1),
      })
      .default(d.pilot),
    evaluation: z.strictObject({ selfAssessmentDays: days, gradingDays: days }).default(d.evaluation),
    deadlines: deadlinesSchema,
  })
  .refine((c) => c.expertReview.quorum <= c.expertReview.panelSize, { message: 'quorum cannot exceed the panel size', path: ['expertReview', 'quorum'] })
  .refine((c) => c.pilot.midtermAfterQuarter < c.pilot.quarters, { message: 'the mid-term must come before the last quarter', path: ['pilot', 'midtermAfterQuarter'] }) satisfies z.ZodType<RoundConfig, unknown>;
