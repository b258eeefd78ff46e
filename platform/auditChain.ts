// The audit trail's tamper evidence: every record is chained to the one before it in its chain
// (one chain per application, per round, and one for the rest) by a SHA-256 over its content and
// the previous record's hash. Changing, removing or reordering a record breaks the chain at that
// record, and `npm run audit:verify` names it.
import crypto from 'node:crypto';
import type pg from 'pg';

export interface ChainedFields {
  chainKey: string;
  seq: number;
  prevHash: string | null;
  eventKey: string;
  at: Date;
  applicationId: string | null;
  roundId: string | null;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  taskId: string | null;
  reason: string | null;
  detail: unknown;
}

export function chainKeyOf(e: { applicationId?: string | null; roundId?: string | null }): string {
  if (e.applicationId) return `application:${e.applicationId}`;
  if (e.roundId) return `round:${e.roundId}`;
  return 'global';
}

/** JSON with object keys sorted at every level: the database's jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditHash(f: ChainedFields): string {
  const fields: Record<keyof ChainedFields, unknown> = {
    chainKey: f.chainKey,
    seq: f.seq,
    prevHash: f.prevHash,
    eventKey: f.eventKey,
    at: f.at.toISOString(),
    applicationId: f.applicationId,
    roundId: f.roundId,
    actorId: f.actorId,
    actorRole: f.actorRole,
    action: f.action,
    fromStatus: f.fromStatus,
    toStatus: f.toStatus,
    taskId: f.taskId,
    reason: f.reason,
    detail: f.detail ?? null,
  };
  const content = canonicalJson(fields);
  return crypto.createHash('sha256').update(content).digest('hex');
}

interface Row extends ChainedFields {
  id: string;
  hash: string | null;
}

export interface ChainBreak {
  id: string;
  chainKey: string;
  seq: number | null;
  problem: string;
}

export interface VerifyReport {
  chains: number;
  records: number;
  broken: ChainBreak[];
}

// `at` is stored as UTC without a zone: read it as UTC whatever the process's time zone.
const SELECT_ROWS = `SELECT id::text AS id, "chainKey", seq, "prevHash", hash, "eventKey", at AT TIME ZONE 'UTC' AS at, "applicationId", "roundId", "actorId", "actorRole", action,
  "fromStatus", "toStatus", "taskId", reason, detail FROM "AuditEvent"`;

/**
 * Checks every chain: each record's hash over its content, its link to the previous record, no
 * gap in the sequence, and the chain's head (so a removed last record shows too). Reports the
 * first broken record of each broken chain.
 */
export async function verifyAuditChains(client: pg.ClientBase, pageSize = 5000): Promise<VerifyReport> {
  // One snapshot for heads and records, so chains growing meanwhile do not look broken.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return await verifyInSnapshot(client, pageSize);
  } finally {
    await client.query('COMMIT');
  }
}

async function verifyInSnapshot(client: pg.ClientBase, pageSize: number): Promise<VerifyReport> {
  const heads = new Map((await client.query<{ chainKey: string; seq: number; lastHash: string }>('SELECT "chainKey", seq, "lastHash" FROM "AuditChain"')).rows.map((h) => [h.chainKey, h]));
  const broken: ChainBreak[] = [];
  const brokenChains = new Set<string>();
  const seen = new Map<string, { seq: number; hash: string }>();
  let records = 0;
  const unsealed = await client.query<{ id: string }>('SELECT id::text AS id FROM "AuditEvent" WHERE hash IS NULL ORDER BY id LIMIT 1');
  if (unsealed.rows.length) broken.push({ id: unsealed.rows[0].id, chainKey: '(none)', seq: null, problem: 'record without a hash' });
  let after: { chainKey: string; seq: number } | undefined;
  for (;;) {
    const { rows } = await client.query<Row>(
      `${SELECT_ROWS} WHERE hash IS NOT NULL ${after ? 'AND ("chainKey", seq) > ($1, $2)' : ''} ORDER BY "chainKey", seq LIMIT ${pageSize}`,
      after ? [after.chainKey, after.seq] : [],
    );
    for (const row of rows) {
      records++;
      after = { chainKey: row.chainKey, seq: row.seq };
      if (brokenChains.has(row.chainKey)) continue;
      const prev = seen.get(row.chainKey);
      const problem =
        row.seq !== (prev?.seq ?? 0) + 1
          ? `sequence jumps from ${prev?.seq ?? 0} to ${row.seq}: a record is missing`
          : row.prevHash !== (prev?.hash ?? null)
            ? 'does not link to the previous record'
            : auditHash(row) !== row.hash
              ? 'content does not match its hash: the record was altered'
              : undefined;
      if (problem) {
        broken.push({ id: row.id, chainKey: row.chainKey, seq: row.seq, problem });
        brokenChains.add(row.chainKey);
        continue;
      }
      seen.set(row.chainKey, { seq: row.seq, hash: row.hash! });
    }
    if (rows.length < pageSize) break;
  }
  for (const [chainKey, head] of heads) {
    if (brokenChains.has(chainKey)) continue;
    const last = seen.get(chainKey);
    if (!last || last.seq !== head.seq || last.hash !== head.lastHash) {
      broken.push({ id: '(end)', chainKey, seq: last?.seq ?? 0, problem: `the chain ends at ${last?.seq ?? 0} but its head says ${head.seq}: records at the end are missing` });
    }
  }
  for (const chainKey of seen.keys()) if (!heads.has(chainKey)) broken.push({ id: '(head)', chainKey, seq: null, problem: 'the chain has no head' });
  return { chains: new Set([...seen.keys(), ...heads.keys()]).size, records, broken };
}

/**
 * Chains the records written before the chain existed (hash null), in the order they were written.
 * Runs after the migrations, under their lock; a no-op once every record is sealed.
 */
export async function sealAuditChains(client: pg.ClientBase): Promise<number> {
  let sealed = 0;
  for (;;) {
    const { rows } = await client.query<Row>(`${SELECT_ROWS} WHERE hash IS NULL ORDER BY id LIMIT 1000`);
    if (!rows.length) return sealed;
    await client.query('BEGIN');
    try {
      for (const row of rows) {
        const chainKey = chainKeyOf(row);
        const head = await client.query<{ seq: number; lastHash: string }>(
          `INSERT INTO "AuditChain" ("chainKey", seq, "lastHash") VALUES ($1, 0, '') ON CONFLICT ("chainKey") DO UPDATE SET seq = "AuditChain".seq RETURNING seq, "lastHash"`,
          [chainKey],
        );
        const seq = head.rows[0].seq + 1;
        const prevHash = head.rows[0].lastHash || null;
        const hash = auditHash({ ...row, chainKey, seq, prevHash });
        await client.query('UPDATE "AuditEvent" SET "chainKey" = $1, seq = $2, "prevHash" = $3, hash = $4 WHERE id = $5', [chainKey, seq, prevHash, hash, row.id]);
        await client.query('UPDATE "AuditChain" SET seq = $1, "lastHash" = $2 WHERE "chainKey" = $3', [seq, hash, chainKey]);
        sealed++;
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }
}
