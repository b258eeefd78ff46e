// Every history in the replay corpus (test/histories/<version>/<case>/) — written by earlier
// versions of the workflow code, some of them still running when recorded — replays on the
// current code without nondeterminism. This is what keeps a deploy safe for workflows in flight.
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import * as workflows from '../workflows';
import { DEADLINE_ESCALATION, QUARTER_ROW_BY_ITS_WORKFLOW } from '../workflows/patches';
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
  const histories = files.map((file) => ({
    workflowId: file,
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
  }));
  const failures: { file: string; error: string }[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath: env.bundlePath() }, replayName: 'corpus' },
    histories,
  )) {
    replayed++;
    if (result.error) failures.push({ file: result.workflowId, error: String(result.error) });
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
}, 300_000); // one test for the whole corpus: it grows with every patch, and a busy machine replays it slowly

/** The patch ids a history recorded. */
const markerOf = (file: string) =>
  (
    JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')).events as {
      markerRecordedEventAttributes?: {
        markerName: string;
        details?: Record<string, { payloads?: { data?: string }[] }>;
      };
    }[]
  )
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map(
      (e) =>
        JSON.parse(
          Buffer.from(e.markerRecordedEventAttributes!.details!['patch-data'].payloads![0].data!, 'base64').toString(
            'utf8',
          ),
        ).id,
    );

test('when a history from before a patch replays through the patched workflow, then it takes the old branch, and a history from after takes the new one', async () => {
  quietRuntime();
  const review = (version: string) =>
    files.find(
      (f) => f.startsWith(`${version}/provincial-review-overdue/`) && typeOf(f) === 'provincialReviewWorkflow',
    )!;
  const [before, after] = [review('v1-1ecc52c'), review('v2-772b463')];
  expect(markerOf(before)).toEqual([]); // recorded before patched('deadline-escalation') existed
  expect(markerOf(after)).toEqual([DEADLINE_ESCALATION]);
  const histories = [before, after].map((file) => ({
    workflowId: file,
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
  }));
  const errors: unknown[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath: env.bundlePath() }, replayName: 'patch' },
    histories,
  ))
    errors.push(result.error);
  expect(errors).toEqual([undefined, undefined]);
});

test('when the corpus is read, then it holds pilots and quarters from before and after the quarters wrote their own rows', () => {
  const lifecycle = (version: string, type: string) =>
    files.filter((f) => f.startsWith(`${version}/lifecycle/`) && typeOf(f) === type);
  for (const type of ['pilotWorkflow', 'quarterlyReportWorkflow']) {
    const [before, after] = [lifecycle('v11-search-attributes', type), lifecycle('v12-quarter-row', type)];
    expect(before.length && after.length).toBeGreaterThan(0);
    expect(before.filter((f) => markerOf(f).includes(QUARTER_ROW_BY_ITS_WORKFLOW))).toEqual([]);
    expect(after.filter((f) => !markerOf(f).includes(QUARTER_ROW_BY_ITS_WORKFLOW))).toEqual([]);
  }
});
