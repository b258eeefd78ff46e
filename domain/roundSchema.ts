// Validation of a round's configuration (kept apart from round.ts so workflow code, which needs
// only the rules, does not bundle the validator). Sections a stored round lacks take the defaults.
import { z } from 'zod';
import { STATE_COUNCIL_DEPARTMENTS, type Recommender } from './centralRoute';
import { DEADLINE_STAGES, DEFAULT_RULES, type DeadlinesConfig, type DeadlineStage } from './deadlines';
import { DEFAULT_ROUND_CONFIG, type RoundConfig } from './round';

const days = z.number().positive();
const d = DEFAULT_ROUND_CONFIG;

const audience = z.enum(['bodies', 'department', 'assignee', 'lead', 'applicant', 'provincialCommerce']);
const stageDeadlines = (stage: DeadlineStage) =>
  z
    .strictObject({
      reminderDays: z.number().min(0),
      levels: z
        .array(z.strictObject({ afterDays: z.number().min(0), notify: z.array(audience).min(1) }))
        .min(1)
        .max(5),
      defaultAfterDays: z.number().min(0),
      defaultRule: z.enum(DEFAULT_RULES[stage] as readonly [string, ...string[]]),
    })
    .refine((p) => p.levels.every((l, i) => i === 0 || l.afterDays > p.levels[i - 1].afterDays), {
      message: 'levels_in_order',
      path: ['levels'],
    })
    // (an empty `levels` is refused by its .min(1) above; zod still runs this refinement, so it must not read levels[-1])
    .refine((p) => p.levels.length === 0 || p.defaultAfterDays >= p.levels[p.levels.length - 1].afterDays, {
      message: 'default_after_levels',
      path: ['defaultAfterDays'],
    })
    .default(d.deadlines[stage] as never);
const deadlinesSchema = z
  .strictObject(
    Object.fromEntries(DEADLINE_STAGES.map((s) => [s, stageDeadlines(s)])) as Record<
      DeadlineStage,
      ReturnType<typeof stageDeadlines>
    >,
  )
  .default(d.deadlines as never) as unknown as z.ZodType<DeadlinesConfig, unknown>; // each rule is checked against its own stage's rules above

/** Weighted criteria (the expert rubric, the evaluation's indicators): weights sum to 1, codes unique. */
const criteria = z
  .array(
    z.strictObject({
      code: z.string().min(1),
      zh: z.string().min(1),
      en: z.string().min(1),
      weight: z.number().positive(),
    }),
  )
  .min(1)
  .refine((r) => Math.abs(r.reduce((s, c) => s + c.weight, 0) - 1) < 1e-9, { message: 'weights_sum_to_one' })
  .refine((r) => new Set(r.map((c) => c.code)).size === r.length, { message: 'codes_unique' });

/** The durations a working-day round counts on the official calendar: whole days only. */
const WORKING_DAY_FIELDS = [
  ['provincialReviewDays'],
  ['revisionDays'],
  ['expertReview', 'scoringDays'],
  ['expertReview', 'stageDays'],
  ['selection', 'countersignDays'],
  ['recommendation', 'countersignDays'],
  ['centralRoute', 'reviewDays'],
  ['removal', 'countersignDays'],
  ['evaluation', 'selfAssessmentDays'],
  ['evaluation', 'gradingDays'],
  ['evaluation', 'opinionDays'],
  ['evaluation', 'thirdPartyDays'],
] as const;

const valueAt = (config: object, path: readonly string[]) =>
  path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], config);

export const roundConfigSchema = z
  .strictObject({
    dayCount: z.enum(['calendar', 'working']).default('calendar'),
    provincialReviewDays: days,
    revisionDays: days,
    expertReview: z
      .strictObject({
        panelSize: z.number().int().min(1).max(20),
        quorum: z.number().int().min(1),
        scoringDays: days,
        stageDays: days,
        outlierPoints: z.number().positive().max(100),
        assignment: z.enum(['onForward', 'batch']).optional(),
        loadCap: z.number().int().min(1).max(1000).optional(),
        maxSameBody: z.number().int().min(1).max(20).optional(),
      })
      .default(d.expertReview),
    rubric: criteria.default(d.rubric),
    selection: z
      .strictObject({
        quotas: z.strictObject({ city: z.number().int().min(0), enterprise: z.number().int().min(0) }),
        minScore: z.number().min(0).max(100),
        countersignDays: days,
        tieBreak: z.enum(['provincialRank']).optional(),
        perUnitQuota: z
          .strictObject({ city: z.number().int().min(1).optional(), enterprise: z.number().int().min(1).optional() })
          .optional(),
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
    evaluation: z
      .strictObject({
        selfAssessmentDays: days,
        gradingDays: days,
        opinionDays: days.optional(),
        thirdPartyDays: days.optional(),
        indicators: criteria.optional(),
      })
      .default(d.evaluation),
    recommendation: z
      .strictObject({
        cap: z
          .strictObject({ city: z.number().int().min(1).optional(), enterprise: z.number().int().min(1).optional() })
          .optional(),
        countersignDays: days,
        applicantLeadDays: z.number().int().min(1).max(60).optional(),
      })
      .default(d.recommendation!),
    centralRoute: z
      .strictObject({
        departments: z
          .array(z.enum(STATE_COUNCIL_DEPARTMENTS))
          .min(1)
          .refine((l) => new Set(l).size === l.length, { message: 'codes_unique' }),
        reviewDays: days,
      })
      .default(d.centralRoute as { departments: Recommender[]; reviewDays: number }),
    removal: z
      .strictObject({ countersignDays: days, proposeOnMidtermFail: z.boolean() })
      .default(d.removal as { countersignDays: number; proposeOnMidtermFail: boolean }),
    demonstration: z
      .strictObject({ eligibility: z.enum(['any', 'existingPilots']), reviewDays: days.optional() })
      .optional(),
    deadlines: deadlinesSchema,
    publicNotice: z
      .strictObject({ workingDays: z.number().int().min(1).max(30), offerNextRanked: z.boolean() })
      .optional(),
    // no default: a stored round without it keeps version 1 (a new one gets the newest: usecases/rounds.ts)
    annexVersion: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  })
  .refine((c) => c.expertReview.quorum <= c.expertReview.panelSize, {
    message: 'quorum_within_panel',
    path: ['expertReview', 'quorum'],
  })
  .refine((c) => c.pilot.midtermAfterQuarter < c.pilot.quarters, {
    message: 'midterm_before_last_quarter',
    path: ['pilot', 'midtermAfterQuarter'],
  })
  .superRefine((c, ctx) => {
    if (c.dayCount !== 'working') return;
    for (const path of WORKING_DAY_FIELDS) {
      const value = valueAt(c, path);
      if (value !== undefined && !Number.isInteger(value))
        ctx.addIssue({ code: 'custom', message: 'whole_working_days', path: [...path] });
    }
  }) satisfies z.ZodType<RoundConfig, unknown>;
