// Rounds as data through the API: the admin creates a round with every rule, validated as a whole;
// a change of rules is a new version that later submissions get while earlier ones keep theirs; a
// working-day round's provincial review is due on China's official calendar, as the calendar the
// admin keeps says. Seeded: the 2018 pilot round and the 2021–2023 demonstration rounds.
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import { addWorkingDays } from '../domain/workingCalendar';
import { loadWorkingCalendar } from '../platform/workingCalendar';
import { applicationWorkflowId, expertReviewWorkflowId, reviewTaskId } from '../shared/definitions';
import { keepHistories } from './support/histories';
import { cityAnnex } from './support/fixtures';
import { approveAndRecommend, draft, statusBecomes, submit } from './support/flows';
import { http, login, newApplicant, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await login(h, 'admin');
});
afterAll(() => h.stop());

const day = 86_400_000;
// Other suites create rounds in the same database at the same time: count only this suite's
const ROUND_NAME = `示范创建测试轮次 ${process.pid}-${Date.now()}`;
const roundsNamed = () => h.db.round.count({ where: { nameZh: ROUND_NAME } });
const newRoundBody = (
  config: object,
  window = {
    declarationOpensAt: new Date(Date.now() - day).toISOString(),
    declarationDeadline: new Date(Date.now() + 30 * day).toISOString(),
  },
) => ({
  kind: 'demonstration',
  nameZh: ROUND_NAME,
  nameEn: 'Demonstration test round',
  ...window,
  config,
});
const fieldsOf = (res: { body: { error: { fields: { field: string }[] } } }) =>
  res.body.error.fields.map((f) => f.field).sort();

test('when the seeded rounds are read, then 2018 and the 2021–2023 demonstration rounds hold their published numbers', async () => {
  const token = await login(h, 'mofcom');
  const rounds = (await http(h.baseUrl, 'GET', '/api/rounds', { token })).body as {
    id: string;
    kind: string;
    config: typeof DEFAULT_ROUND_CONFIG;
    declaration: string;
  }[];
  const byId = new Map(rounds.map((r) => [r.id, r]));
  expect(byId.get('pilot-2018')).toMatchObject({
    kind: 'pilot',
    declaration: 'closed',
    config: { selection: { quotas: { city: 55, enterprise: 266 } } },
  });
  for (const [year, city, enterprise] of [
    [2021, 10, 94],
    [2022, 15, 106],
    [2023, 8, 50],
  ]) {
    expect(byId.get(`demonstration-${year}`)).toMatchObject({
      kind: 'demonstration',
      declaration: 'closed',
      config: { dayCount: 'working', publicNotice: { workingDays: 5 }, selection: { quotas: { city, enterprise } } },
    });
  }
  const one = await http(h.baseUrl, 'GET', '/api/rounds/demonstration-2021', { token });
  expect(one.body.versions).toEqual([expect.objectContaining({ version: 1, applications: 0 })]);
});

test('when a round is created with rules that contradict each other, then 400 names every field at fault and nothing is created', async () => {
  const before = await roundsNamed();
  const bad = await http(h.baseUrl, 'POST', '/api/rounds', {
    token: admin,
    body: newRoundBody(
      {
        ...DEFAULT_ROUND_CONFIG,
        dayCount: 'working',
        revisionDays: 7.5,
        expertReview: { ...DEFAULT_ROUND_CONFIG.expertReview, scoringDays: 40, stageDays: 30 },
        selection: { ...DEFAULT_ROUND_CONFIG.selection, quotas: { city: -1, enterprise: 5 } },
      },
      {
        declarationOpensAt: new Date(Date.now() + 10 * day).toISOString(),
        declarationDeadline: new Date(Date.now() + 5 * day).toISOString(),
      },
    ),
  });
  expect(bad.status).toBe(400);
  expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['config.selection.quotas.city']));
  // zod checks cross-field rules once the fields themselves are valid: fix the quota, see the rest
  const crossField = await http(h.baseUrl, 'POST', '/api/rounds', {
    token: admin,
    body: newRoundBody(
      {
        ...DEFAULT_ROUND_CONFIG,
        dayCount: 'working',
        revisionDays: 7.5,
        expertReview: { ...DEFAULT_ROUND_CONFIG.expertReview, quorum: 4, panelSize: 3 },
      },
      {
        declarationOpensAt: new Date(Date.now() + 10 * day).toISOString(),
        declarationDeadline: new Date(Date.now() + 5 * day).toISOString(),
      },
    ),
  });
  expect(crossField.status).toBe(400);
  expect(fieldsOf(crossField)).toEqual(['config.expertReview.quorum', 'config.revisionDays', 'declarationOpensAt']);
  expect(crossField.body.error.fields.find((f: { field: string }) => f.field === 'config.revisionDays').message).toBe(
    'Working days are counted whole',
  );
  const past = await http(h.baseUrl, 'POST', '/api/rounds', {
    token: admin,
    body: newRoundBody(
      { provincialReviewDays: 15, revisionDays: 10 },
      {
        declarationOpensAt: new Date(Date.now() - 10 * day).toISOString(),
        declarationDeadline: new Date(Date.now() - day).toISOString(),
      },
    ),
  });
  expect(fieldsOf(past)).toEqual(['declarationDeadline']);
  expect(await roundsNamed()).toBe(before);
});

