// Expert review through the API: panels exclude the applicant's province and declared conflicts;
// silent and declining experts are replaced; a quorum closes the review; too few experts is a
// visible state that MOFCOM resolves by adding to the pool. Only this file adds experts (the others
// use the seeded demo experts), so the pool's size is known here; tests still act as whichever
// experts were assigned, and assert on who was not.
import { defaultPayloadConverter } from '@temporalio/common';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { DEFAULT_RUBRIC } from '../domain/round';
import { DEMO_PASSWORD } from '../platform/seed';
import { expertReviewWorkflowId } from '../shared/definitions';
import { enterpriseAnnex } from './support/fixtures';
import {
  approveAndRecommend,
  decide,
  draft,
  getApp,
  provincialOfficers,
  reached,
  statusBecomes,
  submit,
} from './support/flows';
import { keepHistories } from './support/histories';
import {
  http,
  login,
  newApplicant,
  newExpert,
  newRound,
  startHarness,
  startTimeSkippingHarness,
  waitFor,
  type Harness,
} from './support/harness';

let h: Harness;
let gd: Awaited<ReturnType<typeof provincialOfficers>>;

beforeAll(async () => {
  h = await startHarness();
  gd = await provincialOfficers(h, 'GD');
  // enough eligible experts from elsewhere for the default panels below
  for (const province of ['BJ', 'SH', 'ZJ', 'JS', 'SC']) await newExpert(h, { provinceCode: province });
});
afterAll(() => h.stop());

const sheet = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));

/** A GD enterprise's application, approved by its province, now with the experts. */
async function inExpertReview(round: { id: string }, on: Harness = h) {
  const applicant = await newApplicant(on, 'enterprise', 'GD');
  const id = await draft(on, applicant.token, round.id, enterpriseAnnex());
  expect((await submit(on, applicant.token, id)).status).toBe(200);
  await approveAndRecommend(on, round.id, 'GD', id);
  await reached(on, id, 'expert_review');
  return { applicant, id };
}

async function openExpertTasks(id: string, count: number, on: Harness = h) {
  return waitFor(`${count} open expert tasks`, async () => {
    const tasks = await on.db.task.findMany({
      where: { applicationId: id, stage: 'expertReview', status: 'open' },
      include: { assignee: true },
    });
    return tasks.length === count ? tasks : undefined;
  });
}

async function scoreAs(task: { id: string; assignee: { username: string } | null }, score: number, on: Harness = h) {
  return decide(on, await login(on, task.assignee!.username), task.id, {
    decision: 'score',
    scores: sheet(score),
    comments: 'Solid plan',
  });
}

