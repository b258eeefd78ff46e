// The third-party evaluation in the workspace, in headless Chromium against the real API, worker,
// database and Temporal's time-skipping server: a Guangdong city pilot at its mid-term, in a round
// with indicators whose evaluator MOFCOM appointed — the evaluator finds its task in its inbox on a
// phone, reports (its fields asked for first) with a proposed grade and a score per indicator; MIIT's
// grading task shows the report, and MIIT grades by the indicators, the weighted total and its grade
// shown as it types; MOFCOM's pilot page shows how the grade was reached, its round page the
// appointment, fixed now. axe-core finds no serious
// or critical violation; the pages run under the strict CSP.
import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { NATIONAL_BODIES } from '../domain/bodies';
import { gradingTaskId, opinionTaskId, thirdPartyTaskId } from '../shared/definitions';
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
import { newEvaluator, pilotAtMidterm } from './support/evaluator';
import { decide } from './support/flows';
import { login, startTimeSkippingHarness, waitFor } from './support/harness';

const INDICATORS = [
  { code: 'A', zh: '工作机制', en: 'Mechanism', weight: 0.6 },
  { code: 'B', zh: '示范带动', en: 'Leading effect', weight: 0.4 },
];
const SELF_ASSESSMENT = {
  summary: '第一年建成供应链公共服务平台',
  achievements: '平台接入企业 1200 家',
  replicablePractice: '“链长制”统筹产业链协同',
  proposedGrade: 'good',
};

