// The 37 reporting units (填报单位/申报单位) the 2018 notice is addressed to — 各省、自治区、直辖市、
// 计划单列市及新疆生产建设兵团 — each leading its own joint review with its seven parties. The 31
// provincial-level divisions keep their ISO 3166-2:CN codes; the five separately planned cities and
// the Corps have codes of their own that no ISO code uses. An applicant is filed under its unit: a
// Shenzhen applicant is reviewed by Shenzhen's seven parties, not Guangdong's. The names PROVINCES and
// PROVINCE_CODES stay for the reporting units, as the code has always called them.

export type ReportingUnitKind = 'province' | 'separately_planned_city' | 'corps';

export const PROVINCES = [
  { code: 'BJ', nameZh: '北京市', nameEn: 'Beijing', kind: 'province' },
  { code: 'TJ', nameZh: '天津市', nameEn: 'Tianjin', kind: 'province' },
  { code: 'HE', nameZh: '河北省', nameEn: 'Hebei', kind: 'province' },
  { code: 'SX', nameZh: '山西省', nameEn: 'Shanxi', kind: 'province' },
  { code: 'NM', nameZh: '内蒙古自治区', nameEn: 'Inner Mongolia', kind: 'province' },
  { code: 'LN', nameZh: '辽宁省', nameEn: 'Liaoning', kind: 'province' },
  { code: 'JL', nameZh: '吉林省', nameEn: 'Jilin', kind: 'province' },
  { code: 'HL', nameZh: '黑龙江省', nameEn: 'Heilongjiang', kind: 'province' },
  { code: 'SH', nameZh: '上海市', nameEn: 'Shanghai', kind: 'province' },
  { code: 'JS', nameZh: '江苏省', nameEn: 'Jiangsu', kind: 'province' },
  { code: 'ZJ', nameZh: '浙江省', nameEn: 'Zhejiang', kind: 'province' },
  { code: 'AH', nameZh: '安徽省', nameEn: 'Anhui', kind: 'province' },
  { code: 'FJ', nameZh: '福建省', nameEn: 'Fujian', kind: 'province' },
  { code: 'JX', nameZh: '江西省', nameEn: 'Jiangxi', kind: 'province' },
  { code: 'SD', nameZh: '山东省', nameEn: 'Shandong', kind: 'province' },
  { code: 'HA', nameZh: '河南省', nameEn: 'Henan', kind: 'province' },
  { code: 'HB', nameZh: '湖北省', nameEn: 'Hubei', kind: 'province' },
  { code: 'HN', nameZh: '湖南省', nameEn: 'Hunan', kind: 'province' },
  { code: 'GD', nameZh: '广东省', nameEn: 'Guangdong', kind: 'province' },
  { code: 'GX', nameZh: '广西壮族自治区', nameEn: 'Guangxi', kind: 'province' },
  { code: 'HI', nameZh: '海南省', nameEn: 'Hainan', kind: 'province' },
  { code: 'CQ', nameZh: '重庆市', nameEn: 'Chongqing', kind: 'province' },
  { code: 'SC', nameZh: '四川省', nameEn: 'Sichuan', kind: 'province' },
  { code: 'GZ', nameZh: '贵州省', nameEn: 'Guizhou', kind: 'province' },
  { code: 'YN', nameZh: '云南省', nameEn: 'Yunnan', kind: 'province' },
  { code: 'XZ', nameZh: '西藏自治区', nameEn: 'Tibet', kind: 'province' },
  { code: 'SN', nameZh: '陕西省', nameEn: 'Shaanxi', kind: 'province' },
  { code: 'GS', nameZh: '甘肃省', nameEn: 'Gansu', kind: 'province' },
  { code: 'QH', nameZh: '青海省', nameEn: 'Qinghai', kind: 'province' },
  { code: 'NX', nameZh: '宁夏回族自治区', nameEn: 'Ningxia', kind: 'province' },
  { code: 'XJ', nameZh: '新疆维吾尔自治区', nameEn: 'Xinjiang', kind: 'province' },
  // 计划单列市: each with the province it lies in
  { code: 'DL', nameZh: '大连市', nameEn: 'Dalian', kind: 'separately_planned_city', parent: 'LN' },
  { code: 'QD', nameZh: '青岛市', nameEn: 'Qingdao', kind: 'separately_planned_city', parent: 'SD' },
  { code: 'NB', nameZh: '宁波市', nameEn: 'Ningbo', kind: 'separately_planned_city', parent: 'ZJ' },
  { code: 'XM', nameZh: '厦门市', nameEn: 'Xiamen', kind: 'separately_planned_city', parent: 'FJ' },
  { code: 'SZ', nameZh: '深圳市', nameEn: 'Shenzhen', kind: 'separately_planned_city', parent: 'GD' },
  { code: 'BT', nameZh: '新疆生产建设兵团', nameEn: 'Xinjiang Production and Construction Corps', kind: 'corps' },
] as const satisfies readonly {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: ReportingUnitKind;
  parent?: string;
}[];

export type ProvinceCode = (typeof PROVINCES)[number]['code'];

export const PROVINCE_CODES: readonly string[] = PROVINCES.map((p) => p.code);

/** The province a unit lies in: a separately planned city's own province, else the unit itself. */
export function homeProvinceOf(code: string): string {
  const unit = PROVINCES.find((p) => p.code === code);
  return unit && 'parent' in unit ? unit.parent : code;
}
