// Declaration through the API: drafts, validation, the deadline, double submission, and who may
// do what — against the real server, database and workflows.
import { DEMO_PASSWORD } from '../platform/seed';
import { applicationWorkflowId } from '../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { draft, getApp, statusBecomes, submit } from './support/flows';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let roundId: string;

beforeAll(async () => {
  h = await startHarness();
  roundId = (await newRound(h)).id;
});
afterAll(() => h.stop());

describe('declaration', () => {
  test("when an applicant asks who they are, then /api/me names their organisation's province (none for a central enterprise), at login too", async () => {
    const city = await newApplicant(h, 'city', 'SC');
    const central = await newApplicant(h, 'central_enterprise', null);
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: city.token })).body).toMatchObject({
      role: 'applicant',
      organizationId: city.org.id,
      provinceCode: 'SC',
    });
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: central.token })).body).toMatchObject({
      role: 'applicant',
      provinceCode: null,
    });
    expect(
      (await http(h.baseUrl, 'POST', '/api/auth/login', { body: { username: 'demo.city', password: DEMO_PASSWORD } }))
        .body.user.provinceCode,
    ).toBe('GD');
  });

  test('when a request has no valid login, then it gets 401 and nothing is created', async () => {
    // counted in this file's own round: other files create applications in the same database meanwhile
    const before = await h.db.application.count({ where: { roundId } });
    expect((await http(h.baseUrl, 'POST', '/api/applications', { body: { roundId, annex: {} } })).status).toBe(401);
    expect((await http(h.baseUrl, 'GET', '/api/applications', { token: 'not-a-token' })).status).toBe(401);
    expect(await h.db.application.count({ where: { roundId } })).toBe(before);
  });

  test('when an applicant submits an incomplete application, then 400 names each missing field and nothing starts', async () => {
    const a = await newApplicant(h, 'city');
    const id = await draft(h, a.token, roundId, { cityName: '佛山市', chosenTasks: ['QUALITY'] });
    const res = await submit(h, a.token, id);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    const fields = res.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'annex.gdpYiCny',
        'annex.circulationNode',
        'annex.approach',
        'annex.targets',
        'annex.content',
        'annex.safeguards',
        'annex.contactEmail',
      ]),
    );
    expect(res.body.error.fields[0].message).toBe('Required');
    expect((await getApp(h, a.token, id)).status).toBe('draft');
    await expect(h.client.workflow.getHandle(applicationWorkflowId(id)).describe()).rejects.toThrow();
  });

  test('when a draft has a wrongly typed field or an unknown one, then 400 names them and the draft is unchanged', async () => {
    const a = await newApplicant(h, 'enterprise');
    const id = await draft(h, a.token, roundId, { legalName: '甲公司' });
    const res = await http(h.baseUrl, 'PUT', `/api/applications/${id}`, {
      token: a.token,
      body: { annex: { employees: 'many', colour: 'red' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'annex.colour',
      'annex.employees',
    ]);
    expect((await getApp(h, a.token, id)).annex).toEqual({ legalName: '甲公司' });
  });

  test('when the body is not JSON, then 400 says so (in Chinese by default)', async () => {
    const a = await newApplicant(h, 'city');
    const res = await http(h.baseUrl, 'POST', '/api/applications', {
      token: a.token,
      body: '{"roundId":',
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0]).toEqual({
      field: '(body)',
      code: 'invalid_json',
      message: '请求体不是有效的 JSON',
    });
  });

  test('when the declaration deadline has passed, then submitting is refused clearly and nothing starts', async () => {
    const a = await newApplicant(h, 'city');
    const id = await draft(h, a.token, 'pilot-2018', cityAnnex());
    const res = await submit(h, a.token, id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('deadline_passed');
    expect(res.body.error.message).toMatch(/deadline has passed/);
    expect((await getApp(h, a.token, id)).status).toBe('draft');
  });

  test('when an applicant submits twice, one after the other, then one workflow runs and the second is refused', async () => {
    const a = await newApplicant(h, 'city');
    const id = await draft(h, a.token, roundId, cityAnnex());
    const first = await submit(h, a.token, id);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('provincial_review');
    const second = await submit(h, a.token, id);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('not_awaiting_submission');
    const app = await getApp(h, a.token, id);
    expect(app.submissions).toBe(1);
    expect(app.history.filter((e: { action: string }) => e.action === 'submitted')).toHaveLength(1);
  });

  test('when the same application is submitted by concurrent requests, then the workflow starts once and each request gets 200 or a clear 409', async () => {
    const a = await newApplicant(h, 'ftz', 'SH');
    const id = await draft(h, a.token, roundId, cityAnnex({ cityName: '上海自贸区' }));
    const results = await Promise.all([submit(h, a.token, id), submit(h, a.token, id), submit(h, a.token, id)]);
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    await statusBecomes(h, id, 'provincial_review');
    const app = await getApp(h, a.token, id);
    expect(app.submissions).toBe(1);
    expect(app.history.filter((e: { action: string }) => e.action === 'submitted')).toHaveLength(1);
    await waitFor('the review tasks', async () => (await h.db.task.count({ where: { applicationId: id } })) === 7);
    const runs = h.client.workflow.list({ query: `WorkflowId = '${applicationWorkflowId(id)}'` });
    let count = 0;
    for await (const _ of runs) count++;
    expect(count).toBe(1);
  });

  test('when the application is under review, then it can no longer be edited', async () => {
    const a = await newApplicant(h, 'city');
    const id = await draft(h, a.token, roundId, cityAnnex());
    expect((await submit(h, a.token, id)).status).toBe(200);
    const res = await http(h.baseUrl, 'PUT', `/api/applications/${id}`, {
      token: a.token,
      body: { annex: cityAnnex({ targets: 'changed' }) },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('not_editable');
    expect((await getApp(h, a.token, id)).annex.targets).toBe(cityAnnex().targets);
  });

  test("when another applicant or an officer reads or submits a draft, then 404 (it is its applicant's alone); once submitted, another province's officer gets 403, its own 200", async () => {
    const a = await newApplicant(h, 'enterprise');
    const other = await newApplicant(h, 'enterprise');
    const id = await draft(h, a.token, roundId, enterpriseAnnex());
    expect((await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: other.token })).status).toBe(404);
    expect((await submit(h, other.token, id)).status).toBe(404);
    const zjOfficer = await login(h, 'zj.commerce');
    const gdOfficer = await login(h, 'gd.commerce');
    for (const token of [zjOfficer, gdOfficer])
      expect((await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token })).status).toBe(404);
    expect(
      (await http(h.baseUrl, 'GET', '/api/applications/00000000-0000-0000-0000-000000000000', { token: a.token }))
        .status,
    ).toBe(404);
    expect((await getApp(h, a.token, id)).status).toBe('draft');
    expect((await submit(h, a.token, id)).status).toBe(200);
    expect((await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: other.token })).status).toBe(403);
    expect((await submit(h, other.token, id)).status).toBe(403);
    expect((await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: zjOfficer })).status).toBe(403);
    expect((await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: gdOfficer })).status).toBe(200);
  });

  test('when a user logs out, then the token stops working', async () => {
    const a = await newApplicant(h, 'city');
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: a.token })).status).toBe(200);
    expect((await http(h.baseUrl, 'POST', '/api/auth/logout', { token: a.token })).status).toBe(204);
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: a.token })).status).toBe(401);
  });

  test('when a user reads the reference data, then every label of a status, kind, task, grade and group exists in Chinese and English', async () => {
    const a = await newApplicant(h, 'city');
    const res = await http(h.baseUrl, 'GET', '/api/reference', { token: a.token });
    expect(res.status).toBe(200);
    const labels = [
      ...Object.values(res.body.statuses),
      ...Object.values(res.body.applicantKinds),
      ...res.body.cityTasks,
      ...res.body.enterpriseTasks,
      ...Object.values(res.body.grades),
      ...Object.values(res.body.selectionGroups),
      ...Object.values(res.body.evaluationStages),
    ] as { zh: string; en: string }[];
    expect(labels.length).toBeGreaterThan(30);
    for (const l of labels) {
      expect(l.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(l.en).toMatch(/^[A-Z]/);
    }
    expect(Object.keys(res.body.statuses)).toEqual(
      expect.arrayContaining(['draft', 'expert_panel_short', 'not_selected', 'pilot', 'completed']),
    );
  });

  test('when the password is wrong, then 401 with no token', async () => {
    const res = await http(h.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'gd.commerce', password: 'wrong' },
    });
    expect(res.status).toBe(401);
    expect(res.body.token).toBeUndefined();
    expect(res.body.error.code).toBe('bad_credentials');
  });
});
