// The stages' own task forms in the workspace (web/src/views/stages) end to end in headless Chromium
// against the real API, worker, Temporal server and database: a provincial commerce department
// compiles a quarter's pilot reports for MOFCOM, a body grades a pilot's mid-term self-assessment
// (in English on a 390 × 844 phone, tapped through), and MOFCOM revises the proposed list after an
// objection. Pilots run on calendars of seconds, started directly (selection is other files' matter),
// some already under way so that no test waits for a quarter to end;
// axe-core finds no serious or critical violation and the pages run under the strict CSP.
import type { Browser, Page } from 'playwright-core';
import { NATIONAL_BODIES } from '../domain/bodies';
import { DEFAULT_ROUND_CONFIG, DEFAULT_RUBRIC } from '../domain/round';
import {
  compilationWorkflowId,
  countersignTaskId,
  gradingTaskId,
  opinionTaskId,
  pilotWorkflowId,
  quarterlyReportWorkflowId,
  revisionTaskId,
} from '../shared/definitions';
import type { pilotWorkflow } from '../workflows/pilot';
import {
  browserSuite,
  DESKTOP,
  launchChromium,
  logInAt as logInThrough,
  pageChecks,
  PHONE,
  scrollWidth,
  started,
} from './support/browser';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { decide, draft, statusBecomes, submit } from './support/flows';
import {
  http,
  login,
  newApplicant,
  newRound,
  SECONDS_AS_DAYS,
  startHarness,
  waitFor,
  type Harness,
} from './support/harness';

