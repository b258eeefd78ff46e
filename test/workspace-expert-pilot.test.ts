// The workspace's expert score sheet and pilot page (web/src/views/expert, web/src/views/pilot) end
// to end in headless Chromium against the real API, worker, Temporal server and database: an expert
// scores their task on the round's own rubric, the weighted total following each score, and the
// task keeps exactly what was typed; an auditor sees the panel's sheets, a province never; a pilot's
// applicant files the open quarter's report and the mid-term self-assessment. Each journey also in
// English on a 390 × 844 phone, tapped through; axe-core finds no serious or critical violation and
// the pages run under the strict CSP without a violation.
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import { pilotWorkflowId, quarterlyReportWorkflowId, reviewTaskId } from '../shared/definitions';
import type { pilotWorkflow } from '../workflows/pilot';
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
} from './support/browser';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { approveAllAndRecommend, draft, submit } from './support/flows';
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

/** A rubric of this file's own (not the default), so the sheet can only have it from the round. */
const RUBRIC = [
  { code: 'BASE', zh: '产业基础', en: 'Industrial base', weight: 0.35 },
  { code: 'PLAN', zh: '实施方案', en: 'The plan', weight: 0.25 },
  { code: 'IMPACT', zh: '示范效应', en: 'Demonstration effect', weight: 0.4 },
];
/** Σ weight × score of the first n criteria, to the cent: the oracle for the live total. */
const weighted = (scores: number[], n = scores.length) =>
  RUBRIC.slice(0, n).reduce((sum, c, i) => sum + c.weight * scores[i], 0);
/** The pilots' quarter: long enough that the third has not begun when a test ends, even on a loaded machine. */
const QUARTER_SECONDS = 600;
const cents = (x: number) => (Math.round(x * 1e6) / 1e6).toFixed(2);
/** A due time as the page shows it: China Standard Time, whatever the browser's zone. */
const cstText = (at: Date, locale: 'zh-CN' | 'en') =>
  `${new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(at)} ${locale === 'en' ? 'CST (Beijing)' : '北京时间'}`;

