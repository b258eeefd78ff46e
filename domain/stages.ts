// Each stage whose work waits on someone, as one object: its name, who decides its tasks, the
// decisions it takes, which of them need a reason, its 退回 and 批量通过, the default rule at the end
// of its deadline chain and its default chain. Everything else reads the stage from here: the API's
// decision schemas and inbox, the officers' desk, the deadlines, mail, and the workflows' validators.
import type { Audience } from './notifications';
import type { FieldError } from './errors';

/** Who decides a task of the stage: any officer of its department (or whoever holds it), one person's seat (an expert's, the third-party evaluator's), or the applicant. */
export type DecidedBy = 'department' | 'expert' | 'applicant';

export interface EscalationLevel {
  /** days after the due time */
  afterDays: number;
  notify: Audience[];
}

export interface Chain<R extends string = string> {
  /** days before the due time that the reminder goes out; 0 for none */
  reminderDays: number;
  /** level 1 marks the task overdue; every level tells its audience */
  levels: EscalationLevel[];
  /** days after the due time that the default rule applies */
  defaultAfterDays: number;
  defaultRule: R;
}

export interface StageRules<R extends string = string> {
  names: { zh: string; en: string };
  decidedBy: DecidedBy;
  /** 会签: several departments decide in parallel, and one may withdraw its decision while the others still decide */
  countersign?: true;
  /** what a decision of the stage may be (the `decision` of POST /api/tasks/:id/decision) */
  decisions: readonly string[];
  /** the decisions refused without a reason, and what the refusal says */
  reasonRequired: readonly string[];
  reasonMessage?: FieldError['message'];
  /** 退回: the decision that sends the matter back a step — taken, counted and recorded like any other */
  returnDecision?: string;
  /** 批量通过: the decision a batch approval takes; absent where each decision needs content of its own */
  batchApprove?: string;
  /** what may happen to a task still open at the end of its chain */
  defaultRules: readonly R[];
  /** the chain a round gets unless it sets its own */
  deadlines: Chain<R>;
}

/** Remind two days ahead; at the due time tell the department (or expert); three days later its lead body, which may reassign. */
const chain = <R extends string>(defaultRule: R, lastDays = 10): Chain<R> => ({
  reminderDays: 2,
  levels: [
    { afterDays: 0, notify: ['department', 'assignee'] },
    { afterDays: 3, notify: ['lead'] },
  ],
  defaultAfterDays: lastDays,
  defaultRule,
});

const stage = <const R extends string>(rules: StageRules<R>) => rules;

/**
 * 省级联合审核: the seven parties decide in parallel; a reject or a return says why. A silent party
 * returns the application, so the province's review is never decided by silence.
 */
export const provincialReview = stage({
  names: { zh: '省级联合审核', en: 'provincial joint review' },
  decidedBy: 'department',
  countersign: true,
  decisions: ['approve', 'return', 'reject'],
  reasonRequired: ['return', 'reject'],
  reasonMessage: { zh: '退回或不通过必须说明理由', en: 'A reject or a return needs a reason' },
  returnDecision: 'return', // to the applicant, with the fixes the party asks for
  batchApprove: 'approve',
  defaultRules: ['return', 'approve', 'none'],
  deadlines: chain('return'),
});

/**
 * 择优推荐: the provincial commerce department ranks the applications its joint review approved
 * (cities and FTZs, enterprises, apart) and says why; due by the national deadline for reaching MOFCOM.
 */
export const recommendation = stage({
  names: { zh: '省级择优推荐', en: 'provincial recommendation' },
  decidedBy: 'department',
  decisions: ['recommend'],
  reasonRequired: ['recommend'],
  reasonMessage: { zh: '推荐须说明理由', en: 'A recommendation needs its reasons' },
  defaultRules: ['none'],
  deadlines: {
    reminderDays: 3,
    levels: [
      { afterDays: 0, notify: ['department'] },
      { afterDays: 1, notify: ['lead'] },
    ],
    defaultAfterDays: 1,
    defaultRule: 'none',
  },
});

