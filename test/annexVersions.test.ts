// Annex 1 and Annex 2 in two versions (domain/annex.ts): version 1 as the workspace first had them,
// version 2 as the notice's §四(一)(二) asks — the enterprise's 供应链管理能力, 行业影响 and 示范带动 as
// fields, key figures as numbers, the city's eligibility as figures and answers. The version lives
// with the round's rules; an application keeps the version it was first submitted under, and a draft
// of a round that moves on keeps what maps over (domain/annexUpgrade.ts).
import { ANNEX_SCHEMAS, validateAnnex } from '../domain/annex';
import { upgradeAnnex } from '../domain/annexUpgrade';
import { ANNEX_FIELD_LABELS } from '../documents/annexLabels';
import { annexFields } from '../web/src/views/applicant/annexFields';
import messages from '../web/src/views/applicant/messages';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { draft, getApp, submit } from './support/flows';
import { http, login, newApplicant, newRound, startHarness, type Harness } from './support/harness';
import { pdfText } from './support/pdfText';

/** The forms' fields in their order, written out from the notice's §四 (the oracle of the label tests). */
const FIELDS = {
  1: {
    1: 'cityName industrialBase keyIndustries infrastructure chosenTasks approach targets content safeguards contactName contactPhone contactEmail',
    2: 'cityName gdpYiCny keyIndustryClusters nationalInfluenceClusters completeSupportingIndustries keyIndustries circulationNode publicServicePlatform eCommerceYiCny infrastructure chosenTasks approach targets content safeguards contactName contactPhone contactEmail',
  },
  2: {
    1: 'legalName creditCode legalRepresentative industry registeredCapitalWanCny employees independentLegalPerson managementSystem talent platform chosenTasks targets measures contactName contactPhone contactEmail',
    2: 'legalName creditCode legalRepresentative industry registeredCapitalWanCny employees mainBusinessRevenueWanCny supplyChainPartners independentLegalPerson supplyChainCapability managementSystem talent supplyChainStaff platform industryInfluence demonstration chosenTasks targets measures contactName contactPhone contactEmail',
  },
} as const;
const fieldsOf = (annex: 1 | 2, version: 1 | 2) => FIELDS[annex][version].split(' ');
const FORMS = [
  [1, 1],
  [1, 2],
  [2, 1],
  [2, 2],
] as const;

/** A v1 Annex 1 as a draft of the first workspace stored it. */
const V1_CITY = {
  cityName: '佛山市',
  industrialBase: '家电、装备制造两大支柱产业',
  keyIndustries: '家电产业集群全国领先',
  infrastructure: '佛山港、国家物流枢纽',
  chosenTasks: ['INDUSTRY_SUPPLY_CHAIN'],
  approach: '以家电产业为龙头',
  targets: '培育5家供应链领先企业',
  content: '建设家电供应链协同平台',
  safeguards: '市政府统筹协调',
  contactName: '陈明',
  contactPhone: '0757-83123456',
  contactEmail: 'scm@foshan.example.org',
};
/** A v1 Annex 2, complete. */
const V1_ENTERPRISE = {
  legalName: '佛山示例物流有限公司',
  creditCode: '91440604MA4UABCD2Y',
  legalRepresentative: '周强',
  industry: '物流',
  registeredCapitalWanCny: 8000,
  employees: 300,
  independentLegalPerson: true,
  managementSystem: '供应链管理制度',
  talent: '专业人才50人',
  platform: '物流协同平台',
  chosenTasks: ['PLATFORMS'],
  targets: '降本增效',
  measures: '建设平台',
  contactName: '刘洋',
  contactPhone: '0757-83765432',
  contactEmail: 'contact@fs-logistics.example.org',
};

const refused = (result: ReturnType<typeof validateAnnex>) => (result.ok ? [] : result.fields.map((f) => f.field));

