// The third-party evaluator (第三方评估机构, as in 2019) and grading against indicators: MOFCOM appoints an
// evaluating organisation for the round's mid-terms; its report and proposed grade come before the
// province's opinion and reach the bodies, who score the round's indicators. On the time-skipping
// server, through the API, the database and the SMTP sink.
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { DEFAULT_ROUND_CONFIG, daysToMs } from '../domain/round';
import {
  evaluationWorkflowId,
  gradingTaskId,
  opinionTaskId,
  pilotWorkflowId,
  quarterlyReportWorkflowId,
  thirdPartyTaskId,
} from '../shared/definitions';
import { decide } from './support/flows';
import { keepHistories } from './support/histories';
import { delivered } from './support/mail';
import { pilotAtMidterm, newEvaluator } from './support/evaluator';
import { http, login, startTimeSkippingHarness, waitFor } from './support/harness';

let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(() => h?.stop());

const DAY = daysToMs(1);
/** The test's own indicators (not the default system), so the totals below are computed by hand. */
const INDICATORS = [
  { code: 'A', zh: '指标甲', en: 'Indicator A', weight: 0.5 },
  { code: 'B', zh: '指标乙', en: 'Indicator B', weight: 0.3 },
  { code: 'C', zh: '指标丙', en: 'Indicator C', weight: 0.2 },
];
const SELF_ASSESSMENT = {
  summary: 'Year one',
  achievements: 'Platform live',
  replicablePractice: '共享仓储',
  proposedGrade: 'good',
};
/** An appointed evaluator and its pilot at the mid-term, the self-assessment sent. */
async function atMidterm() {
  const evaluator = await newEvaluator(h);
  const pilot = await pilotAtMidterm(h, {
    evaluatorId: evaluator.user.id,
    indicators: INDICATORS,
    selfAssessment: SELF_ASSESSMENT,
  });
  expect([pilot.appointed.evaluator?.id, pilot.appointed.locked]).toEqual([evaluator.user.id, false]);
  return { evaluator, ...pilot };
}

const taskOpen = (id: string) => waitFor(`task ${id}`, () => h.db.task.findFirst({ where: { id, status: 'open' } }));
const gradingTasks = (id: string) => h.db.task.count({ where: { applicationId: id, stage: 'evaluation' } });

