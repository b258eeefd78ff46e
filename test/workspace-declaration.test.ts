// A demonstration round in the workspace, end to end in headless Chromium against the real API,
// worker, Temporal server and database: an applicant fills the round's 申报书 (its 正文 and a
// self-score per indicator, tapped on a 390 px phone), is refused under the missing score and
// submits, then reads it in Chinese and English; the administrator creates a demonstration round
// with its rules form — the 申报书 and the indicator system by default, the removal and
// demonstration rules set, a server refusal under its field — and the saved round has them.
import { isDeepStrictEqual } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import {
  browserSuite,
  DESKTOP,
  launchChromium,
  logInAt,
  pageChecks,
  PHONE,
  scrollWidth,
  shoot,
} from './support/browser';
import { http, login, newApplicant, startHarness, waitFor, type Harness } from './support/harness';

/** The demonstration indicator system (domain/indicators.ts), written out: code, name, weight. */
const INDICATORS = [
  ['MECHANISM', '工作基础与推进机制', 0.2],
  ['INNOVATION', '供应链创新与数字化水平', 0.25],
  ['COLLABORATION', '产业链协同与示范带动', 0.25],
  ['RESILIENCE', '供应链安全稳定', 0.15],
  ['GREEN', '绿色供应链发展', 0.15],
] as const;
const TABLE = {
  gdpYiCny: 5200,
  keyIndustryClusters: 3,
  nationalInfluenceClusters: 1,
  completeSupportingIndustries: true,
  circulationNode: 'regional',
  publicServicePlatform: true,
  eCommerceYiCny: 1800,
  contactName: '马骏',
  contactPhone: '0951-5123456',
  contactEmail: 'scm@yinchuan.example.org',
};
const SECTIONS = {
  basics: '试点期间建成西北供应链枢纽',
  practices: '以枢纽平台连接枸杞、葡萄酒产业链上下游，订单周期缩短三成',
  goals: '三年内培育示范企业十家',
};
const DAY = 86_400_000;