describe('expert review', () => {
  test("when a panel is formed, then no expert is from the applicant's province, declared a conflict, or works for it; the panel's scores make the score", async () => {
    const round = await newRound(h);
    const applicant = await newApplicant(h, 'enterprise', 'GD');
    const sameProvince = await newExpert(h, { provinceCode: 'GD' });
    const sameOrganisation = await newExpert(h, { provinceCode: 'HB', organizationId: applicant.org.id });
    const conflicted = await newExpert(h, { provinceCode: 'HN' });
    const declared = await http(h.baseUrl, 'POST', `/api/experts/${conflicted.expert.id}/conflicts`, {
      token: await login(h, conflicted.user.username),
      body: { organizationId: applicant.org.id, reason: 'Former board member' },
    });
    expect(declared.status).toBe(201);

    const id = await draft(h, applicant.token, round.id, enterpriseAnnex());
    await submit(h, applicant.token, id);
    await approveAndRecommend(h, round.id, 'GD', id);
    const tasks = await openExpertTasks(id, 3);
    const assigned = tasks.map((t) => t.assigneeId);
    for (const excluded of [sameProvince, sameOrganisation, conflicted])
      expect(assigned).not.toContain(excluded.user.id);
    const experts = await h.db.expert.findMany({ where: { userId: { in: assigned as string[] } } });
    expect(experts.every((e) => e.provinceCode !== 'GD')).toBe(true);

    // An assigned expert reads the application to score it; an expert not on the panel cannot.
    expect(
      (await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: await login(h, tasks[0].assignee!.username) }))
        .body.annex.legalName,
    ).toBe(enterpriseAnnex().legalName);
    expect(
      (await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: await login(h, sameProvince.user.username) }))
        .status,
    ).toBe(403);
    for (const [i, task] of tasks.entries()) expect((await scoreAs(task, [70, 80, 90][i])).status).toBe(200);
    await statusBecomes(h, id, 'scored');
    const app = await getApp(h, applicant.token, id);
    expect(app.score).toBe(80);
    // the applicant sees the aggregate only; MOFCOM each expert's total (test/visibility.test.ts has the rest)
    expect(app.history.find((e: { action: string }) => e.action === 'scored').detail).toEqual({});
    expect(
      (await getApp(h, await login(h, 'mofcom'), id)).history.find((e: { action: string }) => e.action === 'scored')
        .detail,
    ).toMatchObject({ totals: [70, 80, 90], outliers: [] });
  });

  test('when too few experts are eligible, then MOFCOM sees it, and adding one through the API completes the panel', async () => {
    const eligible = await h.db.expert.count({ where: { active: true, NOT: { provinceCode: 'GD' } } });
    const round = await newRound(h, { expertReview: { panelSize: eligible + 1, quorum: 1 } });
    const { applicant, id } = await inExpertReview(round);
    await statusBecomes(h, id, 'expert_panel_short');
    expect((await getApp(h, applicant.token, id)).statusLabel.en).toMatch(/Not enough eligible experts/);

    const mofcom = await login(h, 'mofcom');
    const refused = await http(h.baseUrl, 'POST', '/api/experts', { token: gd.COMMERCE, body: {} });
    expect(refused.status).toBe(403);
    const invalid = await http(h.baseUrl, 'POST', '/api/experts', {
      token: mofcom,
      body: { username: 'x', password: 'short', fields: [], bodies: ['NOPE'] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['username', 'password', 'name', 'fields', 'bodies.0', 'provinceCode']),
    );
    const added = await http(h.baseUrl, 'POST', '/api/experts', {
      token: mofcom,
      body: {
        username: `pool-${id.slice(0, 8)}`,
        password: DEMO_PASSWORD,
        name: '王教授',
        fields: ['logistics'],
        provinceCode: 'YN',
        bodies: ['MOFCOM', 'CFLP'],
      },
    });
    expect(added.status).toBe(201);
    await statusBecomes(h, id, 'expert_review');
    await openExpertTasks(id, eligible + 1);
    // the history alone names who changed the pool
    const history = await h.client.workflow.getHandle(expertReviewWorkflowId(id)).fetchHistory();
    const woken = history.events!.find(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'expertPoolChanged',
    );
    const [arg] = woken!.workflowExecutionSignaledEventAttributes!.input!.payloads!.map((p) =>
      defaultPayloadConverter.fromPayload<{ actor: { username: string } }>(p),
    );
    expect(arg.actor.username).toBe('mofcom');
  });

  test('when a score sheet misses a criterion or another expert tries to score, then 400 or 403 and nothing is recorded', async () => {
    const round = await newRound(h);
    const { id } = await inExpertReview(round);
    const [task, other] = await openExpertTasks(id, 3);
    const token = await login(h, task.assignee!.username);
    const partial = await decide(h, token, task.id, { decision: 'score', scores: { PLAN: 80 }, comments: 'x' });
    expect(partial.status).toBe(400);
    expect(partial.body.error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['scores.FOUNDATION', 'scores.MEASURES', 'scores.DEMONSTRATION']),
    );
    const tooHigh = await decide(h, token, task.id, { decision: 'score', scores: sheet(101), comments: 'x' });
    expect(tooHigh.status).toBe(400);
    const notMine = await decide(h, token, other.id, { decision: 'score', scores: sheet(80), comments: 'x' });
    expect(notMine.status).toBe(403);
    expect(await h.db.task.count({ where: { applicationId: id, stage: 'expertReview', status: 'decided' } })).toBe(0);
  });
});

