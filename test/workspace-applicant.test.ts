// The applicant's journey in the workspace (web/src/views/applicant), end to end in headless
// Chromium against the real API, worker, Temporal server and database: a new draft from the
// applications list, the Annex form saved field by field (a refused field keeps its value and its
// message across a reload while the rest is saved), submission after the confirmation; a returned
// application's fixes by department, revision due time and comparison, resubmitted into review
// round 2; the same in English on a 390 × 844 phone by tapping; axe and the CSP on each page. And
// the API's previousSubmission: the annex as last submitted, to those who may read the application.
// Gansu (GS) is this file's province.
import type { Browser, Page } from 'playwright-core';
import { PARTY_CODES, type PartyCode } from '../domain/parties';
import {
  browserSuite,
  DESKTOP,
  launchChromium,
  logInAt,
  pageChecks,
  PHONE,
  scrollWidth,
  shoot,
  started,
} from './support/browser';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { decideRound, draft, getApp, provincialOfficers, statusBecomes, submit } from './support/flows';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

const PROVINCE = 'GS';
/** Every provincial party but one approves. */
const othersApprove = (but: PartyCode) =>
  Object.fromEntries(PARTY_CODES.filter((p) => p !== but).map((p) => [p, { decision: 'approve' }]));
/** The little of the browser's window the page functions use (the tests compile without the DOM library). */
type Win = { localStorage: { getItem(k: string): string | null } };

