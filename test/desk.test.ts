// The officers' desk through the API, on real provincial reviews (province HB): claim and release,
// transfer (转办), delegate and take back (委派), withdraw (撤回) and return (退回) under the
// seven-party countersign, attachments — each reaching the review workflow as a validated Update,
// with exactly one winner when two officers act on one task at once.
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { PARTY_CODES, type PartyCode } from '../domain/parties';
import { MAIL_DOMAIN } from '../platform/config';
import { DEMO_PASSWORD } from '../platform/seed';
import { reviewTaskId } from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import {
  ALL_APPROVE,
  decide,
  decideRound,
  draft,
  provincialOfficers,
  reached,
  recommend,
  statusBecomes,
  submit,
} from './support/flows';
import { keepHistories } from './support/histories';
import { delivered } from './support/mail';
import { http, login, newApplicant, newRound, startHarness, type Harness } from './support/harness';

let h: Harness;
let officers: Record<PartyCode, string>;
let roundId: string;
const workflows: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  officers = await provincialOfficers(h, 'HB');
  roundId = (await newRound(h)).id;
});
afterAll(async () => {
  await keepHistories(h.client, 'desk', workflows);
  await h.stop();
});

/** A submitted HB city application whose review tasks are open. */
async function underReview() {
  const applicant = await newApplicant(h, 'city', 'HB');
  const id = await draft(h, applicant.token, roundId, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await decideRound(h, officers, id, 1, {});
  workflows.push(`application-${id}`);
  return { id, task: (party: PartyCode) => reviewTaskId(id, 1, party) };
}

/** Another officer of an HB department, logged in. */
async function colleague(party: PartyCode) {
  const suffix = crypto.randomUUID().slice(0, 8);
  const user = await h.db.user.create({
    data: {
      username: `hb.${party.toLowerCase()}.${suffix}`,
      passwordHash: bcrypt.hashSync(DEMO_PASSWORD, 4),
      role: 'provincial_officer',
      displayName: `Colleague ${suffix}`,
      departmentId: `HB.${party}`,
      email: `colleague-${suffix}@${MAIL_DOMAIN}`,
    },
  });
  return { ...user, token: await login(h, user.username) };
}

const act = (token: string, taskId: string, action: string, body?: unknown) =>
  http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(taskId)}/${action}`, { token, body: body ?? {} });
const actions = async (taskId: string) =>
  (await h.db.auditEvent.findMany({ where: { taskId }, orderBy: { id: 'asc' } })).map((e) => e.action);

test('when two officers claim one group task at once, then exactly one holds it, only they decide it, and a release gives it back to the group', async () => {
  const { task } = await underReview();
  const other = await colleague('ENVIRONMENT');
  const env = task('ENVIRONMENT');
  const [a, b] = await Promise.all([act(officers.ENVIRONMENT, env, 'claim'), act(other.token, env, 'claim')]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  // the loser finds the task claimed, or (while the winner's claim is being recorded) busy
  expect(['already_claimed', 'task_busy']).toContain([a, b].find((r) => r.status === 409)!.body.error.code);
  const [holder, loser] = a.status === 200 ? [officers.ENVIRONMENT, other.token] : [other.token, officers.ENVIRONMENT];

  expect((await decide(h, loser, env, { decision: 'approve' })).status).toBe(403);
  expect((await act(loser, env, 'release')).status).toBe(403);
  expect((await act(officers.AGRICULTURE, env, 'claim')).status).toBe(403); // another department
  expect((await act(holder, env, 'release', { reason: 'on leave' })).status).toBe(200);
  expect((await h.db.task.findUniqueOrThrow({ where: { id: env } })).assigneeId).toBeNull();
  expect((await act(loser, env, 'claim')).status).toBe(200);
  expect((await decide(h, loser, env, { decision: 'approve' })).status).toBe(200);
  expect(await actions(env)).toEqual(['task_claimed', 'task_released', 'task_claimed', 'task_decided']);
});

test('when an officer transfers a task (转办), then the colleague holds it, is told by mail, and decides it alone', async () => {
  const { id, task } = await underReview();
  const other = await colleague('AGRICULTURE');
  const agri = task('AGRICULTURE');
  const noReason = await act(officers.AGRICULTURE, agri, 'transfer', { username: other.username });
  expect(noReason.status).toBe(400);
  expect(noReason.body.error.fields[0].field).toBe('reason');
  const outsider = await act(officers.AGRICULTURE, agri, 'transfer', { username: 'hb.commerce', reason: 'x' });
  expect(outsider.body.error.fields[0]).toMatchObject({ field: 'username' });

  const moved = await act(officers.AGRICULTURE, agri, 'transfer', { username: other.username, reason: 'Your field' });
  expect(moved.status).toBe(200);
  expect(moved.body).toMatchObject({ assigneeId: other.id, ownerId: null });
  const [told] = await delivered(h, { applicationId: id, event: 'task_handed_over' });
  expect(told.email).toBe(other.email);
  expect(told.text).toContain('Your field');
  expect((await decide(h, officers.AGRICULTURE, agri, { decision: 'approve' })).status).toBe(403);
  expect((await decide(h, other.token, agri, { decision: 'approve' })).status).toBe(200);
  const decided = await h.db.auditEvent.findFirstOrThrow({ where: { taskId: agri, action: 'task_decided' } });
  expect(decided.actorId).toBe(other.id);
});

test('when an officer delegates a task (委派) and takes it back, then only the current holder decides, and the record says on whose behalf', async () => {
  const { task } = await underReview();
  const owner = await colleague('PBOC_BRANCH');
  const delegate = await colleague('PBOC_BRANCH');
  const pboc = task('PBOC_BRANCH');
  expect((await act(owner.token, pboc, 'claim')).status).toBe(200);
  expect(
    (await act(owner.token, pboc, 'delegate', { username: delegate.username, reason: 'Please draft' })).body,
  ).toMatchObject({ assigneeId: delegate.id, ownerId: owner.id });
  expect((await decide(h, owner.token, pboc, { decision: 'approve' })).status).toBe(403);
  expect((await act(owner.token, pboc, 'transfer', { username: delegate.username, reason: 'x' })).body.error.code).toBe(
    'task_delegated',
  );
  expect((await act(delegate.token, pboc, 'take-back')).status).toBe(403);
  const mine = await http(h.baseUrl, 'GET', `/api/tasks?scope=mine&applicationId=${pboc.split(':')[0]}`, {
    token: owner.token,
  });
  expect(mine.body.items.map((t: { id: string }) => t.id)).toEqual([pboc]); // delegated by me stays in my list

  expect((await act(owner.token, pboc, 'take-back')).body).toMatchObject({ assigneeId: owner.id, ownerId: null });
  expect((await decide(h, delegate.token, pboc, { decision: 'approve' })).status).toBe(403);
  expect(
    (await act(owner.token, pboc, 'delegate', { username: delegate.username, reason: 'Decide it after all' })).status,
  ).toBe(200);
  expect((await decide(h, delegate.token, pboc, { decision: 'approve' })).status).toBe(200);
  const decided = await h.db.auditEvent.findFirstOrThrow({ where: { taskId: pboc, action: 'task_decided' } });
  expect(decided).toMatchObject({
    actorId: delegate.id,
    detail: expect.objectContaining({ onBehalfOf: owner.username }),
  });
  expect(await actions(pboc)).toEqual([
    'task_claimed',
    'task_delegated',
    'task_taken_back',
    'task_delegated',
    'task_decided',
  ]);
});

test('when a party withdraws its decision (撤回) while the others still decide, then its task reopens, its new decision counts once, and after the round it is too late', async () => {
  const { id, task } = await underReview();
  const rest = PARTY_CODES.filter((p) => p !== 'AGRICULTURE' && p !== 'COMMERCE');
  for (const p of rest) expect((await decide(h, officers[p], task(p), { decision: 'approve' })).status).toBe(200);
  expect(
    (await decide(h, officers.AGRICULTURE, task('AGRICULTURE'), { decision: 'return', reason: 'Add the budget table' }))
      .status,
  ).toBe(200);

  expect((await act(officers.INDUSTRY_IT, task('AGRICULTURE'), 'withdraw', { reason: 'x' })).status).toBe(403); // not the decider
  expect((await act(officers.COMMERCE, task('COMMERCE'), 'withdraw', { reason: 'x' })).body.error.code).toBe(
    'not_decided',
  );
  const withdrawn = await act(officers.AGRICULTURE, task('AGRICULTURE'), 'withdraw', {
    reason: 'The table is in annex 3',
  });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({ status: 'open', decision: null, decidedById: null });
  expect((await decide(h, officers.AGRICULTURE, task('AGRICULTURE'), { decision: 'approve' })).status).toBe(200);
  expect((await decide(h, officers.COMMERCE, task('COMMERCE'), { decision: 'approve' })).status).toBe(200);

  await reached(h, id, 'recommending'); // the withdrawn return no longer counts
  const tasks = await h.db.task.findMany({ where: { applicationId: id, stage: 'provincialReview' } });
  expect(tasks.map((t) => [t.status, t.decision])).toEqual(Array(7).fill(['decided', 'approve']));
  expect(await actions(task('AGRICULTURE'))).toEqual(['task_decided', 'decision_withdrawn', 'task_decided']);
  const late = await act(officers.COMMERCE, task('COMMERCE'), 'withdraw', { reason: 'too late' });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('next_step_started');
  await recommend(h, roundId, 'HB', [id]);
});

test('when the last party decides while another withdraws, then exactly one of them happens and nothing is left half-done', async () => {
  const { id, task } = await underReview();
  const [first, ...others] = PARTY_CODES;
  const last = others.pop()!;
  for (const p of [first, ...others])
    expect((await decide(h, officers[p], task(p), { decision: 'approve' })).status).toBe(200);
  const [withdraw, decision] = await Promise.all([
    act(officers[first], task(first), 'withdraw', { reason: 'second thoughts' }),
    decide(h, officers[last], task(last), { decision: 'approve' }),
  ]);
  expect(decision.status).toBe(200);
  if (withdraw.status === 200) {
    // the withdrawal came first: the round waits for the reopened task
    expect((await h.db.task.findUniqueOrThrow({ where: { id: task(first) } })).status).toBe('open');
    expect((await h.db.application.findUniqueOrThrow({ where: { id } })).status).toBe('provincial_review');
    expect((await decide(h, officers[first], task(first), { decision: 'approve' })).status).toBe(200);
  } else {
    expect(withdraw.body.error.code).toBe('next_step_started');
  }
  await reached(h, id, 'recommending');
  expect(
    await h.db.task.count({ where: { applicationId: id, stage: 'provincialReview', status: { not: 'decided' } } }),
  ).toBe(0);
  await recommend(h, roundId, 'HB', [id]);
});

test('when a party returns the application (退回) under the countersign, then the others still decide and the applicant gets every fix together', async () => {
  const { id, task } = await underReview();
  const returned = await act(officers.MARKET_REGULATION, task('MARKET_REGULATION'), 'return', {
    reason: 'Quality standards missing',
  });
  expect(returned.status).toBe(200);
  expect(returned.body).toMatchObject({ decision: 'return' });
  expect((await act(officers.MARKET_REGULATION, task('MARKET_REGULATION'), 'return', {})).status).toBe(400);
  await decideRound(
    h,
    officers,
    id,
    1,
    Object.fromEntries(PARTY_CODES.filter((p) => p !== 'MARKET_REGULATION').map((p) => [p, ALL_APPROVE[p]])),
  );
  const app = await statusBecomes(h, id, 'returned');
  expect(app.reviewRound).toBe(1);
  expect(await h.db.task.count({ where: { applicationId: id, reviewRound: 1, status: 'open' } })).toBe(0);
});

test('when an officer attaches a file and cites it in the decision, then the decision records its hash and the file reads back unchanged', async () => {
  const { task } = await underReview();
  const bank = task('BANKING_REGULATOR');
  const bytes = Buffer.from('%PDF-1.4 意见书 / opinion');
  const upload = (token: string, type: string, name = '意见书.pdf') =>
    fetch(`${h.baseUrl}/api/tasks/${encodeURIComponent(bank)}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'accept-language': 'en' },
      body: bytes,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })); // eslint-disable-line @typescript-eslint/no-explicit-any

  expect((await upload(officers.COMMERCE, 'application/pdf')).status).toBe(403);
  const wrongType = await upload(officers.BANKING_REGULATOR, 'application/x-msdownload');
  expect(wrongType.status).toBe(400);
  expect(wrongType.body.error.fields[0].field).toBe('Content-Type');
  const saved = await upload(officers.BANKING_REGULATOR, 'application/pdf');
  expect(saved.status).toBe(201);
  expect(saved.body.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));

  const foreign = await decide(h, officers.BANKING_REGULATOR, bank, {
    decision: 'approve',
    attachments: [crypto.randomUUID()],
  });
  expect(foreign.body.error.fields[0].field).toBe('attachments');
  expect(
    (await decide(h, officers.BANKING_REGULATOR, bank, { decision: 'approve', attachments: [saved.body.id] })).status,
  ).toBe(200);
  const decided = await h.db.task.findUniqueOrThrow({ where: { id: bank } });
  expect(decided.result).toEqual({
    attachments: [{ id: saved.body.id, name: '意见书.pdf', sha256: saved.body.sha256 }],
  });

  const file = await fetch(`${h.baseUrl}/api/attachments/${saved.body.id}`, {
    headers: { authorization: `Bearer ${await login(h, 'auditor')}` },
  });
  expect(file.status).toBe(200);
  expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  // another party of the province may not read it; the commerce department, which leads the joint review, follows it read-only
  expect(
    (
      await fetch(`${h.baseUrl}/api/attachments/${saved.body.id}`, {
        headers: { authorization: `Bearer ${officers.ENVIRONMENT}` },
      })
    ).status,
  ).toBe(403);
  expect(
    (
      await fetch(`${h.baseUrl}/api/attachments/${saved.body.id}`, {
        headers: { authorization: `Bearer ${officers.COMMERCE}` },
      })
    ).status,
  ).toBe(200);
  expect(await actions(bank)).toEqual(['attachment_uploaded', 'task_decided']);
  const page = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(bank)}`, {
    token: officers.BANKING_REGULATOR,
  });
  expect(page.body.attachments).toEqual([expect.objectContaining({ id: saved.body.id, size: bytes.length })]);
});

test('when an officer opens a task, then it says which actions they may take now', async () => {
  const { task } = await underReview();
  const t = task('INDUSTRY_IT');
  const before = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(t)}`, { token: officers.INDUSTRY_IT });
  expect(before.body.may).toMatchObject({
    decide: true,
    return: true,
    claim: true,
    release: false,
    withdraw: false,
    takeBack: false,
  });
  expect((await decide(h, officers.INDUSTRY_IT, t, { decision: 'approve' })).status).toBe(200);
  const after = await http(h.baseUrl, 'GET', `/api/tasks/${encodeURIComponent(t)}`, { token: officers.INDUSTRY_IT });
  expect(after.body.may).toMatchObject({ decide: false, claim: false, withdraw: true });
});
