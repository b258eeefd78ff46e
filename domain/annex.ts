// The application forms of the notice: Annex 1, the city pilot plan (城市试点方案), for cities and
// FTZs; Annex 2, the enterprise application form (试点企业申报表), for enterprises. A draft may
// be incomplete; a submission must be complete (notice §四(一)–(二)). Each form has versions, and a
// round's rules say which one its applications fill in (RoundConfig.annexVersion). Version 3 is a
// demonstration round's 申报书 (the 2023 round's: 申报表 + 正文 + 评价指标自评), shaped by the round's rubric.
import { z } from 'zod';
import { annexFor, type ApplicantKind } from './applicants';
import { fieldErrorsFromZod, type FieldError } from './errors';
import type { RubricCriterion } from './round';

/** Notice §二: the six key tasks of pilot cities. */
export const CITY_TASKS = [
  {
    code: 'INDUSTRY_SUPPLY_CHAIN',
    zh: '推动完善重点产业供应链体系（农业、工业、流通）',
    en: 'Industry supply-chain systems (agriculture, industry, circulation)',
  },
  {
    code: 'SUPPLY_CHAIN_FINANCE',
    zh: '规范发展供应链金融服务实体经济',
    en: 'Supply-chain finance serving the real economy',
  },
  { code: 'GLOBAL_SUPPLY_CHAIN', zh: '融入全球供应链', en: 'Integration into global supply chains' },
  { code: 'GREEN_SUPPLY_CHAIN', zh: '发展全过程全环节的绿色供应链体系', en: 'Green supply chains' },
  { code: 'QUALITY', zh: '构建优质高效的供应链质量促进体系', en: 'Supply-chain quality' },
  { code: 'GOVERNANCE', zh: '探索供应链政府公共服务和治理新模式', en: 'Government public service and governance' },
] as const;

/** Notice §三: the five key tasks of pilot enterprises. */
export const ENTERPRISE_TASKS = [
  { code: 'MANAGEMENT_COORDINATION', zh: '提高供应链管理和协同水平', en: 'Supply-chain management and coordination' },
  { code: 'TECH_MODEL_INNOVATION', zh: '加强供应链技术和模式创新', en: 'Technology and model innovation' },
  { code: 'PLATFORMS', zh: '建设和完善各类供应链平台', en: 'Supply-chain platforms' },
  { code: 'SUPPLY_CHAIN_FINANCE', zh: '规范开展供应链金融业务', en: 'Supply-chain finance' },
  { code: 'GREEN_SUPPLY_CHAIN', zh: '积极倡导供应链全程绿色化', en: 'Green supply chains' },
] as const;

const cityTaskCodes = CITY_TASKS.map((t) => t.code) as [string, ...string[]];
const enterpriseTaskCodes = ENTERPRISE_TASKS.map((t) => t.code) as [string, ...string[]];

const text = (max: number) => z.string().trim().min(1).max(max);
const tasks = (codes: [string, ...string[]]) =>
  z
    .array(z.enum(codes))
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: 'duplicate_task' });

const contact = {
  contactName: text(50),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{7,20}$/, { message: 'phone_format' }),
  contactEmail: z.email(),
};

/** Annex 1 as the workspace first had it (version 1): the city's eligibility in three free texts. */
const city1 = {
  cityName: text(100),
  industrialBase: text(5000), // 产业基础
  keyIndustries: text(5000), // 重点产业集群及其影响力
  infrastructure: text(5000), // 供应链软硬基础设施与信息技术应用
  chosenTasks: tasks(cityTaskCodes),
  approach: text(20000), // 总体思路
  targets: text(20000), // 目标任务
  content: text(20000), // 试点内容
  safeguards: text(20000), // 保障措施
  ...contact,
};

/** Annex 2 as the workspace first had it (version 1). */
const enterprise1 = {
  legalName: text(200),
  // 统一社会信用代码 (GB 32100-2015): 18 characters without I, O, S, V, Z.
  creditCode: z
    .string()
    .trim()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { message: 'credit_code_format' }),
  legalRepresentative: text(50),
  industry: text(200),
  registeredCapitalWanCny: z.number().nonnegative().max(1e12),
  employees: z.number().int().min(1).max(10_000_000),
  // Eligibility (notice §四(一)): an applicant enterprise must be an independent legal person.
  independentLegalPerson: z.literal(true),
  managementSystem: text(5000), // 供应链管理制度
  talent: text(5000), // 供应链人才
  platform: text(5000), // 业内有较大影响的供应链平台
  chosenTasks: tasks(enterpriseTaskCodes),
  targets: text(20000),
  measures: text(20000),
  ...contact,
};

/**
 * A city's level in MOFCOM's 全国流通节点城市布局规划（2015—2020年）: the notice's "较好的供应链发展
 * 软硬基础设施" as a fact a reviewer can check.
 */
