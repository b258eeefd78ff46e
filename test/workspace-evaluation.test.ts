// The evaluation in the workspace, in headless Chromium against the real API, worker, database and
// Temporal's time-skipping server: a Guangdong city pilot at its mid-term — Guangdong's commerce
// department reads the pilot's self-assessment on its opinion task and gives its opinion (asked for
// first), then MIIT's grading task shows that opinion above the grade; and the pilot page's
// incentives — PBOC records bond priority through the dialog (its fields asked for first), the pilot's
// applicant reads the record and has no button. axe-core finds no serious or critical violation; the
// pages run under the strict CSP.
import type { Browser, Page } from 'playwright-core';
import { NATIONAL_BODIES } from '../domain/bodies';
import { INCENTIVE_KINDS } from '../domain/incentives';
import { daysToMs, DEFAULT_ROUND_CONFIG } from '../domain/round';
import { gradingTaskId, opinionTaskId } from '../shared/definitions';
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
import { http, startTimeSkippingHarness, waitFor } from './support/harness';
import { selectedCity, startPilot } from './support/pilots';

const QUARTER = daysToMs(DEFAULT_ROUND_CONFIG.pilot.quarterDays);
const SELF_ASSESSMENT = {
  summary: '第一年建成供应链公共服务平台',
  achievements: '平台接入企业 1200 家',
  replicablePractice: '“链长制”统筹产业链协同',
  proposedGrade: 'good',
};