test('when the appointed evaluator reports and the bodies score the indicators, then they see its report and the province’s opinion, and the result shows each body’s scores, total and grade and the median rule', async () => {
  const { evaluator, id, roundId } = await atMidterm();
  const mofcom = await login(h, 'mofcom');

  // the evaluator's one task, held by it, before the province's opinion and any grading; mailed to it
  const taskId = thirdPartyTaskId(id, 'midterm');
  const task = await taskOpen(taskId);
  expect([task.stage, task.assigneeId, task.departmentId]).toEqual(['evaluationThirdParty', evaluator.user.id, null]);
  expect(await h.db.task.count({ where: { id: opinionTaskId(id, 'midterm') } })).toBe(0);
  expect(await gradingTasks(id)).toBe(0);
  const mail = await delivered(h, { applicationId: id, event: 'task_assigned', recipientId: evaluator.user.id });
  expect(mail.map((m) => m.email)).toEqual([evaluator.user.email]);
  expect((await h.db.evaluation.findUniqueOrThrow({ where: { id: `${id}:midterm` } })).evaluatorId).toBe(
    evaluator.user.id,
  );

  // the appointment is fixed once a mid-term opened with it; a non-evaluator is refused naming the field
  const other = await newEvaluator(h);
  const change = await http(h.baseUrl, 'PUT', `/api/rounds/${roundId}/evaluator`, {
    token: mofcom,
    body: { userId: other.user.id },
  });
  expect([change.status, change.body.error.code]).toEqual([409, 'evaluator_locked']);
  const auditorId = (await h.db.user.findUniqueOrThrow({ where: { username: 'auditor' } })).id;
  const notEvaluator = await http(h.baseUrl, 'PUT', `/api/rounds/${roundId}/evaluator`, {
    token: mofcom,
    body: { userId: auditorId },
  });
  expect([notEvaluator.status, notEvaluator.body.error.fields.map((f: { field: string }) => f.field)]).toEqual([
    400,
    ['userId'],
  ]);

  // it sees its task in its inbox and the pilot's self-assessment, nothing else of the pilot or its application
  const inbox = await http(h.baseUrl, 'GET', '/api/tasks', { token: evaluator.token });
  expect(inbox.body.items.map((t: { id: string }) => t.id)).toEqual([taskId]);
  const pilot = await http(h.baseUrl, 'GET', `/api/pilots/${id}`, { token: evaluator.token });
  expect([pilot.status, pilot.body.evaluations[0].selfAssessment.summary]).toEqual([200, 'Year one']);
  expect(Object.keys(pilot.body)).not.toEqual(expect.arrayContaining(['reports']));
  expect((await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: evaluator.token })).status).toBe(403);
  const shown = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, { token: evaluator.token });
  expect([shown.body.may.decide, shown.body.evaluation.indicators.map((i: { code: string }) => i.code)]).toEqual([
    true,
    ['A', 'B', 'C'],
  ]);

  // the report's text is required and its scores are the indicators'
  const noText = await decide(h, evaluator.token, taskId, { decision: 'report', report: ' ', proposedGrade: 'good' });
  expect(noText.status).toBe(400);
  const badScore = await decide(h, evaluator.token, taskId, {
    decision: 'report',
    report: '试点推进有力',
    proposedGrade: 'good',
    scores: { A: 85, B: 101, C: 90 },
  });
  expect([badScore.status, badScore.body.error.fields.map((f: { field: string }) => f.field)]).toEqual([
    400,
    ['scores.B'],
  ]);
  const report = '平台建设进展明显，协同机制仍需完善';
  const reported = await decide(h, evaluator.token, taskId, {
    decision: 'report',
    report,
    proposedGrade: 'good',
    scores: { A: 85, B: 80, C: 90 },
  });
  expect(reported.status).toBe(200);

  // the province's opinion task shows the report; given, it is shown to the bodies with the report
  const opinionId = opinionTaskId(id, 'midterm');
  await taskOpen(opinionId);
  const gd = await login(h, 'gd.commerce');
  const opinionTask = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(opinionId)}`, { token: gd });
  // 0.5×85 + 0.3×80 + 0.2×90 = 42.5 + 24 + 18 = 84.5
  expect(opinionTask.body.evaluation.thirdParty).toMatchObject({ report, proposedGrade: 'good', total: 84.5 });
  expect((await decide(h, gd, opinionId, { decision: 'opine', reason: '同意第三方意见' })).status).toBe(200);
  await waitFor('the grading tasks', async () => ((await gradingTasks(id)) === 8 ? true : undefined));
  const mofcomTask = gradingTaskId(id, 'midterm', 'MOFCOM');
  const seen = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(mofcomTask)}`, { token: mofcom });
  expect(seen.body.evaluation.thirdParty).toMatchObject({
    organization: evaluator.user.organizationName,
    report,
    proposedGrade: 'good',
  });
  expect(seen.body.evaluation.opinion.text).toBe('同意第三方意见');

  // with indicators a body scores them; a grade alone, or a missing indicator, is refused naming the field
  const gradeOnly = await decide(h, mofcom, mofcomTask, { decision: 'grade', grade: 'good' });
  expect([gradeOnly.status, gradeOnly.body.error.fields.map((f: { field: string }) => f.field)]).toEqual([
    400,
    ['scores'],
  ]);
  const missing = await decide(h, mofcom, mofcomTask, { decision: 'grade', scores: { A: 90, B: 90 } });
  expect([missing.status, missing.body.error.fields.map((f: { field: string }) => f.field)]).toEqual([
    400,
    ['scores.C'],
  ]);

  // Hand-computed (weights 0.5 / 0.3 / 0.2; bands: 90 excellent, 75 good, 60 pass):
  const sheets: Record<string, { scores: Record<string, number>; total: number; grade: string }> = {
    MOFCOM: { scores: { A: 95, B: 90, C: 85 }, total: 91.5, grade: 'excellent' }, // 47.5 + 27 + 17
    MIIT: { scores: { A: 80, B: 80, C: 80 }, total: 80, grade: 'good' },
    MEE: { scores: { A: 90, B: 90, C: 90 }, total: 90, grade: 'excellent' }, // exactly the band's floor
    MARA: { scores: { A: 75, B: 75, C: 75 }, total: 75, grade: 'good' }, // exactly the band's floor
    PBOC: { scores: { A: 100, B: 100, C: 100 }, total: 100, grade: 'excellent' },
    SAMR: { scores: { A: 75, B: 75, C: 74 }, total: 74.8, grade: 'pass' }, // 37.5 + 22.5 + 14.8
    CBIRC: { scores: { A: 60, B: 50, C: 40 }, total: 53, grade: 'fail' }, // 30 + 15 + 8
    CFLP: { scores: { A: 95, B: 92, C: 88 }, total: 92.7, grade: 'excellent' }, // 47.5 + 27.6 + 17.6
  };
  for (const [body, sheet] of Object.entries(sheets)) {
    const token = body === 'MOFCOM' ? mofcom : await login(h, body.toLowerCase());
    const answer = await decide(h, token, gradingTaskId(id, 'midterm', body), {
      decision: 'grade',
      scores: sheet.scores,
      comments: `${body} 评分`,
    });
    expect([body, answer.status]).toEqual([body, 200]);
  }
  // four excellent, two good, a pass, a fail: the middle two are excellent and good, and the lower decides
  const result = await h.client.workflow.getHandle(evaluationWorkflowId(id, 'midterm')).result();
  expect(result).toMatchObject({ grade: 'good', incentiveEligible: false });
  const recorded = await h.db.evaluation.findUniqueOrThrow({ where: { id: `${id}:midterm` } });
  expect(recorded.result).toEqual({
    bodies: Object.entries(sheets).map(([body, s]) => ({ body, grade: s.grade, scores: s.scores, total: s.total })),
    rule: 'median_lower_on_tie',
    indicators: INDICATORS,
    bands: [
      { grade: 'excellent', min: 90 },
      { grade: 'good', min: 75 },
      { grade: 'pass', min: 60 },
    ],
    grade: 'good',
  });
  const onPage = await http(h.baseUrl, 'GET', `/api/pilots/${id}`, { token: mofcom });
  expect(onPage.body.evaluations[0].result.grade).toBe('good');

  // an evaluator not appointed to this pilot's round reads and decides nothing of it
  expect((await http(h.baseUrl, 'GET', `/api/pilots/${id}`, { token: other.token })).status).toBe(403);
  expect(
    (await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, { token: other.token })).status,
  ).toBe(403);
  expect((await decide(h, other.token, taskId, { decision: 'report', report: 'x' })).status).toBe(403);
  expect((await http(h.baseUrl, 'GET', '/api/tasks', { token: other.token })).body.items).toEqual([]);

  await keepHistories(h.client, 'third-party-report-and-indicator-grading', [
    pilotWorkflowId(id),
    evaluationWorkflowId(id, 'midterm'),
    quarterlyReportWorkflowId(id, 5),
  ]);
});

