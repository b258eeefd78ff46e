// A worker process killed (SIGKILL) in the middle of a review loses nothing: decisions sent while
// no worker runs wait for the next one, and every decision is recorded exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PARTY_CODES } from '../domain/parties';
import { reviewTaskId } from '../workflows/definitions';
import { cityAnnex } from './support/fixtures';
import { decide, decideRound, draft, provincialOfficers, reached, submit } from './support/flows';
import { env, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ worker: false });
});
afterAll(() => h.stop());

function startWorkerProcess(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'workers', 'main.ts')], {
    env: { ...process.env, DATABASE_URL: env.databaseUrl(), TEMPORAL_ADDRESS: env.temporalAddress(), TEMPORAL_TASK_QUEUE: h.taskQueue, SMTP_URL: h.smtpUrl, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

/** Waits until a worker polls the harness's task queue. */
async function polled(): Promise<void> {
  await waitFor('a worker polling', async () => {
    const { pollers } = await h.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: h.taskQueue }, taskQueueType: 1 });
    return (pollers?.length ?? 0) > 0;
  }, 60_000);
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
    await reached(h, id, 'forwarded');
    const decisions = await h.db.auditEvent.findMany({ where: { applicationId: id, action: 'task_decided' } });
    expect(decisions).toHaveLength(7);
    expect(new Set(decisions.map((d) => d.taskId)).size).toBe(7);
    expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'forwarded' } })).toBe(1);
  } finally {
    await killed(worker);
  }
});
