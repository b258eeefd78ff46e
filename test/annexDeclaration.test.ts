// The 申报书 of a demonstration round (annex version 3, domain/annex.ts): its 申报表 (the applicant's
// facts of version 2), its 正文's sections and its 评价指标自评 over the round's indicators. Pure
// validation, with hand-written cases; the API's use of it: annexDeclarationApi.test.ts.
import { annexFormOf, annexVersionOf, declarationTableFields, validateAnnex } from '../domain/annex';
import { declarationTableLabels } from '../documents/annexLabels';
import { annexFields } from '../web/src/views/applicant/annexFields';
import { DEMONSTRATION_INDICATORS } from '../domain/indicators';
import { DEFAULT_RUBRIC } from '../domain/round';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';

/** The indicators' codes, as the demonstration indicator system lists them (the oracle). */
const CODES = ['MECHANISM', 'INNOVATION', 'COLLABORATION', 'RESILIENCE', 'GREEN'];

const CITY_TABLE = {
  cityName: '宁波市',
  gdpYiCny: 16452.8,
  keyIndustryClusters: 6,
  nationalInfluenceClusters: 2,
  completeSupportingIndustries: true,
  circulationNode: 'national',
  publicServicePlatform: true,
  eCommerceYiCny: 9800,
  contactName: '周敏',
  contactPhone: '0574-87123456',
  contactEmail: 'scm@ningbo.example.org',
};
const ENTERPRISE_TABLE = {
  legalName: '示例智慧供应链股份有限公司',
  creditCode: '91330200MA2ABCDE1X',
  legalRepresentative: '吴刚',
  industry: '供应链管理服务',
  registeredCapitalWanCny: 30000,
  employees: 800,
  mainBusinessRevenueWanCny: 520000,
  supplyChainPartners: 260,
  independentLegalPerson: true,
  supplyChainStaff: 120,
  contactName: '郑丽',
  contactPhone: '0574-87654321',
  contactEmail: 'scm@example-chain.example.org',
};
const SECTIONS = {
  basics: '试点期间形成港产城联动的供应链体系',
  practices: '建设供应链公共服务平台，推动制造业与流通业协同',
  goals: '三年内培育20家示范企业',
};
const selfAssessment = (score = 85) =>
  Object.fromEntries(CODES.map((code) => [code, { score, basis: `${code}：试点期间的做法与数据` }]));
const declaration = <T extends object>(table: T, overrides: Record<string, unknown> = {}) => ({
  ...table,
  sections: { ...SECTIONS },
  selfAssessment: selfAssessment(),
  ...overrides,
});

const check = (kind: 'city' | 'enterprise', annex: unknown, mode: 'draft' | 'submit') =>
  validateAnnex(kind, annex, mode, 3, DEMONSTRATION_INDICATORS);
const refused = (result: ReturnType<typeof validateAnnex>) => (result.ok ? [] : result.fields.map((f) => f.field));

test('when a complete 申报书 is submitted, then a city’s and an enterprise’s are accepted as written', () => {
  const city = declaration(CITY_TABLE);
  expect(check('city', city, 'submit')).toEqual({ ok: true, annex: city });
  const firm = declaration(ENTERPRISE_TABLE);
  expect(check('enterprise', firm, 'submit')).toEqual({ ok: true, annex: firm });
});

test('when a self-score is missing at submission, then the refusal names that field, in Chinese and English', () => {
  const scores = selfAssessment();
  const result = check(
    'city',
    declaration(CITY_TABLE, { selfAssessment: { ...scores, INNOVATION: { basis: '有依据' } } }),
    'submit',
  );
  expect(result).toEqual({
    ok: false,
    fields: [
      {
        field: 'annex.selfAssessment.INNOVATION.score',
        code: 'invalid_type',
        message: { zh: '必填项', en: 'Required' },
      },
    ],
  });
});

test('when a submission leaves out whole parts, then each field of them is named, not the part', () => {
  const { sections: _s, selfAssessment: _a, ...tableOnly } = declaration(CITY_TABLE);
  expect(refused(check('city', tableOnly, 'submit')).sort()).toEqual(
    [
      'annex.sections.basics',
      'annex.sections.goals',
      'annex.sections.practices',
      ...CODES.flatMap((c) => [`annex.selfAssessment.${c}.basis`, `annex.selfAssessment.${c}.score`]),
    ].sort(),
  );
  const { GREEN: _g, ...fourScores } = selfAssessment();
  expect(refused(check('city', declaration(CITY_TABLE, { selfAssessment: fourScores }), 'submit')).sort()).toEqual([
    'annex.selfAssessment.GREEN.basis',
    'annex.selfAssessment.GREEN.score',
  ]);
  const { cityName: _c, ...nameless } = declaration(CITY_TABLE);
  expect(refused(check('city', nameless, 'submit'))).toEqual(['annex.cityName']);
});

