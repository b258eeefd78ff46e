// A quarter's report row is written by the quarter's own workflow as it begins (the
// QUARTER_ROW_BY_ITS_WORKFLOW patch): a report sent once the workflow exists, before its row, waits
// for the row and is taken; a row already there (a pilot started before the patch) is kept as it is.
// The worker here runs the real workflows and activities, but holds openQuarter back until told.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createMailer } from '../notifications/mailer';
import { createLogger } from '../platform/logger';
import { quarterlyReportWorkflowId } from '../shared/definitions';
import { enterpriseAnnex } from './support/fixtures';
import { env, http, newApplicant, newRound, OUTBOX, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => (release = resolve));
const activities = () =>
  createActivities({ db: h.db, logger: createLogger('silent'), mailer: createMailer(h.smtpUrl), outbox: OUTBOX });

beforeAll(async () => {
  h = await startHarness({ worker: false });
  connection = await NativeConnection.connect({ address: env.temporalAddress() });
  const real = activities();
  worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: h.taskQueue,
    activities: {
      ...real,
      async openQuarter(input: Parameters<typeof real.openQuarter>[0]) {
        await held;
        return real.openQuarter(input);
      },
    },
    workflowBundle: { codePath: env.bundlePath() },
  });
  running = worker.run();
});
afterAll(async () => {
  release();
  worker?.shutdown();
  await running;
  await connection?.close();
  await h?.stop();
});

async function centralPilot() {
  const applicant = await newApplicant(h, 'central_enterprise');
  const round = await newRound(h);
  const app = await h.db.application.create({
    data: {
      roundId: round.id,
      organizationId: applicant.org.id,
      kind: 'central_enterprise',
      provinceCode: null,
      status: 'pilot',
      annex: enterpriseAnnex(),
    },
  });
  await h.db.pilot.create({
    data: {
      id: app.id,
      roundId: round.id,
      kind: 'central_enterprise',
      provinceCode: null,
      status: 'running',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 730 * 86_400_000),
    },
  });
  return { applicant, id: app.id, roundId: round.id };
}

test('when a report is sent after its quarter has begun but before the quarter has written its row, then it waits for the row and is taken, on time', async () => {
  const { applicant, id, roundId } = await centralPilot();
  const dueAt = new Date(Date.now() + 90 * 86_400_000).toISOString();
  const workflowId = quarterlyReportWorkflowId(id, 1);
  const workflow = await h.client.workflow.start('quarterlyReportWorkflow', {
    workflowId,
    taskQueue: h.taskQueue,
    args: [
      {
        applicationId: id,
        roundId,
        provinceCode: null,
        quarter: 1,
        dueAt,
        lateWindowDays: 90,
        compilationDueAt: dueAt,
      },
    ],
  });
  let done = false;
  try {
    await waitFor('the quarter 1 workflow', () =>
      h.client.workflow
        .getHandle(workflowId)
        .describe()
        .then(
          () => true,
          () => false,
        ),
    );
    const body = {
      progress: enterpriseAnnex().chosenTasks.map((task: string) => ({ task, summary: `Progress on ${task}` })),
      indicators: [],
      problems: '',
    };
    const sent = http(h.baseUrl, 'POST', `/api/pilots/${id}/reports/1`, { token: applicant.token, body });
    // the Update is with the workflow, the row not yet written: nothing answered, nothing recorded
    await waitFor('the report at the workflow', async () =>
      (await h.client.workflow.getHandle(workflowId).fetchHistory()).events!.some(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
      ),
    );
    expect(await h.db.quarterlyReport.findUnique({ where: { id: `${id}:q1` } })).toBeNull();
    release();
    const res = await sent;
    expect([res.status, res.body]).toEqual([200, { quarter: 1, late: false }]);
    expect(await workflow.result()).toEqual({ quarter: 1, status: 'submitted', late: false });
    done = true;
    expect(await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${id}:q1` } })).toMatchObject({
      status: 'submitted',
      late: false,
      dueAt: new Date(dueAt),
      submittedById: applicant.user.id,
    });
  } finally {
    if (!done) await workflow.terminate('the test is over');
  }
});

test('when a quarter opens whose row a pilot started before the patch already wrote, then the row is kept as it is', async () => {
  const { id } = await centralPilot();
  const row = {
    id: `${id}:q2`,
    pilotId: id,
    quarter: 2,
    status: 'submitted',
    late: true,
    dueAt: new Date('2027-06-30T16:00:00.000Z'),
  };
  await h.db.quarterlyReport.create({ data: row });
  await activities().openQuarter({ applicationId: id, quarter: 2, dueAt: '2027-09-30T16:00:00.000Z' });
  expect(await h.db.quarterlyReport.findMany({ where: { pilotId: id } })).toEqual([expect.objectContaining(row)]);
});
