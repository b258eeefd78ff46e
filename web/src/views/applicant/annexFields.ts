// The fields of the notice's forms, in the form's order: Annex 1 (城市试点方案) for cities and FTZs,
// Annex 2 (试点企业申报表) for enterprises (domain/annex.ts), in each version a round may ask for
// (the application's annexVersion: 1 as the workspace first had them, 2 as the notice's §四 asks),
// and a demonstration round's 申报书 (version 3: 申报表, 正文 sections, a self-assessment per indicator
// of the round's rubric; a nested field's key is its path, "selfAssessment.GREEN.score").
// Every field is required on submission (the schemas have no optional field); a draft may leave any
// empty. Labels: messages.ts, or the field's own name (a section's, an indicator's).
export type FieldType = 'text' | 'area' | 'number' | 'email' | 'bool' | 'yesno' | 'choice' | 'tasks';
export type AnnexVersion = 1 | 2 | 3;
export interface Named {
  code: string;
  zh: string;
  en: string;
}
/** an indicator of the round's rubric (GET /api/applications/{id} indicators) */
export interface Indicator extends Named {
  weight: number;
}
/** a section of the 申报书's 正文 (GET /api/reference declarationSections) */
export interface DeclarationSection extends Named {
  max: number;
}
export interface AnnexField {
  key: string;
  type: FieldType;
  /** a 'choice' field's answers (labels: messages.ts applicant.choices) */
  options?: readonly string[];
  /** the 申报书's part it is in (its heading goes before the part's first field) */
  part?: 'table' | 'sections' | 'selfAssessment';
  /** a section or an indicator the field is of: its name is the label */
  of?: Named & { weight?: number };
  /** the longest text it takes */
  max?: number;
}

const f = (key: string, type: FieldType, options?: readonly string[]): AnnexField => ({ key, type, options });
const CONTACT = [f('contactName', 'text'), f('contactPhone', 'text'), f('contactEmail', 'email')];
/** domain/annex.ts CIRCULATION_NODE_LEVELS */
const CIRCULATION_NODE_LEVELS = ['national', 'regional', 'local', 'none'] as const;

const PLAN = [f('chosenTasks', 'tasks'), f('approach', 'area'), f('targets', 'area'), f('content', 'area')];
const ANNEX_1_V1 = [
  f('cityName', 'text'),
  f('industrialBase', 'area'),
  f('keyIndustries', 'area'),
  f('infrastructure', 'area'),
  ...PLAN,
  f('safeguards', 'area'),
  ...CONTACT,
];
const ANNEX_1_V2 = [
  f('cityName', 'text'),
  f('gdpYiCny', 'number'),
  f('keyIndustryClusters', 'number'),
  f('nationalInfluenceClusters', 'number'),
  f('completeSupportingIndustries', 'yesno'),
  f('keyIndustries', 'area'),
  f('circulationNode', 'choice', CIRCULATION_NODE_LEVELS),
  f('publicServicePlatform', 'yesno'),
  f('eCommerceYiCny', 'number'),
  f('infrastructure', 'area'),
  ...PLAN,
  f('safeguards', 'area'),
  ...CONTACT,
];
const REGISTRATION = [
  f('legalName', 'text'),
  f('creditCode', 'text'),
  f('legalRepresentative', 'text'),
  f('industry', 'text'),
  f('registeredCapitalWanCny', 'number'),
  f('employees', 'number'),
];
const MEASURES = [f('chosenTasks', 'tasks'), f('targets', 'area'), f('measures', 'area')];
const ANNEX_2_V1 = [
  ...REGISTRATION,
  f('independentLegalPerson', 'bool'),
  f('managementSystem', 'area'),
  f('talent', 'area'),
  f('platform', 'area'),
  ...MEASURES,
  ...CONTACT,
];
const ANNEX_2_V2 = [
  ...REGISTRATION,
  f('mainBusinessRevenueWanCny', 'number'),
  f('supplyChainPartners', 'number'),
  f('independentLegalPerson', 'bool'),
  f('supplyChainCapability', 'area'),
  f('managementSystem', 'area'),
  f('talent', 'area'),
  f('supplyChainStaff', 'number'),
  f('platform', 'area'),
  f('industryInfluence', 'area'),
  f('demonstration', 'area'),
  ...MEASURES,
  ...CONTACT,
];
const FIELDS: Record<1 | 2, Record<1 | 2, AnnexField[]>> = {
  1: { 1: ANNEX_1_V1, 2: ANNEX_1_V2 },
  2: { 1: ANNEX_2_V1, 2: ANNEX_2_V2 },
};
/** The 申报书's 申报表: version 2's facts of the applicant, its plan and narratives left to the 正文 (domain/annex.ts). */
const NARRATIVE = new Set(['chosenTasks', 'approach', 'targets', 'content', 'safeguards', 'measures']);
const DECLARATION_TABLE = {
  1: ANNEX_1_V2.filter((f) => f.type !== 'area' && !NARRATIVE.has(f.key)),
  2: ANNEX_2_V2.filter((f) => f.type !== 'area' && !NARRATIVE.has(f.key)),
};

