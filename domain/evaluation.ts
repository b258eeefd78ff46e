// Two-stage evaluation (绩效评估, notice §四(五)): "商务部将会同有关部门对试点进行中期和终期评估".
// Mid-term excellent: incentive policies are studied for the pilot (研究给予相关激励政策). Final
// excellent: the title of National Supply-Chain Innovation and Application Demonstration City or
// Enterprise (全国供应链创新与应用示范城市／示范企业). Each body grades; the grades are combined here.
import type { ApplicantKind } from './applicants';

/** Best first. */
export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Grade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
};

export type EvaluationStage = 'midterm' | 'final';

export const EVALUATION_STAGE_LABELS: Record<EvaluationStage, { zh: string; en: string }> = {
  midterm: { zh: '中期评估', en: 'Mid-term evaluation' },
  final: { zh: '终期评估', en: 'Final evaluation' },
};

export const DEMONSTRATION_TITLES = {
  city: {
    zh: '全国供应链创新与应用示范城市',
    en: 'National Supply-Chain Innovation and Application Demonstration City',
  },
  enterprise: {
    zh: '全国供应链创新与应用示范企业',
    en: 'National Supply-Chain Innovation and Application Demonstration Enterprise',
  },
} as const;

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

/**
 * The bodies' combined grade: the median grade; with an even count, the lower (more conservative)
 * of the two middle grades — one body's "excellent" cannot lift a split panel. Throws on an empty list.
 */
export function aggregateGrades(grades: readonly Grade[]): Grade {
  if (grades.length === 0) throw new RangeError('aggregateGrades: no grades');
  // Sorted best → worst; index ⌊n/2⌋ is the middle for odd n and the lower middle for even n.
  const sorted = [...grades].sort((a, b) => GRADES.indexOf(a) - GRADES.indexOf(b));
  return sorted[Math.floor(sorted.length / 2)];
}

/** What a grade earns: only "excellent" earns anything — incentives at mid-term, the title at the end. */
export function evaluationOutcome(
  stage: EvaluationStage,
  grade: Grade,
  kind: ApplicantKind,
): { incentiveEligible: boolean; title: null | { zh: string; en: string } } {
  if (grade !== 'excellent') return { incentiveEligible: false, title: null };
  if (stage === 'midterm') return { incentiveEligible: true, title: null };
  const title = kind === 'city' || kind === 'ftz' ? DEMONSTRATION_TITLES.city : DEMONSTRATION_TITLES.enterprise;
  return { incentiveEligible: false, title: { ...title } };
}
