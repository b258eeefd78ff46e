// The platform under the stages: migrations that `prisma migrate deploy` would accept, the
// idempotent seed, and a health check that tells the truth.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { createApp } from '../api/app';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { listMigrations, migrate } from '../platform/migrate';
import { seed } from '../platform/seed';
import { PARTY_CODES, provincialDepartmentId } from '../domain/parties';
import { PROVINCES } from '../domain/provinces';
import { roundConfigSchema } from '../domain/roundSchema';
import { env, OUTBOX } from './support/harness';
import { startScratchDb } from './support/scratchDb';

const run = promisify(execFile);

describe('database', () => {
  test('when migrations run again, then nothing is re-applied and the records match what prisma migrate deploy writes', async () => {
    const again = await migrate(env.databaseUrl());
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(listMigrations().length);
    const client = new pg.Client({ connectionString: env.databaseUrl() });
    await client.connect();
    const rows = (
      await client.query(
        'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      )
    ).rows;
    await client.end();
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(listMigrations().map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at && r.applied_steps_count === 1)).toBe(true);
  });

  test('when a cluster is set up with npm run migrate and npm run admin:create, then the directory is seeded without demo accounts and the administrator is stored with an argon2id hash', async () => {
    // a database of its own: migrate seeds with demo mode off, which disables accounts with the demo password
    const scratch = await startScratchDb();
    const script = (name: string, args: string[], input?: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          ['--import', 'tsx', path.join(__dirname, '..', 'scripts', name), ...args],
          { env: { ...process.env, DATABASE_URL: scratch.url } },
          (err, stdout, stderr) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
        );
        child.stdin!.end(input ?? '');
      });
    const migrated = await script('migrate.ts', []);
    expect(migrated).toMatchObject({
      code: 0,
      out: expect.stringContaining('reference data in place: 267 departments'), // 8 bodies + 37 units × 7 parties
    });
    const username = `ops-${Date.now()}`;
    // the two refusals side by side: neither writes anything
    const [short, common] = await Promise.all([
      script('create-admin.ts', [username], 'short\n'),
      script('create-admin.ts', [username], 'qwerty123456\n'), // a common password
    ]);
    expect([short.code, common.code]).toEqual([2, 2]);
    expect((await script('create-admin.ts', [username, '运维管理员'], 'a-long-enough-secret\n')).code).toBe(0);
    expect((await script('create-admin.ts', [username], 'a-long-enough-secret\n')).code).toBe(1);
    const db = createDb(scratch.url, 1);
    try {
      const admin = await db.user.findUniqueOrThrow({ where: { username } });
      expect(admin).toMatchObject({ role: 'admin', displayName: '运维管理员' });
      expect(admin.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await db.user.count()).toBe(1); // no demo account
      expect(
        await db.auditEvent.count({
          where: { action: 'user_created', detail: { path: ['username'], equals: username } },
        }),
      ).toBe(1);
    } finally {
      await db.$disconnect();
      await scratch.stop();
    }
  }, 120_000);

  test("when the committed migrations are compared with schema.prisma by Prisma's own schema engine, then they match", async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      path.join(__dirname, '..', 'scripts', 'db-diff.ts'),
      '--check',
    ]);
    expect(stdout).toContain('empty migration');
  });

  test('when the seed runs again, then the directory is unchanged: 8 bodies and 37 reporting units × 7 parties', async () => {
    const db = createDb(env.databaseUrl(), 2);
    try {
      await seed(db, { demoMode: true });
      expect(await db.department.count({ where: { level: 'national' } })).toBe(8);
      // (other suites may add departments of their own, e.g. the inbox test: count the directory's)
      const directory = PROVINCES.flatMap((p) => PARTY_CODES.map((party) => provincialDepartmentId(p.code, party)));
      expect(directory).toHaveLength(259); // 37 × 7
      expect(await db.department.count({ where: { level: 'provincial', id: { in: directory } } })).toBe(259);
      const officers = ['gd.commerce', 'sz.commerce', 'bt.commerce'];
      expect(await db.user.count({ where: { username: { in: officers } } })).toBe(officers.length);
      const emails = await db.department.findMany({ select: { email: true } });
      expect(emails.every((d) => d.email.endsWith('@pilotflow.example.org'))).toBe(true);
      // every seeded mailbox of a person is on the reserved domain too
      const people = await db.user.findMany({
        where: { email: { not: null }, username: { startsWith: 'demo.' } },
        select: { email: true },
      });
      expect(people.length).toBeGreaterThanOrEqual(3);
      expect(people.every((u) => u.email!.endsWith('@pilotflow.example.org'))).toBe(true);
      // and every seeded round's rules, deadline chains included, are valid
      const rounds = await db.round.findMany({ where: { id: { in: ['pilot-2018', 'demo', 'demo-compressed'] } } });
      expect(rounds).toHaveLength(3);
      for (const round of rounds) {
        expect([round.id, roundConfigSchema.safeParse(round.config).error?.issues ?? []]).toEqual([round.id, []]);
      }
    } finally {
      await db.$disconnect();
    }
  });
});

describe('health', () => {
  test('when the database and Temporal answer, then 200; when the database is unreachable, then 503', async () => {
    const connection = await Connection.connect({ address: env.temporalAddress() });
    const temporal = new Client({ connection });
    const logger = createLogger('silent');
    const good = createDb(env.databaseUrl(), 1);
    const bad = createDb('postgresql://postgres:postgres@127.0.0.1:1/none?connect_timeout=1', 1);
    const serve = async (db: typeof good) => {
      const server = createApp({
        db,
        temporal,
        taskQueue: 'unused',
        sessionTtlHours: 1,
        logger,
        outbox: OUTBOX,
      }).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const port = (server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      server.close();
      return { status: res.status, body: await res.json() };
    };
    try {
      expect(await serve(good)).toEqual({ status: 200, body: { status: 'ok', database: 'ok', temporal: 'ok' } });
      expect(await serve(bad)).toEqual({
        status: 503,
        body: { status: 'unavailable', database: 'unreachable', temporal: 'ok' },
      });
    } finally {
      await good.$disconnect();
      await bad.$disconnect();
      await connection.close();
    }
  });
});
