// The round page's objections panel (web/src/views/rounds/Objections.vue) in headless Chromium: a
// round in public notice with two listed applicants, an objection to each (a logged-in applicant's
// through the API, a member of the public's through the public API); MOFCOM reads both, dismisses
// one (its missing reason refused under the field first) and upholds the other after the
// confirmation, and the database has both resolved and the upheld applicant off the list. Then
// MIIT's officer reads them in English on a 390 px phone. axe-core and the CSP on every page.
//
// Applicants come only from QH: other suites, sharing the database, use other units.
import type { Browser, Page } from 'playwright-core';
import type { NoticeSnapshot } from '../domain/publicNotice';
import { browserSuite, DESKTOP, launchChromium, logInAt, pageChecks, PHONE, scrollWidth } from './support/browser';
import { http, newApplicant, startTimeSkippingHarness } from './support/harness';
import { noticeRound, scored, toPublicNotice } from './support/publicRound';

browserSuite('the objections of a public notice on the round page in headless Chromium', () => {
  let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
  let browser: Browser;
  let roundId: string;
  let city: { id: string; name: string };
  let enterprise: { id: string; name: string };
  let filerName: string;
  let byApplicant: string;
  let byPublic: string;
  const tag = Date.now().toString(36);
  const email = `zhao.liu.${tag}@example.org`;
  const { watch, axe, cspViolations, report } = pageChecks();

  beforeAll(async () => {
    h = await startTimeSkippingHarness();
    browser = await launchChromium();
    const round = await noticeRound(h, { city: 1, enterprise: 1 });
    roundId = round.id;
    city = { id: '', name: `西宁市人民政府（异议${tag}）` };
    enterprise = { id: '', name: `青海物流有限公司（异议${tag}）` };
    city.id = (await scored(h, roundId, 'city', 'QH', 90, city.name)).id;
    enterprise.id = (await scored(h, roundId, 'enterprise', 'QH', 85, enterprise.name)).id;
    await toPublicNotice(h, roundId);

    // a competitor logged in objects to the city; a member of the public to the enterprise
    const filer = await newApplicant(h, 'enterprise', 'QH', `海东供应链有限公司（异议${tag}）`);
    filerName = filer.user.displayName;
    const filed = await http(h.baseUrl, 'POST', `/api/rounds/${roundId}/objections`, {
      token: filer.token,
      body: { applicationId: city.id, reason: '该市申报的物流园区数据与统计公报不符' },
    });
    expect(filed.status).toBe(201);
    byApplicant = filed.body.id;
    const publicly = await http(h.baseUrl, 'POST', `/api/public/rounds/${roundId}/objections`, {
      body: { applicationId: enterprise.id, name: '赵六', email, reason: '该企业近三年存在重大违法记录' },
    });
    expect(publicly.status).toBe(201);
    byPublic = publicly.body.id;
  }, 240_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  const item = (page: Page, id: string) => page.locator(`.objection[data-objection="${id}"]`);
  const reasonError = (page: Page) =>
    page.locator('.objection-dialog .el-form-item:has(#objection-resolve-reason) .el-form-item__error');

  test('when MOFCOM opens the round in public notice, then it reads both objections with their filers, a dismissal without a reason is refused under the field, and the dismissal and the upholding after its confirmation are recorded with their reasons and the upheld applicant leaves the list', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, h.baseUrl, 'mofcom', `/workspace/rounds/${roundId}`, { watch });
    await page.waitForSelector('#round-objections .objection >> nth=1');
    expect(await page.getAttribute('#notice-phase', 'data-phase')).toBe('open');
    expect(await page.locator('.objection-applicant').allTextContents()).toEqual([city.name, enterprise.name]);
    expect(await item(page, byApplicant).locator('.objection-filer').textContent()).toBe(filerName);
    expect(await item(page, byPublic).locator('.objection-filer').textContent()).toBe(`赵六（社会公众，${email}）`);
    expect(await item(page, byPublic).locator('.objection-reason').textContent()).toBe('该企业近三年存在重大违法记录');
    expect(await page.locator('.objection-status').allTextContents()).toEqual(['待处理', '待处理']);
    expect(await page.locator('.objection-uphold').count()).toBe(2);
    expect(await axe(page, 'round objections open (zh-CN, desktop)')).toEqual([]);

    // dismiss the applicant's objection: without a reason, asked for under the field before any confirmation
    await item(page, byApplicant).locator('.objection-dismiss').click();
    await page.click('#objection-submit');
    await reasonError(page).waitFor();
    expect(await reasonError(page).textContent()).toBe('请填写处理理由');
    expect(await page.locator('.objection-confirm').count()).toBe(0);
    expect(await axe(page, 'objection dismissal with the reason refused (zh-CN, desktop)')).toEqual([]);
    await page.fill('#objection-resolve-reason', '经核实，该市数据与统计公报一致');
    await page.click('#objection-submit');
    expect(await page.textContent('.objection-confirm')).toContain(`确定驳回对“${city.name}”的异议吗？名单保持不变`);
    await page.click('.objection-confirm .el-button--primary');
    await item(page, byApplicant).waitFor({ state: 'detached' }); // the open ones are shown

    // uphold the public's objection: the confirmation says the applicant leaves the list
    await item(page, byPublic).locator('.objection-uphold').click();
    await page.fill('#objection-resolve-reason', '经核实，该企业存在重大违法记录');
    await page.click('#objection-submit');
    expect(await page.textContent('.objection-confirm')).toContain(
      `确定维持对“${enterprise.name}”的异议吗？该单位将移出拟入选名单`,
    );
    await page.click('.objection-confirm .el-button--primary');
    await page.waitForSelector('#objections-none');
    expect(await page.textContent('#objections-none')).toBe('没有待处理的异议');

    // all of them: the resolutions with their reasons
    await page.click('#objections-all');
    await page.waitForSelector('#round-objections .objection >> nth=1');
    expect(await page.locator('.objection-status').allTextContents()).toEqual(['异议不成立', '异议成立']);
    expect(await page.locator('.objection-resolution').allTextContents()).toEqual([
      '经核实，该市数据与统计公报一致',
      '经核实，该企业存在重大违法记录',
    ]);
    const officer = await h.db.user.findUniqueOrThrow({ where: { username: 'mofcom' } });
    // who resolved it, and when in Beijing time
    const resolvedBy = await page.locator('.objection-resolved-by').allTextContents();
    expect(resolvedBy).toHaveLength(2);
    for (const text of resolvedBy) {
      expect(text.trim().startsWith(`${officer.displayName}，`)).toBe(true);
      expect(text.trim()).toMatch(/，\d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 北京时间$/);
    }
    expect(await page.locator('.objection-uphold, .objection-dismiss').count()).toBe(0);
    expect(await axe(page, 'round objections resolved (zh-CN, desktop)')).toEqual([]);

    // the database: both resolved with their reasons; the enterprise is off the list, the city still on it
    const rows = await h.db.objection.findMany({ where: { roundId }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.id, r.status, r.resolution])).toEqual([
      [byApplicant, 'dismissed', '经核实，该市数据与统计公报一致'],
      [byPublic, 'upheld', '经核实，该企业存在重大违法记录'],
    ]);
    const proposal = (await h.db.selection.findUniqueOrThrow({ where: { roundId } })).proposal as unknown as Record<
      'city' | 'enterprise',
      { applicationId: string; selected: boolean }[]
    >;
    expect(proposal.city.find((e) => e.applicationId === city.id)?.selected).toBe(true);
    expect(proposal.enterprise.find((e) => e.applicationId === enterprise.id)?.selected).toBe(false);
    // the notice as recorded with the resolution (the same transaction): the enterprise removed, the city listed
    const changed = await h.db.auditEvent.findFirstOrThrow({
      where: { roundId, action: 'public_notice_changed' },
      orderBy: { id: 'desc' },
    });
    const notice = (changed.detail as unknown as { notice: NoticeSnapshot }).notice;
    expect(notice.removed).toEqual([expect.objectContaining({ applicationId: enterprise.id, objectionId: byPublic })]);
    expect(notice.listed.map((e) => e.applicationId)).toEqual([city.id]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  test('when MIIT’s national officer reads the objections in English on a phone, then they are in English, read-only, without the public filer’s address, and fit the screen', async () => {
    const context = await browser.newContext(PHONE);
    const page = await logInAt(context, h.baseUrl, 'miit', `/workspace/rounds/${roundId}`, { watch, tap: true });
    await page.waitForSelector('#round-objections');
    await page.tap('#lang');
    await page.waitForSelector('#round-objections h2:has-text("Objections")');
    await page.tap('#objections-all');
    await page.waitForSelector('#round-objections .objection >> nth=1');
    expect(await page.textContent('#objections-read-only')).toBe('MOFCOM resolves objections; you may read them.');
    expect(await page.locator('.objection-status').allTextContents()).toEqual(['Dismissed', 'Upheld']);
    expect(await item(page, byPublic).locator('.objection-filer').textContent()).toBe('赵六 (member of the public)');
    expect(await page.locator('.objection-uphold, .objection-dismiss').count()).toBe(0);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await axe(page, 'round objections (en, phone)')).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
