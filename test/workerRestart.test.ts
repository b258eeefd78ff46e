// A worker process killed (SIGKILL) in the middle of a review loses nothing: decisions sent while
// no worker runs wait for the next one — or, past the API's wait (UPDATE_WAIT_SECONDS), get a 503
// with Retry-After and are retried under their Idempotency-Key — and every decision is recorded once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PARTY_CODES } from '../domain/parties';
import { reviewTaskId } from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import { decide, decideRound, draft, provincialOfficers, reached, recommend, submit } from './support/flows';
import { env, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ worker: false });
});
afterAll(() => h.stop());

function startWorkerProcess(taskQueue = h.taskQueue): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'workers', 'main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl(),
      TEMPORAL_ADDRESS: env.temporalAddress(),
      WORKFLOW_BUNDLE: env.bundlePath(), // the run's bundle: no bundling at start
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: h.smtpUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

/** Waits until a worker polls the harness's task queue. */
async function polled(taskQueue = h.taskQueue): Promise<void> {
  await waitFor(
    'a worker polling',
    async () => {
      const { pollers } = await h.client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        taskQueueType: 1,
      });
      return (pollers?.length ?? 0) > 0;
    },
    60_000,
  );
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

test('when the worker process is killed mid-review and restarted, then the review completes with every decision once', async () => {
  let worker = startWorkerProcess();
  try {
    await polled();
    const round = await newRound(h);
    const gd = await provincialOfficers(h, 'GD');
    const applicant = await newApplicant(h, 'city');
    const id = await draft(h, applicant.token, round.id, cityAnnex());
    const submitted = await submit(h, applicant.token, id);
    expect(submitted.body).toMatchObject({ status: 'provincial_review' });
    const [first, second, third, ...rest] = PARTY_CODES;
    await decideRound(h, gd, id, 1, { [first]: { decision: 'approve' }, [second]: { decision: 'approve' } });

    await killed(worker);
    // Sent while no worker runs: it waits in Temporal until a worker is back.
    const inFlight = decide(h, gd[third], reviewTaskId(id, 1, third), { decision: 'approve' });
    await new Promise((r) => setTimeout(r, 1000));
    worker = startWorkerProcess();
    expect((await inFlight).status).toBe(200);

    await decideRound(h, gd, id, 1, Object.fromEntries(rest.map((p) => [p, { decision: 'approve' }])));
    await reached(h, id, 'recommending');
    await recommend(h, round.id, 'GD', [id]); // the restarted worker carries it on to MOFCOM
    const decisions = await h.db.auditEvent.findMany({ where: { applicationId: id, action: 'task_decided' } });
    expect(decisions).toHaveLength(7);
    expect(new Set(decisions.map((d) => d.taskId)).size).toBe(7);
    expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'approved_provincially' } })).toBe(1);
    expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'forwarded' } })).toBe(1);
  } finally {
    await killed(worker);
  }
});

/** Sends again while the answer is 503, after its Retry-After, as a client is told to. */
async function until200<T extends { status: number; headers: Headers }>(send: () => Promise<T>): Promise<T> {
  for (;;) {
    const res = await send();
    if (res.status !== 503) return res;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 200)); // a fifth of it: the test's clock
  }
}

test('when no worker runs for longer than the API waits, then a decision answers 503 with Retry-After, and its retry under the same Idempotency-Key once a worker is back is recorded once', async () => {
  const h2 = await startHarness({ worker: false, updateWaitMs: 2_000 });
  let worker = startWorkerProcess(h2.taskQueue);
  try {
    await polled(h2.taskQueue);
    const round = await newRound(h2);
    const gd = await provincialOfficers(h2, 'GD');
    const applicant = await newApplicant(h2, 'city');
    const id = await draft(h2, applicant.token, round.id, cityAnnex());
    // a cold worker may take longer than the short wait: the client retries a 503, as told (and
    // may then find its first attempt recorded: 409 not_awaiting_submission)
    const submitted = await until200(() => submit(h2, applicant.token, id));
    expect(submitted.status === 200 || submitted.body.error.code === 'not_awaiting_submission').toBe(true);
    await waitFor(
      'the review tasks',
      async () => (await h2.db.task.count({ where: { applicationId: id, status: 'open' } })) === 7,
    );
    await killed(worker);

    const task = reviewTaskId(id, 1, 'ENVIRONMENT');
    const key = { 'idempotency-key': `retry-${id}` };
    const started = Date.now();
    const refused = await decide(h2, gd.ENVIRONMENT, task, { decision: 'approve' }, key);
    expect([refused.status, refused.body.error.code, refused.headers.get('retry-after')]).toEqual([
      503,
      'unavailable',
      '5',
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await h2.db.task.findUniqueOrThrow({ where: { id: task } })).toMatchObject({ status: 'open' });

    worker = startWorkerProcess(h2.taskQueue);
    await polled(h2.taskQueue);
    const retried = await until200(() => decide(h2, gd.ENVIRONMENT, task, { decision: 'approve' }, key));
    expect([retried.status, retried.body.status, retried.body.decision]).toEqual([200, 'decided', 'approve']);
    expect(await h2.db.auditEvent.count({ where: { taskId: task, action: 'task_decided' } })).toBe(1);
  } finally {
    await killed(worker);
    await h2.stop();
  }
});
