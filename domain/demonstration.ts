// 示范创建 (the 2021–2023 rounds, DOMAIN.md "How later rounds ran"): a demonstration round names
// demonstration cities and enterprises directly — local recommendation, expert review, the eight
// bodies' countersign and 公示, then 认定: the title is awarded at once, with no two-year pilot. A
// round may take declarations only from existing pilots (as the 2021 round did).
import { DEMONSTRATION_TITLES } from './evaluation';
import { groupOf } from './selection';
import type { ApplicantKind } from './applicants';

export type DemonstrationEligibility = 'any' | 'existingPilots';

export interface DemonstrationRules {
  eligibility: DemonstrationEligibility;
  /**
   * 动态管理: days between a title's periodic reviews by MOFCOM (confirm, or revoke with the eight bodies'
   * countersign); absent, as in rounds from before reviews: none is scheduled (MOFCOM may still propose a revocation).
   */
  reviewDays?: number;
}

/** A demonstration round created without rules of its own: a review every two years (the pilots' own term). */
export const DEFAULT_DEMONSTRATION: DemonstrationRules = { eligibility: 'any', reviewDays: 730 };

/** The title a demonstration round awards an applicant of this kind. */
export function demonstrationTitle(kind: ApplicantKind): { zh: string; en: string } {
  return { ...DEMONSTRATION_TITLES[groupOf(kind)] };
}

/**
 * Whether an organisation may declare in a demonstration round: with `existingPilots`, only one that
 * was selected as a pilot in an earlier round and not removed.
 */
export function demonstrationRefusal(
  rules: DemonstrationRules,
  pilots: readonly { status: string }[],
): { zh: string; en: string } | undefined {
  if (rules.eligibility === 'any' || pilots.some((p) => p.status !== 'removed')) return undefined;
  return {
    zh: '本轮仅限已有的供应链创新与应用试点城市和试点企业申报',
    en: 'This round takes declarations only from existing supply-chain pilot cities and enterprises',
  };
}
