// Retention and replay on the real server: closed workflows' histories are archived into the
// database by the archive workflow; once Temporal has dropped them (here: deleted, as retention
// would), the archive still serves them, and `npm run replay` replays them — as it replays running
// workflows from the server and exported files — exiting 1 on nondeterminism.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadHistory } from '../platform/historyStore';
import { resolveTool } from '../platform/tools';
import { applicationWorkflowId } from '../shared/definitions';
import type { historyArchiveWorkflow } from '../workflows/archive';
import { ensureArchiveSchedule } from '../workers/archiveSchedule';
import { cityAnnex } from './support/fixtures';
import { decideRound, draft, provincialOfficers, statusBecomes, submit } from './support/flows';
import { keepHistories } from './support/histories';
import { env, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const replay = (...args: string[]) =>
  promisify(execFile)('npx', ['tsx', 'scripts/replay.ts', ...args], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, TEMPORAL_ADDRESS: env.temporalAddress(), DATABASE_URL: env.databaseUrl() },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );

async function application(reject: boolean) {
  const applicant = await newApplicant(h, 'city', 'NM');
  const id = await draft(h, applicant.token, (await newRound(h)).id, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await decideRound(
    h,
    await provincialOfficers(h, 'NM'),
    id,
    1,
    reject ? { AGRICULTURE: { decision: 'reject', reason: 'Out of scope' } } : {},
  );
  return id;
}

test('when workflows close, then the archive keeps their histories, and after Temporal drops them the archive serves them to replay', async () => {
  const id = await application(true);
  await statusBecomes(h, id, 'rejected');
  const ids = [applicationWorkflowId(id)]; // its joint review ran inside it
  await waitFor('closed', async () =>
    (await Promise.all(ids.map(async (w) => (await h.client.workflow.getHandle(w).describe()).status.name))).every(
      (s) => s === 'COMPLETED',
    ),
  );
  const filter = ids.map((w) => `WorkflowId = "${w}"`).join(' OR ');

  // Visibility may list a closed run a moment late: pass again until it is in.
  let pass = 0;
  await waitFor('archived', async () => {
    await h.client.workflow.execute<typeof historyArchiveWorkflow>('historyArchiveWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `archive-${id}-${++pass}`,
      args: [{ filter }],
    });
    return (await h.db.workflowHistory.count({ where: { workflowId: { in: ids } } })) === 1;
  });
  const again = await h.client.workflow.execute<typeof historyArchiveWorkflow>('historyArchiveWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `archive-${id}-again`,
    args: [{ filter }],
  });
  expect(again).toEqual({ archived: 0, seen: 1 });
  await keepHistories(h.client, 'history-archive', [`archive-${id}-again`]);

  const fromServer = await loadHistory(h.client, h.db, ids[0]);
  for (const workflowId of ids) {
    await h.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
  }
  // The server deletes in the background (within seconds: globalSetup shortens the dev server's queue ack interval).
  await waitFor(
    'Temporal to forget them',
    async () =>
      (
        await Promise.all(
          ids.map((w) =>
            h.client.workflow
              .getHandle(w)
              .describe()
              .then(
                () => false,
                () => true,
              ),
          ),
        )
      ).every(Boolean),
    60_000,
  );
  const fromArchive = await loadHistory(h.client, h.db, ids[0]);
  expect(fromArchive).toMatchObject({ source: 'archive', type: 'applicationWorkflow', status: 'COMPLETED' });
  expect(fromArchive!.history.events!.length).toBe(fromServer!.history.events!.length);

  const result = await replay(...ids);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`OK   ${ids[0]} (applicationWorkflow) [archive]`);
});

test('when npm run replay is given a running workflow, a corpus file, a file exported by the Temporal CLI and a tampered file, then it says OK, OK, OK, FAIL and exits 1', async () => {
  const running = await application(false);
  const corpus = path.join(__dirname, 'histories', 'v1-1ecc52c', 'rejected');
  const exported = path.join(
    corpus,
    fs.readdirSync(corpus).find((f) => f.includes('provincialReview'))!,
  );
  const tampered = JSON.parse(fs.readFileSync(exported, 'utf8'));
  tampered.events.find(
    (e: Record<string, { activityType?: { name: string } }>) => e.activityTaskScheduledEventAttributes,
  ).activityTaskScheduledEventAttributes.activityType.name = 'notTheActivity';
  const tamperedFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'replay-')), 'tampered.json');
  fs.writeFileSync(tamperedFile, JSON.stringify(tampered));

  // what an operator exports with the Temporal CLI replays too
  const shown = await promisify(execFile)(
    resolveTool('temporal'),
    [
      'workflow',
      'show',
      '--address',
      env.temporalAddress(),
      '--workflow-id',
      applicationWorkflowId(running),
      '--output',
      'json',
    ],
    { maxBuffer: 64 << 20 },
  );
  const cliFile = path.join(path.dirname(tamperedFile), 'cli-export.json');
  fs.writeFileSync(cliFile, shown.stdout);

  const result = await replay(applicationWorkflowId(running), exported, cliFile, tamperedFile);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(`OK   ${applicationWorkflowId(running)} (applicationWorkflow) [temporal]`);
  expect(result.stdout).toContain(`OK   ${path.basename(exported)} [file]`);
  expect(result.stdout).toContain('OK   cli-export.json [file]');
  expect(result.stdout).toMatch(/FAIL tampered\.json \[file\]: .*notTheActivity/);
  expect(result.stdout).toContain('3 replayed, 1 failed');
});

test('when the worker ensures the archive schedule twice, then one schedule exists and runs the archive workflow', async () => {
  const scheduleId = `archive-schedule-${Date.now()}`;
  expect(await ensureArchiveSchedule(h.client, h.taskQueue, 60, scheduleId)).toBe('created');
  expect(await ensureArchiveSchedule(h.client, h.taskQueue, 60, scheduleId)).toBe('exists');
  const described = await h.client.schedule.getHandle(scheduleId).describe();
  expect(described.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'historyArchiveWorkflow',
    taskQueue: h.taskQueue,
  });
  await h.client.schedule.getHandle(scheduleId).delete();
});
