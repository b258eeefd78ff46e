// Fault: the Temporal server itself stopped and restarted, its SQLite file kept, in the middle of a
// pilot. The shared test server runs in memory, so this file starts its own dev server with a
// database file (platform/temporalServer.ts, as `npm start` does) and its own worker and API on it.
//
// A Fujian city goes through the provincial review, the expert review and the selection into its
// pilot, on a compressed calendar (a quarter lasts 8 s). The server is stopped while quarter 1 is
// open and its report's workflow waits on its timers, and kept down past quarter 1's due time and
// quarter 2's start: the report's reminder and level-1 escalation and the pilot's timer that opens
// quarter 2 all fall due while it is down. Started again on the same file: each of those fires
// once, the late report is taken once and goes on to the province's compilation, quarter 2's own
// timers fire on time, and every mail is sent and received exactly once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection } from '@temporalio/worker';
import { NATIONAL_BODIES } from '../domain/bodies';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { DEFAULT_RUBRIC } from '../domain/round';
import { startDevServer, type DevServer } from '../platform/temporalServer';
import { countersignTaskId, pilotWorkflowId, quarterlyReportWorkflowId } from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import { approveAndRecommend, decide, draft, statusBecomes, submit } from './support/flows';
import { freePort } from '../platform/freePort';
import {
  http,
  login,
  newApplicant,
  newRound,
  quietRuntime,
  SECONDS_AS_DAYS,
  startHarness,
  waitFor,
  type Harness,
} from './support/harness';
import { delivered, receivedCounts } from './support/mail';

const { EventType } = temporal.api.enums.v1;
const PROVINCE = 'FJ';
/** A quarter of the pilot, in seconds. */
const QUARTER = 8;
const s = SECONDS_AS_DAYS;

let dir: string;
let port: number;
let server: DevServer | undefined;
let connection: Connection;
let nativeConnection: NativeConnection;
let h: Harness;

const startServer = () =>
  startDevServer({
    port,
    namespace: 'default',
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
  });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-temporal-fault-'));
  port = await freePort();
  server = await startServer();
  quietRuntime();
  connection = await Connection.connect({ address: server.address });
  nativeConnection = await NativeConnection.connect({ address: server.address });
  h = await startHarness({ connection, nativeConnection, client: new Client({ connection, namespace: 'default' }) });
});

