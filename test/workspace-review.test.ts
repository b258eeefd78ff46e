// The task page as a reviewer reads it, in headless Chromium against the real API, worker and
// Temporal server: a provincial review task and an expert's seat show the application's Annex under
// review (folded away on demand) with a link to the application; a body's countersign task shows the
// proposed list it signs; the decision buttons name the action; a reason is asked for under its
// field before any confirmation; the due time's "北京时间" never breaks. And through the API: a
// decision is no longer offered for withdrawal once its stage's round is over.
import type { Browser, Page } from 'playwright-core';
import { NATIONAL_BODIES } from '../domain/bodies';
import { DEFAULT_RUBRIC } from '../domain/round';
import { countersignTaskId, reviewTaskId } from '../shared/definitions';
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
import {
  approveAllAndRecommend,
  awaitingCommerce,
  decide,
  draft,
  provincialOfficers,
  reached,
  recommend,
  statusBecomes,
  submit,
} from './support/flows';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

/** The little of the browser's window the page functions use (the tests compile without the DOM library). */
type TextNode = { textContent: string | null };
type Win = {
  document: {
    querySelector(s: string): { textContent: string | null } | null;
    createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null };
    createRange(): {
      setStart(n: TextNode, o: number): void;
      setEnd(n: TextNode, o: number): void;
      getClientRects(): { length: number };
    };
  };
};

