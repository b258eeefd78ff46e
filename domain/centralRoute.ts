// The central enterprises' routes (notice §四(一): "中央企业由国务院有关部门推荐或直接申报"): declare to
// MOFCOM directly, or through a State Council department of the round's list, which reviews the
// application and recommends it, returns it to be revised, or rejects it.
import { NATIONAL_BODIES, type BodyCode } from './bodies';

/**
 * The State Council departments in the directory that may recommend: the national bodies of the
 * notice but MOFCOM (which receives) and the China Federation of Logistics and Purchasing (an association).
 */
export const STATE_COUNCIL_DEPARTMENTS = [
  'MIIT',
  'MEE',
  'MARA',
  'PBOC',
  'SAMR',
  'CBIRC',
] as const satisfies readonly BodyCode[];

export type Recommender = (typeof STATE_COUNCIL_DEPARTMENTS)[number];

export const recommenderName = (code: string) => NATIONAL_BODIES.find((b) => b.code === code);
