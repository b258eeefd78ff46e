// A task's decision written in one statement: the task, its audit record and its chain's head, by
// the database function pilotflow_record_decision (migration 20261207010000). The record's keyed
// hash is made here, from the head this process last wrote (platform/chainHeads.ts); when the head
// moved meanwhile the function writes nothing and names the current head, and the hash is made
// again. After three calls that wrote nothing the write takes the chain's lock instead (appendAudit).
import { Prisma } from '../generated/prisma/client';
import type { DecideResult } from '../shared/definitions';
import { appendAudit, chainedRecord, once, type AuditInput } from './audit';
import { chainKeyOf } from './auditChain';
import { chainHeads, type ChainHead } from './chainHeads';
import type { Db } from './db';

/** What the decision sets on its task. */
export interface DecisionFields {
  taskId: string;
  decision: string;
  reason: string | null;
  result: Record<string, unknown> | undefined;
  decidedById: string;
}

/** The task's fields as written: the decide Update's answer carries them. */
export type WrittenDecision = NonNullable<DecideResult['task']>;

/** The task was not open (decided, withdrawn or absent): nothing was written. */
export class TaskNotOpen extends Error {}

const FAST_ATTEMPTS = 3;

type Outcome = { outcome: 'written' | 'duplicate' | 'stale'; head_seq: number | null; head_hash: string | null };

/** Writes the decision and its audit record; undefined when a record with its event key exists (a retry). */
export async function writeDecision(
  db: Db,
  task: DecisionFields,
  audit: AuditInput,
): Promise<WrittenDecision | undefined> {
  const chainKey = chainKeyOf(audit);
  let head: ChainHead | undefined = chainHeads.get(chainKey);
  for (let attempt = 0; attempt < FAST_ATTEMPTS; attempt++) {
    // an unknown head: the first call only learns it (or finds the retry's record)
    const chained = head ? chainedRecord(audit, head) : undefined;
    const r = chained?.record;
    let rows: Outcome[];
    try {
      rows = await db.$queryRaw<Outcome[]>`SELECT * FROM pilotflow_record_decision(
        ${task.taskId}, ${task.decision}, ${task.reason}, ${json(task.result)}::jsonb, ${task.decidedById},
        ${audit.eventKey}, ${r ? r.at.toISOString() : null}::timestamptz AT TIME ZONE 'UTC', ${chainKey},
        ${r?.seq ?? null}::int, ${head?.lastHash ?? ''}, ${chained?.hash ?? null}, ${chained?.keyId ?? null},
        ${audit.applicationId ?? null}, ${audit.roundId ?? null}, ${r?.actorId ?? null}, ${r?.actorRole ?? null},
        ${audit.action}, ${json(r?.detail ?? undefined)}::jsonb)`;
    } catch (err) {
      if (sqlState(err) === 'PF001') throw new TaskNotOpen(`task ${task.taskId} is not open`);
      if (sqlState(err) === '23505') return undefined; // a concurrent attempt with the same event key won
      throw err;
    }
    const [{ outcome, head_seq, head_hash }] = rows;
    if (outcome === 'duplicate') return undefined;
    if (outcome === 'written') {
      chainHeads.remember(chainKey, { seq: r!.seq, lastHash: chained!.hash });
      return written(task, r!.at);
    }
    head = { seq: head_seq!, lastHash: head_hash! };
  }
  // a chain written this busily by others: its lock, in a transaction, as every other record
  const at = new Date();
  const wrote = await once(db, audit.eventKey, async (tx) => {
    const { count } = await tx.task.updateMany({
      where: { id: task.taskId, status: 'open' },
      data: {
        status: 'decided',
        decision: task.decision,
        reason: task.reason,
        result: task.result as Prisma.InputJsonObject | undefined,
        decidedById: task.decidedById,
        decidedAt: at,
      },
    });
    if (count !== 1) throw new TaskNotOpen(`task ${task.taskId} is not open`);
    await appendAudit(tx, audit);
  });
  return wrote ? written(task, at) : undefined;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

function written(task: DecisionFields, at: Date): WrittenDecision {
  return {
    status: 'decided',
    decision: task.decision,
    reason: task.reason,
    result: task.result ?? null,
    decidedById: task.decidedById,
    decidedAt: at.toISOString(),
  };
}

/** The PostgreSQL error code under Prisma's raw-query error (driver adapter), if any. */
function sqlState(err: unknown): string | undefined {
  const e = err as {
    code?: string;
    meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } };
  };
  return e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.meta?.code ?? undefined;
}
