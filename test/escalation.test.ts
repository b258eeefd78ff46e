// Deadlines chased on durable timers, on Temporal's time-skipping test server with the round's
// default calendar (15 days of provincial review; a reminder 2 days ahead; at the due time the
// departments; 3 days later the provincial commerce department, which may reassign; 10 days
// after the due time the default rule returns the application). Every mail goes over real SMTP.
import bcrypt from 'bcryptjs';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { PARTY_CODES, provincialDepartmentId } from '../domain/parties';
import { daysToMs, DEFAULT_ROUND_CONFIG } from '../domain/round';
import { MAIL_DOMAIN } from '../platform/config';
import { DEMO_PASSWORD, departmentMailbox } from '../platform/seed';
import { applicationWorkflowId, reviewTaskId } from '../shared/definitions';
import { keepHistories } from './support/histories';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import {
  ALL_APPROVE,
  approveAndRecommend,
  decide,
  decideRound,
  draft,
  provincialOfficers,
  reached,
  recommend,
  statusBecomes,
  submit,
} from './support/flows';
import { http, login, newApplicant, newRound, startTimeSkippingHarness, waitFor } from './support/harness';
import { delivered, receivedCounts } from './support/mail';

let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;

beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(() => h.stop());

const DAY = daysToMs(1);
/**
 * A round dated from the server's clock, which earlier tests have moved weeks ahead: dated from the wall
 * clock, its recommendation is overdue at once and its chain's activities run beside the officers' decision
 * Updates — on which the time-skipping server, one run in four or five under load, left the recommendation's
 * workflow task open for good (the decision's answer never came: the test hung).
 */
const roundOnServerClock = async () => newRound(h, { deadline: new Date((await h.now()).getTime() + 30 * DAY) });
const chain = DEFAULT_DEADLINES.provincialReview;
/** The deadline steps recorded for an application's provincial review. */
const steps = async (applicationId: string) =>
  (
    await h.db.auditEvent.findMany({
      where: { applicationId, action: { in: ['task_reminder', 'task_escalated', 'task_default_rule'] } },
      orderBy: { id: 'asc' },
    })
  ).filter((e) => (e.detail as { stage: string }).stage === 'provincialReview');

