// The seven provincial parties of the joint review (省级联合审核), notice §四(一): the provincial
// commerce department leads a coordination mechanism with six counterparts.
import type { ProvinceCode } from './provinces';

export const PROVINCIAL_PARTIES = [
  { code: 'COMMERCE', nameZh: '省级商务主管部门', nameEn: 'Provincial Department of Commerce' },
  { code: 'INDUSTRY_IT', nameZh: '工业和信息化主管部门', nameEn: 'Provincial Department of Industry and IT' },
  { code: 'ENVIRONMENT', nameZh: '环境保护主管部门', nameEn: 'Provincial Department of Environmental Protection' },
  { code: 'AGRICULTURE', nameZh: '农业主管部门', nameEn: 'Provincial Department of Agriculture' },
  { code: 'PBOC_BRANCH', nameZh: '人民银行分支机构', nameEn: "People's Bank of China branch" },
  {
    code: 'MARKET_REGULATION',
    nameZh: '质量技术监督（市场监管）部门',
    nameEn: 'Provincial Market Regulation (Quality Supervision)',
  },
  { code: 'BANKING_REGULATOR', nameZh: '银行业监管派出机构', nameEn: 'Banking regulator branch office' },
] as const;

export type PartyCode = (typeof PROVINCIAL_PARTIES)[number]['code'];

export const PARTY_CODES: readonly PartyCode[] = PROVINCIAL_PARTIES.map((p) => p.code);

/** The party that leads the provincial mechanism and forwards what all accept to MOFCOM. */
export const LEAD_PARTY: PartyCode = 'COMMERCE';

/** Department ids: a national body's code, or "<province>.<party>" for a provincial party. */
export function provincialDepartmentId(province: ProvinceCode | string, party: PartyCode): string {
  return `${province}.${party}`;
}
