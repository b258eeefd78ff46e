// 取消试点资格 (dynamic management of pilots): the 2018 notice itself provides no removal; the programme's
// public record does (MOFCOM removed eight pilot enterprises in March 2020, and the later rounds' rules
// manage titles dynamically). Why MOFCOM may propose removing a pilot.
// The eight bodies countersign the proposal; an objection sends it back to MOFCOM (workflows/removal.ts).

export const REMOVAL_GROUNDS = {
  evaluation_failed: { zh: '评估不合格', en: 'Failed an evaluation' },
  evaluation_missing: { zh: '未按要求参加评估', en: 'Did not take part in an evaluation' },
  major_problem: { zh: '发生重大问题', en: 'A major problem was reported' },
  dissolved: { zh: '企业注销或主体资格灭失', en: 'The enterprise was dissolved or lost its legal standing' },
  by_request: { zh: '本单位申请退出', en: 'Withdrawal at its own request' },
} as const;

export type RemovalGround = keyof typeof REMOVAL_GROUNDS;
export const REMOVAL_GROUND_CODES = Object.keys(REMOVAL_GROUNDS) as RemovalGround[];

/** What the automatic proposal after a mid-term "fail" says (RoundConfig.removal.proposeOnMidtermFail). */
export const MIDTERM_FAIL_PROPOSAL = {
  grounds: ['evaluation_failed'] as RemovalGround[],
  reason:
    '中期评估结果为不合格，依规提议取消试点资格 / The mid-term evaluation graded the pilot "fail": removal is proposed',
};

/** A removal's state, as the pilot page and the audit record read it. */
export const REMOVAL_STATUSES = {
  countersigning: { zh: '会签中', en: 'Being countersigned' },
  revising: { zh: '有异议，待商务部复核', en: 'Objected to: MOFCOM reviews the proposal' },
  removed: { zh: '已取消试点资格', en: 'Pilot removed' },
  dropped: { zh: '提议已撤回', en: 'Proposal dropped' },
} as const;
export type RemovalStatus = keyof typeof REMOVAL_STATUSES;

/** The default rounds' removal rules when a round from before them has none. */
export const DEFAULT_REMOVAL = { countersignDays: 10, proposeOnMidtermFail: true };
