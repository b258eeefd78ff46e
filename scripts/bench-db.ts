// A database round trip's own cost: the embedded PGlite (served by platform/pgliteServer.ts in its
// own process) against PostgreSQL on the same machine (DATABASE_URL: a scratch database is created
// and dropped), each by the pg driver alone and through Prisma, one round trip at a time. Prints
// p50/p95 µs, the client's CPU per round trip and, for PGlite, its process's. Asserts nothing.
//
//   npm run bench:db                                             # PGlite only
//   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1/postgres npm run bench:db
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startDatabase } from '../bench/database';
import { createDb } from '../platform/db';

const N = Number(process.env.ROUND_TRIPS ?? 3000);

type Step = (i: number) => Promise<unknown>;

async function timed(step: Step): Promise<string> {
  for (let i = 0; i < 200; i++) await step(-1 - i); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    await step(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const µs = (p: number) => (ms[Math.ceil((p / 100) * ms.length) - 1] * 1000).toFixed(0).padStart(5);
  return `p50 ${µs(50)} µs, p95 ${µs(95)} µs`;
}

async function measure(label: string, url: string, cpu?: () => number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS bench_rt (id int PRIMARY KEY, v text)');
  await client.query('TRUNCATE bench_rt');
  const prisma = createDb(url, 1);
  const rows: [string, Step][] = [
    ['SELECT 1, pg', () => client.query('SELECT 1')],
    ['INSERT one row, pg', (i) => client.query('INSERT INTO bench_rt VALUES ($1, $2)', [i, 'x'])],
    ['SELECT by key, pg', (i) => client.query('SELECT v FROM bench_rt WHERE id = $1', [Math.abs(i) % N])],
    ['SELECT 1, Prisma $queryRaw', () => prisma.$queryRaw`SELECT 1`],
  ];
  console.log(`${label}:`);
  for (const [name, step] of rows) {
    const before = cpu?.();
    const clientStart = process.cpuUsage();
    const figures = await timed(step);
    const used = process.cpuUsage(clientStart);
    const µsPerTrip = (seconds: number) => ((seconds / (N + 200)) * 1e6).toFixed(0);
    const clientCpu = `; client CPU ${µsPerTrip((used.user + used.system) / 1e6)} µs`;
    const databaseCpu = before === undefined ? '' : `, database CPU ${µsPerTrip(cpu!() - before)} µs a trip`;
    console.log(`  ${name.padEnd(28)} ${figures}${clientCpu}${databaseCpu}`);
  }
  await client.query('DROP TABLE bench_rt');
  await client.end();
  await prisma.$disconnect();
}

async function main() {
  console.log(
    `${N} round trips each, one at a time, on ${os.cpus().length} cores; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-bench-db-'));
  const postgres = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL; // startDatabase: the embedded one
  const embedded = await startDatabase(dir);
  try {
    await measure('embedded PGlite (its own process)', embedded.url, () => embedded.process!.sample().cpuSeconds);
  } finally {
    await embedded.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (postgres) {
    process.env.DATABASE_URL = postgres;
    const scratch = await startDatabase(dir);
    try {
      await measure('PostgreSQL', scratch.url);
    } finally {
      await scratch.stop();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
