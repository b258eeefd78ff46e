// The web page end to end in headless Chromium (Debian's chromium driven by playwright-core),
// against the real API, worker, Temporal server and database: an officer finds a task in the inbox
// and decides it, and the workflow moves on; an applicant revises a returned application.
// Qinghai (QH) is used by no other test file, so its inboxes hold only these tasks.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PARTY_CODES } from '../domain/parties';
import { DEMO_PASSWORD } from '../platform/seed';
import { reviewTaskId } from '../workflows/definitions';
import { cityAnnex } from './support/fixtures';
import { decideRound, draft, provincialOfficers, reached, statusBecomes, submit } from './support/flows';
import { newApplicant, newRound, startHarness, type Harness } from './support/harness';

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
    await page.waitForFunction("document.getElementById('task-status')?.textContent === 'Decided'");
    expect(await page.textContent('h2')).toContain('Application content');
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
});