browserSuite('the workspace’s demonstration round: the 申报书 and the rounds form in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let admin: string;
  const { watch, axe, cspViolations, report } = pageChecks();

  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchChromium()]);
    admin = await login(h, 'admin');
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A demonstration round created as the admin would, on the server's defaults for its kind. */
  async function demonstrationRound() {
    const res = await http(h.baseUrl, 'POST', '/api/rounds', {
      token: admin,
      body: {
        kind: 'demonstration',
        nameZh: `示范创建申报书测试（${Date.now().toString(36)}）`,
        nameEn: 'Declaration form test',
        declarationOpensAt: new Date(Date.now() - DAY).toISOString(),
        declarationDeadline: new Date(Date.now() + 30 * DAY).toISOString(),
        config: { provincialReviewDays: 15, revisionDays: 10 },
      },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  }

  /** Types a value into a field of the form and leaves it (which saves it). */
  async function type(page: Page, key: string, value: string) {
    const input = page.locator(`#annex-${key}`);
    await input.tap();
    await input.fill(value);
    await input.blur();
  }
  const storedAnnex = async (id: string) =>
    (await h.db.application.findUniqueOrThrow({ where: { id } })).annex as Record<string, unknown>;

  test('when an applicant fills the 申报书 of a demonstration round on a phone, then a missing self-score is refused under it, the completed 申报书 is submitted, and it reads by its parts in Chinese and English', async () => {
    const round = await demonstrationRound();
    const name = `银川市人民政府（申报书${Date.now().toString(36)}）`;
    const applicant = await newApplicant(h, 'city', 'NX', name);
    const table = { cityName: '银川市', ...TABLE };
    // the 申报表 as the draft was left; the 正文 and the self-assessment are typed below
    const created = await http(h.baseUrl, 'POST', '/api/applications', {
      token: applicant.token,
      body: { roundId: round.id, annex: table },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;

    const context = await browser.newContext(PHONE);
    const page = watch(await context.newPage());
    await logInAt(page, h.baseUrl, applicant.user.username, `/workspace/applications/${id}`, { tap: true });
    await page.waitForSelector('#annex-form');
    expect(await page.textContent('h2 >> nth=2')).toContain('全国供应链创新与应用示范城市申报书');
    expect(await page.locator('#annex-form .annex-part').allTextContents()).toEqual(
      ['一、申报表', '二、正文', '三、评价指标自评'].map((t) => expect.stringContaining(t)),
    );
    // the 申报表's fields as the round's form has them, filled from the draft
    expect(await page.inputValue('#annex-cityName')).toBe('银川市');
    expect(await page.locator('#annex-form [id^="annex-selfAssessment-"][id$="-score"]').count()).toBe(
      INDICATORS.length,
    );
    for (const [code, zh, weight] of INDICATORS)
      expect(await page.textContent(`.item-selfAssessment-${code}-score label`)).toBe(
        `${zh}（权重 ${Math.round(weight * 100)}%）自评分（0–100）`,
      );

    for (const [key, text] of Object.entries(SECTIONS)) await type(page, `sections-${key}`, text);
    for (const [code] of INDICATORS) {
      if (code !== 'INNOVATION') await type(page, `selfAssessment-${code}-score`, '80');
      await type(page, `selfAssessment-${code}-basis`, `${code} 的做法与数据`);
    }
    await waitFor('the 正文 saved', async () => {
      const annex = (await storedAnnex(id)) as { sections?: object; selfAssessment?: Record<string, object> };
      return isDeepStrictEqual(annex.sections, SECTIONS) && !!annex.selfAssessment?.GREEN;
    });

    // submitted without the INNOVATION score: the server's words under that score, nothing submitted
    await page.tap('#annex-submit');
    await page.tap('.submit-confirm .el-button--primary');
    const refused = await http(h.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: applicant.token,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(refused.body.error.fields.map((f: { field: string }) => f.field)).toEqual([
      'annex.selfAssessment.INNOVATION.score',
    ]);
    await page.waitForSelector('.item-selfAssessment-INNOVATION-score .el-form-item__error');
    expect(await page.textContent('.item-selfAssessment-INNOVATION-score .el-form-item__error')).toBe(
      refused.body.error.fields[0].message,
    );
    expect((await h.db.application.findUniqueOrThrow({ where: { id } })).status).toBe('draft');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, '申报书 with a refused score (zh-CN, 390 px)')).toEqual([]);
    await shoot(page, 'workspace-declaration.png', false, '.item-selfAssessment-INNOVATION-score');

    await type(page, 'selfAssessment-INNOVATION-score', '92');
    await page.tap('#annex-submit');
    await page.tap('.submit-confirm .el-button--primary');
    await page.waitForSelector('#done');
    const expected = {
      ...table,
      sections: SECTIONS,
      selfAssessment: Object.fromEntries(
        INDICATORS.map(([code]) => [code, { score: code === 'INNOVATION' ? 92 : 80, basis: `${code} 的做法与数据` }]),
      ),
    };
    expect(await storedAnnex(id)).toEqual(expected);
    expect((await h.db.application.findUniqueOrThrow({ where: { id } })).status).not.toBe('draft');

    // as read: by its parts, a section and a score under their own names
    await page.waitForSelector('#annex-view');
    expect(await page.textContent('#annex-view [data-field="sections-practices"]')).toBe(SECTIONS.practices);
    expect(await page.textContent('#annex-view [data-field="selfAssessment-INNOVATION-score"]')).toBe('92');
    expect(await page.locator('#annex-view .annex-part').count()).toBe(3);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.tap('#lang');
    await page.waitForSelector('h2:has-text("Declaration — National supply-chain demonstration city")');
    expect(await page.locator('#annex-view .annex-label').allTextContents()).toContain(
      'Supply-chain innovation and digitalisation (weight 25%): self-score (0–100)',
    );
    expect(await page.locator('#annex-view .annex-part').allTextContents()).toContain(
      '3. Self-assessment on the indicators',
    );
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, '申报书 as submitted (English, 390 px)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when the admin creates a demonstration round with the rules form, then it starts on the 申报书 and the indicators, the removal and demonstration rules are set with a refusal under its field, and the saved round has them', async () => {
    const nameZh = `2028年示范创建（规则${Date.now().toString(36)}）`;
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, h.baseUrl, 'admin', '/workspace/rounds', { watch });
    await page.click('#round-create');
    await page.waitForSelector('#new-round');
    // a demonstration round (the form's first kind) starts on its own defaults
    await page.waitForSelector('[data-section="demonstration"]');
    expect(await page.inputValue('#rule-demonstration-reviewDays')).toBe('730');
    expect(await page.locator('.rubric-row input[aria-label="第 1 项指标代码"]').inputValue()).toBe('MECHANISM');
    expect(await page.locator('.rubric-row').count()).toBe(INDICATORS.length);
    expect(await page.textContent('.rule-annexVersion')).toContain('示范创建申报书');
    // a pilot round has none of it; back to a demonstration round, it is there again
    await page.click('#round-kind .el-radio:has-text("试点")');
    await page.waitForSelector('[data-section="demonstration"]', { state: 'detached' });
    expect(await page.locator('.rubric-row input[aria-label="第 1 项指标代码"]').inputValue()).toBe('FOUNDATION');
    await page.click('#round-kind .el-radio:has-text("示范")');
    await page.waitForSelector('[data-section="demonstration"]');

    await page.fill('#round-nameZh', nameZh);
    await page.fill('#round-nameEn', 'Demonstrations 2028');
    await page.click('.rule-demonstration-eligibility .el-radio:has-text("仅限已有试点")');
    await page.fill('#rule-demonstration-reviewDays', '-5');
    await page.fill('#rule-removal-countersignDays', '7');
    expect(await page.isChecked('#rule-removal-proposeOnMidtermFail')).toBe(true); // the 2018 round's
    await page.click('.rule-removal-proposeOnMidtermFail .el-switch');
    await page.fill('#rule-evaluation-opinionDays', '12');
    // the bodies grade an evaluation by indicator: one, weighing 1
    await page.click('.rule-byIndicators .el-switch');
    const indicator = page.locator('.rule-evaluation-indicators .rubric-row');
    await indicator.locator('input[aria-label="第 1 项指标代码"]').fill('OVERALL');
    await indicator.locator('input[aria-label="第 1 项指标名称（中文）"]').fill('综合成效');
    await indicator.locator('input[aria-label="第 1 项指标名称（英文）"]').fill('Overall results');

    // the JSON view holds what the form says
    await page.click('.rules-json-item .el-collapse-item__header');
    await page.waitForSelector('#rules-json', { state: 'visible' });
    const shown = JSON.parse(await page.inputValue('#rules-json'));
    expect(shown).toMatchObject({
      annexVersion: 3,
      removal: { countersignDays: 7, proposeOnMidtermFail: false },
      demonstration: { eligibility: 'existingPilots', reviewDays: -5 },
      evaluation: {
        opinionDays: 12,
        indicators: [{ code: 'OVERALL', zh: '综合成效', en: 'Overall results', weight: 1 }],
      },
    });
    expect(shown.rubric.map((c: { code: string; weight: number }) => [c.code, c.weight])).toEqual(
      INDICATORS.map(([code, , weight]) => [code, weight]),
    );

    // the server refuses the negative interval, under its field, in its words
    await page.click('#new-round-submit');
    await page.waitForSelector('.rule-demonstration-reviewDays .el-form-item__error');
    const oracle = await http(h.baseUrl, 'POST', '/api/rounds', {
      token: admin,
      headers: { 'accept-language': 'zh-CN' },
      body: {
        kind: 'demonstration',
        nameZh,
        nameEn: 'x',
        declarationOpensAt: new Date().toISOString(),
        declarationDeadline: new Date(Date.now() + DAY).toISOString(),
        config: shown,
      },
    });
    expect(oracle.status).toBe(400);
    const said = oracle.body.error.fields.find(
      (f: { field: string }) => f.field === 'config.demonstration.reviewDays',
    ).message;
    expect(await page.textContent('.rule-demonstration-reviewDays .el-form-item__error')).toBe(said);
    expect(await h.db.round.count({ where: { nameZh } })).toBe(0);
    expect(await axe(page, 'new demonstration round with a refused field (zh-CN, desktop)')).toEqual([]);

    await page.fill('#rule-demonstration-reviewDays', '365');
    await page.click('#new-round-submit');
    await page.locator('a.round-link', { hasText: nameZh }).waitFor();
    const stored = await h.db.round.findFirstOrThrow({ where: { nameZh } });
    expect(stored.kind).toBe('demonstration');
    expect(stored.config).toMatchObject({
      annexVersion: 3,
      removal: { countersignDays: 7, proposeOnMidtermFail: false },
      demonstration: { eligibility: 'existingPilots', reviewDays: 365 },
      evaluation: {
        opinionDays: 12,
        indicators: [{ code: 'OVERALL', zh: '综合成效', en: 'Overall results', weight: 1 }],
      },
    });
    expect((stored.config as { rubric: { code: string }[] }).rubric.map((c) => c.code)).toEqual(
      INDICATORS.map(([code]) => code),
    );
    await context.close();

    // its page on a phone: the rules as read, nothing wider than the phone
    const phone = await browser.newContext(PHONE);
    const small = await logInAt(phone, h.baseUrl, 'admin', `/workspace/rounds/${stored.id}`, { tap: true, watch });
    await small.waitForSelector('#round-title');
    expect(await small.inputValue('#rule-demonstration-reviewDays')).toBe('365');
    expect(await small.isDisabled('#rule-demonstration-reviewDays')).toBe(true);
    expect(await scrollWidth(small)).toBeLessThanOrEqual(390);
    expect(await axe(small, 'demonstration round (zh-CN, 390 px)')).toEqual([]);
    await phone.close();
    expect(cspViolations).toEqual([]);
  });
});
