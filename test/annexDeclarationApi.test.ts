// A demonstration round's 申报书 through the API: a new demonstration round takes the 申报书 (annex
// version 3) on the demonstration indicator system unless its rules set their own, a pilot round
// keeps Annex 1/2; an applicant drafts the 申报书, is refused naming the missing self-score, completes
// it and submits; its PDF is the 申报书's three parts. Real API, database and Temporal worker.
import { mailAttachments } from '../documents/mailAttachments';
import { cityAnnex } from './support/fixtures';
import { http, login, newApplicant, startHarness, type Harness } from './support/harness';
import { pdfText } from './support/pdfText';

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await login(h, 'admin');
});
afterAll(() => h?.stop());

const DAY = 86_400_000;
/** The demonstration indicator system as written out in domain/indicators.ts' table (the oracle). */
const INDICATORS = [
  ['MECHANISM', 0.2],
  ['INNOVATION', 0.25],
  ['COLLABORATION', 0.25],
  ['RESILIENCE', 0.15],
  ['GREEN', 0.15],
];
const roundBody = (kind: 'pilot' | 'demonstration', config: object) => ({
  kind,
  nameZh: `申报书测试轮次 ${Date.now()}`,
  nameEn: 'Declaration form test round',
  declarationOpensAt: new Date(Date.now() - DAY).toISOString(),
  declarationDeadline: new Date(Date.now() + 30 * DAY).toISOString(),
  config,
});
const createRound = (
  kind: 'pilot' | 'demonstration',
  config: object = { provincialReviewDays: 15, revisionDays: 10 },
) => http(h.baseUrl, 'POST', '/api/rounds', { token: admin, body: roundBody(kind, config) });
const rubricOf = (config: { rubric: { code: string; weight: number }[] }) =>
  config.rubric.map((c) => [c.code, c.weight]);

const TABLE = {
  cityName: '示范申报测试市',
  gdpYiCny: 8000,
  keyIndustryClusters: 4,
  nationalInfluenceClusters: 1,
  completeSupportingIndustries: true,
  circulationNode: 'regional',
  publicServicePlatform: true,
  eCommerceYiCny: 3000,
  contactName: '孙强',
  contactPhone: '0571-86123456',
  contactEmail: 'scm@demo-city.example.org',
};
const PRACTICES = '以数字化平台串联制造与流通，形成可复制的协同模式';
const SECTIONS = { basics: '试点期间供应链体系初步建成', practices: PRACTICES, goals: '培育十家示范企业' };
const scores = () => Object.fromEntries(INDICATORS.map(([code]) => [code, { score: 80, basis: `${code} 依据` }]));

test('when the admin creates a demonstration round without its own form or rubric, then it takes the 申报书 on the demonstration indicators; a pilot round keeps Annex 1/2 and may not take the 申报书', async () => {
  const demonstration = await createRound('demonstration');
  expect(demonstration.status).toBe(201);
  expect(demonstration.body).toMatchObject({
    annexVersion: 3,
    config: { annexVersion: 3, demonstration: { eligibility: 'any', reviewDays: 730 } },
  });
  expect(rubricOf(demonstration.body.config)).toEqual(INDICATORS);

  const pilot = await createRound('pilot');
  expect(pilot.status).toBe(201);
  expect(pilot.body).toMatchObject({ annexVersion: 2, config: { annexVersion: 2 } });
  expect(pilot.body.config.demonstration).toBeUndefined();
  expect(rubricOf(pilot.body.config).map(([code]) => code)).toEqual([
    'FOUNDATION',
    'PLAN',
    'MEASURES',
    'DEMONSTRATION',
  ]);

  // a round's own rubric and form are kept
  const own = [{ code: 'ALL', zh: '综合', en: 'Overall', weight: 1 }];
  const ownRules = await createRound('demonstration', {
    provincialReviewDays: 15,
    revisionDays: 10,
    rubric: own,
    annexVersion: 2,
  });
  expect(ownRules.body.config).toMatchObject({ annexVersion: 2, rubric: own });

  const refused = await createRound('pilot', { provincialReviewDays: 15, revisionDays: 10, annexVersion: 3 });
  expect(refused.status).toBe(400);
  expect(refused.body.error.fields).toEqual([
    {
      field: 'config.annexVersion',
      code: 'custom',
      message: 'The declaration form (version 3) is for demonstration rounds only',
    },
  ]);
  // nor does a pilot round take demonstration rules
  const demonstrationRules = await createRound('pilot', {
    provincialReviewDays: 15,
    revisionDays: 10,
    demonstration: { eligibility: 'any' },
  });
  expect([demonstrationRules.status, demonstrationRules.body.error.fields]).toEqual([
    400,
    [
      {
        field: 'config.demonstration',
        code: 'custom',
        message: 'Demonstration rules are for demonstration rounds only',
      },
    ],
  ]);
  // nor may new rules give it one
  const pilotChange = await http(h.baseUrl, 'PUT', `/api/rounds/${pilot.body.id}/config`, {
    token: admin,
    body: { config: { provincialReviewDays: 15, revisionDays: 10, annexVersion: 3 }, reason: '改用申报书' },
  });
  expect(pilotChange.status).toBe(400);
  expect(pilotChange.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['config.annexVersion']);
  expect((await h.db.round.findUniqueOrThrow({ where: { id: pilot.body.id } })).configVersion).toBe(1);

  // new rules that do not name a rubric keep the demonstration round's indicators, which its drafts assess
  const changed = await http(h.baseUrl, 'PUT', `/api/rounds/${demonstration.body.id}/config`, {
    token: admin,
    body: { config: { provincialReviewDays: 20, revisionDays: 10 }, reason: '延长审核时间' },
  });
  expect(changed.status).toBe(200);
  expect(changed.body.config).toMatchObject({ annexVersion: 3, provincialReviewDays: 20 });
  expect(rubricOf(changed.body.config)).toEqual(INDICATORS);
});

