// Issue 20's targets as the bench reports them: the limits are the issue's own figures.
import { checkRoundTargets, checkTargets } from '../bench/targets';

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

test('when a national round of 1,000 is measured, then it must take 300 s at most, 0.3 CPU-s an applicant, and every mail once', () => {
  // the round of 2026-12-07T03-07-56 (bench/results): 632 s; bench 637.6 + database 147.7 + sink 64.2 + test server 216.7 CPU-s
  const mail = { recorded: 22_331, sent: 22_331, received: 22_331, distinctReceived: 22_331 };
  const measured = checkRoundTargets({ applicants: 1000, simulationSeconds: 632, cpuSeconds: 1066.2, mail });
  expect(measured.map((t) => [t.name, t.limit, t.met])).toEqual([
    ['simulation seconds', 300, false],
    ['CPU s per applicant', 0.3, false],
    ['every mail recorded, sent and received once', true, true],
  ]);
  expect(measured[1].value).toBeCloseTo(1.066, 3);
  expect(
    checkRoundTargets({ applicants: 1000, simulationSeconds: 300, cpuSeconds: 300, mail }).every((t) => t.met),
  ).toBe(true);
  // the pooled SMTP's run: 79 Message-IDs received twice
  const twice = { recorded: 22_349, sent: 22_349, received: 22_428, distinctReceived: 22_349 };
  expect(checkRoundTargets({ applicants: 1000, simulationSeconds: 200, cpuSeconds: 200, mail: twice })[2].met).toBe(
    false,
  );
});
