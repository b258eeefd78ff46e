// A decision's answer is the Update's: the workflow's write says what it set on the task, and the
// API answers from it without reading the task again (usecases/tasks.ts), after reading the task
// with the session in one query (api/http.ts decisionTaskId). What it answers must be what is stored.
import { provincialOfficers, awaitingCommerce, decide } from './support/flows';
import { cityAnnex } from './support/fixtures';
import { http, newRound, startHarness, type Harness } from './support/harness';

let h: Harness;
let roundId: string;

beforeAll(async () => {
  h = await startHarness();
  roundId = (await newRound(h)).id;
});
afterAll(() => h?.stop());

const readTask = async (token: string, taskId: string) =>
  (await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(taskId)}`, { token })).body;

test('when a party decides, then the answer is the task as stored afterwards, and a retry under the same key answers the same', async () => {
  const { taskId } = await awaitingCommerce(
    h,
    roundId,
    `答复测试市人民政府（${Date.now().toString(36)}）`,
    cityAnnex(),
  );
  const officers = await provincialOfficers(h, 'GD');
  const commerce = await h.db.user.findUniqueOrThrow({ where: { username: 'gd.commerce' } });
  const key = { 'idempotency-key': `answer-${taskId}` };
  const first = await decide(h, officers.COMMERCE, taskId, { decision: 'return', reason: '请补充量化目标' }, key);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({
    id: taskId,
    status: 'decided',
    decision: 'return',
    reason: '请补充量化目标',
    decidedById: commerce.id,
  });
  const stored = await readTask(officers.COMMERCE, taskId);
  expect(first.body).toEqual(Object.fromEntries(Object.keys(first.body).map((k) => [k, stored[k]])));

  const again = await decide(h, officers.COMMERCE, taskId, { decision: 'return', reason: '请补充量化目标' }, key);
  expect(again).toEqual({ status: 200, body: first.body });
  const other = await decide(h, officers.COMMERCE, taskId, { decision: 'approve' }, { 'idempotency-key': 'another' });
  expect(other.status).toBe(409);
  expect(other.body.error.code).toBe('already_decided');
});

test('when a decision names no task, another province’s task or comes without a session, then 404, 403 and 401, and nothing is decided', async () => {
  const { taskId } = await awaitingCommerce(
    h,
    roundId,
    `答复测试二市人民政府（${Date.now().toString(36)}）`,
    cityAnnex(),
  );
  const gd = await provincialOfficers(h, 'GD');
  const zj = await provincialOfficers(h, 'ZJ');
  const missing = await decide(h, gd.COMMERCE, `${taskId}-none`, { decision: 'approve' });
  expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
  const foreign = await decide(h, zj.COMMERCE, taskId, { decision: 'approve' });
  expect([foreign.status, foreign.body.error.code]).toEqual([403, 'not_your_task']);
  const anonymous = await decide(h, '', taskId, { decision: 'approve' });
  expect(anonymous.status).toBe(401);
  expect(await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
    status: 'open',
    decision: null,
  });
});
