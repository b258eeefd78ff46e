// A decision written in one statement (platform/decisionWrite.ts, the database function of
// migration 20261207010000), on the real database: the statements counted from Prisma's own query
// log, the chain checked by the verifier (platform/auditChain.ts) that audit:verify runs.
import crypto from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { appendAudit } from '../platform/audit';
import { verifyAuditChains } from '../platform/auditChain';
import { chainHeads } from '../platform/chainHeads';
import { TaskNotOpen, writeDecision } from '../platform/decisionWrite';
import { env } from './support/harness';

const logged = () =>
  new PrismaClient({
    adapter: new PrismaPg({ connectionString: env.databaseUrl(), max: 10 }),
    log: [{ emit: 'event', level: 'query' }],
  });
let db: ReturnType<typeof logged>;
let sql: pg.Client;
let statements: string[] = [];
const ACTOR = { userId: 'user-decider', username: 'decider', role: 'officer' } as const;

beforeAll(async () => {
  db = logged();
  db.$on('query', (e) => statements.push(e.query));
  sql = new pg.Client({ connectionString: env.databaseUrl() });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await db.$disconnect();
});

/** A round of its own (its own chain) with `n` open tasks. */
async function openTasks(n: number) {
  const roundId = `decision-write-${crypto.randomUUID().slice(0, 8)}`;
  const ids = Array.from({ length: n }, (_, i) => `${roundId}:task:${i}`);
  await db.task.createMany({
    data: ids.map((id) => ({
      id,
      roundId,
      workflowId: `wf-${roundId}`,
      stage: 'selection',
      reviewRound: 1,
      dueAt: new Date(),
    })),
  });
  return { roundId, ids, chainKey: `round:${roundId}` };
}

const decide = (roundId: string, taskId: string, decision = 'approve', eventKey = `${taskId}/decision`) =>
  writeDecision(
    db as never,
    { taskId, decision, reason: null, result: { note: '同意' }, decidedById: ACTOR.userId },
    { roundId, eventKey, action: 'task_decided', actor: ACTOR, taskId, detail: { decision, note: '同意' } },
  );

const brokenIn = async (chainKey: string) =>
  (await verifyAuditChains(sql)).broken.filter((b) => b.chainKey === chainKey);
const head = async (chainKey: string) =>
  (await sql.query('SELECT seq, "lastHash" FROM "AuditChain" WHERE "chainKey" = $1', [chainKey])).rows[0];
const records = async (roundId: string) =>
  (await sql.query('SELECT seq, "taskId", "eventKey" FROM "AuditEvent" WHERE "roundId" = $1 ORDER BY seq', [roundId]))
    .rows;

test('when this process wrote the chain last, then a decision is one statement: the task decided, the record next in the chain, the head moved, and the chain verifies', async () => {
  const { roundId, ids, chainKey } = await openTasks(2);
  statements = [];
  await decide(roundId, ids[0]); // a chain this process never wrote: the first statement learns its head
  expect(statements).toHaveLength(2);
  statements = [];
  const written = await decide(roundId, ids[1], 'reject');
  expect(statements).toHaveLength(1);
  expect(statements[0]).toContain('pilotflow_record_decision');
  const task = await db.task.findUniqueOrThrow({ where: { id: ids[1] } });
  expect(task).toMatchObject({
    status: 'decided',
    decision: 'reject',
    decidedById: ACTOR.userId,
    result: { note: '同意' },
  });
  expect(written).toEqual({
    status: 'decided',
    decision: 'reject',
    reason: null,
    result: { note: '同意' },
    decidedById: ACTOR.userId,
    decidedAt: task.decidedAt!.toISOString(),
  });
  expect(await records(roundId)).toEqual([
    { seq: 1, taskId: ids[0], eventKey: `${ids[0]}/decision` },
    { seq: 2, taskId: ids[1], eventKey: `${ids[1]}/decision` },
  ]);
  const [last] = (await sql.query('SELECT hash FROM "AuditEvent" WHERE "eventKey" = $1', [`${ids[1]}/decision`])).rows;
  expect(await head(chainKey)).toEqual({ seq: 2, lastHash: last.hash });
  expect(await brokenIn(chainKey)).toEqual([]);
});