describe('the version-2 forms', () => {
  test('when a key figure is given as text, then it is refused under its field, in a draft as at submission', () => {
    for (const mode of ['draft', 'submit'] as const) {
      expect(refused(validateAnnex('city', cityAnnex({ gdpYiCny: '22859' }), mode, 2))).toEqual(['annex.gdpYiCny']);
      expect(
        refused(
          validateAnnex(
            'enterprise',
            enterpriseAnnex({ mainBusinessRevenueWanCny: '86万', supplyChainPartners: '350' }),
            mode,
            2,
          ),
        ).sort(),
      ).toEqual(['annex.mainBusinessRevenueWanCny', 'annex.supplyChainPartners']);
    }
    // counts are whole and not negative; a revenue may have decimals
    expect(
      refused(validateAnnex('enterprise', { supplyChainPartners: 2.5, supplyChainStaff: -1 }, 'draft', 2)).sort(),
    ).toEqual(['annex.supplyChainPartners', 'annex.supplyChainStaff']);
    expect(validateAnnex('enterprise', { mainBusinessRevenueWanCny: 1234.56 }, 'draft', 2).ok).toBe(true);
  });

  test('when 示范带动 is missing, then a submission is refused naming it, and a draft is accepted', () => {
    const { demonstration: _left, ...rest } = enterpriseAnnex();
    expect(refused(validateAnnex('enterprise', rest, 'submit', 2))).toEqual(['annex.demonstration']);
    expect(validateAnnex('enterprise', rest, 'draft', 2)).toEqual({ ok: true, annex: rest });
  });

  test("when a city's eligibility is given, then each fact is checked as what it is: an answer, a level, a part of a total", () => {
    expect(validateAnnex('city', cityAnnex(), 'submit', 2).ok).toBe(true);
    const wrong = cityAnnex({
      completeSupportingIndustries: '是',
      circulationNode: 'capital',
      keyIndustryClusters: 2,
      nationalInfluenceClusters: 3,
    });
    expect(refused(validateAnnex('city', wrong, 'submit', 2)).sort()).toEqual([
      'annex.circulationNode',
      'annex.completeSupportingIndustries',
      'annex.nationalInfluenceClusters',
    ]);
    const exceeding = validateAnnex('city', wrong, 'draft', 2);
    expect(
      !exceeding.ok && exceeding.fields.find((f) => f.field === 'annex.nationalInfluenceClusters')?.message,
    ).toEqual({
      zh: '不能多于重点产业集群总数',
      en: 'Cannot exceed the number of key industry clusters',
    });
    // "no" is an answer: a city without a public platform may still apply
    expect(validateAnnex('city', cityAnnex({ publicServicePlatform: false }), 'submit', 2).ok).toBe(true);
    // the free-text 产业基础 of version 1 is no field of version 2
    expect(refused(validateAnnex('city', cityAnnex({ industrialBase: '汽车' }), 'draft', 2))).toEqual([
      'annex.industrialBase',
    ]);
  });

  test('when the annex is no object at all, then it is refused under annex, in either version, not failed on', () => {
    for (const version of [1, 2] as const)
      for (const annex of [undefined, null, 'text', 7])
        expect(refused(validateAnnex('city', annex, 'draft', version))).toEqual(['annex']);
  });

  test('when no version is given, then the forms are those of version 1, as rounds from before versions ask', () => {
    expect(validateAnnex('city', V1_CITY, 'submit').ok).toBe(true);
    expect(validateAnnex('enterprise', V1_ENTERPRISE, 'submit').ok).toBe(true);
    expect(validateAnnex('city', cityAnnex(), 'submit').ok).toBe(false);
  });

  test('when the forms are listed, then the schema, the paper and the workspace name every field of both versions, in the same order, in Chinese and English', () => {
    for (const [annex, version] of FORMS) {
      const fields = fieldsOf(annex, version);
      expect(Object.keys(ANNEX_SCHEMAS[annex][version].shape)).toEqual(fields);
      expect(Object.keys(ANNEX_FIELD_LABELS[annex][version])).toEqual(fields);
      expect(annexFields(annex === 1 ? 'city' : 'enterprise', version).map((f) => f.key)).toEqual(fields);
      for (const lang of ['zh-CN', 'en'] as const) {
        const labels = messages[lang].applicant.fields as Record<string, string>;
        expect(fields.filter((key) => !labels[key])).toEqual([]);
      }
    }
    // every label is its own: no two fields of a form share one
    for (const [annex, version] of FORMS) {
      const labels = Object.values(ANNEX_FIELD_LABELS[annex][version]);
      expect(new Set(labels).size).toBe(labels.length);
    }
    expect(ANNEX_FIELD_LABELS[2][2]).toMatchObject({
      supplyChainCapability: '供应链管理能力',
      industryInfluence: '行业影响',
      demonstration: '示范带动',
      mainBusinessRevenueWanCny: '主营业务收入（万元）',
    });
    expect(messages['zh-CN'].applicant.choices.circulationNode.national).toBe('国家级流通节点城市');
    expect(messages.en.applicant.choices.circulationNode.none).toBe('Not a circulation node');
  });
});

describe('upgradeAnnex', () => {
  test('when a version-1 Annex 1 is upgraded, then every field version 2 shares is carried as typed, 产业基础 is left behind and the new facts are empty for the applicant', () => {
    const upgraded = upgradeAnnex('city', V1_CITY);
    const { industrialBase: _left, ...shared } = V1_CITY;
    expect(upgraded).toEqual(shared);
    expect(validateAnnex('city', upgraded, 'draft', 2).ok).toBe(true);
    expect(refused(validateAnnex('city', upgraded, 'submit', 2)).sort()).toEqual(
      [
        'gdpYiCny',
        'keyIndustryClusters',
        'nationalInfluenceClusters',
        'completeSupportingIndustries',
        'circulationNode',
        'publicServicePlatform',
        'eCommerceYiCny',
      ]
        .map((f) => `annex.${f}`)
        .sort(),
    );
  });

  test('when a version-1 Annex 2 is upgraded, then all of it is carried and only the fields version 2 adds are asked for', () => {
    const upgraded = upgradeAnnex('enterprise', V1_ENTERPRISE);
    expect(upgraded).toEqual(V1_ENTERPRISE);
    expect(refused(validateAnnex('enterprise', upgraded, 'submit', 2)).sort()).toEqual(
      [
        'mainBusinessRevenueWanCny',
        'supplyChainPartners',
        'supplyChainCapability',
        'supplyChainStaff',
        'industryInfluence',
        'demonstration',
      ]
        .map((f) => `annex.${f}`)
        .sort(),
    );
    // an annex already of version 2 is left as it is
    expect(upgradeAnnex('enterprise', enterpriseAnnex())).toEqual(enterpriseAnnex());
  });
});

