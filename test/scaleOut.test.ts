// Scale-out, as far as one machine can show it: two worker processes (`workers/main.ts`, as a
// deployment runs them) poll one task queue on one Temporal server and one database, while
// applications of five provinces go through the provincial review at the same time. Both
// workers take work — their identities (`<pid>@<host>`) are in the workflow histories — and
// every decision and every e-mail happens exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { PARTY_CODES, type PartyCode } from '../domain/parties';
import { deliveryWorkflowId } from '../notifications/outbox';
import { applicationWorkflowId, reviewTaskId } from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import { ALL_APPROVE, decide, draft, provincialOfficers, reached, recommend, submit } from './support/flows';
import { env, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';
import { delivered, receivedCounts } from './support/mail';

// Other suites use other provinces; all share one Temporal server and one database.
const PROVINCES = ['TJ', 'HE', 'SX', 'LN', 'HL'] as const;
/** The province whose application one party returns: the others are approved by all seven. */
const RETURNED = 'HL';

interface WorkerProcess {
  child: ChildProcess;
  identity: string;
  started: Promise<void>;
  exited: Promise<void>;
}

let h: Harness;
let workers: WorkerProcess[] = [];

function startWorkerProcess(taskQueue: string): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'workers', 'main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl(),
      TEMPORAL_ADDRESS: env.temporalAddress(),
      WORKFLOW_BUNDLE: env.bundlePath(), // the run's bundle: no bundling at start
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: h.smtpUrl,
      LOG_LEVEL: 'info',
      // The archive schedule is cluster-wide; this suite leaves it to test/retention.test.ts.
      ARCHIVE_EVERY_MINUTES: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"worker started"')) resolve();
      if (output.length > 100_000) output = output.slice(-10_000);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`worker ${child.pid} exited (${code ?? signal}) before polling:\n${output.slice(-2000)}`)),
    );
  });
  started.catch(() => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The SDK's default worker identity.
  return { child, identity: `${child.pid}@${os.hostname()}`, started, exited };
}

async function stopWorkerProcess(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const killer = setTimeout(() => w.child.kill('SIGKILL'), 10_000);
  w.child.kill('SIGTERM'); // drains in-flight tasks, then exits
  await w.exited;
  clearTimeout(killer);
}

