// The application forms of the notice: Annex 1, the city pilot plan (城市试点方案), for cities and
// FTZs; Annex 2, the enterprise application form (试点企业申报表), for enterprises. A draft may
// be incomplete; a submission must be complete (notice §四(一)–(二)).
import { z } from 'zod';
import { annexFor, type ApplicantKind } from './applicants';
import { fieldErrorsFromZod, type FieldError } from './errors';

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

export const annex1Schema = z.strictObject({
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
});

export const annex2Schema = z.strictObject({
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
});

export type Annex1 = z.infer<typeof annex1Schema>;
export type Annex2 = z.infer<typeof annex2Schema>;

export type AnnexValidation = { ok: true; annex: Record<string, unknown> } | { ok: false; fields: FieldError[] };

/** A draft may omit fields but what it has must be well-formed; a submission must be complete. */
export function validateAnnex(kind: ApplicantKind, annex: unknown, mode: 'draft' | 'submit'): AnnexValidation {
  const full = annexFor(kind) === 1 ? annex1Schema : annex2Schema;
  const schema = mode === 'draft' ? full.partial() : full;
  const result = schema.safeParse(annex);
  if (result.success) return { ok: true, annex: result.data };
  return { ok: false, fields: fieldErrorsFromZod(result.error.issues, ['annex']) };
}
