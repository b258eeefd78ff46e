// The unit's recommendation (择优推荐) in the workspace, in headless Chromium against the real API,
// worker, Temporal server and database: Guangdong's commerce department reads its deadlines, ranks
// the cities its joint review approved (one moved up by the keyboard, one switched out), is told at
// the list that the round takes two at most, and submits; a countersigning party reads the ranked
// list on its task; once the six approve (through the API) the page shows the recommendation sent,
// with Annex 3 to download, and the application its place; English too; axe finds nothing serious.
// And a central enterprise's route: recommended by a State Council department it picks on submitting.
import type { Browser, Page } from 'playwright-core';
import { PARTY_CODES } from '../domain/parties';
import { recommendationCountersignTaskId, recommendTaskId } from '../shared/definitions';
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
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { ALL_APPROVE, decide, decideRound, draft, provincialOfficers, reached, submit } from './support/flows';
import { newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

const COSIGNERS = PARTY_CODES.filter((p) => p !== 'COMMERCE');
/** The little of the browser's window the focus check reads (the tests compile without the DOM library). */
type Focus = { document: { activeElement: { dataset: Record<string, string> } | null } };

/** A time as the workspace writes it in zh-CN: "2018/05/31 23:59 北京时间" (UTC+8, no summer time). */
const beijing = (at: Date) =>
  `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ').replaceAll('-', '/')} 北京时间`;

/** The minute a time falls in, as typed into the deadline's picker: Beijing's wall clock. */
const wall = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

browserSuite('the recommendation page (/workspace/recommendation) in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  const { watch, axe, cspViolations, report } = pageChecks();
  let fixture: ReturnType<typeof threeApprovedCities>;

  beforeAll(async () => {
    h = await startHarness();
    fixture = started(threeApprovedCities());
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A round taking two cities a unit, and three GD cities its seven parties approved, all held by the unit's draft. */
  async function threeApprovedCities() {
    const round = await newRound(h, { recommendation: { countersignDays: 5, cap: { city: 2 } } });
    const tag = Date.now().toString(36);
    const officers = await provincialOfficers(h, 'GD');
    const [a, b, c] = await Promise.all(
      [`广州市人民政府（推荐甲${tag}）`, `佛山市人民政府（推荐乙${tag}）`, `东莞市人民政府（推荐丙${tag}）`].map(
        async (name) => {
          const applicant = await newApplicant(h, 'city', 'GD', name);
          const id = await draft(h, applicant.token, round.id, cityAnnex());
          expect((await submit(h, applicant.token, id)).status).toBe(200);
          await decideRound(h, officers, id, 1, ALL_APPROVE);
          await reached(h, id, 'recommending');
          return { id, name };
        },
      ),
    );
    const rec = await waitFor('the draft holding the three', async () => {
      const row = await h.db.recommendation.findFirst({ where: { roundId: round.id, provinceCode: 'GD' } });
      return row && [a, b, c].every((x) => row.applications.includes(x.id)) ? row : undefined;
    });
    return { round, a, b, c, rec, officers };
  }

  const order = (page: Page, selector: string) =>
    page.locator(`${selector} > li`).evaluateAll((els) => els.map((e) => e.getAttribute('data-application')));

  test('when Guangdong’s commerce department ranks two of its three approved cities and the six parties approve, then the countersign reads the ranked list, the page shows it sent with Annex 3, and the over-cap refusal stood at the list (zh-CN and English)', async () => {
    const { round, a, b, c, rec, officers } = await fixture;
    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'America/New_York', acceptDownloads: true });
    const page = await logInAt(context, h.baseUrl, 'gd.commerce', `/workspace/recommendation?round=${round.id}`, {
      watch,
    });

    // the deadlines in Beijing time whatever the browser's zone: the applicants' is the round's default
    await page.waitForSelector('#deadline-card');
    expect(await page.textContent('#national-deadline')).toBe(beijing(round.declarationDeadline));
    expect(await page.textContent('#deadline-source')).toBe('轮次默认（全国截止时间前若干工作日）');

    // the commerce department brings its applicants' deadline forward: one after the national deadline is
    // refused under the field; three days before it is taken, and said to be the unit's own
    const setDeadline = async (at: Date) => {
      await page.fill('#deadline-input', wall(at));
      await page.press('#deadline-input', 'Enter');
      await page.click('#deadline-save');
    };
    await page.click('#deadline-change');
    await setDeadline(new Date(round.declarationDeadline.getTime() + 86_400_000));
    const refusal = await page.waitForSelector('.deadline-item .el-form-item__error');
    expect(await refusal.textContent()).toContain('不得晚于报送商务部的截止时间');
    const earlier = new Date(round.declarationDeadline.getTime() - 3 * 86_400_000);
    await setDeadline(earlier);
    await page.waitForSelector('#deadline-source:has-text("本地区商务主管部门设定")');
    expect(await page.textContent('#applicant-deadline')).toBe(beijing(new Date(`${wall(earlier)}:00+08:00`)));

    expect((await page.locator('#recommend-ready [data-application]').allTextContents()).sort()).toEqual(
      [a.name, b.name, c.name].sort(),
    );

    // the pipeline counts them as waiting for the recommendation; nothing runs late
    const waiting = page.locator('#recommend-pipeline .el-table__row', {
      has: page.locator('[data-status="recommending"]'),
    });
    expect(await waiting.locator('td').allTextContents()).toEqual(['省级审核通过，待择优推荐', '3']);
    expect(await page.locator('#recommend-late .el-table__row').count()).toBe(0);

    // all three in the city list, the reasons written: the round takes two, said at the list
    const cities = '#recommend-draft .draft-group-city .draft-list';
    await page.waitForSelector(cities);
    expect((await order(page, cities)).sort()).toEqual([a.id, b.id, c.id].sort());
    await page.fill('#recommend-reason', '广州、佛山供应链基础好，佛山制造业协同更优');
    await page.click('#recommend-submit');
    await page.click('.recommend-confirm .el-button--primary');
    await page.waitForSelector('.draft-group-city .el-form-item__error');
    expect(await page.textContent('.draft-group-city .el-form-item__error')).toBe(
      '本轮每个申报单位至多推荐 2 个城市（自贸区）',
    );
    expect(await axe(page, 'recommendation draft with the list refused (zh-CN)')).toEqual([]);

    // Dongguan switched out (listed under 不予推荐), the second city moved to the top by the keyboard
    await page.click(`[data-include="${c.id}"]`);
    await page.waitForSelector(`#draft-excluded [data-application="${c.id}"]`);
    expect(await order(page, '#draft-excluded .draft-list')).toEqual([c.id]);
    await page.waitForSelector('.draft-group-city .el-form-item__error', { state: 'detached' }); // stale once changed
    const [first, second] = await order(page, cities);
    expect([first, second].sort()).toEqual([a.id, b.id].sort());
    await page.focus(`[data-move="up"][data-entry="${second}"]`);
    await page.keyboard.press('Enter');
    expect(await order(page, cities)).toEqual([second, first]);
    expect(await page.locator('.el-message--error').count()).toBe(0); // nothing went wrong on the way
    // the focus stays with the entry moved: on its other button, now that it is first
    expect(await page.evaluate(() => (globalThis as unknown as Focus).document.activeElement?.dataset)).toEqual(
      expect.objectContaining({ move: 'down', entry: second }),
    );
    await page.click('#recommend-submit');
    await page.click('.recommend-confirm .el-button--primary');
    await page.waitForSelector(`.recommendation[data-recommendation="${rec.id}"][data-status="countersign"]`);
    expect(await h.db.recommendation.findUniqueOrThrow({ where: { id: rec.id } })).toMatchObject({
      ranking: { city: [second, first], enterprise: [] },
      reason: '广州、佛山供应链基础好，佛山制造业协同更优',
    });

    // a countersigning party reads the ranked list and the reasons above its decision
    const cosign = await browser.newContext(DESKTOP);
    const taskId = recommendationCountersignTaskId(rec.id, 1, 'INDUSTRY_IT');
    const party = await logInAt(cosign, h.baseUrl, 'gd.industry_it', `/workspace/tasks/${encodeURIComponent(taskId)}`, {
      watch,
    });
    await party.waitForSelector('#countersign-draft .ranked-list[data-group="city"]');
    expect(await order(party, '#countersign-draft .ranked-list[data-group="city"]')).toEqual([second, first]);
    expect(await party.textContent('#countersign-draft')).toContain('推荐理由：广州、佛山供应链基础好');
    expect(await party.locator('#decision .el-radio-button').allTextContents()).toEqual([
      '通过',
      '退回补正',
      '不予通过',
    ]);
    expect(await axe(party, 'recommendation countersign task (zh-CN)')).toEqual([]);
    await cosign.close();

    // the six approve: sent, with Annex 3 and each city's place
    await Promise.all(
      COSIGNERS.map(async (p) =>
        expect(
          (await decide(h, officers[p], recommendationCountersignTaskId(rec.id, 1, p), { decision: 'approve' })).status,
        ).toBe(200),
      ),
    );
    await reached(h, second!, 'forwarded');
    await page.click('[aria-label="刷新"]');
    const sent = `.recommendation[data-recommendation="${rec.id}"][data-status="sent"]`;
    await page.waitForSelector(sent);
    expect(await page.textContent(`${sent} .recommend-status`)).toBe('已报送商务部');
    expect(await order(page, `${sent} .ranked-list[data-group="city"]`)).toEqual([second, first]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${sent} .annex3-pdf`)]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(await axe(page, 'recommendation sent (zh-CN)')).toEqual([]);

    // the drafting task's page says what was sent
    await page.goto(`${h.baseUrl}/workspace/tasks/${encodeURIComponent(recommendTaskId(rec.id, 1))}`);
    await page.waitForSelector('#recommend-task #done');
    expect(await page.textContent('#recommend-task #done')).toContain('本任务已办理：择优推荐');
    // the ranked list is read with the recommendation, a moment after the task
    await page.waitForSelector('#recommend-task .ranked-list[data-group="city"] > li');
    expect(await order(page, '#recommend-task .ranked-list[data-group="city"]')).toEqual([second, first]);
    await page.goBack();
    await page.waitForSelector(sent);

    // in English
    await page.click('#lang');
    await page.waitForSelector('h1:has-text("Recommendation")');
    expect(await page.textContent(`${sent} .recommend-status`)).toBe('Sent to MOFCOM');
    expect(await page.textContent(`${sent} .annex3-xlsx`)).toBe('Annex 3 (Excel)');
    expect(await page.textContent('#deadline-source')).toBe("Set by the unit's commerce department");
    expect(await axe(page, 'recommendation sent (English)')).toEqual([]);
    // on a phone (the page laid out afresh at its width) nothing scrolls sideways
    await page.setViewportSize(PHONE.viewport);
    await page.reload();
    await page.waitForSelector(sent);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.viewport.width);

    // the first city's page tells an officer its place
    await page.goto(`${h.baseUrl}/workspace/applications/${second}`);
    expect(await (await page.waitForSelector('#provincial-rank')).textContent()).toBe('Cities and FTZs: No. 1');
    await context.close();

    // MOFCOM picks the unit: the same recommendation, nothing to draft or change
    const national = await browser.newContext(DESKTOP);
    const mofcom = await logInAt(national, h.baseUrl, 'mofcom', `/workspace/recommendation?round=${round.id}&unit=GD`, {
      watch,
    });
    await mofcom.waitForSelector(sent);
    expect(await mofcom.textContent('h1')).toBe('择优推荐 · 广东省');
    expect(await mofcom.locator('#recommend-unit').count()).toBe(1);
    expect(await mofcom.locator('#recommend-draft, #deadline-change').count()).toBe(0);
    await national.close();
    expect(cspViolations).toEqual([]);
  });

  test('when a central enterprise chooses to be recommended by MIIT and submits, then its application goes to MIIT’s review, not straight to MOFCOM', async () => {
    const { round } = await fixture;
    const applicant = await newApplicant(
      h,
      'central_enterprise',
      null,
      `中国某物流集团（路径${Date.now().toString(36)}）`,
    );
    const id = await draft(h, applicant.token, round.id, enterpriseAnnex());
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, h.baseUrl, applicant.user.username, `/workspace/applications/${id}`, { watch });
    await page.waitForSelector('[data-test="central-route"]');
    await page.click('[data-test="route-department"]');
    await page.click('[data-test="route-select"]');
    await page.click('.el-select-dropdown__item:has-text("工业和信息化部")');
    await page.click('#annex-submit');
    await page.click('.submit-confirm .el-button--primary');
    await reached(h, id, 'ministry_review');
    const task = await waitFor('MIIT’s task', () =>
      h.db.task.findFirst({ where: { applicationId: id, stage: 'ministryReview' } }),
    );
    expect(task.departmentId).toBe('MIIT');
    await axe(page, 'central enterprise’s route (zh-CN, desktop)');
    await context.close();
  });
});
