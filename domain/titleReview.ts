// 动态管理 of demonstration titles (the 2021–2023 rounds' rules, DOMAIN.md "How later rounds ran"; the 2018
// notice has none): MOFCOM reviews each title periodically (RoundConfig.demonstration.reviewDays) and
// confirms it or proposes to revoke it, and may propose a revocation at any time. A revocation is
// countersigned by the eight bodies as a pilot's removal is (workflows/removal.ts, subject "title").

export const TITLE_REVOCATION_GROUNDS = {
  review_failed: { zh: '复核未达到示范要求', en: 'The periodic review found it no longer meets the standard' },
  major_problem: { zh: '发生重大问题', en: 'A major problem was reported' },
  dissolved: { zh: '企业注销或主体资格灭失', en: 'The enterprise was dissolved or lost its legal standing' },
  by_request: { zh: '本单位申请撤销', en: 'Revocation at its own request' },
} as const;

export type TitleRevocationGround = keyof typeof TITLE_REVOCATION_GROUNDS;
export const TITLE_REVOCATION_GROUND_CODES = Object.keys(TITLE_REVOCATION_GROUNDS) as TitleRevocationGround[];

/** A review's state, as the application page and the audit record read it. */
export const TITLE_REVIEW_STATUSES = {
  reviewing: { zh: '定期复核中', en: 'Periodic review under way' },
  confirmed: { zh: '复核通过，保留称号', en: 'Confirmed: the title stands' },
  countersigning: { zh: '撤销称号提议会签中', en: 'Revocation being countersigned' },
  revising: { zh: '有异议，待商务部复核', en: 'Objected to: MOFCOM reviews the proposal' },
  revoked: { zh: '已撤销示范称号', en: 'Title revoked' },
  dropped: { zh: '撤销提议已撤回', en: 'Revocation dropped' },
} as const;
export type TitleReviewStatus = keyof typeof TITLE_REVIEW_STATUSES;

/** What a periodic review's "revoke" proposes. */
export const REVIEW_REVOCATION_GROUNDS: TitleRevocationGround[] = ['review_failed'];

/** MOFCOM's time for a periodic review once it opens (its chain only tells: silence keeps the title). */
export const TITLE_REVIEW_DAYS = 30;
