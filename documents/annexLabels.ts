// How the paper names things: each form's title as the notice names it (§四(一)), each annex field
// by the label it has on the form (as the workspace shows it), each task by the notice's wording.
// A field without a label here (one a later schema adds) is still printed, under its key.
import { CITY_TASKS, ENTERPRISE_TASKS } from '../domain/annex';
import { annexFor, type ApplicantKind } from '../domain/applicants';

export const ANNEX_TITLES = {
  1: '供应链创新与应用城市试点方案',
  2: '供应链创新与应用试点企业申报表',
  3: '申报供应链创新与应用试点单位汇总表',
} as const;

/** The forms' fields in the forms' order, with their Chinese labels. */
export const ANNEX_FIELD_LABELS: Record<1 | 2, Record<string, string>> = {
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
    contactName: '联系人',
    contactPhone: '联系电话',
    contactEmail: '电子邮箱',
  },
  2: {
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
    contactName: '联系人',
    contactPhone: '联系电话',
    contactEmail: '电子邮箱',
  },
};

/** A chosen task's wording in the notice (§二 for cities, §三 for enterprises); an unknown code as it is. */
export function taskLabel(kind: ApplicantKind, code: string): string {
  const tasks: readonly { code: string; zh: string }[] = annexFor(kind) === 1 ? CITY_TASKS : ENTERPRISE_TASKS;
  return tasks.find((t) => t.code === code)?.zh ?? code;
}

/** The annex's fields in the form's order, then any field the form does not list, each with its label. */
export function labelledFields(
  kind: ApplicantKind,
  annex: Record<string, unknown>,
): { key: string; label: string; value: unknown }[] {
  const labels = ANNEX_FIELD_LABELS[annexFor(kind)];
  const known = Object.keys(labels).filter((key) => key in annex);
  const others = Object.keys(annex).filter((key) => !(key in labels));
  return [...known, ...others].map((key) => ({ key, label: labels[key] ?? key, value: annex[key] }));
}