/**
 * 会签 of the recommendation by the other six parties, as in the joint review: a return (with
 * reasons) sends it back to the commerce department to revise; a reject ends it, and the province
 * recommends none of it. A silent party is taken to consent, so the national deadline is not lost to silence.
 */
export const recommendationCountersign = stage({
  names: { zh: '推荐会签', en: 'countersign of the recommendation' },
  decidedBy: 'department',
  countersign: true,
  decisions: ['approve', 'return', 'reject'],
  reasonRequired: ['return', 'reject'],
  reasonMessage: { zh: '退回或不同意必须说明理由', en: 'A return or a reject needs a reason' },
  returnDecision: 'return', // to the commerce department, which revises the recommendation
  batchApprove: 'approve',
  defaultRules: ['approve', 'none'],
  deadlines: chain('approve', 3),
});

/**
 * 国务院有关部门推荐: a central enterprise that chose a State Council department's route is reviewed by
 * that department, which recommends it to MOFCOM, returns it to be revised, or rejects it (with reasons).
 */
export const ministryReview = stage({
  names: { zh: '国务院有关部门审核推荐', en: 'review by a State Council department' },
  decidedBy: 'department',
  decisions: ['recommend', 'return', 'reject'],
  reasonRequired: ['return', 'reject'],
  reasonMessage: { zh: '退回或不予推荐必须说明理由', en: 'A return or a reject needs a reason' },
  returnDecision: 'return', // to the enterprise, with what to fix
  defaultRules: ['none'],
  deadlines: chain('none'),
});

/** 专家评审: each seat scores or declines (with a reason); a silent expert is replaced. */
export const expertReview = stage({
  names: { zh: '专家评审', en: 'expert review' },
  decidedBy: 'expert',
  decisions: ['score', 'decline'],
  reasonRequired: ['decline'],
  reasonMessage: { zh: '谢绝评审须说明理由', en: 'Declining needs a reason' },
  defaultRules: ['replace', 'none'],
  deadlines: {
    reminderDays: 2,
    levels: [
      { afterDays: 0, notify: ['assignee'] },
      { afterDays: 1, notify: ['lead'] },
    ],
    defaultAfterDays: 3,
    defaultRule: 'replace',
  },
});

/**
 * 会签 of the pilot list by the eight bodies: an objection says why and sends the list back to
 * MOFCOM. A silent body is taken to consent (the list cannot wait on one body forever; the record says so).
 */
export const selectionCountersign = stage({
  names: { zh: '试点名单会签', en: 'countersign of the pilot list' },
  decidedBy: 'department',
  countersign: true,
  decisions: ['approve', 'object'],
  reasonRequired: ['object'],
  reasonMessage: { zh: '异议须说明理由', en: 'An objection needs a reason' },
  returnDecision: 'object', // to MOFCOM, which revises the list
  batchApprove: 'approve',
  defaultRules: ['approve', 'none'],
  deadlines: chain('approve'),
});

/** MOFCOM revises the list after an objection, saying what it changed and why. */
export const selectionRevision = stage({
  names: { zh: '试点名单修改', en: 'revision of the pilot list' },
  decidedBy: 'department',
  decisions: ['revise'],
  reasonRequired: ['revise'],
  reasonMessage: { zh: '修改须说明理由', en: 'A revision needs a reason' },
  defaultRules: ['none'],
  deadlines: chain('none'),
});

/** A province's commerce department sends its pilots' quarterly reports on; when silent, with the reports it holds. */
export const quarterlyCompilation = stage({
  names: { zh: '季度报告汇总', en: 'quarterly report compilation' },
  decidedBy: 'department',
  decisions: ['compile'],
  reasonRequired: [],
  defaultRules: ['submit', 'none'],
  deadlines: chain('submit'),
});

