// Benchmark of login under a brute-force burst, through the real API on a real database: how many
// wrong logins the API checks per second, how many it answers 401 (checked) and 429 (throttled), and
// what a burst does to everyone else — GET /api/me's latency during the burst against idle. Three
// processes, so no clock is shared: the database (bench/dbProcess.ts, or PostgreSQL), the API (this
// file with `serve`), and the clients (this file). Prints figures; asserts nothing.
//
//   npm run bench:login                              # on a fresh embedded PGlite database (in a temp folder)
//   DATABASE_URL=postgresql://… npm run bench:login  # on PostgreSQL (creates and drops its own database)
//   LOGINS=200 CLIENTS=40 …                          # sizes
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { MAIL_DOMAIN } from '../platform/config';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { migrate } from '../platform/migrate';
import { HASH_SLOTS, hashPassword } from '../platform/passwords';
import { createScratchDatabase } from '../platform/scratchDatabase';
import { seed } from '../platform/seed';
import { createLoginThrottle, DEFAULT_LOGIN_LIMITS } from '../usecases/loginThrottle';

const LOGINS = Number(process.env.LOGINS ?? 200);
const CLIENTS = Number(process.env.CLIENTS ?? 40);
const ACCOUNTS = 40;
const PASSWORD = 'bench-login-password';
const ROOT = path.join(__dirname, '..');

/** A child process that prints `<key>=<value>` once ready. */
function child(args: string[], env: NodeJS.ProcessEnv, key: string): Promise<{ proc: ChildProcess; value: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(new RegExp(`^${key}=(\\S+)$`, 'm'));
      if (m) resolve({ proc, value: m[1] });
    });
  });
}

const stop = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });

/** `serve`: the API alone in this process, as api/main.ts builds it (login throttle on the database, one proxy trusted). */
async function serve() {
  const url = process.env.DATABASE_URL!;
  const db = createDb(url, 10);
  const loginThrottle = createLoginThrottle({ databaseUrl: url });
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }); // login and /api/me never call it
  const app = createApp({
    db,
    temporal,
    taskQueue: 'bench',
    sessionTtlHours: 1,
    logger: createLogger('silent'),
    outbox: { publicUrl: 'http://bench', mailDomain: MAIL_DOMAIN },
    demoMode: false,
    loginThrottle,
    trustProxy: 1,
  });
  const server = app.listen(0, '127.0.0.1', () => console.log(`port=${(server.address() as { port: number }).port}`));
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void Promise.all([loginThrottle.close(), db.$disconnect()]).then(() => process.exit(0)));
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function timed(f: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const started = process.hrtime.bigint();
  const res = await f();
  await res.arrayBuffer();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.status };
}

async function main() {
  let dbProc: ChildProcess | undefined;
  let dropScratch: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  let url: string;
  let label: string;
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'pilotflow_bench_login');
    url = scratch.url;
    dropScratch = scratch.drop;
    label = 'PostgreSQL';
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-bench-login-'));
    const started = await child(
      [path.join(ROOT, 'bench', 'dbProcess.ts'), path.join(dir, 'pglite')],
      process.env,
      'url',
    );
    dbProc = started.proc;
    url = started.value;
    label = 'embedded PGlite (own process)';
  }
  let api: ChildProcess | undefined;
  try {
    await migrate(url);
    const db = createDb(url, 4);
    await seed(db, { demoMode: false });
    const passwordHash = await hashPassword(PASSWORD);
    const usernames = Array.from({ length: ACCOUNTS }, (_, i) => `bench.user${i}`);
    await db.user.createMany({
      data: [...usernames, 'bench.victim', 'bench.reader'].map((username) => ({
        username,
        passwordHash,
        role: 'auditor',
        displayName: username,
      })),
    });

    const served = await child([__filename, 'serve'], { ...process.env, DATABASE_URL: url }, 'port');
    api = served.proc;
    const base = `http://127.0.0.1:${served.value}`;
    const post = (username: string, password: string, from?: string) =>
      fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
        body: JSON.stringify({ username, password }),
      });
    const login = (await (await post('bench.reader', PASSWORD)).json()) as { token: string };
    const me = () => timed(() => fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${login.token}` } }));

    for (let i = 0; i < 20; i++) await me(); // warm-up
    const idle: number[] = [];
    for (let i = 0; i < 200; i++) idle.push((await me()).ms);

    /** LOGINS wrong logins from CLIENTS parallel clients, with one sequential reader of /api/me throughout. */
    const burst = async (target: (i: number) => { username: string; from?: string }) => {
      await db.$executeRawUnsafe('DELETE FROM login_throttle');
      const statuses = new Map<number, number>();
      const during: number[] = [];
      let running = true;
      const reader = (async () => {
        while (running) during.push((await me()).ms);
      })();
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < LOGINS) {
            const i = next++;
            const { username, from } = target(i);
            const { status } = await timed(() => post(username, `wrong-${i}`, from));
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      running = false;
      await reader;
      return { seconds, statuses, during };
    };

    const scenarios: [string, (i: number) => { username: string; from?: string }][] = [
      [
        `one address: half at one username, half across ${ACCOUNTS}`,
        (i) => ({ username: i % 2 ? 'bench.victim' : usernames[i % ACCOUNTS] }),
      ],
      [
        `${CLIENTS} addresses (X-Forwarded-For) across ${ACCOUNTS} usernames`,
        (i) => ({ username: usernames[i % ACCOUNTS], from: `198.51.100.${(i % CLIENTS) + 1}` }),
      ],
      [
        `${CLIENTS} addresses at one username`,
        (i) => ({ username: 'bench.victim', from: `198.51.100.${(i % CLIENTS) + 1}` }),
      ],
    ];
    const l = DEFAULT_LOGIN_LIMITS;
    console.log(
      `login under a brute-force burst on ${label}: ${LOGINS} wrong logins from ${CLIENTS} parallel clients per scenario; limits: ${l.accountFailures} failures per account, then ${l.accountBlockSeconds} s (doubling); ${l.addressFailures} per address in ${l.addressWindowSeconds / 60} min`,
    );
    console.log(
      `argon2id m=19456 KiB t=2 p=1 off the event loop, at most ${HASH_SLOTS} at once (CPUs − 1, one left to the event loop); ${os.availableParallelism()} CPU(s)`,
    );
    console.log(
      `GET /api/me idle: p50 ${pct(idle, 50).toFixed(1)} ms, p95 ${pct(idle, 95).toFixed(1)} ms, max ${Math.max(...idle).toFixed(1)} ms (200 requests)`,
    );
    console.log('');
    console.log(
      'scenario                                                     logins/s    401    429  other   /api/me during: n    p50 ms   p95 ms   max ms',
    );
    for (const [name, target] of scenarios) {
      const r = await burst(target);
      const other = [...r.statuses].filter(([s]) => s !== 401 && s !== 429).reduce((a, [, n]) => a + n, 0);
      console.log(
        `${name.padEnd(60)} ${(LOGINS / r.seconds).toFixed(1).padStart(8)} ${String(r.statuses.get(401) ?? 0).padStart(6)} ${String(r.statuses.get(429) ?? 0).padStart(6)} ${String(other).padStart(6)}   ${String(r.during.length).padStart(18)} ${pct(r.during, 50).toFixed(1).padStart(9)} ${pct(r.during, 95).toFixed(1).padStart(8)} ${Math.max(
          ...r.during,
        )
          .toFixed(1)
          .padStart(8)}`,
      );
    }
    await db.$disconnect();
  } finally {
    if (api) await stop(api);
    if (dbProc) await stop(dbProc);
    await dropScratch?.();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') void serve();
else
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