test('when another writer moved the head, then the write learns the head and is made again: two statements, and the chain verifies', async () => {
  const { roundId, ids, chainKey } = await openTasks(3);
  await decide(roundId, ids[0]);
  // another process appends to the chain: this process's hint is now one behind
  const stale = chainHeads.get(chainKey)!;
  await db.$transaction((tx) =>
    appendAudit(tx, { roundId, eventKey: `${roundId}/other`, action: 'note', actor: ACTOR }),
  );
  chainHeads.remember(chainKey, stale);
  statements = [];
  await decide(roundId, ids[1]);
  expect(statements.filter((s) => s.includes('pilotflow_record_decision'))).toHaveLength(2);
  expect(statements).toHaveLength(2);

  // a hint that names a head the chain never had (a rolled-back transaction's)
  chainHeads.remember(chainKey, { seq: 9, lastHash: 'never' });
  statements = [];
  await decide(roundId, ids[2]);
  expect(statements).toHaveLength(2);
  expect((await records(roundId)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  expect(await brokenIn(chainKey)).toEqual([]);
});

test("when another writer moves the head before every one-statement attempt, then after three the write takes the chain's lock: written once, next in a gapless chain that verifies", async () => {
  const { roundId, ids, chainKey } = await openTasks(1);
  let others = 0;
  // the database as the write sees it: before each call of the function, another writer appends to the chain
  const busy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop !== '$queryRaw') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        await db.$transaction((tx) =>
          appendAudit(tx, { roundId, eventKey: `${roundId}/other/${++others}`, action: 'note', actor: ACTOR }),
        );
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  statements = [];
  const written = await writeDecision(
    busy as never,
    { taskId: ids[0], decision: 'approve', reason: null, result: { note: '同意' }, decidedById: ACTOR.userId },
    { roundId, eventKey: `${ids[0]}/decision`, action: 'task_decided', actor: ACTOR, taskId: ids[0], detail: {} },
  );
  expect(written).toMatchObject({ status: 'decided', decision: 'approve' });
  expect(others).toBe(3); // three attempts, each found the head moved
  expect(statements.filter((q) => q.includes('pilotflow_record_decision'))).toHaveLength(3);
  // then the locking transaction: the task updated by its own statement, the record appended under the head's lock
  expect(statements.filter((q) => /^UPDATE "public"\."Task"/.test(q))).toHaveLength(1);
  const chain = await records(roundId);
  expect(chain.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  expect(chain.filter((r) => r.taskId === ids[0]).map((r) => r.seq)).toEqual([4]);
  expect((await db.task.findUniqueOrThrow({ where: { id: ids[0] } })).status).toBe('decided');
  expect(await brokenIn(chainKey)).toEqual([]);
});

test('when the same decision is written again (a retry under its event key), then nothing is written twice and the first decision stands', async () => {
  const { roundId, ids, chainKey } = await openTasks(1);
  await decide(roundId, ids[0], 'approve');
  const before = await head(chainKey);
  expect(await decide(roundId, ids[0], 'reject')).toBeUndefined();
  expect(await db.task.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({ decision: 'approve' });
  expect(await records(roundId)).toHaveLength(1);
  expect(await head(chainKey)).toEqual(before);
});

test('when the task is no longer open, then the write is refused and nothing is written: no record, the head where it was', async () => {
  const { roundId, ids, chainKey } = await openTasks(2);
  await decide(roundId, ids[0]);
  await db.task.update({ where: { id: ids[1] }, data: { status: 'withdrawn' } });
  const before = await head(chainKey);
  await expect(decide(roundId, ids[1])).rejects.toBeInstanceOf(TaskNotOpen);
  await expect(decide(roundId, `${roundId}:no-such-task`)).rejects.toBeInstanceOf(TaskNotOpen);
  expect(await records(roundId)).toHaveLength(1);
  expect(await head(chainKey)).toEqual(before);
  expect(await db.task.findUniqueOrThrow({ where: { id: ids[1] } })).toMatchObject({
    status: 'withdrawn',
    decision: null,
  });
});

test('when eight decisions on one chain are written at once, then each is written once, in a gapless chain that verifies', async () => {
  const { roundId, ids, chainKey } = await openTasks(8);
  await Promise.all(ids.map((id) => decide(roundId, id)));
  const rows = await records(roundId);
  expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(new Set(rows.map((r) => r.taskId))).toEqual(new Set(ids));
  expect(await db.task.count({ where: { roundId, status: 'decided' } })).toBe(8);
  expect(await brokenIn(chainKey)).toEqual([]);
});
