// The audit trail and the exactly-once guard shared by all activities: a write runs inside a
// transaction together with its audit record, whose unique event key makes a retry a no-op.
import { Prisma } from '../generated/prisma/client';
import { auditHash, chainKeyOf } from './auditChain';
import { isUniqueViolation, type Db } from './db';
import { chainHeads } from './chainHeads';
import { processSecrets } from './secrets';
import type { Actor } from '../shared/definitions';

export type Tx = Prisma.TransactionClient;

export interface AuditInput {
  applicationId?: string;
  roundId?: string;
  eventKey: string;
  action: string;
  actor?: Actor;
  fromStatus?: string;
  toStatus?: string;
  taskId?: string;
  reason?: string;
  detail?: Record<string, unknown>;
}

/** A record as stored, with its place in its chain and its keyed hash. */
export function chainedRecord(e: AuditInput, head: { seq: number; lastHash: string }) {
  // What jsonb will give back: plain JSON (dates as strings, no undefined), so the hash verifies later.
  const detail = e.actor ? { ...e.detail, actor: e.actor.username } : e.detail;
  const record = {
    chainKey: chainKeyOf(e),
    seq: head.seq + 1,
    prevHash: head.lastHash || null,
    eventKey: e.eventKey,
    at: new Date(),
    applicationId: e.applicationId ?? null,
    roundId: e.roundId ?? null,
    actorId: e.actor?.userId ?? null,
    actorRole: e.actor?.role ?? null,
    action: e.action,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    taskId: e.taskId ?? null,
    reason: e.reason ?? null,
    detail: detail === undefined ? null : (JSON.parse(JSON.stringify(detail)) as Prisma.InputJsonValue),
  };
  const key = processSecrets().auditKeys.current;
  return { record, hash: auditHash(record, key), keyId: key.id };
}

/**
 * Appends a record to its chain (platform/auditChain.ts): locks the chain's head, links the record
 * to the previous one and stores its hash — an HMAC with this process's current audit key, whose
 * id it stores too — all in the caller's transaction.
 */
export async function appendAudit(tx: Tx, e: AuditInput): Promise<void> {
  const chainKey = chainKeyOf(e);
  // One round trip creates the head if need be, locks it (the no-op update takes the row lock, as
  // SELECT … FOR UPDATE would) and reads it.
  const [head] = await tx.$queryRaw<{ seq: number; lastHash: string }[]>`
    INSERT INTO "AuditChain" ("chainKey", seq, "lastHash") VALUES (${chainKey}, 0, '')
    ON CONFLICT ("chainKey") DO UPDATE SET seq = "AuditChain".seq RETURNING seq, "lastHash"`;
  const { record, hash, keyId } = chainedRecord(e, head);
  await tx.auditEvent.create({ data: { ...record, detail: record.detail ?? Prisma.DbNull, hash, keyId } });
  await tx.auditChain.update({ where: { chainKey }, data: { seq: record.seq, lastHash: hash } });
  chainHeads.remember(chainKey, { seq: record.seq, lastHash: hash });
}

/**
 * Runs `write` once per event key and returns true; a retry finds the key and returns false.
 * `write` must append the audit record with that key.
 */
export async function once(db: Db, eventKey: string, write: (tx: Tx) => Promise<void>): Promise<boolean> {
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.auditEvent.findUnique({ where: { eventKey }, select: { id: true } })) return false;
      await write(tx);
      return true;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return false; // a concurrent attempt with the same key won
    throw err;
  }
}

/** What an earlier run of the same event recorded, for activities that must return the same answer on retry. */
export async function recordedDetail(db: Db, eventKey: string): Promise<Record<string, unknown> | undefined> {
  const event = await db.auditEvent.findUnique({ where: { eventKey }, select: { detail: true } });
  return (event?.detail as Record<string, unknown> | null) ?? undefined;
}
