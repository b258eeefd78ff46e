// The workspace's rounds pages and the auditor's timeline (web/src/views/rounds, web/src/views/audit)
// end to end in headless Chromium against the real API, worker, Temporal server and database: the
// administrator creates a round with the rules form (a contradiction refused under its field, the
// JSON view kept in step) and changes them, MOFCOM closes a round's declarations and assigns a batch
// round's experts after the confirmation, an auditor reads an application's case in words and its
// technical records with the hash chain and downloads the CSV; the same in English and tapped on a
// 390 px phone; axe-core on every page.
import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { PARTY_CODES } from '../domain/parties';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import {
  browserSuite,
  DESKTOP,
  launchChromium,
  logInAt as logInThrough,
  pageChecks,
  PHONE,
  scrollWidth,
  shoot,
  started,
  submitLogin,
} from './support/browser';
import { cityAnnex } from './support/fixtures';
import { approveAllAndRecommend, draft, statusBecomes, submit } from './support/flows';
import { http, login, newApplicant, newExpert, newRound, startHarness, type Harness } from './support/harness';

browserSuite('the workspace’s rounds and timeline pages in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let roundId: string;
  const { watch, axe, cspViolations, report } = pageChecks();

  let fixtures: {
    closing: Promise<{ id: string }>;
    batch: Promise<{ round: { id: string }; id: string }>;
    timeline: Promise<string>;
    onPhone: Promise<{ round: { id: string }; id: string }>;
  };

  beforeAll(async () => {
    h = await startHarness();
    let round: { id: string };
    [round, browser] = await Promise.all([newRound(h), launchChromium()]);
    roundId = round.id;
    // the later tests' cases go through their workflows while the browser works on the first
    const tag = Date.now().toString(36);
    // two SC cases of one round: SC's joint review approves them and it recommends them together
    const sc = started(forwarded('SC', [`成都市人民政府（时间线${tag}）`, `绵阳市人民政府（手机${tag}）`]));
    fixtures = {
      closing: started(newRound(h)),
      batch: started(batchRoundWaiting(`拉萨市人民政府（批量${tag}）`)),
      timeline: started(sc.then(([id]) => id)),
      onPhone: started(Promise.all([newRound(h), sc]).then(([round, [, id]]) => ({ round, id }))),
    };
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A watched page of `context`, logged in through the login page that `where` sends to, back at `where`. */
  const logInAt = (context: BrowserContext, username: string, where: string, tap = false) =>
    logInThrough(context, h.baseUrl, username, where, { tap, watch });

  /** What the server says of a refused field, in Chinese (the oracle for what the page shows under it). */
  async function refusal(path: string, body: unknown, token: string, field: string, method = 'POST') {
    const res = await http(h.baseUrl, method, path, { token, body, headers: { 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(400);
    return (res.body.error.fields as { field: string; message: string }[]).find((f) => f.field === field)!.message;
  }

  /** Cities of `province` that its seven parties approved and it recommended together: forwarded to MOFCOM. */
  async function forwarded(province: string, names: string[], round = roundId) {
    const ids = await Promise.all(
      names.map(async (name) => {
        const applicant = await newApplicant(h, 'city', province, name);
        const id = await draft(h, applicant.token, round, cityAnnex());
        expect((await submit(h, applicant.token, id)).status).toBe(200);
        return id;
      }),
    );
    await approveAllAndRecommend(h, round, province, ids);
    return ids;
  }

  /**
   * A batch round's application of XZ waiting for its experts, and three experts of distinct bodies
   * (a panel of three takes one per body) from GD: no other file's GD applicant may have them
   * (expertReview.test.ts counts those).
   */
  async function batchRoundWaiting(name: string) {
    await Promise.all(
      ['MIIT', 'MEE', 'SAMR'].map(async (body) => {
        const { expert } = await newExpert(h, { provinceCode: 'GD' });
        await h.db.expert.update({ where: { id: expert.id }, data: { bodies: [body] } });
      }),
    );
    const round = await newRound(h, { expertReview: { panelSize: 3, quorum: 3, assignment: 'batch' } });
    const [id] = await forwarded('XZ', [name], round.id);
    await statusBecomes(h, id, 'expert_assignment_pending');
    return { round, id };
  }

  test('when the admin creates a round with the rules form, then a contradiction is refused under its field, the JSON view follows the form both ways, the corrected round is listed with its rules, and changed rules need a reason and become version 2', async () => {
    const tag = Date.now().toString(36);
    const nameZh = `2027年示范创建（工作台${tag}）`;
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, 'admin', '/workspace/rounds');
    expect(await page.textContent('h1')).toBe('轮次管理');
    expect(await page.getAttribute('a.side-link[href="/workspace/rounds"]', 'class')).toContain('active');
    await page.waitForSelector(`a.round-link[data-round="pilot-2018"]`);
    expect(await axe(page, 'rounds (zh-CN, desktop)')).toEqual([]);

    await page.click('#round-create');
    await page.waitForSelector('#new-round');
    // the form starts from the 2018 round's rules, as stored
    const base = (await h.db.round.findUniqueOrThrow({ where: { id: 'pilot-2018' } }))
      .config as unknown as typeof DEFAULT_ROUND_CONFIG;
    expect(await page.inputValue('#rule-selection-quotas-city')).toBe(String(base.selection.quotas.city));
    expect(await page.inputValue('#rule-expertReview-panelSize')).toBe(String(base.expertReview.panelSize));
    expect(await page.textContent('.rule-expertReview-quorum')).toContain('人'); // its unit
    await page.fill('#round-nameZh', nameZh);
    await page.fill('#round-nameEn', `2027 demonstrations (workspace ${tag})`);
    await page.click('.rule-dayCount .el-radio:has-text("工作日")');
    await page.click('.rule-publicNotice .el-switch');
    await page.waitForSelector('#rule-publicNotice-workingDays');
    await page.fill('#rule-selection-quotas-city', '12');
    await page.fill('#rule-selection-quotas-enterprise', '90');
    const panelSize = base.expertReview.panelSize;
    await page.fill('#rule-expertReview-quorum', String(panelSize + 1));
    // a working-day round counts its review periods in working days
    expect(await page.textContent('.rule-provincialReviewDays')).toContain('个工作日');
    await shoot(page, 'workspace-rounds.png', false, '.new-round');

    await page.click('#new-round-submit');
    await page.waitForSelector('.rule-expertReview-quorum .el-form-item__error');
    const admin = await login(h, 'admin');
    const contradiction = {
      ...DEFAULT_ROUND_CONFIG,
      expertReview: { ...DEFAULT_ROUND_CONFIG.expertReview, quorum: panelSize + 1 },
    };
    const expected = await refusal(
      '/api/rounds',
      {
        kind: 'demonstration',
        nameZh,
        nameEn: 'x',
        declarationOpensAt: new Date().toISOString(),
        declarationDeadline: new Date(Date.now() + 86_400_000).toISOString(),
        config: contradiction,
      },
      admin,
      'config.expertReview.quorum',
    );
    expect(await page.textContent('.rule-expertReview-quorum .el-form-item__error')).toBe(expected);
    expect(await h.db.round.count({ where: { nameZh } })).toBe(0);
    expect(await axe(page, 'new round with a refused field (zh-CN, desktop)')).toEqual([]);

    // The JSON view holds what the form says, and a valid edit of it becomes the form.
    await page.click('.rules-json-item .el-collapse-item__header');
    await page.waitForSelector('#rules-json', { state: 'visible' });
    const shown = JSON.parse(await page.inputValue('#rules-json'));
    expect(shown).toMatchObject({
      dayCount: 'working',
      publicNotice: { workingDays: 5, offerNextRanked: true },
      selection: { quotas: { city: 12, enterprise: 90 } },
      expertReview: { quorum: panelSize + 1 },
    });
    await page.fill(
      '#rules-json',
      JSON.stringify({ ...shown, selection: { ...shown.selection, minScore: 65 } }, null, 2),
    );
    expect(await page.inputValue('#rule-selection-minScore')).toBe('65');
    await page.fill('#rule-expertReview-quorum', String(panelSize));
    expect(JSON.parse(await page.inputValue('#rules-json')).expertReview.quorum).toBe(panelSize);

    await page.click('#new-round-submit');
    const link = page.locator('a.round-link', { hasText: nameZh });
    await link.waitFor();
    const stored = await h.db.round.findFirstOrThrow({ where: { nameZh } });
    expect(stored.config).toMatchObject({
      dayCount: 'working',
      publicNotice: { workingDays: 5, offerNextRanked: true },
      selection: { quotas: { city: 12, enterprise: 90 }, minScore: 65 },
      expertReview: { quorum: panelSize },
    });
    const row = page.locator('.rounds-table tbody tr', { has: link });
    expect(await row.textContent()).toContain('12 / 90');
    expect(await row.textContent()).toContain('工作日');
    expect(await row.textContent()).toContain('5 个工作日');

    // Its page: the rules as the form (read only until changed), the administrator's actions.
    await link.click();
    await page.waitForSelector('#round-title');
    expect(new URL(page.url()).pathname).toBe(`/workspace/rounds/${stored.id}`);
    expect(await page.inputValue('#rule-selection-minScore')).toBe('65');
    expect(await page.isDisabled('#rule-selection-minScore')).toBe(true);
    expect(await page.locator('#action-close').count()).toBe(1);
    expect(await page.locator('#action-selection').count()).toBe(0); // MOFCOM's alone
    expect(await page.textContent('.versions-table')).toContain('创建轮次');
    expect(await axe(page, 'round (zh-CN, desktop, admin)')).toEqual([]);

    // New rules need a reason (refused under it); then they are version 2, for later submissions.
    await page.click('#rules-edit');
    await page.fill('#rule-selection-minScore', '70');
    await page.click('#rules-save');
    await page.waitForSelector('.reason-item .el-form-item__error');
    const config = {
      ...(stored.config as object),
      selection: { ...(stored.config as unknown as typeof DEFAULT_ROUND_CONFIG).selection, minScore: 70 },
    };
    expect(await page.textContent('.reason-item .el-form-item__error')).toBe(
      await refusal(`/api/rounds/${stored.id}/config`, { config, reason: '' }, admin, 'reason', 'PUT'),
    );
    await page.fill('#rules-reason', '提高入选门槛');
    await page.click('#rules-save');
    await page.waitForSelector('.versions-table :text("提高入选门槛")');
    expect(await h.db.round.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({
      configVersion: 2,
      config: { selection: { minScore: 70 } },
    });
    expect(await page.isDisabled('#rule-selection-minScore')).toBe(true);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when MOFCOM opens the selection too early and then closes declarations with the button after the confirmation, then the refusal is explained and the API shows the round closed', async () => {
    const round = await fixtures.closing;
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, 'mofcom', '/workspace/inbox');
    await page.click('a.side-link[href="/workspace/rounds"]');
    await page.click(`a.round-link[data-round="${round.id}"]`);
    await page.waitForSelector('#round-title');
    expect(await page.getAttribute('#round-phase', 'data-phase')).toBe('open');
    expect(await page.locator('#action-assign').count()).toBe(0); // not a batch round
    expect(await page.locator('#rules-edit').count()).toBe(0); // the administrator's

    // Selection cannot open while declarations are open: the server's words, and nothing started.
    const mofcom = await login(h, 'mofcom');
    await page.click('#action-selection');
    expect(await page.textContent('.round-action-confirm')).toContain('“测试轮次”');
    await page.click('.round-action-confirm .el-button--primary');
    await page.waitForSelector('#action-refusal');
    const said = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, {
      token: mofcom,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(said.status).toBe(409);
    expect(await page.textContent('#action-refusal')).toContain(said.body.error.message);
    expect(await h.db.selection.count({ where: { roundId: round.id } })).toBe(0);

    await page.click('#action-close');
    expect(await page.textContent('.round-action-confirm')).toContain('确定立即截止“测试轮次”的申报吗');
    await page.click('.round-action-confirm .el-button--primary');
    await page.waitForSelector('#action-result[data-action="close"]');
    const answer = await http(h.baseUrl, 'GET', `/api/rounds/${round.id}`, { token: mofcom });
    expect(answer.body).toMatchObject({ declaration: 'closed', open: false });
    expect(await page.textContent('#action-result')).toContain('的申报已于');
    await page.waitForSelector('#round-phase[data-phase="closed"]');
    expect(await page.locator('#action-close').count()).toBe(0);
    const record = await h.db.auditEvent.findFirstOrThrow({
      where: { roundId: round.id, action: 'declaration_closed' },
    });
    expect(record.actorId).toBe((await h.db.user.findUniqueOrThrow({ where: { username: 'mofcom' } })).id);
    // (axe reads MOFCOM's round page with an action's result on the phone, below)

    // Another national body reads the round but is offered no action.
    await page.click('#logout');
    await page.waitForURL(/\/workspace\/login/);
    await submitLogin(page, 'miit');
    await page.waitForSelector('#logout');
    await page.goto(`${h.baseUrl}/workspace/rounds/${round.id}`);
    await page.waitForSelector('#actions-none');
    expect(await page.locator('.round-actions button').count()).toBe(0);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test("when MOFCOM assigns experts to a batch round's waiting application with the button after the confirmation, then the page says how many seats were assigned and the experts' tasks are open", async () => {
    const { round, id } = await fixtures.batch;
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, 'mofcom', `/workspace/rounds/${round.id}`);
    await page.click('#action-assign');
    expect(await page.textContent('.round-action-confirm')).toContain(
      '确定为“测试轮次”中等待分配专家的全部申报统一分配评审专家吗',
    );
    await page.click('.round-action-confirm .el-button--primary');
    await page.waitForSelector('#action-result[data-action="assign"]');
    const seats = await h.db.task.count({ where: { applicationId: id, stage: 'expertReview', status: 'open' } });
    expect(seats).toBe(3);
    expect(await page.textContent('#action-result')).toContain(`已为 1 份申报分配 ${seats} 个评审席位`);
    expect(await page.locator('.panels-table tbody tr').count()).toBe(1);

    // nothing waits any more: a second run is refused in the server's words
    await page.click('#action-assign');
    await page.click('.round-action-confirm .el-button--primary');
    await page.waitForSelector('#action-refusal');
    const again = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/expert-assignment`, {
      token: await login(h, 'mofcom'),
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(again.status).toBe(409);
    expect(await page.textContent('#action-refusal')).toContain(again.body.error.message);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test("when an auditor opens an application's full timeline, then the case reads in words with who decided, the technical filter shows the workflow events and the records' hash chain, and the CSV downloads", async () => {
    const id = await fixtures.timeline;
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, 'auditor', `/workspace/applications/${id}/timeline`);
    await page.waitForSelector('#timeline-business');
    const reference = (await http(h.baseUrl, 'GET', '/api/reference', { token: await login(h, 'auditor') })).body as {
      provinces: { code: string; nameZh: string }[];
      provincialParties: { code: string; nameZh: string }[];
    };
    const agriculture =
      reference.provinces.find((p) => p.code === 'SC')!.nameZh +
      reference.provincialParties.find((p) => p.code === 'AGRICULTURE')!.nameZh;

    // The default view: the case in words; no engine internals.
    const business = (await page.textContent('#timeline-business'))!;
    expect(business).toContain(`${agriculture} 通过`);
    expect(business).toContain('sc.agriculture');
    expect(business).toContain('申报单位提交申报');
    const decided = await h.db.auditEvent.count({ where: { applicationId: id, action: 'task_decided' } });
    expect(decided).toBe(PARTY_CODES.length);
    expect(await page.locator('#timeline-business [data-action="task_decided"]').count()).toBe(decided);
    expect(await page.locator('[data-source]').count()).toBe(0);
    expect(await page.locator('#timeline-business [data-action="tasks_opened"]').count()).toBe(0);
    expect(business).not.toContain('provincialReviewWorkflow');
    expect(business).not.toContain('tasks_opened');
    expect(await axe(page, 'timeline, the case (zh-CN, desktop)')).toEqual([]);
    await shoot(page, 'workspace-timeline.png');

    // The technical filter: workflow events with who decided, the audit records' chain.
    await page.click('[data-view="technical"]');
    await page.waitForSelector('#timeline-technical [data-source="workflow"]');
    const technical = (await page.textContent('#timeline-technical'))!;
    expect(technical).toContain('applicationWorkflow');
    expect(technical).toContain('tasks_opened');
    const decideEvent = page.locator('#timeline-technical tbody tr', {
      has: page.locator('[data-source="workflow"]'),
      hasText: 'sc.agriculture',
    });
    expect(await decideEvent.count()).toBeGreaterThan(0); // the actor carried in the decide Update
    const first = await h.db.auditEvent.findFirstOrThrow({ where: { applicationId: id }, orderBy: { id: 'asc' } });
    const cell = page.locator(`.hash[data-record="${first.id}"]`);
    expect(await cell.locator('.mono').first().textContent()).toBe(`#${first.seq} ${first.hash!.slice(0, 12)}…`);
    expect(await cell.textContent()).toContain(first.keyId!);
    expect(await page.locator('[data-link="broken"]').count()).toBe(0);
    expect(await page.locator('[data-link="ok"]').count()).toBeGreaterThan(0);
    expect(await axe(page, 'timeline, technical (zh-CN, desktop)')).toEqual([]);

    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(file.suggestedFilename()).toBe(`timeline-${id}.csv`);
    const csv = fs.readFileSync((await file.path())!, 'utf8');
    expect(csv).toContain('task_decided');
    expect(csv).toContain(first.hash!);

    // the rounds pages are not the auditor's: not in the menu, and refused
    expect(await page.textContent('nav')).not.toContain('轮次管理');
    await page.goto(`${h.baseUrl}/workspace/rounds`);
    await page.waitForURL(/\/workspace\/forbidden$/);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when MOFCOM works in English on a 390 × 844 phone, then the rounds menu is in the drawer, a tapped close is confirmed and recorded, and the timeline reads in English without sideways scrolling', async () => {
    const { round, id } = await fixtures.onPhone;
    const context = await browser.newContext(PHONE);
    const page = await logInAt(context, 'mofcom', '/workspace/inbox', true);
    await page.tap('#lang');
    await page.waitForSelector('#lang:has-text("中文")');
    await page.tap('#menu-toggle');
    await page.tap('.menu-drawer a.side-link[href="/workspace/rounds"]');
    await page.waitForSelector('h1:has-text("Rounds")');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'rounds (English, 390 px)')).toEqual([]);

    await page.locator(`a.round-link[data-round="${round.id}"]`).tap();
    await page.waitForSelector('#action-close');
    expect(await page.textContent('#action-close')).toBe('Close declarations');
    expect(await page.textContent('.rule-expertReview-quorum label')).toContain('Scores needed');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.tap('#action-close');
    expect(await page.textContent('.round-action-confirm')).toContain('Close declarations of “Test round” now?');
    await page.tap('.round-action-confirm .el-button--primary');
    await page.waitForSelector('#action-result[data-action="close"]');
    expect(await page.textContent('#action-result')).toContain('Declarations of “Test round” closed at');
    const answer = await http(h.baseUrl, 'GET', `/api/rounds/${round.id}`, { token: await login(h, 'mofcom') });
    expect(answer.body.declaration).toBe('closed');
    expect(await axe(page, 'round with an action’s result (English, 390 px, MOFCOM)')).toEqual([]);

    // The timeline, in English on the phone (national officers read it in full).
    await page.goto(`${h.baseUrl}/workspace/applications/${id}/timeline`);
    await page.waitForSelector('#timeline-business');
    expect(await page.textContent('#timeline-business')).toContain(
      'Provincial Department of Agriculture, Sichuan: Approved',
    );
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.tap('[data-view="technical"]');
    await page.waitForSelector('#timeline-technical [data-source="workflow"]');
    expect(await page.textContent('#timeline-technical')).toContain('Workflow event');
    expect(await axe(page, 'timeline, technical (English, 390 px)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });
});
