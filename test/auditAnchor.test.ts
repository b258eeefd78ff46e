// The audit anchor on the real server: the worker's Temporal Schedule runs the anchor workflow,
// whose activity appends the chains' heads to the anchor file outside the database and returns
// their digest, so the workflow's history holds it too; the line it wrote verifies against the
// chains.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appendAudit } from '../platform/audit';
import { canonicalJson } from '../domain/canonicalJson';
import type { AnchorDigest } from '../platform/auditAnchor';
import { verifyAuditChains } from '../platform/auditChain';
import { ensureAnchorSchedule } from '../workers/anchorSchedule';
import { keepHistories } from './support/histories';
import { env, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let dir: string;
let sql: pg.Client;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-anchor-'));
  h = await startHarness();
  sql = new pg.Client({ connectionString: env.databaseUrl() });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await h.stop();
  delete process.env.AUDIT_ANCHOR_FILE;
  fs.rmSync(dir, { recursive: true, force: true });
});

test('when the anchor schedule fires, then its workflow appends every chain head to the anchor file and its history keeps their digest', async () => {
  const roundId = `anchor-${crypto.randomUUID().slice(0, 8)}`;
  for (const i of [1, 2])
    await h.db.$transaction((tx) => appendAudit(tx, { roundId, eventKey: `${roundId}/${i}`, action: 'test_event' }));
  const head = await h.db.auditChain.findUniqueOrThrow({ where: { chainKey: `round:${roundId}` } });
  const file = path.join(dir, 'anchors.jsonl');
  process.env.AUDIT_ANCHOR_FILE = file; // the worker's setting, read by the activity at each pass

  const scheduleId = `audit-anchor-schedule-${Date.now()}`;
  expect(await ensureAnchorSchedule(h.client, h.taskQueue, 60, scheduleId)).toBe('created');
  expect(await ensureAnchorSchedule(h.client, h.taskQueue, 60, scheduleId)).toBe('exists');
  const schedule = h.client.schedule.getHandle(scheduleId);
  try {
    const described = await schedule.describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'auditAnchorWorkflow',
      taskQueue: h.taskQueue,
    });
    expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 3_600_000 })]);
    await schedule.trigger();
    const action = await waitFor(
      'the schedule starts the anchor workflow',
      async () => (await schedule.describe()).info.recentActions[0]?.action,
    );
    const digest = (await h.client.workflow.getHandle(action.workflow.workflowId).result()) as AnchorDigest;

    const lines = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line.heads[`round:${roundId}`]).toEqual([2, head.lastHash]);
    // the history's digest is the sha256 of exactly the heads the (first) line holds
    expect(digest).toEqual({
      at: line.at,
      keyId: 'test1',
      chains: Object.keys(line.heads).length,
      written: Object.keys(line.heads).length,
      sha256: crypto.createHash('sha256').update(canonicalJson(line.heads)).digest('hex'),
    });
    const report = await verifyAuditChains(sql, { anchorFile: file });
    expect(report.anchors).toMatchObject({ missing: false, lines: 1, anchored: Object.keys(line.heads).length });
    expect(report.broken.filter((b) => b.chainKey === `round:${roundId}` || b.chainKey === '(anchors)')).toEqual([]);
    await keepHistories(h.client, 'audit-anchor', [action.workflow.workflowId]);
  } finally {
    await schedule.delete();
  }
});
