// Applicant kinds and their routes (notice §四(一)): cities and free-trade zones submit Annex 1,
// enterprises Annex 2; central enterprises go straight to MOFCOM without provincial review.

export const APPLICANT_KINDS = ['city', 'ftz', 'enterprise', 'central_enterprise'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

export const APPLICANT_KIND_LABELS: Record<ApplicantKind, { zh: string; en: string }> = {
  city: { zh: '城市', en: 'City' },
  ftz: { zh: '自由贸易试验区', en: 'Free-trade pilot zone' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  central_enterprise: { zh: '中央企业', en: 'Central enterprise' },
};

export function isApplicantKind(kind: string): kind is ApplicantKind {
  return (APPLICANT_KINDS as readonly string[]).includes(kind);
}

/** Annex 1 (city pilot plan) for cities and FTZs; Annex 2 (enterprise form) for enterprises. */
export function annexFor(kind: ApplicantKind): 1 | 2 {
  return kind === 'city' || kind === 'ftz' ? 1 : 2;
}

/** Central enterprises declare directly to MOFCOM: no province, no provincial joint review. */
export function goesThroughProvincialReview(kind: ApplicantKind): boolean {
  return kind !== 'central_enterprise';
}
