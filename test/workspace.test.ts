// The officers' new workspace (web/, Vue 3 + Element Plus, served from web/dist at /workspace/)
// end to end in headless Chromium against the real API, worker, Temporal server and database: an
// officer logs in, finds the task in the inbox by its words, opens it, sees the stage diagram and
// the countersign matrix, approves after the confirmation, and the matrix shows the department's
// decision; the same in English and on a 390 px phone (tapped through); a second tab is logged in;
// a missing task explains itself; axe-core finds no serious or critical violation; the page runs
// under the strict CSP without a single violation.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { passwordPolicyErrors } from '../usecases/passwordPolicy';
import { reviewTaskId } from '../shared/definitions';
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
  submitLogin,
} from './support/browser';
import { cityAnnex } from './support/fixtures';
import { awaitingCommerce, draft, reviewOpen, submit } from './support/flows';
import { http, login, newApplicant, newRound, startHarness, type Harness } from './support/harness';

const ROOT = path.join(__dirname, '..');
/** The little of the browser's window the page functions use (the tests compile without the DOM library). */
type Win = {
  document: {
    documentElement: { scrollWidth: number };
    getElementById(id: string): { textContent: string | null } | null;
    querySelector(s: string): { getBoundingClientRect(): { width: number } } | null;
  };
};