test('when a round has not opened yet, then a submission gets 409 declaration_not_open', async () => {
  const created = await http(h.baseUrl, 'POST', '/api/rounds', {
    token: admin,
    body: newRoundBody(
      // on Annex 1 (a demonstration round's own default is the 申报书)
      { provincialReviewDays: 15, revisionDays: 10, annexVersion: 2 },
      {
        declarationOpensAt: new Date(Date.now() + 5 * day).toISOString(),
        declarationDeadline: new Date(Date.now() + 30 * day).toISOString(),
      },
    ),
  });
  expect(created.status).toBe(201);
  expect(created.body.declaration).toBe('not_yet_open');
  const applicant = await newApplicant(h, 'city', 'XJ');
  const id = await draft(h, applicant.token, created.body.id, cityAnnex());
  const refused = await submit(h, applicant.token, id);
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('declaration_not_open');
});

test('when the admin changes a working-day round’s rules, then later submissions get the new version and earlier ones keep theirs, each due on the official calendar, the experts’ scoring too', async () => {
  const created = await http(h.baseUrl, 'POST', '/api/rounds', {
    token: admin,
    body: newRoundBody({ dayCount: 'working', provincialReviewDays: 15, revisionDays: 10, annexVersion: 2 }),
  });
  expect(created.status).toBe(201);
  const roundId: string = created.body.id;

  const early = await newApplicant(h, 'city', 'XJ');
  const earlyId = await draft(h, early.token, roundId, cityAnnex());
  const earlyFrom = new Date();
  expect((await submit(h, early.token, earlyId)).status).toBe(200);
  await statusBecomes(h, earlyId, 'provincial_review');

  const changed = await http(h.baseUrl, 'PUT', `/api/rounds/${roundId}/config`, {
    token: admin,
    body: {
      config: { dayCount: 'working', provincialReviewDays: 20, revisionDays: 10 },
      reason: 'More time for the provinces',
    },
  });
  expect(changed.status).toBe(200);
  expect(changed.body.configVersion).toBe(2);

  const late = await newApplicant(h, 'city', 'XJ');
  const lateId = await draft(h, late.token, roundId, cityAnnex());
  const lateFrom = new Date();
  expect((await submit(h, late.token, lateId)).status).toBe(200);
  await statusBecomes(h, lateId, 'provincial_review');

  const calendar = await loadWorkingCalendar(h.db);
  const dueOf = async (id: string) =>
    (await waitFor('review tasks', () => h.db.task.findUnique({ where: { id: reviewTaskId(id, 1, 'COMMERCE') } })))
      .dueAt!;
  // the due date is the end of a Beijing day: the count starts from the day the review started
  const expected = (from: Date, n: number) =>
    [from, new Date()].map((t) => addWorkingDays(t, n, calendar).dueAt.getTime());
  expect(expected(earlyFrom, 15)).toContain((await dueOf(earlyId)).getTime());
  expect(expected(lateFrom, 20)).toContain((await dueOf(lateId)).getTime());

  expect((await h.db.application.findUnique({ where: { id: earlyId } }))!.configVersion).toBe(1);
  expect((await h.db.application.findUnique({ where: { id: lateId } }))!.configVersion).toBe(2);
  const read = await http(h.baseUrl, 'GET', `/api/rounds/${roundId}`, { token: admin });
  expect(read.body.versions.map((v: { version: number; applications: number }) => [v.version, v.applications])).toEqual(
    [
      [1, 1],
      [2, 1],
    ],
  );
  // on to the experts: their scoring time counts working days too
  const reviewedFrom = new Date();
  await approveAndRecommend(h, roundId, 'XJ', earlyId);
  await statusBecomes(h, earlyId, 'expert_review');
  const seats = await waitFor('expert seats', async () => {
    const tasks = await h.db.task.findMany({ where: { applicationId: earlyId, stage: 'expertReview' } });
    return tasks.length ? tasks : undefined;
  });
  for (const seat of seats)
    expect(expected(reviewedFrom, DEFAULT_ROUND_CONFIG.expertReview.scoringDays)).toContain(seat.dueAt!.getTime());
  await keepHistories(h.client, 'working-days', [applicationWorkflowId(earlyId), expertReviewWorkflowId(earlyId)]);

  const audit = await h.db.auditEvent.findMany({ where: { roundId }, orderBy: { seq: 'asc' } });
  // then XJ's recommendation of the early one: drafted (its row, its task, the ranking), countersigned by six, sent
  expect(audit.map((a) => a.action)).toEqual([
    'round_created',
    'round_config_changed',
    'recommendation_drafting',
    'tasks_opened',
    'task_decided',
    'recommendation_countersign',
    'tasks_opened',
    ...Array(6).fill('task_decided'),
    'recommendation_sent',
  ]);
  expect(audit[1].reason).toBe('More time for the provinces');
});

