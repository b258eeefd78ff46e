// A central enterprise's two routes (notice §四(一): "中央企业由国务院有关部门推荐或直接申报"): through
// the State Council department it names with its first submission — which reviews it and recommends
// it to MOFCOM, returns it to be revised, or rejects it — or directly to MOFCOM.
import { applicationWorkflowId, ministryReviewTaskId, ministryReviewWorkflowId } from '../shared/definitions';
import { enterpriseAnnex } from './support/fixtures';
import { decide, draft, getApp, reached, submit } from './support/flows';
import { keepHistories } from './support/histories';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let roundId: string;
beforeAll(async () => {
  h = await startHarness();
  roundId = (await newRound(h)).id;
});
afterAll(() => h.stop());

const submitVia = (token: string, id: string, body: unknown) =>
  http(h.baseUrl, 'POST', `/api/applications/${id}/submit`, { token, body });

async function centralDraft(name: string) {
  const applicant = await newApplicant(h, 'central_enterprise', null, name);
  return { applicant, id: await draft(h, applicant.token, roundId, enterpriseAnnex()) };
}

test('when a central enterprise names MIIT, then MIIT reviews it; a return is revised and resubmitted, and MIIT’s recommendation forwards it to MOFCOM', async () => {
  const { applicant, id } = await centralDraft('中国某物流集团有限公司（工信部推荐）');
  expect((await submitVia(applicant.token, id, { recommender: 'MIIT' })).status).toBe(200);
  await reached(h, id, 'ministry_review');
  const [miit, mee] = await Promise.all([login(h, 'miit'), login(h, 'mee')]);
  const task1 = ministryReviewTaskId(id, 1);
  await waitFor('MIIT’s task', () => h.db.task.findUnique({ where: { id: task1 } }));
  const task = await h.db.task.findUniqueOrThrow({ where: { id: task1 } });
  expect(task.departmentId).toBe('MIIT');
  expect(task.stage).toBe('ministryReview');

  // another body may not decide it, and a return needs its reason
  expect((await decide(h, mee, task1, { decision: 'recommend' })).status).toBe(403);
  const bare = await decide(h, miit, task1, { decision: 'return' });
  expect(bare.status).toBe(400);
  expect(bare.body.error.fields[0].field).toBe('reason');
  expect((await decide(h, miit, task1, { decision: 'return', reason: '请补充供应链协同数据' })).status).toBe(200);
  await reached(h, id, 'returned');
  expect((await getApp(h, applicant.token, id)).outcomeReason).toBeNull();

  // the resubmission keeps the route: MIIT reviews it again
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  const task2 = ministryReviewTaskId(id, 2);
  await waitFor('MIIT’s second task', () => h.db.task.findUnique({ where: { id: task2 } }));
  expect((await decide(h, miit, task2, { decision: 'recommend', reason: '符合推荐条件' })).status).toBe(200);
  const forwarded = await reached(h, id, 'forwarded');
  expect(forwarded.detail).toMatchObject({ recommender: 'MIIT', reviewRound: 2 });
  await keepHistories(h.client, 'central-route-returned-then-recommended', [
    applicationWorkflowId(id),
    ministryReviewWorkflowId(id, 1),
    ministryReviewWorkflowId(id, 2),
  ]);
});

test('when the department rejects it, then the application ends rejected with the department’s reason', async () => {
  const { applicant, id } = await centralDraft('中国某制造集团有限公司（不予推荐）');
  expect((await submitVia(applicant.token, id, { recommender: 'SAMR' })).status).toBe(200);
  const samr = await login(h, 'samr');
  const taskId = ministryReviewTaskId(id, 1);
  await waitFor('SAMR’s task', () => h.db.task.findUnique({ where: { id: taskId } }));
  expect((await decide(h, samr, taskId, { decision: 'reject', reason: '质量管理体系不达标' })).status).toBe(200);
  await reached(h, id, 'rejected');
  expect((await getApp(h, applicant.token, id)).outcomeReason).toBe('质量管理体系不达标');
});

test('when the route names MOFCOM, a city names one, or the body has an unknown field, then 400 names the field; without a route it goes straight to MOFCOM', async () => {
  const { applicant, id } = await centralDraft('中国某航运集团有限公司（直报）');
  const mofcom = await submitVia(applicant.token, id, { recommender: 'MOFCOM' });
  expect(mofcom.status).toBe(400);
  expect(mofcom.body.error.fields).toEqual([
    expect.objectContaining({ field: 'recommender', code: 'not_a_recommender' }),
  ]);
  const extra = await submitVia(applicant.token, id, { via: 'MIIT' });
  expect(extra.status).toBe(400);
  const city = await newApplicant(h, 'city', 'GD', '江门市人民政府（误选路径）');
  const cityId = await draft(h, city.token, roundId, (await import('./support/fixtures')).cityAnnex());
  const wrong = await submitVia(city.token, cityId, { recommender: 'MIIT' });
  expect(wrong.body.error.fields).toEqual([expect.objectContaining({ field: 'recommender', code: 'not_central' })]);

  expect((await submitVia(applicant.token, id, {})).status).toBe(200);
  await reached(h, id, 'forwarded');
  expect(await h.db.task.count({ where: { applicationId: id, stage: 'ministryReview' } })).toBe(0);
});
