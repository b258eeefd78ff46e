// The round simulation's result: printed, and written next to the benchmark's in bench/results/.
import fs from 'node:fs';
import path from 'node:path';
import type { machine } from '../machine';
import type { Measured } from '../measure';
import type { RoundTargetCheck } from '../targets';

export interface RoundResult {
  at: string;
  machine: ReturnType<typeof machine>;
  options: { n: number; concurrency: number; parties: 'in-turn' | 'together' };
  database: string;
  applicants: { provincial: number; central: number; provinces: number };
  quotas: { city: number; enterprise: number };
  /** seconds per phase; setup (servers, migrations, bundling the workflows) is not in the simulation's time */
  seconds: {
    setup: number;
    declarationToScores: number;
    selection: number;
    pilotsToFinalEvaluation: number;
    simulation: number;
    wall: number;
  };
  checks: { scored: number; selected: number; notSelected: number; completed: number };
  /** once the last deliveries have run (after the timed simulation): rows recorded, sent, and messages the sink received (with distinct Message-IDs) */
  mail: { recorded: number; sent: number; received: number; distinctReceived: number };
  /** CPU seconds over the whole run, peak RSS */
  processes: Record<string, Measured>;
  targets: RoundTargetCheck[];
}

export function roundSummary(r: RoundResult): string {
  return [
    `Round simulation ${r.at}: ${r.options.n} applicants (${r.applicants.provincial} in ${r.applicants.provinces} provinces + ${r.applicants.central} central enterprises), ${r.options.concurrency} at a time, ${r.database}, time-skipping test server`,
    `Machine: ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGb} GB; load average ${r.machine.loadAverage.join(' ')} before`,
    `Declaration → scores ${r.seconds.declarationToScores} s; selection ${r.seconds.selection} s; pilots → final evaluation ${r.seconds.pilotsToFinalEvaluation} s (8 quarters, 2 evaluations, time skipped)`,
    `Simulation ${r.seconds.simulation} s (wall ${r.seconds.wall} s with ${r.seconds.setup} s setup): ${r.checks.scored} scored, ${r.checks.selected} selected (quotas ${r.quotas.city} + ${r.quotas.enterprise}), ${r.checks.notSelected} not selected, ${r.checks.completed} pilots completed`,
    `Mail: ${r.mail.recorded} recorded, ${r.mail.sent} sent, ${r.mail.received} received by the sink (${r.mail.distinctReceived} distinct Message-IDs)`,
    `Processes (CPU s, peak RSS): ${Object.entries(r.processes)
      .map(([name, m]) => `${name} ${m.cpuSeconds} s, ${m.peakRssMb} MB`)
      .join('; ')}`,
    `Targets: ${r.targets.map((t) => `${t.name} ${t.value} (limit ${t.limit}) ${t.met ? 'met' : 'NOT met'}`).join('; ')}`,
  ].join('\n');
}

export function writeRoundResult(dir: string, r: RoundResult): string {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${r.at.slice(0, 19).replace(/:/g, '-')}-round-${r.options.n}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, roundSummary(r) + '\n');
  return `${base}.json`;
}