test('when the admin enters a year the package lacks, then it counts as known; bad entries get 400 per field; others 403', async () => {
  const year = 2089;
  expect((await http(h.baseUrl, 'GET', `/api/calendar/${year}`, { token: admin })).body).toMatchObject({
    year,
    covered: false,
    source: 'none',
    days: [],
  });
  const bad = await http(h.baseUrl, 'PUT', `/api/calendar/${year}`, {
    token: admin,
    body: {
      days: [
        { date: `${year + 1}-01-01`, kind: 'holiday', nameZh: '元旦', nameEn: "New Year's Day" },
        { date: `${year}-03-01`, kind: 'workday', nameZh: '调休', nameEn: 'Adjusted' },
      ],
      confirm: true,
    },
  });
  expect(bad.status).toBe(400);
  expect(fieldsOf(bad)).toEqual(['days.0.date', 'days.1.kind']); // another year; 2089-03-01 is a Tuesday
  const set = await http(h.baseUrl, 'PUT', `/api/calendar/${year}`, {
    token: admin,
    body: {
      days: [
        { date: `${year}-01-01`, kind: 'holiday', nameZh: '元旦', nameEn: "New Year's Day" },
        { date: `${year}-01-08`, kind: 'workday', nameZh: '元旦调休', nameEn: "New Year's Day (adjusted)" },
      ],
      confirm: true,
    },
  });
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({
    covered: true,
    source: 'admin',
    days: [
      { date: `${year}-01-01`, kind: 'holiday', source: 'admin' },
      { date: `${year}-01-08`, kind: 'workday' },
    ],
  });
  const calendar = await loadWorkingCalendar(h.db);
  expect(addWorkingDays(new Date(`${year - 1}-12-31T12:00:00+08:00`), 1, calendar)).toEqual({
    dueAt: new Date(`${year}-01-03T16:00:00Z`),
    uncoveredYears: [],
  }); // Jan 1 (Sat) off anyway; Mon 3
  expect(
    (
      await http(h.baseUrl, 'PUT', `/api/calendar/${year}`, {
        token: await login(h, 'mofcom'),
        body: { days: [], confirm: false },
      })
    ).status,
  ).toBe(403);
  expect((await http(h.baseUrl, 'GET', '/api/calendar/nineteen', { token: admin })).body.error.fields[0].field).toBe(
    'year',
  );
});
