// How the paper names things: each form's title as the notice names it (§四(一)), each annex field
// by the label it has on the form of its version (as the workspace shows it), each task and each
// choice by the notice's wording. A field without a label here is still printed, under its key.
import {
  CIRCULATION_NODE_LEVELS,
  CITY_TASKS,
  declarationTableFields,
  ENTERPRISE_TASKS,
  type AnnexVersion,
} from '../domain/annex';
import { annexFor, type ApplicantKind } from '../domain/applicants';

export const ANNEX_TITLES = {
  1: '供应链创新与应用城市试点方案',
  2: '供应链创新与应用试点企业申报表',
  3: '申报供应链创新与应用试点单位汇总表',
} as const;

const CONTACT = { contactName: '联系人', contactPhone: '联系电话', contactEmail: '电子邮箱' };

/** The pilot forms' fields in the forms' order, with their Chinese labels: [annex][version]. */
export const ANNEX_FIELD_LABELS: Record<1 | 2, Record<1 | 2, Record<string, string>>> = {
  1: {
    1: {
      cityName: '城市名称',
      industrialBase: '产业基础',
      keyIndustries: '重点产业集群及其影响力',
      infrastructure: '供应链软硬基础设施与信息技术应用',
      chosenTasks: '试点任务',
      approach: '总体思路',
      targets: '目标任务',
      content: '试点内容',
      safeguards: '保障措施',
      ...CONTACT,
    },
    2: {
      cityName: '城市名称',
      gdpYiCny: '地区生产总值（亿元）',
      keyIndustryClusters: '重点产业集群（个）',
      nationalInfluenceClusters: '其中在全国具有较强影响和带动能力的（个）',
      completeSupportingIndustries: '拥有比较完善的产业配套体系',
      keyIndustries: '重点产业集群及其影响力',
      circulationNode: '流通节点城市级别',
      publicServicePlatform: '建有供应链公共服务平台',
      eCommerceYiCny: '电子商务交易额（亿元）',
      infrastructure: '供应链软硬基础设施与信息技术应用',
      chosenTasks: '试点任务',
      approach: '总体思路',
      targets: '目标任务',
      content: '试点内容',
      safeguards: '保障措施',
      ...CONTACT,
    },
  },
  2: {
    1: {
      legalName: '企业名称',
      creditCode: '统一社会信用代码',
      legalRepresentative: '法定代表人',
      industry: '所属行业',
      registeredCapitalWanCny: '注册资本（万元）',
      employees: '职工人数',
      independentLegalPerson: '具有独立法人资格',
      managementSystem: '供应链管理制度',
      talent: '供应链人才',
      platform: '供应链平台',
      chosenTasks: '试点任务',
      targets: '目标任务',
      measures: '主要措施',
      ...CONTACT,
    },
    2: {
      legalName: '企业名称',
      creditCode: '统一社会信用代码',
      legalRepresentative: '法定代表人',
      industry: '所属行业',
      registeredCapitalWanCny: '注册资本（万元）',
      employees: '职工人数',
      mainBusinessRevenueWanCny: '主营业务收入（万元）',
      supplyChainPartners: '供应链上下游合作企业（家）',
      independentLegalPerson: '具有独立法人资格',
      supplyChainCapability: '供应链管理能力',
      managementSystem: '供应链管理制度',
      talent: '供应链人才',
      supplyChainStaff: '供应链专业人才（人）',
      platform: '供应链平台',
      industryInfluence: '行业影响',
      demonstration: '示范带动',
      chosenTasks: '试点任务',
      targets: '目标任务',
      measures: '主要措施',
      ...CONTACT,
    },
  },
};

/** A choice's wording, for the fields whose answer is one of a list. */
export function choiceLabel(key: string, code: unknown): string | undefined {
  if (key === 'circulationNode') return CIRCULATION_NODE_LEVELS.find((l) => l.code === code)?.zh;
  return undefined;
}

/** A chosen task's wording in the notice (§二 for cities, §三 for enterprises); an unknown code as it is. */
export function taskLabel(kind: ApplicantKind, code: string): string {
  const tasks: readonly { code: string; zh: string }[] = annexFor(kind) === 1 ? CITY_TASKS : ENTERPRISE_TASKS;
  return tasks.find((t) => t.code === code)?.zh ?? code;
}

/** The 申报书's 申报表 (version 3): its fields under their version-2 labels. */
export function declarationTableLabels(kind: ApplicantKind): Record<string, string> {
  const labels = ANNEX_FIELD_LABELS[annexFor(kind)][2];
  return Object.fromEntries(declarationTableFields(kind).map((key) => [key, labels[key]]));
}

/** The annex's fields in its version's order, then any field that form does not list, each with its label. */
export function labelledFields(
  kind: ApplicantKind,
  annex: Record<string, unknown>,
  version: AnnexVersion = 1,
): { key: string; label: string; value: unknown }[] {
  const labels = version === 3 ? declarationTableLabels(kind) : ANNEX_FIELD_LABELS[annexFor(kind)][version];
  const known = Object.keys(labels).filter((key) => key in annex);
  const others = Object.keys(annex).filter((key) => !(key in labels));
  return [...known, ...others].map((key) => ({ key, label: labels[key] ?? key, value: annex[key] }));
}
