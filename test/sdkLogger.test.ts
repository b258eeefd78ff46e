// The SDK's logger writes through pino (unit test of the adapter, with pino writing to memory).
import pino from 'pino';
import { sdkLogger } from '../platform/sdkLogger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, log: sdkLogger(logger) };
}

test("when workflow code logs at INFO, then pino writes it as a JSON line with the workflow's fields", () => {
  const { lines, log } = capture();
  log.info('review opened', {
    sdkComponent: 'workflow',
    workflowId: 'provincial-review-x-r1',
    taskQueue: 'pilotflow',
    sequence: 3n,
  });
  expect(lines).toEqual([
    expect.objectContaining({
      level: 30,
      msg: 'review opened',
      sdkComponent: 'workflow',
      workflowId: 'provincial-review-x-r1',
      sequence: '3',
    }),
  ]);
});

test('when the SDK itself chatters below WARN, then nothing is written; its warnings are', () => {
  const { lines, log } = capture();
  log.info('Workflow bundle created', { sdkComponent: 'worker' });
  log.debug('polling', {});
  log.warn('worker state changed', { sdkComponent: 'worker' });
  log.error('activity failed', { sdkComponent: 'activity' });
  expect(lines.map((l) => [l.level, l.msg])).toEqual([
    [40, 'worker state changed'],
    [50, 'activity failed'],
  ]);
});
