// 取消试点资格 in the workspace, in headless Chromium against the real API, worker, database and Temporal's
// time-skipping server (nothing skips: the countersign's deadlines never come while the browser works):
// MOFCOM proposes a running pilot's removal on its page (the reason refused empty first), MIIT reads
// the proposal on its countersign task on a 390 px phone and objects, MOFCOM answers the objection in
// English by dropping the proposal, and the pilot page lists it dropped; a second proposal the eight
// consent to (through the API) leaves the page saying the pilot is removed. axe-core finds no serious
// or critical violation and the pages run under the strict CSP.
import type { Browser, Page } from 'playwright-core';
import { NATIONAL_BODIES } from '../domain/bodies';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import {
  quarterlyReportWorkflowId,
  removalCountersignTaskId,
  removalId,
  removalRevisionTaskId,
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
import { decide } from './support/flows';
import { http, login, startTimeSkippingHarness, waitFor } from './support/harness';
import { selectedCity, startPilot } from './support/pilots';

/** A time as the workspace writes it in zh-CN: "2018/05/31 23:59 北京时间" (UTC+8, no summer time). */
const beijing = (at: Date) =>
  `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ').replaceAll('-', '/')} 北京时间`;

browserSuite('the removal of a pilot (取消试点资格) in headless Chromium', () => {
  let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
  let browser: Browser;
  const { watch, axe, cspViolations, report } = pageChecks();
  let fixture: ReturnType<typeof cityPilot>;

  beforeAll(async () => {
    h = await startTimeSkippingHarness();
    fixture = started(cityPilot());
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A Guangdong city's running pilot, its workflow started as its application's starts it once selected. */
  async function cityPilot() {
    const name = `深圳市人民政府（取消${Date.now().toString(36)}）`;
    const city = await selectedCity(h, { name });
    const app = { id: city.id };
    await startPilot(h, city, await h.now());
    await waitFor('quarter 1', () =>
      h.client.workflow
        .getHandle(quarterlyReportWorkflowId(app.id, 1))
        .describe()
        .then(
          (d) => d.status.name === 'RUNNING',
          () => false,
        ),
    );
    return { id: app.id, name };
  }

  const taskPath = (id: string) => `/workspace/tasks/${encodeURIComponent(id)}`;
  const errorUnder = (page: Page, selector: string) =>
    page.locator('.el-form-item', { has: page.locator(selector) }).locator('.el-form-item__error');
  const countersignOpen = (id: string, n: number) =>
    waitFor(`removal ${n}'s countersign`, async () =>
      (await h.db.task.count({ where: { applicationId: id, stage: 'removalCountersign', status: 'open' } })) ===
      NATIONAL_BODIES.length
        ? true
        : undefined,
    );

  test('when MOFCOM proposes a running pilot’s removal, MIIT objects on its countersign task and MOFCOM drops the proposal, then the pilot page lists it dropped with the objection and the answer (zh-CN, English, a phone)', async () => {
    const { id, name } = await fixture;
    const first = removalId(id, 1);

    // MOFCOM on the pilot's page: nothing proposed yet; the reason is asked for before anything is sent
    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'America/New_York' });
    const page = await logInAt(context, h.baseUrl, 'mofcom', `/workspace/pilots/${id}`, { watch });
    await page.waitForSelector('#removal-panel');
    expect(await page.textContent('#removal-panel')).toContain('暂无取消试点资格的提议');
    await page.click('#removal-propose');
    await page.waitForSelector('.removal-dialog #removal-grounds');
    expect(await page.locator('#removal-grounds [data-ground]').allTextContents()).toEqual([
      '评估不合格',
      '未按要求参加评估',
      '发生重大问题',
      '企业注销或主体资格灭失',
      '本单位申请退出',
    ]);
    await page.click('[data-ground="major_problem"]');
    await page.click('#removal-submit');
    expect(await errorUnder(page, '#removal-reason').textContent()).toBe('请填写说明');
    expect(await page.locator('.removal-confirm').count()).toBe(0);
    expect(await axe(page, 'removal proposal with the reason refused (zh-CN, desktop)')).toEqual([]);
    await page.fill('#removal-reason', '发生重大安全生产事故，整改不力');
    await page.waitForSelector('.removal-dialog .el-form-item__error', { state: 'detached' }); // gone once typed
    await page.click('#removal-submit');
    expect(await page.textContent('.removal-confirm')).toContain(`确定提议取消“${name}”的试点资格吗`);
    await page.click('.removal-confirm .el-button--primary');
    const proposal = page.locator(`[data-removal="${first}"][data-status="countersigning"]`);
    await proposal.waitFor();
    const row = await h.db.pilotRemoval.findUniqueOrThrow({ where: { id: first } });
    expect(row).toMatchObject({
      status: 'countersigning',
      grounds: ['major_problem'],
      reason: '发生重大安全生产事故，整改不力',
    });
    expect(row.proposedById).not.toBeNull();
    expect(await proposal.locator('.removal-status').textContent()).toBe('会签中');
    expect(await proposal.locator('.removal-grounds').textContent()).toBe('发生重大问题');
    expect(await proposal.locator('.removal-proposer').textContent()).toBe('商务部（市场建设司）');
    expect(await proposal.textContent()).toContain(beijing(row.createdAt)); // Beijing time, whatever the browser's zone
    // one proposal at a time
    expect(await page.locator('#removal-propose').count()).toBe(0);
    expect(await axe(page, 'pilot page with a proposal countersigned (zh-CN, desktop)')).toEqual([]);

    // MIIT on a phone: what it signs, then an objection (its reason asked for first)
    await countersignOpen(id, 1);
    const phone = await browser.newContext(PHONE);
    const miit = await logInAt(phone, h.baseUrl, 'miit', taskPath(removalCountersignTaskId(id, 1, 1, 'MIIT')), {
      watch,
      tap: true,
    });
    await miit.waitForSelector('#removal-summary');
    expect(await miit.textContent('#task-title')).toBe(`取消试点资格会签：${name}`);
    expect(await miit.textContent('#proposal-applicant')).toBe(name);
    expect(await miit.textContent('#proposal-grounds')).toBe('发生重大问题');
    expect(await miit.textContent('#proposal-reason')).toBe('发生重大安全生产事故，整改不力');
    expect(await miit.locator('#decision .el-radio-button').allTextContents()).toEqual(['通过', '提出异议']);
    await miit.tap('#decision [data-decision="object"]');
    await miit.tap('#decide-submit');
    expect(await errorUnder(miit, '#reason').textContent()).toBe('退回补正、不予通过或提出异议时必须填写理由');
    await miit.fill('#reason', '事故已整改到位，建议继续试点');
    await miit.tap('#decide-submit');
    await miit.tap('.decision-confirm .el-button--primary');
    await miit.waitForSelector('#done');
    expect(await miit.textContent('#done')).toContain('本任务已办理：提出异议');
    expect(await scrollWidth(miit)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await axe(miit, 'removal countersign decided (zh-CN, phone)')).toEqual([]);
    await phone.close();

    // MOFCOM answers in English: the objection on its task, a reason required, the proposal dropped
    const revision = removalRevisionTaskId(id, 1, 1);
    await waitFor('MOFCOM’s review', () => h.db.task.findFirst({ where: { id: revision, status: 'open' } }));
    await page.goto(h.baseUrl + taskPath(revision));
    await page.waitForSelector('#removal-summary');
    await page.click('#lang');
    await page.waitForSelector('#task-title:has-text("Review of a removal proposal")');
    expect(await page.textContent('#proposal-grounds')).toBe('A major problem was reported');
    expect(await page.textContent('#proposal-objection')).toBe(
      'Ministry of Industry and Information Technology: 事故已整改到位，建议继续试点',
    );
    expect(await page.locator('#decision .el-radio-button').allTextContents()).toEqual([
      'Maintain the proposal',
      'Drop the proposal',
    ]);
    await page.click('#decision [data-decision="drop"]');
    await page.click('#decide-submit');
    expect(await errorUnder(page, '#reason').textContent()).toBe('A reason is required');
    expect(await axe(page, 'removal review with the reason refused (English, desktop)')).toEqual([]);
    await page.fill('#reason', '采纳工业和信息化部意见');
    await page.click('#decide-submit');
    await page.click('.decision-confirm .el-button--primary');
    await page.waitForSelector('#done');
    expect(await page.textContent('#done')).toContain('Drop the proposal');
    expect(await page.textContent('.history-text[data-action="removal_revising"]')).toBe(
      'The removal was objected to: back to MOFCOM for review',
    );

    // the pilot page: the proposal dropped, with the objection and the answer; the pilot runs on
    await page.goto(`${h.baseUrl}/workspace/pilots/${id}`);
    const dropped = page.locator(`[data-removal="${first}"][data-status="dropped"]`);
    await dropped.waitFor();
    expect(await h.db.pilotRemoval.findUniqueOrThrow({ where: { id: first } })).toMatchObject({
      status: 'dropped',
      objection: { body: 'MIIT', reason: '事故已整改到位，建议继续试点' },
      resolution: '采纳工业和信息化部意见',
    });
    expect(await dropped.locator('.removal-status').textContent()).toBe('Proposal dropped');
    expect(await dropped.locator('.removal-objection').textContent()).toBe(
      'Ministry of Industry and Information Technology: 事故已整改到位，建议继续试点',
    );
    expect(await dropped.locator('.removal-resolution').textContent()).toBe('采纳工业和信息化部意见');
    expect(await page.textContent('#pilot-status')).toBe('Running');
    expect(await page.locator('#removed-banner').count()).toBe(0);
    expect(await page.locator('#removal-propose').count()).toBe(1); // nothing in progress: another may be proposed
    expect(await axe(page, 'pilot page with a dropped proposal (English, desktop)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when the eight bodies consent to a second proposal, then the pilot page says the pilot is removed, when, and offers no further proposal', async () => {
    const { id } = await fixture;
    const second = removalId(id, 2);
    const mofcom = await login(h, 'mofcom');
    const proposed = await http(h.baseUrl, 'POST', `/api/pilots/${id}/removal`, {
      token: mofcom,
      body: { grounds: ['dissolved', 'by_request'], reason: '企业已注销' },
    });
    expect([proposed.status, proposed.body]).toEqual([200, { removalId: second }]);
    await countersignOpen(id, 2);
    for (const body of NATIONAL_BODIES)
      expect(
        (
          await decide(h, await login(h, body.code.toLowerCase()), removalCountersignTaskId(id, 2, 1, body.code), {
            decision: 'approve',
          })
        ).status,
      ).toBe(200);
    const pilot = await waitFor('the pilot removed', async () => {
      const p = await h.db.pilot.findUniqueOrThrow({ where: { id } });
      return p.status === 'removed' ? p : undefined;
    });

    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const page = await logInAt(context, h.baseUrl, 'mofcom', `/workspace/pilots/${id}`, { watch });
    await page.waitForSelector('#removed-banner');
    expect(await page.textContent('#removed-banner')).toContain('本试点已取消试点资格');
    expect(await page.textContent('#removed-banner')).toContain(`取消时间：${beijing(pilot.removedAt!)}`);
    expect(await page.textContent('#pilot-status')).toBe('已取消试点资格');
    const removed = page.locator(`[data-removal="${second}"][data-status="removed"]`);
    expect(await removed.locator('.removal-grounds').textContent()).toBe('企业注销或主体资格灭失；本单位申请退出');
    expect(await removed.locator('.removal-status').textContent()).toBe('已取消试点资格');
    expect(
      await page.locator('[data-removal]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))),
    ).toEqual(['dropped', 'removed']);
    expect(await page.locator('#removal-propose').count()).toBe(0);
    // the quarter it was in is closed with it, not left awaiting a report, and so are those to come
    expect((await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${id}:q1` } })).status).toBe('cancelled');
    const q1 = page.locator('#quarters [data-quarter="1"]');
    expect(await q1.getAttribute('data-state')).toBe('cancelled');
    expect(await q1.locator('.el-tag').first().textContent()).toBe('随试点终止');
    expect(
      await page.locator('#quarters [data-quarter]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))),
    ).toEqual(Array(DEFAULT_ROUND_CONFIG.pilot.quarters).fill('cancelled'));
    expect(await axe(page, 'removed pilot (zh-CN, desktop)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });
});