test('when a draft is partial, then it is kept as it is; what it has must still be well-formed', () => {
  expect(check('city', {}, 'draft')).toEqual({ ok: true, annex: {} });
  const partial = { cityName: '宁波市', sections: { basics: '基本情况' }, selfAssessment: { GREEN: { score: 70 } } };
  expect(check('city', partial, 'draft')).toEqual({ ok: true, annex: partial });
  const wrong = {
    gdpYiCny: '一万亿',
    sections: { practices: '', summary: '不在正文中' },
    selfAssessment: { INNOVATION: { score: 101 }, RESILIENCE: { score: -1 }, GREEN: { score: '80' }, PLAN: {} },
  };
  expect(refused(check('city', wrong, 'draft')).sort()).toEqual(
    [
      'annex.gdpYiCny',
      'annex.sections.practices',
      'annex.sections.summary', // not a section of the 正文
      'annex.selfAssessment.INNOVATION.score',
      'annex.selfAssessment.RESILIENCE.score',
      'annex.selfAssessment.GREEN.score',
      'annex.selfAssessment.PLAN', // an indicator of another rubric
    ].sort(),
  );
});

test('when a section or a basis is longer than its limit, then it is refused; at the limit it is taken', () => {
  const at = (n: number) => '链'.repeat(n);
  const basics = (n: number) => declaration(CITY_TABLE, { sections: { ...SECTIONS, basics: at(n) } });
  expect(check('city', basics(5000), 'submit').ok).toBe(true);
  expect(refused(check('city', basics(5001), 'submit'))).toEqual(['annex.sections.basics']);
  const long = { ...selfAssessment(), MECHANISM: { score: 90, basis: at(1001) } };
  expect(refused(check('city', declaration(CITY_TABLE, { selfAssessment: long }), 'draft'))).toEqual([
    'annex.selfAssessment.MECHANISM.basis',
  ]);
  // scores are 0–100, whole or not
  const edges = { ...selfAssessment(), MECHANISM: { score: 0, basis: '无' }, GREEN: { score: 100, basis: '满分' } };
  expect(
    check(
      'city',
      declaration(CITY_TABLE, { selfAssessment: { ...edges, INNOVATION: { score: 72.5, basis: '有' } } }),
      'submit',
    ).ok,
  ).toBe(true);
});

test('when a 申报书 carries a pilot form’s plan or narrative, then those fields are unknown to it', () => {
  const withPlan = declaration(ENTERPRISE_TABLE, { chosenTasks: ['PLATFORMS'], industryInfluence: '行业排名前列' });
  expect(refused(check('enterprise', withPlan, 'draft')).sort()).toEqual([
    'annex.chosenTasks',
    'annex.industryInfluence',
  ]);
  // a city's table is not an enterprise's
  expect(refused(check('enterprise', declaration(CITY_TABLE), 'draft'))).toContain('annex.cityName');
});

test('when the round’s rubric is its own, then the self-assessment follows it, not the default indicators', () => {
  const own = Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, { score: 80, basis: '依据' }]));
  const annex = declaration(CITY_TABLE, { selfAssessment: own });
  expect(validateAnnex('city', annex, 'submit', 3, DEFAULT_RUBRIC).ok).toBe(true);
  expect(refused(validateAnnex('city', annex, 'submit', 3, DEMONSTRATION_INDICATORS))).toContain(
    'annex.selfAssessment.FOUNDATION',
  );
});

test('when a round’s rules name version 3, then its form is the 申报书 on its rubric; versions 1 and 2 read as before', () => {
  expect(annexVersionOf({ annexVersion: 3 })).toBe(3);
  expect(annexFormOf({ annexVersion: 3, rubric: DEMONSTRATION_INDICATORS }).indicators.map((i) => i.code)).toEqual(
    CODES,
  );
  expect(annexVersionOf({ annexVersion: 4 })).toBe(1);
  expect(validateAnnex('city', cityAnnex(), 'submit', 2).ok).toBe(true);
  expect(validateAnnex('enterprise', enterpriseAnnex(), 'submit', 2).ok).toBe(true);
  // a version-2 annex is no 申报书
  expect(validateAnnex('city', cityAnnex(), 'draft', 3, DEMONSTRATION_INDICATORS).ok).toBe(false);
});

test('when the 申报表 is shown and printed, then the workspace and the paper have exactly its fields, in the form’s order', () => {
  expect(declarationTableFields('city')).toEqual(Object.keys(CITY_TABLE));
  expect(declarationTableFields('ftz')).toEqual(Object.keys(CITY_TABLE));
  expect(declarationTableFields('enterprise')).toEqual(Object.keys(ENTERPRISE_TABLE));
  const sections = [{ code: 'basics', zh: '基本情况', en: 'Basic situation', max: 5000 }];
  for (const [kind, table] of [
    ['city', CITY_TABLE],
    ['enterprise', ENTERPRISE_TABLE],
  ] as const) {
    const web = annexFields(kind, 3, { indicators: DEMONSTRATION_INDICATORS, sections }).map((f) => f.key);
    expect(web).toEqual([
      ...Object.keys(table),
      'sections.basics',
      ...CODES.flatMap((c) => [`selfAssessment.${c}.score`, `selfAssessment.${c}.basis`]),
    ]);
    // every field of the 申报表 has its label on paper
    expect(Object.entries(declarationTableLabels(kind)).filter(([, label]) => !label)).toEqual([]);
  }
});