browserSuite('the officers’ workspace (/workspace/) in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let roundId: string;
  const { watch, axe, cspViolations, report } = pageChecks();

  let fixtures: {
    [k in 'approved' | 'onPhone' | 'overview']: ReturnType<typeof inProvincialReview>;
  };

  beforeAll(async () => {
    h = await startHarness();
    let round: { id: string };
    [round, browser] = await Promise.all([newRound(h), launchChromium()]);
    roundId = round.id;
    // the tests' cases go through their workflows while the browser works on the first
    const tag = Date.now().toString(36);
    fixtures = {
      approved: started(inProvincialReview(`广州市人民政府（工作台${tag}）`)),
      onPhone: started(inProvincialReview(`珠海市人民政府（手机${tag}）`)),
      overview: started(inProvincialReview(`佛山市人民政府（总览${tag}）`)),
    };
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  const inProvincialReview = (name: string) => awaitingCommerce(h, roundId, name, cityAnnex());

  /** gd.commerce opens /workspace/, logs in, and lands on the inbox. */
  const logIn = (page: Page, tap = false) =>
    logInAt(page, h.baseUrl, 'gd.commerce', '/workspace/', { tap, back: '/workspace/inbox' });

  test('when an officer logs in on /workspace/, finds the task by its words and approves it after the confirmation, then the matrix shows the department’s decision — in zh-CN and in English, with a second tab logged in', async () => {
    const { name: applicantName, taskId } = await fixtures.approved;
    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const page = watch(await context.newPage());
    await logIn(page);
    expect(await page.textContent('h1')).toBe('待办任务');

    // The inbox names the task in words and links to it with a real address (Ctrl+click opens a tab).
    await page.fill('#filter-applicant', applicantName);
    await page.press('#filter-applicant', 'Enter');
    const link = page.locator(`a.task-link[data-task="${taskId}"]`);
    await link.waitFor();
    expect(await link.textContent()).toBe(`省级联合审核：${applicantName}（测试轮次）`);
    expect(await link.getAttribute('href')).toBe(`/workspace/tasks/${taskId}`); // (':' needs no escaping in a path)
    expect(await page.locator('.inbox-table').textContent()).not.toContain(taskId);
    expect(await page.locator('.inbox-table').textContent()).toContain('北京时间');
    expect(await axe(page, 'inbox (zh-CN, desktop)')).toEqual([]);

    let clicks = 0;
    await link.click();
    clicks++;
    await page.waitForSelector('#decide');
    // The stage diagram, its current step and due time.
    const current = page.locator('#stage-diagram [data-current="true"]');
    expect(await current.textContent()).toContain('省级审核');
    expect(await current.textContent()).toContain('北京时间');
    // The countersign matrix: seven parties, five approved, commerce and the banking regulator pending.
    expect(await page.locator('#matrix tbody tr').count()).toBe(7);
    const row = (dept: string) =>
      page.locator('#matrix tbody tr', { has: page.locator(`[data-department="${dept}"]`) });
    expect(await row('GD.INDUSTRY_IT').textContent()).toContain('广东省工业和信息化主管部门');
    expect(await row('GD.INDUSTRY_IT').textContent()).toContain('通过');
    expect(await row('GD.COMMERCE').textContent()).toContain('待办理');
    expect(await row('GD.BANKING_REGULATOR').textContent()).toContain('待办理');
    expect(await page.textContent('#history')).toContain('广东省工业和信息化主管部门 通过');
    expect(await axe(page, 'task (zh-CN, desktop)')).toEqual([]);

    // A return without a reason: asked for under the reason before any confirmation, nothing is recorded.
    await page.click('[data-decision="return"]');
    await page.click('#decide-submit');
    await page.waitForSelector('.reason-item .el-form-item__error');
    expect(await page.textContent('.reason-item .el-form-item__error')).toBe(
      '退回补正、不予通过或提出异议时必须填写理由',
    );
    expect(await page.locator('.decision-confirm').count()).toBe(0);
    expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('open');

    // Approve: the choice, the reason, the button, the confirmation.
    await page.click('[data-decision="approve"]');
    await page.fill('#reason', '同意报送商务部');
    await page.click('#decide-submit');
    clicks++;
    expect(await page.textContent('.decision-confirm')).toContain('确定对“省级联合审核');
    await page.click('.decision-confirm .el-button--primary');
    clicks++;
    await page.waitForSelector('#done');
    expect(clicks).toBe(3); // from the inbox to a recorded decision (the default choice is approve)
    console.log(`clicks from the inbox to a recorded decision: ${clicks}`);
    const stored = await h.db.task.findUniqueOrThrow({ where: { id: taskId } });
    const officer = await h.db.user.findUniqueOrThrow({ where: { username: 'gd.commerce' } });
    expect(stored).toMatchObject({
      status: 'decided',
      decision: 'approve',
      reason: '同意报送商务部',
      decidedById: officer.id,
    });
    expect(await row('GD.COMMERCE').textContent()).toContain('通过');
    expect(await row('GD.COMMERCE').textContent()).toContain('同意报送商务部');
    expect(await row('GD.BANKING_REGULATOR').textContent()).toContain('待办理');
    expect(await page.textContent('#task-status')).toBe('已办');
    await page.waitForFunction(() =>
      (globalThis as unknown as Win).document
        .getElementById('history')
        ?.textContent?.includes('广东省省级商务主管部门 通过：同意报送商务部'),
    );
    await shoot(page, 'workspace-task.png', true);

    // The same page in English.
    await page.click('#lang');
    await page.waitForSelector('h2:has-text("Countersign")');
    expect(await row('GD.COMMERCE').textContent()).toContain('Approved');
    expect(await row('GD.BANKING_REGULATOR').textContent()).toContain('Pending');
    expect(await page.textContent('#task-status')).toBe('Decided');
    expect(await page.locator('#stage-diagram [data-step="provincialReview"]').textContent()).toContain(
      'Provincial review',
    );
    expect(await page.textContent('#history')).toContain(
      'Provincial Department of Industry and IT, Guangdong: Approved',
    );
    expect(await page.textContent('.facts')).toContain('CST');
    expect(await axe(page, 'task (English, desktop)')).toEqual([]);

    // A second tab is logged in (the session is in localStorage), and the applications list is in the menu.
    const second = watch(await context.newPage());
    await second.goto(`${h.baseUrl}/workspace/applications`);
    await second.waitForSelector('#logout');
    expect(new URL(second.url()).pathname).toBe('/workspace/applications');
    await second.waitForSelector(`text=${applicantName}`);
    expect(await second.getAttribute('a.side-link[href="/workspace/applications"]', 'class')).toContain('active');

    // A missing task explains itself (bilingual: this tab is in English now, the choice kept).
    await second.goto(`${h.baseUrl}/workspace/tasks/no-such-task`);
    await second.waitForSelector('#not-found');
    expect(await second.textContent('#not-found')).toContain('404 Not found');
    await second.click('#lang');
    await second.waitForSelector('#not-found:has-text("404 页面不存在")');
    expect(await second.textContent('#not-found')).toContain('编号有误');

    // Logged out: every page of the workspace asks for a login, with the way back.
    await second.click('#logout');
    await second.waitForURL(/\/workspace\/login/);
    await page.goto(`${h.baseUrl}/workspace/tasks/${encodeURIComponent(taskId)}`);
    await page.waitForURL(/\/workspace\/login\?redirect=\/tasks\//);
    // …and the login brings the user back to it
    await submitLogin(page, 'gd.commerce');
    await page.waitForSelector('#task-title');
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/workspace/tasks/${taskId}`);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when an officer works at 390 × 844 on a phone, then the menu is a drawer, the inbox table scrolls inside its card, and a tapped task is approved', async () => {
    const { name: applicantName, taskId } = await fixtures.onPhone;
    const context = await browser.newContext(PHONE);
    const page = watch(await context.newPage());
    await logIn(page, true);

    // Nothing wider than the phone: the page does not scroll sideways; the table scrolls in its card.
    await page.waitForSelector('.inbox-table');
    const widths = await page.evaluate(() => {
      const d = (globalThis as unknown as Win).document;
      return {
        page: d.documentElement.scrollWidth,
        table: d.querySelector('.table-card')!.getBoundingClientRect().width,
      };
    });
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.table).toBeLessThanOrEqual(390);
    // the task column keeps its width (no one-character columns)
    const taskHeader = await page.locator('.inbox-table th').first().boundingBox();
    expect(taskHeader!.width).toBeGreaterThanOrEqual(250);

    await page.tap('#filter-applicant');
    await page.fill('#filter-applicant', applicantName);
    await page.press('#filter-applicant', 'Enter');
    const link = page.locator(`a.task-link[data-task="${taskId}"]`);
    await link.waitFor();
    await shoot(page, 'workspace-inbox-mobile.png', false);
    expect(await axe(page, 'inbox (zh-CN, 390 px)')).toEqual([]);

    // The menu is a drawer.
    await page.tap('#menu-toggle');
    await page.waitForSelector('.menu-drawer a.side-link[href="/workspace/applications"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.menu-drawer', { state: 'hidden' });

    await link.tap();
    await page.waitForSelector('#decide');
    expect(await page.locator('#stage-diagram').getAttribute('class')).toContain('el-steps--vertical');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'task (zh-CN, 390 px)')).toEqual([]);
    await page.tap('#decide-submit');
    await page.tap('.decision-confirm .el-button--primary');
    await page.waitForSelector('#done');
    expect(await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
      status: 'decided',
      decision: 'approve',
    });
    expect(
      await page.locator('#matrix tbody tr', { has: page.locator('[data-department="GD.COMMERCE"]') }).textContent(),
    ).toContain('通过');
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test("when the inbox is asked by part of an applicant's name and sorted latest first, then it answers those tasks in that order, each named by its applicant and round", async () => {
    // Ningxia (NX) is used by no other test file: its commerce inbox holds only these tasks.
    const tag = Date.now().toString(36);
    const names = [`银川市人民政府（排序${tag}甲）`, `石嘴山市人民政府（排序${tag}乙）`];
    const ids = await Promise.all(
      names.map(async (name) => {
        const applicant = await newApplicant(h, 'city', 'NX', name);
        const id = await draft(h, applicant.token, roundId, cityAnnex());
        expect((await submit(h, applicant.token, id)).status).toBe(200);
        await reviewOpen(h, id, 1);
        return reviewTaskId(id, 1, 'COMMERCE');
      }),
    );
    const token = await login(h, 'nx.commerce');
    const stored = await h.db.task.findMany({
      where: { id: { in: ids } },
      orderBy: [{ dueAt: 'desc' }, { id: 'desc' }],
    });
    const res = await http(h.baseUrl, 'GET', `/api/tasks?applicant=${encodeURIComponent(`排序${tag}`)}&sort=-dueAt`, {
      token,
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { id: string }) => t.id)).toEqual(stored.map((t) => t.id));
    expect(res.body.total).toBe(2);
    expect(res.body.items[0].application.round).toEqual({ id: roundId, nameZh: '测试轮次', nameEn: 'Test round' });
    expect(
      res.body.items.map((t: { application: { organization: string } }) => t.application.organization).sort(),
    ).toEqual([...names].sort());
    const one = await http(h.baseUrl, 'GET', `/api/tasks?applicant=${encodeURIComponent(`${tag}乙`)}`, { token });
    expect(one.body.items.map((t: { id: string }) => t.id)).toEqual([ids[1]]);
    expect((await http(h.baseUrl, 'GET', '/api/tasks?sort=due', { token })).body.error.fields[0].field).toBe('sort');
  });

  /** What the server says of a refused field, in Chinese (the oracle for what the page shows). */
  async function refusal(path: string, body: unknown, token: string, field: string) {
    const res = await http(h.baseUrl, 'POST', path, { token, body, headers: { 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(400);
    return (res.body.error.fields as { field: string; message: string }[]).find((f) => f.field === field)!.message;
  }

  test('when the administrator creates a provincial officer with a too-short password, fixes it and then deactivates the officer after the confirmation, then the error is under the password, the officer is listed, and can no longer log in', async () => {
    const admin = await login(h, 'admin');
    const username = `gd.officer.${Date.now().toString(36)}`;
    const password = 'Copper-lantern-5931';
    const context = await browser.newContext(DESKTOP);
    const page = watch(await context.newPage());
    await logInAt(page, h.baseUrl, 'admin', '/workspace/admin/users');
    expect(await page.textContent('h1')).toBe('用户管理');
    expect(await page.textContent('nav')).toContain('系统管理');
    await page.waitForSelector('.users-table [data-username="admin"]');
    expect(await axe(page, 'admin users (zh-CN, desktop)')).toEqual([]);

    await page.click('#user-create');
    await page.fill('#new-username', username);
    await page.fill('#new-display-name', '广东省商务厅 李科长');
    await page.click('.province-item .el-select__wrapper');
    await page.getByRole('option', { name: '广东省', exact: true }).click();
    await page.click('.party-item .el-select__wrapper');
    await page.getByRole('option', { name: '省级商务主管部门', exact: true }).click();
    await page.fill('#new-password', 'too-short');
    await page.click('#user-create-submit');
    const expected = await refusal(
      '/api/users',
      {
        username,
        password: 'too-short',
        role: 'provincial_officer',
        displayName: '广东省商务厅 李科长',
        departmentId: 'GD.COMMERCE',
      },
      admin,
      'password',
    );
    expect(await page.locator('.password-item .el-form-item__error').textContent()).toBe(expected);
    expect(await page.locator('.password-item').getAttribute('class')).toContain('is-required');
    expect(await h.db.user.findUnique({ where: { username } })).toBeNull();

    await page.fill('#new-password', password);
    await page.click('#user-create-submit');
    const row = page.locator('.users-table tbody tr', { has: page.locator(`[data-username="${username}"]`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('广东省省级商务主管部门');
    expect(await row.locator('.user-status').textContent()).toBe('正常');
    expect(await h.db.user.findUniqueOrThrow({ where: { username } })).toMatchObject({
      role: 'provincial_officer',
      departmentId: 'GD.COMMERCE',
      deactivatedAt: null,
    });
    const officerToken = await login(h, username, password);

    await row.locator('.deactivate').click();
    await page.waitForSelector('.deactivate-confirm');
    expect(await page.textContent('.deactivate-confirm')).toContain(username);
    await page.fill('.deactivate-confirm input', '调离岗位');
    await page.click('.deactivate-confirm .el-button--primary');
    await page.waitForFunction(
      (u) =>
        (
          globalThis as unknown as {
            document: {
              querySelector(s: string): { closest(s: string): { textContent: string | null } | null } | null;
            };
          }
        ).document
          .querySelector(`[data-username="${u}"]`)
          ?.closest('tr')
          ?.textContent?.includes('已停用'),
      username,
    );
    expect((await http(h.baseUrl, 'POST', '/api/auth/login', { body: { username, password } })).status).toBe(401);
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: officerToken })).status).toBe(401);
    expect(
      (
        await h.db.auditEvent.findFirstOrThrow({
          where: { action: 'user_deactivated', detail: { path: ['username'], equals: username } },
        })
      ).reason,
    ).toBe('调离岗位');

    // the other administration pages open from the menu and show their contents (axe on each costs ~5 s on a shared machine: users only)
    for (const [name, ready] of [
      ['mailboxes', '[data-department="MOFCOM"]'],
      ['experts', '.expert-table tbody tr'],
      ['calendar', '#calendar-source'],
    ] as const) {
      await page.click(`a.side-link[href="/workspace/admin/${name}"]`);
      await page.waitForSelector(ready);
    }
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when a user changes their own password in the header menu, then a policy refusal is under the field, and afterwards the new password logs in, the old does not, their other session has ended and this one continues', async () => {
    const admin = await login(h, 'admin');
    const username = `auditor.${Date.now().toString(36)}`;
    const [before, after] = ['Lantern-orbit-4729', 'Harbour-quill-8351'];
    expect(
      (
        await http(h.baseUrl, 'POST', '/api/users', {
          token: admin,
          body: { username, password: before, role: 'auditor', displayName: '审计 周' },
        })
      ).status,
    ).toBe(201);
    const elsewhere = await login(h, username, before);
    const context = await browser.newContext(DESKTOP);
    const page = watch(await context.newPage());
    await logInAt(page, h.baseUrl, username, '/workspace/inbox', { password: before });

    await page.click('.user-menu');
    await page.click('#change-password');
    await page.fill('#password-current', before);
    const withName = `${username}-Harbour-9`;
    await page.fill('#password-new', withName);
    await page.fill('#password-confirm', withName);
    await page.click('#password-submit');
    await page.waitForSelector('.new-item .el-form-item__error');
    const expected = (await passwordPolicyErrors(withName, username, 'newPassword'))[0].message.zh;
    expect(await page.textContent('.new-item .el-form-item__error')).toBe(expected);

    await page.fill('#password-new', after);
    await page.fill('#password-confirm', after);
    await page.click('#password-submit');
    await page.waitForSelector('.password-changed');
    expect((await http(h.baseUrl, 'POST', '/api/auth/login', { body: { username, password: before } })).status).toBe(
      401,
    );
    expect((await http(h.baseUrl, 'POST', '/api/auth/login', { body: { username, password: after } })).status).toBe(
      200,
    );
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: elsewhere })).status).toBe(401);
    await page.reload();
    await page.waitForSelector('#logout');
    expect(new URL(page.url()).pathname).toBe('/workspace/inbox');
    // not an administrator: no administration menu, and its pages explain the refusal
    expect(await page.textContent('nav')).not.toContain('系统管理');
    await page.goto(`${h.baseUrl}/workspace/admin/users`);
    await page.waitForURL(/\/workspace\/forbidden$/);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when MOFCOM opens the round overview, then its charts are drawn, a province × step cell drills down to the case, the late department is urged in one click, and axe finds nothing serious', async () => {
    const { id, name: applicantName, taskId } = await fixtures.overview;
    // commerce lets its task run late (the due time moved into the past in the read model)
    await h.db.task.update({ where: { id: taskId }, data: { dueAt: new Date(Date.now() - 86_400_000) } });
    const context = await browser.newContext(DESKTOP);
    const page = watch(await context.newPage());
    await page.goto(`${h.baseUrl}/workspace/login`);
    await submitLogin(page, 'mofcom');
    await page.waitForSelector('#logout');
    await page.click('a.side-link[href="/workspace/overview"]');
    await page.waitForURL(/\/workspace\/overview/);
    await page.goto(`${h.baseUrl}/workspace/overview?round=${roundId}`);
    await page.waitForSelector('#chart-provinces canvas');
    await page.waitForSelector('#chart-overdue canvas');
    expect(await page.textContent('h1')).toContain('轮次总览');
    expect(await page.getAttribute('a.side-link[href="/workspace/overview"]', 'class')).toContain('active');
    expect(await axe(page, 'round overview (zh-CN, desktop)')).toEqual([]);

    // the Guangdong × provincial review cell lists the case
    await page.click('#province-table .cell-link[data-province="GD"][data-step="provincialReview"]');
    await page.waitForSelector(`#drill-down [data-application="${id}"]`);
    expect(await page.textContent(`#drill-down [data-application="${id}"]`)).toBe(applicantName);
    // the late task links to its page, and is urged in one click
    expect(await page.getAttribute(`#overdue-table a.task-link[data-task="${taskId}"]`, 'href')).toBe(
      `/workspace/tasks/${taskId}`,
    );
    await page.click(`#overdue-table [data-urge="${taskId}"]`);
    await page.waitForSelector('.el-message--success');
    expect(await h.db.auditEvent.count({ where: { taskId, action: 'task_urged' } })).toBe(1);
    await shoot(page, 'workspace-overview.png', true, 'h1');
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when the API types are generated from the OpenAPI document again, then they are the committed web/src/api/schema.d.ts (npm run gen:web-api after an API change)', async () => {
    // (openapi-typescript is an ES module, which Jest cannot load: the script runs in its own process)
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts', 'gen-web-api.ts'), '--check'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(out).toContain('is current');
  });

  test('when /workspace/ is fetched, then its page and assets are served under the strict policy, a missing asset is a 404 and / leads to it', async () => {
    const index = await fetch(`${h.baseUrl}/workspace/tasks/anything`);
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('<div id="app"></div>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/<style|style="/); // no inline style
    expect(index.headers.get('content-security-policy')).toContain("style-src 'self'");
    const asset = html.match(/src="(\/workspace\/assets\/[^"]+\.js)"/)![1];
    const js = await fetch(h.baseUrl + asset);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${h.baseUrl}/workspace/assets/missing.js`)).status).toBe(404);
    const root = await fetch(`${h.baseUrl}/`);
    expect([root.status, new URL(root.url).pathname]).toEqual([200, '/workspace/']);
  });
});