describe('the version with the round (API)', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await startHarness();
    admin = await login(h, 'admin');
  });
  afterAll(() => h?.stop());

  const changeRules = (roundId: string, config: object, reason: string) =>
    http(h.baseUrl, 'PUT', `/api/rounds/${roundId}/config`, { token: admin, body: { config, reason } });
  const pdfOf = async (id: string, token: string) => {
    const res = await fetch(`${h.baseUrl}/api/applications/${id}/pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return (await pdfText(Buffer.from(await res.arrayBuffer()))).text;
  };

  test('when an enterprise drafts and submits Annex 2 in a round on the default rules, then the version-2 fields are saved, the submission is taken, and the answers say version 2', async () => {
    const round = await newRound(h);
    const a = await newApplicant(h, 'enterprise');
    expect((await http(h.baseUrl, 'GET', `/api/rounds/${round.id}`, { token: admin })).body.annexVersion).toBe(2);
    const { demonstration, ...first } = enterpriseAnnex();
    const id = await draft(h, a.token, round.id, first);
    expect(await getApp(h, a.token, id)).toMatchObject({ annexVersion: 2, annex: first });
    const incomplete = await submit(h, a.token, id);
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['annex.demonstration']);

    const saved = await http(h.baseUrl, 'PUT', `/api/applications/${id}`, {
      token: a.token,
      body: { annex: { ...first, demonstration } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.annex).toEqual(enterpriseAnnex());
    const submitted = await submit(h, a.token, id);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'provincial_review', annexVersion: 2, annex: enterpriseAnnex() });
  });

  test('when a round from before versions moves to version 2, then its submitted application still reads, and prints, as version 1, and its draft keeps what maps over', async () => {
    const round = await newRound(h, { annexVersion: undefined }); // stored as rounds were before versions
    expect((await http(h.baseUrl, 'GET', `/api/rounds/${round.id}`, { token: admin })).body.annexVersion).toBe(1);
    const city = await newApplicant(h, 'city');
    const submittedId = await draft(h, city.token, round.id, V1_CITY);
    expect((await submit(h, city.token, submittedId)).status).toBe(200);
    const other = await newApplicant(h, 'city');
    const { industrialBase: _left, ...shared } = V1_CITY;
    const draftId = await draft(h, other.token, round.id, { ...V1_CITY, cityName: '江门市' });

    // new rules that name no version keep the round's forms; then the admin moves it on
    const { annexVersion: _latest, ...rules } = (await h.db.round.findUniqueOrThrow({ where: { id: round.id } }))
      .config as Record<string, unknown>;
    expect((await changeRules(round.id, { ...rules, revisionDays: 12 }, '补正期限延长')).body.annexVersion).toBe(1);
    expect((await changeRules(round.id, { ...rules, annexVersion: 2 }, '按通知第四条更新附件')).body.annexVersion).toBe(
      2,
    );

    expect(await getApp(h, city.token, submittedId)).toMatchObject({ annexVersion: 1, annex: V1_CITY });
    const printed = await pdfOf(submittedId, city.token);
    expect(printed).toContain('产业基础');
    expect(printed).toContain(V1_CITY.industrialBase);
    for (const newLabel of ['地区生产总值（亿元）', '流通节点城市级别', '电子商务交易额（亿元）'])
      expect(printed).not.toContain(newLabel);

    expect(await getApp(h, other.token, draftId)).toMatchObject({
      annexVersion: 2,
      annex: { ...shared, cityName: '江门市' },
    });
    const old = await http(h.baseUrl, 'PUT', `/api/applications/${draftId}`, {
      token: other.token,
      body: { annex: { ...shared, industrialBase: '机电' } },
    });
    expect(old.status).toBe(400);
    expect(old.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['annex.industrialBase']);
    const completed = cityAnnex({ cityName: '江门市' });
    expect(
      (await http(h.baseUrl, 'PUT', `/api/applications/${draftId}`, { token: other.token, body: { annex: completed } }))
        .status,
    ).toBe(200);
    expect(await submit(h, other.token, draftId)).toMatchObject({
      status: 200,
      body: { annexVersion: 2, annex: completed },
    });
    const printedV2 = await pdfOf(draftId, other.token);
    expect(printedV2).toContain('国家级流通节点城市');
    expect(printedV2).not.toContain('产业基础');
  });
});
