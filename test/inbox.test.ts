// The officers' inbox through the API, on tasks written straight into the read model of a
// department made for this test (so no other test's tasks are in it): scopes, filters, sorting,
// paging, counts per status, and who may look.
import bcrypt from 'bcryptjs';
import { DEMO_PASSWORD } from '../platform/seed';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { http, login, newApplicant, newRound, startHarness, type Harness } from './support/harness';

let h: Harness;
let officer: string;
let colleague: { id: string; token: string };
let city: string;
let enterprise: string;
const DEPT = `XZ.INBOX_${Date.now()}`;
const day = (n: number) => new Date(Date.UTC(2031, 0, n));

beforeAll(async () => {
  h = await startHarness({ worker: false });
  const round = await newRound(h);
  const app = async (kind: 'city' | 'enterprise') => {
    const { org } = await newApplicant(h, kind, 'XZ');
    return (
      await h.db.application.create({
        data: {
          roundId: round.id,
          organizationId: org.id,
          kind,
          provinceCode: 'XZ',
          annex: kind === 'city' ? cityAnnex() : enterpriseAnnex(),
        },
      })
    ).id;
  };
  [city, enterprise] = [await app('city'), await app('enterprise')];
  await h.db.department.create({
    data: {
      id: DEPT,
      level: 'provincial',
      partyCode: 'ENVIRONMENT',
      provinceCode: 'XZ',
      nameZh: '测试部门',
      nameEn: 'Test department',
      email: `inbox-${city.slice(0, 6)}@pilotflow.example.org`,
    },
  });
  const officerOf = (name: string, displayName: string) =>
    h.db.user.create({
      data: {
        username: `${name}.${city.slice(0, 6)}`,
        passwordHash: bcrypt.hashSync(DEMO_PASSWORD, 4),
        role: 'provincial_officer',
        displayName,
        departmentId: DEPT,
      },
    });
  const user = await officerOf('inbox.colleague', 'Colleague');
  colleague = { id: user.id, token: await login(h, user.username) };
  const task = (id: string, applicationId: string, over: Record<string, unknown>) => ({
    id: `${applicationId}:inbox:${id}`,
    applicationId,
    workflowId: 'none',
    stage: 'provincialReview',
    reviewRound: 1,
    departmentId: DEPT,
    provinceCode: 'XZ',
    dueAt: day(10),
    ...over,
  });
  await h.db.task.createMany({
    data: [
      task('a', city, { dueAt: day(3) }),
      task('b', city, { dueAt: day(1), overdue: true }),
      task('c', enterprise, { dueAt: day(2) }),
      task('d', enterprise, { dueAt: day(5), assigneeId: user.id }),
      task('e', enterprise, { dueAt: day(4), stage: 'evaluation' }),
      task('f', city, { status: 'decided', decision: 'approve' }),
      task('g', city, { status: 'withdrawn' }),
    ],
  });
  officer = await login(h, (await officerOf('inbox.officer', 'Officer')).username);
});
afterAll(() => h.stop());

const ids = (body: { items: { id: string }[] }) => body.items.map((t) => t.id.split(':').pop());
const get = (token: string, query = '') => http(h.baseUrl, 'GET', `/api/tasks?${query}`, { token });

test("when an officer opens the inbox, then the department's open tasks come by due time, with counts per status", async () => {
  const res = await get(officer);
  expect(res.status).toBe(200);
  expect(ids(res.body)).toEqual(['b', 'c', 'a', 'e', 'd']);
  expect(res.body).toMatchObject({
    page: 1,
    pageSize: 50,
    total: 5,
    counts: { open: 5, decided: 1, withdrawn: 1, expired: 0 },
  });
  expect(res.body.items[0]).toMatchObject({
    overdue: true,
    application: { id: city, kind: 'city', kindLabel: { zh: expect.any(String), en: expect.any(String) } },
  });
});

test('when the officer asks for mine or the group, then they get their assigned tasks or the whole department', async () => {
  expect(ids((await get(colleague.token, 'scope=mine')).body)).toEqual(['d']);
  expect((await get(colleague.token, 'scope=mine')).body.items[0].assignee).toMatchObject({ displayName: 'Colleague' });
  expect(ids((await get(officer, 'scope=mine')).body)).toEqual([]);
  expect(ids((await get(officer, 'scope=group')).body)).toEqual(['b', 'c', 'a', 'e', 'd']);
});

test('when filters are given, then stage, applicant kind, due time, overdue and status narrow the list and its counts', async () => {
  expect(ids((await get(officer, 'stage=evaluation')).body)).toEqual(['e']);
  expect(ids((await get(officer, 'kind=city')).body)).toEqual(['b', 'a']);
  expect(ids((await get(officer, `dueBefore=${encodeURIComponent(day(3).toISOString())}`)).body)).toEqual(['b', 'c']);
  expect(ids((await get(officer, 'overdue=true')).body)).toEqual(['b']);
  const all = await get(officer, 'status=all&kind=city');
  expect(ids(all.body)).toEqual(['b', 'a', 'f', 'g']);
  expect(all.body).toMatchObject({ total: 4, counts: { open: 2, decided: 1, withdrawn: 1 } });
  expect(ids((await get(officer, 'province=GD')).body)).toEqual([]);
});

test('when paging, then each page holds the next tasks in due order and the total stays', async () => {
  const first = await get(officer, 'pageSize=2');
  const second = await get(officer, 'pageSize=2&page=2');
  const third = await get(officer, 'pageSize=2&page=3');
  expect([ids(first.body), ids(second.body), ids(third.body)]).toEqual([['b', 'c'], ['a', 'e'], ['d']]);
  expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 5 });
});

test('when a filter is malformed, then 400 names each field; an applicant may not look; an auditor sees any task', async () => {
  const bad = await get(officer, 'status=late&pageSize=1000&dueBefore=tomorrow&stage=x&bogus=1');
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
    'bogus',
    'dueBefore',
    'pageSize',
    'stage',
    'status',
  ]);
  const applicant = await newApplicant(h, 'city', 'XZ');
  expect((await get(applicant.token)).status).toBe(403);
  const audited = await get(await login(h, 'auditor'), `applicationId=${enterprise}&status=all`);
  expect(ids(audited.body)).toEqual(['c', 'e', 'd']);
});
