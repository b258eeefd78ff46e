// The workflows' own logic, fast: the real workflow bundle on Temporal's time-skipping test server,
// its activities mocked (test/support/mockActivities.ts), Updates signed as the API signs them.
// Months of due times pass in milliseconds; the end-to-end tests on real parts stay beside these.
import crypto from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { signedUpdate } from '../platform/actorSignature';
import { ensureSearchAttributes } from '../platform/searchAttributes';
import { resolveTool } from '../platform/tools';
import type { Approved } from '../domain/recommendation';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import {
  applicationWorkflowId,
  approvedForRecommendationSignal,
  decideUpdate,
  evaluationWorkflowId,
  gradingTaskId,
  provincialReviewWorkflowId,
  quarterlyReportWorkflowId,
  recommendationOutcomeSignal,
  recommendationWorkflowId,
  reviewTaskId,
  selfAssessmentUpdate,
  submitReportUpdate,
  submitUpdate,
  taskActionUpdate,
  titleReviewTaskId,
  titleWorkflowId,
  type Actor,
  type DecideInput,
  type EvaluationInput,
  type QuarterlyReportInput,
  type TitleInput,
} from '../shared/definitions';
import type {
  evaluationWorkflow,
  applicationWorkflow,
  quarterlyReportWorkflow,
  recommendationWorkflow,
  titleWorkflow,
} from '../workflows';
import { mockActivities, until } from './support/mockActivities';

const DAY = 24 * 60 * 60 * 1000;
/** a timer fires on time; the activity it leads to is scheduled a workflow task later */
const LATENESS_MS = 2_000;

/** The seven provincial parties of the joint review (notice §四(一)). */
const PARTIES = [
  'COMMERCE',
  'INDUSTRY_IT',
  'ENVIRONMENT',
  'AGRICULTURE',
  'PBOC_BRANCH',
  'MARKET_REGULATION',
  'BANKING_REGULATOR',
] as const;
type Party = (typeof PARTIES)[number];

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
// the grading test's pilot has no province (a central enterprise's): no opinion is asked before it
const mocks = mockActivities({ pilotProvince: () => ({ provinceCode: null }) });
const taskQueue = `logic-${crypto.randomUUID()}`;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed by an earlier test file in this Jest worker
  }
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTool('testServer') } },
  });
  await ensureSearchAttributes(env.connection, 'default');
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    // bundled once per run by globalSetup, with the actor check and the tests' keys
    workflowBundle: { codePath: process.env.PILOTFLOW_TEST_BUNDLE! },
    activities: mocks.activities,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const officer = (party: Party, n = 1, province = 'GD'): Actor => ({
  userId: `officer-${province}-${party}-${n}`,
  username: `${province.toLowerCase()}_${party.toLowerCase()}_${n}`,
  role: 'provincial_officer',
  departmentId: `${province}.${party}`,
  provinceCode: province,
});
const applicant: Actor = { userId: 'applicant-1', username: 'city_a', role: 'applicant', organizationId: 'org-1' };

/** The failure type a refused Update carries (a domain error code), or undefined if it was taken. */
async function refusal(update: Promise<unknown>): Promise<string | undefined> {
  try {
    await update;
    return undefined;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure)
      return err.cause.type ?? undefined;
    throw err;
  }
}

// ---- provincial review ----------------------------------------------------------------------
// A round runs inside the application's workflow (patch review-in-application): it is driven as
// the API drives it, by the applicant's submission and the parties' decisions on application-<id>.

/** How the round ended, as the application recorded it: its transition after the review, once there is one. */
const reviewEnd = (workflowId: string) =>
  mocks
    .of(workflowId, 'recordTransition')
    .map((c) => c.input)
    .find((t) => ['approved_provincially', 'rejected', 'returned'].includes(t.action));

