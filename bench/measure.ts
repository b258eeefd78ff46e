// CPU seconds spent by each process within a window of the run, and its peak memory so far.
import type { ProcSample } from './proc';

export interface Measured {
  cpuSeconds: number;
  peakRssMb: number;
}

export function startWindow(processes: () => Record<string, ProcSample>): () => Record<string, Measured> {
  const before = processes();
  return () =>
    Object.fromEntries(
      Object.entries(processes()).map(([name, now]) => [
        name,
        { cpuSeconds: round(now.cpuSeconds - (before[name]?.cpuSeconds ?? 0)), peakRssMb: round(now.peakRssMb) },
      ]),
    );
}

const round = (x: number) => Math.round(x * 10) / 10;
