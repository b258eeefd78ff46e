// 评价指标体系: the indicators a round's demonstration applicants are scored on (experts score them,
// applicants assess themselves on them in the 申报书) and, where a round sets them, the indicators the
// eight bodies grade a pilot's evaluation against. The 2022 工作规范's own indicator table is not in
// our sources: this default follows its structure (weighted first-level indicators scored 0–100) with
// headings drawn from the notice's tasks (§二) and criteria (§四); a round replaces it with its own.
import { aggregateGrades, type Grade } from './evaluation';
import { weightedScore } from './expertReview';
import type { RubricCriterion } from './round';

export type Indicator = RubricCriterion;

/** The default indicator system of a demonstration round; weights sum to 1. */
export const DEMONSTRATION_INDICATORS: Indicator[] = [
  { code: 'MECHANISM', zh: '工作基础与推进机制', en: 'Foundation and working mechanism', weight: 0.2 },
  { code: 'INNOVATION', zh: '供应链创新与数字化水平', en: 'Supply-chain innovation and digitalisation', weight: 0.25 },
  { code: 'COLLABORATION', zh: '产业链协同与示范带动', en: 'Chain collaboration and leading effect', weight: 0.25 },
  { code: 'RESILIENCE', zh: '供应链安全稳定', en: 'Supply-chain security and resilience', weight: 0.15 },
  { code: 'GREEN', zh: '绿色供应链发展', en: 'Green supply chain', weight: 0.15 },
];

/** The lowest weighted total (0–100) of each grade; below the last, "fail". */
export const GRADE_BANDS: { grade: Exclude<Grade, 'fail'>; min: number }[] = [
  { grade: 'excellent', min: 90 },
  { grade: 'good', min: 75 },
  { grade: 'pass', min: 60 },
];

/** The grade a weighted total earns under GRADE_BANDS. */
export function gradeOfTotal(total: number): Grade {
  return GRADE_BANDS.find((b) => total >= b.min)?.grade ?? 'fail';
}

/** One body's grading against the indicators: its weighted total (2 decimals) and the grade that total earns. */
export function gradeByIndicators(
  indicators: readonly Indicator[],
  scores: Record<string, number>,
): { total: number; grade: Grade } {
  const total = weightedScore(indicators, scores);
  return { total, grade: gradeOfTotal(total) };
}

/** How one body graded: its grade, and with indicators its scores and their weighted total. */
export interface BodyGrading {
  body: string;
  grade: Grade;
  scores?: Record<string, number>;
  total?: number;
}

/** How an evaluation's grade was reached, as its record shows it. */
export interface EvaluationBreakdown {
  bodies: BodyGrading[];
  /** the bodies' grades combine by aggregateGrades (domain/evaluation.ts) */
  rule: 'median_lower_on_tie';
  /** with indicators: the indicators and the bands their totals were graded by */
  indicators?: Indicator[];
  bands?: typeof GRADE_BANDS;
  grade: Grade;
}

/** The record of how the bodies' gradings became the evaluation's grade (the median, the lower on a tie). */
export function evaluationBreakdown(
  bodies: readonly BodyGrading[],
  indicators: readonly Indicator[] | undefined,
): EvaluationBreakdown {
  return {
    bodies: [...bodies],
    rule: 'median_lower_on_tie',
    ...(indicators ? { indicators: [...indicators], bands: GRADE_BANDS.map((b) => ({ ...b })) } : {}),
    grade: aggregateGrades(bodies.map((b) => b.grade)),
  };
}
