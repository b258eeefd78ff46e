// Every history in the replay corpus (test/histories/<version>/<case>/) — written by earlier
// versions of the workflow code, some of them still running when recorded — replays on the
// current code without nondeterminism. This is what keeps a deploy safe for workflows in flight.
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import * as workflows from '../workflows';
import { env, quietRuntime } from './support/harness';
import { HISTORIES_DIR } from './support/histories';

const files = fs
  .readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();
const typeOf = (file: string) => path.basename(file, '.json').replace(/^\d+-/, '');

test('when the corpus is read, then it holds histories of every workflow type', () => {
  expect([...new Set(files.map(typeOf))].sort()).toEqual(Object.keys(workflows).sort());
});

test('when every recorded history is replayed on the current code, then none is nondeterministic', async () => {
  quietRuntime();
  const histories = files.map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))) }));
  const failures: { file: string; error: string }[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: env.bundlePath() }, replayName: 'corpus' }, histories)) {
    replayed++;
    if (result.error) failures.push({ file: result.workflowId, error: String(result.error) });
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
});