/** 评估定级: the eight bodies each grade a pilot's self-assessment; when some stay silent, the grades given decide. */
export const evaluation = stage({
  names: { zh: '评估定级', en: 'evaluation grading' },
  decidedBy: 'department',
  countersign: true,
  decisions: ['grade'],
  reasonRequired: [],
  defaultRules: ['close', 'none'],
  deadlines: chain('close'),
});

/**
 * 省级监督意见 (notice §五(一): provinces supervise and evaluate their pilots): the province's commerce
 * department gives its opinion on each of its pilots' evaluations before the bodies grade; if it stays
 * silent to the end of its chain, the bodies grade without it (on the record).
 */
export const evaluationOpinion = stage({
  names: { zh: '省级评估意见', en: "province's evaluation opinion" },
  decidedBy: 'department',
  decisions: ['opine'],
  reasonRequired: ['opine'],
  reasonMessage: { zh: '请填写对试点评估的意见', en: 'Write the opinion on the evaluation' },
  defaultRules: ['skip'],
  deadlines: chain('skip', 5),
});

/**
 * 第三方评估 (the programme record's 2019 third-party mid-term evaluation; notice §四(五)): the evaluating
 * organisation MOFCOM appointed for the round reports on a pilot's mid-term, with a proposed grade (and,
 * where the round sets indicators, a score per indicator), before the province's opinion and the bodies'
 * grading; silent to the end of its chain, the bodies grade without it (on the record).
 */
export const evaluationThirdParty = stage({
  names: { zh: '第三方评估', en: 'third-party evaluation' },
  decidedBy: 'expert',
  decisions: ['report'],
  reasonRequired: [],
  defaultRules: ['skip'],
  deadlines: chain('skip', 5),
});

/**
 * 取消试点资格: the eight bodies countersign MOFCOM's proposal to remove a pilot; an objection says why
 * and sends it back to MOFCOM. Silence is taken as no objection (逾期未反馈视为无意见), on the record.
 */
export const removalCountersign = stage({
  names: { zh: '取消试点资格会签', en: 'countersign of a pilot removal' },
  decidedBy: 'department',
  countersign: true,
  decisions: ['approve', 'object'],
  reasonRequired: ['object'],
  reasonMessage: { zh: '异议须说明理由', en: 'An objection needs a reason' },
  returnDecision: 'object', // to MOFCOM, which maintains or drops the proposal
  batchApprove: 'approve',
  defaultRules: ['approve', 'none'],
  deadlines: chain('approve'),
});

/** MOFCOM answers an objection to a removal: it maintains the proposal (countersigned again) or drops it, saying why. */
export const removalRevision = stage({
  names: { zh: '取消试点资格提议复核', en: 'review of a removal proposal' },
  decidedBy: 'department',
  decisions: ['maintain', 'drop'],
  reasonRequired: ['maintain', 'drop'],
  reasonMessage: { zh: '须说明理由', en: 'A reason is required' },
  defaultRules: ['none'],
  deadlines: chain('none'),
});

/**
 * 动态管理 of a demonstration title (domain/titleReview.ts): at each periodic review MOFCOM confirms the
 * title or proposes to revoke it, saying why. Silence decides nothing: the chain only tells.
 */
export const titleReview = stage({
  names: { zh: '示范称号定期复核', en: 'periodic review of a demonstration title' },
  decidedBy: 'department',
  decisions: ['confirm', 'revoke'],
  reasonRequired: ['confirm', 'revoke'],
  reasonMessage: { zh: '请填写复核意见', en: 'Write the review opinion' },
  defaultRules: ['none'],
  deadlines: chain('none'),
});

/** The eight bodies countersign a revocation of a title, as a pilot's removal (silence: no objection). */
export const titleRevocationCountersign = stage({
  ...removalCountersign,
  names: { zh: '撤销示范称号会签', en: 'countersign of a title revocation' },
});

