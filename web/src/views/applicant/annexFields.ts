// The fields of the notice's forms, in the form's order: Annex 1 (城市试点方案) for cities and FTZs,
// Annex 2 (试点企业申报表) for enterprises (domain/annex.ts). Every field is required on submission
// (the schemas have no optional field); a draft may leave any empty. Labels: messages.ts.
export type FieldType = 'text' | 'area' | 'number' | 'email' | 'bool' | 'tasks';
export interface AnnexField {
  key: string;
  type: FieldType;
}

const f = (key: string, type: FieldType): AnnexField => ({ key, type });
const CONTACT = [f('contactName', 'text'), f('contactPhone', 'text'), f('contactEmail', 'email')];

const ANNEX_1 = [
  f('cityName', 'text'),
  f('industrialBase', 'area'),
  f('keyIndustries', 'area'),
  f('infrastructure', 'area'),
  f('chosenTasks', 'tasks'),
  f('approach', 'area'),
  f('targets', 'area'),
  f('content', 'area'),
  f('safeguards', 'area'),
  ...CONTACT,
];
const ANNEX_2 = [
  f('legalName', 'text'),
  f('creditCode', 'text'),
  f('legalRepresentative', 'text'),
  f('industry', 'text'),
  f('registeredCapitalWanCny', 'number'),
  f('employees', 'number'),
  f('independentLegalPerson', 'bool'),
  f('managementSystem', 'area'),
  f('talent', 'area'),
  f('platform', 'area'),
  f('chosenTasks', 'tasks'),
  f('targets', 'area'),
  f('measures', 'area'),
  ...CONTACT,
];

/** 1 for cities and FTZs, 2 for enterprises (domain/applicants.ts annexFor). */
export const annexNumber = (kind: string): 1 | 2 => (kind === 'city' || kind === 'ftz' ? 1 : 2);
export const annexFields = (kind: string): AnnexField[] => (annexNumber(kind) === 1 ? ANNEX_1 : ANNEX_2);

/** A form value as the API takes it: trimmed text, numbers, empty left out (a draft may be partial). */
export function toApi(field: AnnexField, value: unknown): unknown {
  switch (field.type) {
    case 'tasks':
      return Array.isArray(value) && value.length ? value : undefined;
    case 'bool':
      return value === true ? true : undefined;
    case 'number': {
      const text = String(value ?? '').trim();
      return text === '' ? undefined : Number(text);
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
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

/** Whether two form values are the same answer. */
export const sameValue = (field: AnnexField, a: unknown, b: unknown) =>
  JSON.stringify(toApi(field, a) ?? null) === JSON.stringify(toApi(field, b) ?? null);
