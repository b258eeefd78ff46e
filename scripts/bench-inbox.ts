// Benchmark of the officers' inbox (GET /api/tasks) through the real API: seeds 100,000 tasks
// over the 225 departments — a tenth of them in the measured officer's department, the heavy case
// — then times each kind of inbox query and prints p50/p95/p99 with the Task indexes used.
//
//   npm run bench:inbox                 # on a fresh embedded PGlite database (in a temp folder)
//   DATABASE_URL=postgresql://… npm run bench:inbox   # on PostgreSQL (creates and drops its own database)
//   TASKS=100000 RUNS=200 …             # sizes
// Then, when Chromium is there (CHROMIUM_PATH, default /usr/bin/chromium), the workspace's inbox in
// the browser: PAINT_RUNS fresh tabs of /workspace/inbox, each timed from navigation to its first
// contentful paint and to the first page of tasks drawn, p50/p95.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import bcrypt from 'bcryptjs';
import { createScratchDatabase } from '../platform/scratchDatabase';
import { createApp } from '../api/app';
import { APPLICANT_KINDS } from '../domain/applicants';
import { createDb } from '../platform/db';
import { startEmbeddedDb } from '../platform/embeddedDb';
import { createLogger } from '../platform/logger';
import { migrate } from '../platform/migrate';
import { seed } from '../platform/seed';
import { MAIL_DOMAIN } from '../platform/config';
import { freePort } from '../platform/freePort';
import { buildWeb } from './build-web';

const TASKS = Number(process.env.TASKS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 200);
const PAINT_RUNS = Number(process.env.PAINT_RUNS ?? 50);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const DEPT = 'GD.ENVIRONMENT';
const STAGES = ['provincialReview', 'expertReview', 'selectionCountersign', 'evaluation', 'quarterlyCompilation'];