async function startReview() {
  const applicationId = crypto.randomUUID();
  const workflowId = applicationWorkflowId(applicationId);
  const handle = await env.client.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
    taskQueue,
    workflowId,
    args: [
      {
        applicationId,
        roundId: 'round-1',
        kind: 'city',
        provinceCode: 'GD',
        organizationId: 'org-1',
        config: DEFAULT_ROUND_CONFIG,
      },
    ],
  });
  await handle.executeUpdate(submitUpdate, signedUpdate(workflowId, submitUpdate, { actor: applicant }));
  await until('the tasks opened', () => mocks.of(workflowId, 'openTasks').length === 1);
  const task = (party: Party) => reviewTaskId(applicationId, 1, party);
  const decide = (party: Party, decision: string, opts: { reason?: string; actor?: Actor } = {}) =>
    handle.executeUpdate(
      decideUpdate,
      signedUpdate<DecideInput>(workflowId, decideUpdate, {
        taskId: task(party),
        decision,
        reason: opts.reason,
        actor: opts.actor ?? officer(party),
      }),
    );
  const ended = async () => {
    await until('the round ended', () => reviewEnd(workflowId) !== undefined);
    return reviewEnd(workflowId)!;
  };
  return { applicationId, workflowId, handle, task, decide, ended };
}

test('when all seven provincial parties approve, then the review is approved, each decision recorded once, nothing withdrawn or chased', async () => {
  const { applicationId, workflowId, handle, task, decide, ended } = await startReview();
  const opened = mocks.of(workflowId, 'openTasks')[0].input;
  expect(opened).toMatchObject({ workflowId, eventKey: `${provincialReviewWorkflowId(applicationId, 1)}/opened` });
  expect(opened.tasks).toEqual(
    PARTIES.map((p) => expect.objectContaining({ id: task(p), departmentId: `GD.${p}`, provinceCode: 'GD' })),
  );

  await Promise.all(PARTIES.map((p) => decide(p, 'approve')));

  expect(await ended()).toMatchObject({ action: 'approved_provincially', toStatus: 'recommending' });
  const recorded = mocks.of(workflowId, 'recordDecision');
  expect(recorded.map((c) => c.input.taskId).sort()).toEqual(PARTIES.map(task).sort());
  for (const { input, local } of recorded) {
    expect(input.decision).toBe('approve');
    expect(local).toBe(true);
    // the interceptor hands the handler the actor without its signature
    expect(input.actor).toEqual(officer(input.taskId.split(':').pop() as Party));
  }
  expect(mocks.of(workflowId, 'withdrawOpenTasks')).toEqual([]);
  expect(mocks.of(workflowId, 'recordTaskDeadline')).toEqual([]);
  // It waits for its province's recommendation; left out of it, the application ends. (Terminated
  // here instead, under load, it left the time-skipping server's clock locked for the next tests.)
  await handle.signal(recommendationOutcomeSignal, {
    recommended: false,
    group: 'city',
    rank: null,
    recommendationId: 'rec-1',
    reason: 'not ranked',
  });
  expect(await handle.result()).toMatchObject({ status: 'not_recommended' });
});

test('when one party rejects with a reason, then the review ends rejected by that party and the open tasks are withdrawn', async () => {
  const { applicationId, workflowId, handle, decide, ended } = await startReview();
  await decide('COMMERCE', 'approve');
  await decide('ENVIRONMENT', 'approve');
  expect(await refusal(decide('PBOC_BRANCH', 'reject', { reason: '  ' }))).toBe('invalid_input');

  await decide('PBOC_BRANCH', 'reject', { reason: 'Financing plan not credible' });

  expect(await ended()).toMatchObject({
    action: 'rejected',
    reason: 'Financing plan not credible',
    detail: { party: 'PBOC_BRANCH', reviewRound: 1 },
  });
  expect(await handle.result()).toMatchObject({ status: 'rejected' });
  expect(mocks.of(workflowId, 'recordDecision').map((c) => c.input.decision)).toEqual(['approve', 'approve', 'reject']);
  expect(mocks.of(workflowId, 'withdrawOpenTasks').map((c) => c.input)).toEqual([
    {
      applicationId,
      workflowId,
      eventKey: `${provincialReviewWorkflowId(applicationId, 1)}/withdrawn`,
      reason: 'Financing plan not credible',
    },
  ]);
});