browserSuite('the workspace’s expert score sheet and pilot page in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let scoringRound: { id: string };
  let pilotRound: { id: string };
  const { watch, axe, cspViolations, report } = pageChecks();
  const tag = Date.now().toString(36);
  let fixtures: {
    [k in 'scored' | 'scoredOnPhone' | 'declined']: Promise<Awaited<ReturnType<typeof inExpertReview>>[number]>;
  } & { [k in 'pilot' | 'pilotOnPhone']: ReturnType<typeof runningPilot> };

  beforeAll(async () => {
    h = await startHarness();
    // panels of one: the seeded demo experts suffice, and the pool stays as test/expertReview.test.ts counts it
    [scoringRound, pilotRound, browser] = await Promise.all([
      newRound(h, { rubric: RUBRIC, expertReview: { panelSize: 1, quorum: 1 } }),
      newRound(h),
      launchChromium(),
    ]);
    // every test's case is on its way through the workflows while the browser works on the first
    // the three scoring cases are GD's of one round: its joint review approves them and it recommends them together
    const panels = started(
      inExpertReview([
        `示例供应链管理有限公司（评分${tag}）`,
        `Example Supply Chain Co. (phone ${tag})`,
        `示例供应链管理有限公司（谢绝${tag}）`,
      ]),
    );
    fixtures = {
      scored: started(panels.then((p) => p[0])),
      scoredOnPhone: started(panels.then((p) => p[1])),
      declined: started(panels.then((p) => p[2])),
      pilot: started(runningPilot('GS', `兰州市人民政府（试点${tag}）`)),
      pilotOnPhone: started(runningPilot('GS', `Lanzhou Municipal Government (phone ${tag})`)),
    };
  }, 180_000);
  afterAll(async () => {
    report();
    // a pilot a failed test left running
    for (const pilot of [fixtures?.pilot, fixtures?.pilotOnPhone])
      await pilot?.then(({ workflow }) => workflow.terminate('the test is over')).catch(() => undefined);
    await browser?.close();
    await h?.stop();
  });

  /** Opens `where`, logs in on the login page it sends to, and comes back to it. */
  const logInAt = (page: Page, username: string, where: string, tap = false) =>
    logInThrough(page, h.baseUrl, username, where, { tap });

  const phone = () => browser.newContext({ ...PHONE, locale: 'en-GB', timezoneId: 'UTC' });
  const desktop = () => browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
  const errorUnder = (page: Page, input: string) =>
    page.locator('.el-form-item', { has: page.locator(input) }).locator('.el-form-item__error');

  /** GD enterprises' applications, approved by their province and recommended together, each with its one expert. */
  async function inExpertReview(names: string[]) {
    const ids = await Promise.all(
      names.map(async (name) => {
        const applicant = await newApplicant(h, 'enterprise', 'GD', name);
        const id = await draft(h, applicant.token, scoringRound.id, enterpriseAnnex());
        expect((await submit(h, applicant.token, id)).status).toBe(200);
        return id;
      }),
    );
    await approveAllAndRecommend(h, scoringRound.id, 'GD', ids);
    return Promise.all(
      ids.map(async (id, i) => {
        const task = await waitFor(
          'the expert’s task',
          () =>
            h.db.task.findFirst({
              where: { applicationId: id, stage: 'expertReview', status: 'open', assigneeId: { not: null } },
              include: { assignee: true },
            }),
          60_000,
        );
        return { id, name: names[i], task, expert: task.assignee! };
      }),
    );
  }

  test('when an expert fills the score sheet of their task, then the weighted total follows each score as the rubric weighs it, the confirmation sends it, the task keeps exactly what was typed and shows it on reopening; an auditor sees the sheet, the province never', async () => {
    const { id, name, task, expert } = await fixtures.scored;
    const scores = [88, 76.4, 91];
    const comments = '产业基础扎实，方案可行；建议细化绿色供应链指标。';
    const context = await desktop();
    const page = watch(await context.newPage());
    await logInAt(page, expert.username, `/workspace/tasks/${encodeURIComponent(task.id)}`);
    await page.waitForSelector('#score-sheet');
    expect(await page.textContent('#task-title')).toBe(`专家评审：${name}`);

    // Each criterion of the round's rubric: its label, weight and maximum beside its box, on the same line.
    for (const c of RUBRIC) {
      const item = page.locator(`.criterion-item[data-criterion="${c.code}"]`);
      expect(await item.locator('.el-form-item__label').textContent()).toBe(c.zh);
      expect(await item.locator('.criterion-hint').textContent()).toContain(
        `权重 ${Math.round(c.weight * 100)}% · 满分 100 分`,
      );
      const labelBox = (await item.locator('.el-form-item__label').boundingBox())!;
      const inputBox = (await page.locator(`#score-${c.code}`).boundingBox())!;
      expect(inputBox.x - (labelBox.x + labelBox.width)).toBeLessThan(40);
      expect(Math.abs(inputBox.y + inputBox.height / 2 - (labelBox.y + labelBox.height / 2))).toBeLessThan(20);
    }
    expect(await page.textContent('#score-total-value')).toBe('0.00');
    expect(await axe(page, 'score sheet (zh-CN, desktop)')).toEqual([]);

    // Out of range and missing: errors under their fields, nothing sent.
    await page.fill('#score-BASE', '120');
    await page.click('#score-submit');
    expect(await errorUnder(page, '#score-BASE').textContent()).toBe('评分应在 0 至 100 分之间');
    expect(await errorUnder(page, '#score-PLAN').textContent()).toBe('必填项');
    expect(await errorUnder(page, '#score-comments').textContent()).toBe('必填项');
    expect(await page.locator('.score-confirm').count()).toBe(0);
    expect((await h.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('open');

    // The total follows each score typed.
    for (const [i, c] of RUBRIC.entries()) {
      await page.fill(`#score-${c.code}`, String(scores[i]));
      await page.waitForSelector(`#score-total-value:text-is("${cents(weighted(scores, i + 1))}")`);
    }
    expect(await page.textContent('#score-total')).toContain('已评 3/3 项');
    await page.fill('#score-comments', comments);
    // each corrected field's error is gone before the next submission
    expect(
      (await page.locator('#score-sheet .el-form-item__error').allTextContents()).filter((text) => text.trim()),
    ).toEqual([]);
    await shoot(page, 'workspace-expert.png', false, '#score-sheet');
    await page.click('#score-submit');
    expect(await page.textContent('.score-confirm')).toContain(`加权总分 ${cents(weighted(scores))} 分`);
    await page.click('.score-confirm .el-button--primary');
    await page.waitForSelector('#score-result');

    const stored = await h.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored).toMatchObject({ status: 'decided', decision: 'score', decidedById: expert.id });
    expect(stored.result).toEqual({
      scores: { BASE: 88, PLAN: 76.4, IMPACT: 91 },
      total: Number(cents(weighted(scores))),
      comments,
    });

    // Reopened: the sheet as sent.
    await page.reload();
    await page.waitForSelector('#score-result');
    for (const [i, c] of RUBRIC.entries())
      expect(await page.textContent(`#score-result tr[data-criterion="${c.code}"] [data-score]`)).toBe(
        String(scores[i]),
      );
    expect(await page.textContent('#result-total')).toBe(cents(weighted(scores)));
    expect(await page.textContent('#result-comments')).toBe(comments);
    expect(await page.locator('#score-sheet').count()).toBe(0);
    expect(await axe(page, 'score sheet sent (zh-CN, desktop)')).toEqual([]);
    await context.close();

    // The API gives the experts' sheets to MOFCOM and auditors, never to the province (usecases/visibility.ts) …
    const seats = async (username: string) =>
      (
        (await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: await login(h, username) })).body.tasks as {
          stage: string;
          result?: unknown;
        }[]
      ).filter((x) => x.stage === 'expertReview');
    expect((await seats('mofcom')).map((x) => x.result)).toEqual([stored.result]);
    expect(await seats('gd.commerce')).toEqual([]);
    // … and the page shows what it was given: the auditor the panel's sheet, the provincial officer nothing of it.
    const audit = await desktop();
    const auditor = watch(await audit.newPage());
    await logInAt(auditor, 'auditor', `/workspace/tasks/${encodeURIComponent(task.id)}`);
    await auditor.waitForSelector('#panel-scores tbody');
    expect(await auditor.textContent('#panel-scores thead')).toContain('专家 1');
    for (const [i, c] of RUBRIC.entries())
      expect(await auditor.textContent(`#panel-scores tr[data-criterion="${c.code}"] td`)).toBe(String(scores[i]));
    expect(await auditor.textContent('#panel-scores [data-total]')).toBe(cents(weighted(scores)));
    expect(await auditor.textContent('#panel-scores')).toContain(comments);
    expect(await axe(auditor, 'task with the panel’s scores (zh-CN, desktop, auditor)')).toEqual([]);
    await audit.close();
    const province = await desktop();
    const officer = watch(await province.newPage());
    await logInAt(officer, 'gd.commerce', `/workspace/tasks/${encodeURIComponent(reviewTaskId(id, 1, 'COMMERCE'))}`);
    await officer.waitForSelector('#history');
    expect(await officer.locator('#panel-scores').count()).toBe(0);
    expect(await officer.textContent('body')).not.toContain(comments);
    await province.close();
    expect(cspViolations).toEqual([]);
  });

  test('when an expert scores on a 390 × 844 phone in English, then the labels sit above their boxes, nothing scrolls sideways, the tapped sheet is recorded as typed, and its rubric stays the one the application was submitted under', async () => {
    const { task, expert } = await fixtures.scoredOnPhone;
    const scores = [70, 82, 64];
    const comments = 'A sound foundation; the targets need figures.';
    const context = await phone();
    const page = watch(await context.newPage());
    await logInAt(page, expert.username, `/workspace/tasks/${encodeURIComponent(task.id)}`, true);
    await page.waitForSelector('#score-sheet');
    await page.tap('#lang');
    await page.waitForSelector('#task-title:has-text("Expert review")');
    for (const c of RUBRIC) {
      const item = page.locator(`.criterion-item[data-criterion="${c.code}"]`);
      expect(await item.locator('.el-form-item__label').textContent()).toBe(c.en);
      expect(await item.locator('.criterion-hint').textContent()).toContain(
        `weight ${Math.round(c.weight * 100)}% · out of 100`,
      );
      const labelBox = (await item.locator('.el-form-item__label').boundingBox())!;
      const inputBox = (await page.locator(`#score-${c.code}`).boundingBox())!;
      expect(labelBox.y + labelBox.height).toBeLessThanOrEqual(inputBox.y + 1);
      expect(inputBox.y - (labelBox.y + labelBox.height)).toBeLessThan(24);
    }
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'score sheet (English, 390 px)')).toEqual([]);

    for (const [i, c] of RUBRIC.entries()) {
      await page.tap(`#score-${c.code}`);
      await page.fill(`#score-${c.code}`, String(scores[i]));
      await page.waitForSelector(`#score-total-value:text-is("${cents(weighted(scores, i + 1))}")`);
    }
    expect(await page.textContent('#score-total')).toContain('3 of 3 scored');
    await page.tap('#score-comments');
    await page.fill('#score-comments', comments);
    await page.tap('#score-submit');
    expect(await page.textContent('.score-confirm')).toContain(`Weighted total: ${cents(weighted(scores))}`);
    await page.tap('.score-confirm .el-button--primary');
    await page.waitForSelector('#score-result');
    expect(await page.textContent('#result-total')).toBe(cents(weighted(scores)));
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    const stored = await h.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored).toMatchObject({ status: 'decided', decision: 'score', decidedById: expert.id });
    expect(stored.result).toEqual({
      scores: { BASE: 70, PLAN: 82, IMPACT: 64 },
      total: Number(cents(weighted(scores))),
      comments,
    });
    expect(await axe(page, 'score sheet sent (English, 390 px)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);

    // The sheet's rubric is the one of the rules the application was submitted under (its workflow's
    // copy), not the round's rules of today: a new version with other weights leaves it as it was.
    const round = await h.db.round.findUniqueOrThrow({ where: { id: scoringRound.id } });
    const config = { ...(round.config as object), rubric: RUBRIC.map((c) => ({ ...c, weight: 1 / 3 })) };
    await h.db.round.update({
      where: { id: round.id },
      data: { config, configVersion: 2, configVersions: { create: { version: 2, config, reason: 'other weights' } } },
    });
    const answer = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(task.id)}`, {
      token: await login(h, expert.username),
    });
    expect(answer.body.rubric).toEqual(RUBRIC);
  });

  test('when an expert declines their task, then a reason is asked for under its field, and after the confirmation the task records the decline and another expert takes the seat', async () => {
    const { id, task, expert } = await fixtures.declined;
    const reason = '曾为该企业提供咨询服务，需回避';
    const context = await desktop();
    const page = watch(await context.newPage());
    await logInAt(page, expert.username, `/workspace/tasks/${encodeURIComponent(task.id)}`);
    await page.waitForSelector('#score-sheet');
    await page.click('#score-choice [data-decision="decline"]');
    await page.waitForSelector('#decline-reason');
    expect(await page.locator('.criterion-item').count()).toBe(0);
    await page.click('#score-submit');
    expect(await errorUnder(page, '#decline-reason').textContent()).toBe('必填项');
    expect(await page.locator('.score-confirm').count()).toBe(0);
    await page.fill('#decline-reason', reason);
    await page.click('#score-submit');
    expect(await page.textContent('.score-confirm')).toContain('确定谢绝评审');
    await page.click('.score-confirm .el-button--primary');
    await page.waitForSelector('#score-result');
    expect(await page.textContent('#score-result')).toContain(`已谢绝评审：${reason}`);
    expect(await h.db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'decided',
      decision: 'decline',
      reason,
      decidedById: expert.id,
      result: null,
    });
    const replacement = await waitFor('the replacement', () =>
      h.db.task.findFirst({ where: { applicationId: id, stage: 'expertReview', status: 'open' } }),
    );
    expect(replacement.assigneeId).not.toBe(expert.id);
    expect(await axe(page, 'score sheet declined (zh-CN, desktop)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  /**
   * A running pilot of a fresh city whose first ten-minute quarter has just ended: its report is still
   * due (the grace period is a quarter), the second quarter has begun, the third has not, and the
   * mid-term evaluation (after the first) is open — nothing waits on the clock.
   */
  async function runningPilot(province: string, name: string) {
    const applicant = await newApplicant(h, 'city', province, name);
    const id = await draft(h, applicant.token, pilotRound.id, cityAnnex());
    // Selection is other files' matter: the application has the status its workflow gives a pilot, and the pilot's workflow starts directly.
    await h.db.application.update({ where: { id }, data: { status: 'pilot' } });
    const workflow = await h.client.workflow.start<typeof pilotWorkflow>('pilotWorkflow', {
      workflowId: pilotWorkflowId(id),
      taskQueue: h.taskQueue,
      args: [
        {
          applicationId: id,
          roundId: pilotRound.id,
          kind: 'city',
          provinceCode: province,
          startsAt: new Date(Date.now() - (QUARTER_SECONDS + 1) * 1000).toISOString(),
          config: {
            pilot: {
              quarters: 3,
              quarterDays: SECONDS_AS_DAYS(QUARTER_SECONDS),
              reportGraceDays: SECONDS_AS_DAYS(QUARTER_SECONDS),
              compilationDays: 30,
              midtermAfterQuarter: 1,
            },
            evaluation: DEFAULT_ROUND_CONFIG.evaluation,
          },
        },
      ],
    });
    await waitFor('the pilot', () => h.db.pilot.findUnique({ where: { id } }));
    // the quarter's report workflow writes its row as it begins: the applicant comes once it has (the page shows it open)
    await waitFor('the first quarter open', () =>
      h.client.workflow
        .getHandle(quarterlyReportWorkflowId(id, 1))
        .describe()
        .then(
          () => true,
          () => false,
        ),
    );
    await waitFor('the first quarter written', () => h.db.quarterlyReport.findUnique({ where: { id: `${id}:q1` } }));
    await waitFor('the mid-term evaluation', () => h.db.evaluation.findUnique({ where: { id: `${id}:midterm` } }));
    return { applicant, id, name, workflow };
  }

  /** The pilot's quarters and their due times, as its pilot_started audit record has them. */
  const quartersOf = async (id: string) =>
    (
      (await h.db.auditEvent.findUniqueOrThrow({ where: { eventKey: `pilot-${id}/started` } })).detail as {
        quarters: { quarter: number; dueAt: string }[];
      }
    ).quarters;

  test("when a pilot's applicant opens the pilot, then they see the calendar of quarters with due times in CST, and file the open quarter's report and the mid-term self-assessment after the confirmations", async () => {
    const { applicant, id, name, workflow } = await fixtures.pilot;
    try {
      const context = await desktop();
      const page = watch(await context.newPage());
      await logInAt(page, applicant.user.username, `/workspace/pilots/${id}`);
      await page.waitForSelector('#report-form');
      expect(await page.textContent('#pilot-title')).toBe(`试点实施：${name}`);
      // the calendar: every quarter of the pilot as its start recorded them, with its report's due time in China Standard Time;
      // a quarter whose workflow has not written its row yet has not begun
      const schedule = await quartersOf(id);
      expect(await page.locator('#quarters li[data-quarter]').count()).toBe(schedule.length);
      for (const q of schedule)
        expect(await page.textContent(`#quarters li[data-quarter="${q.quarter}"] .quarter-due`)).toBe(
          cstText(new Date(q.dueAt), 'zh-CN'),
        );
      const begun = new Set((await h.db.quarterlyReport.findMany({ where: { pilotId: id } })).map((r) => r.quarter));
      for (const q of schedule.filter((x) => !begun.has(x.quarter)))
        expect(await page.getAttribute(`#quarters li[data-quarter="${q.quarter}"]`, 'data-state')).toBe('upcoming');
      expect(await page.getAttribute('#quarters li[data-quarter="1"]', 'data-state')).toBe('open');
      expect(await page.textContent('#quarters li[data-quarter="1"]')).toContain('待报送');
      expect(await axe(page, 'pilot (zh-CN, desktop)')).toEqual([]);
      await shoot(page, 'workspace-pilot.png');

      // Nothing typed: the error is under the progress; a named indicator without a value: under the value.
      await page.click('#report-submit');
      await page.waitForSelector('#progress-hint.field-error');
      expect(await page.textContent('#progress-hint')).toBe('至少填写一项试点任务的进展');
      await page.fill('#progress-INDUSTRY_SUPPLY_CHAIN', '汽车产业链协同平台上线，接入企业120家');
      await page.fill('#indicator-name-0', '供应链领先企业');
      await page.fill('#indicator-unit-0', '家');
      await page.click('#report-submit');
      expect(await errorUnder(page, '#indicator-value-0').textContent()).toBe('必填项');
      expect(await page.locator('.pilot-confirm').count()).toBe(0);
      await page.fill('#indicator-value-0', '3');
      await page.click('#report-submit');
      expect(await page.textContent('.pilot-confirm')).toContain('确定报送第 1 季度报告吗');
      await page.click('.pilot-confirm .el-button--primary');
      await page.waitForSelector('#quarters li[data-quarter="1"][data-state="filed"]');
      expect(await page.textContent('#quarters li[data-quarter="1"]')).toContain('已报送');
      const report = await h.db.quarterlyReport.findUniqueOrThrow({
        where: { pilotId_quarter: { pilotId: id, quarter: 1 } },
      });
      expect(report.status).toBe('submitted');
      expect(report.content).toEqual({
        progress: [{ task: 'INDUSTRY_SUPPLY_CHAIN', summary: '汽车产业链协同平台上线，接入企业120家' }],
        indicators: [{ name: '供应链领先企业', value: 3, unit: '家' }],
        problems: '',
      });
      expect(await page.textContent('#quarters li[data-quarter="1"] .quarter-content')).toContain(
        '汽车产业链协同平台上线',
      );

      // the mid-term evaluation opened with the second quarter: its form is on the page already
      await page.waitForSelector('#self-assessment-midterm');
      await page.fill('#summary-midterm', '试点任务按计划推进');
      await page.fill('#achievements-midterm', '培育供应链领先企业3家');
      await page.fill('#replicablePractice-midterm', '链主企业带动上下游协同');
      await page.click('#self-assessment-midterm [data-grade="good"]');
      await page.click('#self-assessment-submit-midterm');
      expect(await page.textContent('.pilot-confirm')).toContain('中期评估');
      await page.click('.pilot-confirm .el-button--primary');
      await page.waitForSelector('#evaluations tr[data-stage="midterm"]:has-text("已提交")');
      expect(await page.textContent('#evaluations tr[data-stage="midterm"]')).toContain('自评等级：良好');
      expect(await page.locator('#self-assessment-midterm').count()).toBe(0);
      expect((await h.db.evaluation.findUniqueOrThrow({ where: { id: `${id}:midterm` } })).selfAssessment).toEqual({
        summary: '试点任务按计划推进',
        achievements: '培育供应链领先企业3家',
        replicablePractice: '链主企业带动上下游协同',
        proposedGrade: 'good',
      });
      expect(await axe(page, 'pilot after filing (zh-CN, desktop)')).toEqual([]);
      await context.close();
      expect(cspViolations).toEqual([]);
    } finally {
      await workflow.terminate('the test is over');
    }
  });

  test("when a pilot's applicant works on a 390 × 844 phone in English, then the quarters stack, nothing scrolls sideways, and the tapped report and self-assessment are recorded", async () => {
    const { applicant, id, name, workflow } = await fixtures.pilotOnPhone;
    try {
      const context = await phone();
      const page = watch(await context.newPage());
      await logInAt(page, applicant.user.username, `/workspace/pilots/${id}`, true);
      await page.waitForSelector('#report-form');
      await page.tap('#lang');
      await page.waitForSelector(`#pilot-title:text-is("Pilot: ${name}")`);
      for (const q of await quartersOf(id))
        expect(await page.textContent(`#quarters li[data-quarter="${q.quarter}"] .quarter-due`)).toBe(
          cstText(new Date(q.dueAt), 'en'),
        );
      expect(await page.textContent('#quarters li[data-quarter="1"]')).toContain('Open');
      // one quarter a row
      const [q1, q2] = [
        (await page.locator('#quarters li[data-quarter="1"]').boundingBox())!,
        (await page.locator('#quarters li[data-quarter="2"]').boundingBox())!,
      ];
      expect(q2.y).toBeGreaterThanOrEqual(q1.y + q1.height);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      expect(await axe(page, 'pilot (English, 390 px)')).toEqual([]);

      await page.tap('#progress-GREEN_SUPPLY_CHAIN');
      await page.fill('#progress-GREEN_SUPPLY_CHAIN', 'Green warehousing up to 30% of capacity');
      await page.tap('#indicator-add');
      for (const [i, [n, v, u]] of [
        ['Cold-chain centres', '4', 'centres'],
        ['Carbon per parcel', '-12.5', '%'],
      ].entries()) {
        await page.tap(`#indicator-name-${i}`);
        await page.fill(`#indicator-name-${i}`, n);
        await page.fill(`#indicator-value-${i}`, v);
        await page.fill(`#indicator-unit-${i}`, u);
      }
      await page.fill('#report-problems', 'Land for logistics parks is short.');
      await page.tap('#report-submit');
      expect(await page.textContent('.pilot-confirm')).toContain('File the report of quarter 1?');
      await page.tap('.pilot-confirm .el-button--primary');
      await page.waitForSelector('#quarters li[data-quarter="1"][data-state="filed"]');
      expect(await page.textContent('#quarters li[data-quarter="1"]')).toContain('Filed');
      expect(
        (await h.db.quarterlyReport.findUniqueOrThrow({ where: { pilotId_quarter: { pilotId: id, quarter: 1 } } }))
          .content,
      ).toEqual({
        progress: [{ task: 'GREEN_SUPPLY_CHAIN', summary: 'Green warehousing up to 30% of capacity' }],
        indicators: [
          { name: 'Cold-chain centres', value: 4, unit: 'centres' },
          { name: 'Carbon per parcel', value: -12.5, unit: '%' },
        ],
        problems: 'Land for logistics parks is short.',
      });

      // the mid-term evaluation opened with the second quarter: its form is on the page already
      await page.waitForSelector('#self-assessment-midterm');
      for (const [field, text] of [
        ['summary', 'On plan'],
        ['achievements', 'Four cold-chain centres'],
        ['replicablePractice', 'Shared green warehousing'],
      ]) {
        await page.tap(`#${field}-midterm`);
        await page.fill(`#${field}-midterm`, text);
      }
      await page.tap('#self-assessment-midterm [data-grade="excellent"]');
      await page.tap('#self-assessment-submit-midterm');
      await page.tap('.pilot-confirm .el-button--primary');
      await page.waitForSelector('#evaluations tr[data-stage="midterm"]:has-text("Submitted")');
      expect(await page.textContent('#evaluations tr[data-stage="midterm"]')).toContain('proposed grade: Excellent');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      expect((await h.db.evaluation.findUniqueOrThrow({ where: { id: `${id}:midterm` } })).selfAssessment).toEqual({
        summary: 'On plan',
        achievements: 'Four cold-chain centres',
        replicablePractice: 'Shared green warehousing',
        proposedGrade: 'excellent',
      });
      expect(await axe(page, 'pilot after filing (English, 390 px)')).toEqual([]);
      await context.close();
      expect(cspViolations).toEqual([]);
    } finally {
      await workflow.terminate('the test is over');
    }
  });
});
