// Issue 20's targets as the bench reports them: the limits are the issue's own figures.
import { checkTargets } from '../bench/targets';

const verdicts = (ratio: { latencyP50: number; latencyP95: number; cpuPerApplication: number }, rate: boolean) =>
  checkTargets({ ...ratio, throughput: 1 }, rate ? { perMinute: 60 } : { concurrency: 8 }).map((t) => [
    t.name,
    t.limit,
    t.met,
  ]);

test('when the load is offered at a rate, then p50 may be 1.5 times the floor, p95 and CPU twice', () => {
  expect(verdicts({ latencyP50: 1.5, latencyP95: 2, cpuPerApplication: 2 }, true)).toEqual([
    ['decision latency p50', 1.5, true],
    ['decision latency p95', 2, true],
    ['CPU per application', 2, true],
  ]);
  expect(verdicts({ latencyP50: 1.51, latencyP95: 2.01, cpuPerApplication: 2.53 }, true)).toEqual([
    ['decision latency p50', 1.5, false],
    ['decision latency p95', 2, false],
    ['CPU per application', 2, false],
  ]);
});

test('when the load is a closed loop (saturation), then latency may be twice the floor at p50 too', () => {
  expect(verdicts({ latencyP50: 1.9, latencyP95: 1.9, cpuPerApplication: 1 }, false)).toEqual([
    ['decision latency p50', 2, true],
    ['decision latency p95', 2, true],
    ['CPU per application', 2, true],
  ]);
  expect(verdicts({ latencyP50: 4.03, latencyP95: 2.5, cpuPerApplication: 1 }, false)[0]).toEqual([
    'decision latency p50',
    2,
    false,
  ]);
});