test('when six provincial parties ignore their tasks, then the reminder, each escalation level and the default rule fire once each, and every mail arrives once', async () => {
  expect(DEFAULT_ROUND_CONFIG.provincialReviewDays).toBe(15);
  expect(chain).toMatchObject({
    reminderDays: 2,
    levels: [{ afterDays: 0 }, { afterDays: 3 }],
    defaultAfterDays: 10,
    defaultRule: 'return',
  });
  const round = await newRound(h);
  const gd = await provincialOfficers(h, 'GD');
  const applicant = await newApplicant(h, 'city', 'GD');
  const id = await draft(h, applicant.token, round.id, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await decideRound(h, gd, id, 1, { COMMERCE: { decision: 'approve' } });
  const silent = PARTY_CODES.filter((p) => p !== 'COMMERCE');
  const silentTasks = silent.map((p) => reviewTaskId(id, 1, p));
  await delivered(h, { applicationId: id, event: 'task_assigned' }, 7);

  // Day 13: the reminder, to the six that have not decided.
  await h.skip(13 * DAY + 3600_000);
  const reminders = await delivered(h, { applicationId: id, event: 'task_reminder' }, 6);
  expect(reminders.map((r) => r.recipientId).sort()).toEqual(silent.map((p) => provincialDepartmentId('GD', p)).sort());

  // Day 15: overdue; level 1 tells the six departments.
  await h.skip(2 * DAY);
  await waitFor(
    'level 1',
    async () => (await h.db.task.count({ where: { id: { in: silentTasks }, overdue: true } })) === 6,
  );
  expect((await h.db.task.findUniqueOrThrow({ where: { id: reviewTaskId(id, 1, 'COMMERCE') } })).overdue).toBe(false);
  // the late party's inbox shows it
  const inbox = await http(h.baseUrl, 'GET', `/api/tasks?applicationId=${id}`, { token: gd.AGRICULTURE });
  expect(inbox.body.items.find((t: { id: string }) => t.id === reviewTaskId(id, 1, 'AGRICULTURE')).overdue).toBe(true);
  const level1 = await delivered(
    h,
    { applicationId: id, event: 'task_escalated', eventKey: { endsWith: '/escalation1' } },
    6,
  );
  expect(level1.every((m) => m.subject.includes('第 1 级督办') && m.subject.includes('escalation level 1'))).toBe(true);

  // Day 18: level 2 tells the lead, the provincial commerce department: one mail listing the six tasks.
  await h.skip(3 * DAY);
  const [level2] = await delivered(
    h,
    { applicationId: id, event: 'task_escalated', eventKey: { endsWith: '/escalation2' } },
    1,
  );
  expect(level2.email).toBe(departmentMailbox('GD.COMMERCE'));
  // each late task linked (its id in its link), its due time in China Standard Time
  for (const t of silentTasks) expect(level2.text).toContain(`/workspace/tasks/${encodeURIComponent(t)}`);
  expect(level2.text).toMatch(/办理期限：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);

  // The lead reassigns Agriculture's task to a named officer, who is told and decides it.
  const suffix = id.slice(0, 8);
  const officer = await h.db.user.create({
    data: {
      username: `gd.agriculture.${suffix}`,
      passwordHash: bcrypt.hashSync(DEMO_PASSWORD, 4),
      role: 'provincial_officer',
      displayName: 'Agriculture officer',
      departmentId: 'GD.AGRICULTURE',
      email: `agri-${suffix}@${MAIL_DOMAIN}`,
    },
  });
  const agriTask = reviewTaskId(id, 1, 'AGRICULTURE');
  expect(
    (
      await http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(agriTask)}/reassign`, {
        token: gd.AGRICULTURE,
        body: { username: officer.username, reason: 'x' },
      })
    ).status,
  ).toBe(403);
  const reassigned = await http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(agriTask)}/reassign`, {
    token: gd.COMMERCE,
    body: { username: officer.username, reason: 'Please take this over today' },
  });
  expect(reassigned.status).toBe(200);
  const [told] = await delivered(h, { applicationId: id, event: 'task_reassigned' }, 1);
  expect(told.email).toBe(officer.email);
  expect((await decide(h, gd.AGRICULTURE, agriTask, { decision: 'approve' })).status).toBe(403); // now the named officer's
  expect((await decide(h, await login(h, officer.username), agriTask, { decision: 'approve' })).status).toBe(200);

  // Day 25: the default rule returns the application for the five still silent, on the record.
  await h.skip(7 * DAY);
  await statusBecomes(h, id, 'returned');
  const stillSilent = silent.filter((p) => p !== 'AGRICULTURE');
  const systemDecisions = await h.db.task.findMany({ where: { applicationId: id, decidedById: 'system' } });
  expect(systemDecisions.map((t) => t.id).sort()).toEqual(stillSilent.map((p) => reviewTaskId(id, 1, p)).sort());
  expect(systemDecisions.every((t) => t.decision === 'return' && t.reason?.includes('default rule'))).toBe(true);
  await delivered(h, { applicationId: id, event: 'application_returned' }, 1);

  // Each step fired exactly once, for exactly the tasks open then; every mail reached the sink once.
  expect(
    (await steps(id)).map((e) => [
      e.action,
      (e.detail as { level?: number }).level ?? 0,
      (e.detail as { tasks: string[] }).tasks.length,
    ]),
  ).toEqual([
    ['task_reminder', 0, 6],
    ['task_escalated', 1, 6],
    ['task_escalated', 2, 6],
    ['task_default_rule', 3, 5],
  ]);
  // The application's history says who was told of each step, and when.
  const history = (await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: await login(h, 'auditor') })).body
    .history;
  const level2Event = history.find(
    (e: { action: string; detail: { level?: number } }) => e.action === 'task_escalated' && e.detail.level === 2,
  );
  expect(level2Event.told).toEqual([
    expect.objectContaining({ email: departmentMailbox('GD.COMMERCE'), status: 'sent', sentAt: expect.any(String) }),
  ]);
  const own = (
    await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: applicant.token })
  ).body.history.flatMap((e: { told: { email: string }[] }) => e.told);
  expect(new Set(own.map((t: { email: string }) => t.email))).toEqual(new Set([applicant.org.email]));
  const all = await delivered(h, { applicationId: id }, 1);
  const counts = await receivedCounts(
    h,
    all.map((n) => n.messageId),
  );
  expect(counts.filter((c) => c !== 1)).toEqual([]);
  await keepHistories(h.client, 'provincial-review-escalated', [`application-${id}`]);
  console.log('ignored provincial review:', {
    messages: all.length,
    byEvent: Object.fromEntries(
      [...new Set(all.map((n) => n.event))].map((e) => [e, all.filter((n) => n.event === e).length]),
    ),
    escalations: (await steps(id)).length,
    duplicates: counts.filter((c) => c > 1).length,
  });
});

