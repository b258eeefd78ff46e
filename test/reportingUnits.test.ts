// The 37 reporting units the notice is addressed to (各省、自治区、直辖市、计划单列市及新疆生产建设兵团),
// each leading its own joint review: the directory holds exactly them, and a Shenzhen applicant is
// reviewed by Shenzhen's seven parties, not Guangdong's. The oracles are written out here by hand.
import type { Browser } from 'playwright-core';
import { PROVINCES } from '../domain/provinces';
import { createDb } from '../platform/db';
import { migrate } from '../platform/migrate';
import { seed } from '../platform/seed';
import { reviewTaskId } from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import { ALL_APPROVE, decideRound, draft, provincialOfficers, reviewOpen, submit } from './support/flows';
import { http, login, newRound, startHarness, waitFor, type Harness } from './support/harness';
import { startScratchDb } from './support/scratchDb';
import { browserSuite, DESKTOP, launchChromium, logInAt } from './support/browser';

/** The notice's addressees, by name: 31 provincial-level divisions, 5 separately planned cities, the Corps. */
const NOTICE_UNITS = [
  '北京市',
  '天津市',
  '河北省',
  '山西省',
  '内蒙古自治区',
  '辽宁省',
  '吉林省',
  '黑龙江省',
  '上海市',
  '江苏省',
  '浙江省',
  '安徽省',
  '福建省',
  '江西省',
  '山东省',
  '河南省',
  '湖北省',
  '湖南省',
  '广东省',
  '广西壮族自治区',
  '海南省',
  '重庆市',
  '四川省',
  '贵州省',
  '云南省',
  '西藏自治区',
  '陕西省',
  '甘肃省',
  '青海省',
  '宁夏回族自治区',
  '新疆维吾尔自治区',
  '大连市',
  '青岛市',
  '宁波市',
  '厦门市',
  '深圳市',
  '新疆生产建设兵团',
];

/** ISO 3166-2:CN's codes (with Taiwan, Hong Kong and Macao): a unit of our own must not take one. */
const ISO_CODES =
  'BJ TJ HE SX NM LN JL HL SH JS ZJ AH FJ JX SD HA HB HN GD GX HI CQ SC GZ YN XZ SN GS QH NX XJ TW HK MO';

/** Shenzhen's seven parties, as the notice's §四(一) lists them. */
const SZ_DEPARTMENTS = [
  'SZ.AGRICULTURE',
  'SZ.BANKING_REGULATOR',
  'SZ.COMMERCE',
  'SZ.ENVIRONMENT',
  'SZ.INDUSTRY_IT',
  'SZ.MARKET_REGULATION',
  'SZ.PBOC_BRANCH',
];

describe('the reporting units', () => {
  test('when the list of units is read, then it holds exactly the 37 the notice is addressed to, each once', () => {
    expect(NOTICE_UNITS).toHaveLength(37);
    expect(PROVINCES.map((p) => p.nameZh).sort()).toEqual([...NOTICE_UNITS].sort());
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(37);
  });

  test('when a unit is not a province, then it says what it is, the cities name the province they lie in, and no code is an ISO one', () => {
    const others = PROVINCES.filter((p) => p.kind !== 'province').map((p) => ({
      nameZh: p.nameZh,
      kind: p.kind,
      parent: 'parent' in p ? p.parent : undefined,
      isoCode: ISO_CODES.split(' ').includes(p.code),
    }));
    expect(others).toEqual([
      { nameZh: '大连市', kind: 'separately_planned_city', parent: 'LN', isoCode: false },
      { nameZh: '青岛市', kind: 'separately_planned_city', parent: 'SD', isoCode: false },
      { nameZh: '宁波市', kind: 'separately_planned_city', parent: 'ZJ', isoCode: false },
      { nameZh: '厦门市', kind: 'separately_planned_city', parent: 'FJ', isoCode: false },
      { nameZh: '深圳市', kind: 'separately_planned_city', parent: 'GD', isoCode: false },
      { nameZh: '新疆生产建设兵团', kind: 'corps', parent: undefined, isoCode: false },
    ]);
  });
});