test('when the appointed evaluator stays silent to the end of its chain, then its task is withdrawn and the province and the bodies go on without it', async () => {
  const { evaluator, id } = await atMidterm();
  const taskId = thirdPartyTaskId(id, 'midterm');
  await taskOpen(taskId);
  const chain = DEFAULT_DEADLINES.evaluationThirdParty;
  await h.skip(daysToMs(DEFAULT_ROUND_CONFIG.evaluation.thirdPartyDays! + chain.defaultAfterDays) + DAY);
  await taskOpen(opinionTaskId(id, 'midterm'));
  expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('withdrawn');
  const late = await decide(h, evaluator.token, taskId, { decision: 'report', report: '补交报告' });
  expect(late.status).toBe(409);
  const gd = await login(h, 'gd.commerce');
  expect(
    (await decide(h, gd, opinionTaskId(id, 'midterm'), { decision: 'opine', reason: '无第三方报告' })).status,
  ).toBe(200);
  await waitFor('the grading tasks', async () => ((await gradingTasks(id)) === 8 ? true : undefined));
  const seen = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(gradingTaskId(id, 'midterm', 'MIIT'))}`, {
    token: await login(h, 'miit'),
  });
  expect([seen.body.evaluation.thirdParty, seen.body.evaluation.opinion.text]).toEqual([null, '无第三方报告']);
  const skipped = await h.db.auditEvent.findUniqueOrThrow({ where: { eventKey: `${taskId}/skipped` } });
  expect(skipped.reason).toContain('without it');

  await keepHistories(h.client, 'third-party-silent', [evaluationWorkflowId(id, 'midterm')]);
});
