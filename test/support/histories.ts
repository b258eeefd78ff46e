// The replay corpus: histories that earlier versions of the workflow code wrote, kept in
// test/histories/<version>/ so that test/replay.test.ts proves every later change replays them.
// A test adds its workflows to the corpus when run with RECORD_HISTORIES=<version>.
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.join(__dirname, '..', 'histories');

/** Saves the named workflows' histories (running or closed) under a case name, when recording. */
export async function keepHistories(client: Client, caseName: string, workflowIds: string[]): Promise<void> {
  const version = process.env.RECORD_HISTORIES;
  if (!version) return;
  const dir = path.join(HISTORIES_DIR, version, caseName);
  fs.mkdirSync(dir, { recursive: true });
  for (const [i, workflowId] of workflowIds.entries()) {
    const handle = client.workflow.getHandle(workflowId);
    const { type } = await handle.describe();
    const history = await handle.fetchHistory();
    fs.writeFileSync(path.join(dir, `${String(i).padStart(2, '0')}-${type}.json`), historyToJSON(history) + '\n');
  }
}