browserSuite('the evaluation’s opinion and a pilot’s incentives in headless Chromium', () => {
  let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
  let browser: Browser;
  const { watch, axe, cspViolations, report } = pageChecks();
  let fixture: ReturnType<typeof atMidterm>;

  beforeAll(async () => {
    h = await startTimeSkippingHarness();
    fixture = started(atMidterm());
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A Guangdong city's pilot at its mid-term, its self-assessment sent (as test/evaluationOpinion.test.ts). */
  async function atMidterm() {
    const name = `广州市人民政府（评估${Date.now().toString(36)}）`;
    const city = await selectedCity(h, { name });
    const { applicant } = city;
    const app = { id: city.id };
    await startPilot(h, city, await h.now());
    await h.skip(4 * QUARTER);
    await waitFor('the mid-term', () => h.db.evaluation.findUnique({ where: { id: `${app.id}:midterm` } }));
    const sent = await http(h.baseUrl, 'POST', `/api/pilots/${app.id}/evaluations/midterm/self-assessment`, {
      token: applicant.token,
      body: SELF_ASSESSMENT,
    });
    expect(sent.status).toBe(200);
    return { id: app.id, name, username: applicant.user.username };
  }

  const taskPath = (id: string) => `/workspace/tasks/${encodeURIComponent(id)}`;
  const errorUnder = (page: Page, selector: string) =>
    page.locator('.el-form-item', { has: page.locator(selector) }).locator('.el-form-item__error');

  test('when Guangdong’s commerce department gives its opinion on the self-assessment it reads on its task, then MIIT’s grading task shows that opinion', async () => {
    const { id, name } = await fixture;
    const opinionTask = opinionTaskId(id, 'midterm');
    await waitFor('the opinion task', () => h.db.task.findFirst({ where: { id: opinionTask, status: 'open' } }));

    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, h.baseUrl, 'gd.commerce', taskPath(opinionTask), { watch });
    await page.waitForSelector('#opinion-self-assessment #self-assessment');
    expect(await page.textContent('#task-title')).toBe(`省级评估意见：${name}`);
    expect(await page.textContent('#self-assessment [data-field="summary"]')).toBe(SELF_ASSESSMENT.summary);
    expect(await page.textContent('#self-assessment [data-field="achievements"]')).toBe(SELF_ASSESSMENT.achievements);
    expect(await page.textContent('#self-assessment [data-field="replicablePractice"]')).toBe(
      SELF_ASSESSMENT.replicablePractice,
    );
    expect(await page.textContent('#self-assessment [data-field="proposedGrade"]')).toBe('良好');
    expect(await page.locator('#decision .el-radio-button').allTextContents()).toEqual(['提出意见']);
    await page.click('#decide-submit');
    expect(await errorUnder(page, '#reason').textContent()).toBe('请填写对试点评估的意见');
    expect(await page.locator('.decision-confirm').count()).toBe(0);
    expect(await axe(page, 'opinion task with the opinion refused (zh-CN, desktop)')).toEqual([]);
    await page.fill('#reason', '平台建设成效明显，建议评为良好');
    await page.click('#decide-submit');
    await page.click('.decision-confirm .el-button--primary');
    await page.waitForSelector('#done');
    expect(await page.textContent('#done')).toContain('本任务已办理：提出意见');
    expect(await h.db.task.findUniqueOrThrow({ where: { id: opinionTask } })).toMatchObject({
      status: 'decided',
      decision: 'opine',
      reason: '平台建设成效明显，建议评为良好',
    });
    await context.close();

    // MIIT grades after it, reading the province's opinion above the self-assessment, on a phone
    const grading = gradingTaskId(id, 'midterm', 'MIIT');
    await waitFor('MIIT’s grading task', () => h.db.task.findFirst({ where: { id: grading, status: 'open' } }));
    const phone = await browser.newContext(PHONE);
    const miit = await logInAt(phone, h.baseUrl, 'miit', taskPath(grading), { watch, tap: true });
    await miit.waitForSelector('#province-opinion');
    expect(await miit.getAttribute('#province-opinion', 'data-status')).toBe('decided');
    expect(await miit.textContent('#province-opinion-text')).toBe('平台建设成效明显，建议评为良好');
    // the seed's name of the party (platform/seed.ts), as the task pages name departments
    expect(await miit.textContent('#province-opinion-department')).toBe('广东省省级商务主管部门');
    await miit.waitForSelector('#grading #self-assessment');
    expect(await miit.locator('#grading-form').count()).toBe(1);
    expect(await scrollWidth(miit)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await axe(miit, 'grading task with the province’s opinion (zh-CN, phone)')).toEqual([]);
    await phone.close();
    expect(cspViolations).toEqual([]);
  });

  test('when PBOC records bond priority on the pilot page (its fields asked for first), then the page lists it with the bank and the day, and the pilot’s applicant reads it with no button to record', async () => {
    const { id, name, username } = await fixture;
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, h.baseUrl, 'pboc', `/workspace/pilots/${id}`, { watch });
    await page.waitForSelector('#incentives-panel #incentives-none');
    await page.click('#incentive-record');
    await page.waitForSelector('.incentive-dialog #incentive-note');
    await page.click('#incentive-submit');
    expect(await errorUnder(page, '#incentive-kind').textContent()).toBe('请选择支持类型');
    expect(await errorUnder(page, '#incentive-day').textContent()).toBe('请选择授予日期');
    expect(await errorUnder(page, '#incentive-note').textContent()).toBe('请填写说明');
    expect(await page.locator('.incentive-confirm').count()).toBe(0);
    expect(await axe(page, 'incentive dialog with its fields refused (zh-CN, desktop)')).toEqual([]);

    await page.click('.el-form-item:has(#incentive-kind) .el-select__wrapper');
    await page.click(`.el-select-dropdown__item:visible:has-text("${INCENTIVE_KINDS.bond_priority.zh}")`);
    // a day after today (CST) is not taken
    await page.fill('#incentive-day', '2099-01-01');
    await page.press('#incentive-day', 'Enter');
    await page.click('.incentive-dialog .el-dialog__title');
    expect(await page.inputValue('#incentive-day')).toBe('');
    await page.fill('#incentive-day', '2026-03-02');
    await page.press('#incentive-day', 'Enter');
    await page.fill('#incentive-note', '支持发行供应链票据');
    await page.click('#incentive-submit');
    expect(await page.textContent('.incentive-confirm')).toContain(
      `确定记录给予“${name}”的“${INCENTIVE_KINDS.bond_priority.zh}”吗`,
    );
    await page.click('.incentive-confirm .el-button--primary');
    const listed = page.locator('#incentives tr[data-kind="bond_priority"]');
    await listed.waitFor();
    const row = await h.db.pilotIncentive.findFirstOrThrow({ where: { pilotId: id } });
    // 2026-03-02 in China is 2026-03-01T16:00Z
    expect(row).toMatchObject({ kind: 'bond_priority', departmentId: 'PBOC', note: '支持发行供应链票据' });
    expect(row.grantedOn.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    const pboc = NATIONAL_BODIES.find((b) => b.code === 'PBOC')!;
    expect(await listed.locator('.incentive-kind').textContent()).toBe(INCENTIVE_KINDS.bond_priority.zh);
    expect(await listed.locator('.incentive-department').textContent()).toBe(pboc.nameZh);
    expect(await listed.locator('.incentive-day').textContent()).toBe('2026/03/02');
    expect(await listed.locator('.incentive-note').textContent()).toBe('支持发行供应链票据');
    expect(await axe(page, 'pilot page with a recorded incentive (zh-CN, desktop)')).toEqual([]);
    await context.close();

    const own = await browser.newContext(DESKTOP);
    const applicant = await logInAt(own, h.baseUrl, username, `/workspace/pilots/${id}`, { watch });
    await applicant.waitForSelector('#incentives tr[data-kind="bond_priority"]');
    expect(await applicant.textContent('#incentives .incentive-department')).toBe(pboc.nameZh);
    expect(await applicant.locator('#incentive-record').count()).toBe(0);
    await own.close();
    expect(cspViolations).toEqual([]);
  });
});
