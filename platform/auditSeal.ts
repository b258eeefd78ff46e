// The audit trail's one-time upgrade to the keyed chain, run by migrate() under the migrations'
// lock by the process that holds the audit key. Records sealed before the chain was keyed carry a
// plain SHA-256 that anyone can recompute (keyId null); records from before the chain existed carry
// none. While no record carries a key yet, every legacy chain that still verifies is re-sealed
// with the current key, and the unsealed records are chained after them. Once any record carries a
// key the upgrade is over for good: a record without a key or a hash found later is never sealed
// — `npm run audit:verify` reports it as broken — so nobody can slip records in, or rewrite a chain
// as an unkeyed one, and have the next start seal them.
import type pg from 'pg';
import { auditHash, chainKeyOf, legacyAuditHash, SELECT_ROWS, type ChainBreak, type Row } from './auditChain';
import type { Key, KeyRing } from './secrets';

export interface SealResult {
  /** records written before the chain existed, now chained with the key */
  sealed: number;
  /** records of legacy (SHA-256) chains re-sealed with the key */
  resealed: number;
  /** legacy chains that did not verify and were left unkeyed, so that verification reports them */
  leftUnkeyed: ChainBreak[];
}

const NOTHING: SealResult = { sealed: 0, resealed: 0, leftUnkeyed: [] };

const anyKeyed = async (client: pg.ClientBase) =>
  (await client.query('SELECT 1 FROM "AuditEvent" WHERE "keyId" IS NOT NULL LIMIT 1')).rows.length > 0;

export async function sealAuditChains(client: pg.ClientBase, keys: KeyRing): Promise<SealResult> {
  if (await anyKeyed(client)) return NOTHING; // the usual start: one row read
  await client.query('BEGIN');
  try {
    // No one appends while the records are re-sealed; the guard is off inside this transaction only
    // (ALTER TABLE is transactional: other sessions never see it off, and a crash leaves it on).
    await client.query('LOCK TABLE "AuditEvent", "AuditChain" IN ACCESS EXCLUSIVE MODE');
    if ((await anyKeyed(client)) || !(await client.query('SELECT 1 FROM "AuditEvent" LIMIT 1')).rows.length) {
      await client.query('COMMIT');
      return NOTHING;
    }
    await client.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"');
    const legacy = await resealLegacyChains(client, keys.current);
    const sealed = await sealUnchained(client, keys.current);
    await client.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"');
    await client.query('COMMIT');
    return { sealed, ...legacy };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

interface Resealed {
  id: string;
  prevHash: string | null;
  hash: string;
}

/** Checks each legacy chain with its SHA-256 and re-seals it with the key only if it holds: a chain altered before the upgrade is not laundered. */
async function resealLegacyChains(client: pg.ClientBase, key: Key): Promise<Omit<SealResult, 'sealed'>> {
  const heads = new Map(
    (
      await client.query<{ chainKey: string; seq: number; lastHash: string }>(
        'SELECT "chainKey", seq, "lastHash" FROM "AuditChain"',
      )
    ).rows.map((h) => [h.chainKey, h]),
  );
  const leftUnkeyed: ChainBreak[] = [];
  let resealed = 0;
  let pending: Resealed[] = [];
  let current:
    | {
        chainKey: string;
        seq: number;
        oldHash: string | null;
        newHash: string | null;
        records: Resealed[];
        broken?: ChainBreak;
      }
    | undefined;

  const flush = async () => {
    if (!pending.length) return;
    await client.query(
      `UPDATE "AuditEvent" AS e SET hash = u.hash, "prevHash" = u.prev, "keyId" = $4 FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, hash, prev) WHERE e.id = u.id`,
      [pending.map((r) => r.id), pending.map((r) => r.hash), pending.map((r) => r.prevHash), key.id],
    );
    resealed += pending.length;
    pending = [];
  };
  const finishChain = async () => {
    if (!current) return;
    const head = heads.get(current.chainKey);
    const broken =
      current.broken ??
      (!head || head.seq !== current.seq || head.lastHash !== current.oldHash
        ? {
            id: '(end)',
            chainKey: current.chainKey,
            seq: current.seq,
            problem: 'the legacy chain does not end where its head says',
          }
        : undefined);
    if (broken) leftUnkeyed.push(broken);
    else {
      pending.push(...current.records);
      await client.query('UPDATE "AuditChain" SET "lastHash" = $1 WHERE "chainKey" = $2', [
        current.newHash,
        current.chainKey,
      ]);
      if (pending.length >= 1000) await flush();
    }
    current = undefined;
  };

  let after: { chainKey: string; seq: number } | undefined;
  for (;;) {
    const { rows } = await client.query<Row>(
      `${SELECT_ROWS} WHERE hash IS NOT NULL ${after ? 'AND ("chainKey", seq) > ($1, $2)' : ''} ORDER BY "chainKey", seq LIMIT 2000`,
      after ? [after.chainKey, after.seq] : [],
    );
    for (const row of rows) {
      after = { chainKey: row.chainKey, seq: row.seq };
      if (current?.chainKey !== row.chainKey) {
        await finishChain();
        current = { chainKey: row.chainKey, seq: 0, oldHash: null, newHash: null, records: [] };
      }
      if (current.broken) continue;
      const holds =
        row.seq === current.seq + 1 && row.prevHash === current.oldHash && legacyAuditHash(row) === row.hash;
      if (!holds) {
        current.broken = {
          id: row.id,
          chainKey: row.chainKey,
          seq: row.seq,
          problem: 'the legacy chain does not verify here',
        };
        continue;
      }
      const hash = auditHash({ ...row, prevHash: current.newHash }, key);
      current.records.push({ id: row.id, prevHash: current.newHash, hash });
      current = { ...current, seq: row.seq, oldHash: row.hash, newHash: hash };
    }
    if (rows.length < 2000) break;
  }
  await finishChain();
  await flush();
  return { resealed, leftUnkeyed };
}

/** Chains the records written before the chain existed (hash null), in the order they were written. */
async function sealUnchained(client: pg.ClientBase, key: Key): Promise<number> {
  let sealed = 0;
  for (;;) {
    const { rows } = await client.query<Row>(`${SELECT_ROWS} WHERE hash IS NULL ORDER BY id LIMIT 1000`);
    if (!rows.length) return sealed;
    for (const row of rows) {
      const chainKey = chainKeyOf(row);
      const head = await client.query<{ seq: number; lastHash: string }>(
        `INSERT INTO "AuditChain" ("chainKey", seq, "lastHash") VALUES ($1, 0, '') ON CONFLICT ("chainKey") DO UPDATE SET seq = "AuditChain".seq RETURNING seq, "lastHash"`,
        [chainKey],
      );
      const seq = head.rows[0].seq + 1;
      const prevHash = head.rows[0].lastHash || null;
      const hash = auditHash({ ...row, chainKey, seq, prevHash }, key);
      await client.query(
        'UPDATE "AuditEvent" SET "chainKey" = $1, seq = $2, "prevHash" = $3, hash = $4, "keyId" = $5 WHERE id = $6',
        [chainKey, seq, prevHash, hash, key.id, row.id],
      );
      await client.query('UPDATE "AuditChain" SET seq = $1, "lastHash" = $2 WHERE "chainKey" = $3', [
        seq,
        hash,
        chainKey,
      ]);
      sealed++;
    }
  }
}