test('when a directory seeded before the Corps had its parties is seeded again in demo mode, then the Corps gets its seven departments and their officers', async () => {
  const scratch = await startScratchDb();
  const db = createDb(scratch.url, 2);
  try {
    await migrate(scratch.url);
    await seed(db, { demoMode: true });
    // the directory as the 31-province seed left it, for one of the new units
    await db.user.deleteMany({ where: { departmentId: { startsWith: 'BT.' } } });
    await db.department.deleteMany({ where: { id: { startsWith: 'BT.' } } });
    expect(await db.department.count({ where: { provinceCode: 'BT' } })).toBe(0);

    const again = await seed(db, { demoMode: true });
    expect(again.departments).toBe(267); // 8 bodies + 37 × 7
    const corps = await db.department.findMany({ where: { provinceCode: 'BT' }, orderBy: { id: 'asc' } });
    expect(corps.map((d) => [d.id, d.email])).toEqual([
      ['BT.AGRICULTURE', 'bt-agriculture@pilotflow.example.org'],
      ['BT.BANKING_REGULATOR', 'bt-banking-regulator@pilotflow.example.org'],
      ['BT.COMMERCE', 'bt-commerce@pilotflow.example.org'],
      ['BT.ENVIRONMENT', 'bt-environment@pilotflow.example.org'],
      ['BT.INDUSTRY_IT', 'bt-industry-it@pilotflow.example.org'],
      ['BT.MARKET_REGULATION', 'bt-market-regulation@pilotflow.example.org'],
      ['BT.PBOC_BRANCH', 'bt-pboc-branch@pilotflow.example.org'],
    ]);
    // the Corps' commerce department is not a province's (省级)
    expect([corps[2].nameZh, corps[2].nameEn]).toEqual([
      '新疆生产建设兵团商务主管部门',
      'Xinjiang Production and Construction Corps — Department of Commerce',
    ]);
    const officers = await db.user.findMany({
      where: { departmentId: { startsWith: 'BT.' } },
      orderBy: { username: 'asc' },
    });
    expect(officers.map((u) => [u.username, u.role])).toEqual(
      corps.map((d) => [d.id.toLowerCase(), 'provincial_officer']),
    );
  } finally {
    await db.$disconnect();
    await scratch.stop();
  }
}, 120_000);

describe('a Shenzhen applicant', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await startHarness();
    admin = await login(h, 'admin');
  });
  afterAll(() => h?.stop());

  test("when the admin registers a Shenzhen city and it submits, then Shenzhen's seven departments review it (mailed at their own addresses) and Guangdong's officers neither see nor decide it", async () => {
    const username = `shenzhen-${Date.now().toString(36)}`;
    const registered = await http(h.baseUrl, 'POST', '/api/users', {
      token: admin,
      body: {
        username,
        password: 'a-long-enough-secret',
        role: 'applicant',
        displayName: '深圳市商务局',
        organization: { name: '深圳市人民政府', kind: 'city', provinceCode: 'SZ' },
      },
    });
    expect(registered.status).toBe(201);
    const applicant = await login(h, username, 'a-long-enough-secret');
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: applicant })).body.provinceCode).toBe('SZ');

    const id = await draft(h, applicant, (await newRound(h)).id, cityAnnex({ cityName: '深圳市' }));
    expect((await submit(h, applicant, id)).status).toBe(200);
    await reviewOpen(h, id, 1);
    const tasks = await h.db.task.findMany({ where: { applicationId: id }, orderBy: { departmentId: 'asc' } });
    expect(tasks.map((t) => [t.departmentId, t.provinceCode])).toEqual(SZ_DEPARTMENTS.map((d) => [d, 'SZ']));
    // each department's task mail goes to its own mailbox on the reserved domain
    const mailboxes = await waitFor('the seven task mails', async () => {
      const rows = await h.db.notification.findMany({
        where: { applicationId: id, recipientKind: 'department', recipientId: { in: SZ_DEPARTMENTS } },
        select: { email: true },
      });
      const distinct = [...new Set(rows.map((r) => r.email))];
      return distinct.length === 7 ? distinct : undefined;
    });
    expect(mailboxes.sort()).toEqual([
      'sz-agriculture@pilotflow.example.org',
      'sz-banking-regulator@pilotflow.example.org',
      'sz-commerce@pilotflow.example.org',
      'sz-environment@pilotflow.example.org',
      'sz-industry-it@pilotflow.example.org',
      'sz-market-regulation@pilotflow.example.org',
      'sz-pboc-branch@pilotflow.example.org',
    ]);
    expect(await h.db.notification.count({ where: { applicationId: id, recipientId: { startsWith: 'GD.' } } })).toBe(0);

    // Guangdong's commerce department: not in its inbox, not in its list, not readable, not decidable
    const gd = await provincialOfficers(h, 'GD');
    const gdInbox = await http(h.baseUrl, 'GET', `/api/tasks?applicationId=${id}&status=all`, { token: gd.COMMERCE });
    expect([gdInbox.status, gdInbox.body.items]).toEqual([200, []]);
    const gdList = await http(h.baseUrl, 'GET', '/api/applications', { token: gd.COMMERCE });
    expect(gdList.body.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: gd.COMMERCE })).status).toBe(403);
    const gdDecides = await http(
      h.baseUrl,
      'POST',
      `/api/tasks/${encodeURIComponent(reviewTaskId(id, 1, 'COMMERCE'))}/decision`,
      { token: gd.COMMERCE, body: { decision: 'approve' } },
    );
    expect(gdDecides.status).toBe(403);

    // Shenzhen's seven see it in their inboxes and, all approving, end its joint review
    const sz = await provincialOfficers(h, 'SZ');
    const szInbox = await http(h.baseUrl, 'GET', `/api/tasks?applicationId=${id}`, { token: sz.COMMERCE });
    expect(szInbox.body.items.map((t: { id: string }) => t.id)).toEqual([reviewTaskId(id, 1, 'COMMERCE')]);
    await decideRound(h, sz, id, 1, ALL_APPROVE);
    await waitFor('the joint review to end', async () => {
      const app = await h.db.application.findUniqueOrThrow({ where: { id } });
      return app.status !== 'provincial_review';
    });
    const decided = await h.db.task.findMany({ where: { applicationId: id, stage: 'provincialReview' } });
    const deciders = await h.db.user.findMany({
      where: { id: { in: decided.flatMap((t) => (t.decidedById ? [t.decidedById] : [])) } },
    });
    const departmentOf = new Map(deciders.map((u) => [u.id, u.departmentId]));
    expect(
      decided.map((t) => [t.departmentId, t.status, t.decision, departmentOf.get(t.decidedById ?? '')]).sort(),
    ).toEqual(SZ_DEPARTMENTS.map((d) => [d, 'decided', 'approve', d]));
  });
});