browserSuite('the workspace’s stage forms (compilation, grading, revision) in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  const { watch, axe, cspViolations, report } = pageChecks();
  const pilots: string[] = [];

  let fixtures: {
    compilation: ReturnType<typeof compilationCase>;
    grading: ReturnType<typeof gradingCase>;
    revision: ReturnType<typeof revisionCase>;
  };

  beforeAll(async () => {
    h = await startHarness();
    // every test's case goes through its workflows while the browser works on the first
    fixtures = {
      compilation: started(compilationCase()),
      grading: started(gradingCase()),
      revision: started(revisionCase()),
    };
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    report();
    for (const id of pilots)
      await h?.client.workflow
        .getHandle(pilotWorkflowId(id))
        .terminate('the test is over')
        .catch(() => undefined);
    await browser?.close();
    await h?.stop();
  });

  const logInAt = (page: Page, username: string, where: string, tap = false) =>
    logInThrough(page, h.baseUrl, username, where, { tap });
  const taskPath = (id: string) => `/workspace/tasks/${encodeURIComponent(id)}`;
  const errorUnder = (page: Page, selector: string) =>
    page.locator('.el-form-item', { has: page.locator(selector) }).locator('.el-form-item__error');

  /**
   * A running pilot of a fresh GD city named `name`, its workflow started directly on a calendar of
   * seconds: `quarterSeconds` a quarter, its report due `graceSeconds` after the quarter's end, its
   * start `secondsAgo` in the past (the calendar counts from it: a quarter may be over already).
   */
  async function runningPilot(
    roundId: string,
    name: string,
    { quarterSeconds = 60, graceSeconds = 10, midtermAfterQuarter = 1, secondsAgo = 0 } = {},
  ) {
    const applicant = await newApplicant(h, 'city', 'GD', name);
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    await h.db.application.update({ where: { id }, data: { status: 'pilot' } });
    await h.client.workflow.start<typeof pilotWorkflow>('pilotWorkflow', {
      workflowId: pilotWorkflowId(id),
      taskQueue: h.taskQueue,
      args: [
        {
          applicationId: id,
          roundId,
          kind: 'city',
          provinceCode: 'GD',
          startsAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
          config: {
            pilot: {
              quarters: 2,
              quarterDays: SECONDS_AS_DAYS(quarterSeconds),
              reportGraceDays: SECONDS_AS_DAYS(graceSeconds),
              compilationDays: 30,
              midtermAfterQuarter,
            },
            evaluation: DEFAULT_ROUND_CONFIG.evaluation,
          },
        },
      ],
    });
    pilots.push(id);
    const q1 = await waitFor('the first quarter written', () =>
      h.db.quarterlyReport.findUnique({ where: { id: `${id}:q1` } }),
    );
    return { applicant, id, q1 };
  }

  const fileReport = (token: string, id: string, summary: string, problems: string) =>
    http(h.baseUrl, 'POST', `/api/pilots/${id}/reports/1`, {
      token,
      body: {
        progress: [{ task: 'INDUSTRY_SUPPLY_CHAIN', summary }],
        indicators: [{ name: '供应链领先企业', value: 3, unit: '家' }],
        problems,
      },
    });

  /** GD's compilation of quarter 1 of a round of two pilots, one report filed on time and one late: its task open. */
  async function compilationCase() {
    const round = await newRound(h);
    const tag = Date.now().toString(36);
    const [onTime, late] = await Promise.all([
      runningPilot(round.id, `广州市人民政府（汇总${tag}）`),
      // its first ten-minute quarter ended ten seconds ago, the report due a second after: filed now, it is late
      runningPilot(round.id, `珠海市人民政府（汇总${tag}）`, { quarterSeconds: 600, graceSeconds: 1, secondsAgo: 610 }),
    ]);
    expect(late.q1.dueAt.getTime()).toBeLessThan(Date.now());
    await Promise.all([
      fileReport(onTime.applicant.token, onTime.id, '汽车产业链协同平台上线', ''),
      fileReport(late.applicant.token, late.id, '跨境电商供应链平台试运行', '融资难'),
    ]).then((answers) => expect(answers.map((a) => a.status)).toEqual([200, 200]));
    // both reports delivered to the province's compilation of the quarter (its workflow then holds them)
    await Promise.all(
      [onTime, late].map((p) => h.client.workflow.getHandle(quarterlyReportWorkflowId(p.id, 1)).result()),
    );
    const task = await waitFor('the compilation task', () =>
      h.db.task.findFirst({ where: { roundId: round.id, stage: 'quarterlyCompilation', status: 'open' } }),
    );
    return { round, tag, onTime, late, task };
  }

  test('when GD’s commerce department opens its quarter compilation, then it sees the reports the database has for it, late flag and content included, and after the confirmation the task is decided “compile” with the note and the reports carry the compilation', async () => {
    const { round, tag, onTime, late, task } = await fixtures.compilation;
    const handle = h.client.workflow.getHandle(compilationWorkflowId(round.id, 'GD', 1));
    expect(task.departmentId).toBe('GD.COMMERCE');
    // the oracle: the reports of the quarter the database has as filed by the round's GD pilots
    const filed = await h.db.quarterlyReport.findMany({
      where: { quarter: 1, status: 'submitted', pilot: { roundId: round.id, provinceCode: 'GD' } },
    });
    expect(filed.map((r) => [r.id, r.late]).sort()).toEqual(
      [
        [`${onTime.id}:q1`, false],
        [`${late.id}:q1`, true],
      ].sort(),
    );
    // another GD department does not read the commerce department's compilation
    expect(
      (
        await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(task.id)}`, {
          token: await login(h, 'gd.industry_it'),
        })
      ).status,
    ).toBe(403);

    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const page = watch(await context.newPage());
    await logInAt(page, 'gd.commerce', taskPath(task.id));
    await page.waitForSelector('#compilation-form');
    expect(await page.textContent('#task-title')).toBe('季度报告汇总');
    expect(await page.textContent('#compilation')).toContain('第 1 季度报告汇总');
    const items = page.locator('#compilation-reports li[data-report]');
    expect((await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-report')))).sort()).toEqual(
      filed.map((r) => r.id).sort(),
    );
    for (const r of filed) {
      const item = page.locator(`li[data-report="${r.id}"]`);
      expect(await item.locator('.report-late').getAttribute('data-late')).toBe(String(r.late));
      expect(await item.locator('.report-late').textContent()).toBe(r.late ? '逾期报送' : '按期报送');
      expect(await item.locator('.report-quarter').textContent()).toBe('第 1 季度');
    }
    const lateItem = page.locator(`li[data-report="${late.id}:q1"]`);
    expect(await lateItem.locator('.report-applicant').textContent()).toBe(`珠海市人民政府（汇总${tag}）`);
    // the content is folded until opened
    expect(await lateItem.locator('.report-problems').isVisible()).toBe(false);
    await lateItem.locator('summary').click();
    expect(await lateItem.locator('.report-problems').textContent()).toBe('融资难');
    expect(await lateItem.locator('dl').textContent()).toContain('跨境电商供应链平台试运行');
    expect(await lateItem.locator('.report-indicators').textContent()).toContain('供应链领先企业：3 家');
    expect(await axe(page, 'compilation (zh-CN, desktop)')).toEqual([]);

    // cancelled: nothing is sent
    await page.fill('#compilation-note', '本季度两个试点城市均已报送');
    await page.click('#compilation-submit');
    expect(await page.textContent('.stage-confirm')).toContain('确定将以上 2 份第 1 季度报告汇总报送商务部吗');
    await page.click('.stage-confirm .el-button:not(.el-button--primary)');
    await page.waitForSelector('.stage-confirm', { state: 'hidden' });
    expect((await h.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('open');
    await page.click('#compilation-submit');
    await page.click('.stage-confirm .el-button--primary');
    await page.waitForSelector('#compilation-result');

    const decided = await h.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect([decided.status, decided.decision, decided.reason]).toEqual([
      'decided',
      'compile',
      '本季度两个试点城市均已报送',
    ]);
    expect(((decided.result as { reports: string[] }).reports ?? []).sort()).toEqual(filed.map((r) => r.id).sort());
    const carried = await h.db.quarterlyReport.findMany({ where: { compilationId: task.id } });
    expect(carried.map((r) => r.id).sort()).toEqual(filed.map((r) => r.id).sort());
    expect((await handle.result()).reports.sort()).toEqual(filed.map((r) => r.id).sort());
    // after: what was sent, read-only
    expect(await page.textContent('#compilation-result')).toContain('共 2 份报告');
    expect(await page.textContent('#compilation-result')).toContain('本季度两个试点城市均已报送');
    expect(await page.locator('#compilation-form').count()).toBe(0);
    expect(await page.locator('#compilation-reports li[data-report]').count()).toBe(2);
    expect(await page.textContent('#task-status')).toBe('已办');
    expect(await axe(page, 'compilation decided (zh-CN, desktop)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  /** A pilot's mid-term self-assessment sent, its grading tasks open. */
  async function gradingCase() {
    const round = await newRound(h);
    const name = `Lanzhou Municipal Government (grading ${Date.now().toString(36)})`;
    // the mid-term evaluation opens as the second quarter begins: its first quarter is over already
    const pilot = await runningPilot(round.id, name, { quarterSeconds: 600, graceSeconds: 600, secondsAgo: 601 });
    await waitFor('the mid-term evaluation', () =>
      h.db.evaluation.findUnique({ where: { id: `${pilot.id}:midterm` } }),
    );
    const assessment = {
      summary: 'Every pilot task on schedule',
      achievements: 'Three supply-chain leaders grown',
      replicablePractice: 'Chain leaders pull their suppliers along',
      proposedGrade: 'good',
    };
    const sent = await http(h.baseUrl, 'POST', `/api/pilots/${pilot.id}/evaluations/midterm/self-assessment`, {
      token: pilot.applicant.token,
      body: assessment,
    });
    expect(sent.status).toBe(200);
    // Guangdong's commerce department gives its opinion first: the bodies grade after it
    const opinion = opinionTaskId(pilot.id, 'midterm');
    await waitFor('the opinion task', () => h.db.task.findUnique({ where: { id: opinion } }));
    const opined = await decide(h, await login(h, 'gd.commerce'), opinion, { decision: 'opine', reason: '进展良好' });
    expect(opined.status).toBe(200);
    const taskId = gradingTaskId(pilot.id, 'midterm', 'MIIT');
    await waitFor('the grading tasks', () => h.db.task.findUnique({ where: { id: taskId } }));
    return { pilot, assessment, taskId };
  }

  test('when a body grades a pilot’s mid-term self-assessment in English on a 390 × 844 phone, tapping, then it reads the self-assessment, a missing grade is named under its field, and the grade it confirms is the task’s in the database', async () => {
    const { pilot, assessment, taskId } = await fixtures.grading;

    const context = await browser.newContext({ ...PHONE, locale: 'en-GB', timezoneId: 'UTC' });
    const page = watch(await context.newPage());
    await logInAt(page, 'miit', taskPath(taskId), true);
    await page.waitForSelector('#grading-form');
    await page.tap('#lang');
    await page.waitForSelector('#grading h3:text-is("Mid-term evaluation: grading")');
    // the oracle: the self-assessment as the database has it
    const stored = (await h.db.evaluation.findUniqueOrThrow({ where: { id: `${pilot.id}:midterm` } }))
      .selfAssessment as typeof assessment;
    expect(stored).toEqual(assessment);
    for (const f of ['summary', 'achievements', 'replicablePractice'] as const)
      expect(await page.textContent(`#self-assessment dd[data-field="${f}"]`)).toBe(stored[f]);
    expect(await page.textContent('#self-assessment dd[data-field="proposedGrade"]')).toBe('Good');
    expect((await page.locator('#grade [data-grade]').allTextContents()).map((s) => s.trim())).toEqual([
      'Excellent',
      'Good',
      'Pass',
      'Fail',
    ]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'grading (English, 390 px)')).toEqual([]);

    await page.tap('#grading-submit');
    expect(await errorUnder(page, '#grade').textContent()).toBe('Required');
    expect(await page.locator('.stage-confirm').count()).toBe(0);
    await page.tap('#grade [data-grade="excellent"]');
    await page.tap('#grading-comments');
    await page.fill('#grading-comments', 'Strong on the chain-leader model');
    await page.tap('#grading-submit');
    expect(await page.textContent('.stage-confirm')).toContain('as “Excellent”');
    await page.tap('.stage-confirm .el-button--primary');
    await page.waitForSelector('#grading-result');

    const decided = await h.db.task.findUniqueOrThrow({ where: { id: taskId } });
    expect([decided.status, decided.decision, decided.decidedById]).toEqual([
      'decided',
      'grade',
      (await h.db.user.findUniqueOrThrow({ where: { username: 'miit' } })).id,
    ]);
    expect(decided.result).toMatchObject({ grade: 'excellent', comments: 'Strong on the chain-leader model' });
    expect(await page.textContent('#grading-result')).toContain('Your body’s grade: Excellent');
    expect(await page.textContent('#grading-result')).toContain('Strong on the chain-leader model');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'grading decided (English, 390 px)')).toEqual([]);
    await context.close();

    // MOFCOM follows every task: another body's grading, read-only, with the self-assessment
    const other = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const look = watch(await other.newPage());
    await logInAt(look, 'mofcom', taskPath(gradingTaskId(pilot.id, 'midterm', 'MEE')));
    await look.waitForSelector('#self-assessment');
    expect(await look.locator('#grading-form').count()).toBe(0);
    expect(await look.textContent('#grading')).toContain('本任务不由您办理');
    await other.close();
    expect(cspViolations).toEqual([]);
  });

  /** A central enterprise's application scored `score` by a one-expert panel. */
  async function scored(roundId: string, name: string, score: number) {
    const applicant = await newApplicant(h, 'central_enterprise', null, name);
    const id = await draft(h, applicant.token, roundId, enterpriseAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    const task = await waitFor('the expert task', () =>
      h.db.task.findFirst({
        where: { applicationId: id, stage: 'expertReview', status: 'open' },
        include: { assignee: true },
      }),
    );
    const scores = Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));
    const res = await decide(h, await login(h, task.assignee!.username), task.id, {
      decision: 'score',
      scores,
      comments: 'ok',
    });
    expect(res.status).toBe(200);
    await statusBecomes(h, id, 'scored');
    return id;
  }

  /** A round of two scored central enterprises whose proposed list the PBOC objected to: MOFCOM's revision task open. */
  async function revisionCase() {
    const round = await newRound(h, {
      expertReview: { panelSize: 1, quorum: 1 },
      selection: { quotas: { city: 1, enterprise: 1 }, minScore: 60, countersignDays: 10 },
    });
    const tag = Date.now().toString(36);
    const [first, second] = await Promise.all([
      scored(round.id, `中国远洋海运集团（遴选${tag}）`, 85),
      scored(round.id, `中国中化控股（遴选${tag}）`, 75),
    ]);
    const mofcom = await login(h, 'mofcom');
    expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/close-declaration`, { token: mofcom })).status).toBe(
      200,
    );
    expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: mofcom })).status).toBe(201);
    await waitFor(
      'the countersign',
      async () =>
        (await h.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign', reviewRound: 1 } })) === 8,
    );
    // seven bodies approve (at once), then the PBOC objects (an objection sends the list back at once)
    const countersign = async (body: string, d: { decision: string; reason?: string }) =>
      (await decide(h, await login(h, body.toLowerCase()), countersignTaskId(round.id, 1, body), d)).status;
    expect(
      await Promise.all(
        NATIONAL_BODIES.filter((x) => x.code !== 'PBOC').map((b) => countersign(b.code, { decision: 'approve' })),
      ),
    ).toEqual(Array(NATIONAL_BODIES.length - 1).fill(200));
    expect(await countersign('PBOC', { decision: 'object', reason: '第一名存在未结融资纠纷' })).toBe(200);
    const taskId = revisionTaskId(round.id, 1);
    await waitFor('the revision task', () => h.db.task.findUnique({ where: { id: taskId } }));
    return { tag, first, second, taskId };
  }

  test('when MOFCOM revises the proposed list after an objection, then it ticks the applications of the revised list, a list over the quota is refused under the list, and the list and reason it confirms are the task’s', async () => {
    const { tag, first, second, taskId } = await fixtures.revision;

    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const page = watch(await context.newPage());
    await logInAt(page, 'mofcom', taskPath(taskId));
    await page.waitForSelector('#revision-form');
    const row = (id: string) => page.locator(`#revision-form tr[data-application="${id}"]`);
    expect(await row(first).textContent()).toContain(`中国远洋海运集团（遴选${tag}）`);
    expect(await row(second).textContent()).toContain(`中国中化控股（遴选${tag}）`);
    // the proposal as proposed: the first ticked, the second not
    expect(await row(first).locator('input[type="checkbox"]').isChecked()).toBe(true);
    expect(await row(second).locator('input[type="checkbox"]').isChecked()).toBe(false);
    expect(await axe(page, 'revision (zh-CN, desktop)')).toEqual([]);

    // no reason: named under it
    await page.click('#revision-submit');
    expect(await errorUnder(page, '#revision-reason').textContent()).toBe('必填项');
    // both ticked: over the enterprises' quota of one, the server's reason under the list
    await row(second).locator('.el-checkbox').click();
    await page.fill('#revision-reason', '根据中国人民银行异议调整');
    await page.click('#revision-submit');
    expect(await page.textContent('.stage-confirm')).toContain('共 2 个');
    await page.click('.stage-confirm .el-button--primary');
    await page.waitForSelector('.revision-lists .el-form-item__error');
    expect(await page.textContent('.revision-lists .el-form-item__error')).toContain('超过名额 1 个');
    expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('open');
    await row(first).locator('.el-checkbox').click();
    await page.click('#revision-submit');
    await page.click('.stage-confirm .el-button--primary');
    await page.waitForSelector('#revision-result');

    const decided = await h.db.task.findUniqueOrThrow({ where: { id: taskId } });
    expect([decided.status, decided.decision, decided.reason]).toEqual([
      'decided',
      'revise',
      '根据中国人民银行异议调整',
    ]);
    expect(decided.result).toMatchObject({ applicationIds: [second] });
    expect(await page.locator('#revision-list li').allTextContents()).toEqual([`中国中化控股（遴选${tag}）`]);
    expect(await axe(page, 'revision decided (zh-CN, desktop)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });
});
