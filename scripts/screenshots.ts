// Screenshots of the web page for the README, taken from a running system (npm start): a demo
// city submits an application, then Guangdong's commerce department's inbox and task page.
//   [LANG_PAGE=en] npx tsx scripts/screenshots.ts [base URL, default http://localhost:3000]
import path from 'node:path';
import { chromium } from 'playwright-core';
import { cityAnnex } from '../test/support/fixtures';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = path.join(__dirname, '..', 'docs');

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(base + url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

async function main() {
  const city = (await call('POST', '/api/auth/login', undefined, { username: 'demo.city', password: 'pilotflow-demo' })).token as string;
  const app = await call('POST', '/api/applications', city, { roundId: 'demo', annex: cityAnnex() });
  await call('POST', `/api/applications/${app.id}/submit`, city);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  // LANG=en for the English page (the page defaults to zh-CN; CJK text needs e.g. Debian's fonts-noto-cjk)
  if (process.env.LANG_PAGE === 'en') await page.addInitScript("localStorage.setItem('pilotflow.lang', 'en')");
  await page.goto(`${base}/login`);
  await page.fill('#username', 'gd.commerce');
  await page.fill('#password', 'pilotflow-demo');
  await page.click('button[type=submit]');
  await page.waitForSelector('tr[data-task]');
  const suffix = process.env.LANG_PAGE === 'en' ? '-en' : '';
  await page.screenshot({ path: path.join(out, `inbox${suffix}.png`) });
  await page.click(`tr[data-task="${app.id}:pr1:COMMERCE"] a`);
  await page.waitForSelector('#decide');
  await page.screenshot({ path: path.join(out, `task${suffix}.png`), fullPage: true });
  await browser.close();
  console.log(`docs/inbox${suffix}.png and docs/task${suffix}.png from ${base}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
