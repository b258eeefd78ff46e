// Every rule of a round's configuration (domain/roundSchema.ts) as the form shows it: its path, its
// unit and whether it is whole or optional. The labels are rounds.field.<path> in messages.ts.
export type Unit =
  'days' | 'calendarDays' | 'workingDays' | 'people' | 'points' | 'count' | 'quarters' | 'quarter' | 'tasks';

export interface NumberRule {
  path: string;
  unit: Unit;
  int?: boolean;
  /** absent from the rules when empty (the server then takes its default) */
  optional?: boolean;
}

export interface Section {
  key: string;
  rules: NumberRule[];
}

/** Durations a working-day round counts on the official calendar (WORKING_DAY_FIELDS on the server): whole days there. */
export const WORKING_DAY_PATHS = new Set([
  'provincialReviewDays',
  'revisionDays',
  'expertReview.scoringDays',
  'expertReview.stageDays',
  'selection.countersignDays',
  'evaluation.selfAssessmentDays',
  'evaluation.gradingDays',
  'evaluation.opinionDays',
  'evaluation.thirdPartyDays',
  'removal.countersignDays',
]);

export const SECTIONS: Section[] = [
  {
    key: 'provincial',
    rules: [
      { path: 'provincialReviewDays', unit: 'days' },
      { path: 'revisionDays', unit: 'days' },
    ],
  },
  {
    key: 'expertReview',
    rules: [
      { path: 'expertReview.panelSize', unit: 'people', int: true },
      { path: 'expertReview.quorum', unit: 'people', int: true },
      { path: 'expertReview.scoringDays', unit: 'days' },
      { path: 'expertReview.stageDays', unit: 'days' },
      { path: 'expertReview.outlierPoints', unit: 'points' },
      { path: 'expertReview.loadCap', unit: 'tasks', int: true, optional: true },
      { path: 'expertReview.maxSameBody', unit: 'people', int: true, optional: true },
    ],
  },
  {
    key: 'selection',
    rules: [
      { path: 'selection.quotas.city', unit: 'count', int: true },
      { path: 'selection.quotas.enterprise', unit: 'count', int: true },
      { path: 'selection.minScore', unit: 'points' },
      { path: 'selection.countersignDays', unit: 'days' },
    ],
  },
  {
    key: 'pilot',
    rules: [
      { path: 'pilot.quarters', unit: 'quarters', int: true },
      { path: 'pilot.quarterDays', unit: 'calendarDays' },
      { path: 'pilot.reportGraceDays', unit: 'calendarDays' },
      { path: 'pilot.compilationDays', unit: 'calendarDays' },
      { path: 'pilot.midtermAfterQuarter', unit: 'quarter', int: true },
    ],
  },
  {
    key: 'evaluation',
    rules: [
      { path: 'evaluation.selfAssessmentDays', unit: 'days' },
      { path: 'evaluation.gradingDays', unit: 'days' },
      { path: 'evaluation.opinionDays', unit: 'days', optional: true },
      { path: 'evaluation.thirdPartyDays', unit: 'days', optional: true },
    ],
  },
  // 取消试点资格: its switch (proposeOnMidtermFail) is beside the numbers (RulesForm.vue)
  { key: 'removal', rules: [{ path: 'removal.countersignDays', unit: 'days' }] },
];

/** A demonstration round's rules (shown when the rules have them): the title's periodic review is calendar time. */
export const DEMONSTRATION_RULES: NumberRule[] = [
  { path: 'demonstration.reviewDays', unit: 'calendarDays', optional: true },
];

/** The stages with deadlines and what may end each one's chain: the stages' own rules (domain/stages.ts). */
export { DEADLINE_STAGES, DEFAULT_RULES } from '../../../../domain/deadlines';
export const AUDIENCES = ['bodies', 'department', 'assignee', 'lead', 'applicant', 'provincialCommerce'] as const;

/** The form's id of a path ("expertReview.quorum" → "rule-expertReview-quorum"). */
export const ruleId = (path: string) => `rule-${path.replace(/\./g, '-')}`;

export function valueAt(config: object, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], config);
}

export function setAt(config: object, path: string, value: unknown) {
  const keys = path.split('.');
  const last = keys.pop()!;
  let at = config as Record<string, unknown>;
  for (const k of keys) at = (at[k] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete at[last];
  else at[last] = value;
}
