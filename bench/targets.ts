// The decision path's targets against the engine floor (issue 20), each a ratio ours / floor: at an
// equal offered load (an open loop) p50 ≤ 1.5 and p95 ≤ 2; at saturation (a closed loop) both ≤ 2;
// and the CPU of all processes per application ≤ 2 under either load.
import type { Load } from './pool';

export interface Ratios {
  latencyP50: number;
  latencyP95: number;
  throughput: number;
  cpuPerApplication: number;
}

export interface TargetCheck {
  name: 'decision latency p50' | 'decision latency p95' | 'CPU per application';
  ratio: number;
  limit: number;
  met: boolean;
}

const atEqualLoad = (load: Load) => 'perMinute' in load;

export function checkTargets(ratio: Ratios, load: Load): TargetCheck[] {
  const check = (name: TargetCheck['name'], value: number, limit: number): TargetCheck => ({
    name,
    ratio: value,
    limit,
    met: value <= limit,
  });
  return [
    check('decision latency p50', ratio.latencyP50, atEqualLoad(load) ? 1.5 : 2),
    check('decision latency p95', ratio.latencyP95, 2),
    check('CPU per application', ratio.cpuPerApplication, 2),
  ];
}

export interface RoundTargetCheck {
  name: 'simulation seconds' | 'CPU s per applicant' | 'every mail recorded, sent and received once';
  value: number | boolean;
  limit: number | true;
  met: boolean;
}

/**
 * A national round (`npm run bench:round -- --n 1000`): within 300 s, at most 0.3 CPU-s per applicant
 * over all processes, and every mail recorded, sent and received once. For another N the time scales
 * with it (0.3 s an applicant), which is what 300 s for 1,000 is.
 */
export function checkRoundTargets(r: {
  applicants: number;
  simulationSeconds: number;
  cpuSeconds: number;
  mail: { recorded: number; sent: number; received: number; distinctReceived: number };
}): RoundTargetCheck[] {
  const seconds = Math.round(0.3 * r.applicants * 1000) / 1000;
  const cpu = Math.round((r.cpuSeconds / r.applicants) * 1000) / 1000;
  const once =
    r.mail.recorded > 0 &&
    r.mail.sent === r.mail.recorded &&
    r.mail.received === r.mail.recorded &&
    r.mail.distinctReceived === r.mail.recorded;
  return [
    { name: 'simulation seconds', value: r.simulationSeconds, limit: seconds, met: r.simulationSeconds <= seconds },
    { name: 'CPU s per applicant', value: cpu, limit: 0.3, met: cpu <= 0.3 },
    { name: 'every mail recorded, sent and received once', value: once, limit: true, met: once },
  ];
}
