// The audit chains' anchors outside the database. The keyed chain (platform/auditChain.ts) stops
// anyone without the key from re-sealing altered records, but not from cutting a chain's last
// records and setting its head back. So the heads are written, now and then, to an append-only
// file the database's administrator cannot rewrite (AUDIT_ANCHOR_FILE), one JSON line each time:
// { at, keyId, heads: { chainKey: [seq, hash] }, mac }, the mac an HMAC with the audit key, so
// nobody without the key can forge a line either. `npm run audit:verify` checks every line: each
// anchored record must still be there with exactly that hash.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type pg from 'pg';
import { canonicalJson } from '../domain/canonicalJson';
import type { ChainBreak } from './auditChain';
import type { Db } from './db';
import { processSecrets, type Key, type KeyRing } from './secrets';

type Heads = Record<string, [number, string]>;

export interface AnchorLine {
  at: string;
  keyId: string;
  heads: Heads;
  mac: string;
}

/** What the workflow's history keeps of a pass: how many chains, and a digest of all their heads. */
export interface AnchorDigest {
  at: string;
  keyId: string;
  /** chains in the database */
  chains: number;
  /** chains whose head this line holds: those changed since this process's last line to the file */
  written: number;
  /** sha256 over the canonical JSON of every chain's head, { chainKey: [seq, hash] } */
  sha256: string;
}

function anchorMac(line: Omit<AnchorLine, 'mac'>, key: Buffer): string {
  return crypto
    .createHmac('sha256', key)
    .update(canonicalJson({ purpose: 'pilotflow-audit-anchor', at: line.at, keyId: line.keyId, heads: line.heads }))
    .digest('hex');
}

// The heads this process last wrote to each file, so that a pass writes only the chains that moved
// since: a line stays small however many chains there are. A file that was replaced or shortened
// (another inode, or smaller than we left it) gets every head again.
const lastWritten = new Map<string, { ino: number; size: number; heads: Map<string, string> }>();

/**
 * Appends one line with the heads of every chain that changed since this process's last line to
 * `file` (all of them on its first pass), opened append-only and created 0600, and fsyncs it.
 */
export async function anchorAuditHeads(
  db: Db,
  file: string,
  key: Key = processSecrets().auditKeys.current,
): Promise<AnchorDigest> {
  const rows = await db.$queryRaw<
    { chainKey: string; seq: number; lastHash: string }[]
  >`SELECT "chainKey", seq, "lastHash" FROM "AuditChain" WHERE seq > 0 ORDER BY "chainKey"`;
  const all: Heads = Object.fromEntries(rows.map((r) => [r.chainKey, [r.seq, r.lastHash]]));
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await fs.promises.open(file, 'a', 0o600);
  try {
    const before = await handle.stat();
    const previous = lastWritten.get(file);
    const known =
      previous && previous.ino === before.ino && previous.size <= before.size
        ? previous.heads
        : new Map<string, string>();
    const heads: Heads = {};
    for (const r of rows)
      if (known.get(r.chainKey) !== `${r.seq}:${r.lastHash}`) heads[r.chainKey] = [r.seq, r.lastHash];
    const unsigned = { at: new Date().toISOString(), keyId: key.id, heads };
    const line: AnchorLine = { ...unsigned, mac: anchorMac(unsigned, key.key) };
    await handle.write(`${JSON.stringify(line)}\n`);
    await handle.sync();
    const after = await handle.stat();
    lastWritten.set(file, {
      ino: after.ino,
      size: after.size,
      heads: new Map(rows.map((r) => [r.chainKey, `${r.seq}:${r.lastHash}`])),
    });
    return {
      at: unsigned.at,
      keyId: key.id,
      chains: rows.length,
      written: Object.keys(heads).length,
      sha256: crypto.createHash('sha256').update(canonicalJson(all)).digest('hex'),
    };
  } finally {
    await handle.close();
  }
}

export interface AnchorCheck {
  file: string;
  /** the file does not exist: nothing was anchored (or it is kept elsewhere) */
  missing: boolean;
  lines: number;
  /** distinct (chain, seq, hash) the lines hold, each checked against the database */
  anchored: number;
  broken: ChainBreak[];
}

const fileBreak = (n: number, problem: string): ChainBreak => ({
  id: '(anchor file)',
  chainKey: '(anchors)',
  seq: null,
  problem: `line ${n}: ${problem}`,
});