test('when two parties return the application and the rest approve, then it is returned with both fixes once every party has decided', async () => {
  const { workflowId, handle, decide, ended } = await startReview();
  expect(await refusal(decide('AGRICULTURE', 'return'))).toBe('invalid_input'); // a return must say what to fix
  await decide('AGRICULTURE', 'return', { reason: 'Annex 1 §3: land-use figures missing' });
  await decide('INDUSTRY_IT', 'return', { reason: 'Attach the 2025 output statistics' });
  const approvers = PARTIES.filter((p) => p !== 'AGRICULTURE' && p !== 'INDUSTRY_IT');
  for (const p of approvers.slice(0, -1)) await decide(p, 'approve');
  // still collecting: one party has not decided
  expect(reviewEnd(workflowId)).toBeUndefined();

  await decide(approvers[approvers.length - 1], 'approve');

  expect((await ended()).detail.fixes).toEqual([
    { party: 'AGRICULTURE', reason: 'Annex 1 §3: land-use figures missing' },
    { party: 'INDUSTRY_IT', reason: 'Attach the 2025 output statistics' },
  ]);
  expect(mocks.of(workflowId, 'recordDecision')).toHaveLength(7);
  expect(mocks.of(workflowId, 'withdrawOpenTasks')).toEqual([]);
  // the round is closed: a late decision is refused by the application's workflow itself
  expect(await refusal(decide('COMMERCE', 'approve'))).toBe('already_decided');
  expect(await handle.result()).toMatchObject({ status: 'lapsed' }); // not revised in time
});

test('when a task is held by one officer, then a colleague, another department and another province are refused its decision, and the holder decides it', async () => {
  const { workflowId, handle, task, decide } = await startReview();
  const holder = officer('COMMERCE', 1);
  const claim = { taskId: task('COMMERCE'), action: 'claim' as const, actor: holder };
  await handle.executeUpdate(taskActionUpdate, signedUpdate(workflowId, taskActionUpdate, claim));

  expect(await refusal(decide('COMMERCE', 'approve', { actor: officer('COMMERCE', 2) }))).toBe('not_your_task');
  expect(await refusal(decide('COMMERCE', 'approve', { actor: officer('INDUSTRY_IT') }))).toBe('not_your_task');
  expect(await refusal(decide('COMMERCE', 'approve', { actor: officer('COMMERCE', 1, 'ZJ') }))).toBe('not_your_task');
  expect(mocks.of(workflowId, 'recordDecision')).toEqual([]);

  await decide('COMMERCE', 'approve', { actor: holder });
  expect(await refusal(decide('COMMERCE', 'approve', { actor: holder }))).toBe('already_decided');
  expect(mocks.of(workflowId, 'recordTaskAction').map((c) => c.input.holding)).toEqual([
    { assignee: { userId: holder.userId, username: holder.username } },
  ]);
  expect(mocks.of(workflowId, 'recordDecision').map((c) => [c.input.taskId, c.input.actor.userId])).toEqual([
    [task('COMMERCE'), holder.userId],
  ]);
  // the other six stay silent: returned by the default rule, then lapsed
  expect(await handle.result()).toMatchObject({ status: 'lapsed' });
});

