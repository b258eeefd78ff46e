// The eight national bodies that issued the 2018 notice (商务部等8部门). MOFCOM leads and
// receives every application "in eight copies" (一式八份).

export const NATIONAL_BODIES = [
  { code: 'MOFCOM', nameZh: '商务部（市场建设司）', nameEn: 'Ministry of Commerce (Market Construction Dept.)' },
  { code: 'MIIT', nameZh: '工业和信息化部', nameEn: 'Ministry of Industry and Information Technology' },
  { code: 'MEE', nameZh: '生态环境部', nameEn: 'Ministry of Ecology and Environment' },
  { code: 'MARA', nameZh: '农业农村部', nameEn: 'Ministry of Agriculture and Rural Affairs' },
  { code: 'PBOC', nameZh: '中国人民银行', nameEn: "People's Bank of China" },
  { code: 'SAMR', nameZh: '国家市场监督管理总局', nameEn: 'State Administration for Market Regulation' },
  { code: 'CBIRC', nameZh: '中国银行保险监督管理委员会', nameEn: 'China Banking and Insurance Regulatory Commission' },
  { code: 'CFLP', nameZh: '中国物流与采购联合会', nameEn: 'China Federation of Logistics and Purchasing' },
] as const;

export type BodyCode = (typeof NATIONAL_BODIES)[number]['code'];

export const LEAD_BODY: BodyCode = 'MOFCOM';
