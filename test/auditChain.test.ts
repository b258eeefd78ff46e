// The audit trail's tamper evidence on the real database: records are chained per application
// (here: per round, for records of the test's own) by an HMAC with the audit key, the database
// refuses UPDATE, DELETE and TRUNCATE, and `npm run audit:verify` names the first record of a
// chain that was altered, cut or truncated behind the database's back — even when the intruder
// (the database's superuser, without the key) re-hashed everything after it and the head. What
// re-hashing cannot hide, cutting a chain's last records, the anchors outside the database catch.
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
import { auditHash, legacyAuditHash, SELECT_ROWS, verifyAuditChains, type Row } from '../platform/auditChain';
import { env } from './support/harness';
import { createDb, type Db } from '../platform/db';
import type { KeyRing } from '../platform/secrets';

let db: Db;
let sql: pg.Client;
let dir: string;
const chain = (name: string) => `audit-${name}-${crypto.randomUUID().slice(0, 8)}`;
/** The test run's audit key (test/support/globalSetup.ts: AUDIT_CHAIN_KEYS "test1:<32 × 0x03>,old0:<32 × 0x04>"). */
const TEST_KEY = { id: 'test1', key: Buffer.alloc(32, 3) };
const OLD_KEY = { id: 'old0', key: Buffer.alloc(32, 4) };