browserSuite("the applicant's journey in the workspace, in headless Chromium", () => {
  let h: Harness;
  let browser: Browser;
  let roundId: string;
  let roundName: { zh: string; en: string };
  const { watch, axe, cspViolations, report } = pageChecks();

  let fixtures: { [k in 'onPage' | 'throughApi']: ReturnType<typeof returnedCase> };

  beforeAll(async () => {
    h = await startHarness();
    let round: { id: string };
    [round, browser] = await Promise.all([newRound(h), launchChromium()]);
    roundId = round.id;
    // a name of its own: other suites' open rounds share the database and may come first in the list
    roundName = { zh: `测试轮次（申报${roundId}）`, en: `Test round (${roundId})` };
    await h.db.round.update({ where: { id: roundId }, data: { nameZh: roundName.zh, nameEn: roundName.en } });
    // the returned cases go through the provincial review while the browser works on the first test
    const tag = Date.now().toString(36);
    fixtures = {
      onPage: started(
        returnedCase(`天水市人民政府（补正${tag}）`, 'ENVIRONMENT', `请补充绿色供应链的量化目标（${tag}）`),
      ),
      throughApi: started(returnedCase(`酒泉市人民政府（接口${tag}）`, 'COMMERCE', '请补充保障措施')),
    };
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A new applicant organisation of Gansu with a name of its own. */
  async function applicantNamed(kind: 'city' | 'enterprise', name: string) {
    return newApplicant(h, kind, PROVINCE, name);
  }

  /**
   * A Gansu city's application that `party` returned with `reason`, the other parties approving; a
   * draft never submitted has no previous submission.
   */
  async function returnedCase(name: string, party: PartyCode, reason: string) {
    const applicant = await applicantNamed('city', name);
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    expect((await getApp(h, applicant.token, id)).previousSubmission).toBeNull();
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await decideRound(h, await provincialOfficers(h, PROVINCE), id, 1, {
      ...othersApprove(party),
      [party]: { decision: 'return', reason },
    });
    await statusBecomes(h, id, 'returned');
    return { applicant, id, reason };
  }

  /** Logs in through the login page the workspace sends `where` to, and comes back to it. */
  const logInAs = (page: Page, username: string, where: string, tap = false) =>
    logInAt(page, h.baseUrl, username, where, { tap });

  /** What the server says of a refused draft field, in the language asked (the oracle for what the page shows). */
  async function refusal(token: string, id: string, annex: unknown, field: string, language = 'zh-CN') {
    const res = await http(h.baseUrl, 'PUT', `/api/applications/${id}`, {
      token,
      body: { annex },
      headers: { 'accept-language': language },
    });
    expect(res.status).toBe(400);
    return (res.body.error.fields as { field: string; message: string }[]).find((f) => f.field === field)!.message;
  }

  const storedAnnex = async (id: string) =>
    (await h.db.application.findUniqueOrThrow({ where: { id } })).annex as Record<string, unknown>;
  /** In the 新建申报 dialog, picks this file's round by its name. */
  async function pickRound(page: Page, name: string, tap = false) {
    const wrapper = page.locator('.el-form-item:has(#new-round) .el-select__wrapper');
    await (tap ? wrapper.tap() : wrapper.click());
    const option = page.locator('.el-select-dropdown__item:visible', { hasText: name });
    await (tap ? option.tap() : option.click());
  }
  const errorUnder = (page: Page, field: string) => page.locator(`.item-${field} .el-form-item__error`);
  /** Types a value and leaves the field (which saves it). */
  async function type(page: Page, field: string, value: string, tap = false) {
    const input = page.locator(`#annex-${field}`);
    if (tap) await input.tap();
    await input.fill(value);
    await input.blur();
  }

  test('when an applicant creates a draft, types a bad phone among good fields and reloads, then the good fields are saved and the bad one is still there with its error; a key figure in words is refused under its field; fixed and submitted after the confirmation, the application is submitted', async () => {
    const name = `兰州市人民政府（申报${Date.now().toString(36)}）`;
    const applicant = await applicantNamed('city', name);
    const context = await browser.newContext(DESKTOP);
    const page = watch(await context.newPage());
    // an applicant has no inbox: the workspace opens on their applications
    await logInAt(page, h.baseUrl, applicant.user.username, '/workspace/', { back: '/workspace/applications' });
    expect(await page.textContent('h1')).toBe('申报管理');
    expect(await page.locator('a.side-link[href="/workspace/inbox"]').count()).toBe(0);

    // 新建申报: an open round (GET /api/rounds), a draft created and opened
    await page.click('#new-application');
    await pickRound(page, roundName.zh);
    await page.click('#new-application-submit');
    await page.waitForURL(/\/workspace\/applications\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const created = await h.db.application.findUniqueOrThrow({ where: { id } });
    expect(created).toMatchObject({ organizationId: applicant.org.id, status: 'draft', kind: 'city' });
    const openRounds = (await http(h.baseUrl, 'GET', '/api/rounds', { token: applicant.token })).body
      .filter((r: { open: boolean }) => r.open)
      .map((r: { id: string }) => r.id);
    expect(openRounds).toContain(created.roundId);
    expect(created.roundId).toBe(roundId);
    await page.waitForSelector('#annex-form');
    expect(await page.textContent('h2 >> nth=2')).toContain('附件1 城市试点方案');
    // every field of Annex 1 version 2 (the round's) is required on submission: marked so
    expect(await page.locator('.annex-item').count()).toBe(18);
    expect(await page.locator('.annex-item.is-required').count()).toBe(18);
    // the stage diagram: at the declaration, due at the round's deadline in CST
    expect(await page.textContent('#stage-diagram [data-current="true"]')).toContain('申报');
    expect(await page.textContent('#stage-diagram [data-current="true"]')).toContain('北京时间');

    await type(page, 'cityName', '兰州市');
    await type(page, 'contactName', '王磊');
    await type(page, 'contactPhone', 'call me maybe');
    await type(page, 'contactEmail', 'supply-chain@lz.example.org');
    await waitFor('the good fields saved', async () => {
      const annex = await storedAnnex(id);
      return (
        annex.cityName === '兰州市' &&
        annex.contactName === '王磊' &&
        annex.contactEmail === 'supply-chain@lz.example.org'
      );
    });
    const phoneError = await refusal(applicant.token, id, { contactPhone: 'call me maybe' }, 'annex.contactPhone');
    await page.waitForSelector('.item-contactPhone .el-form-item__error');
    expect(await errorUnder(page, 'contactPhone').textContent()).toBe(phoneError);
    // the refused field's save answers before the form's state settles: its line is awaited, not read at once
    await page.locator('#save-state', { hasText: /已保存 \d\d:\d\d/ }).waitFor();
    expect(await page.textContent('#save-state')).toContain('1 项未能保存');
    expect(await axe(page, 'application form with a refused field (zh-CN, desktop)')).toEqual([]);

    // a reload loses nothing: the refused value is back in its field, with its message
    await page.reload();
    await page.waitForSelector('#annex-form');
    expect(await page.inputValue('#annex-contactPhone')).toBe('call me maybe');
    expect(await page.inputValue('#annex-cityName')).toBe('兰州市');
    await page.waitForSelector('.item-contactPhone .el-form-item__error');
    expect(await errorUnder(page, 'contactPhone').textContent()).toBe(phoneError);
    expect(await storedAnnex(id)).toEqual({
      cityName: '兰州市',
      contactName: '王磊',
      contactEmail: 'supply-chain@lz.example.org',
    });

    // fixed: saved, the message and the browser's copy gone
    await type(page, 'contactPhone', '0931-8123456');
    await waitFor('the phone saved', async () => (await storedAnnex(id)).contactPhone === '0931-8123456');
    await page.waitForSelector('.item-contactPhone .el-form-item__error', { state: 'detached' });

    // a key figure typed in words is refused under its field, as the server words it; a number is saved
    await type(page, 'gdpYiCny', '两万亿');
    await page.waitForSelector('.item-gdpYiCny .el-form-item__error');
    expect(await errorUnder(page, 'gdpYiCny').textContent()).toBe(
      await refusal(applicant.token, id, { gdpYiCny: '两万亿' }, 'annex.gdpYiCny'),
    );
    await type(page, 'gdpYiCny', String(cityAnnex().gdpYiCny));
    await waitFor('the figure saved', async () => (await storedAnnex(id)).gdpYiCny === cityAnnex().gdpYiCny);
    await page.waitForSelector('.item-gdpYiCny .el-form-item__error', { state: 'detached' });

    // submitting an incomplete annex: the server's reasons under the fields, nothing submitted
    await page.click('#annex-submit');
    expect(await page.textContent('.submit-confirm')).toContain(name);
    await page.click('.submit-confirm .el-button--primary');
    const incomplete = await http(h.baseUrl, 'POST', `/api/applications/${id}/submit`, {
      token: applicant.token,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(incomplete.status).toBe(400);
    const required = (incomplete.body.error.fields as { field: string; message: string }[]).find(
      (f) => f.field === 'annex.safeguards',
    )!.message;
    await page.waitForSelector('.item-safeguards .el-form-item__error');
    expect(await errorUnder(page, 'safeguards').textContent()).toBe(required);
    expect((await h.db.application.findUniqueOrThrow({ where: { id } })).status).toBe('draft');

    const full = cityAnnex();
    for (const field of [
      'keyIndustryClusters',
      'nationalInfluenceClusters',
      'keyIndustries',
      'eCommerceYiCny',
      'infrastructure',
      'approach',
      'targets',
      'content',
      'safeguards',
    ] as const)
      await type(page, field, String(full[field]));
    await page.click('.item-completeSupportingIndustries [data-choice="true"]');
    await page.click('.item-circulationNode [data-choice="national"]');
    await page.click('.item-publicServicePlatform [data-choice="true"]');
    await page.click('.item-chosenTasks [data-task="INDUSTRY_SUPPLY_CHAIN"]');
    await page.click('.item-chosenTasks [data-task="GREEN_SUPPLY_CHAIN"]');
    await page.waitForSelector('.item-safeguards .el-form-item__error', { state: 'detached' });
    await page.click('#annex-submit');
    await page.click('.submit-confirm .el-button--primary');
    await page.waitForSelector('#done');
    const after = await getApp(h, applicant.token, id);
    expect(after.status).toBe('provincial_review');
    expect(after.submittedAt).not.toBeNull();
    expect(after.annex).toEqual({
      ...full,
      cityName: '兰州市',
      contactName: '王磊',
      contactPhone: '0931-8123456',
      contactEmail: 'supply-chain@lz.example.org',
    });
    expect(
      await page.evaluate(
        (k) => (globalThis as unknown as Win).localStorage.getItem(k),
        `pilotflow.workspace.annex.${id}`,
      ),
    ).toBeNull();
    // the page now shows the annex as submitted and the history in words
    await page.waitForSelector('#annex-view');
    expect(await page.textContent('#history')).toContain('申报单位提交申报');
    expect(await axe(page, 'application page, submitted (zh-CN, desktop)')).toEqual([]);

    // the list links to it
    await page.click('a.side-link[href="/workspace/applications"]');
    const link = page.locator(`a.application-link[data-application="${id}"]`);
    await link.waitFor();
    expect(await link.textContent()).toBe(name);
    expect(await axe(page, 'applications list (zh-CN, desktop)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when an applicant opens a returned application, then they see the fix by department with the revision due time in CST, the comparison after a change, and resubmitting starts review round 2', async () => {
    const { applicant, id, reason } = await fixtures.onPage;
    const returned = await h.db.auditEvent.findFirstOrThrow({
      where: { applicationId: id, action: 'returned' },
      orderBy: { id: 'desc' },
    });
    const dueAt = (returned.detail as { revisionDueAt: string }).revisionDueAt;
    const department = await h.db.department.findUniqueOrThrow({ where: { id: `${PROVINCE}.ENVIRONMENT` } });

    const context = await browser.newContext(DESKTOP);
    const page = watch(await context.newPage());
    await logInAs(page, applicant.user.username, '/workspace/applications');
    await page.click(`a.application-link[data-application="${id}"]`);
    await page.waitForSelector('#fixes');
    expect(await page.textContent('#fixes li')).toBe(`${department.nameZh}：${reason}`);
    const cst = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date(dueAt));
    expect(await page.textContent('#revision-due')).toBe(`补正期限：${cst} 北京时间`);
    expect(await page.textContent('#stage-diagram [data-current="true"]')).toContain(cst);
    expect(await page.textContent('#comparison')).toContain('尚未作出修改');

    const targets = '两年内绿色仓储占比提高到30%，单位物流碳排放下降15%';
    await type(page, 'targets', targets);
    const row = page.locator('#comparison tr.changed');
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-field')).toBe('targets');
    expect(await row.locator('.compare-before').textContent()).toBe(cityAnnex().targets);
    expect(await row.locator('.compare-after').textContent()).toBe(targets);
    expect(await axe(page, 'returned application (zh-CN, desktop)')).toEqual([]);
    await shoot(page, 'workspace-applicant.png', false, '.returned-card');

    await page.click('#annex-submit');
    await page.click('.submit-confirm .el-button--primary');
    await page.waitForSelector('#done');
    const app = await statusBecomes(h, id, 'provincial_review');
    expect(app.reviewRound).toBe(2);
    expect((app.annex as { targets: string }).targets).toBe(targets);
    await context.close();

    // officers and auditors read the same page (both at once): the diagram, the annex, the history; auditors go on to the timeline
    const read = async (reader: string) => {
      const other = await browser.newContext(DESKTOP);
      const readerPage = watch(await other.newPage());
      await logInAs(readerPage, reader, `/workspace/applications/${encodeURIComponent(id)}`);
      await readerPage.waitForSelector('#annex-view');
      expect(await readerPage.textContent('#stage-diagram [data-current="true"]')).toContain('省级审核');
      expect(await readerPage.textContent('#annex-view [data-field="targets"]')).toBe(targets);
      expect(await readerPage.textContent('#history')).toContain(`${department.nameZh} 退回补正`);
      expect(await readerPage.locator('#annex-form').count()).toBe(0);
      const timeline = readerPage.locator('#timeline-link');
      if (reader === 'auditor') {
        expect(await timeline.getAttribute('href')).toBe(`/workspace/applications/${encodeURIComponent(id)}/timeline`);
        expect(await axe(readerPage, 'application page, auditor (zh-CN, desktop)')).toEqual([]);
      } else expect(await timeline.count()).toBe(0);
      await other.close();
    };
    await Promise.all([`${PROVINCE.toLowerCase()}.environment`, 'auditor'].map(read));
    expect(cspViolations).toEqual([]);
  });

  test('when an enterprise applicant works in English at 390 × 844 by tapping, then the new draft, the error under a bad credit code and the submission work, and nothing is wider than the phone', async () => {
    const name = `Gansu Supply Chain Co. (${Date.now().toString(36)})`;
    const applicant = await applicantNamed('enterprise', name);
    const context = await browser.newContext(PHONE);
    const page = watch(await context.newPage());
    await logInAs(page, applicant.user.username, '/workspace/applications', true);
    await page.tap('#lang');
    await page.waitForSelector('h1:has-text("Applications")');
    expect(await axe(page, 'applications list (English, 390 px)')).toEqual([]);

    await page.tap('#new-application');
    await pickRound(page, roundName.en, true);
    await page.tap('#new-application-submit');
    await page.waitForURL(/\/workspace\/applications\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.waitForSelector('#annex-form');
    expect(await page.textContent('h2 >> nth=2')).toContain('Annex 2');
    expect(await page.locator('#stage-diagram').getAttribute('class')).toContain('el-steps--vertical');

    const full = enterpriseAnnex({ legalName: name });
    await type(page, 'legalName', full.legalName, true);
    await type(page, 'creditCode', 'NOT-A-CODE', true);
    const creditError = await refusal(applicant.token, id, { creditCode: 'NOT-A-CODE' }, 'annex.creditCode', 'en');
    await page.waitForSelector('.item-creditCode .el-form-item__error');
    expect(await errorUnder(page, 'creditCode').textContent()).toBe(creditError);
    await waitFor('the legal name saved', async () => (await storedAnnex(id)).legalName === full.legalName);
    await page.locator('#save-state', { hasText: /Saved \d\d:\d\d/ }).waitFor();
    expect(await axe(page, 'application form with a refused field (English, 390 px)')).toEqual([]);

    await type(page, 'creditCode', full.creditCode, true);
    for (const field of [
      'legalRepresentative',
      'industry',
      'supplyChainCapability',
      'managementSystem',
      'talent',
      'platform',
      'industryInfluence',
      'demonstration',
      'targets',
      'measures',
      'contactName',
      'contactPhone',
      'contactEmail',
    ] as const)
      await type(page, field, String(full[field]), true);
    await type(page, 'registeredCapitalWanCny', String(full.registeredCapitalWanCny), true);
    await type(page, 'employees', String(full.employees), true);
    for (const field of ['mainBusinessRevenueWanCny', 'supplyChainPartners', 'supplyChainStaff'] as const)
      await type(page, field, String(full[field]), true);
    await page.tap('.item-independentLegalPerson .el-checkbox');
    for (const task of full.chosenTasks) await page.tap(`.item-chosenTasks [data-task="${task}"]`);
    await page.waitForSelector('.item-creditCode .el-form-item__error', { state: 'detached' });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

    await page.tap('#annex-submit');
    expect(await page.textContent('.submit-confirm')).toContain('Submit the application of');
    await page.tap('.submit-confirm .el-button--primary');
    await page.waitForSelector('#done');
    expect(await page.textContent('#done')).toContain('Submitted');
    const after = await getApp(h, applicant.token, id);
    expect(after.status).toBe('provincial_review');
    expect(after.annex).toEqual(full);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'application page, submitted (English, 390 px)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when a submitted application is returned and revised, then its view carries the annex as last submitted to its applicant and its province’s officers, other provinces are refused, and a draft never submitted has none', async () => {
    // (the draft's previousSubmission, null before its first submission, is checked as the case is made)
    const { applicant, id } = await fixtures.throughApi;
    const revised = cityAnnex({ safeguards: '建立跨部门协调机制，设立专项资金' });
    expect(
      (await http(h.baseUrl, 'PUT', `/api/applications/${id}`, { token: applicant.token, body: { annex: revised } }))
        .status,
    ).toBe(200);

    // the oracle: the latest 'submitted' record of the audit trail
    const record = await h.db.auditEvent.findFirstOrThrow({
      where: { applicationId: id, action: 'submitted' },
      orderBy: { id: 'desc' },
    });
    const expected = { annex: (record.detail as { annex: unknown }).annex, submittedAt: record.at.toISOString() };
    expect(expected.annex).toEqual(cityAnnex());
    const mine = await getApp(h, applicant.token, id);
    expect(mine.previousSubmission).toEqual(expected);
    expect(mine.annex).toEqual(revised);
    expect((await getApp(h, await login(h, `${PROVINCE.toLowerCase()}.environment`), id)).previousSubmission).toEqual(
      expected,
    );
    expect((await getApp(h, await login(h, 'auditor'), id)).previousSubmission).toEqual(expected);
    expect(
      (await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: await login(h, 'qh.commerce') })).status,
    ).toBe(403);
  });

  test('when an application of a round from before form versions is opened, then its Annex 1 reads with the labels of version 1, 产业基础 among them, and none of version 2', async () => {
    const old = await newRound(h, { annexVersion: undefined }); // stored as rounds were before versions
    const applicant = await applicantNamed('city', `定西市人民政府（旧表${Date.now().toString(36)}）`);
    const annex = {
      cityName: '定西市',
      industrialBase: '马铃薯、中药材两大特色产业',
      keyIndustries: '马铃薯产业集群',
      infrastructure: '定西国际陆港',
      chosenTasks: ['INDUSTRY_SUPPLY_CHAIN'],
      approach: '以特色农业为龙头',
      targets: '培育3家农业供应链企业',
      content: '建设农产品供应链平台',
      safeguards: '市政府统筹协调',
      contactName: '赵刚',
      contactPhone: '0932-8123456',
      contactEmail: 'scm@dingxi.example.org',
    };
    const id = await draft(h, applicant.token, old.id, annex);
    expect((await submit(h, applicant.token, id)).status).toBe(200);

    const context = await browser.newContext(DESKTOP);
    const page = watch(await context.newPage());
    await logInAs(page, applicant.user.username, `/workspace/applications/${encodeURIComponent(id)}`);
    await page.waitForSelector('#annex-view');
    expect(
      await page.locator('#annex-view .annex-value').evaluateAll((els) => els.map((e) => e.getAttribute('data-field'))),
    ).toEqual(Object.keys(annex));
    expect(await page.textContent('#annex-view [data-field="industrialBase"]')).toBe(annex.industrialBase);
    const labels = await page.locator('#annex-view .annex-label').allTextContents();
    expect(labels).toContain('产业基础');
    expect(labels).not.toContain('地区生产总值（亿元）');
    await context.close();
    expect(cspViolations).toEqual([]);
  });
});
