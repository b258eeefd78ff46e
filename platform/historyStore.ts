// Workflow histories for auditors and the replayer: from the Temporal server while it keeps them,
// from the database's archive (WorkflowHistory) after the namespace's retention has removed them.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Db } from './db';

export type History = temporal.api.history.v1.IHistory;

export interface StoredHistory {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  source: 'temporal' | 'archive';
  history: History;
}

/** Writes one closed run's history into the archive; a run already there is left as it is. */
export async function archiveRun(
  db: Db,
  client: Client,
  info: Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'type' | 'status' | 'startTime' | 'closeTime'>,
): Promise<boolean> {
  if (await db.workflowHistory.findUnique({ where: { runId: info.runId }, select: { runId: true } })) return false;
  const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
  const json = historyToJSON(history);
  await db.workflowHistory.createMany({
    data: [
      {
        runId: info.runId,
        workflowId: info.workflowId,
        type: info.type,
        status: info.status.name,
        startedAt: info.startTime,
        closedAt: info.closeTime ?? new Date(),
        events: history.events?.length ?? 0,
        sha256: crypto.createHash('sha256').update(json).digest('hex'),
        history: new Uint8Array(zlib.gzipSync(json)),
      },
    ],
    skipDuplicates: true,
  });
  return true;
}

function fromArchive(row: {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  history: Uint8Array;
  sha256: string;
}): StoredHistory {
  const json = zlib.gunzipSync(row.history).toString('utf8');
  if (crypto.createHash('sha256').update(json).digest('hex') !== row.sha256)
    throw new Error(`archived history of ${row.workflowId} (run ${row.runId}) does not match its hash`);
  return {
    workflowId: row.workflowId,
    runId: row.runId,
    type: row.type,
    status: row.status,
    source: 'archive',
    history: historyFromJSON(JSON.parse(json)),
  };
}

/** The latest run's history of a workflow: from the server, else from the archive; undefined if neither has it. */
export async function loadHistory(client: Client, db: Db, workflowId: string): Promise<StoredHistory | undefined> {
  try {
    const handle = client.workflow.getHandle(workflowId);
    const described = await handle.describe();
    return {
      workflowId,
      runId: described.runId,
      type: described.type,
      status: described.status.name,
      source: 'temporal',
      history: await handle.fetchHistory(),
    };
  } catch (err) {
    if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
  }
  const row = await db.workflowHistory.findFirst({ where: { workflowId }, orderBy: { closedAt: 'desc' } });
  return row ? fromArchive(row) : undefined;
}

/** Every archived run whose workflow the server no longer knows (for replaying everything). */
export async function* archivedOnly(client: Client, db: Db): AsyncGenerator<StoredHistory> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.workflowHistory.findMany({
      orderBy: { runId: 'asc' },
      take: 100,
      ...(cursor ? { cursor: { runId: cursor }, skip: 1 } : {}),
    });
    if (!rows.length) return;
    for (const row of rows) {
      const onServer = await client.workflow
        .getHandle(row.workflowId, row.runId)
        .describe()
        .then(
          () => true,
          () => false,
        );
      if (!onServer) yield fromArchive(row);
    }
    cursor = rows[rows.length - 1].runId;
  }
}
