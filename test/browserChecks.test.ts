// The browser suites' page checks themselves (test/support/browser.ts): axe-core, run once in the
// page, must still report what the workspace's pages are held to — else every "axe finds nothing
// serious" in those suites would pass on a checker that checks nothing.
import type { Browser } from 'playwright-core';
import { browserSuite, DESKTOP, launchChromium, pageChecks } from './support/browser';

browserSuite('the browser suites’ page checks', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('when a page has a button without a name and grey text on white, then axe reports the button as critical and the contrast as serious, and a clean page as nothing', async () => {
    const { axe, axeCounts } = pageChecks();
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    // #aaa on white is 2.32:1, under WCAG's 4.5:1 for body text
    await page.setContent(
      '<html lang="zh-CN"><head><title>检查</title></head><body><main><h1>标题</h1>' +
        '<button></button><p style="color:#aaa;background:#fff">浅灰色的正文</p></main></body></html>',
    );
    const bad = await axe(page, 'flawed');
    expect(axeCounts.flawed).toEqual({
      serious: 1,
      critical: 1,
      ids: expect.arrayContaining(['button-name', 'color-contrast']),
    });
    expect(bad).toHaveLength(2);

    await page.setContent(
      '<html lang="zh-CN"><head><title>检查</title></head><body><main><h1>标题</h1>' +
        '<button>提交</button><p style="color:#303133;background:#fff">正文</p></main></body></html>',
    );
    expect(await axe(page, 'clean')).toEqual([]);
    await context.close();
  });
});
