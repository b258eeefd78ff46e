// The fields of the notice's forms, in the form's order: Annex 1 (城市试点方案) for cities and FTZs,
// Annex 2 (试点企业申报表) for enterprises (domain/annex.ts), in each version a round may ask for
// (the application's annexVersion: 1 as the workspace first had them, 2 as the notice's §四 asks).
// Every field is required on submission (the schemas have no optional field); a draft may leave any
// empty. Labels: messages.ts.
export type FieldType = 'text' | 'area' | 'number' | 'email' | 'bool' | 'yesno' | 'choice' | 'tasks';
export type AnnexVersion = 1 | 2;
export interface AnnexField {
  key: string;
  type: FieldType;
  /** a 'choice' field's answers (labels: messages.ts applicant.choices) */
  options?: readonly string[];
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
const FIELDS: Record<1 | 2, Record<AnnexVersion, AnnexField[]>> = {
  1: { 1: ANNEX_1_V1, 2: ANNEX_1_V2 },
  2: { 1: ANNEX_2_V1, 2: ANNEX_2_V2 },
};

/** 1 for cities and FTZs, 2 for enterprises (domain/applicants.ts annexFor). */
export const annexNumber = (kind: string): 1 | 2 => (kind === 'city' || kind === 'ftz' ? 1 : 2);
/** The form's fields in the version given (an application from before versions: 1). */
export const annexFields = (kind: string, version: AnnexVersion = 1): AnnexField[] =>
  FIELDS[annexNumber(kind)][version === 2 ? 2 : 1];

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
