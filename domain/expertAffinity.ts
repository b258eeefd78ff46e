// How well an expert's declared fields (Expert.fields, free text in Chinese or English, e.g.
// "supply-chain finance", "绿色供应链") fit an application, for the batch assignment
// (domain/expertAssignment.ts), which maximises the sum of these numbers over all panels.
//
// Affinity rule, an integer ≥ 0:
//   + 2 for each task the applicant chose (Annex 1: one of the six city tasks of notice §二;
//       Annex 2: one of the five enterprise tasks of §三) that one of the expert's fields names;
//   + 1 for each industry sector that both one of the expert's fields and the applicant's own
//       description of its industry name (Annex 2 `industry`; Annex 1 `industrialBase` and
//       `keyIndustries`).
// The chosen tasks weigh double because they are what the plan is scored on (rubric "PLAN"); the
// industry only tells whether the expert knows the applicant's trade. A field "names" a task or
// sector when it contains one of its keywords below (lower-cased English stems, Chinese terms).
import type { CITY_TASKS, ENTERPRISE_TASKS } from './annex';

type TaskCode = (typeof CITY_TASKS)[number]['code'] | (typeof ENTERPRISE_TASKS)[number]['code'];

export const TASK_WEIGHT = 2;
export const SECTOR_WEIGHT = 1;

const TASK_KEYWORDS: Record<TaskCode, readonly string[]> = {
  INDUSTRY_SUPPLY_CHAIN: [
    'industr',
    'manufactur',
    'agricultur',
    'circulation',
    'logistic',
    '产业',
    '工业',
    '制造',
    '农业',
    '流通',
    '物流',
  ],
  SUPPLY_CHAIN_FINANCE: ['financ', 'banking', 'credit', '金融', '融资', '银行', '信贷'],
  GLOBAL_SUPPLY_CHAIN: [
    'global',
    'international',
    'cross-border',
    'foreign trade',
    'export',
    '全球',
    '国际',
    '跨境',
    '外贸',
    '进出口',
  ],
  GREEN_SUPPLY_CHAIN: [
    'green',
    'environment',
    'recycl',
    'circular',
    'carbon',
    '绿色',
    '环保',
    '环境',
    '回收',
    '循环',
    '低碳',
  ],
  QUALITY: ['quality', 'standard', 'traceab', '质量', '标准', '追溯'],
  GOVERNANCE: ['governance', 'public service', 'policy', 'regulat', '治理', '公共服务', '政策', '监管'],
  MANAGEMENT_COORDINATION: ['management', 'coordinat', 'collaborat', '管理', '协同'],
  TECH_MODEL_INNOVATION: ['technolog', 'innovation', 'digital', 'information', '技术', '创新', '数字', '信息'],
  PLATFORMS: ['platform', '平台'],
};

/** Industry sectors an applicant may describe itself by, and an expert may know. */
const SECTOR_KEYWORDS: Record<string, readonly string[]> = {
  manufacturing: [
    'manufactur',
    'automo',
    'electronic',
    'machinery',
    'equipment',
    '制造',
    '汽车',
    '电子',
    '机械',
    '装备',
  ],
  agriculture: ['agricultur', 'farm', 'food', '农', '食品'],
  logistics: ['logistic', 'transport', 'warehous', 'shipping', 'seaport', '物流', '运输', '仓储', '港口', '航运'],
  commerce: ['retail', 'wholesale', 'e-commerce', 'trade', '零售', '批发', '电商', '商贸', '贸易'],
  energy: ['energy', 'chemical', 'petro', '能源', '化工', '石化', '石油'],
  health: ['pharma', 'medic', 'health', '医药', '医疗'],
  textiles: ['textile', 'apparel', 'garment', '纺织', '服装'],
  supplyChainServices: ['supply chain', 'supply-chain', '供应链'],
};

/** What of an application the affinity looks at. */
export interface ApplicationProfile {
  tasks: readonly string[];
  industry: string;
}

/** The profile of an Annex 1 or Annex 2 (a partial or odd annex gives an empty profile, not an error). */
export function profileOf(annex: unknown): ApplicationProfile {
  const a = (annex ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof a[key] === 'string' ? (a[key] as string) : '');
  return {
    tasks: Array.isArray(a.chosenTasks) ? a.chosenTasks.filter((t): t is string => typeof t === 'string') : [],
    industry: [text('industry'), text('industrialBase'), text('keyIndustries')].filter(Boolean).join(' '),
  };
}

const names = (text: string, keywords: readonly string[]) => {
  const lower = text.toLowerCase();
  return keywords.some((k) => lower.includes(k));
};

export function affinity(fields: readonly string[], profile: ApplicationProfile): number {
  const anyField = (keywords: readonly string[]) => fields.some((f) => names(f, keywords));
  let score = 0;
  for (const task of profile.tasks) {
    const keywords = TASK_KEYWORDS[task as TaskCode];
    if (keywords && anyField(keywords)) score += TASK_WEIGHT;
  }
  for (const keywords of Object.values(SECTOR_KEYWORDS)) {
    if (anyField(keywords) && names(profile.industry, keywords)) score += SECTOR_WEIGHT;
  }
  return score;
}
