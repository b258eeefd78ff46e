// The public pages (web/src/views/public) in headless Chromium, without logging in: from the login
// page's link to the rounds whose list is in public notice or final (the 2018 round's recorded
// notice among them), a round's list as the public API gives it, and an objection filed through the
// form with its receipt code shown and mailed; the same in English and on a 390 px phone; axe-core
// and the CSP on every page.
//
// Applicants come only from NB and DL: other suites, sharing the database, use other units.
import type { Browser, Page } from 'playwright-core';
import { objectionEventKey } from '../domain/publicNotice';
import { browserSuite, DESKTOP, launchChromium, pageChecks, PHONE, scrollWidth, shoot } from './support/browser';
import { http, startTimeSkippingHarness } from './support/harness';
import { delivered } from './support/mail';
import { noticeRound, scored, toPublicNotice } from './support/publicRound';

browserSuite('the public list pages in headless Chromium', () => {
  let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
  let browser: Browser;
  let roundId: string;
  const tag = Date.now().toString(36);
  const { watch, axe, cspViolations, report } = pageChecks();

  beforeAll(async () => {
    h = await startTimeSkippingHarness();
    browser = await launchChromium();
    const round = await noticeRound(h, { city: 1, enterprise: 1 });
    roundId = round.id;
    await scored(h, round.id, 'city', 'NB', 90, `宁波市人民政府（公示${tag}）`);
    await scored(h, round.id, 'enterprise', 'DL', 85, `大连港口物流有限公司（公示${tag}）`);
    await toPublicNotice(h, round.id);
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** What the public API answers (the oracle of what the pages show). */
  const publicList = async () => (await http(h.baseUrl, 'GET', `/api/public/rounds/${roundId}/list`)).body;
  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

  test('when someone without an account follows the login page’s link, then they read the rounds and the list without logging in, and an objection through the form gets its receipt code, shown and mailed to the address given, and looking the code up tells where it stands', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = watch(await context.newPage());
    await page.goto(`${h.baseUrl}/workspace/login`);
    await page.click('#login-public');
    await page.waitForURL(/\/workspace\/public$/);
    await page.waitForSelector(`a.public-round-link[data-round="${roundId}"]`);
    expect(await page.textContent('h1')).toBe('公示与名单');
    // the 2018 round's notice of 19 September 2018, as the public API gives its window
    const rounds = (await http(h.baseUrl, 'GET', '/api/public/rounds')).body as {
      id: string;
      notice: { startsOn: string; endsOn: string; workingDays: number } | null;
    }[];
    const r2018 = rounds.find((r) => r.id === 'pilot-2018')!;
    const row2018 = page.locator('.public-rounds-table tbody tr', {
      has: page.locator('a[data-round="pilot-2018"]'),
    });
    expect(await row2018.textContent()).toContain(
      `${r2018.notice!.startsOn} 至 ${r2018.notice!.endsOn}（北京时间，5 个工作日）`,
    );
    expect(await row2018.textContent()).toContain('商建函〔2018〕654号');
    expect(await axe(page, 'public rounds (zh-CN, desktop)')).toEqual([]);

    // the list: the applicants in the API's order, its window; nothing asked of a login
    await page.click(`a.public-round-link[data-round="${roundId}"]`);
    await page.waitForSelector('.public-applicant');
    const list = await publicList();
    expect(await texts(page, '.public-applicant')).toEqual(list.listed.map((a: { name: string }) => a.name));
    expect(await page.textContent('.public-window')).toBe(
      `${list.notice.startsOn} 至 ${list.notice.endsOn}（北京时间，5 个工作日）`,
    );
    expect(await page.textContent('.public-phase')).toBe('公示中');
    expect(new URL(page.url()).pathname).toBe(`/workspace/public/${roundId}`);
    await shoot(page, 'workspace-public.png', true);
    expect(await axe(page, 'public list (zh-CN, desktop)')).toEqual([]);

    // an objection through the form
    const email = `wang.wu.${tag}@example.org`;
    const target = list.listed[0] as { applicationId: string; name: string };
    await page.click('.el-form-item:has(#objection-applicant) .el-select__wrapper');
    await page.click(`.el-select-dropdown__item:visible:has-text("${target.name}")`);
    await page.fill('#objection-name', '王五');
    await page.fill('#objection-email', email);
    await page.fill('#objection-reason', '该单位申报的仓储面积与实际不符');
    await page.click('#objection-submit');
    await page.waitForSelector('#objection-received');
    const objection = await h.db.objection.findFirstOrThrow({ where: { roundId, filerContact: email } });
    expect(objection).toMatchObject({ applicationId: target.applicationId, filerName: '王五', status: 'open' });
    expect(await page.textContent('#objection-received')).toContain(
      `回执编号 ${objection.receiptCode} 已发送至 ${email}`,
    );
    const [receipt] = await delivered(
      h,
      { eventKey: objectionEventKey(objection.id, 'filed'), event: 'objection_receipt' },
      1,
    );
    expect([receipt.email, receipt.text.includes(objection.receiptCode!)]).toEqual([email, true]);
    expect(await axe(page, 'public list after an objection (zh-CN, desktop)')).toEqual([]);

    // the receipt code, looked up on the rounds page: where the objection stands
    await page.click('.public-back');
    await page.fill('#receipt-code', objection.receiptCode!.toLowerCase());
    await page.click('#receipt-look');
    await page.waitForSelector('#receipt-found');
    expect(await page.getAttribute('.receipt-status', 'data-status')).toBe('open');
    expect(await page.textContent('#receipt-found')).toContain(target.name);
    await page.fill('#receipt-code', '2222-2222-2222');
    await page.click('#receipt-look');
    await page.waitForSelector('.public-lookup .el-form-item__error');
    expect(await page.textContent('.public-lookup .el-form-item__error')).toBe('未找到该回执编号对应的异议');
    expect(await axe(page, 'public rounds with a lookup (zh-CN, desktop)')).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  test('when the list is read in English on a phone, then it is in English, fits the screen, and an unknown round says so', async () => {
    const context = await browser.newContext(PHONE);
    const page = watch(await context.newPage());
    await page.goto(`${h.baseUrl}/workspace/public/${roundId}`);
    await page.waitForSelector('.public-applicant');
    await page.tap('.public-lang');
    await page.waitForSelector('.public-phase:has-text("In public notice")');
    const list = await publicList();
    expect(await page.textContent('.public-window')).toBe(
      `${list.notice.startsOn} to ${list.notice.endsOn} (Beijing time, 5 working days)`,
    );
    expect(await texts(page, '.public-objection h2')).toEqual(['Object']);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'public list (en, phone)')).toEqual([]);

    await page.goto(`${h.baseUrl}/workspace/public/no-such-round`);
    await page.waitForSelector('.el-empty');
    expect(await page.textContent('.el-empty')).toContain('No list is in public notice or published');
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
