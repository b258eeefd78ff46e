// Why: an operator in the Temporal UI looks for a case by what the business calls it — the
// application's id, the applicant, the province, the round, the stage it is in — not by a workflow
// id. Every workflow of a case carries these as custom search attributes (a visibility query such
// as `PilotflowApplicationId = "…"` finds its application workflow and every child), and a memo
// with the same facts in words (zh/en) that the UI shows on the workflow's page. Pure: the API,
// the worker's registration and the workflows (workflows/caseTags.ts) all build them from here.
import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { PROVINCES } from '../domain/provinces';

export const APPLICATION_ID = defineSearchAttributeKey('PilotflowApplicationId', 'KEYWORD');
/** The organisation's name: a keyword (exact, or `STARTS_WITH`), as a text field's tokens help no Chinese name. */
export const APPLICANT = defineSearchAttributeKey('PilotflowApplicant', 'KEYWORD');
/** ISO 3166-2:CN code (GD, BJ, …); absent for a central enterprise, which declares to MOFCOM directly. */
export const PROVINCE = defineSearchAttributeKey('PilotflowProvince', 'KEYWORD');
export const ROUND = defineSearchAttributeKey('PilotflowRound', 'KEYWORD');
export const STAGE = defineSearchAttributeKey('PilotflowStage', 'KEYWORD');

/** What the server must know (registered by the dev server's start, the worker and the test harness). */
export const SEARCH_ATTRIBUTE_KEYS = [APPLICATION_ID, APPLICANT, PROVINCE, ROUND, STAGE] as const;

/** The stages a workflow of a case can be in, and how the memo says them. */
export const STAGES = {
  declaration: { zh: '申报', en: 'declaration' },
  provincialReview: { zh: '省级联合审核', en: 'provincial joint review' },
  recommendation: { zh: '省级择优推荐', en: 'provincial recommendation' },
  ministryReview: { zh: '国务院有关部门审核推荐', en: 'review by a State Council department' },
  expertReview: { zh: '专家评审', en: 'expert review' },
  selection: { zh: '确定试点', en: 'selection' },
  publicNotice: { zh: '公示', en: 'public notice' },
  pilot: { zh: '试点实施', en: 'pilot' },
  quarterlyReport: { zh: '季度报告', en: 'quarterly report' },
  quarterlyCompilation: { zh: '季度报告汇总', en: 'quarterly compilation' },
  evaluation: { zh: '评估', en: 'evaluation' },
  majorReport: { zh: '重大事项报告', en: 'major report' },
  removal: { zh: '取消试点资格会签', en: 'removal countersign' },
  titleReview: { zh: '示范称号动态管理', en: 'demonstration title review' },
  titleRevocation: { zh: '撤销示范称号会签', en: 'title revocation countersign' },
  // where an application's life ends
  rejected: { zh: '已驳回', en: 'rejected' },
  lapsed: { zh: '逾期未重新提交', en: 'lapsed' },
  notRecommended: { zh: '未获推荐', en: 'not recommended' },
  notSelected: { zh: '未入选', en: 'not selected' },
  completed: { zh: '试点完成', en: 'pilot completed' },
  removed: { zh: '已取消试点资格', en: 'pilot removed' },
  titled: { zh: '已认定示范', en: 'demonstration title awarded' },
  revoked: { zh: '示范称号已撤销', en: 'demonstration title revoked' },
} as const;

export type Stage = keyof typeof STAGES;

/** The business key of a case (or, for a round's own workflows, of the round and province). */
export interface CaseFacts {
  applicationId?: string;
  applicant?: string;
  /** null: a central enterprise */
  provinceCode?: string | null;
  roundId?: string;
}

/** The memo key under which the facts travel (a child's workflow reads its parent's from here). */
export const FACTS_MEMO_KEY = 'pilotflow';

export function caseSearchAttributes(facts: CaseFacts, stage: Stage): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [];
  if (facts.applicationId) pairs.push({ key: APPLICATION_ID, value: facts.applicationId });
  if (facts.applicant) pairs.push({ key: APPLICANT, value: facts.applicant });
  if (facts.provinceCode) pairs.push({ key: PROVINCE, value: facts.provinceCode });
  if (facts.roundId) pairs.push({ key: ROUND, value: facts.roundId });
  pairs.push({ key: STAGE, value: stage });
  return pairs;
}

/** The memo: the facts (with the stage) for code, and one line each in Chinese and English for people. */
export function caseMemo(facts: CaseFacts, stage: Stage): Record<string, unknown> {
  const province = facts.provinceCode ? PROVINCES.find((p) => p.code === facts.provinceCode) : undefined;
  const zh: string[] = [];
  const en: string[] = [];
  if (facts.applicationId) {
    zh.push(`申报 ${facts.applicationId}`);
    en.push(`Application ${facts.applicationId}`);
  }
  if (facts.applicant) {
    zh.push(`申报单位：${facts.applicant}`);
    en.push(`applicant: ${facts.applicant}`);
  }
  if (facts.provinceCode) {
    zh.push(`省份：${province?.nameZh ?? facts.provinceCode}`);
    en.push(`province: ${province?.nameEn ?? facts.provinceCode}`);
  } else if (facts.provinceCode === null) {
    zh.push('中央企业（直接向商务部申报）');
    en.push('central enterprise (declares to MOFCOM directly)');
  }
  if (facts.roundId) {
    zh.push(`轮次：${facts.roundId}`);
    en.push(`round: ${facts.roundId}`);
  }
  zh.push(`当前阶段：${STAGES[stage].zh}`);
  en.push(`stage: ${STAGES[stage].en}`);
  return { [FACTS_MEMO_KEY]: { ...facts, stage }, zh: zh.join('｜'), en: en.join(' | ') };
}

/** Start options (client or child) that tag a workflow with its case and stage. */
export function caseTagOptions(facts: CaseFacts, stage: Stage) {
  return { typedSearchAttributes: caseSearchAttributes(facts, stage), memo: caseMemo(facts, stage) };
}

/** The facts a workflow was started with (its memo), or none for one started untagged. */
export function factsOfMemo(memo: Record<string, unknown> | undefined): CaseFacts {
  const facts = memo?.[FACTS_MEMO_KEY];
  if (!facts || typeof facts !== 'object') return {};
  const { applicationId, applicant, provinceCode, roundId } = facts as Record<string, unknown>;
  return {
    ...(typeof applicationId === 'string' ? { applicationId } : {}),
    ...(typeof applicant === 'string' ? { applicant } : {}),
    ...(typeof provinceCode === 'string' || provinceCode === null ? { provinceCode } : {}),
    ...(typeof roundId === 'string' ? { roundId } : {}),
  };
}