/** MOFCOM answers an objection to a revocation: maintains it (countersigned again) or drops it. */
export const titleRevocationRevision = stage({
  ...removalRevision,
  names: { zh: '撤销示范称号提议复核', en: 'review of a revocation proposal' },
});

/** A pilot's quarterly report, by its applicant: counted missing a quarter late. */
export const quarterlyReport = stage({
  names: { zh: '季度报告', en: 'quarterly report' },
  decidedBy: 'applicant',
  decisions: [],
  reasonRequired: [],
  defaultRules: ['missing'],
  deadlines: {
    reminderDays: 7,
    levels: [
      { afterDays: 0, notify: ['applicant'] },
      { afterDays: 30, notify: ['applicant', 'provincialCommerce', 'lead'] },
    ],
    defaultAfterDays: 365.25 / 4,
    defaultRule: 'missing',
  },
});

export const STAGES = {
  provincialReview,
  recommendation,
  recommendationCountersign,
  ministryReview,
  expertReview,
  selectionCountersign,
  selectionRevision,
  evaluation,
  evaluationOpinion,
  evaluationThirdParty,
  removalCountersign,
  removalRevision,
  titleReview,
  titleRevocationCountersign,
  titleRevocationRevision,
  quarterlyCompilation,
  quarterlyReport,
};
export type StageCode = keyof typeof STAGES;
export const STAGE_CODES = Object.keys(STAGES) as StageCode[];

export const isStage = (code: string): code is StageCode => Object.hasOwn(STAGES, code);

/** The stages whose tasks wait on an officer or an expert (an officer's or expert's inbox holds them). */
export const TASK_STAGES = STAGE_CODES.filter((c) => STAGES[c].decidedBy !== 'applicant');

/** The stages whose tasks belong to a department (the desk: 签收/转办/委派/撤回); an expert's seat belongs to one person. */
export const DESK_STAGES: readonly string[] = STAGE_CODES.filter((c) => STAGES[c].decidedBy === 'department');

/**
 * 退回 at each stage that has one (provincial review: to the applicant; countersign: to MOFCOM):
 * one of the stage's decisions, so it is taken, counted and recorded like any other, and never
 * leaves a sibling task of a countersign open or decided twice.
 */
export const RETURN_DECISION: Partial<Record<string, string>> = Object.fromEntries(
  STAGE_CODES.flatMap((c) => {
    const rules: StageRules = STAGES[c];
    return rules.returnDecision ? [[c, rules.returnDecision]] : [];
  }),
);

/** The countersigns (会签), whose decisions may be withdrawn while the others still decide. */
export const COUNTERSIGN_STAGES: readonly string[] = STAGE_CODES.filter((c) => STAGES[c].countersign);

/** The stages whose tasks an officer may approve many at once (批量通过). */
export const BATCH_APPROVE_STAGES: readonly string[] = STAGE_CODES.filter((c) => STAGES[c].batchApprove !== undefined);

/** A stage's name in a language; the code itself for a stage without one. */
export const stageName = (code: string, lang: 'zh' | 'en') => (isStage(code) ? STAGES[code].names[lang] : code);

/**
 * Why a decision's kind or reason is refused at its stage: the field and what to say, or undefined.
 * The API's decision schemas and the stage workflows' validators both ask here.
 */
export function decisionRefusal(
  code: StageCode,
  decision: unknown,
  reason: string | undefined,
): FieldError | undefined {
  const rules: StageRules = STAGES[code];
  if (typeof decision !== 'string' || !rules.decisions.includes(decision)) {
    const list = rules.decisions.join(', ');
    return {
      field: 'decision',
      code: 'invalid_value',
      message: { zh: `应为 ${rules.decisions.join('、')} 之一`, en: `Must be one of ${list}` },
    };
  }
  if (rules.reasonRequired.includes(decision) && !reason?.trim())
    return {
      field: 'reason',
      code: 'required',
      message: rules.reasonMessage ?? { zh: '须说明理由', en: 'A reason is required' },
    };
  return undefined;
}
