// What the workspace's browser suites share: Chromium (or a skip saying why), the checks every page
// passes (no CSP violation or page error; axe-core finds nothing serious or critical), the log-in
// through the login page, the phone and desktop contexts, and the README's screenshots.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../platform/seed';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasBrowser = fs.existsSync(CHROMIUM);
const DOCS = path.join(__dirname, '..', '..', 'docs');

/**
 * The rules that can only find minor or moderate violations: a rule's impact is that of each of its
 * violations (axe-core's finalizeRuleResult), and the suites fail on serious and critical ones
 * only, so these are not run (`region` and the landmark rules walk the whole page every time).
 */
const MINOR_RULES =
  // axe-core as @axe-core/playwright resolves it: the very rules it injects (it is not our own dependency)
  (
    createRequire(require.resolve('@axe-core/playwright'))('axe-core') as {
      _audit: { rules: { id: string; impact?: string }[] };
    }
  )._audit.rules
    .filter((r) => r.impact === 'minor' || r.impact === 'moderate')
    .map((r) => r.id);

/**
 * A 390 × 844 phone, tapped (zh-CN: a test switches the language with the page's own button). Its
 * pixel ratio is the phone's only for the README's screenshots: layout is in CSS pixels either way,
 * and drawing four times the pixels slows every page on a shared machine.
 */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: process.env.SCREENSHOTS === '1' ? 2 : 1,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
export const DESKTOP = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };

/** The little of the browser's window the page functions use (the tests compile without the DOM library). */
type Win = {
  document: {
    documentElement: { scrollWidth: number };
    getAnimations(): Animation[];
    querySelectorAll(s: string): Iterable<{ remove(): void }>;
  };
};
type Animation = { playState: string; effect: { getTiming(): { iterations: number } } | null };

/** The suite, or its skip named with the reason (.ci/run installs Debian's chromium). */
export function browserSuite(name: string, fn: () => void) {
  if (hasBrowser) describe(name, fn);
  else describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM}; set CHROMIUM_PATH)`, fn);
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/**
 * A fixture begun now and awaited later by the test that needs it, so workflows run while the
 * browser works: a failure stays the awaiting test's (not an unhandled rejection meanwhile).
 */
export function started<T>(fixture: Promise<T>): Promise<T> {
  fixture.catch(() => undefined);
  return fixture;
}

/** How wide the page is: more than the viewport means it scrolls sideways. */
export const scrollWidth = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as Win).document.documentElement.scrollWidth);

/** Until no finite animation or transition runs: colours read mid-fade are not the page's. */
async function settle(page: Page) {
  await page.mouse.move(0, 0); // a hovered button's lighter shade is a passing state, not the page's colours
  await page.waitForFunction(() =>
    (globalThis as unknown as Win).document
      .getAnimations()
      .every((x) => x.playState !== 'running' || x.effect?.getTiming().iterations === Infinity),
  );
}

/**
 * A file's page checks: `watch` a page for CSP violations and page errors (the test expects
 * `cspViolations` empty), `axe` a page by name (its serious and critical violations, counted in
 * `axeCounts`), and `report` the counts (afterAll: the lead copies them into the notes).
 */
export function pageChecks() {
  const cspViolations: string[] = [];
  const axeCounts: Record<string, { serious: number; critical: number; ids: string[] }> = {};
  return {
    cspViolations,
    axeCounts,
    watch(page: Page) {
      page.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
      });
      page.on('pageerror', (e) => cspViolations.push(`page error: ${e.message}`));
      return page;
    },
    async axe(page: Page, name: string) {
      // A toast fades out by itself a few seconds after it came: one fading while axe reads the
      // colours fails colour-contrast at random. It is taken away now (its timer finds it gone)
      // rather than awaited: the page axe reads is the same, without ~3 s a run.
      await page.evaluate(() => {
        for (const toast of (globalThis as unknown as Win).document.querySelectorAll('.el-message')) toast.remove();
      });
      await settle(page);
      // the other result types' nodes are not read: one each is enough (axe's own advice for speed).
      // One axe.run in the page (legacy mode): the workspace has no frames, and the default partial
      // run carries every check of every node to Node.js and into a second page (~0.5 CPU-s a call).
      // options() first: it replaces the builder's options, and with them the rules disableRules set
      const result = await new AxeBuilder({ page })
        .setLegacyMode()
        .options({ resultTypes: ['violations'] })
        .disableRules(MINOR_RULES)
        .analyze();
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      axeCounts[name] = {
        serious: bad.filter((v) => v.impact === 'serious').length,
        critical: bad.filter((v) => v.impact === 'critical').length,
        ids: bad.map((v) => v.id),
      };
      return bad.map(
        (v) =>
          `${v.impact} ${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} ${JSON.stringify(n.any[0]?.data ?? '')}`).join(', ')}`,
      );
    },
    report() {
      console.log(`axe (serious/critical) per page: ${JSON.stringify(axeCounts)}`);
    },
  };
}

type LogIn = {
  /** tapped rather than clicked (a phone) */
  tap?: boolean;
  password?: string;
  /** the path the login must come back to (by default `where`'s) */
  back?: string;
  /** with a context: what the new page is watched by */
  watch?: (page: Page) => Page;
};

/** Fills the login page and submits it. */
export async function submitLogin(page: Page, username: string, { tap = false, password = DEMO_PASSWORD } = {}) {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await (tap ? page.tap('#login-submit') : page.click('#login-submit'));
}

/**
 * Opens `where` (in a new page of a context), logs in on the login page it sends to, checks that it
 * comes back to `back` (by default `where`'s path), and answers the page.
 */
export async function logInAt(
  target: Page | BrowserContext,
  baseUrl: string,
  username: string,
  where = '/workspace/inbox',
  options: LogIn = {},
) {
  const page = 'newPage' in target ? (options.watch ?? ((p: Page) => p))(await target.newPage()) : target;
  await page.goto(baseUrl + where);
  await page.waitForURL(/\/workspace\/login\?redirect=/);
  await submitLogin(page, username, options);
  await page.waitForSelector('#logout');
  const back = options.back ?? new URL(where, baseUrl).pathname;
  expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(decodeURIComponent(back));
  return page;
}

/**
 * docs/<name>, the README's screenshot, retaken only when asked (SCREENSHOTS=1): a test run leaves
 * the tree as it was. `from`: the element the window is scrolled to first.
 */
export async function shoot(page: Page, name: string, fullPage = false, from?: string) {
  if (process.env.SCREENSHOTS !== '1') return;
  if (from) await page.locator(from).evaluate((e) => (e as unknown as { scrollIntoView(): void }).scrollIntoView());
  await settle(page);
  fs.mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: path.join(DOCS, name), fullPage });
}