beforeAll(async () => {
  db = createDb(env.databaseUrl(), 2);
  sql = new pg.Client({ connectionString: env.databaseUrl() });
  await sql.connect();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-audit-'));
});
afterAll(async () => {
  await sql.end();
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function records(roundId: string, n: number, from = 1) {
  for (let i = from; i < from + n; i++) {
    await db.$transaction((tx) =>
      appendAudit(tx, {
        roundId,
        eventKey: `${roundId}/${i}`,
        action: 'test_event',
        reason: `record ${i}`,
        detail: { i, at: new Date(0), nested: { b: 1, a: [1, 'x'] } },
      }),
    );
  }
  return (await db.auditEvent.findMany({ where: { roundId }, orderBy: { seq: 'asc' } })).map((r) => ({
    id: String(r.id),
    seq: r.seq!,
    hash: r.hash!,
  }));
}

/** Changes the table as an intruder with the database's superuser would: with the guard switched off. */
async function behindTheGuard(statement: string, params: unknown[]) {
  await sql.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"');
  try {
    await sql.query(statement, params);
  } finally {
    await sql.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"');
  }
}

/**
 * What an intruder without the key can do: rewrite one record's reason, then seal it and every
 * record after it again — linking each to the new hash before it — and set the chain's head.
 */
async function rewriteAndRehash(
  roundId: string,
  seq: number,
  seal: (row: Row) => { hash: string; keyId: string | null },
) {
  const { rows } = await sql.query<Row>(`${SELECT_ROWS} WHERE "roundId" = $1 ORDER BY seq`, [roundId]);
  let prev = rows.find((r) => r.seq === seq - 1)?.hash ?? null;
  await sql.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"');
  try {
    for (const row of rows.filter((r) => r.seq >= seq)) {
      const changed = { ...row, prevHash: prev, reason: row.seq === seq ? 'rewritten by the intruder' : row.reason };
      const sealed = seal(changed);
      await sql.query('UPDATE "AuditEvent" SET reason = $1, "prevHash" = $2, hash = $3, "keyId" = $4 WHERE id = $5', [
        changed.reason,
        prev,
        sealed.hash,
        sealed.keyId,
        row.id,
      ]);
      prev = sealed.hash;
    }
  } finally {
    await sql.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"');
  }
  await sql.query('UPDATE "AuditChain" SET "lastHash" = $1 WHERE "chainKey" = $2', [prev, `round:${roundId}`]);
}

const brokenIn = async (roundId: string, opts: { keys?: KeyRing; anchorFile?: string } = {}) =>
  (await verifyAuditChains(sql, opts)).broken.filter((b) => b.chainKey === `round:${roundId}`);

const verifyCli = (anchorFile: string, databaseUrl = env.databaseUrl()) =>
  promisify(execFile)('npx', ['tsx', 'scripts/audit-verify.ts'], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, DATABASE_URL: databaseUrl, AUDIT_ANCHOR_FILE: anchorFile },
  }).then(
    (ok) => ({ code: 0, stdout: ok.stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );

test('when records are appended, then each links to the one before it, is sealed with an HMAC under the current key, and every chain verifies', async () => {
  const roundId = chain('linked');
  const rows = await records(roundId, 3);
  expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
  const stored = await db.auditEvent.findMany({ where: { roundId }, orderBy: { seq: 'asc' } });
  expect(stored[0].prevHash).toBeNull();
  expect(stored[1].prevHash).toBe(stored[0].hash);
  expect(stored[2].prevHash).toBe(stored[1].hash);
  expect(stored.map((r) => r.keyId)).toEqual(['test1', 'test1', 'test1']);
  // the oracle: HMAC-SHA256 with the test key over the record's canonical content and the key id
  const first = stored[0];
  const content = {
    chainKey: `round:${roundId}`,
    seq: 1,
    prevHash: null,
    eventKey: `${roundId}/1`,
    at: first.at.toISOString(),
    applicationId: null,
    roundId,
    actorId: null,
    actorRole: null,
    action: 'test_event',
    fromStatus: null,
    toStatus: null,
    taskId: null,
    reason: 'record 1',
    detail: { i: 1, at: new Date(0).toISOString(), nested: { a: [1, 'x'], b: 1 } },
    keyId: 'test1',
  };
  expect(first.hash).toBe(crypto.createHmac('sha256', TEST_KEY.key).update(canonicalJson(content)).digest('hex'));
  const report = await verifyAuditChains(sql);
  expect(report.broken.filter((b) => b.chainKey === `round:${roundId}`)).toEqual([]);
  expect(report.records).toBeGreaterThanOrEqual(3);
});

test('when anyone tries to change, delete or truncate a record, then the database refuses', async () => {
  const roundId = chain('guarded');
  const [first] = await records(roundId, 1);
  await expect(sql.query('UPDATE "AuditEvent" SET reason = $1 WHERE id = $2', ['edited', first.id])).rejects.toThrow(
    /append-only/,
  );
  await expect(sql.query('DELETE FROM "AuditEvent" WHERE id = $1', [first.id])).rejects.toThrow(/append-only/);
  await expect(sql.query('TRUNCATE "AuditEvent" CASCADE')).rejects.toThrow(/append-only/);
  expect((await db.auditEvent.findUniqueOrThrow({ where: { eventKey: `${roundId}/1` } })).reason).toBe('record 1');
});

test('when a record is altered behind the guard, then verification names that record', async () => {
  const roundId = chain('altered');
  const rows = await records(roundId, 4);
  await behindTheGuard(`UPDATE "AuditEvent" SET detail = jsonb_set(detail, '{i}', '20') WHERE id = $1`, [rows[1].id]);
  expect(await brokenIn(roundId)).toEqual([
    { id: rows[1].id, chainKey: `round:${roundId}`, seq: 2, problem: expect.stringMatching(/altered/) },
  ]);
});

test('when a record is removed from the middle or the end of a chain, then verification names where', async () => {
  const middle = chain('cut');
  const rows = await records(middle, 3);
  await behindTheGuard('DELETE FROM "AuditEvent" WHERE id = $1', [rows[1].id]);
  expect(await brokenIn(middle)).toEqual([
    expect.objectContaining({ id: rows[2].id, problem: expect.stringMatching(/missing/) }),
  ]);

  const end = chain('tail');
  const tail = await records(end, 2);
  await behindTheGuard('DELETE FROM "AuditEvent" WHERE id = $1', [tail[1].id]);
  expect(await brokenIn(end)).toEqual([
    expect.objectContaining({ id: '(end)', problem: expect.stringMatching(/head says 2/) }),
  ]);
});

describe('an intruder who may switch the guard off but has no key', () => {
  test('when a record is rewritten and it and every later record are re-hashed with plain SHA-256, with their own key, or with ours in name only, then verification names the rewritten record', async () => {
    const attacks: [string, (row: Row) => { hash: string; keyId: string | null }, RegExp][] = [
      ['sha256-unkeyed', (row) => ({ hash: legacyAuditHash(row), keyId: null }), /without the audit key/],
      ['sha256-keyid', (row) => ({ hash: legacyAuditHash(row), keyId: 'test1' }), /altered/],
      [
        'own-key',
        (row) => ({ hash: auditHash(row, { id: 'intruder', key: Buffer.alloc(32, 9) }), keyId: 'intruder' }),
        /"intruder", which AUDIT_CHAIN_KEYS does not hold/,
      ],
      [
        'own-key-our-id',
        (row) => ({ hash: auditHash(row, { id: 'test1', key: Buffer.alloc(32, 9) }), keyId: 'test1' }),
        /altered/,
      ],
    ];
    for (const [name, seal, problem] of attacks) {
      const roundId = chain(name);
      const rows = await records(roundId, 4);
      await rewriteAndRehash(roundId, 2, seal);
      expect([name, await brokenIn(roundId)]).toEqual([
        name,
        [{ id: rows[1].id, chainKey: `round:${roundId}`, seq: 2, problem: expect.stringMatching(problem) }],
      ]);
    }
  });

  test('when npm run audit:verify runs on a database with a re-hashed chain, then it exits 1 naming the rewritten record', async () => {
    const roundId = chain('cli');
    const rows = await records(roundId, 3);
    await rewriteAndRehash(roundId, 1, (row) => ({ hash: legacyAuditHash(row), keyId: 'test1' }));
    const run = await verifyCli(path.join(dir, 'no-anchors.jsonl'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `BROKEN round:${roundId} at record ${rows[0].id} (seq 1): content does not match its hash`,
    );
  });

  test('when the last records of an anchored chain are removed and its head set back, then the chain alone still verifies but its anchor names the first record gone', async () => {
    const roundId = chain('truncated');
    const rows = await records(roundId, 4);
    const file = path.join(dir, 'truncated.jsonl');
    await anchorAuditHeads(db, file);
    expect(await brokenIn(roundId, { anchorFile: file })).toEqual([]);
    await behindTheGuard('DELETE FROM "AuditEvent" WHERE id = ANY($1::bigint[])', [[rows[2].id, rows[3].id]]);
    await sql.query('UPDATE "AuditChain" SET seq = 2, "lastHash" = $1 WHERE "chainKey" = $2', [
      rows[1].hash,
      `round:${roundId}`,
    ]);
    expect(await brokenIn(roundId)).toEqual([]); // what re-hashing cannot show …
    expect(await brokenIn(roundId, { anchorFile: file })).toEqual([
      {
        id: '(anchored)',
        chainKey: `round:${roundId}`,
        seq: 4,
        problem: expect.stringMatching(/no record 4: records were removed/),
      },
    ]);
    const run = await verifyCli(file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`BROKEN round:${roundId} at record (anchored) (seq 4)`);
  });
});

describe('anchors', () => {
  test('when the heads are anchored twice, then the file is owner-only, each line carries a valid mac, and the second line holds only the chains that moved', async () => {
    const idle = chain('idle');
    await records(idle, 2);
    const moving = chain('moving');
    await records(moving, 1);
    const file = path.join(dir, 'twice.jsonl');
    const first = await anchorAuditHeads(db, file);
    const grown = await records(moving, 2, 2);
    const second = await anchorAuditHeads(db, file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const lines = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.keyId).toBe('test1');
      expect(line.mac).toBe(
        crypto
          .createHmac('sha256', TEST_KEY.key)
          .update(
            canonicalJson({ purpose: 'pilotflow-audit-anchor', at: line.at, keyId: line.keyId, heads: line.heads }),
          )
          .digest('hex'),
      );
    }
    expect(lines[0].heads[`round:${idle}`]).toEqual([2, expect.any(String)]);
    expect(lines[0].heads[`round:${moving}`]).toEqual([1, expect.any(String)]);
    expect(lines[1].heads[`round:${idle}`]).toBeUndefined();
    expect(lines[1].heads[`round:${moving}`]).toEqual([3, grown[2].hash]);
    expect(first.written).toBe(Object.keys(lines[0].heads).length);
    expect(first.chains).toBe(first.written); // the first pass to a file writes every head
    expect(second.written).toBe(Object.keys(lines[1].heads).length);
    expect(second.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('when an anchor line is edited, or made with a key not in the ring, then verification names the line', async () => {
    const roundId = chain('forged-anchor');
    const rows = await records(roundId, 2);
    const file = path.join(dir, 'forged.jsonl');
    const at = new Date().toISOString();
    const heads = { [`round:${roundId}`]: [1, rows[0].hash] };
    const mac = (key: Buffer, h: unknown) =>
      crypto
        .createHmac('sha256', key)
        .update(canonicalJson({ purpose: 'pilotflow-audit-anchor', at, keyId: 'x', heads: h }))
        .digest('hex');
    const good = {
      at,
      keyId: 'old0',
      heads,
      mac: crypto
        .createHmac('sha256', OLD_KEY.key)
        .update(canonicalJson({ purpose: 'pilotflow-audit-anchor', at, keyId: 'old0', heads }))
        .digest('hex'),
    };
    const edited = { ...good, heads: { [`round:${roundId}`]: [2, rows[1].hash] } };
    const foreign = { at, keyId: 'x', heads, mac: mac(Buffer.alloc(32, 9), heads) };
    fs.writeFileSync(file, [good, edited, foreign].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const report = await verifyAuditChains(sql, { anchorFile: file });
    expect(report.anchors).toMatchObject({ lines: 3, missing: false });
    const fileBreaks = report.broken.filter((b) => b.chainKey === '(anchors)');
    expect(fileBreaks).toEqual([
      expect.objectContaining({ problem: expect.stringMatching(/^line 2: its mac does not match/) }),
      expect.objectContaining({
        problem: expect.stringMatching(/^line 3: made with key "x", which AUDIT_CHAIN_KEYS does not hold/),
      }),
    ]);
    expect(report.broken.filter((b) => b.chainKey === `round:${roundId}`)).toEqual([]); // line 1, made with the older key of the ring, holds
  });
});

test('when the key is rotated, then records sealed with an older key verify while it stays in the ring, and are named once it is removed', async () => {
  const roundId = chain('rotated');
  const rows = await records(roundId, 2);
  const next = { id: 'next', key: Buffer.alloc(32, 7) };
  const rotated: KeyRing = {
    current: next,
    byId: new Map([
      [next.id, next.key],
      [TEST_KEY.id, TEST_KEY.key],
    ]),
  };
  expect(await brokenIn(roundId, { keys: rotated })).toEqual([]);
  const dropped: KeyRing = { current: next, byId: new Map([[next.id, next.key]]) };
  expect(await brokenIn(roundId, { keys: dropped })).toEqual([
    {
      id: rows[0].id,
      chainKey: `round:${roundId}`,
      seq: 1,
      problem: expect.stringMatching(/"test1", which AUDIT_CHAIN_KEYS does not hold/),
    },
  ]);
});
