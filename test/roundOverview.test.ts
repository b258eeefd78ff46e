// MOFCOM's round overview (GET /api/rounds/:id/overview) and 催办 (POST /api/tasks/:id/urge)
// against the real API, worker, Temporal server, database and SMTP sink. The round is this
// file's own, built through the API: in Guangdong one application passed the joint review (now at
// the experts) and one is still in it, in Sichuan one is in it and one draft was never submitted.
// The expected counts are what this file did, not what the server says.
import { departmentMailbox } from '../platform/seed';
import { reviewTaskId } from '../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { approveAndRecommend, decideRound, draft, provincialOfficers, submit } from './support/flows';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';
import { delivered, inbox, receivedCounts } from './support/mail';

let h: Harness;
let roundId: string;
let gdForwarded: string;
let gdInReview: string;
let scInReview: string;
/** GD.COMMERCE's task on gdInReview, made late */
let lateTaskId: string;

const EXPERT_STATUSES = ['expert_review', 'expert_panel_short', 'expert_assignment_pending'];

beforeAll(async () => {
  h = await startHarness();
  roundId = (await newRound(h)).id;
  const gd = await provincialOfficers(h, 'GD');
  const submitted = async (kind: 'city' | 'enterprise', province: string) => {
    const applicant = await newApplicant(h, kind, province);
    const id = await draft(h, applicant.token, roundId, kind === 'city' ? cityAnnex() : enterpriseAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    return id;
  };
  gdForwarded = await submitted('city', 'GD');
  gdInReview = await submitted('enterprise', 'GD');
  scInReview = await submitted('enterprise', 'SC');
  const scDraft = await newApplicant(h, 'city', 'SC');
  await draft(h, scDraft.token, roundId, cityAnnex()); // never submitted: counted nowhere

  await approveAndRecommend(h, roundId, 'GD', gdForwarded);
  await waitFor(
    'the experts stage',
    async () =>
      EXPERT_STATUSES.includes((await h.db.application.findUniqueOrThrow({ where: { id: gdForwarded } })).status) ||
      undefined,
  );
  await decideRound(h, gd, gdInReview, 1, {});
  await decideRound(h, await provincialOfficers(h, 'SC'), scInReview, 1, {});
  // GD.COMMERCE lets its task run late: its due time is moved into the past in the read model (the
  // overview reads due times; waiting out the real period is not this test's business)
  lateTaskId = reviewTaskId(gdInReview, 1, 'COMMERCE');
  await h.db.task.update({ where: { id: lateTaskId }, data: { dueAt: new Date(Date.now() - 2 * 86_400_000) } });
}, 180_000);
afterAll(() => h?.stop());

interface Overview {
  provinceCode: string | null;
  applications: { provinceCode: string; status: string; step: string; count: number }[];
  overdueByDepartment: { departmentId: string; count: number }[];
  overdueTasks: { id: string; departmentId: string; organization: string; lastUrgedAt: string | null }[];
  stageDurations: { stage: string; decided: number; medianDays: number }[];
  expertLoad: { userId: string | null; name: string | null; open: number; done: number }[];
  selection: unknown;
}
const overview = async (token: string) => http(h.baseUrl, 'GET', `/api/rounds/${roundId}/overview`, { token });
/** province → step → count */
function byStep(o: Overview) {
  const out: Record<string, Record<string, number>> = {};
  for (const a of o.applications) (out[a.provinceCode] ??= {})[a.step] = (out[a.provinceCode][a.step] ?? 0) + a.count;
  return out;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

test('when MOFCOM reads the overview, then it counts the applications per province and step, the late department, the decisions’ median days and the experts’ seats as this round holds them', async () => {
  const res = await overview(await login(h, 'mofcom'));
  expect(res.status).toBe(200);
  const o = res.body as Overview;
  expect(o.provinceCode).toBeNull();
  expect(byStep(o)).toEqual({ GD: { expertReview: 1, provincialReview: 1 }, SC: { provincialReview: 1 } });
  expect(o.overdueByDepartment).toEqual([{ departmentId: 'GD.COMMERCE', count: 1 }]);
  expect(o.overdueTasks.map((t) => t.id)).toEqual([lateTaskId]);
  expect(o.overdueTasks[0].lastUrgedAt).toBeNull();

  // the seven approvals of the forwarded application, createdAt → decidedAt
  const decided = await h.db.task.findMany({
    where: { applicationId: gdForwarded, stage: 'provincialReview', status: 'decided' },
  });
  expect(decided).toHaveLength(7);
  const review = o.stageDurations.find((d) => d.stage === 'provincialReview')!;
  expect(review.decided).toBe(7);
  expect(review.medianDays).toBeCloseTo(
    median(decided.map((t) => (t.decidedAt!.getTime() - t.createdAt.getTime()) / 86_400_000)),
    2,
  );

  // the experts' seats of this round's one panel, by expert
  const seats = await h.db.task.findMany({ where: { applicationId: gdForwarded, stage: 'expertReview' } });
  expect(seats.length).toBeGreaterThan(0); // the demo pool seats a panel
  expect(o.expertLoad.reduce((n, e) => n + e.open + e.done, 0)).toBe(seats.length);
  expect(o.expertLoad.map((e) => e.userId).sort()).toEqual([...new Set(seats.map((s) => s.assigneeId))].sort());
});

test("when Guangdong's commerce department reads the overview, then it sees Guangdong alone, its experts unnamed; another party, an applicant, an expert, an auditor and an admin are refused", async () => {
  const res = await overview(await login(h, 'gd.commerce'));
  expect(res.status).toBe(200);
  const o = res.body as Overview;
  expect(o.provinceCode).toBe('GD');
  expect(byStep(o)).toEqual({ GD: { expertReview: 1, provincialReview: 1 } });
  expect(o.overdueByDepartment).toEqual([{ departmentId: 'GD.COMMERCE', count: 1 }]);
  expect(o.expertLoad.every((e) => e.userId === null && e.name === null)).toBe(true);

  const applicant = await newApplicant(h, 'city', 'GD');
  for (const token of [
    await login(h, 'gd.industry_it'),
    await login(h, 'sc.environment'),
    applicant.token,
    await login(h, 'demo.expert1'),
    await login(h, 'auditor'),
    await login(h, 'admin'),
  ]) {
    const refused = await overview(token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  }
  expect(
    (await http(h.baseUrl, 'GET', '/api/rounds/no-such-round/overview', { token: await login(h, 'mofcom') })).status,
  ).toBe(404);
});

test('when MOFCOM urges the late department, then its mailbox receives one 催办 message and the urge is audited; a second urge within the hour is refused and sends nothing', async () => {
  const mofcom = await login(h, 'mofcom');
  const urge = (token: string, taskId: string) =>
    http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(taskId)}/urge`, { token });
  const first = await urge(mofcom, lateTaskId);
  expect(first.status).toBe(200);
  expect(first.body.mailed).toBe(1);

  const [mail] = await delivered(h, { taskId: lateTaskId, event: 'task_urged' }, 1);
  expect(mail.email).toBe(departmentMailbox('GD.COMMERCE'));
  expect(await receivedCounts(h, [mail.messageId])).toEqual([1]);
  const received = (await inbox(h, departmentMailbox('GD.COMMERCE'))).filter((m) => m.messageId === mail.messageId);
  expect(received).toHaveLength(1);
  expect(received[0].subject).toContain('催办通知');
  expect(received[0].text).toContain(`http://pilotflow.test/workspace/tasks/${encodeURIComponent(lateTaskId)}`);

  const mofcomUser = await h.db.user.findUniqueOrThrow({ where: { username: 'mofcom' } });
  const audited = await h.db.auditEvent.findMany({ where: { taskId: lateTaskId, action: 'task_urged' } });
  expect(audited).toHaveLength(1);
  expect(audited[0]).toMatchObject({ actorId: mofcomUser.id, applicationId: gdInReview });
  expect(audited[0].hash).toBeTruthy(); // sealed into the application's chain

  // again within the hour (by MOFCOM, or by Guangdong's lead): refused, nothing more sent or recorded
  for (const [token, language, says] of [
    [mofcom, 'zh-CN', '一小时内不能重复催办'],
    [await login(h, 'gd.commerce'), 'en', 'at most once an hour'],
  ]) {
    const again = await http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(lateTaskId)}/urge`, {
      token,
      headers: { 'accept-language': language },
    });
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('urged_recently');
    expect(again.body.error.message).toContain(says);
  }
  expect(await h.db.notification.count({ where: { taskId: lateTaskId, event: 'task_urged' } })).toBe(1);
  expect(await h.db.auditEvent.count({ where: { taskId: lateTaskId, action: 'task_urged' } })).toBe(1);
  // the overview shows when it was urged
  const o = (await overview(mofcom)).body as Overview;
  expect(o.overdueTasks.find((t) => t.id === lateTaskId)!.lastUrgedAt).toBe(audited[0].at.toISOString());
});

test("when a task is decided, or in another province than the lead's, or the caller leads nothing, then the urge is refused (409, 403) and nothing is sent", async () => {
  const decidedTask = reviewTaskId(gdForwarded, 1, 'INDUSTRY_IT');
  const urge = (token: string, taskId: string) =>
    http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(taskId)}/urge`, { token });
  const closed = await urge(await login(h, 'mofcom'), decidedTask);
  expect(closed.status).toBe(409);
  expect(closed.body.error.code).toBe('task_not_open');
  const scTask = reviewTaskId(scInReview, 1, 'ENVIRONMENT');
  expect((await urge(await login(h, 'gd.commerce'), scTask)).status).toBe(403); // another province's
  expect((await urge(await login(h, 'miit'), scTask)).status).toBe(403); // a national body, not the lead
  expect((await urge(await login(h, 'sc.environment'), scTask)).status).toBe(403); // the department itself
  expect((await urge(await login(h, 'mofcom'), 'no-such-task')).status).toBe(404);
  expect(await h.db.notification.count({ where: { taskId: { in: [decidedTask, scTask] }, event: 'task_urged' } })).toBe(
    0,
  );
  // Sichuan's lead may urge it
  expect((await urge(await login(h, 'sc.commerce'), scTask)).status).toBe(200);
});