export const CIRCULATION_NODE_LEVELS = [
  { code: 'national', zh: '国家级流通节点城市', en: 'National circulation node' },
  { code: 'regional', zh: '区域级流通节点城市', en: 'Regional circulation node' },
  { code: 'local', zh: '地区级流通节点城市', en: 'Local circulation node' },
  { code: 'none', zh: '非流通节点城市', en: 'Not a circulation node' },
] as const;

const amount = z.number().nonnegative().max(1e12);
const count = z.number().int().min(0).max(10_000_000);

/**
 * Annex 1, version 2: the eligibility of §四(一) ("较好的产业基础，重点产业集群在全国具有较强的影响和
 * 带动能力，拥有比较完善的产业配套体系；具有较好的供应链发展软硬基础设施，现代信息技术应用规模较大")
 * as figures and answers, each narrative the notice asks for kept as text (§四(二)).
 */
const city2 = {
  cityName: city1.cityName,
  gdpYiCny: amount, // 产业基础: 地区生产总值（亿元）
  keyIndustryClusters: count, // 重点产业集群（个）
  nationalInfluenceClusters: count, // 其中在全国具有较强影响和带动能力的（个）
  completeSupportingIndustries: z.boolean(), // 拥有比较完善的产业配套体系
  keyIndustries: city1.keyIndustries,
  circulationNode: z.enum(CIRCULATION_NODE_LEVELS.map((l) => l.code) as [string, ...string[]]),
  publicServicePlatform: z.boolean(), // 建有供应链公共服务平台 (软基础设施)
  eCommerceYiCny: amount, // 现代信息技术应用规模: 电子商务交易额（亿元）
  infrastructure: city1.infrastructure,
  chosenTasks: city1.chosenTasks,
  approach: city1.approach,
  targets: city1.targets,
  content: city1.content,
  safeguards: city1.safeguards,
  ...contact,
};

/**
 * Annex 2, version 2: §四(一)'s "具有较高的供应链管理能力 … 对行业发展具有重要影响和示范带动作用" as
 * fields of their own, and the key figures as numbers.
 */
const enterprise2 = {
  legalName: enterprise1.legalName,
  creditCode: enterprise1.creditCode,
  legalRepresentative: enterprise1.legalRepresentative,
  industry: enterprise1.industry,
  registeredCapitalWanCny: enterprise1.registeredCapitalWanCny,
  employees: enterprise1.employees,
  mainBusinessRevenueWanCny: amount, // 主营业务收入（万元）
  supplyChainPartners: count, // 供应链上下游合作企业（家）
  independentLegalPerson: enterprise1.independentLegalPerson,
  supplyChainCapability: text(5000), // 供应链管理能力
  managementSystem: enterprise1.managementSystem,
  talent: enterprise1.talent,
  supplyChainStaff: count, // 供应链专业人才（人）
  platform: enterprise1.platform,
  industryInfluence: text(5000), // 行业影响
  demonstration: text(5000), // 示范带动
  chosenTasks: enterprise1.chosenTasks,
  targets: enterprise1.targets,
  measures: enterprise1.measures,
  ...contact,
};

export const annex1Schema = z.strictObject(city1);
export const annex2Schema = z.strictObject(enterprise1);
export const annex1V2Schema = z.strictObject(city2);
export const annex2V2Schema = z.strictObject(enterprise2);

export type Annex1 = z.infer<typeof annex1Schema>;
export type Annex2 = z.infer<typeof annex2Schema>;

/** The forms' versions: 1 as the workspace first had them, 2 as the notice's §四(一)(二) asks, 3 the 申报书. */
export type AnnexVersion = 1 | 2 | 3;
/** The newest form of a pilot round (a demonstration round's: 3, usecases/rounds.ts). */
export const LATEST_ANNEX_VERSION = 2;

/** Each pilot form's schema per version: [annex number][version]. */
export const ANNEX_SCHEMAS = {
  1: { 1: annex1Schema, 2: annex1V2Schema },
  2: { 1: annex2Schema, 2: annex2V2Schema },
} as const;

/** The 申报书's 正文 (2023 round), in its order: each section required, within its length. */
export const DECLARATION_SECTIONS = [
  { code: 'basics', zh: '基本情况', en: 'Basic situation', max: 5000 },
  { code: 'practices', zh: '主要做法与成效', en: 'Main practices and results', max: 20000 },
  { code: 'goals', zh: '示范创建目标与举措', en: 'Demonstration goals and measures', max: 20000 },
] as const;

/** A self-assessment's basis (自评依据): a short text. */
export const SELF_ASSESSMENT_BASIS_MAX = 1000;

/**
 * The 申报书's 申报表: version 2's facts of the applicant (figures, answers, registration, contact);
 * its plan for pilot tasks and its narratives give way to the 正文.
 */
const DECLARATION_TABLES = {
  1: (({ keyIndustries, infrastructure, chosenTasks, approach, targets, content, safeguards, ...facts }) => facts)(
    city2,
  ),
  2: (({
    supplyChainCapability,
    managementSystem,
    talent,
    platform,
    industryInfluence,
    demonstration,
    chosenTasks,
    targets,
    measures,
    ...facts
  }) => facts)(enterprise2),
};

