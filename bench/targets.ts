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