test('when every party decides in time, then no reminder or escalation fires, and none is pending', async () => {
  const round = await roundOnServerClock();
  const applicant = await newApplicant(h, 'city', 'GD');
  const id = await draft(h, applicant.token, round.id, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await approveAndRecommend(h, round.id, 'GD', id);
  await h.skip(30 * DAY);
  expect(await steps(id)).toEqual([]);
  const provincialTasks = PARTY_CODES.map((p) => reviewTaskId(id, 1, p));
  expect(
    await h.db.notification.count({
      where: { taskId: { in: provincialTasks }, event: { in: ['task_reminder', 'task_escalated'] } },
    }),
  ).toBe(0);
  // The review's chain ran in the application's workflow and was cancelled: left running, its reminder
  // timer would have fired within the 30 days skipped (the application has no other timer by then).
  const events = (await h.client.workflow.getHandle(applicationWorkflowId(id)).fetchHistory()).events ?? [];
  expect(events.filter((e) => e.timerFiredEventAttributes)).toEqual([]);
});

test('when a returned application is not revised within the revision period, then it lapses and cannot be submitted again', async () => {
  expect(DEFAULT_ROUND_CONFIG.revisionDays).toBe(10);
  const round = await roundOnServerClock();
  const gd = await provincialOfficers(h, 'GD');
  const applicant = await newApplicant(h, 'city', 'GD');
  const id = await draft(h, applicant.token, round.id, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await decideRound(h, gd, id, 1, {
    ...ALL_APPROVE,
    AGRICULTURE: { decision: 'return', reason: 'Add the agricultural supply-chain plan' },
  });
  await statusBecomes(h, id, 'returned');
  // ten working days: past them whatever holidays the server's clock has reached
  await h.skip(30 * DAY);
  await statusBecomes(h, id, 'lapsed');
  expect((await submit(h, applicant.token, id)).status).toBe(409);
  await keepHistories(h.client, 'lapsed', [`application-${id}`]);
});

// Twelve applications through 26 skipped days: ~10 s alone, 25–60 s beside two busy processes: room to finish
test('when a round of applications meets ignored tasks, then every step fires once per due time and no mail is duplicated or left pending (a measured run)', async () => {
  const round = await roundOnServerClock();
  const provinces = ['GD', 'SC', 'YN', 'HB'];
  const officers = Object.fromEntries(
    await Promise.all(provinces.map(async (p) => [p, await provincialOfficers(h, p)] as const)),
  );
  // the twelve applications side by side (each its own workflows): set up concurrently
  const ids = await Promise.all(
    [...provinces, ...provinces, ...provinces].map(async (province, i) => {
      const applicant = await newApplicant(h, i % 2 ? 'enterprise' : 'city', province);
      const id = await draft(h, applicant.token, round.id, i % 2 ? enterpriseAnnex() : cityAnnex());
      expect((await submit(h, applicant.token, id)).status).toBe(200);
      // application i leaves i % 4 of its seven parties silent
      const silent = i % 4;
      await decideRound(
        h,
        officers[province],
        id,
        1,
        Object.fromEntries(PARTY_CODES.slice(silent).map((p) => [p, { decision: 'approve' }])),
      );
      return { id, silent };
    }),
  );
  // the approved (all GD) are recommended together before the clock runs, so they reach the experts too
  await recommend(
    h,
    round.id,
    'GD',
    ids.filter((x) => !x.silent).map((x) => x.id),
  );
  await h.skip(26 * DAY); // past every provincial default rule, and well into expert review
  for (const { id, silent } of ids) await reached(h, id, silent ? 'returned' : 'forwarded');

  const applicationIds = ids.map((x) => x.id);
  const all = await waitFor(
    'no mail pending',
    async () => {
      const rows = await h.db.notification.findMany({ where: { applicationId: { in: applicationIds } } });
      return rows.every((r) => r.status === 'sent') ? rows : undefined;
    },
    60_000,
  );
  const counts = await receivedCounts(
    h,
    all.map((n) => n.messageId),
  );
  expect(counts.filter((c) => c !== 1)).toEqual([]);
  const events = await h.db.auditEvent.findMany({
    where: {
      applicationId: { in: applicationIds },
      action: { in: ['task_reminder', 'task_escalated', 'task_default_rule'] },
    },
    orderBy: { id: 'asc' },
  });
  // once per step and due time: the event keys are unique, and each provincial review with silent parties ran its whole chain
  expect(new Set(events.map((e) => e.eventKey)).size).toBe(events.length);
  for (const { id, silent } of ids) {
    const provincial = events.filter(
      (e) => e.applicationId === id && (e.detail as { stage: string }).stage === 'provincialReview',
    );
    expect(provincial.map((e) => e.action)).toEqual(
      silent ? ['task_reminder', 'task_escalated', 'task_escalated', 'task_default_rule'] : [],
    );
    if (silent) expect((provincial[1].detail as { tasks: string[] }).tasks).toHaveLength(silent);
  }
  const byEvent = Object.fromEntries(
    [...new Set(all.map((n) => n.event))].sort().map((e) => [e, all.filter((n) => n.event === e).length]),
  );
  const byStep = Object.fromEntries(
    [...new Set(events.map((e) => `${(e.detail as { stage: string }).stage}:${e.action}`))]
      .sort()
      .map((k) => [k, events.filter((e) => `${(e.detail as { stage: string }).stage}:${e.action}` === k).length]),
  );
  console.log(
    'round with ignored tasks:',
    JSON.stringify(
      {
        applications: ids.length,
        messages: all.length,
        byEvent,
        deadlineSteps: events.length,
        byStep,
        duplicates: counts.filter((c) => c > 1).length,
        pending: 0,
      },
      null,
      1,
    ),
  );
}, 180_000);
