// Complete, valid Annex 1 and Annex 2 contents of the newest version (domain/annex.ts, version 2),
// as rounds on the default rules ask for them.

export function cityAnnex(overrides: Record<string, unknown> = {}) {
  return {
    cityName: '广州市',
    gdpYiCny: 22859.35,
    keyIndustryClusters: 8,
    nationalInfluenceClusters: 3,
    completeSupportingIndustries: true,
    keyIndustries: '汽车产业集群在全国具有较强影响和带动能力',
    circulationNode: 'national',
    publicServicePlatform: true,
    eCommerceYiCny: 12000,
    infrastructure: '南沙港、白云机场、国家物流枢纽；工业互联网平台规模应用',
    chosenTasks: ['INDUSTRY_SUPPLY_CHAIN', 'GREEN_SUPPLY_CHAIN'],
    approach: '依托优势产业，推动供应链协同',
    targets: '两年内培育10家供应链领先企业',
    content: '建设供应链公共服务平台',
    safeguards: '建立跨部门协调机制',
    contactName: '张伟',
    contactPhone: '020-83123456',
    contactEmail: 'supply-chain@gz.example.org',
    ...overrides,
  };
}

export function enterpriseAnnex(overrides: Record<string, unknown> = {}) {
  return {
    legalName: '示例供应链管理有限公司',
    creditCode: '91440101MA59ABCD1X',
    legalRepresentative: '李娜',
    industry: '供应链管理服务',
    registeredCapitalWanCny: 50000,
    employees: 1200,
    mainBusinessRevenueWanCny: 860000,
    supplyChainPartners: 350,
    independentLegalPerson: true,
    supplyChainCapability: '供应链计划、采购、物流一体化管理',
    managementSystem: '完善的供应链管理制度',
    talent: '供应链专业人才200人',
    supplyChainStaff: 200,
    platform: '行业领先的供应链协同平台',
    industryInfluence: '服务上下游企业三百余家，行业排名前列',
    demonstration: '协同平台模式已在同行业推广',
    chosenTasks: ['PLATFORMS', 'SUPPLY_CHAIN_FINANCE'],
    targets: '带动上下游企业降本增效',
    measures: '建设协同平台、开展供应链金融',
    contactName: '王芳',
    contactPhone: '020-83765432',
    contactEmail: 'contact@enterprise.example.org',
    ...overrides,
  };
}
