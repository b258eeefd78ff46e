// 取消试点资格 on Temporal's time-skipping server, through the real API and database: MOFCOM proposes,
// the eight bodies countersign, an objection goes back to MOFCOM, and a removal cancels what the
// pilot still runs — its quarter's report and its chain — so nothing is chased afterwards.
import { NATIONAL_BODIES } from '../domain/bodies';
import { REMOVAL_GROUNDS } from '../domain/removal';
import { daysToMs, DEFAULT_ROUND_CONFIG, DEFAULT_RUBRIC } from '../domain/round';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import {
  applicationWorkflowId,
  countersignTaskId,
  evaluationWorkflowId,
  gradingTaskId,
  pilotWorkflowId,
  quarterlyReportWorkflowId,
  removalCountersignTaskId,
  removalId,
  removalRevisionTaskId,
  removalWorkflowId,
} from '../shared/definitions';
import { enterpriseAnnex } from './support/fixtures';
import { selectedCity, startPilot } from './support/pilots';
import { decide, draft, statusBecomes, submit } from './support/flows';
import { keepHistories } from './support/histories';
import { delivered } from './support/mail';
import { http, login, newApplicant, newRound, startTimeSkippingHarness, waitFor } from './support/harness';

let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;

beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(() => h?.stop());

const DAY = daysToMs(1);
const QUARTER = daysToMs(DEFAULT_ROUND_CONFIG.pilot.quarterDays);

/** A Guangdong city's pilot, started as its application's workflow starts it once selected, in its first quarter. */
async function cityPilot() {
  const city = await selectedCity(h);
  const pilot = await startPilot(h, city, await h.now());
  await waitFor('quarter 1', () =>
    h.client.workflow
      .getHandle(quarterlyReportWorkflowId(city.id, 1))
      .describe()
      .then(
        (d) => d.status.name === 'RUNNING',
        () => false,
      ),
  );
  return { applicant: city.applicant, id: city.id, pilot };
}

const propose = async (id: string, token: string, body: unknown) =>
  http(h.baseUrl, 'POST', `/api/pilots/${id}/removal`, { token, body });

const countersignOpen = (id: string, n: number, round: number) =>
  waitFor(`removal ${n}'s countersign ${round}`, async () =>
    // this proposal's own tasks: an earlier proposal's first round has as many
    (await h.db.task.count({ where: { id: { startsWith: `${removalId(id, n)}:cs${round}:` } } })) ===
    NATIONAL_BODIES.length
      ? true
      : undefined,
  );

