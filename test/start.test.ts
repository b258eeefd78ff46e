// The README's first command: `npm start` brings the whole system up on embedded defaults, stops
// cleanly on Ctrl-C (SIGINT), keeps every application and workflow across a restart, and starts a
// crashed worker again while the rest keeps running.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reviewTaskId } from '../shared/definitions';
import { freePort } from '../platform/freePort';
import { cityAnnex } from './support/fixtures';
import { env as testEnv, http, waitFor } from './support/harness';

interface Running {
  child: ChildProcess;
  output: () => string;
}

async function start(env: Record<string, string>): Promise<Running> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'scripts', 'start.ts')], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await waitFor(
    'the start-up banner',
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      return output.includes('pilotflow is running');
    },
    120_000,
  );
  return { child, output: () => output };
}

async function interrupt(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.child.once('exit', (code) => resolve(code));
    r.child.kill('SIGINT');
  });
}

test('when started, stopped with Ctrl-C and started again, then it serves, stops cleanly and keeps all data', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-start-'));
  const [port, temporalPort, uiPort, dbPort, smtpPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    EMBEDDED_DB_PORT: String(dbPort),
    SMTP_SINK_PORT: String(smtpPort),
  };
  // On a PostgreSQL run, start against it as a deployment would (DATABASE_URL); else embedded.
  const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
  if (onPostgres) env.DATABASE_URL = testEnv.databaseUrl();
  const base = `http://127.0.0.1:${port}`;
  try {
    const first = await start(env);
    expect(first.output()).toContain(`API:          http://localhost:${port}`);
    expect(first.output()).toContain(`Temporal UI:  http://localhost:${uiPort}`);
    expect(first.output()).toMatch(/Demo accounts \(password "pilotflow-demo"\)/);
    expect((await http(base, 'GET', '/health')).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);

    const login = async (username: string) =>
      (await http(base, 'POST', '/api/auth/login', { body: { username, password: 'pilotflow-demo' } })).body
        .token as string;
    const city = await login('demo.city');
    const created = await http(base, 'POST', '/api/applications', {
      token: city,
      body: { roundId: 'demo', annex: cityAnnex() },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await http(base, 'POST', `/api/applications/${id}/submit`, { token: city })).body.status).toBe(
      'provincial_review',
    );
    // The embedded SMTP sink received the provincial commerce department's task mail; an admin reads it.
    expect(first.output()).toContain(`embedded SMTP sink on smtp://127.0.0.1:${smtpPort}`);
    const admin = await login('admin');
    // it comes once the worker has bundled the workflows, which it does at start: long on a busy machine
    const mail = await waitFor(
      'the task mail in the outbox',
      async () => {
        const outbox = (await http(base, 'GET', '/api/outbox?to=gd-commerce@pilotflow.example.org', { token: admin }))
          .body;
        return outbox.find((m: { text: string }) =>
          m.text.includes(encodeURIComponent(reviewTaskId(id, 1, 'COMMERCE'))),
        );
      },
      120_000,
    );
    expect(mail.subject).toContain('A task has been assigned to you');

    expect(await interrupt(first)).toBe(0);
    expect(first.output()).toContain(onPostgres ? 'PostgreSQL from DATABASE_URL' : 'embedded PGlite');
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    // The restarts load the run's prebuilt bundle (WORKFLOW_BUNDLE), as a deployment may: the first start bundled.
    const second = await start({ ...env, WORKFLOW_BUNDLE: testEnv.bundlePath() });
    try {
      const cityAgain = await login('demo.city');
      // The review workflow carries on where it was stopped: its seven tasks appear.
      const app = await waitFor(
        'the review tasks',
        async () => {
          const body = (await http(base, 'GET', `/api/applications/${id}`, { token: cityAgain })).body;
          return body.tasks.length === 7 ? body : undefined;
        },
        120_000,
      );
      expect(app.status).toBe('provincial_review');

      // The worker crashes: the supervisor starts it again, the API answers meanwhile.
      const workerPid = Number(
        execFileSync('pgrep', ['-P', String(second.child.pid), '-f', 'workers/main.ts'], { encoding: 'utf8' })
          .trim()
          .split('\n')[0],
      );
      process.kill(workerPid, 'SIGKILL');
      await waitFor('the supervisor to notice', async () => second.output().includes('starting it again'));
      expect((await http(base, 'GET', '/health')).status).toBe(200);
      // The workflow survived too: a decision still reaches it — once a worker is back; until then a
      // 503 says when to try again, and the retry under the same Idempotency-Key is the same decision.
      const token = await login('gd.commerce');
      const decide = () =>
        http(base, 'POST', `/api/tasks/${encodeURIComponent(reviewTaskId(id, 1, 'COMMERCE'))}/decision`, {
          token,
          body: { decision: 'approve' },
          headers: { 'idempotency-key': `start-${id}` },
        });
      const decided = await waitFor(
        'the decision, retried after a 503',
        async () => {
          const res = await decide();
          return res.status === 503 ? undefined : res;
        },
        120_000,
      );
      expect(decided.status).toBe(200);
      expect(
        Number(
          execFileSync('pgrep', ['-P', String(second.child.pid), '-f', 'workers/main.ts'], { encoding: 'utf8' }).trim(),
        ),
      ).not.toBe(workerPid);
      expect(decided.body.status).toBe('decided');
    } finally {
      expect(await interrupt(second)).toBe(0);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000); // two starts (each up to 120 s on a busy machine) and a worker restarted
