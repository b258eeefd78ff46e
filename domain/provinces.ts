// The 31 provincial-level divisions of the mainland that take part in the programme, by their
// ISO 3166-2:CN codes.

export const PROVINCES = [
  { code: 'BJ', nameZh: '北京市', nameEn: 'Beijing' },
  { code: 'TJ', nameZh: '天津市', nameEn: 'Tianjin' },
  { code: 'HE', nameZh: '河北省', nameEn: 'Hebei' },
  { code: 'SX', nameZh: '山西省', nameEn: 'Shanxi' },
  { code: 'NM', nameZh: '内蒙古自治区', nameEn: 'Inner Mongolia' },
  { code: 'LN', nameZh: '辽宁省', nameEn: 'Liaoning' },
  { code: 'JL', nameZh: '吉林省', nameEn: 'Jilin' },
  { code: 'HL', nameZh: '黑龙江省', nameEn: 'Heilongjiang' },
  { code: 'SH', nameZh: '上海市', nameEn: 'Shanghai' },
  { code: 'JS', nameZh: '江苏省', nameEn: 'Jiangsu' },
  { code: 'ZJ', nameZh: '浙江省', nameEn: 'Zhejiang' },
  { code: 'AH', nameZh: '安徽省', nameEn: 'Anhui' },
  { code: 'FJ', nameZh: '福建省', nameEn: 'Fujian' },
  { code: 'JX', nameZh: '江西省', nameEn: 'Jiangxi' },
  { code: 'SD', nameZh: '山东省', nameEn: 'Shandong' },
  { code: 'HA', nameZh: '河南省', nameEn: 'Henan' },
  { code: 'HB', nameZh: '湖北省', nameEn: 'Hubei' },
  { code: 'HN', nameZh: '湖南省', nameEn: 'Hunan' },
  { code: 'GD', nameZh: '广东省', nameEn: 'Guangdong' },
  { code: 'GX', nameZh: '广西壮族自治区', nameEn: 'Guangxi' },
  { code: 'HI', nameZh: '海南省', nameEn: 'Hainan' },
  { code: 'CQ', nameZh: '重庆市', nameEn: 'Chongqing' },
  { code: 'SC', nameZh: '四川省', nameEn: 'Sichuan' },
  { code: 'GZ', nameZh: '贵州省', nameEn: 'Guizhou' },
  { code: 'YN', nameZh: '云南省', nameEn: 'Yunnan' },
  { code: 'XZ', nameZh: '西藏自治区', nameEn: 'Tibet' },
  { code: 'SN', nameZh: '陕西省', nameEn: 'Shaanxi' },
  { code: 'GS', nameZh: '甘肃省', nameEn: 'Gansu' },
  { code: 'QH', nameZh: '青海省', nameEn: 'Qinghai' },
  { code: 'NX', nameZh: '宁夏回族自治区', nameEn: 'Ningxia' },
  { code: 'XJ', nameZh: '新疆维吾尔自治区', nameEn: 'Xinjiang' },
] as const;

export type ProvinceCode = (typeof PROVINCES)[number]['code'];

export const PROVINCE_CODES: readonly string[] = PROVINCES.map((p) => p.code);