browserSuite('the task page’s review material (/workspace/tasks/:id) in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let roundId: string;
  const { watch, axe, cspViolations, report } = pageChecks();

  let fixtures: {
    [k in 'zh' | 'onPhone' | 'withdrawal']: ReturnType<typeof inProvincialReview>;
  } & { selection: ReturnType<typeof selectionRound> };

  beforeAll(async () => {
    h = await startHarness();
    let round: { id: string };
    [round, browser] = await Promise.all([newRound(h), launchChromium()]);
    roundId = round.id;
    // every test's case goes through its workflows while the browser works on the first
    const tag = Date.now().toString(36);
    fixtures = {
      zh: started(inProvincialReview(`广州市人民政府（材料${tag}）`)),
      onPhone: started(inProvincialReview(`珠海市人民政府（手机材料${tag}）`)),
      withdrawal: started(inProvincialReview(`佛山市人民政府（撤回${tag}）`)),
      selection: started(selectionRound(tag)),
    };
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A GD application awaiting the commerce department, its plan worded uniquely (the Annex view shows it). */
  const inProvincialReview = (name: string) =>
    awaitingCommerce(h, roundId, name, cityAnnex({ approach: `依托优势产业（${name}）` }));
  const annexOf = async (id: string) =>
    (await h.db.application.findUniqueOrThrow({ where: { id } })).annex as Record<string, string>;
  const taskPath = (taskId: string) => `/workspace/tasks/${encodeURIComponent(taskId)}`;
  const buttons = (page: Page) => page.locator('#decision .el-radio-button').allTextContents();

  /** How many lines a word of the current step's due time is drawn on. */
  const linesOf = (page: Page, word: string) =>
    page.evaluate((w) => {
      const d = (globalThis as unknown as Win).document;
      const walker = d.createTreeWalker(d.querySelector('#stage-diagram [data-current="true"]'), 4);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent?.indexOf(w) ?? -1;
        if (at < 0) continue;
        const range = d.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + w.length);
        return range.getClientRects().length;
      }
      return 0;
    }, word);

  test('when a provincial officer opens a review task, then the Annex under review is shown and folds away, the application is a link away, the due time keeps 北京时间 whole, and a return without a reason is stopped under its field before any confirmation (zh-CN and English)', async () => {
    const { id, taskId } = await fixtures.zh;
    const annex = await annexOf(id);
    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const page = await logInAt(context, h.baseUrl, 'gd.commerce', taskPath(taskId), { watch });
    await page.waitForSelector('#review-material #annex-view');

    // the Annex as stored, with its title, and the link to the whole application
    expect(await page.textContent('#review-material')).toContain('附件1 城市试点方案');
    expect(await page.textContent('#review-material [data-field="approach"]')).toBe(annex.approach);
    expect(await page.textContent('#review-material [data-field="cityName"]')).toBe(annex.cityName);
    expect(await page.getAttribute('#review-application-link', 'href')).toBe(`/workspace/applications/${id}`);
    // folded away and back
    await page.click('#review-material .el-collapse-item__header');
    await page.waitForSelector('#review-material #annex-view', { state: 'hidden' });
    await page.click('#review-material .el-collapse-item__header');
    await page.waitForSelector('#review-material #annex-view', { state: 'visible' });

    // the cards of a countersign, and 北京时间 on one line at 1366 px
    expect(await page.locator('.section-card h2').allTextContents()).toEqual(
      expect.arrayContaining(['申报材料', '审核意见', expect.stringContaining('会签情况')]),
    );
    expect(await page.textContent('#stage-diagram [data-current="true"]')).toContain('北京时间');
    expect(await linesOf(page, '北京时间')).toBe(1);

    // the buttons say the action; a return without a reason is refused at once, without a dialog
    expect(await buttons(page)).toEqual(['通过', '退回补正', '不予通过']);
    await page.click('[data-decision="return"]');
    await page.click('#decide-submit');
    await page.waitForSelector('.reason-item .el-form-item__error');
    expect(await page.textContent('.reason-item .el-form-item__error')).toBe(
      '退回补正、不予通过或提出异议时必须填写理由',
    );
    await page.waitForTimeout(500);
    expect(await page.locator('.decision-confirm').count()).toBe(0);
    expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('open');
    expect(await axe(page, 'review task with the annex (zh-CN, desktop)')).toEqual([]);

    // in English: the action words on the buttons, the annex's title
    await page.click('#lang');
    await page.waitForSelector('h2:has-text("Your decision")');
    expect(await buttons(page)).toEqual(['Approve', 'Return for revision', 'Reject']);
    expect(await page.textContent('#review-material')).toContain('Annex 1 — City pilot plan');
    expect(await page.textContent('.reason-item')).not.toContain('Returned for revision');
    expect(await axe(page, 'review task with the annex (English, desktop)')).toEqual([]);

    // the link opens the application
    await page.click('#review-application-link');
    await page.waitForURL(`**/workspace/applications/${id}`);
    await page.waitForSelector('#annex-view');
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when a provincial officer opens a review task at 390 × 844 in English, then the Annex is read and folded on the phone, nothing scrolls sideways, and the approval is tapped through', async () => {
    const { id, taskId } = await fixtures.onPhone;
    const annex = await annexOf(id);
    const context = await browser.newContext(PHONE);
    const page = await logInAt(context, h.baseUrl, 'gd.commerce', taskPath(taskId), { watch, tap: true });
    await page.waitForSelector('#review-material #annex-view');
    await page.tap('#lang');
    await page.waitForSelector('#review-material:has-text("Annex 1 — City pilot plan")');
    expect(await page.textContent('#review-material [data-field="approach"]')).toBe(annex.approach);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await axe(page, 'review task with the annex (English, 390 px)')).toEqual([]);
    await page.tap('#review-material .el-collapse-item__header');
    await page.waitForSelector('#review-material #annex-view', { state: 'hidden' });

    expect(await buttons(page)).toEqual(['Approve', 'Return for revision', 'Reject']);
    await page.tap('[data-decision="reject"]');
    await page.tap('#decide-submit');
    await page.waitForSelector('.reason-item .el-form-item__error');
    expect(await page.textContent('.reason-item .el-form-item__error')).toBe(
      'A reason is required to return, reject or object',
    );
    expect(await page.locator('.decision-confirm').count()).toBe(0);
    await page.tap('[data-decision="approve"]');
    await page.tap('#decide-submit');
    await page.tap('.decision-confirm .el-button--primary');
    await page.waitForSelector('#done');
    expect(await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
      status: 'decided',
      decision: 'approve',
    });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when the provincial review round is over, then a party’s decision is no longer offered for withdrawal (may.withdraw false) and withdrawing answers 409 next_step_started; while others still decide it is offered', async () => {
    const { id, taskId } = await fixtures.withdrawal;
    const officers = await provincialOfficers(h, 'GD');
    expect((await decide(h, officers.COMMERCE, taskId, { decision: 'approve' })).status).toBe(200);
    const may = async () =>
      (await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, { token: officers.COMMERCE })).body.may;
    expect((await may()).withdraw).toBe(true); // the banking regulator still decides
    const last = reviewTaskId(id, 1, 'BANKING_REGULATOR');
    expect((await decide(h, officers.BANKING_REGULATOR, last, { decision: 'approve' })).status).toBe(200);
    await reached(h, id, 'recommending');
    expect((await may()).withdraw).toBe(false);
    const late = await http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(taskId)}/withdraw`, {
      token: officers.COMMERCE,
      body: { reason: 'too late' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('next_step_started');
    // nor once its province has recommended it to MOFCOM
    await recommend(h, roundId, 'GD', [id]);
    expect((await may()).withdraw).toBe(false);
  });

  const sheet = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));

  /** A new applicant's submitted application: a city is GD's, a central enterprise goes straight to MOFCOM. */
  async function submitted(round: string, kind: 'city' | 'central_enterprise', name: string) {
    const applicant = await newApplicant(h, kind, 'GD', name);
    const id = await draft(h, applicant.token, round, kind === 'city' ? cityAnnex() : enterpriseAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    return id;
  }

  /** The application scored `score` by its one-expert panel; answers its id and the expert's seat. */
  async function scored(id: string, score: number) {
    const seat = await waitFor('the expert task', () =>
      h.db.task.findFirst({
        where: { applicationId: id, stage: 'expertReview', status: 'open' },
        include: { assignee: true },
      }),
    );
    const token = await login(h, seat.assignee!.username);
    const res = await decide(h, token, seat.id, { decision: 'score', scores: sheet(score), comments: 'ok' });
    expect(res.status).toBe(200);
    await statusBecomes(h, id, 'scored');
    return { id, seat: seat.id, expert: seat.assignee! };
  }

  /** A round of two GD cities (approved and recommended together) and a central enterprise, each scored by its one-expert panel. */
  async function selectionRound(tag: string) {
    const round = await newRound(h, {
      expertReview: { panelSize: 1, quorum: 1 },
      selection: { quotas: { city: 1, enterprise: 1 }, minScore: 60, countersignDays: 10 },
    });
    const cities = async () => {
      const ids = await Promise.all([
        submitted(round.id, 'city', `珠海市人民政府（名单${tag}甲）`),
        submitted(round.id, 'city', `汕头市人民政府（名单${tag}乙）`),
      ]);
      await approveAllAndRecommend(h, round.id, 'GD', ids);
      return Promise.all([scored(ids[0], 80), scored(ids[1], 70)]);
    };
    const [[cityA, cityB], firm] = await Promise.all([
      cities(),
      submitted(round.id, 'central_enterprise', `中国示例集团有限公司（名单${tag}）`).then((id) => scored(id, 90)),
    ]);
    return { round, cityA, cityB, firm };
  }

  test('when a body opens its countersign task, then it reads the proposed list it signs (applicant, group, rank, score, selected) naming no expert; an expert’s seat shows the Annex and a green score; after publication MOFCOM may no longer withdraw', async () => {
    const { round, cityA, cityB, firm } = await fixtures.selection;

    // the expert's seat: the Annex they scored, the experts' card, a score in green
    const context = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const expertPage = await logInAt(context, h.baseUrl, cityA.expert.username, taskPath(cityA.seat), { watch });
    await expertPage.waitForSelector('#review-material #annex-view');
    expect(await expertPage.textContent('#review-material [data-field="cityName"]')).toBe(
      (await annexOf(cityA.id)).cityName,
    );
    expect(await expertPage.locator('.section-card h2').allTextContents()).toEqual(
      expect.arrayContaining(['评审意见', expect.stringContaining('评审专家')]),
    );
    const scoreTag = expertPage.locator('#matrix [data-decision="score"]');
    expect(await scoreTag.getAttribute('class')).toContain('el-tag--success');
    expect(await axe(expertPage, 'expert seat with the annex (zh-CN, desktop)')).toEqual([]);

    const mofcom = await login(h, 'mofcom');
    expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/close-declaration`, { token: mofcom })).status).toBe(
      200,
    );
    expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: mofcom })).status).toBe(201);
    await waitFor(
      'the countersign',
      async () =>
        (await h.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign', reviewRound: 1 } })) ===
        NATIONAL_BODIES.length,
    );
    // the oracle: the proposal as stored, the names as stored
    const proposal = (await h.db.selection.findUniqueOrThrow({ where: { roundId: round.id } })).proposal as Record<
      string,
      { applicationId: string; rank: number; score: number; selected: boolean }[]
    >;
    const entry = (appId: string) => [...proposal.city, ...proposal.enterprise].find((e) => e.applicationId === appId)!;
    const nameOf = async (appId: string) =>
      (await h.db.application.findUniqueOrThrow({ where: { id: appId }, include: { organization: true } })).organization
        .name;

    // the answer the bodies read names no expert
    const answer = await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/selection`, { token: await login(h, 'miit') });
    expect(answer.status).toBe(200);
    for (const s of [cityA, cityB, firm]) {
      expect(JSON.stringify(answer.body)).not.toContain(s.expert.username);
      expect(JSON.stringify(answer.body)).not.toContain(s.expert.id);
    }

    await context.close();
    const miitTask = countersignTaskId(round.id, 1, 'MIIT');
    const bodyContext = await browser.newContext({ ...DESKTOP, timezoneId: 'UTC' });
    const page = await logInAt(bodyContext, h.baseUrl, 'miit', taskPath(miitTask), { watch });
    await page.waitForSelector('#proposed-list tbody tr');
    expect(await page.locator('#proposed-list tbody tr').count()).toBe(
      proposal.city.length + proposal.enterprise.length,
    );
    for (const [s, group] of [
      [cityA, '试点城市'],
      [cityB, '试点城市'],
      [firm, '试点企业'],
    ] as const) {
      const e = entry(s.id);
      const row = page.locator('#proposed-list tbody tr', { has: page.locator(`[data-application="${s.id}"]`) });
      const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
      expect(cells).toEqual([
        group,
        String(e.rank),
        await nameOf(s.id),
        expect.any(String),
        String(e.score),
        e.selected ? '拟入选' : '未入选',
      ]);
    }
    expect(await buttons(page)).toEqual(['通过', '提出异议']);
    await page.click('[data-decision="object"]');
    await page.click('#decide-submit');
    await page.waitForSelector('.reason-item .el-form-item__error');
    expect(await page.locator('.decision-confirm').count()).toBe(0);
    expect(await axe(page, 'countersign task with the list (zh-CN, desktop)')).toEqual([]);
    await page.click('#lang');
    await page.waitForSelector('#proposed-list h2:has-text("Proposed list")');
    expect(await buttons(page)).toEqual(['Approve', 'Object']);
    expect(await page.textContent('#proposed-list')).toContain('Pilot enterprises');
    expect(await axe(page, 'countersign task with the list (English, desktop)')).toEqual([]);
    await bodyContext.close();

    // every body signs (at once): the list is published, and MOFCOM's consent can no longer be withdrawn
    const signed = await Promise.all(
      NATIONAL_BODIES.map(
        async (b) =>
          (
            await decide(h, await login(h, b.code.toLowerCase()), countersignTaskId(round.id, 1, b.code), {
              decision: 'approve',
            })
          ).status,
      ),
    );
    expect(signed).toEqual(NATIONAL_BODIES.map(() => 200));
    await waitFor(
      'publication',
      async () => (await h.db.selection.findUnique({ where: { roundId: round.id } }))?.status === 'published',
    );
    const mofcomTask = countersignTaskId(round.id, 1, 'MOFCOM');
    const read = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(mofcomTask)}`, { token: mofcom });
    expect(read.body.may.withdraw).toBe(false);
    const late = await http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(mofcomTask)}/withdraw`, {
      token: mofcom,
      body: { reason: 'too late' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('next_step_started');
    expect(cspViolations).toEqual([]);
  });
});