test('when MOFCOM proposes a removal, a body objects and MOFCOM drops it, then proposes again and the eight consent, then the pilot ends removed: its quarter is cancelled, nothing is chased afterwards, and the applicant, Guangdong and the eight bodies are told', async () => {
  const { applicant, id, pilot } = await cityPilot();
  const mofcom = await login(h, 'mofcom');

  // only MOFCOM proposes, with known grounds and a reason
  for (const token of [applicant.token, await login(h, 'miit'), await login(h, 'gd.commerce')])
    expect((await propose(id, token, { grounds: ['major_problem'], reason: 'x' })).status).toBe(403);
  const bad = await propose(id, mofcom, { grounds: ['bad_luck'], reason: ' ' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['grounds.0', 'reason']);

  const first = await propose(id, mofcom, { grounds: ['major_problem'], reason: '发生重大安全生产事故' });
  expect([first.status, first.body]).toEqual([200, { removalId: `${id}:removal1` }]);
  const again = await propose(id, mofcom, { grounds: ['dissolved'], reason: 'twice' });
  expect([again.status, again.body.error.code]).toEqual([409, 'removal_in_progress']);

  // MIIT objects: the other bodies' tasks are withdrawn, and MOFCOM reviews the proposal
  await countersignOpen(id, 1, 1);
  const objection = await decide(h, await login(h, 'miit'), removalCountersignTaskId(id, 1, 1, 'MIIT'), {
    decision: 'object',
    reason: '事故已整改到位，建议继续试点',
  });
  expect(objection.status).toBe(200);
  const revision = removalRevisionTaskId(id, 1, 1);
  await waitFor('MOFCOM’s review', () => h.db.task.findFirst({ where: { id: revision, status: 'open' } }));
  expect(
    await h.db.task.count({ where: { applicationId: id, stage: 'removalCountersign', status: 'withdrawn' } }),
  ).toBe(NATIONAL_BODIES.length - 1);
  const noReason = await decide(h, mofcom, revision, { decision: 'drop' });
  expect([noReason.status, noReason.body.error.fields[0].field]).toEqual([400, 'reason']);
  expect((await decide(h, mofcom, revision, { decision: 'drop', reason: '采纳工业和信息化部意见' })).status).toBe(200);
  expect(await h.client.workflow.getHandle(removalWorkflowId(id, 1)).result()).toEqual({
    removed: false,
    grounds: ['major_problem'],
    reason: '采纳工业和信息化部意见',
  });
  expect(await h.db.pilotRemoval.findUniqueOrThrow({ where: { id: `${id}:removal1` } })).toMatchObject({
    status: 'dropped',
    objection: { body: 'MIIT', reason: '事故已整改到位，建议继续试点' },
    resolution: '采纳工业和信息化部意见',
  });
  expect((await h.db.pilot.findUniqueOrThrow({ where: { id } })).status).toBe('running');

  // the enterprise is dissolved: the second proposal, and all eight consent
  const second = await propose(id, mofcom, { grounds: ['dissolved', 'by_request'], reason: '企业已注销' });
  expect([second.status, second.body]).toEqual([200, { removalId: `${id}:removal2` }]);
  await countersignOpen(id, 2, 1);
  for (const body of NATIONAL_BODIES)
    expect(
      (
        await decide(h, await login(h, body.code.toLowerCase()), removalCountersignTaskId(id, 2, 1, body.code), {
          decision: 'approve',
        })
      ).status,
    ).toBe(200);
  expect(await pilot.result()).toEqual({
    reports: [],
    removed: { removalId: `${id}:removal2`, grounds: ['dissolved', 'by_request'], reason: '企业已注销' },
  });
  // what the pilot still ran was cancelled with it, and the read model says so
  expect((await h.client.workflow.getHandle(quarterlyReportWorkflowId(id, 1)).describe()).status.name).toBe(
    'CANCELLED',
  );
  expect(await h.db.pilot.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'removed' });
  expect(await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${id}:q1` } })).toMatchObject({
    status: 'cancelled',
  });
  const view = await http(h.baseUrl, 'GET', `/api/pilots/${id}`, { token: applicant.token });
  expect(view.body.status).toBe('removed');
  expect(view.body.removals.map((r: { status: string }) => r.status)).toEqual(['dropped', 'removed']);

  // told: the applicant, Guangdong's commerce department, the eight bodies — with the grounds
  const told = await delivered(h, { applicationId: id, event: 'pilot_removed' }, 10);
  expect(told.map((n) => n.recipientId).sort()).toEqual(
    [applicant.org.id, 'GD.COMMERCE', ...NATIONAL_BODIES.map((b) => b.code)].sort(),
  );
  expect(told[0].text).toContain(`${REMOVAL_GROUNDS.dissolved.zh}；${REMOVAL_GROUNDS.by_request.zh}`);

  // a year later: no reminder, no escalation, no missing report — the chain went with the quarter
  const removal = await h.db.auditEvent.findUniqueOrThrow({ where: { eventKey: `pilot-${id}/removed` } });
  await h.skip(4 * QUARTER + DAY);
  expect(await h.db.auditEvent.count({ where: { applicationId: id, id: { gt: removal.id } } })).toBe(0);
  expect(await h.db.notification.count({ where: { applicationId: id, event: { startsWith: 'report_' } } })).toBe(0);
  const late = await propose(id, mofcom, { grounds: ['dissolved'], reason: 'again' });
  expect([late.status, late.body.error.code]).toEqual([409, 'pilot_ended']);

  await keepHistories(h.client, 'pilot-removed-after-a-dropped-proposal', [
    pilotWorkflowId(id),
    removalWorkflowId(id, 1),
    removalWorkflowId(id, 2),
    quarterlyReportWorkflowId(id, 1),
  ]);
});

test('when a central enterprise’s pilot is graded "fail" at mid-term, then the removal is proposed by itself, the silent bodies are taken to consent at the end of their chain, and the application ends removed', async () => {
  const round = await newRound(h, {
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas: { city: 1, enterprise: 1 }, minScore: 60, countersignDays: 10 },
  });
  const central = await newApplicant(h, 'central_enterprise');
  const id = await draft(h, central.token, round.id, enterpriseAnnex());
  expect((await submit(h, central.token, id)).status).toBe(200);
  const seat = await waitFor('the expert task', () =>
    h.db.task.findFirst({
      where: { applicationId: id, stage: 'expertReview', status: 'open' },
      include: { assignee: true },
    }),
  );
  const sheet = Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, 80]));
  expect(
    (
      await decide(h, await login(h, seat.assignee!.username), seat.id, {
        decision: 'score',
        scores: sheet,
        comments: 'Sound',
      })
    ).status,
  ).toBe(200);
  await statusBecomes(h, id, 'scored');
  await h.db.round.update({ where: { id: round.id }, data: { declarationDeadline: new Date(0) } });
  const mofcom = await login(h, 'mofcom');
  expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: mofcom })).status).toBe(201);
  await waitFor(
    'the list’s countersign',
    async () => (await h.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign' } })) === 8,
  );
  for (const body of NATIONAL_BODIES)
    await decide(h, await login(h, body.code.toLowerCase()), countersignTaskId(round.id, 1, body.code), {
      decision: 'approve',
    });
  await statusBecomes(h, id, 'pilot');

  // month 12: the mid-term; every body grades "fail"
  await h.skip(4 * QUARTER);
  await waitFor('the mid-term', () => h.db.evaluation.findUnique({ where: { id: `${id}:midterm` } }));
  const assessment = {
    summary: 'Year one',
    achievements: 'Little',
    replicablePractice: 'None yet',
    proposedGrade: 'pass',
  };
  expect(
    (
      await http(h.baseUrl, 'POST', `/api/pilots/${id}/evaluations/midterm/self-assessment`, {
        token: central.token,
        body: assessment,
      })
    ).status,
  ).toBe(200);
  await waitFor('the grading tasks', async () =>
    (await h.db.task.count({ where: { applicationId: id, stage: 'evaluation' } })) === 8 ? true : undefined,
  );
  for (const body of NATIONAL_BODIES)
    expect(
      (
        await decide(h, await login(h, body.code.toLowerCase()), gradingTaskId(id, 'midterm', body.code), {
          decision: 'grade',
          grade: 'fail',
        })
      ).status,
    ).toBe(200);

  // the proposal makes itself, on the record as the system's, for the fail
  await countersignOpen(id, 1, 1);
  expect(await h.db.pilotRemoval.findUniqueOrThrow({ where: { id: `${id}:removal1` } })).toMatchObject({
    status: 'countersigning',
    grounds: ['evaluation_failed'],
    proposedById: null,
  });
  // one body consents; the seven others stay silent past the due time and their chain's default step
  expect((await decide(h, mofcom, removalCountersignTaskId(id, 1, 1, 'MOFCOM'), { decision: 'approve' })).status).toBe(
    200,
  );
  const chain = DEFAULT_DEADLINES.removalCountersign;
  await h.skip(daysToMs(DEFAULT_ROUND_CONFIG.removal!.countersignDays + chain.defaultAfterDays) + DAY);
  await statusBecomes(h, id, 'removed');
  const silent = await h.db.task.findMany({
    where: { applicationId: id, stage: 'removalCountersign', decidedById: 'system' },
  });
  expect(silent.map((t) => t.departmentId).sort()).toEqual(
    NATIONAL_BODIES.map((b) => b.code)
      .filter((c) => c !== 'MOFCOM')
      .sort(),
  );
  expect(await h.db.pilot.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'removed',
    midtermGrade: 'fail',
  });
  // a central enterprise has no province: its applicant and the eight bodies are told
  const told = await delivered(h, { applicationId: id, event: 'pilot_removed' }, 9);
  expect(told.map((n) => n.recipientId).sort()).toEqual([central.org.id, ...NATIONAL_BODIES.map((b) => b.code)].sort());

  await keepHistories(h.client, 'pilot-removed-after-a-midterm-fail', [
    applicationWorkflowId(id),
    pilotWorkflowId(id),
    evaluationWorkflowId(id, 'midterm'),
    removalWorkflowId(id, 1),
    quarterlyReportWorkflowId(id, 5),
  ]);
});