test('when six parties stay silent, then the reminder, both escalation levels and the default rule fire once each at the due times of the default policy, and the six are returned', async () => {
  // The notice's default chain for provincial review, written out: 15 days to decide; a reminder
  // 2 days ahead; at the due time the departments and assignees; 3 days later the lead; 10 days
  // after the due time a silent party returns the application.
  expect(DEFAULT_ROUND_CONFIG.provincialReviewDays).toBe(15);
  const { applicationId, workflowId, handle, task, decide, ended } = await startReview();
  // due 15 days from the workflow task that opened the tasks (its clock is a moment before the scheduling)
  const openedAt = mocks.of(workflowId, 'openTasks')[0].scheduledAt;
  const dueAt = Date.parse(mocks.of(workflowId, 'openTasks')[0].input.dueAt);
  expect(Math.abs(dueAt - (openedAt + 15 * DAY))).toBeLessThan(LATENESS_MS);
  await decide('COMMERCE', 'approve');
  const silent = PARTIES.filter((p) => p !== 'COMMERCE');

  // the server skips from timer to timer while the result is awaited: returned, then lapsed unrevised
  expect(await handle.result()).toMatchObject({ status: 'lapsed' });
  const result = await ended();

  const review = provincialReviewWorkflowId(applicationId, 1);
  const steps = mocks.of(workflowId, 'recordTaskDeadline');
  expect(steps.map((s) => [s.input.eventKey, s.input.step])).toEqual([
    [`${review}/reminder`, { kind: 'reminder' }],
    [`${review}/escalation1`, { kind: 'escalation', level: 1, notify: ['department', 'assignee'] }],
    [`${review}/escalation2`, { kind: 'escalation', level: 2, notify: ['lead'] }],
    [`${review}/default`, { kind: 'default', level: 3, rule: 'return' }],
  ]);
  const expectedAt = [dueAt - 2 * DAY, dueAt, dueAt + 3 * DAY, dueAt + 10 * DAY];
  steps.forEach((s, i) => {
    expect(s.scheduledAt).toBeGreaterThanOrEqual(expectedAt[i]);
    expect(s.scheduledAt).toBeLessThan(expectedAt[i] + LATENESS_MS);
    expect(s.input.taskIds).toEqual(silent.map(task));
    expect(s.input.dueAt).toBe(new Date(dueAt).toISOString());
  });
  const byRule = mocks.of(workflowId, 'recordDecision').filter((c) => c.input.actor.userId === 'system');
  expect(byRule.map((c) => [c.input.taskId, c.input.decision])).toEqual(silent.map((p) => [task(p), 'return']));
  expect(result).toMatchObject({
    action: 'returned',
    detail: { fixes: silent.map((party) => ({ party, reason: expect.stringContaining('default rule') })) },
  });
  expect(mocks.of(workflowId, 'markTasksOverdue')).toEqual([]);
});

// ---- a quarter's report and its grace window ------------------------------------------------

/** One quarter's report: due 10 days from now, taken late for a quarter (365.25 / 4 days) after that. */
async function startQuarter() {
  const applicationId = crypto.randomUUID();
  const workflowId = quarterlyReportWorkflowId(applicationId, 3);
  const now = await env.currentTimeMs();
  const input: QuarterlyReportInput = {
    applicationId,
    roundId: 'round-1',
    provinceCode: 'GD',
    quarter: 3,
    dueAt: new Date(now + 10 * DAY).toISOString(),
    lateWindowDays: 365.25 / 4,
    compilationDueAt: new Date(now + 20 * DAY).toISOString(),
  };
  const handle: WorkflowHandle<typeof quarterlyReportWorkflow> = await env.client.workflow.start(
    'quarterlyReportWorkflow',
    { taskQueue, workflowId, args: [input] },
  );
  await until('the quarter opened', () => mocks.of(workflowId, 'openQuarter').length === 1);
  const submit = (actor: Actor) =>
    handle.executeUpdate(
      submitReportUpdate,
      signedUpdate(workflowId, submitReportUpdate, { content: { summary: 'Q3' }, actor }),
    );
  return { workflowId, handle, dueAt: now + 10 * DAY, submit };
}