// The seats' and the stage's due times in days, on the time-skipping server: seconds on the wall
// clock let a loaded machine miss a due time the test meant to be met (a decline refused 409 in
// `test:stress`, its seat already replaced).
describe('expert review against its due times', () => {
  let ts: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
  beforeAll(async () => {
    ts = await startTimeSkippingHarness();
  }, 60_000);
  afterAll(() => ts?.stop());
  const DAY = 86_400_000;

  test('when an expert declines or stays silent past the due time, then another expert takes the seat', async () => {
    // the chain: at the due time (day 4) the expert is told, a day later MOFCOM, a day after that the seat is freed
    const chain = {
      reminderDays: 0,
      levels: [
        { afterDays: 0, notify: ['assignee'] },
        { afterDays: 1, notify: ['lead'] },
      ],
      defaultAfterDays: 2,
      defaultRule: 'replace',
    };
    const round = await newRound(ts, {
      expertReview: { scoringDays: 4 },
      deadlines: { ...DEFAULT_DEADLINES, expertReview: chain as never },
    });
    const { id } = await inExpertReview(round, ts);
    const [first, second, third] = await openExpertTasks(id, 3, ts);
    expect((await scoreAs(first, 75, ts)).status).toBe(200);
    const declined = await decide(ts, await login(ts, second.assignee!.username), second.id, {
      decision: 'decline',
      reason: 'Conflict discovered',
    });
    expect(declined.status).toBe(200);
    const replacement = (what: string, taken: string[]) =>
      waitFor(what, () =>
        ts.db.task.findFirst({
          where: { applicationId: id, stage: 'expertReview', status: 'open', id: { notIn: taken } },
          include: { assignee: true },
        }),
      );
    // the decline is replaced at once
    const forSecond = await replacement('the decline’s replacement', [first.id, second.id, third.id]);
    expect((await scoreAs(forSecond, 85, ts)).status).toBe(200);
    // the silent third expert: past its due time, both levels and the default rule
    await ts.skip(6 * DAY + 3_600_000);
    const forThird = await replacement('the silent seat’s replacement', [first.id, second.id, third.id, forSecond.id]);
    await waitFor('the silent seat expired', () =>
      ts.db.task.findFirst({ where: { id: third.id, status: 'expired' } }),
    );
    expect((await scoreAs(forThird, 85, ts)).status).toBe(200);
    const replaced = [forSecond, forThird];
    expect(replaced.map((t) => t.assigneeId)).not.toContain(second.assigneeId);
    expect(replaced.map((t) => t.assigneeId)).not.toContain(third.assigneeId);
    await statusBecomes(ts, id, 'scored');
    expect((await ts.db.application.findUniqueOrThrow({ where: { id } })).score).toBe(81.67);
    const late = await scoreAs(third, 90, ts);
    expect(late.status).toBe(409);
    // the silent expert's chain ran to its end, each level once; the first expert, who scored in time, had none
    const steps = await ts.db.auditEvent.findMany({
      where: { applicationId: id, action: { in: ['task_escalated', 'task_default_rule'] } },
      orderBy: { id: 'asc' },
    });
    const of = (taskId: string) =>
      steps
        .filter((e) => (e.detail as { tasks: string[] }).tasks.includes(taskId))
        .map((e) => [e.action, (e.detail as { level: number }).level]);
    expect(of(third.id)).toEqual([
      ['task_escalated', 1],
      ['task_escalated', 2],
      ['task_default_rule', 3],
    ]);
    expect(of(first.id)).toEqual([]);
    await keepHistories(ts.client, 'expert-replaced', [`expert-review-${id}`]);
  });

  test('when the stage deadline passes with a quorum scored, then the review closes without the last expert', async () => {
    const round = await newRound(ts, { expertReview: { panelSize: 3, quorum: 2, stageDays: 3 } });
    const { id } = await inExpertReview(round, ts);
    const [a, b, c] = await openExpertTasks(id, 3, ts);
    await scoreAs(a, 60, ts);
    await scoreAs(b, 70, ts);
    // a quorum alone does not close it: the last expert may still score until the stage's end
    expect((await ts.db.application.findUniqueOrThrow({ where: { id } })).status).toBe('expert_review');
    await ts.skip(3 * DAY + 3_600_000);
    await statusBecomes(ts, id, 'scored');
    expect((await ts.db.application.findUniqueOrThrow({ where: { id } })).score).toBe(65);
    expect((await ts.db.task.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('withdrawn');
  });
});