beforeAll(async () => {
  h = await startHarness({ worker: false });
  workers = [startWorkerProcess(h.taskQueue), startWorkerProcess(h.taskQueue)];
  await Promise.all(workers.map((w) => w.started));
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map(stopWorkerProcess));
  await h?.stop();
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Who ran each workflow task and activity of these workflows, by worker identity. */
async function tasksByIdentity(workflowIds: string[]) {
  const workflowTasks = new Map<string, number>();
  const activities = new Map<string, number>();
  const failedWorkflowTasks: string[] = [];
  const histories = new Map<string, HistoryEvent[]>();
  const fetched = await Promise.all(
    workflowIds.map(async (id) => [id, (await h.client.workflow.getHandle(id).fetchHistory()).events ?? []] as const),
  );
  for (const [workflowId, events] of fetched) {
    histories.set(workflowId, events);
    for (const e of events) {
      const wft = e.workflowTaskCompletedEventAttributes?.identity;
      if (wft) workflowTasks.set(wft, (workflowTasks.get(wft) ?? 0) + 1);
      const act = e.activityTaskStartedEventAttributes?.identity;
      if (act) activities.set(act, (activities.get(act) ?? 0) + 1);
      if (e.workflowTaskFailedEventAttributes)
        failedWorkflowTasks.push(`${workflowId}: ${e.workflowTaskFailedEventAttributes.failure?.message}`);
    }
  }
  return { workflowTasks, activities, failedWorkflowTasks, histories };
}

test(`when two worker processes poll one task queue and applications of ${PROVINCES.join(', ')} go through the provincial review at once, then both workers take work and every decision and e-mail happens exactly once`, async () => {
  const round = await newRound(h);
  const started = Date.now();
  const apps = await Promise.all(
    PROVINCES.map(async (province) => {
      const officers = await provincialOfficers(h, province);
      const applicant = await newApplicant(h, 'city', province);
      const id = await draft(h, applicant.token, round.id, cityAnnex());
      expect((await submit(h, applicant.token, id)).body).toMatchObject({ status: 'provincial_review' });
      const returned = province === RETURNED;
      // The seven parties decide at once, too.
      const decisions: Record<PartyCode, { decision: string; reason?: string }> = returned
        ? { ...ALL_APPROVE, MARKET_REGULATION: { decision: 'return', reason: 'Add the quality-supervision plan' } }
        : ALL_APPROVE;
      await waitFor(
        'review tasks',
        async () => (await h.db.task.count({ where: { applicationId: id, reviewRound: 1 } })) === 7,
      );
      const answers = await Promise.all(
        PARTY_CODES.map((p) => decide(h, officers[p], reviewTaskId(id, 1, p), decisions[p])),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(7).fill(200));
      await reached(h, id, returned ? 'returned' : 'recommending');
      return { id, province, returned, applicantEmail: applicant.org.email };
    }),
  );
  const reviewMs = Date.now() - started;
  // each approved one's province recommends it to MOFCOM (the provinces side by side)
  await Promise.all(apps.filter((a) => !a.returned).map((a) => recommend(h, round.id, a.province, [a.id])));

  await Promise.all(
    apps.map(async (app) => {
      // Each of the seven decisions recorded once, on its own task; the outcome once.
      const decisions = await h.db.auditEvent.findMany({ where: { applicationId: app.id, action: 'task_decided' } });
      expect(decisions.map((d) => d.taskId).sort()).toEqual(
        PARTY_CODES.map((p: PartyCode) => reviewTaskId(app.id, 1, p)).sort(),
      );
      expect(await h.db.auditEvent.count({ where: { applicationId: app.id, action: 'forwarded' } })).toBe(
        app.returned ? 0 : 1,
      );
      expect(await h.db.auditEvent.count({ where: { applicationId: app.id, toStatus: 'returned' } })).toBe(
        app.returned ? 1 : 0,
      );
      const tasks = await h.db.task.findMany({ where: { applicationId: app.id, reviewRound: 1 } });
      expect(tasks.map((t) => t.status)).toEqual(Array(7).fill('decided'));

      // Mail: each party's task mail; then MOFCOM's eight copies and the applicant's, or the
      // applicant's return notice — each sent once and received once by the SMTP server.
      const reviewTasks = {
        applicationId: app.id,
        event: 'task_assigned',
        taskId: { in: PARTY_CODES.map((p) => reviewTaskId(app.id, 1, p)) },
      };
      const outcome = { applicationId: app.id, event: app.returned ? 'application_returned' : 'submission_to_mofcom' };
      const mail = [...(await delivered(h, reviewTasks, 7)), ...(await delivered(h, outcome, app.returned ? 1 : 9))];
      expect(mail).toHaveLength(app.returned ? 8 : 16);
      expect(mail.every((m) => m.email.endsWith('.example.org'))).toBe(true);
      expect(
        await receivedCounts(
          h,
          mail.map((m) => m.messageId),
        ),
      ).toEqual(mail.map(() => 1));
      if (app.returned) expect(mail.find((m) => m.event === 'application_returned')?.email).toBe(app.applicantEmail);
    }),
  );

  // Both workers took work: every workflow on the queue, with who ran each of its tasks.
  const ids = new Set(apps.map((a) => applicationWorkflowId(a.id)));
  for await (const info of h.client.workflow.list({ query: `TaskQueue = "${h.taskQueue}"` })) ids.add(info.workflowId);
  const { workflowTasks, activities, failedWorkflowTasks } = await tasksByIdentity([...ids]);
  const took = (w: WorkerProcess) => ({
    worker: w.identity,
    workflowTasks: (workflowTasks.get(w.identity) ?? 0) > 0,
    activities: (activities.get(w.identity) ?? 0) > 0,
  });
  expect(workers.map(took)).toEqual(
    workers.map((w) => ({ worker: w.identity, workflowTasks: true, activities: true })),
  );
  // No one else ran anything, and no workflow task failed (e.g. on replay in the other worker).
  expect([...new Set([...workflowTasks.keys(), ...activities.keys()])].sort()).toEqual(
    workers.map((w) => w.identity).sort(),
  );
  expect(failedWorkflowTasks).toEqual([]);

  if (process.env.PILOTFLOW_SCALEOUT_REPORT) {
    // What one approved application costs in Temporal through the provincial review: its
    // workflow, with the review round inside it, and the deliveries of its mail (README, "Running at scale").
    const approved = apps.find((a) => !a.returned)!;
    const reviewMail = {
      OR: [
        { taskId: { in: PARTY_CODES.map((p) => reviewTaskId(approved.id, 1, p)) } },
        { event: 'submission_to_mofcom' },
      ],
    };
    const eventKeys = await h.db.notification.findMany({
      where: { applicationId: approved.id, ...reviewMail },
      distinct: ['eventKey'],
      select: { eventKey: true },
    });
    const own = [
      applicationWorkflowId(approved.id),
      // an event's delivery workflow runs only for mail its first send left (none with the sink up)
      ...eventKeys.map((k) => deliveryWorkflowId(k.eventKey)).filter((w) => ids.has(w)),
    ];
    const all = (await tasksByIdentity(own)).histories;
    const events = [...all.values()].flat();
    const count = (attr: keyof HistoryEvent) => events.filter((e) => e[attr]).length;
    console.log(
      JSON.stringify({
        reviewMs,
        workflows: ids.size,
        workflowTasks: Object.fromEntries(workflowTasks),
        activities: Object.fromEntries(activities),
        oneApprovedApplication: {
          historyEvents: Object.fromEntries([...all].map(([id, e]) => [id.replace(approved.id, '<id>'), e.length])),
          workflowTasks: count('workflowTaskCompletedEventAttributes'),
          activities: count('activityTaskScheduledEventAttributes'),
          updates: count('workflowExecutionUpdateAcceptedEventAttributes'),
          timers: count('timerStartedEventAttributes'),
          childWorkflows: count('startChildWorkflowExecutionInitiatedEventAttributes'),
          signals: count('workflowExecutionSignaledEventAttributes'),
        },
      }),
    );
  }
});
