// 示范称号动态管理 in the workspace, in headless Chromium against the real API, worker, database and
// Temporal's time-skipping server (it skips only when the test says so): a Guangdong city's title falls
// due for its periodic review and MOFCOM confirms it on its task page (the opinion asked for first);
// MOFCOM then proposes on the application page to revoke it (the reason asked for first), MIIT reads
// and approves the proposal on its countersign task on a 390 px phone, MEE objects through the API,
// MOFCOM reads the objection on its review in English and maintains the proposal, the eight consent
// through the API, and the application page says the title is revoked — in zh-CN, in English and on
// the phone.
// axe-core finds no serious or critical violation and the pages run under the strict CSP.
import type { Browser, Page } from 'playwright-core';
import { NATIONAL_BODIES } from '../domain/bodies';
import { daysToMs } from '../domain/round';
import {
  titleReviewId,
  titleReviewTaskId,
  titleRevocationCountersignTaskId,
  titleRevocationRevisionTaskId,
} from '../shared/definitions';
import {
  browserSuite,
  DESKTOP,
  launchChromium,
  logInAt,
  pageChecks,
  PHONE,
  scrollWidth,
  started,
} from './support/browser';
import { decide, statusBecomes } from './support/flows';
import { login, newRound, startTimeSkippingHarness, waitFor } from './support/harness';
import { scored, toPublicNotice } from './support/publicRound';

/** A time as the workspace writes it in zh-CN: "2018/05/31 23:59 北京时间" (UTC+8, no summer time). */
const beijing = (at: Date) =>
  `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ').replaceAll('-', '/')} 北京时间`;

const DAY = daysToMs(1);
const REVIEW_DAYS = 100;

