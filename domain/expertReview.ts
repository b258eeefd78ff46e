// Expert review (专家评审, notice §四(三)): MOFCOM and the seven other bodies "共同组织专家对申报材料
// 进行评审". Pure rules for workflow code — who may sit on a panel, what a valid score sheet is,
// and how a panel's scores become the application's score. No zod here: workflow validators call it.
//
// Panel score rule (aggregatePanel):
//   - fewer than 3 scores: the mean of them all;
//   - 3 or more: a score further than `outlierPoints` (strictly) from the panel's median is an
//     outlier (离群分) and is left out — unless that would leave fewer than 2 scores, in which case
//     nothing is left out;
//   - the application's score is the mean of the scores used, rounded to 2 decimals.
import { homeProvinceOf } from './provinces';
import type { RubricCriterion } from './round';

export interface ExpertCandidate {
  id: string;
  /** the expert's province; null for a national expert (no province) */
  provinceCode: string | null;
  organizationId?: string | null;
  /** organisations the expert has declared a conflict of interest with (利益冲突回避) */
  conflictOrganizationIds: string[];
  /** panels the expert is currently scoring for */
  activeAssignments: number;
}

export interface ScoreProblem {
  field: string;
  zh: string;
  en: string;
}

export type ScoreValidation = { ok: true; scores: Record<string, number> } | { ok: false; problems: ScoreProblem[] };

/** Lexicographic comparison by code units, independent of locale (deterministic in workflows). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rounds to 2 decimals, first removing floating-point noise (82.49999999999999 → 82.5). */
export function round2(x: number): number {
  return Math.round(Number((x * 100).toPrecision(12))) / 100;
}

export interface Applicant {
  provinceCode: string | null;
  organizationId: string;
}

/**
 * Whether an expert may score an applicant's application at all (回避). Left out: experts of the
 * applicant's province (a central enterprise has no province, so none are left out on that
 * ground), experts who declared a conflict with the applicant's organisation, and experts of the
 * same organisation. The one place these rules live: the one-by-one choice below and the batch
 * assignment (domain/expertAssignment.ts) both ask it.
 */
export function mayScore(
  expert: Pick<ExpertCandidate, 'provinceCode' | 'organizationId' | 'conflictOrganizationIds'>,
  applicant: Applicant,
): boolean {
  return (
    // home ground: a Guangdong expert does not score a Shenzhen applicant, nor a Shenzhen expert a Guangdong one
    (applicant.provinceCode === null ||
      expert.provinceCode == null ||
      homeProvinceOf(expert.provinceCode) !== homeProvinceOf(applicant.provinceCode)) &&
    !expert.conflictOrganizationIds.includes(applicant.organizationId) &&
    (expert.organizationId == null || expert.organizationId !== applicant.organizationId)
  );
}

/**
 * Experts who may score an application (mayScore), but the ids in `exclude` (already on, or
 * already dropped from, this panel), in the order to assign them: fewest active assignments
 * first, ties by id.
 */
export function eligibleExperts(
  candidates: readonly ExpertCandidate[],
  applicant: Applicant,
  exclude: readonly string[],
): ExpertCandidate[] {
  const excluded = new Set(exclude);
  return candidates
    .filter((e) => !excluded.has(e.id) && mayScore(e, applicant))
    .sort((a, b) => a.activeAssignments - b.activeAssignments || compareIds(a.id, b.id));
}

/**
 * A score sheet must be an object holding exactly the rubric's criterion codes, each a number from
 * 0 to 100. Problems name the field as `scores.<CODE>`.
 */
export function validateScores(rubric: readonly RubricCriterion[], scores: unknown): ScoreValidation {
  if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) {
    return {
      ok: false,
      problems: [
        { field: 'scores', zh: '评分应为按评分项列出的对象', en: 'Scores must be an object keyed by criterion' },
      ],
    };
  }
  const given = scores as Record<string, unknown>;
  const codes = new Set(rubric.map((c) => c.code));
  const problems: ScoreProblem[] = [];
  const out: Record<string, number> = {};
  for (const criterion of rubric) {
    const field = `scores.${criterion.code}`;
    if (!Object.prototype.hasOwnProperty.call(given, criterion.code) || given[criterion.code] === undefined) {
      problems.push({ field, zh: `缺少评分项“${criterion.zh}”`, en: `Missing score for "${criterion.en}"` });
      continue;
    }
    const value = given[criterion.code];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field, zh: '评分应为数字', en: 'The score must be a number' });
    } else if (value < 0 || value > 100) {
      problems.push({ field, zh: '评分应在 0 至 100 之间', en: 'The score must be between 0 and 100' });
    } else {
      out[criterion.code] = value;
    }
  }
  for (const key of Object.keys(given).sort(compareIds)) {
    if (!codes.has(key))
      problems.push({ field: `scores.${key}`, zh: '不存在的评分项', en: 'Not a criterion of the rubric' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scores: out };
}

/** Σ weight × score over the rubric, rounded to 2 decimals. Throws if a criterion has no score. */
export function weightedScore(rubric: readonly RubricCriterion[], scores: Record<string, number>): number {
  let total = 0;
  for (const criterion of rubric) {
    const score = scores[criterion.code];
    if (typeof score !== 'number') throw new Error(`no score for criterion ${criterion.code}`);
    total += criterion.weight * score;
  }
  return round2(total);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * The application's score from its experts' weighted totals (rule in the header). `used` and
 * `outliers` keep the order of `totals`. Throws on an empty list: a panel with no scores has no score.
 */
export function aggregatePanel(
  totals: readonly number[],
  outlierPoints: number,
): { score: number; used: number[]; outliers: number[] } {
  if (totals.length === 0) throw new RangeError('aggregatePanel: no scores');
  if (totals.length < 3) return { score: round2(mean(totals)), used: [...totals], outliers: [] };
  const m = median(totals);
  // 1e-9 absorbs floating-point noise: 90.1 − 70.1 is exactly 20 points, not an outlier at 20.
  const isOutlier = (t: number) => Math.abs(t - m) - outlierPoints > 1e-9;
  const used = totals.filter((t) => !isOutlier(t));
  const outliers = totals.filter(isOutlier);
  if (used.length < 2) return { score: round2(mean(totals)), used: [...totals], outliers: [] };
  return { score: round2(mean(used)), used, outliers };
}
