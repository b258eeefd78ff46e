// The audit trail's tamper evidence: every record is chained to the one before it in its chain
// (one chain per application, per round, and one for the rest) by an HMAC-SHA256, with the audit
// key (AUDIT_CHAIN_KEYS), over its content, the previous record's hash and the key's id. Changing,
// removing or reordering a record breaks the chain at that record, and `npm run audit:verify`
// names it; without the key, even someone who may switch off the database's append-only guard
// cannot re-seal the records after a change. Removing a chain's last records and fixing its head
// is caught by the anchors kept outside the database (platform/auditAnchor.ts).
import crypto from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '../domain/canonicalJson';
import { checkAnchored, readAnchors, type AnchorCheck } from './auditAnchor';
import { processSecrets, type Key, type KeyRing } from './secrets';

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

export { canonicalJson } from '../domain/canonicalJson';

function contentOf(f: ChainedFields): Record<keyof ChainedFields, unknown> {
  return {
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
}

/** A record's seal: HMAC-SHA256 with the audit key over its canonical content and the key's id. */
export function auditHash(f: ChainedFields, key: Key): string {
  return crypto
    .createHmac('sha256', key.key)
    .update(canonicalJson({ ...contentOf(f), keyId: key.id }))
    .digest('hex');
}

/**
 * How records were sealed before the chain was keyed (their keyId is null): a plain SHA-256 that
 * anyone can recompute. Only the one-time upgrade (platform/auditSeal.ts) still checks it.
 */
export function legacyAuditHash(f: ChainedFields): string {
  return crypto
    .createHash('sha256')
    .update(canonicalJson(contentOf(f)))
    .digest('hex');
}

export interface Row extends ChainedFields {
  id: string;
  hash: string | null;
  keyId: string | null;
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
  /** what the anchor file held, when one was named */
  anchors?: AnchorCheck;
}

// `at` is stored as UTC without a zone: read it as UTC whatever the process's time zone.
export const SELECT_ROWS = `SELECT id::text AS id, "chainKey", seq, "prevHash", hash, "keyId", "eventKey", at AT TIME ZONE 'UTC' AS at, "applicationId", "roundId", "actorId", "actorRole", action,
  "fromStatus", "toStatus", "taskId", reason, detail FROM "AuditEvent"`;

/** Why a record's own seal does not hold, if it does not: no key, a key not in the ring, or altered content. */
function sealProblem(row: Row, keys: KeyRing): string | undefined {
  if (row.keyId === null)
    return 'sealed without the audit key (keyId null): a legacy record that was not re-sealed, or one rewritten since';
  const key = keys.byId.get(row.keyId);
  if (!key)
    return `sealed with key "${row.keyId}", which AUDIT_CHAIN_KEYS does not hold: forged, or the key was removed from the ring too early`;
  if (auditHash(row, { id: row.keyId, key }) !== row.hash)
    return 'content does not match its hash: the record was altered';
  return undefined;
}

export interface VerifyOptions {
  /** the ring the records are checked with; by default this process's (AUDIT_CHAIN_KEYS) */
  keys?: KeyRing;
  /** the anchor file (AUDIT_ANCHOR_FILE) whose every line is checked against the chains too */
  anchorFile?: string;
  pageSize?: number;
}

/**
 * Checks every chain: each record's keyed hash over its content, its link to the previous
 * record, no gap in the sequence, and the chain's head (so a removed last record shows too); then
 * every anchor line of the anchor file, if one is named. Reports the first broken record of each
 * broken chain.
 */
export async function verifyAuditChains(client: pg.ClientBase, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const keys = opts.keys ?? processSecrets().auditKeys;
  // The anchors first: every record they name was committed before the snapshot below.
  const anchors = opts.anchorFile ? await readAnchors(opts.anchorFile, keys) : undefined;
  // One snapshot for heads and records, so chains growing meanwhile do not look broken.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const report = await verifyInSnapshot(client, keys, opts.pageSize ?? 5000);
    if (anchors) {
      report.anchors = await checkAnchored(client, anchors);
      report.broken = mergeBreaks(report.broken, report.anchors.broken);
    }
    return report;
  } finally {
    await client.query('COMMIT');
  }
}

/**
 * One finding per chain, the earliest: an anchor's (a record anchored earlier is gone or differs)
 * unless the chain itself already broke at or before that record.
 */
function mergeBreaks(chain: ChainBreak[], anchors: ChainBreak[]): ChainBreak[] {
  const firstAt = new Map(chain.map((b) => [b.chainKey, b.seq ?? Infinity]));
  const kept = anchors.filter((a) => a.seq === null || !((firstAt.get(a.chainKey) ?? Infinity) <= a.seq));
  const replaced = new Set(kept.filter((a) => a.seq !== null).map((a) => a.chainKey));
  return [...chain.filter((b) => !replaced.has(b.chainKey)), ...kept];
}

async function verifyInSnapshot(client: pg.ClientBase, keys: KeyRing, pageSize: number): Promise<VerifyReport> {
  const heads = new Map(
    (
      await client.query<{ chainKey: string; seq: number; lastHash: string }>(
        'SELECT "chainKey", seq, "lastHash" FROM "AuditChain"',
      )
    ).rows.map((h) => [h.chainKey, h]),
  );
  const broken: ChainBreak[] = [];
  const brokenChains = new Set<string>();
  const seen = new Map<string, { seq: number; hash: string }>();
  let records = 0;
  const unsealed = await client.query<{ id: string }>(
    'SELECT id::text AS id FROM "AuditEvent" WHERE hash IS NULL ORDER BY id LIMIT 1',
  );
  if (unsealed.rows.length)
    broken.push({ id: unsealed.rows[0].id, chainKey: '(none)', seq: null, problem: 'record without a hash' });
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
            : sealProblem(row, keys);
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
      const problem =
        last?.seq === head.seq
          ? "the chain's head does not match its last record"
          : `the chain ends at ${last?.seq ?? 0} but its head says ${head.seq}: records at the end are missing`;
      broken.push({ id: '(end)', chainKey, seq: last?.seq ?? 0, problem });
    }
  }
  for (const chainKey of seen.keys())
    if (!heads.has(chainKey)) broken.push({ id: '(head)', chainKey, seq: null, problem: 'the chain has no head' });
  return { chains: new Set([...seen.keys(), ...heads.keys()]).size, records, broken };
}
