// Before the eight bodies grade a pilot's evaluation, its province's commerce department gives its
// opinion (省级监督意见, notice §五(一)); the practice the pilot reports is kept at mid-term too, and
// MOFCOM publishes it to the public library (总结推广). On the time-skipping server, through the API.
import { NATIONAL_BODIES } from '../domain/bodies';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { daysToMs, DEFAULT_ROUND_CONFIG } from '../domain/round';
import {
  evaluationWorkflowId,
  gradingTaskId,
  opinionTaskId,
  pilotWorkflowId,
  quarterlyReportWorkflowId,
} from '../shared/definitions';
import { selectedCity, startPilot } from './support/pilots';
import { decide } from './support/flows';
import { keepHistories } from './support/histories';
import { http, login, startTimeSkippingHarness, waitFor } from './support/harness';

let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(() => h?.stop());

const DAY = daysToMs(1);
const QUARTER = daysToMs(DEFAULT_ROUND_CONFIG.pilot.quarterDays);

/**
 * A Guangdong city's pilot at its mid-term, its self-assessment sent. Pilots are left running: they go
 * with this file's test server (terminating one stalled the next skip of the time-skipping server).
 */
async function atMidterm(practice: string) {
  const city = await selectedCity(h);
  const { applicant } = city;
  const app = { id: city.id };
  await startPilot(h, city, await h.now());
  await h.skip(4 * QUARTER);
  await waitFor('the mid-term', () => h.db.evaluation.findUnique({ where: { id: `${app.id}:midterm` } }));
  const sent = await http(h.baseUrl, 'POST', `/api/pilots/${app.id}/evaluations/midterm/self-assessment`, {
    token: applicant.token,
    body: { summary: 'Year one', achievements: 'Platform live', replicablePractice: practice, proposedGrade: 'good' },
  });
  expect(sent.status).toBe(200);
  return { applicant, id: app.id };
}

const gradingTasks = (id: string) => h.db.task.count({ where: { applicationId: id, stage: 'evaluation' } });

test('when Guangdong’s commerce department gives its opinion, then the bodies grade after it, and the mid-term’s practice, once MOFCOM publishes it, is in the public library', async () => {
  const { id } = await atMidterm('“链长制”统筹产业链协同');
  const taskId = opinionTaskId(id, 'midterm');
  await waitFor('the opinion task', () => h.db.task.findFirst({ where: { id: taskId, status: 'open' } }));
  expect(await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
    stage: 'evaluationOpinion',
    departmentId: 'GD.COMMERCE',
  });
  expect(await gradingTasks(id)).toBe(0); // the bodies wait for the province

  // only its commerce department gives it, and with the opinion written
  const other = await decide(h, await login(h, 'gd.industry_it'), taskId, { decision: 'opine', reason: 'x' });
  expect(other.status).toBe(403);
  const gd = await login(h, 'gd.commerce');
  const empty = await decide(h, gd, taskId, { decision: 'opine' });
  expect([empty.status, empty.body.error.fields[0].field]).toEqual([400, 'reason']);
  expect((await decide(h, gd, taskId, { decision: 'opine', reason: '平台建设成效明显，建议评为良好' })).status).toBe(
    200,
  );

  await waitFor('the grading tasks', async () => ((await gradingTasks(id)) === 8 ? true : undefined));
  for (const body of NATIONAL_BODIES)
    expect(
      (
        await decide(h, await login(h, body.code.toLowerCase()), gradingTaskId(id, 'midterm', body.code), {
          decision: 'grade',
          grade: 'good',
        })
      ).status,
    ).toBe(200);
  expect(await h.client.workflow.getHandle(evaluationWorkflowId(id, 'midterm')).result()).toMatchObject({
    grade: 'good',
  });

  // 总结推广: kept at mid-term, waiting for MOFCOM; published, it is public
  const practice = await h.db.practice.findUniqueOrThrow({ where: { id: `${id}:midterm` } });
  expect(practice).toMatchObject({ stage: 'midterm', text: '“链长制”统筹产业链协同', status: 'submitted' });
  const before = await http(h.baseUrl, 'GET', '/api/public/practices?pageSize=200');
  expect(before.body.items.map((p: { id: string }) => p.id)).not.toContain(practice.id);
  const review = { decision: 'publish', note: '具有推广价值' };
  expect(
    (await http(h.baseUrl, 'POST', `/api/practices/${practice.id}/review`, { token: gd, body: review })).status,
  ).toBe(403);
  const mofcom = await login(h, 'mofcom');
  const published = await http(h.baseUrl, 'POST', `/api/practices/${practice.id}/review`, {
    token: mofcom,
    body: review,
  });
  expect([published.status, published.body.status]).toEqual([200, 'published']);
  const twice = await http(h.baseUrl, 'POST', `/api/practices/${practice.id}/review`, { token: mofcom, body: review });
  expect([twice.status, twice.body.error.code]).toEqual([409, 'already_reviewed']);
  const library = await http(h.baseUrl, 'GET', '/api/public/practices?pageSize=200');
  const entry = library.body.items.find((p: { id: string }) => p.id === practice.id);
  expect(entry).toMatchObject({ pilotId: id, provinceCode: 'GD', kind: 'city', stage: 'midterm' });
  expect(Object.keys(entry)).not.toEqual(expect.arrayContaining(['reviewNote']));
  expect(Object.keys(entry)).not.toContain('reviewedById');
  // the province's officers read their province's practices, with the review
  const listed = await http(h.baseUrl, 'GET', '/api/practices?status=published', { token: gd });
  expect(listed.body.items.find((p: { id: string }) => p.id === practice.id)).toMatchObject({
    reviewNote: '具有推广价值',
  });

  await keepHistories(h.client, 'evaluation-with-the-province-opinion', [
    pilotWorkflowId(id),
    evaluationWorkflowId(id, 'midterm'),
    quarterlyReportWorkflowId(id, 5),
  ]);
});

test('when the province stays silent to the end of its chain, then its task is withdrawn and the bodies grade without it', async () => {
  const { id } = await atMidterm('共享仓储');
  const taskId = opinionTaskId(id, 'midterm');
  await waitFor('the opinion task', () => h.db.task.findFirst({ where: { id: taskId, status: 'open' } }));
  const chain = DEFAULT_DEADLINES.evaluationOpinion;
  await h.skip(daysToMs(DEFAULT_ROUND_CONFIG.evaluation.opinionDays! + chain.defaultAfterDays) + DAY);
  await waitFor('the grading tasks', async () => ((await gradingTasks(id)) === 8 ? true : undefined));
  expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('withdrawn');
  const late = await decide(h, await login(h, 'gd.commerce'), taskId, { decision: 'opine', reason: '补充意见' });
  expect(late.status).toBe(409);
  expect(
    await h.db.auditEvent.count({ where: { applicationId: id, eventKey: { startsWith: `${taskId}/` } } }),
  ).toBeGreaterThanOrEqual(3); // opened, the chain's steps, withdrawn
});