/** 1 for cities and FTZs, 2 for enterprises (domain/applicants.ts annexFor). */
export const annexNumber = (kind: string): 1 | 2 => (kind === 'city' || kind === 'ftz' ? 1 : 2);

/** The 申报书's fields: the 申报表, each section of the 正文, a score and its basis per indicator. */
export function declarationFields(
  kind: string,
  indicators: readonly Indicator[],
  sections: readonly DeclarationSection[],
): AnnexField[] {
  return [
    ...DECLARATION_TABLE[annexNumber(kind)].map((f) => ({ ...f, part: 'table' as const })),
    ...sections.map((s) => ({
      key: `sections.${s.code}`,
      type: 'area' as const,
      part: 'sections' as const,
      of: s,
      max: s.max,
    })),
    ...indicators.flatMap((i) => [
      { key: `selfAssessment.${i.code}.score`, type: 'number' as const, part: 'selfAssessment' as const, of: i },
      {
        key: `selfAssessment.${i.code}.basis`,
        type: 'area' as const,
        part: 'selfAssessment' as const,
        of: i,
        max: 1000,
      },
    ]),
  ];
}

/** The form's fields in the version given (an application from before versions: 1; a 申报书 on its indicators). */
export const annexFields = (
  kind: string,
  version: AnnexVersion = 1,
  declaration: { indicators: readonly Indicator[]; sections: readonly DeclarationSection[] } = {
    indicators: [],
    sections: [],
  },
): AnnexField[] =>
  version === 3
    ? declarationFields(kind, declaration.indicators, declaration.sections)
    : FIELDS[annexNumber(kind)][version === 2 ? 2 : 1];

/** The value at a field's key (a path for a 申报书's nested fields). */
export const annexValue = (annex: Record<string, unknown>, key: string): unknown =>
  key
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), annex);

/** Values by key as the annex the API takes: a path's value nested under it. */
export function nestedAnnex(entries: [string, unknown][]): Record<string, unknown> {
  const annex: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const path = key.split('.');
    const last = path.pop()!;
    let at = annex;
    for (const k of path) at = (at[k] ??= {}) as Record<string, unknown>;
    at[last] = value;
  }
  return annex;
}

/** A field's key as an element id's part ("selfAssessment.GREEN.score" → "selfAssessment-GREEN-score"). */
export const domKey = (key: string) => key.replace(/\./g, '-');

/** A form value as the API takes it: trimmed text, numbers, empty left out (a draft may be partial). */
export function toApi(field: AnnexField, value: unknown): unknown {
  switch (field.type) {
    case 'tasks':
      return Array.isArray(value) && value.length ? value : undefined;
    case 'bool':
      return value === true ? true : undefined;
    case 'yesno':
      return typeof value === 'boolean' ? value : undefined;
    case 'choice':
      return value === '' || value === undefined || value === null ? undefined : value;
    case 'number': {
      // what is not a number goes as typed, for the server to refuse under the field
      const text = String(value ?? '').trim();
      return text === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;
    }
    default: {
      const text = String(value ?? '').trim();
      return text === '' ? undefined : text;
    }
  }
}

/** An annex value in the form's terms (numbers as text, so a half-typed number is kept as typed). */
export function toForm(field: AnnexField, value: unknown): unknown {
  switch (field.type) {
    case 'tasks':
      return Array.isArray(value) ? [...value] : [];
    case 'bool':
      return value === true;
    case 'yesno':
      return typeof value === 'boolean' ? value : undefined;
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

/** Whether two form values are the same answer. */
export const sameValue = (field: AnnexField, a: unknown, b: unknown) =>
  JSON.stringify(toApi(field, a) ?? null) === JSON.stringify(toApi(field, b) ?? null);