/** The 申报表's fields of an applicant of this kind, in the form's order. */
export const declarationTableFields = (kind: ApplicantKind): string[] =>
  Object.keys(DECLARATION_TABLES[annexFor(kind)]);

/**
 * The 申报书 (version 3) as a schema over the round's indicators. A draft may leave out anything; a
 * submission needs every field, and names each missing one (an absent section or indicator is
 * checked as empty, so its fields are named rather than the whole).
 */
export function declarationSchema(
  kind: ApplicantKind,
  indicators: readonly RubricCriterion[],
  mode: 'draft' | 'submit',
) {
  const needed = <T extends z.ZodType>(schema: T) => (mode === 'draft' ? schema.optional() : schema);
  const group = <T extends z.ZodObject>(schema: T) =>
    mode === 'draft' ? schema.optional() : schema.prefault({} as z.input<T>);
  const table = z.strictObject(DECLARATION_TABLES[annexFor(kind)]);
  const sections = z.strictObject(
    Object.fromEntries(DECLARATION_SECTIONS.map((s) => [s.code, needed(text(s.max))])) as Record<string, z.ZodType>,
  );
  const assessment = z.strictObject({
    score: needed(z.number().min(0).max(100)),
    basis: needed(text(SELF_ASSESSMENT_BASIS_MAX)),
  });
  const selfAssessment = z.strictObject(
    Object.fromEntries(indicators.map((i) => [i.code, group(assessment)])) as Record<string, z.ZodType>,
  );
  return (mode === 'draft' ? table.partial() : table).extend({
    sections: group(sections),
    selfAssessment: group(selfAssessment),
  });
}

/** The 申报书 as the OpenAPI document describes it: its sections and indicators are the round's. */
export const declarationOpenApiSchema = z
  .strictObject({
    ...z.strictObject(DECLARATION_TABLES[1]).partial().shape,
    ...z.strictObject(DECLARATION_TABLES[2]).partial().shape,
    sections: z.record(z.string(), z.string()).optional(),
    selfAssessment: z
      .record(z.string(), z.strictObject({ score: z.number().optional(), basis: z.string().optional() }))
      .optional(),
  })
  .describe(
    'The 申报书 (annexVersion 3): the 申报表 of its kind, sections by code, a self-assessment per indicator code',
  );

/** The form a round's applications fill in: its version and, for the 申报书, the indicators they assess. */
export interface AnnexForm {
  version: AnnexVersion;
  indicators: readonly RubricCriterion[];
}

/** The forms' version a round's rules ask for; rounds from before versions: 1. */
export function annexVersionOf(config: unknown): AnnexVersion {
  const version =
    config && typeof config === 'object' ? (config as { annexVersion?: unknown }).annexVersion : undefined;
  return version === 2 || version === 3 ? version : 1;
}

/** The form of a round's rules: its version and its rubric (the indicators of a 申报书). */
export function annexFormOf(config: unknown): AnnexForm {
  const rubric = config && typeof config === 'object' ? (config as { rubric?: unknown }).rubric : undefined;
  return { version: annexVersionOf(config), indicators: Array.isArray(rubric) ? (rubric as RubricCriterion[]) : [] };
}

export type AnnexValidation = { ok: true; annex: Record<string, unknown> } | { ok: false; fields: FieldError[] };

/** Of a city's clusters, those of national influence are a part (checked beside other faults too: so on any value). */
const clustersWithinTotal = (annex: unknown) =>
  !(
    annex &&
    typeof annex === 'object' &&
    'keyIndustryClusters' in annex &&
    'nationalInfluenceClusters' in annex &&
    typeof annex.keyIndustryClusters === 'number' &&
    typeof annex.nationalInfluenceClusters === 'number' &&
    annex.nationalInfluenceClusters > annex.keyIndustryClusters
  );
const clustersMessage = {
  path: ['nationalInfluenceClusters'],
  message: 'clusters_within_total',
  params: { zh: '不能多于重点产业集群总数', en: 'Cannot exceed the number of key industry clusters' },
  // said beside the other fields' messages, not only once they are right
  when: () => true,
};

/**
 * A draft may omit fields but what it has must be well-formed; a submission must be complete. The
 * 申报书 (version 3) takes the round's indicators; the pilot forms have none.
 */
export function validateAnnex(
  kind: ApplicantKind,
  annex: unknown,
  mode: 'draft' | 'submit',
  version: AnnexVersion = 1,
  indicators: readonly RubricCriterion[] = [],
): AnnexValidation {
  const full: z.ZodObject =
    version === 3 ? declarationSchema(kind, indicators, mode) : ANNEX_SCHEMAS[annexFor(kind)][version];
  const schema = (mode === 'draft' && version !== 3 ? full.partial() : full).refine(
    clustersWithinTotal,
    clustersMessage,
  );
  const result = schema.safeParse(annex);
  if (result.success) return { ok: true, annex: result.data };
  return { ok: false, fields: fieldErrorsFromZod(result.error.issues, ['annex']) };
}