test('when a quarterly report comes two days after its due time, then it is taken as late and delivered, after only the reminder and level 1', async () => {
  const { workflowId, handle, dueAt, submit } = await startQuarter();
  await env.sleep(12 * DAY);
  await until('level 1', () => mocks.of(workflowId, 'recordReportDeadline').length === 2);
  expect(await refusal(submit(officer('COMMERCE')))).toBe('forbidden');

  expect(await submit(applicant)).toEqual({ quarter: 3, late: true });

  expect(await handle.result()).toEqual({ quarter: 3, status: 'submitted', late: true });
  const steps = mocks.of(workflowId, 'recordReportDeadline');
  expect(steps.map((s) => s.input.step)).toEqual([
    { kind: 'reminder' },
    { kind: 'escalation', level: 1, notify: ['applicant'] },
  ]);
  [dueAt - 7 * DAY, dueAt].forEach((at, i) => {
    expect(steps[i].scheduledAt).toBeGreaterThanOrEqual(at);
    expect(steps[i].scheduledAt).toBeLessThan(at + LATENESS_MS);
  });
  expect(mocks.of(workflowId, 'recordQuarterlyReport').map((c) => c.input.late)).toEqual([true]);
  expect(mocks.of(workflowId, 'deliverQuarterlyReport')).toHaveLength(1);
  expect(mocks.of(workflowId, 'markReport')).toEqual([]);
});

test('when no quarterly report comes, then after the reminder and both levels it is counted missing a quarter after its due time', async () => {
  const { workflowId, handle, dueAt } = await startQuarter();

  expect(await handle.result()).toEqual({ quarter: 3, status: 'missing', late: true });

  const steps = mocks.of(workflowId, 'recordReportDeadline');
  expect(steps.map((s) => s.input.step)).toEqual([
    { kind: 'reminder' },
    { kind: 'escalation', level: 1, notify: ['applicant'] },
    { kind: 'escalation', level: 2, notify: ['applicant', 'provincialCommerce', 'lead'] },
    { kind: 'default', level: 3, rule: 'missing' },
  ]);
  // 365.25 / 4 days = 91 days and 7.5 hours
  const expectedAt = [dueAt - 7 * DAY, dueAt, dueAt + 30 * DAY, dueAt + 91 * DAY + 7.5 * 3600_000];
  steps.forEach((s, i) => {
    expect(s.scheduledAt).toBeGreaterThanOrEqual(expectedAt[i]);
    expect(s.scheduledAt).toBeLessThan(expectedAt[i] + LATENESS_MS);
  });
  const [marked] = mocks.of(workflowId, 'markReport');
  expect(marked.input).toMatchObject({ quarter: 3, as: 'missing' });
  expect(marked.scheduledAt).toBeGreaterThanOrEqual(expectedAt[3]);
  expect(mocks.of(workflowId, 'markReport')).toHaveLength(1);
  expect(mocks.of(workflowId, 'deliverQuarterlyReport')).toEqual([]);
});

// ---- grading of an evaluation --------------------------------------------------------------

/** The eight national bodies that grade a pilot (notice §四(五)). */
const BODIES = ['MOFCOM', 'MIIT', 'MEE', 'MARA', 'PBOC', 'SAMR', 'CBIRC', 'CFLP'] as const;