function parseLine(text: string, n: number, keys: KeyRing): AnchorLine | ChainBreak {
  let line: AnchorLine;
  try {
    line = JSON.parse(text) as AnchorLine;
  } catch {
    return fileBreak(n, 'not JSON (a torn or edited line)');
  }
  const wellFormed =
    line &&
    typeof line.at === 'string' &&
    typeof line.keyId === 'string' &&
    typeof line.mac === 'string' &&
    line.heads &&
    typeof line.heads === 'object' &&
    Object.values(line.heads).every(
      (h) => Array.isArray(h) && h.length === 2 && Number.isInteger(h[0]) && typeof h[1] === 'string',
    );
  if (!wellFormed) return fileBreak(n, 'not an anchor line');
  const key = keys.byId.get(line.keyId);
  if (!key) return fileBreak(n, `made with key "${line.keyId}", which AUDIT_CHAIN_KEYS does not hold`);
  const expected = Buffer.from(anchorMac(line, key), 'hex');
  const given = Buffer.from(line.mac, 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return fileBreak(n, 'its mac does not match: the line was forged or edited');
  return line;
}

interface Anchored {
  chainKey: string;
  seq: number;
  hash: string;
  line: number;
  at: string;
}

export interface AnchorFile {
  check: AnchorCheck;
  /** distinct (chain, seq, hash) the valid lines hold, with the first line that anchored each */
  anchored: Anchored[];
}

/**
 * Reads every line of the anchor file and checks its mac. Read before the database snapshot the
 * records are checked in, so every record a line anchors was committed before that snapshot.
 */
export async function readAnchors(file: string, keys: KeyRing): Promise<AnchorFile> {
  const check: AnchorCheck = { file, missing: false, lines: 0, anchored: 0, broken: [] };
  if (!fs.existsSync(file)) return { check: { ...check, missing: true }, anchored: [] };
  const anchored = new Map<string, Anchored>();
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    check.lines++;
    if (!text.trim()) continue;
    const parsed = parseLine(text, check.lines, keys);
    if (!('heads' in parsed)) {
      check.broken.push(parsed);
      continue;
    }
    for (const [chainKey, [seq, hash]] of Object.entries(parsed.heads)) {
      const k = `${chainKey}\u0000${seq}\u0000${hash}`;
      if (!anchored.has(k)) anchored.set(k, { chainKey, seq, hash, line: check.lines, at: parsed.at });
    }
  }
  check.anchored = anchored.size;
  return { check, anchored: [...anchored.values()] };
}

/**
 * Checks that every record the anchor file anchors is still in its chain with exactly the
 * anchored hash. Reports, per chain, the lowest anchored record that is gone or differs. Runs in
 * the caller's snapshot.
 */
export async function checkAnchored(client: pg.ClientBase, read: AnchorFile, batch = 5000): Promise<AnchorCheck> {
  const firstBad = new Map<string, ChainBreak>();
  for (let i = 0; i < read.anchored.length; i += batch) {
    const part = read.anchored.slice(i, i + batch);
    const { rows } = await client.query<{ chainKey: string; seq: number; hash: string | null; id: string }>(
      `SELECT e."chainKey", e.seq, e.hash, e.id::text AS id FROM "AuditEvent" e JOIN unnest($1::text[], $2::int[]) AS a(chain, seq) ON e."chainKey" = a.chain AND e.seq = a.seq`,
      [part.map((a) => a.chainKey), part.map((a) => a.seq)],
    );
    const found = new Map(rows.map((r) => [`${r.chainKey}\u0000${r.seq}`, r]));
    for (const a of part) {
      const row = found.get(`${a.chainKey}\u0000${a.seq}`);
      if (row?.hash === a.hash) continue;
      const where = `anchored by line ${a.line} (${a.at}) with hash ${a.hash.slice(0, 12)}…`;
      const b: ChainBreak = row
        ? {
            id: row.id,
            chainKey: a.chainKey,
            seq: a.seq,
            problem: `${where}, but its hash is now ${(row.hash ?? 'none').slice(0, 12)}…: the chain was rewritten up to here`,
          }
        : {
            id: '(anchored)',
            chainKey: a.chainKey,
            seq: a.seq,
            problem: `${where}, but the chain has no record ${a.seq}: records were removed`,
          };
      const prior = firstBad.get(a.chainKey);
      if (!prior || prior.seq! > a.seq) firstBad.set(a.chainKey, b);
    }
  }
  return { ...read.check, broken: [...read.check.broken, ...firstBad.values()] };
}