afterAll(async () => {
  await h?.stop();
  await nativeConnection?.close();
  await connection?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Until the worker polls this file's task queue on the (restarted) server. */
const polled = () =>
  waitFor(
    'the worker polling the restarted server',
    async () => {
      const { pollers } = await h.client.workflowService
        .describeTaskQueue({ namespace: 'default', taskQueue: { name: h.taskQueue }, taskQueueType: 1 })
        .catch(() => ({ pollers: [] }));
      return (pollers?.length ?? 0) > 0;
    },
    45_000,
  );

const events = async (workflowId: string) =>
  (await h.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
/** When a workflow's first workflow task started: the workflow's own clock at its start. */
async function firstTaskAt(workflowId: string): Promise<number> {
  const started = (await events(workflowId)).find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)!;
  return Number(started.eventTime!.seconds) * 1000 + Math.floor((started.eventTime!.nanos ?? 0) / 1e6);
}

const audit = (applicationId: string, eventKey: string) =>
  h.db.auditEvent.count({ where: { applicationId, eventKey } });

test('when the Temporal server is stopped and restarted mid-pilot with its file kept, then the timers that fell due meanwhile fire once, the pilot goes on, and every report and mail is taken once', async () => {
  const round = await newRound(h, {
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas: { city: 1, enterprise: 1 }, minScore: 60, countersignDays: 10 },
    pilot: { quarterDays: s(QUARTER), reportGraceDays: s(1) },
    deadlines: {
      ...DEFAULT_DEADLINES,
      // a report's reminder 3 s into its quarter, level 1 (late) at its due time, counted missing only a minute later
      quarterlyReport: {
        reminderDays: s(QUARTER - 2),
        levels: [{ afterDays: 0, notify: ['applicant'] }],
        defaultAfterDays: s(60),
        defaultRule: 'missing',
      },
    },
  });
  const city = await newApplicant(h, 'city', PROVINCE);
  const id = await draft(h, city.token, round.id, cityAnnex({ cityName: '厦门市' }));

  // Into the pilot: the provincial review and its recommendation, an expert's score, the selection countersigned.
  expect((await submit(h, city.token, id)).status).toBe(200);
  await approveAndRecommend(h, round.id, PROVINCE, id);
  const seat = await waitFor('the expert seat', () =>
    h.db.task.findFirst({
      where: { applicationId: id, stage: 'expertReview', status: 'open' },
      include: { assignee: true },
    }),
  );
  const sheet = Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, 90]));
  expect(
    (
      await decide(h, await login(h, seat.assignee!.username), seat.id, {
        decision: 'score',
        scores: sheet,
        comments: 'Sound plan',
      })
    ).status,
  ).toBe(200);
  await statusBecomes(h, id, 'scored');
  await h.db.round.update({ where: { id: round.id }, data: { declarationDeadline: new Date(Date.now() - 1000) } });
  expect(
    (await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: await login(h, 'mofcom') })).status,
  ).toBe(201);
  await waitFor(
    'the countersign tasks',
    async () => (await h.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign' } })) === 8,
  );
  const bodies = await Promise.all(
    NATIONAL_BODIES.map(async (b) => [b.code, await login(h, b.code.toLowerCase())] as const),
  );
  await Promise.all(
    bodies.map(async ([code, token]) =>
      expect((await decide(h, token, countersignTaskId(round.id, 1, code), { decision: 'approve' })).status).toBe(200),
    ),
  );
  const q1 = await waitFor('quarter 1 open', () => h.db.quarterlyReport.findUnique({ where: { id: `${id}:q1` } }));
  const q1Key = quarterlyReportWorkflowId(id, 1);
  const q2Key = quarterlyReportWorkflowId(id, 2);
  const started = (workflowId: string) =>
    h.client.workflow
      .getHandle(workflowId)
      .describe()
      .then(
        () => true,
        () => false,
      );
  // quarter 1's report workflow has run and waits on its timers
  await waitFor(
    'the quarter-1 workflow waiting on its timers',
    async () =>
      (await started(q1Key)) && (await events(q1Key)).some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED),
  );
  const q2StartsAt = q1.dueAt.getTime() - 1000; // quarter 1 ends (and 2 begins) a grace second before quarter 1's report is due

  // The server goes down while quarter 1 is open, and stays down past quarter 1's due time and
  // quarter 2's start: those timers — the pilot's, and the report's chain — all fall due meanwhile.
  expect(await started(q2Key)).toBe(false);
  await server!.stop();
  server = undefined;
  const stoppedAt = Date.now();
  expect(stoppedAt).toBeLessThan(q2StartsAt); // (the premise: quarter 2 had not begun)
  const firedBefore = await audit(id, `${q1Key}/reminder`); // 3 s into the quarter: may or may not have fired yet
  const health = await http(h.baseUrl, 'GET', '/health');
  expect(health).toMatchObject({ status: 503, body: { temporal: 'unreachable', database: 'ok' } });
  await new Promise((r) => setTimeout(r, Math.max(q1.dueAt.getTime() + 1000 - Date.now(), 2000)));
  // nothing moved while the server was down
  expect(await audit(id, `${q1Key}/escalation1`)).toBe(0);
  expect(await audit(id, `${q1Key}/reminder`)).toBe(firedBefore);
  server = await startServer();
  expect(server.started).toBe(true);
  await polled();
  expect((await http(h.baseUrl, 'GET', '/health')).status).toBe(200);

  // What fell due meanwhile fires once: quarter 1's reminder and level 1 (marked late), quarter 2 opens.
  await waitFor('quarter 1 marked late after the restart', () => audit(id, `${q1Key}/escalation1`), 45_000);
  await waitFor('quarter 2 open after the restart', () => started(q2Key), 45_000);
  // (a reminder whose time had passed when its report's workflow first ran is skipped, by design:
  // domain/deadlines.ts deadlineSteps; the workflow's clock is its first workflow task's)
  const reminders = async (quarter: number) => {
    const row = await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${id}:q${quarter}` } });
    return (await firstTaskAt(quarterlyReportWorkflowId(id, quarter))) < row.dueAt.getTime() - (QUARTER - 2) * 1000
      ? 1
      : 0;
  };
  expect(await audit(id, `${q1Key}/reminder`)).toBe(await reminders(1));
  expect((await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${id}:q1` } })).late).toBe(true);

  // The late report is taken, once (a second try is refused), and goes on to the province's compilation.
  const taken = await http(h.baseUrl, 'POST', `/api/pilots/${id}/reports/1`, { token: city.token, body: report(1) });
  expect(taken).toMatchObject({ status: 200, body: { quarter: 1, late: true } });
  expect(
    (await http(h.baseUrl, 'POST', `/api/pilots/${id}/reports/1`, { token: city.token, body: report(1) })).status,
  ).toBe(409);
  expect(await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${id}:q1` } })).toMatchObject({
    status: 'submitted',
    late: true,
  });
  expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'quarterly_report_submitted' } })).toBe(1);
  await waitFor(
    'the quarter-1 compilation task',
    () =>
      h.db.task.findFirst({
        where: { roundId: round.id, stage: 'quarterlyCompilation', provinceCode: PROVINCE, reviewRound: 1 },
      }),
    30_000,
  );

  // Quarter 2's own timers, set after the restart, fire on time: its reminder, then level 1.
  await waitFor('quarter 2 marked late', () => audit(id, `${q2Key}/escalation1`), (QUARTER + 15) * 1000);
  const steps = {
    [`${q1Key}/reminder`]: await reminders(1),
    [`${q1Key}/escalation1`]: 1,
    [`${q2Key}/reminder`]: await reminders(2),
    [`${q2Key}/escalation1`]: 1,
  };
  for (const [key, n] of Object.entries(steps)) expect({ key, n: await audit(id, key) }).toEqual({ key, n });
  expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'selected' } })).toBe(1);
  expect(await audit(id, `${pilotWorkflowId(id)}/started`)).toBe(1);
  expect(await h.db.application.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'pilot' });
  expect((await h.client.workflow.getHandle(pilotWorkflowId(id)).describe()).status.name).toBe('RUNNING');

  // Every mail of those steps went out once, and nothing about this application was received twice.
  const stepMails = await delivered(
    h,
    { applicationId: id, event: { in: ['report_reminder', 'report_escalated'] } },
    2,
    30_000,
  );
  for (const [key, n] of Object.entries(steps))
    expect({ key, mails: stepMails.filter((m) => m.eventKey === key).length }).toEqual({ key, mails: n }); // one recipient: the pilot
  const all = await delivered(h, { applicationId: id }, stepMails.length, 30_000);
  expect(
    await receivedCounts(
      h,
      all.map((m) => m.messageId),
    ),
  ).toEqual(all.map(() => 1));
});

function report(quarter: number) {
  return {
    progress: cityAnnex().chosenTasks.map((task) => ({ task, summary: `Quarter ${quarter}: progress on ${task}` })),
    indicators: [{ name: 'Inventory turnover days', value: 40, unit: 'days' }],
    problems: '',
  };
}
