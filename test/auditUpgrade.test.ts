// The audit trail's one-time upgrade to the keyed chain (platform/auditSeal.ts), on a database of
// its own: records sealed with plain SHA-256 and records from before the chain are sealed with the
// key when the process that holds it migrates; a legacy chain that no longer verified is left for
// verification to report; and once records carry a key, nothing unkeyed is ever sealed again — so
// rewriting a chain as an unkeyed one (a downgrade) is reported, not laundered by the next start.
// `npm run audit:verify` exits 0 on the untouched database.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { appendAudit } from '../platform/audit';
import { canonicalJson } from '../domain/canonicalJson';
import { anchorAuditHeads } from '../platform/auditAnchor';
import { verifyAuditChains } from '../platform/auditChain';
import { createDb, type Db } from '../platform/db';
import { migrate } from '../platform/migrate';
import { startScratchDb } from './support/scratchDb';

let database: { url: string; stop(): Promise<void> };
let sql: pg.Client;
let db: Db;
let dir: string;

beforeAll(async () => {
  database = await startScratchDb('pilotflow_audit_upgrade');
  const fresh = await migrate(database.url);
  expect(fresh).toMatchObject({ sealed: 0, resealed: 0, leftUnkeyed: [] });
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  db = createDb(database.url, 2);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-audit-upgrade-'));
});
afterAll(async () => {
  await sql?.end();
  await db?.$disconnect();
  await database?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A record as the code before the keyed chain wrote it: SHA-256 over its canonical content, no key id. */
async function legacyChain(roundId: string, reasons: string[], opts: { tamperAt?: number } = {}) {
  let prevHash: string | null = null;
  const ids: string[] = [];
  for (const [i, reason] of reasons.entries()) {
    const seq = i + 1;
    const at = new Date(Date.UTC(2026, 0, 1, 8, 0, seq));
    const detail = { n: seq, z: 'last', a: 'first' };
    const content = {
      chainKey: `round:${roundId}`,
      seq,
      prevHash,
      eventKey: `${roundId}/${seq}`,
      at: at.toISOString(),
      applicationId: null,
      roundId,
      actorId: null,
      actorRole: null,
      action: 'legacy_event',
      fromStatus: null,
      toStatus: null,
      taskId: null,
      reason,
      detail,
    };
    const hash: string = crypto.createHash('sha256').update(canonicalJson(content)).digest('hex');
    const stored = seq === opts.tamperAt ? `${reason} (edited)` : reason;
    const { rows } = await sql.query<{ id: string }>(
      `INSERT INTO "AuditEvent" ("roundId", "eventKey", at, action, reason, detail, "chainKey", seq, "prevHash", hash) VALUES ($1, $2, $3 AT TIME ZONE 'UTC', 'legacy_event', $4, $5, $6, $7, $8, $9) RETURNING id::text AS id`,
      [roundId, `${roundId}/${seq}`, at, stored, JSON.stringify(detail), `round:${roundId}`, seq, prevHash, hash],
    );
    ids.push(rows[0].id);
    prevHash = hash;
  }
  await sql.query('INSERT INTO "AuditChain" ("chainKey", seq, "lastHash") VALUES ($1, $2, $3)', [
    `round:${roundId}`,
    reasons.length,
    prevHash,
  ]);
  return ids;
}

const unchained = async (roundId: string, reason: string) =>
  (
    await sql.query<{ id: string }>(
      `INSERT INTO "AuditEvent" ("roundId", "eventKey", action, reason) VALUES ($1, $2, 'older_event', $3) RETURNING id::text AS id`,
      [roundId, `${roundId}/${reason}`, reason],
    )
  ).rows[0].id;

const brokenOf = async (roundId: string) =>
  (await verifyAuditChains(sql)).broken.filter((b) => b.chainKey === `round:${roundId}`);

test('when the process holding the key migrates a database sealed with plain SHA-256, then the chains that hold are re-sealed with the key and verify, and the one that did not is left for verification to name', async () => {
  await legacyChain('legacy-a', ['a1', 'a2', 'a3']);
  const tampered = await legacyChain('legacy-b', ['b1', 'b2', 'b3'], { tamperAt: 2 });
  await unchained('legacy-c', 'c-first');
  await unchained('legacy-c', 'c-second');
  await unchained('legacy-a', 'a-fourth');
  expect(await brokenOf('legacy-a')).toEqual([
    expect.objectContaining({ seq: 1, problem: expect.stringMatching(/without the audit key/) }),
  ]);

  const upgraded = await migrate(database.url);
  expect(upgraded).toMatchObject({
    applied: [],
    resealed: 3,
    sealed: 3,
    leftUnkeyed: [{ id: tampered[1], chainKey: 'round:legacy-b', seq: 2, problem: expect.any(String) }],
  });
  const a = await db.auditEvent.findMany({ where: { roundId: 'legacy-a' }, orderBy: { seq: 'asc' } });
  expect(a.map((r) => [r.reason, r.seq, r.keyId])).toEqual([
    ['a1', 1, 'test1'],
    ['a2', 2, 'test1'],
    ['a3', 3, 'test1'],
    ['a-fourth', 4, 'test1'],
  ]);
  const c = await db.auditEvent.findMany({ where: { roundId: 'legacy-c' }, orderBy: { seq: 'asc' } });
  expect(c.map((r) => [r.reason, r.seq, r.keyId])).toEqual([
    ['c-first', 1, 'test1'],
    ['c-second', 2, 'test1'],
  ]);
  expect(await brokenOf('legacy-a')).toEqual([]);
  expect(await brokenOf('legacy-c')).toEqual([]);
  expect(await brokenOf('legacy-b')).toEqual([
    expect.objectContaining({ seq: 1, problem: expect.stringMatching(/without the audit key/) }),
  ]);
  // the guard is back on after the upgrade
  await expect(
    sql.query('UPDATE "AuditEvent" SET reason = $1 WHERE id = $2', ['edited', String(a[0].id)]),
  ).rejects.toThrow(/append-only/);
});

test('when records carry a key, then a chain rewritten as an unkeyed one and a record slipped in without a hash are never sealed by a later start', async () => {
  await legacyChain('downgraded', ['d1', 'd2']);
  const slipped = await unchained('slipped', 'slipped in');
  const again = await migrate(database.url);
  expect(again).toMatchObject({ sealed: 0, resealed: 0, leftUnkeyed: [] });
  expect(await brokenOf('downgraded')).toEqual([
    expect.objectContaining({ seq: 1, problem: expect.stringMatching(/without the audit key/) }),
  ]);
  expect((await verifyAuditChains(sql)).broken).toContainEqual({
    id: slipped,
    chainKey: '(none)',
    seq: null,
    problem: 'record without a hash',
  });
});

test('when npm run audit:verify runs on an untouched database with keyed records and their anchor, then it exits 0', async () => {
  const own = await startScratchDb('pilotflow_audit_clean');
  const ownDb = createDb(own.url, 1);
  try {
    await migrate(own.url);
    for (const i of [1, 2, 3])
      await ownDb.$transaction((tx) =>
        appendAudit(tx, { roundId: 'clean', eventKey: `clean/${i}`, action: 'test_event', reason: `record ${i}` }),
      );
    const file = path.join(dir, 'clean.jsonl');
    await anchorAuditHeads(ownDb, file);
    // execFile rejects on a non-zero exit
    const run = await promisify(execFile)('npx', ['tsx', 'scripts/audit-verify.ts'], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, DATABASE_URL: own.url, AUDIT_ANCHOR_FILE: file },
    });
    expect(run.stdout).toContain('3 records in 1 chains checked');
    expect(run.stdout).toContain('1 anchor line(s), 1 anchored record(s) checked');
    expect(run.stdout).toContain('every chain holds');
  } finally {
    await ownDb.$disconnect();
    await own.stop();
  }
});
