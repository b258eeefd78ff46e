// The web page end to end in headless Chromium (Debian's chromium driven by playwright-core),
// against the real API, worker, Temporal server and database: an officer finds a task in the inbox
// and decides it, and the workflow moves on; an officer claims a task, attaches a file, decides and
// withdraws the decision at the desk; an applicant revises a returned application; a pilot files a
// quarterly report and a self-assessment.
// Qinghai (QH) is used by no other test file, so its inboxes hold only these tasks.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PARTY_CODES } from '../domain/parties';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import { DEMO_PASSWORD } from '../platform/seed';
import { pilotWorkflowId, quarterlyReportWorkflowId, reviewTaskId } from '../workflows/definitions';
import type { pilotWorkflow } from '../workflows/pilot';
import { cityAnnex } from './support/fixtures';
import { decideRound, draft, provincialOfficers, reached, statusBecomes, submit } from './support/flows';
import { http, login, newApplicant, newRound, SECONDS_AS_DAYS, startHarness, waitFor, type Harness } from './support/harness';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasBrowser = fs.existsSync(CHROMIUM);
const suite = hasBrowser ? describe : describe.skip;

suite(hasBrowser ? 'the web page in headless Chromium' : `the web page (skipped: no Chromium at ${CHROMIUM}; .ci/run installs Debian's chromium)`, () => {
  let h: Harness;
  let browser: Browser;
  let roundId: string;

  beforeAll(async () => {
    h = await startHarness();
    roundId = (await newRound(h)).id;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  });
  afterAll(async () => {
    await browser?.close();
    await h.stop();
  });

  async function loggedIn(username: string, path = '/login'): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(h.baseUrl + path);
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('#logout');
    return page;
  }

  test('when an officer logs in, finds the task in the inbox and approves it, then the workflow moves on', async () => {
    const applicant = await newApplicant(h, 'city', 'QH');
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await decideRound(h, await provincialOfficers(h, 'QH'), id, 1, Object.fromEntries(PARTY_CODES.filter((p) => p !== 'COMMERCE').map((p) => [p, { decision: 'approve' }])));

    const page = await loggedIn('qh.commerce');
    const taskId = reviewTaskId(id, 1, 'COMMERCE');
    const row = page.locator(`tr[data-task="${taskId}"]`);
    await row.waitFor();
    expect(await page.textContent('h1')).toBe('待办任务');
    await row.locator('a').click();
    await page.waitForSelector('#decide');
    expect(await page.textContent('main')).toContain('广州市'); // the application's content (Annex 1)
    await page.selectOption('#decision', 'approve');
    await page.fill('#reason', '同意报送商务部');
    await page.click('#decide button[type=submit]');
    await page.waitForSelector('#done');
    expect(await page.textContent('#task-status')).toBe('已办');
    await reached(h, id, 'forwarded');

    // The same page in English.
    await page.click('#lang');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('task-status')?.textContent === 'Decided');
    expect(await page.textContent('h2')).toContain('Application content');
    await page.close();
  });

  test('when an officer claims a review task, attaches a file, decides it and withdraws the decision in the browser, then the task is open again and the audit records each step', async () => {
    const applicant = await newApplicant(h, 'city', 'QH');
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await decideRound(h, await provincialOfficers(h, 'QH'), id, 1, {}); // the seven tasks are open; nobody decides
    const taskId = reviewTaskId(id, 1, 'ENVIRONMENT');

    const page = await loggedIn('qh.environment', `/tasks/${encodeURIComponent(taskId)}`); // the e-mail's link
    await page.waitForSelector('button[data-action="claim"]');
    expect(await page.textContent('#holder')).toContain('待签收');
    expect(await page.locator('button[data-action="withdraw"]').count()).toBe(0);
    await page.click('button[data-action="claim"]');
    await page.waitForSelector('#done[data-notice="claim"]');
    expect(await page.textContent('#holder')).toContain('qh.environment');
    expect(await page.locator('button[data-action="release"]').count()).toBe(1);

    // A file uploaded here is cited by the decision.
    await page.setInputFiles('#attach-file', { name: '环保意见.txt', mimeType: 'text/plain', buffer: Buffer.from('绿色供应链目标可行') });
    await page.waitForSelector('#attachments tr[data-attachment]');
    expect(await page.textContent('#attachments')).toContain('环保意见.txt');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#attachments a[data-download]')]);
    expect(download.suggestedFilename()).toBe('环保意见.txt');

    await page.selectOption('#decision', 'approve');
    await page.fill('#reason', '符合绿色发展要求');
    await page.click('#decide button[type=submit]');
    await page.waitForSelector('#done[data-notice="decided"]');
    expect(await page.textContent('#task-status')).toBe('已办');

    await page.click('button[data-action="withdraw"]');
    await page.fill('form#desk-form [name=reason]', '需复核环境指标');
    await page.click('form#desk-form button[type=submit]');
    await page.waitForSelector('#done[data-notice="withdraw"]');
    expect(await page.textContent('#task-status')).toBe('待办');
    await page.waitForSelector('#decide'); // it may be decided again
    await page.close();

    const task = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, { token: await login(h, 'qh.environment') });
    expect(task.body).toMatchObject({ status: 'open', decision: null, decidedById: null, assignee: { username: 'qh.environment' }, may: { decide: true, withdraw: false } });
    const events = await h.db.auditEvent.findMany({ where: { taskId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['task_claimed', 'attachment_uploaded', 'task_decided', 'decision_withdrawn']);
    expect(events[2].detail).toMatchObject({ decision: 'approve', attachments: [{ name: '环保意见.txt', id: task.body.attachments[0].id }] });
    expect(events[3].reason).toBe('需复核环境指标');
  });

  test('when the admin creates a round in the browser, then a contradiction is refused naming the field, and the corrected round is listed with its rules', async () => {
    const page = await loggedIn('admin', '/rounds');
    await page.waitForSelector('#new-round');
    await page.fill('#nameZh', '2027年示范创建（网页测试）');
    await page.fill('#nameEn', '2027 demonstrations (web test)');
    const rules = JSON.parse(await page.inputValue('#config'));
    expect(rules.selection.quotas).toEqual({ city: 55, enterprise: 266 }); // starts from the 2018 rules
    const edited = { ...rules, dayCount: 'working', publicNotice: { workingDays: 5, offerNextRanked: true }, selection: { ...rules.selection, quotas: { city: 12, enterprise: 90 } } };
    await page.fill('#config', JSON.stringify({ ...edited, expertReview: { ...rules.expertReview, quorum: rules.expertReview.panelSize + 1 } }));
    await page.click('#new-round button[type=submit]');
    await page.waitForSelector('#round-result.error');
    expect(await page.textContent('#round-result')).toContain('config.expertReview.quorum');

    await page.fill('#config', JSON.stringify(edited));
    await page.click('#new-round button[type=submit]');
    await page.waitForSelector('#round-result:has-text("round-")');
    const id = (await page.textContent('#round-result'))!.split(' ').pop()!;
    const row = await page.textContent(`tr[data-round="${id}"]`);
    expect(row).toContain('12 / 90');
    expect(row).toContain('工作日');
    const stored = await h.db.round.findUniqueOrThrow({ where: { id } });
    expect(stored.config).toMatchObject({ dayCount: 'working', publicNotice: { workingDays: 5 } });
    await page.close();
  });

  test("when an auditor opens an application's full timeline, then workflow events show who decided, with the records' hash chain, and the CSV downloads", async () => {
    const applicant = await newApplicant(h, 'city', 'QH');
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await decideRound(h, await provincialOfficers(h, 'QH'), id, 1, Object.fromEntries(PARTY_CODES.map((p) => [p, { decision: 'approve' }])));
    await reached(h, id, 'forwarded');

    const page = await loggedIn('auditor', `/applications/${id}`);
    await page.click('#load-timeline');
    await page.waitForSelector('tr[data-source=workflow]');
    const text = await page.textContent('#full-timeline');
    expect(text).toContain('provincialReviewWorkflow');
    expect(text).toContain('qh.agriculture'); // the actor carried in the decide Update
    expect(await page.locator('tr[data-source=audit] td.hash').first().textContent()).toMatch(/^#1 [0-9a-f]{12}…$/);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=csv]')]);
    expect(file.suggestedFilename()).toBe(`timeline-${id}.csv`);
    expect(fs.readFileSync((await file.path())!, 'utf8')).toContain('task_decided');
    await page.close();
  });

  test('when an applicant opens a returned application, then they see the fixes, revise and resubmit it, and round 2 begins', async () => {
    const applicant = await newApplicant(h, 'city', 'QH');
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await decideRound(h, await provincialOfficers(h, 'QH'), id, 1, {
      ...Object.fromEntries(PARTY_CODES.filter((p) => p !== 'ENVIRONMENT').map((p) => [p, { decision: 'approve' }])),
      ENVIRONMENT: { decision: 'return', reason: '请补充绿色供应链的量化目标' },
    });
    await statusBecomes(h, id, 'returned');

    const page = await loggedIn(applicant.user.username);
    await page.click(`a[href="/applications/${id}"]`);
    await page.waitForSelector('.fixes');
    expect(await page.textContent('.fixes')).toContain('请补充绿色供应链的量化目标');
    await page.fill('#targets', '两年内绿色仓储占比提高到30%，单位物流碳排放下降15%');
    await page.click('#submit');
    await page.waitForSelector('#done');

    const app = await statusBecomes(h, id, 'provincial_review');
    expect(app.reviewRound).toBe(2);
    expect((app.annex as { targets: string }).targets).toBe('两年内绿色仓储占比提高到30%，单位物流碳排放下降15%');
    await page.close();
  });
  test("when a pilot's applicant opens the pilot from the application, then they file the open quarter's report and the mid-term self-assessment", async () => {
    const applicant = await newApplicant(h, 'city', 'QH');
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    // Selection is other files' matter: here the pilot's workflow starts directly, on a calendar of
    // 20-second quarters (time enough to fill the form on a loaded machine) with the mid-term
    // evaluation after the first, and the application has the
    // status its own workflow gives a pilot.
    await h.db.application.update({ where: { id }, data: { status: 'pilot' } });
    const pilot = await h.client.workflow.start<typeof pilotWorkflow>('pilotWorkflow', {
      workflowId: pilotWorkflowId(id),
      taskQueue: h.taskQueue,
      args: [{ applicationId: id, roundId, kind: 'city', provinceCode: 'QH', startsAt: new Date().toISOString(), config: { pilot: { quarters: 3, quarterDays: SECONDS_AS_DAYS(20), reportGraceDays: SECONDS_AS_DAYS(5), compilationDays: 30, midtermAfterQuarter: 1 }, evaluation: DEFAULT_ROUND_CONFIG.evaluation } }],
    });
    try {
      await waitFor('the pilot', () => h.db.pilot.findUnique({ where: { id } }));
      // the quarter's row is written just before its report workflow starts: a report sent in
      // between gets 409 report_not_open, so the applicant comes once the workflow runs
      await waitFor('the first quarter open', () => h.client.workflow.getHandle(quarterlyReportWorkflowId(id, 1)).describe().then(() => true, () => false));
      const page = await loggedIn(applicant.user.username, `/applications/${id}`);
      await page.click('#pilot-link');
      await page.waitForSelector('#report-form');
      expect(await page.textContent('tr[data-quarter="1"]')).toContain('待报送');
      await page.fill('#progress_INDUSTRY_SUPPLY_CHAIN', '汽车产业链协同平台上线，接入企业120家');
      await page.fill('[name=indicator_name_0]', '供应链领先企业');
      await page.fill('[name=indicator_value_0]', '3');
      await page.fill('[name=indicator_unit_0]', '家');
      await page.click('#report-form button[type=submit]');
      await page.waitForSelector('#done[data-notice="report"]');
      expect(await page.textContent('tr[data-quarter="1"]')).toContain('已报送');
      const report = await h.db.quarterlyReport.findUniqueOrThrow({ where: { pilotId_quarter: { pilotId: id, quarter: 1 } } });
      expect(report.content).toEqual({ progress: [{ task: 'INDUSTRY_SUPPLY_CHAIN', summary: '汽车产业链协同平台上线，接入企业120家' }], indicators: [{ name: '供应链领先企业', value: 3, unit: '家' }], problems: '' });

      await waitFor('the mid-term evaluation', () => h.db.evaluation.findUnique({ where: { id: `${id}:midterm` } }));
      await page.reload();
      await page.waitForSelector('#self-assessment-midterm');
      await page.fill('#summary_midterm', '试点任务按计划推进');
      await page.fill('#achievements_midterm', '培育供应链领先企业3家');
      await page.fill('#replicablePractice_midterm', '链主企业带动上下游协同');
      await page.selectOption('#proposedGrade_midterm', 'good');
      await page.click('#self-assessment-midterm button[type=submit]');
      await page.waitForSelector('#done[data-notice="self-assessment"]');
      expect(await page.textContent('#evaluations tr[data-stage="midterm"]')).toContain('是');
      expect((await h.db.evaluation.findUniqueOrThrow({ where: { id: `${id}:midterm` } })).selfAssessment).toMatchObject({ proposedGrade: 'good', summary: '试点任务按计划推进' });
      await page.close();
    } finally {
      await pilot.terminate('the test is over');
    }
  });
});