browserSuite('the third-party evaluator and grading by indicators in headless Chromium', () => {
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

  /** The pilot at its mid-term with its self-assessment sent, its round's evaluator appointed by MOFCOM. */
  async function atMidterm() {
    const { user: evaluator } = await newEvaluator(h, '供应链第三方评估中心');
    const name = `广州市人民政府（第三方${crypto.randomUUID().slice(0, 8)}）`;
    const pilot = await pilotAtMidterm(h, {
      evaluatorId: evaluator.id,
      indicators: INDICATORS,
      selfAssessment: SELF_ASSESSMENT,
      name,
    });
    return { id: pilot.id, roundId: pilot.roundId, evaluator, name };
  }

  const taskPath = (id: string) => `/workspace/tasks/${encodeURIComponent(id)}`;
  const errorUnder = (page: Page, selector: string) =>
    page.locator('.el-form-item', { has: page.locator(selector) }).locator('.el-form-item__error');

  test('when the evaluator reports from its inbox on a phone, then MIIT’s grading task shows the report and MIIT grades by the indicators with the total shown live', async () => {
    const { id, roundId, evaluator, name } = await fixture;
    const taskId = thirdPartyTaskId(id, 'midterm');
    await waitFor('the evaluator’s task', () => h.db.task.findFirst({ where: { id: taskId, status: 'open' } }));

    // its inbox on a phone: its one task, and nothing wider than the screen
    const phone = await browser.newContext(PHONE);
    const page = await logInAt(phone, h.baseUrl, evaluator.username, '/workspace/inbox', { watch, tap: true });
    const link = page.locator(`a.task-link[data-task="${taskId}"]`);
    await link.waitFor();
    expect(await page.locator('a.task-link').count()).toBe(1);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await axe(page, 'the evaluator’s inbox (zh-CN, phone)')).toEqual([]);

    await link.click();
    await page.waitForSelector('#third-party-form');
    // it does not read the application, yet its task names the pilot
    expect(await page.textContent('#task-title')).toBe(`第三方评估：${name}`);
    expect(await page.textContent('#third-party #self-assessment [data-field="summary"]')).toBe(
      SELF_ASSESSMENT.summary,
    );
    await page.click('#third-party-submit');
    expect(await errorUnder(page, '#third-party-report-text').textContent()).toBe('必填项');
    expect(await errorUnder(page, '#score-A').textContent()).toBe('必填项');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await axe(page, 'the evaluator’s report refused (zh-CN, phone)')).toEqual([]);
    await page.fill('#third-party-report-text', '平台建设进展明显，协同机制仍需完善');
    await page.click('#proposed-grade [data-grade="good"]');
    await page.fill('#score-A', '85');
    await page.fill('#score-B', '80');
    await page.press('#score-B', 'Tab');
    // 0.6×85 + 0.4×80 = 51 + 32 = 83
    expect(await page.textContent('#indicator-total')).toContain('加权总分 83，对应等级：良好');
    await page.click('#third-party-submit');
    await page.click('.stage-confirm .el-button--primary');
    await page.waitForSelector('#third-party-result');
    expect(await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
      status: 'decided',
      decision: 'report',
      result: {
        report: '平台建设进展明显，协同机制仍需完善',
        proposedGrade: 'good',
        scores: { A: 85, B: 80 },
        total: 83,
      },
    });
    await phone.close();

    // the province opines; MIIT reads the report on its grading task and scores the indicators
    const opinion = opinionTaskId(id, 'midterm');
    await waitFor('the opinion task', () => h.db.task.findFirst({ where: { id: opinion, status: 'open' } }));
    expect(
      (await decide(h, await login(h, 'gd.commerce'), opinion, { decision: 'opine', reason: '同意' })).status,
    ).toBe(200);
    const grading = gradingTaskId(id, 'midterm', 'MIIT');
    await waitFor('MIIT’s grading task', () => h.db.task.findFirst({ where: { id: grading, status: 'open' } }));
    const desktop = await browser.newContext(DESKTOP);
    const miit = await logInAt(desktop, h.baseUrl, 'miit', taskPath(grading), { watch });
    await miit.waitForSelector('#third-party-report');
    expect(await miit.textContent('#third-party-text')).toBe('平台建设进展明显，协同机制仍需完善');
    expect(await miit.textContent('#third-party-grade')).toBe('良好');
    expect(await miit.textContent('#third-party-total')).toBe('83');
    await miit.waitForSelector('#grading-form #indicator-scores');
    expect(await miit.locator('#grading-form #grade').count()).toBe(0); // no grade of its own: the scores decide
    await miit.fill('#score-A', '95');
    await miit.fill('#score-B', '88');
    await miit.press('#score-B', 'Tab');
    // 0.6×95 + 0.4×88 = 57 + 35.2 = 92.2 → excellent (≥ 90)
    expect(await miit.textContent('#indicator-total')).toContain('加权总分 92.2，对应等级：优秀');
    expect(await axe(miit, 'grading by indicators (zh-CN, desktop)')).toEqual([]);
    await miit.click('#grading-submit');
    expect(await miit.textContent('.stage-confirm')).toContain('加权总分 92.2');
    await miit.click('.stage-confirm .el-button--primary');
    await miit.waitForSelector('#grading-result');
    expect((await h.db.task.findUniqueOrThrow({ where: { id: grading } })).result).toMatchObject({
      scores: { A: 95, B: 88 },
      total: 92.2,
      grade: 'excellent',
    });
    await desktop.close();

    // the other seven bodies grade through the API: 0.6×70 + 0.4×70 = 70 → pass each; the grade is pass
    for (const body of NATIONAL_BODIES.filter((b) => b.code !== 'MIIT'))
      expect(
        (
          await decide(h, await login(h, body.code.toLowerCase()), gradingTaskId(id, 'midterm', body.code), {
            decision: 'grade',
            scores: { A: 70, B: 70 },
          })
        ).status,
      ).toBe(200);
    await waitFor('the grade', () => h.db.evaluation.findFirst({ where: { id: `${id}:midterm`, status: 'graded' } }));

    // MOFCOM's pilot page: how the grade was reached; its round page: the appointment, fixed now
    const ministry = await browser.newContext(DESKTOP);
    const mofcom = await logInAt(ministry, h.baseUrl, 'mofcom', `/workspace/pilots/${id}`, { watch });
    const breakdown = mofcom.locator('.evaluation-breakdown[data-stage="midterm"]');
    await breakdown.waitFor();
    expect(await breakdown.locator('tr[data-body="MIIT"] [data-field="total"]').textContent()).toBe('92.2');
    expect(await breakdown.locator('tr[data-body="MIIT"] [data-field="grade"]').textContent()).toBe('优秀');
    expect(await breakdown.locator('tr[data-body="PBOC"] [data-field="total"]').textContent()).toBe('70');
    expect(await breakdown.locator('.breakdown-result').textContent()).toBe('综合等级：合格');
    expect(await axe(mofcom, 'the pilot page with the breakdown (zh-CN, desktop)')).toEqual([]);
    await mofcom.goto(`${h.baseUrl}/workspace/rounds/${roundId}`);
    await mofcom.waitForSelector('#round-evaluator-locked');
    expect(await mofcom.textContent('#round-evaluator-name')).toBe(evaluator.organizationName);
    expect(await mofcom.locator('#round-evaluator-appoint').count()).toBe(0);
    await ministry.close();
    expect(cspViolations).toEqual([]);
  });
});
