// 激励与政策支持: the bodies and the pilot's province record the support they granted a pilot; the
// pilot's page lists it, the audit record keeps it, and a retried request records nothing twice.
import { pilotRow } from './support/pilots';
import { http, login, startHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ worker: false }); // no workflow behind it: the record is the read model's
});
afterAll(() => h?.stop());

const pilot = (status?: string) => pilotRow(h, status);

const record = (id: string, token: string, body: unknown, key?: string) =>
  http(h.baseUrl, 'POST', `/api/pilots/${id}/incentives`, {
    token,
    body,
    headers: key ? { 'idempotency-key': key } : {},
  });

test('when PBOC records bond priority and Guangdong’s commerce department funds, then the pilot lists both with their bodies and days, and a retried request records nothing twice', async () => {
  const { applicant, id } = await pilot();
  const pboc = await login(h, 'pboc');
  const body = { kind: 'bond_priority', note: '支持发行供应链票据', grantedOn: '2026-03-02' };
  const first = await record(id, pboc, body, 'k-1');
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ pilotId: id, kind: 'bond_priority', departmentId: 'PBOC' });
  // 2026-03-02 in China is 2026-03-01T16:00Z
  expect(first.body.grantedOn).toBe('2026-03-01T16:00:00.000Z');
  const retry = await record(id, pboc, body, 'k-1');
  expect([retry.status, retry.body.id]).toEqual([201, first.body.id]);
  const gd = await record(id, await login(h, 'gd.commerce'), {
    kind: 'budget_funds',
    note: '省级预算内投资 500 万元',
    grantedOn: '2026-01-15',
  });
  expect([gd.status, gd.body.departmentId]).toEqual([201, 'GD.COMMERCE']);

  const page = await http(h.baseUrl, 'GET', `/api/pilots/${id}`, { token: applicant.token });
  expect(page.body.incentives.map((i: { kind: string; departmentId: string }) => [i.kind, i.departmentId])).toEqual([
    ['budget_funds', 'GD.COMMERCE'],
    ['bond_priority', 'PBOC'],
  ]);
  expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'incentive_granted' } })).toBe(2);
});

test('when someone outside the bodies and the pilot’s province records support, or the input is wrong, or the pilot was removed, then it is refused and nothing is recorded', async () => {
  const { applicant, id } = await pilot();
  const ok = { kind: 'performance_index', note: '纳入绩效指数', grantedOn: '2026-02-01' };
  for (const who of ['bj.commerce', 'auditor', 'admin'])
    expect((await record(id, await login(h, who), ok)).status).toBe(403);
  expect((await record(id, applicant.token, ok)).status).toBe(403);

  const mofcom = await login(h, 'mofcom');
  const bad = await record(id, mofcom, { kind: 'cash_gift', note: ' ', grantedOn: '2026-02-30' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['grantedOn', 'kind', 'note']);
  const future = await record(id, mofcom, { ...ok, grantedOn: '2099-01-01' });
  expect([future.status, future.body.error.fields[0]]).toEqual([400, expect.objectContaining({ field: 'grantedOn' })]);
  expect(await h.db.pilotIncentive.count({ where: { pilotId: id } })).toBe(0);

  const removed = await pilot('removed');
  const late = await record(removed.id, mofcom, ok);
  expect([late.status, late.body.error.code]).toEqual([409, 'pilot_ended']);
});
