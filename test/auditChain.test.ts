// The audit trail's tamper evidence on the real database: records are hash-chained per
// application (here: per round, for records of the test's own), the database refuses UPDATE,
// DELETE and TRUNCATE, and `npm run audit:verify` names the first record of a chain that was
// altered, cut or truncated behind the database's back. Records written before the chain existed
// are sealed on startup.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { appendAudit } from '../activities/audit';
import { sealAuditChains, verifyAuditChains } from '../platform/auditChain';
import { env } from './support/harness';
import { createDb, type Db } from '../platform/db';

let db: Db;
let sql: pg.Client;
const chain = (name: string) => `audit-${name}-${crypto.randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  db = createDb(env.databaseUrl(), 2);
  sql = new pg.Client({ connectionString: env.databaseUrl() });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await db.$disconnect();
});

async function records(roundId: string, n: number) {
  for (let i = 1; i <= n; i++) {
    await db.$transaction((tx) => appendAudit(tx, { roundId, eventKey: `${roundId}/${i}`, action: 'test_event', reason: `record ${i}`, detail: { i, at: new Date(0), nested: { b: 1, a: [1, 'x'] } } }));
  }
  return (await db.auditEvent.findMany({ where: { roundId }, orderBy: { seq: 'asc' } })).map((r) => ({ id: String(r.id), seq: r.seq }));
}

/** Changes the table as an intruder with the database's password would: with the guard switched off. */
async function behindTheGuard(statement: string, params: unknown[]) {
  await sql.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"');
  try {
    await sql.query(statement, params);
  } finally {
    await sql.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"');
  }
}

const brokenIn = async (roundId: string) => (await verifyAuditChains(sql)).broken.filter((b) => b.chainKey === `round:${roundId}`);

test('when records are appended, then each links to the one before it and every chain verifies', async () => {
  const roundId = chain('linked');
  const rows = await records(roundId, 3);
  expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
  const stored = await db.auditEvent.findMany({ where: { roundId }, orderBy: { seq: 'asc' } });
  expect(stored[0].prevHash).toBeNull();
  expect(stored[1].prevHash).toBe(stored[0].hash);
  expect(stored[2].prevHash).toBe(stored[1].hash);
  const report = await verifyAuditChains(sql);
  expect(report.broken).toEqual([]);
  expect(report.records).toBeGreaterThanOrEqual(3);
});

test('when anyone tries to change, delete or truncate a record, then the database refuses', async () => {
  const roundId = chain('guarded');
  const [first] = await records(roundId, 1);
  await expect(sql.query('UPDATE "AuditEvent" SET reason = $1 WHERE id = $2', ['edited', first.id])).rejects.toThrow(/append-only/);
  await expect(sql.query('DELETE FROM "AuditEvent" WHERE id = $1', [first.id])).rejects.toThrow(/append-only/);
  await expect(sql.query('TRUNCATE "AuditEvent" CASCADE')).rejects.toThrow(/append-only/);
  expect((await db.auditEvent.findUniqueOrThrow({ where: { eventKey: `${roundId}/1` } })).reason).toBe('record 1');
});

test('when a record is altered behind the guard, then verification names that record', async () => {
  const roundId = chain('altered');
  const rows = await records(roundId, 4);
  await behindTheGuard(`UPDATE "AuditEvent" SET detail = jsonb_set(detail, '{i}', '20') WHERE id = $1`, [rows[1].id]);
  expect(await brokenIn(roundId)).toEqual([{ id: rows[1].id, chainKey: `round:${roundId}`, seq: 2, problem: expect.stringMatching(/altered/) }]);
});

test('when a record is removed from the middle or the end of a chain, then verification names where', async () => {
  const middle = chain('cut');
  const rows = await records(middle, 3);
  await behindTheGuard('DELETE FROM "AuditEvent" WHERE id = $1', [rows[1].id]);
  expect(await brokenIn(middle)).toEqual([expect.objectContaining({ id: rows[2].id, problem: expect.stringMatching(/missing/) })]);

  const end = chain('tail');
  const tail = await records(end, 2);
  await behindTheGuard('DELETE FROM "AuditEvent" WHERE id = $1', [tail[1].id]);
  expect(await brokenIn(end)).toEqual([expect.objectContaining({ id: '(end)', problem: expect.stringMatching(/head says 2/) })]);
});

test('when npm run audit:verify runs on a database with a broken chain, then it exits 1 naming the record', async () => {
  const roundId = chain('cli');
  const rows = await records(roundId, 2);
  await behindTheGuard('UPDATE "AuditEvent" SET reason = $1 WHERE id = $2', ['rewritten', rows[0].id]);
  const run = promisify(execFile)('npx', ['tsx', 'scripts/audit-verify.ts'], { cwd: path.join(__dirname, '..'), env: { ...process.env, DATABASE_URL: env.databaseUrl() } });
  const failed = await run.then(() => undefined, (err: { code: number; stdout: string }) => err);
  expect(failed?.code).toBe(1);
  expect(failed?.stdout).toContain(`BROKEN round:${roundId} at record ${rows[0].id} (seq 1)`);
});

test('when records from before the chain exist, then the startup seals them in the order written and they verify', async () => {
  const roundId = chain('legacy');
  for (const i of [1, 2]) {
    await sql.query(`INSERT INTO "AuditEvent" ("roundId", "eventKey", action, reason, detail) VALUES ($1, $2, 'legacy_event', $3, '{"z": 1, "a": 2}')`, [roundId, `${roundId}/${i}`, `old ${i}`]);
  }
  expect(await sealAuditChains(sql)).toBeGreaterThanOrEqual(2);
  const sealed = await db.auditEvent.findMany({ where: { roundId }, orderBy: { id: 'asc' } });
  expect(sealed.map((r) => [r.reason, r.seq])).toEqual([['old 1', 1], ['old 2', 2]]);
  expect(await brokenIn(roundId)).toEqual([]);
  await expect(sql.query('UPDATE "AuditEvent" SET "hash" = NULL WHERE id = $1', [String(sealed[0].id)])).rejects.toThrow(/append-only/);
});
