// Competitive selection through the API: quotas per group, a deterministic tie-break, the eight
// bodies' countersign with an objection that MOFCOM resolves by revising, publication, and every
// scored application ending with its verdict.
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { DEFAULT_RUBRIC } from '../domain/round';
import { countersignTaskId, revisionTaskId } from '../shared/definitions';
import { NATIONAL_BODIES } from '../domain/bodies';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { approveAllAndRecommend, decide, draft, reached, statusBecomes, submit } from './support/flows';
import { keepHistories } from './support/histories';
import {
  http,
  login,
  newApplicant,
  newRound,
  SECONDS_AS_DAYS,
  startHarness,
  waitFor,
  type Harness,
} from './support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(); // panels draw on the seeded demo experts (BJ, SC, HB)
});
afterAll(() => h.stop());

const sheet = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));

/** A new applicant's submitted application: a city is GD's, a central enterprise goes straight to MOFCOM. */
async function submitted(roundId: string, kind: 'city' | 'central_enterprise') {
  const applicant = await newApplicant(h, kind, 'GD');
  const id = await draft(h, applicant.token, roundId, kind === 'city' ? cityAnnex() : enterpriseAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  return id;
}

/** The application's one-expert panel scores it `score`. */
async function scoredAs(id: string, score: number) {
  const task = await waitFor('the expert task', () =>
    h.db.task.findFirst({
      where: { applicationId: id, stage: 'expertReview', status: 'open' },
      include: { assignee: true },
    }),
  );
  expect(
    (
      await decide(h, await login(h, task.assignee!.username), task.id, {
        decision: 'score',
        scores: sheet(score),
        comments: 'ok',
      })
    ).status,
  ).toBe(200);
  await statusBecomes(h, id, 'scored');
  return id;
}

/** A central enterprise scored `score` by a one-expert panel. */
const scored = async (roundId: string, score: number) =>
  scoredAs(await submitted(roundId, 'central_enterprise'), score);

/** GD cities, approved by its joint review and recommended together, each scored as given. */
async function scoredCities(roundId: string, scores: number[]) {
  const ids = await Promise.all(scores.map(() => submitted(roundId, 'city')));
  await approveAllAndRecommend(h, roundId, 'GD', ids);
  return Promise.all(ids.map((id, i) => scoredAs(id, scores[i])));
}

async function countersign(
  roundId: string,
  round: number,
  decisions: Record<string, { decision: string; reason?: string }>,
) {
  await waitFor(
    `countersign round ${round}`,
    async () =>
      (await h.db.task.count({ where: { roundId, stage: 'selectionCountersign', reviewRound: round } })) === 8,
  );
  for (const [body, d] of Object.entries(decisions)) {
    const res = await decide(h, await login(h, body.toLowerCase()), countersignTaskId(roundId, round, body), d);
    expect(res.status).toBe(200);
  }
}

test('when MOFCOM opens selection, then quotas and the tie-break pick the list, an objection is revised, and every applicant gets its verdict', async () => {
  const round = await newRound(h, {
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas: { city: 1, enterprise: 2 }, minScore: 60, countersignDays: 10 },
  });
  // side by side, but for the tie: e2 and e3 score alike, and e3 is submitted only once e2 is scored
  const [[cityA, cityB], e1, [e2, e3], e4] = await Promise.all([
    scoredCities(round.id, [80, 70]),
    scored(round.id, 90),
    scored(round.id, 75).then(async (e2) => [e2, await scored(round.id, 75)]),
    scored(round.id, 50), // below the minimum score
  ]);

  const mofcom = await login(h, 'mofcom');
  const early = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: mofcom });
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('selection_not_ready');
  expect(
    (await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/close-declaration`, { token: await login(h, 'miit') }))
      .status,
  ).toBe(403);
  expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/close-declaration`, { token: mofcom })).status).toBe(
    200,
  );
  expect(
    (await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/close-declaration`, { token: mofcom })).body.error.code,
  ).toBe('deadline_passed');
  const late = await newApplicant(h, 'city', 'GD');
  expect((await submit(h, late.token, await draft(h, late.token, round.id, cityAnnex()))).body.error.code).toBe(
    'deadline_passed',
  );
  expect(
    (await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: await login(h, 'miit') })).status,
  ).toBe(403);
  expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: mofcom })).status).toBe(201);
  expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: mofcom })).body.error.code).toBe(
    'selection_already_open',
  );

  // The proposal: the best city; the best enterprise and, of the tied two, the earlier submission.
  const proposed = await waitFor('the proposal', () => h.db.selection.findUnique({ where: { roundId: round.id } }));
  const proposal = proposed.proposal as Record<string, { applicationId: string; rank: number; selected: boolean }[]>;
  expect(proposal.city.map((e) => [e.applicationId, e.rank, e.selected])).toEqual([
    [cityA, 1, true],
    [cityB, 2, false],
  ]);
  expect(proposal.enterprise.map((e) => [e.applicationId, e.rank, e.selected])).toEqual([
    [e1, 1, true],
    [e2, 2, true],
    [e3, 3, false],
  ]);

  // Seven bodies approve; the PBOC objects.
  const approveAllBut = (except: string) =>
    Object.fromEntries(NATIONAL_BODIES.filter((b) => b.code !== except).map((b) => [b.code, { decision: 'approve' }]));
  await countersign(round.id, 1, {
    ...approveAllBut('PBOC'),
    PBOC: { decision: 'object', reason: 'Applicant 2 has an unresolved financing dispute' },
  });
  const revisionTask = revisionTaskId(round.id, 1);
  await waitFor('the revision task', () => h.db.task.findUnique({ where: { id: revisionTask } }));
  // The objection sent the list back at once: it cannot be withdrawn, and no body's task is left open.
  const act = async (body: string, taskId: string, action: string) =>
    http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(taskId)}/${action}`, {
      token: await login(h, body),
      body: { reason: 'reconsidered' },
    });
  expect((await act('pboc', countersignTaskId(round.id, 1, 'PBOC'), 'withdraw')).body.error.code).toBe(
    'next_step_started',
  );
  expect(
    await h.db.task.count({
      where: { roundId: round.id, stage: 'selectionCountersign', reviewRound: 1, status: 'open' },
    }),
  ).toBe(0);
  expect(
    (
      await decide(h, await login(h, 'pboc'), revisionTask, {
        decision: 'revise',
        applicationIds: [cityA],
        reason: 'x',
      })
    ).status,
  ).toBe(403);
  const invalid = await decide(h, mofcom, revisionTask, {
    decision: 'revise',
    applicationIds: [cityA, e1, e4],
    reason: 'swap',
  });
  expect(invalid.status).toBe(400);
  expect(invalid.body.error.fields[0].message).toMatch(/below the minimum/);
  expect(
    (
      await decide(h, mofcom, revisionTask, {
        decision: 'revise',
        applicationIds: [cityA, e1, e3],
        reason: 'Replace applicant 2 after the PBOC objection',
      })
    ).status,
  ).toBe(200);

  // Round 2: MIIT withdraws its consent while CFLP has yet to sign (撤回), and signs again.
  await countersign(round.id, 2, approveAllBut('CFLP'));
  const miitTask = countersignTaskId(round.id, 2, 'MIIT');
  expect((await act('miit', miitTask, 'withdraw')).body).toMatchObject({ status: 'open', decision: null });
  await countersign(round.id, 2, { CFLP: { decision: 'approve' } });
  // An application whose workflow has ended by the verdicts (here: ended by an operator) misses its
  // own; the others still hear theirs, and the selection completes (no retry of a workflow gone).
  await h.client.workflow.getHandle(`application-${e4}`).terminate('ended before the verdicts');
  expect((await h.db.selection.findUniqueOrThrow({ where: { roundId: round.id } })).status).toBe('countersigning'); // MIIT's consent is missing
  await countersign(round.id, 2, { MIIT: { decision: 'approve' } });
  await waitFor(
    'publication',
    async () => (await h.db.selection.findUnique({ where: { roundId: round.id } }))?.status === 'published',
  );
  for (const id of [cityA, e1, e3]) await reached(h, id, 'selected');
  for (const id of [cityB, e2]) await reached(h, id, 'not_selected');
  const selection = await h.client.workflow.getHandle(`selection-${round.id}`).result();
  expect(selection.city.map((e: { applicationId: string }) => e.applicationId)).toEqual([cityA, cityB]);
  expect((await h.db.application.findUniqueOrThrow({ where: { id: e4 } })).status).not.toBe('not_selected');
  expect((await h.db.application.findUniqueOrThrow({ where: { id: e3 } })).selectionRank).toBe(3);
  const read = await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/selection`, { token: await login(h, 'auditor') });
  expect(read.body.status).toBe('published');
  expect(read.body.tasks.filter((t: { stage: string }) => t.stage === 'selectionCountersign')).toHaveLength(16);
  await statusBecomes(h, cityB, 'not_selected'); // and it ends there
  await keepHistories(h.client, 'selection-with-objection', [`selection-${round.id}`, `application-${cityB}`]);
});

test('when one body stays silent on the countersign, then its chain runs — the body, then MOFCOM — and the default rule takes its consent on the record', async () => {
  const s = SECONDS_AS_DAYS;
  const chain = {
    reminderDays: 0,
    levels: [
      { afterDays: 0, notify: ['department'] },
      { afterDays: s(1), notify: ['lead'] },
    ],
    defaultAfterDays: s(2),
    defaultRule: 'approve',
  };
  const round = await newRound(h, {
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas: { city: 0, enterprise: 1 }, minScore: 60, countersignDays: s(8) }, // time enough for seven to sign first
    deadlines: { ...DEFAULT_DEADLINES, selectionCountersign: chain as never },
  });
  const candidate = await scored(round.id, 85);
  await h.db.round.update({ where: { id: round.id }, data: { declarationDeadline: new Date(0) } });
  expect(
    (await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: await login(h, 'mofcom') })).status,
  ).toBe(201);
  await countersign(
    round.id,
    1,
    Object.fromEntries(NATIONAL_BODIES.filter((b) => b.code !== 'CFLP').map((b) => [b.code, { decision: 'approve' }])),
  );

  await waitFor(
    'publication',
    async () => (await h.db.selection.findUnique({ where: { roundId: round.id } }))?.status === 'published',
    30_000,
  );
  const silent = await h.db.task.findUniqueOrThrow({ where: { id: countersignTaskId(round.id, 1, 'CFLP') } });
  expect(silent).toMatchObject({ status: 'decided', decision: 'approve', decidedById: 'system', overdue: true });
  expect(silent.reason).toMatch(/default rule/);
  const steps = await h.db.auditEvent.findMany({
    where: { roundId: round.id, action: { in: ['task_escalated', 'task_default_rule'] } },
    orderBy: { id: 'asc' },
  });
  expect(steps.map((e) => [e.action, (e.detail as { tasks: string[] }).tasks])).toEqual([
    ['task_escalated', [silent.id]],
    ['task_escalated', [silent.id]],
    ['task_default_rule', [silent.id]],
  ]);
  const told = await h.db.notification.findMany({
    where: { eventKey: { in: steps.map((e) => e.eventKey) } },
    orderBy: { createdAt: 'asc' },
  });
  expect(told.map((n) => n.recipientId)).toEqual(expect.arrayContaining(['CFLP', 'MOFCOM']));
  await reached(h, candidate, 'selected');
});