browserSuite('the reviews and revocation of a demonstration title (动态管理) in headless Chromium', () => {
  let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
  let browser: Browser;
  const { watch, axe, cspViolations, report } = pageChecks();
  let fixture: ReturnType<typeof titledCity>;

  beforeAll(async () => {
    h = await startTimeSkippingHarness();
    fixture = started(titledCity());
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A Guangdong city awarded the title in a demonstration round whose titles are reviewed every REVIEW_DAYS. */
  async function titledCity() {
    const name = `深圳市人民政府（称号${Date.now().toString(36)}）`;
    const round = await newRound(h, {
      dayCount: 'working',
      expertReview: { panelSize: 1, quorum: 1 },
      selection: { quotas: { city: 1, enterprise: 1 }, minScore: 60, countersignDays: 10 },
      publicNotice: { workingDays: 5, offerNextRanked: false },
      demonstration: { eligibility: 'any', reviewDays: REVIEW_DAYS },
    });
    const city = await scored(h, round.id, 'city', 'GD', 90, name);
    await toPublicNotice(h, round.id);
    await h.skip(20 * DAY); // five working days, whatever holidays fall in them
    await statusBecomes(h, city.id, 'titled');
    return { id: city.id, name };
  }

  const taskPath = (id: string) => `/workspace/tasks/${encodeURIComponent(id)}`;
  const appPath = (id: string) => `/workspace/applications/${encodeURIComponent(id)}`;
  const errorUnder = (page: Page, selector: string) =>
    page.locator('.el-form-item', { has: page.locator(selector) }).locator('.el-form-item__error');
  const countersignOpen = (reviewId: string, round: number) =>
    waitFor(`countersign ${round} of ${reviewId}`, async () =>
      (await h.db.task.count({ where: { id: { startsWith: `${reviewId}:cs${round}:` }, status: 'open' } })) ===
      NATIONAL_BODIES.length
        ? true
        : undefined,
    );
  const taskOpen = (id: string) => waitFor(`task ${id}`, () => h.db.task.findFirst({ where: { id, status: 'open' } }));

  test('when a title’s periodic review falls due, then MOFCOM’s task page shows the holder and the review, asks for the opinion first and confirms the title', async () => {
    const { id, name } = await fixture;
    await h.skip(REVIEW_DAYS * DAY);
    const task = titleReviewTaskId(id, 1);
    await taskOpen(task);

    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'America/New_York' });
    const page = await logInAt(context, h.baseUrl, 'mofcom', taskPath(task), { watch });
    await page.waitForSelector('#title-summary');
    expect(await page.textContent('#task-title')).toBe(`示范称号定期复核：${name}`);
    expect(await page.textContent('#title-holder')).toBe(name);
    expect(await page.textContent('#title-review')).toBe('第 1 次定期复核');
    expect(await page.textContent('#title-previous')).toBe('首次复核');
    expect(await page.locator('#decision .el-radio-button').allTextContents()).toEqual(['保留称号', '提议撤销称号']);
    await page.click('#decision [data-decision="confirm"]');
    await page.click('#decide-submit');
    expect(await errorUnder(page, '#reason').textContent()).toBe('请填写复核意见');
    expect(await page.locator('.decision-confirm').count()).toBe(0);
    expect(await axe(page, 'periodic review with the opinion refused (zh-CN, desktop)')).toEqual([]);
    await page.fill('#reason', '示范引领作用持续发挥');
    await page.click('#decide-submit');
    expect(await page.textContent('.decision-confirm')).toContain(
      `确定对“示范称号定期复核：${name}”提交意见“保留称号”吗`,
    );
    await page.click('.decision-confirm .el-button--primary');
    await page.waitForSelector('#done');
    expect(await page.textContent('#done')).toContain('本任务已办理：保留称号');
    const row = await waitFor('the review confirmed', async () => {
      const r = await h.db.titleReview.findUniqueOrThrow({ where: { id: titleReviewId(id, 1) } });
      return r.status === 'confirmed' ? r : undefined;
    });
    expect(row).toMatchObject({ trigger: 'periodic', resolution: '示范引领作用持续发挥' });

    // English: the decisions read as what they do
    await page.click('#lang');
    await page.waitForSelector('#task-title:has-text("Periodic review of a demonstration title")');
    expect(await page.textContent('#title-review')).toBe('Periodic review 1');
    expect(await page.textContent('#done')).toContain('Confirm the title');
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when MOFCOM proposes on the application page to revoke the title, MIIT approves on a phone, MEE objects, MOFCOM maintains it and the eight consent, then the page lists the proposal and says the title is revoked (zh-CN, English, a phone)', async () => {
    const { id, name } = await fixture;
    const second = titleReviewId(id, 2);

    // MOFCOM on the application page: the confirmed review, then a proposal (the reason asked for first)
    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const page = await logInAt(context, h.baseUrl, 'mofcom', appPath(id), { watch });
    const confirmed = page.locator(`[data-review="${titleReviewId(id, 1)}"][data-status="confirmed"]`);
    await confirmed.waitFor();
    const first = await h.db.titleReview.findUniqueOrThrow({ where: { id: titleReviewId(id, 1) } });
    expect(await confirmed.locator('.review-status').textContent()).toBe('复核通过，保留称号');
    expect(await confirmed.locator('.review-trigger').textContent()).toBe('定期复核');
    expect(await confirmed.locator('.review-resolution').textContent()).toBe('示范引领作用持续发挥');
    expect(await confirmed.locator('.review-decided').textContent()).toBe(beijing(first.decidedAt!));
    await page.click('#revocation-propose');
    await page.waitForSelector('.revocation-dialog #revocation-grounds');
    expect(await page.locator('#revocation-grounds [data-ground]').allTextContents()).toEqual([
      '复核未达到示范要求',
      '发生重大问题',
      '企业注销或主体资格灭失',
      '本单位申请撤销',
    ]);
    await page.click('[data-ground="major_problem"]');
    await page.click('#revocation-submit');
    expect(await errorUnder(page, '#revocation-reason').textContent()).toBe('请填写说明');
    expect(await page.locator('.revocation-confirm').count()).toBe(0);
    expect(await axe(page, 'revocation proposal with the reason refused (zh-CN, desktop)')).toEqual([]);
    await page.fill('#revocation-reason', '发生重大质量安全事件，示范作用丧失');
    await page.waitForSelector('.revocation-dialog .el-form-item__error', { state: 'detached' });
    await page.click('#revocation-submit');
    expect(await page.textContent('.revocation-confirm')).toContain(`确定提议撤销“${name}”的示范称号吗`);
    await page.click('.revocation-confirm .el-button--primary');
    const proposal = page.locator(`[data-review="${second}"][data-status="countersigning"]`);
    await proposal.waitFor();
    const row = await h.db.titleReview.findUniqueOrThrow({ where: { id: second } });
    expect(row).toMatchObject({
      trigger: 'proposal',
      grounds: ['major_problem'],
      reason: '发生重大质量安全事件，示范作用丧失',
    });
    expect(row.proposedById).not.toBeNull();
    expect(await proposal.locator('.review-status').textContent()).toBe('撤销称号提议会签中');
    expect(await proposal.locator('.review-grounds').textContent()).toBe('发生重大问题');
    expect(await proposal.textContent()).toContain(beijing(row.createdAt));
    expect(await page.locator('#revocation-propose').count()).toBe(0); // one at a time

    // MIIT on a phone: what it signs, and its consent
    await countersignOpen(second, 1);
    const phone = await browser.newContext(PHONE);
    const miit = await logInAt(phone, h.baseUrl, 'miit', taskPath(titleRevocationCountersignTaskId(id, 2, 1, 'MIIT')), {
      watch,
      tap: true,
    });
    await miit.waitForSelector('#revocation-summary');
    expect(await miit.textContent('#task-title')).toBe(`撤销示范称号会签：${name}`);
    expect(await miit.textContent('#proposal-applicant')).toBe(name);
    expect(await miit.textContent('#proposal-grounds')).toBe('发生重大问题');
    expect(await miit.textContent('#proposal-reason')).toBe('发生重大质量安全事件，示范作用丧失');
    expect(await miit.locator('#decision .el-radio-button').allTextContents()).toEqual(['通过', '提出异议']);
    await miit.tap('#decide-submit');
    await miit.tap('.decision-confirm .el-button--primary');
    await miit.waitForSelector('#done');
    expect(await miit.textContent('#done')).toContain('本任务已办理：通过');
    expect(await scrollWidth(miit)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await axe(miit, 'revocation countersign decided (zh-CN, phone)')).toEqual([]);

    // MEE objects through the API; MOFCOM reads the objection on its review in English and maintains the proposal
    const objection = await decide(h, await login(h, 'mee'), titleRevocationCountersignTaskId(id, 2, 1, 'MEE'), {
      decision: 'object',
      reason: '建议限期整改后再议',
    });
    expect(objection.status).toBe(200);
    const revision = titleRevocationRevisionTaskId(id, 2, 1);
    await taskOpen(revision);
    await page.goto(h.baseUrl + taskPath(revision));
    await page.waitForSelector('#revocation-summary');
    await page.click('#lang');
    await page.waitForSelector('#task-title:has-text("Review of a revocation proposal")');
    expect(await page.textContent('#revocation-summary h2')).toBe('The revocation proposal');
    expect(await page.textContent('#proposal-grounds')).toBe('A major problem was reported');
    expect(await page.textContent('#proposal-objection')).toBe(
      'Ministry of Ecology and Environment: 建议限期整改后再议',
    );
    expect(await page.locator('#decision .el-radio-button').allTextContents()).toEqual([
      'Maintain the proposal',
      'Drop the proposal',
    ]);
    await page.click('#decide-submit');
    expect(await errorUnder(page, '#reason').textContent()).toBe('A reason is required');
    expect(await axe(page, 'revocation review with the reason refused (English, desktop)')).toEqual([]);
    await page.fill('#reason', '整改期已过，仍未达标');
    await page.click('#decide-submit');
    await page.click('.decision-confirm .el-button--primary');
    await page.waitForSelector('#done');
    expect(await page.textContent('#done')).toContain('Maintain the proposal');
    await page.click('#lang'); // back to zh-CN

    // countersigned again: the eight consent through the API, and the title is revoked
    await countersignOpen(second, 2);
    for (const body of NATIONAL_BODIES)
      expect(
        (
          await decide(
            h,
            await login(h, body.code.toLowerCase()),
            titleRevocationCountersignTaskId(id, 2, 2, body.code),
            { decision: 'approve' },
          )
        ).status,
      ).toBe(200);
    await statusBecomes(h, id, 'revoked');
    const revoked = await waitFor('the review revoked', async () => {
      const r = await h.db.titleReview.findUniqueOrThrow({ where: { id: second } });
      return r.status === 'revoked' ? r : undefined;
    });

    await page.goto(h.baseUrl + appPath(id));
    await page.waitForSelector('#revoked-banner');
    expect(await page.textContent('#revoked-banner')).toContain('示范称号已撤销');
    expect(await page.textContent('#revoked-banner')).toContain(`撤销时间：${beijing(revoked.decidedAt!)}`);
    expect(await page.textContent('#application-status')).toBe('示范称号已撤销');
    expect(await page.getAttribute('#stage-diagram [data-current]', 'data-step')).toBe('titled');
    const done = page.locator(`[data-review="${second}"][data-status="revoked"]`);
    expect(await done.locator('.review-status').textContent()).toBe('已撤销示范称号');
    expect(await done.locator('.review-reason').textContent()).toBe('整改期已过，仍未达标');
    expect(await done.locator('.review-objection').textContent()).toBe('生态环境部：建议限期整改后再议');
    expect(await done.textContent()).toContain('第 2 轮会签');
    expect(await page.locator('#revocation-propose').count()).toBe(0);
    expect(await page.textContent('.history-text[data-action="title_revoked"]')).toBe('示范称号已撤销');
    expect(await axe(page, 'revoked title (zh-CN, desktop)')).toEqual([]);
    await page.click('#lang');
    await page.waitForSelector('#revoked-banner:has-text("The demonstration title has been revoked")');
    expect(await done.locator('.review-status').textContent()).toBe('Title revoked');
    expect(await done.locator('.review-grounds').textContent()).toBe('A major problem was reported');
    await context.close();

    // the revoked page on the phone: nothing wider than the screen
    await miit.goto(h.baseUrl + appPath(id));
    await miit.waitForSelector('#revoked-banner');
    expect(await scrollWidth(miit)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await axe(miit, 'revoked title (zh-CN, phone)')).toEqual([]);
    await phone.close();
    expect(cspViolations).toEqual([]);
  });
});
