// How CI counts a Schemathesis run (scripts/schemathesis.ts countEvents): from its NDJSON events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countEvents } from '../scripts/schemathesis';

const file = path.join(os.tmpdir(), `schemathesis-count-${process.pid}.ndjson`);
afterAll(() => fs.rmSync(file, { force: true }));

const error = (type: string, message: string) =>
  JSON.stringify({ NonFatalError: { label: 'GET /api/inbox/copied', value: { type, message } } });

test('when the fuzzer’s own interpreter fails, then it is listed but not counted against the API; a timed-out request still is', () => {
  fs.writeFileSync(
    file,
    [
      error('SystemError', 'AST constructor recursion depth mismatch (before=66, after=59)'),
      error('requests.exceptions.ReadTimeout', 'Read timed out. (read timeout=10)'),
    ].join('\n'),
  );
  const counts = countEvents(file);
  expect(counts.serverErrors).toBe(1);
  expect(counts.nonConformances).toBe(0);
  expect(counts.fuzzerErrors).toBe(1);
  expect(counts.failures).toHaveLength(2);
  expect(counts.failures.filter((f) => f.startsWith('fuzzer '))).toHaveLength(1);
});