test('when an applicant submits a 申报书 missing a self-score, then 400 names that field; completed, it is submitted, and its PDF (the bodies’ mail attachment too) shows the 申报表, the 正文 and the self-assessment', async () => {
  const round = (await createRound('demonstration')).body;
  const applicant = await newApplicant(h, 'city', 'ZJ', TABLE.cityName);
  const { INNOVATION: _missing, ...four } = scores();
  const partial = { ...TABLE, sections: SECTIONS, selfAssessment: { ...four, INNOVATION: { basis: '有数字化平台' } } };

  // a version-2 annex is not this round's form
  const wrongForm = await http(h.baseUrl, 'POST', '/api/applications', {
    token: applicant.token,
    body: { roundId: round.id, annex: cityAnnex() },
  });
  expect(wrongForm.status).toBe(400);
  expect(wrongForm.body.error.fields.map((f: { field: string }) => f.field)).toContain('annex.chosenTasks');

  const created = await http(h.baseUrl, 'POST', '/api/applications', {
    token: applicant.token,
    body: { roundId: round.id, annex: partial },
  });
  expect(created.status).toBe(201); // a draft may be partial
  expect(created.body).toMatchObject({ annexVersion: 3, annex: partial });
  expect(created.body.indicators.map((i: { code: string; weight: number }) => [i.code, i.weight])).toEqual(INDICATORS);
  const id: string = created.body.id;

  const refused = await http(h.baseUrl, 'POST', `/api/applications/${id}/submit`, { token: applicant.token });
  expect(refused.status).toBe(400);
  expect(refused.body.error.fields).toEqual([
    { field: 'annex.selfAssessment.INNOVATION.score', code: 'invalid_type', message: 'Required' },
  ]);
  const inChinese = await http(h.baseUrl, 'POST', `/api/applications/${id}/submit`, {
    token: applicant.token,
    headers: { 'accept-language': 'zh-CN' },
  });
  expect(inChinese.body.error.fields[0].message).toBe('必填项');

  const complete = { ...partial, selfAssessment: { ...four, INNOVATION: { score: 92, basis: '有数字化平台' } } };
  const saved = await http(h.baseUrl, 'PUT', `/api/applications/${id}`, {
    token: applicant.token,
    body: { annex: complete },
  });
  expect(saved.status).toBe(200);
  const submitted = await http(h.baseUrl, 'POST', `/api/applications/${id}/submit`, { token: applicant.token });
  expect(submitted.status).toBe(200);
  expect(submitted.body).toMatchObject({ annexVersion: 3, annex: complete });

  const pdf = await fetch(`${h.baseUrl}/api/applications/${id}/pdf`, {
    headers: { authorization: `Bearer ${applicant.token}` },
  });
  expect(pdf.status).toBe(200);
  expect(decodeURIComponent(pdf.headers.get('content-disposition')!)).toContain(
    `${TABLE.cityName}-全国供应链创新与应用示范城市申报书.pdf`,
  );
  const { text } = await pdfText(Buffer.from(await pdf.arrayBuffer()));
  const flat = text.replace(/\s+/g, '');
  const parts = [
    '全国供应链创新与应用示范城市申报书',
    '一、申报表',
    TABLE.contactEmail,
    '区域级流通节点城市',
    '二、正文',
  ];
  // a section under its heading; an indicator by its name and weight, with its self-score and basis
  for (const words of [
    ...parts,
    '（二）主要做法与成效',
    PRACTICES,
    '三、评价指标自评',
    '供应链创新与数字化水平25%92有数字化平台',
  ])
    expect(flat).toContain(words);
  // Σ weight × score: 0.2·80 + 0.25·92 + 0.25·80 + 0.15·80 + 0.15·80 = 83
  expect(flat).toContain('加权自评总分83');
  expect(flat).not.toContain('申报试点任务');

  // the copy each of the eight bodies is mailed when it reaches MOFCOM is the same 申报书
  const [attachment] = await mailAttachments(h.db)({
    event: 'submission_to_mofcom',
    eventKey: `submission/${id}`,
    applicationId: id,
    recipientKind: 'department',
    recipientId: 'MIIT',
  });
  expect(attachment.filename).toBe(`${TABLE.cityName}-全国供应链创新与应用示范城市申报书.pdf`);
  const mailed = (await pdfText(attachment.content as Buffer)).text.replace(/\s+/g, '');
  for (const words of [PRACTICES, '供应链创新与数字化水平25%92有数字化平台', '加权自评总分83'])
    expect(mailed).toContain(words);
});
