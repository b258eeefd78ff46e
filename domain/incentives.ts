// 激励与政策支持 (notice §四(五) "对于中期评估表现优秀的城市和企业，研究给予相关激励政策" and §五(二)
// 加强业务指导和政策支持): the kinds of support a body records as granted to a pilot.

export const INCENTIVE_KINDS = {
  budget_funds: { zh: '预算内投资等资金支持', en: 'Budget investment and other funds' },
  investment_tilt: { zh: '相关投资予以倾斜', en: 'Priority in related investment' },
  policy_measures: { zh: '财政、税收、金融、土地等政策措施', en: 'Fiscal, tax, financial or land policy measures' },
  bond_priority: { zh: '优先支持发行公司信用类债券', en: 'Priority for issuing corporate credit bonds' },
  performance_index: { zh: '纳入供应链绩效指数评价体系', en: 'Inclusion in the supply-chain performance index' },
  guidance_training: { zh: '专业指导和业务培训', en: 'Professional guidance and training' },
  other: { zh: '其他支持', en: 'Other support' },
} as const;

export type IncentiveKind = keyof typeof INCENTIVE_KINDS;
export const INCENTIVE_KIND_CODES = Object.keys(INCENTIVE_KINDS) as IncentiveKind[];