test('when four of the eight bodies grade and four stay silent, then the chain chases the four and at its default rule the grading closes with the lower middle of the four grades', async () => {
  const applicationId = crypto.randomUUID();
  const workflowId = evaluationWorkflowId(applicationId, 'midterm');
  const input: EvaluationInput = {
    applicationId,
    stage: 'midterm',
    kind: 'city',
    config: { selfAssessmentDays: 30, gradingDays: 30 },
  };
  const handle: WorkflowHandle<typeof evaluationWorkflow> = await env.client.workflow.start('evaluationWorkflow', {
    taskQueue,
    workflowId,
    args: [input],
  });
  await handle.executeUpdate(
    selfAssessmentUpdate,
    signedUpdate(workflowId, selfAssessmentUpdate, { content: { summary: 'year one' }, actor: applicant }),
  );
  await until('the grading tasks', () => mocks.of(workflowId, 'openGradingTasks').length === 1);
  const [opened] = mocks.of(workflowId, 'openGradingTasks');
  // the bodies have 30 days from the self-assessment
  const dueAt = Date.parse(opened.input.dueAt);
  expect(dueAt - (opened.scheduledAt + 30 * DAY)).toBeLessThanOrEqual(0);
  expect(dueAt - (opened.scheduledAt + 30 * DAY)).toBeGreaterThan(-LATENESS_MS);
  const task = (body: string) => gradingTaskId(applicationId, 'midterm', body);
  const grade = (body: string, g: string) =>
    handle.executeUpdate(
      decideUpdate,
      signedUpdate<DecideInput>(workflowId, decideUpdate, {
        taskId: task(body),
        decision: 'grade',
        payload: { grade: g },
        actor: {
          userId: `officer-${body}`,
          username: body.toLowerCase(),
          role: 'national_officer',
          departmentId: body,
        },
      }),
    );
  await grade('MOFCOM', 'excellent');
  await grade('MIIT', 'excellent');
  await grade('MEE', 'good');
  await grade('MARA', 'pass');
  expect(await refusal(grade('PBOC', 'superb'))).toBe('invalid_input');

  // sorted best first: excellent, excellent | good, pass — of the two middle grades, the lower
  expect(await handle.result()).toEqual({ grade: 'good', incentiveEligible: false, title: null });

  const silent = BODIES.slice(4).map(task);
  const steps = mocks.of(workflowId, 'recordTaskDeadline');
  expect(steps.map((s) => [s.input.step.kind, s.input.taskIds])).toEqual([
    ['reminder', silent],
    ['escalation', silent],
    ['escalation', silent],
    ['default', silent],
  ]);
  [dueAt - 2 * DAY, dueAt, dueAt + 3 * DAY, dueAt + 10 * DAY].forEach((at, i) => {
    expect(steps[i].scheduledAt).toBeGreaterThanOrEqual(at);
    expect(steps[i].scheduledAt).toBeLessThan(at + LATENESS_MS);
  });
  expect(mocks.of(workflowId, 'withdrawOpenTasks')).toHaveLength(1);
  expect(mocks.of(workflowId, 'recordEvaluationResult').map((c) => c.input.grades)).toEqual([
    ['excellent', 'excellent', 'good', 'pass'],
  ]);
});

// ---- a unit's recommendation ----------------------------------------------------------------

test("when a unit's commerce department does not send its recommendation, then it is reminded three days before the round's deadline, told at it, and MOFCOM a day later — each once, and nothing is sent for it", async () => {
  const roundId = `logic-${crypto.randomUUID().slice(0, 8)}`;
  const workflowId = recommendationWorkflowId(roundId, 'SZ');
  // the server's clock: earlier tests have skipped it ahead of the wall clock
  const dueAt = (await env.currentTimeMs()) + 10 * DAY; // the round's deadline: when the unit's recommendation must reach MOFCOM
  const handle = await env.client.workflow.signalWithStart<typeof recommendationWorkflow, [Approved]>(
    'recommendationWorkflow',
    {
      taskQueue,
      workflowId,
      args: [{ roundId, provinceCode: 'SZ', dueAt: new Date(dueAt).toISOString(), countersignDays: 5 }],
      signal: approvedForRecommendationSignal,
      signalArgs: [{ applicationId: 'app-sz-1', kind: 'city' }],
    },
  );
  await until('the drafting task', () => mocks.of(workflowId, 'openTasks').length === 1);
  const [opened] = mocks.of(workflowId, 'openTasks');
  expect(opened.input.tasks).toEqual([
    { id: expect.stringMatching(/:recommend:v1$/), departmentId: 'SZ.COMMERCE', provinceCode: 'SZ' },
  ]);
  expect(opened.input.dueAt).toBe(new Date(dueAt).toISOString());

  await env.sleep(12 * DAY);
  await until('the chain', () => mocks.of(workflowId, 'recordTaskDeadline').length === 4);
  const steps = mocks.of(workflowId, 'recordTaskDeadline');
  expect(steps.map((s) => [s.input.stage, s.input.step])).toEqual([
    ['recommendation', { kind: 'reminder' }],
    ['recommendation', { kind: 'escalation', level: 1, notify: ['department'] }],
    ['recommendation', { kind: 'escalation', level: 2, notify: ['lead'] }],
    ['recommendation', { kind: 'default', level: 3, rule: 'none' }],
  ]);
  [dueAt - 3 * DAY, dueAt, dueAt + DAY, dueAt + DAY].forEach((at, i) => {
    expect(steps[i].scheduledAt).toBeGreaterThanOrEqual(at - LATENESS_MS);
    expect(steps[i].scheduledAt).toBeLessThan(at + 2 * LATENESS_MS);
    expect(steps[i].input.taskIds).toEqual([opened.input.tasks[0].id]);
  });
  // the default rule sends nothing: the draft is still the department's to send, and no countersign opened
  expect(mocks.of(workflowId, 'openTasks')).toHaveLength(1);
  expect(mocks.of(workflowId, 'saveRecommendation').map((c) => c.input.status)).toEqual(['drafting']);
  await handle.terminate('test over');
});