/** The database, and `settle`: what its own maintenance does after a seeding like this one (statistics, dead rows). */
async function database(): Promise<{
  url: string;
  label: string;
  settle: () => Promise<{ table: string; ms: number }[]>;
  stop: () => Promise<void>;
}> {
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'pilotflow_bench');
    // autovacuum's work, done now rather than within its next minute
    const settle = async () => {
      const admin = createDb(scratch.url, 1);
      const started = performance.now();
      await admin.$executeRawUnsafe('VACUUM ANALYZE').finally(() => admin.$disconnect());
      return [{ table: 'all (autovacuum does each table apart)', ms: performance.now() - started }];
    };
    return { url: scratch.url, label: 'PostgreSQL', settle, stop: scratch.drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-bench-'));
  const db = await startEmbeddedDb(dir, await freePort(), crypto.randomBytes(18).toString('base64url')); // the URL carries it
  return {
    url: db.url,
    label: 'embedded PGlite',
    settle: db.maintain, // its pass every ten minutes (platform/embeddedDb.ts), run now
    stop: async () => (await db.stop(), fs.rmSync(dir, { recursive: true, force: true })),
  };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const store = await database();
  const db = createDb(store.url, 10);
  try {
    await migrate(store.url);
    await seed(db, { demoMode: false });
    const departments = (await db.department.findMany({ select: { id: true, provinceCode: true } })).filter(
      (d) => d.id !== DEPT,
    );
    const round = await db.round.findFirstOrThrow();

    // 2,000 organisations with one application each (one per applicant per round); tasks point at them, as real ones do.
    const t0 = Date.now();
    await db.organization.createMany({
      data: Array.from({ length: 2000 }, (_, i) => ({
        id: `bench-org-${i}`,
        kind: APPLICANT_KINDS[i % 4],
        name: `Org ${i}`,
        provinceCode: 'GD',
        email: `org-${i}@${MAIL_DOMAIN}`,
      })),
    });
    await db.application.createMany({
      data: Array.from({ length: 2000 }, (_, i) => ({
        id: `bench-app-${i}`,
        roundId: round.id,
        organizationId: `bench-org-${i}`,
        kind: APPLICANT_KINDS[i % 4],
        provinceCode: 'GD',
        annex: {},
      })),
    });
    const officer = await db.user.create({
      data: {
        username: 'bench.officer',
        passwordHash: await bcrypt.hash('bench-password-1', 4),
        role: 'provincial_officer',
        displayName: 'Bench',
        departmentId: DEPT,
      },
    });
    const now = Date.now();
    for (let start = 0; start < TASKS; start += 5000) {
      await db.task.createMany({
        data: Array.from({ length: Math.min(5000, TASKS - start) }, (_, k) => {
          const i = start + k;
          const own = i % 10 === 0; // a tenth in the measured department
          const dept = own ? { id: DEPT, provinceCode: 'GD' } : departments[i % departments.length];
          const status = i % 10 < 3 ? 'open' : i % 10 < 9 ? 'decided' : 'withdrawn';
          return {
            id: `bench-task-${i}`,
            applicationId: `bench-app-${i % 2000}`,
            workflowId: `bench-wf-${i % 2000}`,
            stage: STAGES[i % STAGES.length],
            reviewRound: 1,
            departmentId: dept.id,
            provinceCode: dept.provinceCode,
            assigneeId: own && i % 7 === 0 ? officer.id : null,
            status: own ? (['open', 'decided', 'decided', 'withdrawn'] as const)[i % 4] : status,
            overdue: i % 13 === 0,
            dueAt: new Date(now + ((i * 7919) % 365) * 86_400_000),
          };
        }),
      });
    }
    const seededIn = (Date.now() - t0) / 1000;
    const pass = await store.settle();
    const longest = pass.reduce((a, b) => (b.ms > a.ms ? b : a));

    const connection = Connection.lazy({ address: '127.0.0.1:1' }); // never used by the inbox
    const app = createApp({
      db,
      temporal: new Client({ connection }),
      taskQueue: 'bench',
      sessionTtlHours: 1,
      logger: createLogger('silent'),
      outbox: { publicUrl: 'http://bench', mailDomain: MAIL_DOMAIN },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const login = (await (
      await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench.officer', password: 'bench-password-1' }),
      })
    ).json()) as { token: string };
    const headers = { authorization: `Bearer ${login.token}` };

    const inDept = await db.task.count({ where: { departmentId: DEPT } });
    console.log(
      `${TASKS} tasks on ${store.label} (${inDept} in ${DEPT}, the measured officer's department), seeded in ${seededIn.toFixed(1)} s; VACUUM ANALYZE ${(pass.reduce((a, b) => a + b.ms, 0) / 1000).toFixed(1)} s (longest table ${longest.table}, ${longest.ms.toFixed(0)} ms); ${RUNS} requests per query after 20 warm-up`,
    );
    const queries: [string, string][] = [
      ['my inbox (open, by due time, page 1 of 50)', ''],
      ['page 20', 'page=20'],
      ['mine only', 'scope=mine'],
      [
        'stage + due before',
        `stage=provincialReview&dueBefore=${encodeURIComponent(new Date(now + 90 * 86_400_000).toISOString())}`,
      ],
      ['applicant kind', 'kind=city'],
      ['overdue', 'overdue=true'],
      ['all statuses', 'status=all'],
    ];
    console.log('query                                       p50 ms   p95 ms   p99 ms   max ms   total');
    for (const [label, query] of queries) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS + 20; i++) {
        const started = process.hrtime.bigint();
        const res = await fetch(`${base}/api/tasks?${query}`, { headers });
        const body = (await res.json()) as { total: number };
        if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(body)}`);
        total = body.total;
        if (i >= 20) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${label.padEnd(42)} ${[50, 95, 99].map((p) => pct(times, p).toFixed(1).padStart(7)).join('  ')}  ${times[times.length - 1].toFixed(1).padStart(7)}  ${String(total).padStart(6)}`,
      );
    }
    if (fs.existsSync(CHROMIUM) && PAINT_RUNS > 0) await measurePaint(base, 'bench.officer', 'bench-password-1');
    else console.log(`(no inbox paint figures: no Chromium at ${CHROMIUM}, or PAINT_RUNS=0)`);
    const indexes = await db.$queryRawUnsafe<{ indexdef: string }[]>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'Task' ORDER BY indexname`,
    );
    console.log('Task indexes:\n' + indexes.map((i) => '  ' + i.indexdef).join('\n'));
    server.close();
  } finally {
    await db.$disconnect();
    await store.stop();
  }
}

/** The inbox page in Chromium: each run a new tab of a logged-in browser (the session is in localStorage). */
async function measurePaint(base: string, username: string, password: string) {
  await buildWeb({ log: () => undefined });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const login = await context.newPage();
    await login.goto(`${base}/workspace/login`);
    await login.fill('#username', username);
    await login.fill('#password', password);
    await login.click('#login-submit');
    await login.waitForSelector('.el-table__row');
    await login.close();
    const fcp: number[] = [];
    const rows: number[] = [];
    for (let i = 0; i < PAINT_RUNS + 5; i++) {
      const page = await context.newPage();
      await page.goto(`${base}/workspace/inbox`);
      await page.waitForSelector('.el-table__row');
      // both from the navigation's start, as the browser measured them
      const [paint, drawn] = await page.evaluate(() => [
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        performance.now(),
      ]);
      if (i >= 5) {
        fcp.push(paint);
        rows.push(drawn);
      }
      await page.close();
    }
    fcp.sort((a, b) => a - b);
    rows.sort((a, b) => a - b);
    console.log(`\nworkspace inbox in Chromium (${PAINT_RUNS} new tabs after 5 warm-up)      p50 ms   p95 ms`);
    console.log(
      `first contentful paint                           ${[50, 95].map((p) => pct(fcp, p).toFixed(0).padStart(7)).join('  ')}`,
    );
    console.log(
      `first page of tasks drawn                        ${[50, 95].map((p) => pct(rows, p).toFixed(0).padStart(7)).join('  ')}`,
    );
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
