// The officer's lists and desk in the workspace (web/src/views/Inbox.vue, views/inbox/, views/desk/),
// in headless Chromium against the real API, worker, Temporal and database: the round filter, 批量通过
// of provincial tasks (never of an expert's seat), 已办 and 知会; the desk on the task page (claim,
// attach, decide, withdraw); who may follow a task read-only; the round overview as Excel. Hebei (HE)
// is this file's province, in rounds of its own; expected values come from the database and the API.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
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
} from './support/browser';
import { cityAnnex } from './support/fixtures';
import { draft, reviewOpen, submit } from './support/flows';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

const PROVINCE = 'HE';

browserSuite('the inbox lists and the desk (/workspace/) in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  const tag = Date.now().toString(36);
  /** this file's two rounds: A holds most of its applications, B one (the round filter leaves it out) */
  let roundA: { id: string; nameZh: string };
  let roundB: { id: string; nameZh: string };
  const { watch, axe, cspViolations, report } = pageChecks();
  const PHONE_APPLICANT = `邢台市人民政府（手机${tag}）`;

  /** every test's applications, made at once before the first (whose lists must not change under it) */
  let cases: { [k in 'a1' | 'a2' | 'b1' | 'retried' | 'desk' | 'onPhone']: Awaited<ReturnType<typeof inReview>> };

  beforeAll(async () => {
    h = await startHarness();
    const named = (name: string, key: string) =>
      newRound(h).then((round) =>
        h.db.round.update({
          where: { id: round.id },
          data: { nameZh: `收件箱轮次${name}${tag}`, nameEn: `Inbox round ${key} ${tag}` },
        }),
      );
    [roundA, roundB, browser] = await Promise.all([named('甲', 'A'), named('乙', 'B'), launchChromium()]);
    const [a1, a2, b1, retried, desk, onPhone] = await Promise.all([
      inReview(roundA.id, `石家庄市人民政府（批量${tag}）`),
      inReview(roundA.id, `唐山市人民政府（批量${tag}）`),
      inReview(roundB.id, `保定市人民政府（批量${tag}）`),
      inReview(roundA.id, `邯郸市人民政府（重试${tag}）`),
      inReview(roundA.id, `秦皇岛市人民政府（办理${tag}）`),
      inReview(roundA.id, PHONE_APPLICANT),
    ]);
    cases = { a1, a2, b1, retried, desk, onPhone };
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** Logs in on the login page the workspace sends `where` to, and comes back to it. */
  const logIn = (page: Page, username: string, where = '/workspace/inbox', tap = false) =>
    logInAt(page, h.baseUrl, username, where, { tap });

  /** An HE application of `roundId` in provincial review: its seven tasks open, nobody has decided. */
  async function inReview(roundId: string, name: string) {
    const applicant = await newApplicant(h, 'city', PROVINCE, name);
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await reviewOpen(h, id, 1);
    return { id, commerce: reviewTaskId(id, 1, 'COMMERCE') };
  }
  /** An expert's seat, written into the read model for HE.COMMERCE (it never reaches a workflow): a stage that is never approved in a batch. */
  async function expertSeat(applicationId: string) {
    const id = `${applicationId}:er-test:${tag}`;
    await h.db.task.create({
      data: {
        id,
        applicationId,
        workflowId: 'none',
        stage: 'expertReview',
        reviewRound: 1,
        departmentId: `${PROVINCE}.COMMERCE`,
        provinceCode: PROVINCE,
        dueAt: new Date(Date.now() + 7 * 86_400_000),
      },
    });
    return id;
  }
  /** Chooses an option of an Element Plus select by its text. */
  async function choose(page: Page, select: string, text: string, tap = false) {
    const wrapper = page.locator(`.el-form-item:has(${select}) .el-select__wrapper`);
    await (tap ? wrapper.tap() : wrapper.click());
    const option = page.locator('.el-select-dropdown__item:visible', { hasText: text });
    await (tap ? option.tap() : option.click());
  }
  const linkedTasks = (page: Page, list: string) =>
    page
      .locator(`.inbox-${list} a.task-link`)
      .evaluateAll((as) => as.map((a) => (a as unknown as { dataset: { task: string } }).dataset.task));

  test('when an officer filters the inbox by round, approves two provincial tasks in a batch after the confirmation, then opens 已办 and 知会, then both are decided, the expert seat had no checkbox, and each list matches the database', async () => {
    const { a1, a2, b1 } = cases;
    const seat = await expertSeat(a1.id);
    const officer = await h.db.user.findUniqueOrThrow({ where: { username: 'he.commerce' } });

    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const page = watch(await context.newPage());
    await logIn(page, 'he.commerce');
    expect(await page.textContent('h1')).toBe('待办任务');
    expect((await page.locator('.list-tabs .el-tabs__item').allTextContents()).map((s) => s.trim())).toEqual([
      '待办',
      '已办',
      '知会',
    ]);
    for (const filter of ['#filter-round', '#filter-stage', '#filter-applicant', '#filter-overdue', '#filter-mine'])
      expect(await page.locator(filter).count()).toBe(1);

    // The round filter: exactly round A's open tasks of HE.COMMERCE (the oracle: the database).
    await choose(page, '#filter-round', roundA.nameZh);
    const inA = await h.db.task.findMany({
      where: { departmentId: `${PROVINCE}.COMMERCE`, status: 'open', application: { roundId: roundA.id } },
      select: { id: true },
    });
    await page.waitForFunction(
      (n) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('.inbox-open a.task-link').length === n,
      inA.length,
    );
    expect((await linkedTasks(page, 'open')).sort()).toEqual(inA.map((t) => t.id).sort());
    expect(await linkedTasks(page, 'open')).not.toContain(b1.commerce);
    expect(await page.textContent('.table-card .el-pagination__total')).toContain(String(inA.length));
    expect(await axe(page, 'inbox: open (zh-CN, desktop)')).toEqual([]);
    await shoot(page, 'workspace-inbox.png');

    // Checkboxes on the provincial tasks only: the expert's seat is scored on its own.
    expect(await page.locator(`.batch-pick[data-task="${seat}"]`).count()).toBe(0);
    expect(await page.locator(`a.task-link[data-task="${seat}"]`).count()).toBe(1);
    await page.click(`.batch-pick[data-task="${a1.commerce}"]`);
    await page.click(`.batch-pick[data-task="${a2.commerce}"]`);
    await page.click('#batch-approve');
    expect(await page.textContent('.batch-confirm')).toContain('选中的 2 项任务');
    await page.click('.batch-confirm .el-button--primary');
    for (const id of [a1.commerce, a2.commerce])
      await page.waitForSelector(`.batch-result[data-task="${id}"][data-ok="true"]`);
    for (const id of [a1.commerce, a2.commerce]) {
      const task = await waitFor(`${id} decided`, async () => {
        const t = await h.db.task.findUniqueOrThrow({ where: { id } });
        return t.status === 'decided' ? t : undefined;
      });
      expect(task).toMatchObject({ decision: 'approve', decidedById: officer.id });
      expect(await h.db.auditEvent.count({ where: { taskId: id, action: 'task_decided' } })).toBe(1);
    }
    expect(await h.db.task.findUniqueOrThrow({ where: { id: seat } })).toMatchObject({
      status: 'open',
      decidedById: null,
    });

    // 已办: the tasks this officer decided in round A, latest first.
    await page.click('.list-tabs #tab-decided');
    await page.waitForSelector(`.inbox-decided a.task-link[data-task="${a1.commerce}"]`);
    const decided = await h.db.task.findMany({
      where: { decidedById: officer.id, OR: [{ roundId: roundA.id }, { application: { roundId: roundA.id } }] },
      orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    expect(await linkedTasks(page, 'decided')).toEqual(decided.map((t) => t.id));
    expect(await page.locator('.inbox-decided').textContent()).toContain('通过');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ list: 'decided', round: roundA.id }); // a link or a reload keeps the list and its filters
    expect(await axe(page, 'inbox: decided (zh-CN, desktop)')).toEqual([]);

    // 知会: the mail sent to HE.COMMERCE (or the officer) about round A, newest first, as the database has it.
    await page.click('.list-tabs #tab-copied');
    const apps = await h.db.application.findMany({ where: { roundId: roundA.id }, select: { id: true } });
    const mail = await h.db.notification.findMany({
      where: {
        applicationId: { in: apps.map((a) => a.id) },
        OR: [
          { recipientKind: 'department', recipientId: `${PROVINCE}.COMMERCE` },
          { recipientKind: 'user', recipientId: officer.id },
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    expect(mail.length).toBeGreaterThan(0);
    const newest = mail[0];
    await page.waitForSelector(`.copied-event[data-notification="${newest.id}"]`);
    const rows = await page
      .locator('.copied-event')
      .evaluateAll((els) =>
        els.map((e) => (e as unknown as { dataset: { notification: string } }).dataset.notification),
      );
    expect(rows).toEqual(mail.slice(0, 20).map((n) => n.id));
    const row = page.locator('.copied-table tbody tr', { has: page.locator(`[data-notification="${newest.id}"]`) });
    expect(await row.textContent()).toContain(newest.subject);
    expect(await row.textContent()).toContain('北京时间');
    expect(await row.textContent()).toContain('您有一项新的审核任务');
    expect(await page.textContent('.table-card .el-pagination__total')).toContain(String(mail.length));
    expect(await axe(page, 'inbox: copied (zh-CN, desktop)')).toEqual([]);
    // …and its link opens the task it is about
    await row.locator('a.copied-link').click();
    await page.waitForSelector('#task-title');
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/workspace/tasks/${newest.taskId}`);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when a batch is sent to the API with an expert seat and sent again under the same batch id, then the provincial task is decided once and the seat is refused as a stage not batchable', async () => {
    const app = cases.retried;
    const seat = await expertSeat(app.id);
    const token = await login(h, 'he.commerce');
    const body = { batchId: crypto.randomUUID(), taskIds: [app.commerce, seat], decision: 'approve' };
    const first = await http(h.baseUrl, 'POST', '/api/tasks/batch-decision', { token, body });
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      { taskId: app.commerce, ok: true },
      { taskId: seat, ok: false, code: 'wrong_stage', message: expect.stringContaining('in a batch') },
    ]);
    const again = await http(h.baseUrl, 'POST', '/api/tasks/batch-decision', { token, body });
    expect(again.body.results[0]).toEqual({ taskId: app.commerce, ok: true });
    expect(await h.db.auditEvent.count({ where: { taskId: app.commerce, action: 'task_decided' } })).toBe(1);
    // a fresh batch of the decided task: refused as decided, nothing recorded
    const fresh = await http(h.baseUrl, 'POST', '/api/tasks/batch-decision', {
      token,
      body: { ...body, batchId: crypto.randomUUID(), taskIds: [app.commerce] },
    });
    expect(fresh.body.results).toEqual([
      { taskId: app.commerce, ok: false, code: 'already_decided', message: expect.any(String) },
    ]);
    expect(await h.db.auditEvent.count({ where: { taskId: app.commerce, action: 'task_decided' } })).toBe(1);
    const tooMany = await http(h.baseUrl, 'POST', '/api/tasks/batch-decision', {
      token,
      body: { ...body, taskIds: Array.from({ length: 51 }, (_, i) => `t${i}`) },
    });
    expect({ status: tooMany.status, field: tooMany.body.error.fields[0].field }).toEqual({
      status: 400,
      field: 'taskIds',
    });
  });

  test('when an officer claims a review task, attaches a file, decides it and withdraws the decision in the browser, then the task is open again and the audit records each step; MOFCOM and the province’s commerce department may follow it read-only', async () => {
    const app = cases.desk;
    const taskId = reviewTaskId(app.id, 1, 'ENVIRONMENT');
    const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
    const page = watch(await context.newPage());
    await logIn(page, 'he.environment', `/workspace/tasks/${encodeURIComponent(taskId)}`); // the e-mail's link
    await page.waitForSelector('button[data-action="claim"]');
    expect(await page.textContent('#holder')).toContain('待签收');
    expect(await page.locator('button[data-action="withdraw"]').count()).toBe(0);
    expect(await axe(page, 'task with desk (zh-CN, desktop)')).toEqual([]);
    await page.click('button[data-action="claim"]');
    await page.waitForSelector('#desk-notice[data-notice="claim"]');
    await page.waitForSelector('#holder:has-text("he.environment")');
    expect(await page.locator('button[data-action="release"]').count()).toBe(1);

    // A file uploaded here is cited by the decision.
    await page.setInputFiles('#attach-file', {
      name: '环保意见.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('绿色供应链目标可行'),
    });
    await page.waitForSelector('#attachments [data-attachment]');
    expect(await page.textContent('#attachments')).toContain('环保意见.txt');
    expect(await page.textContent('#attachments')).toContain('随意见引用');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#attachments [data-download]')]);
    expect(download.suggestedFilename()).toBe('环保意见.txt');
    expect(fs.readFileSync((await download.path())!, 'utf8')).toBe('绿色供应链目标可行');

    await page.click('[data-decision="approve"]');
    await page.fill('#reason', '符合绿色发展要求');
    await page.click('#decide-submit');
    await page.click('.decision-confirm .el-button--primary');
    await page.waitForSelector('#done');
    expect(await page.textContent('#task-status')).toBe('已办');

    await page.click('button[data-action="withdraw"]');
    await page.fill('#desk-form [name=reason]', '需复核环境指标');
    await page.click('#desk-submit');
    await page.waitForSelector('#desk-notice[data-notice="withdraw"]');
    await page.waitForSelector('#task-status:has-text("待办")');
    await page.waitForSelector('#decide'); // it may be decided again

    const token = await login(h, 'he.environment');
    const task = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, { token });
    expect(task.body).toMatchObject({
      status: 'open',
      decision: null,
      decidedById: null,
      assignee: { username: 'he.environment' },
      may: { decide: true, withdraw: false },
    });
    const events = await h.db.auditEvent.findMany({ where: { taskId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual([
      'task_claimed',
      'attachment_uploaded',
      'task_decided',
      'decision_withdrawn',
    ]);
    expect(events[2].detail).toMatchObject({
      decision: 'approve',
      attachments: [{ name: '环保意见.txt', id: task.body.attachments[0].id }],
    });
    expect(events[3].reason).toBe('需复核环境指标');

    // Following the case: MOFCOM opens the page read-only (no decision, no desk); so does HE's commerce
    // department (the lead of its joint review); another province's commerce department may not.
    await page.click('#logout');
    await page.waitForURL(/\/workspace\/login/);
    await logIn(page, 'mofcom', `/workspace/tasks/${encodeURIComponent(taskId)}`);
    await page.waitForSelector('#task-title');
    expect(await page.textContent('.section-card .el-alert')).toContain('本任务不由您办理，仅供查看');
    expect(await page.locator('#decide').count()).toBe(0);
    expect(await page.locator('#desk-actions button').count()).toBe(0);
    expect(await page.textContent('#attachments')).toContain('环保意见.txt');
    const lead = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, {
      token: await login(h, 'he.commerce'),
    });
    expect(lead.status).toBe(200);
    expect(lead.body.may).toMatchObject({ decide: false, return: false, claim: false, withdraw: false }); // (as the lead it may still reassign it)
    expect(
      (
        await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, {
          token: await login(h, 'gd.commerce'),
        })
      ).status,
    ).toBe(403);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when MOFCOM downloads the round overview as Excel, then each sheet has Chinese headers and the figures of the JSON overview', async () => {
    const token = await login(h, 'mofcom');
    const overview = (await http(h.baseUrl, 'GET', `/api/rounds/${roundA.id}/overview`, { token })).body;
    const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
    const page = watch(await context.newPage());
    await logIn(page, 'mofcom', `/workspace/overview?round=${roundA.id}`);
    await page.waitForSelector('#overview-xlsx:not([disabled])');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#overview-xlsx')]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^收件箱轮次甲${tag}-轮次总览-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '申报进度',
      '逾期部门',
      '逾期任务',
      '办理时长',
      '专家负荷',
      '名单会签',
    ]);
    const values = (sheet: string) =>
      book
        .getWorksheet(sheet)!
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1));

    // 申报进度: Hebei's row, step by step, is the JSON's counts summed per step
    const progress = values('申报进度');
    expect(progress[0]).toEqual([
      '省份',
      '申报',
      '省级审核',
      '专家评审',
      '遴选',
      '公示',
      '试点实施',
      '终期评估',
      '合计',
    ]);
    const he = progress.find((r) => r[0] === '河北省')!;
    const steps: string[] = overview.steps;
    const ofHe = overview.applications.filter((a: { provinceCode: string }) => a.provinceCode === PROVINCE);
    const expected = steps.map((s) =>
      ofHe.filter((a: { step: string }) => a.step === s).reduce((n: number, a: { count: number }) => n + a.count, 0),
    );
    expect(he.slice(1)).toEqual([...expected, expected.reduce((a, b) => a + b, 0)]);
    expect(expected[1]).toBeGreaterThan(0); // this file's applications are in provincial review
    // 办理时长 and 逾期部门: row for row
    expect(
      values('办理时长')
        .slice(1)
        .map((r) => [r[1], r[2] ?? null]),
    ).toEqual(
      overview.stageDurations.map((d: { decided: number; medianDays: number | null }) => [d.decided, d.medianDays]),
    );
    expect(
      values('逾期部门')
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(overview.overdueByDepartment.map((d: { count: number }) => d.count));
    expect(values('专家负荷')[0]).toEqual(['专家', '待评', '已评']);

    // the same rules as the JSON: a department that does not lead its province is refused
    expect(
      (
        await http(h.baseUrl, 'GET', `/api/rounds/${roundA.id}/overview.xlsx`, {
          token: await login(h, 'he.environment'),
        })
      ).status,
    ).toBe(403);
    expect(await axe(page, 'overview with export (zh-CN, desktop)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when an officer works in English at 390 × 844, then they tap a task’s checkbox, approve it in a batch, and find it under “Done by me” and its mail under “Copied to me”, nothing wider than the phone', async () => {
    const name = PHONE_APPLICANT;
    const app = cases.onPhone;
    const context = await browser.newContext(PHONE);
    const page = watch(await context.newPage());
    await logIn(page, 'he.commerce', '/workspace/inbox', true);
    await page.tap('#lang');
    await page.waitForSelector('.list-tabs .el-tabs__item:has-text("Done by me")');
    expect((await page.locator('.list-tabs .el-tabs__item').allTextContents()).map((s) => s.trim())).toEqual([
      'To do',
      'Done by me',
      'Copied to me',
    ]);

    await page.tap('#filter-applicant');
    await page.fill('#filter-applicant', name);
    await page.press('#filter-applicant', 'Enter');
    await page.waitForSelector(`.batch-pick[data-task="${app.commerce}"]`);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'inbox: open (English, 390 px)')).toEqual([]);
    await page.tap(`.batch-pick[data-task="${app.commerce}"]`);
    await page.tap('#batch-approve');
    expect(await page.textContent('.batch-confirm')).toContain('Approve the 1 selected tasks?');
    await page.tap('.batch-confirm .el-button--primary');
    await page.waitForSelector(`.batch-result[data-task="${app.commerce}"][data-ok="true"]`);
    expect(await page.textContent(`.batch-result[data-task="${app.commerce}"]`)).toContain('Approved');
    await waitFor(
      'the decision',
      async () => (await h.db.task.findUniqueOrThrow({ where: { id: app.commerce } })).status === 'decided',
    );

    await page.tap('.list-tabs #tab-decided');
    await page.waitForSelector(`.inbox-decided a.task-link[data-task="${app.commerce}"]`);
    expect((await linkedTasks(page, 'decided'))[0]).toBe(app.commerce); // the latest decided first
    expect(await page.textContent('.inbox-decided')).toContain('CST');
    expect(await axe(page, 'inbox: decided (English, 390 px)')).toEqual([]);

    await page.tap('.list-tabs #tab-copied');
    const mail = await h.db.notification.findFirstOrThrow({
      where: { applicationId: app.id, recipientKind: 'department', recipientId: `${PROVINCE}.COMMERCE` },
    });
    await page.waitForSelector(`.copied-event[data-notification="${mail.id}"]`);
    expect(await page.textContent(`.copied-event[data-notification="${mail.id}"]`)).toBe(
      'A task has been assigned to you',
    );
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'inbox: copied (English, 390 px)')).toEqual([]);
    await page
      .locator('.copied-table tbody tr', { has: page.locator(`[data-notification="${mail.id}"]`) })
      .locator('a.copied-link')
      .tap();
    await page.waitForSelector('#task-title');
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/workspace/tasks/${app.commerce}`);
    await page.waitForSelector('button[data-action="withdraw"]'); // decided by this officer, who may withdraw it
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'task with desk (English, 390 px)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });
});