// ---- a demonstration title's periodic review (动态管理) ---------------------------------------

test('when a title’s periodic review falls due and MOFCOM stays silent, then its chain only tells (nothing is decided for it); answered late, the next review keeps its schedule from the award', async () => {
  const applicationId = `title-logic-${crypto.randomUUID().slice(0, 8)}`;
  const workflowId = titleWorkflowId(applicationId);
  const awardedAt = await env.currentTimeMs();
  const input: TitleInput = {
    applicationId,
    roundId: 'logic',
    provinceCode: 'GD',
    awardedAt: new Date(awardedAt).toISOString(),
    config: { demonstration: { eligibility: 'any', reviewDays: 50 } },
  };
  const handle = await env.client.workflow.start<typeof titleWorkflow>('titleWorkflow', {
    taskQueue,
    workflowId,
    args: [input],
  });
  await env.sleep(50 * DAY);
  await until('the first review', () => mocks.of(workflowId, 'openTasks').length === 1);
  const [opened] = mocks.of(workflowId, 'openTasks');
  const taskId = titleReviewTaskId(applicationId, 1);
  expect(opened.input).toMatchObject({ stage: 'titleReview', tasks: [{ id: taskId, departmentId: 'MOFCOM' }] });
  const dueAt = Date.parse(opened.input.dueAt);
  // due 30 days after it opened (domain/titleReview.ts TITLE_REVIEW_DAYS), at the award + 50 days
  expect(dueAt).toBeGreaterThanOrEqual(awardedAt + 80 * DAY);
  expect(dueAt).toBeLessThan(awardedAt + 80 * DAY + 2 * LATENESS_MS);

  await env.sleep(45 * DAY);
  await until('the chain', () => mocks.of(workflowId, 'recordTaskDeadline').length === 4);
  expect(mocks.of(workflowId, 'recordTaskDeadline').map((c) => c.input.step)).toEqual([
    { kind: 'reminder' },
    { kind: 'escalation', level: 1, notify: ['department', 'assignee'] },
    { kind: 'escalation', level: 2, notify: ['lead'] },
    { kind: 'default', level: 3, rule: 'none' },
  ]);
  expect(mocks.of(workflowId, 'recordTitleConfirmed')).toHaveLength(0);
  expect(mocks.of(workflowId, 'recordDecision')).toHaveLength(0);

  const mofcom: Actor = { userId: 'mofcom-1', username: 'mofcom', role: 'national_officer', departmentId: 'MOFCOM' };
  await handle.executeUpdate(
    decideUpdate,
    signedUpdate<DecideInput>(workflowId, decideUpdate, {
      taskId,
      decision: 'confirm',
      reason: '保留称号',
      actor: mofcom,
    }),
  );
  await until('the confirmation', () => mocks.of(workflowId, 'recordTitleConfirmed').length === 1);
  // the second review falls due at the award + 100 days, not 50 days after the late answer
  await env.sleep(awardedAt + 100 * DAY - (await env.currentTimeMs()) + LATENESS_MS);
  await until('the second review', () => mocks.of(workflowId, 'openTasks').length === 2);
  expect(mocks.of(workflowId, 'openTasks')[1].scheduledAt).toBeLessThan(awardedAt + 100 * DAY + 2 * LATENESS_MS);
  await handle.terminate('test over');
});