browserSuite('the reporting units in the workspace (headless Chromium)', () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness({ worker: false }), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  test('when the administrator registers an applicant in the workspace, then the units are offered in three groups, the cities labelled as separately planned cities, and the Shenzhen organisation chosen is filed under SZ', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await logInAt(context, h.baseUrl, 'admin', '/workspace/admin/users');
    await page.click('#user-create');
    await page.click('.role-item .el-select__wrapper');
    await page.getByRole('option', { name: '申报单位', exact: true }).click();
    const username = `shenzhen-web-${Date.now().toString(36)}`;
    await page.fill('#new-username', username);
    await page.fill('#new-display-name', '深圳市商务局');
    await page.fill('#new-org-name', '深圳市人民政府（工作台）');
    await page.click('.el-form-item:has(#new-org-province) .el-select__wrapper');
    await page.getByRole('option', { name: '深圳市（计划单列市）', exact: true }).waitFor();
    const groups = page.locator('.el-select-group__wrap:visible');
    expect(await groups.locator('.el-select-group__title').allTextContents()).toEqual([
      '省、自治区、直辖市',
      '计划单列市',
      '新疆生产建设兵团',
    ]);
    expect(await groups.nth(0).locator('.el-select-dropdown__item').count()).toBe(31);
    expect(await groups.nth(1).locator('.el-select-dropdown__item').allTextContents()).toEqual([
      '大连市（计划单列市）',
      '青岛市（计划单列市）',
      '宁波市（计划单列市）',
      '厦门市（计划单列市）',
      '深圳市（计划单列市）',
    ]);
    expect(await groups.nth(2).locator('.el-select-dropdown__item').allTextContents()).toEqual(['新疆生产建设兵团']);
    await page.getByRole('option', { name: '深圳市（计划单列市）', exact: true }).click();
    await page.fill('#new-password', 'Copper-lantern-5931');
    await page.click('#user-create-submit');
    await page.locator(`[data-username="${username}"]`).waitFor();
    const user = await h.db.user.findUniqueOrThrow({ where: { username }, include: { organization: true } });
    expect([user.role, user.organization?.kind, user.organization?.provinceCode]).toEqual(['applicant', 'city', 'SZ']);
    await context.close();
  });
});
