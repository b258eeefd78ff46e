// The audit trail and the exactly-once guard shared by all activities: a write runs inside a
// transaction together with its audit record, whose unique event key makes a retry a no-op.
import type { Prisma } from '../generated/prisma/client';
import { isUniqueViolation, type Db } from '../platform/db';
import type { Actor } from '../workflows/definitions';

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

export async function appendAudit(tx: Tx, e: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      applicationId: e.applicationId,
      roundId: e.roundId,
      eventKey: e.eventKey,
      action: e.action,
      actorId: e.actor?.userId,
      actorRole: e.actor?.role,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      taskId: e.taskId,
      reason: e.reason,
      detail: (e.actor ? { ...e.detail, actor: e.actor.username } : e.detail) as Prisma.InputJsonValue | undefined,
    },
  });
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
