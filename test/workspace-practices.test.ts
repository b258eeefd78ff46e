// 总结推广 in the workspace, in headless Chromium against the real API and database (no workflow: a
// practice is the read model's, seeded here as the evaluation leaves it): MOFCOM publishes one
// practice and declines another (its note asked for first) on the officers' page; the public library
// then shows the published one without logging in, and not the declined one; Guangdong's commerce
// department reads its province's practices only, without the review buttons; the library on a
// 390 px phone in English. axe-core finds no serious or critical violation; the pages run under the CSP.
import type { Browser, Page } from 'playwright-core';
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
import { cityAnnex } from './support/fixtures';
import { newApplicant, newRound, startHarness, type Harness } from './support/harness';

browserSuite('the replicable practices (总结推广) in headless Chromium', () => {
  let h: Harness;
  let browser: Browser;
  const { watch, axe, cspViolations, report } = pageChecks();
  const tag = Date.now().toString(36);
  let fixture: ReturnType<typeof seed>;

  beforeAll(async () => {
    h = await startHarness({ worker: false });
    fixture = started(seed());
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    report();
    await browser?.close();
    await h?.stop();
  });

  /** A running pilot of `unit` with its mid-term practice submitted, as the evaluation keeps it. */
  async function practiceOf(kind: 'city' | 'enterprise', unit: string, name: string, text: string) {
    const applicant = await newApplicant(h, kind, unit, name);
    const round = await newRound(h);
    const app = await h.db.application.create({
      data: {
        roundId: round.id,
        organizationId: applicant.org.id,
        kind,
        provinceCode: unit,
        status: 'pilot',
        annex: cityAnnex(),
      },
    });
    await h.db.pilot.create({
      data: {
        id: app.id,
        roundId: round.id,
        kind,
        provinceCode: unit,
        status: 'running',
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 730 * 86_400_000),
      },
    });
    const practice = await h.db.practice.create({
      data: { id: `${app.id}:midterm`, pilotId: app.id, stage: 'midterm', text, status: 'submitted' },
    });
    return { id: practice.id, name, text };
  }

  const seed = async () => ({
    published: await practiceOf('city', 'GD', `广州市人民政府（推广${tag}）`, `“链长制”统筹产业链协同${tag}`),
    declined: await practiceOf('enterprise', 'GD', `广东物流集团有限公司（推广${tag}）`, `共享仓储${tag}`),
    elsewhere: await practiceOf('city', 'BJ', `北京市人民政府（推广${tag}）`, `京津冀协同${tag}`),
  });

  const row = (page: Page, id: string) =>
    page.locator('#practices tr.practice-row', { has: page.locator(`a[data-practice="${id}"]`) });
  const errorUnder = (page: Page, selector: string) =>
    page.locator('.el-form-item', { has: page.locator(selector) }).locator('.el-form-item__error');

  test('when MOFCOM publishes one practice and declines another (its note required first), then the public library shows the published one without logging in and not the declined one', async () => {
    const { published, declined } = await fixture;
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, h.baseUrl, 'mofcom', '/workspace/practices', { watch });
    expect(await page.textContent('.side-link.active')).toContain('总结推广');
    await page.click('#practices-filter [data-status="submitted"]');
    await row(page, published.id).waitFor();
    expect(await row(page, published.id).locator('.practice-status').textContent()).toBe('待审核');
    // the row opens to the practice's text
    await row(page, published.id).locator('.el-table__expand-icon').click();
    expect(await page.textContent(`dl.practice-detail[data-practice="${published.id}"] .practice-text`)).toBe(
      published.text,
    );

    // declined: the note is asked for before any confirmation
    await row(page, declined.id).locator('.practice-decline').click();
    await page.waitForSelector('.practice-dialog #practice-note');
    await page.click('#practice-submit');
    expect(await errorUnder(page, '#practice-note').textContent()).toBe('请填写审核意见');
    expect(await page.locator('.practice-confirm').count()).toBe(0);
    expect(await axe(page, 'practice review with the note refused (zh-CN, desktop)')).toEqual([]);
    await page.fill('#practice-note', '地方特色明显，暂不具备推广条件');
    await page.click('#practice-submit');
    expect(await page.textContent('.practice-confirm')).toContain(`确定不予发布“${declined.name}”的经验吗`);
    await page.click('.practice-confirm .el-button--primary');
    await row(page, declined.id).waitFor({ state: 'detached' }); // gone from the submitted ones

    await row(page, published.id).locator('.practice-publish').click();
    await page.fill('.practice-dialog #practice-note', '具有推广价值');
    await page.click('#practice-submit');
    await page.click('.practice-confirm .el-button--primary');
    await row(page, published.id).waitFor({ state: 'detached' });

    expect(await h.db.practice.findUniqueOrThrow({ where: { id: published.id } })).toMatchObject({
      status: 'published',
      reviewNote: '具有推广价值',
    });
    expect(await h.db.practice.findUniqueOrThrow({ where: { id: declined.id } })).toMatchObject({
      status: 'declined',
      reviewNote: '地方特色明显，暂不具备推广条件',
    });
    // the published ones: this one with its note, no buttons left
    await page.click('#practices-filter [data-status="published"]');
    await row(page, published.id).waitFor();
    expect(await row(page, published.id).locator('.practice-status').textContent()).toBe('已发布');
    expect(await row(page, published.id).locator('.practice-publish').count()).toBe(0);
    await row(page, published.id).locator('.el-table__expand-icon').click();
    expect(await page.textContent(`dl.practice-detail[data-practice="${published.id}"] .practice-note`)).toBe(
      '具有推广价值',
    );
    expect(await axe(page, 'practices, the published ones (zh-CN, desktop)')).toEqual([]);
    await context.close();

    // anyone, without logging in: from the public rounds to the library
    const open = await browser.newContext(DESKTOP);
    const anyone = watch(await open.newPage());
    await anyone.goto(`${h.baseUrl}/workspace/public`);
    await anyone.click('#practices-library-link');
    await anyone.waitForURL(/\/workspace\/public\/practices$/);
    const entry = anyone.locator('tr.public-practice', { has: anyone.locator(`[data-practice="${published.id}"]`) });
    await entry.waitFor();
    expect(await entry.locator('td').allTextContents()).toEqual(
      expect.arrayContaining([published.name, '城市', '广东省', '中期评估', published.text]),
    );
    expect(await anyone.locator(`[data-practice="${declined.id}"]`).count()).toBe(0);
    expect(await anyone.textContent('#public-practices')).not.toContain(declined.text);
    expect(await axe(anyone, 'public library of practices (zh-CN, desktop)')).toEqual([]);
    await open.close();
    expect(cspViolations).toEqual([]);
  });

  test('when Guangdong’s commerce department opens the practices, then it reads its province’s practices and no other province’s, with no review buttons', async () => {
    const { published, declined, elsewhere } = await fixture;
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, h.baseUrl, 'gd.commerce', '/workspace/practices', { watch });
    await row(page, declined.id).waitFor();
    expect(await row(page, published.id).count()).toBe(1);
    expect(await row(page, elsewhere.id).count()).toBe(0);
    expect(await page.locator('.practice-publish, .practice-decline').count()).toBe(0);
    expect(await axe(page, 'practices of a province (zh-CN, desktop)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  test('when the public library is read on a 390 px phone in English, then it lists the practice in English without scrolling sideways', async () => {
    const { published } = await fixture;
    await h.db.practice.update({ where: { id: published.id }, data: { status: 'published', reviewedAt: new Date() } });
    const context = await browser.newContext(PHONE);
    const page = watch(await context.newPage());
    await page.goto(`${h.baseUrl}/workspace/public/practices`);
    await page.tap('.public-lang');
    await page.waitForSelector('h1:has-text("Library of replicable practices")');
    const entry = page.locator('tr.public-practice', { has: page.locator(`[data-practice="${published.id}"]`) });
    await entry.waitFor();
    expect(await entry.locator('td').allTextContents()).toEqual(
      expect.arrayContaining([published.name, 'City', 'Guangdong', 'Mid-term evaluation', published.text]),
    );
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.viewport.width);
    // the tapped language button is hovered: still readable on the dark header
    await page.hover('.public-lang');
    expect(await axe(page, 'public library of practices (English, phone)')).toEqual([]);
    await context.close();
    expect(cspViolations).toEqual([]);
  });
});
