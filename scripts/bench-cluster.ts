// `npm run bench:cluster`: the same load on the dev server and on the two-node cluster, in one run
// on one machine — N applications through declaration and the seven-party joint review over the
// HTTP API, one worker and one API process each, the database on the same PostgreSQL server — and
// the decision latency and throughput of each, written to bench/results/.
//
//   npm run bench:cluster                          # 100 applications, 8 in flight (throughput)
//   npm run bench:cluster -- --n 100 --rate 60     # 60 arriving a minute (latency at a load both keep up with)
//   CLUSTER_POSTGRES_URL=postgresql://… npm run bench:cluster
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropClusterDatabases, startClusterSystem } from '../bench/cluster';
import { startInfra } from '../bench/infra';
import { machine } from '../bench/machine';
import { benchOptions } from '../bench/options';
import type { Load } from '../bench/pool';
import { createApplicants, createRound } from '../bench/population';
import { driveProduct, logIn, waitForApproved } from '../bench/product/drive';
import { progress } from '../bench/progress';
import { latency, type Latency } from '../bench/stats';
import { startSystem } from '../bench/system';
import { createDb, type Db } from '../platform/db';

const SERVER_URL = process.env.CLUSTER_POSTGRES_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';

interface Measured {
  temporal: string;
  seconds: number;
  applicationsPerMinute: number;
  decisionsPerSecond: number;
  submit: Latency;
  decision: Latency;
}

async function drive(label: string, baseUrl: string, db: Db, n: number, load: Load): Promise<Measured> {
  const roundId = await createRound(db);
  const applicants = await createApplicants(db, roundId, n);
  const tokens = await logIn(baseUrl, applicants);
  const started = Date.now();
  const driven = await driveProduct(baseUrl, roundId, applicants, tokens, load, 'in-turn', progress(label, n));
  await waitForApproved(db, roundId, n);
  const ms = Date.now() - started;
  return {
    temporal: label,
    seconds: Math.round(ms / 100) / 10,
    applicationsPerMinute: Math.round((n / ms) * 600_000) / 10,
    decisionsPerSecond: Math.round((driven.decisionMs.length / ms) * 10_000) / 10,
    submit: latency(driven.submitMs),
    decision: latency(driven.decisionMs),
  };
}

async function main() {
  const options = benchOptions(process.argv.slice(2), {
    n: 100,
    concurrency: 8,
    parties: 'in-turn',
    resultsDir: path.join(__dirname, '..', 'bench', 'results'),
  });
  const load: Load = options.rate ? { perMinute: options.rate } : { concurrency: options.concurrency };
  const before = machine();
  const results: Measured[] = [];

  // the dev server: the application's database on the same PostgreSQL server (bench/database.ts)
  process.env.DATABASE_URL = SERVER_URL;
  const infra = await startInfra();
  try {
    const system = await startSystem('product', infra);
    const db = createDb(infra.databaseUrl, 2);
    try {
      results.push(await drive('dev server (one process, SQLite in memory)', system.baseUrl, db, options.n, load));
    } finally {
      await db.$disconnect();
      await system.stop();
    }
  } finally {
    await infra.stop();
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-bench-cluster-'));
  const name = `pf_bench_cluster_${process.pid}`;
  const cluster = await startClusterSystem({
    serverUrl: SERVER_URL,
    name,
    dir,
    workers: 1,
    apis: 1,
    env: { ARCHIVE_EVERY_MINUTES: '0', AUDIT_ANCHOR_EVERY_MINUTES: '0' },
    log: () => undefined,
  });
  try {
    results.push(
      await drive('cluster (two nodes on PostgreSQL, 8 shards)', cluster.baseUrl, cluster.db, options.n, load),
    );
  } finally {
    await cluster.stop();
    await dropClusterDatabases(SERVER_URL, name);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const at = new Date().toISOString();
  const result = { at, machine: before, options: { n: options.n, load }, results };
  const stamp = at.replace(/[:.]/g, '-');
  fs.mkdirSync(options.resultsDir, { recursive: true });
  const file = path.join(options.resultsDir, `${stamp}-cluster-${options.n}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  const row = (r: Measured) =>
    `| ${r.temporal} | ${r.seconds} | ${r.applicationsPerMinute} | ${r.decisionsPerSecond} | ${r.decision.p50} / ${r.decision.p95} / ${r.decision.p99} | ${r.submit.p50} / ${r.submit.p95} |`;
  const md = [
    `# Dev server against the cluster, ${at}`,
    '',
    `${options.n} applications, ${options.rate ? `${options.rate} arriving a minute` : `${options.concurrency} in flight`}, seven parties deciding in turn; one worker and one API process in each; ${before.cores} cores.`,
    '',
    '| Temporal | seconds | applications/min | decisions/s | decision p50 / p95 / p99 ms | submit p50 / p95 ms |',
    '|---|---|---|---|---|---|',
    ...results.map(row),
    '',
  ].join('\n');
  fs.writeFileSync(file.replace(/\.json$/, '.md'), md);
  console.log('\n' + md + `\nwritten to ${path.relative(process.cwd(), file)} (and .md)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
