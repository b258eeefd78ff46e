// The bench's result: printed, and written to bench/results/<ISO date>-<N>.json with a short .md.
import fs from 'node:fs';
import path from 'node:path';
import type { Census } from './census';
import type { machine } from './machine';
import type { Measured } from './measure';
import { describeLoad, type Load } from './pool';
import type { Latency } from './stats';
import type { Ratios, TargetCheck } from './targets';

export interface PhaseResult {
  applications: number;
  seconds: number;
  applicationsPerMinute: number;
  submit: Latency;
  decision: Latency;
  /** CPU seconds within the phase, peak RSS of the process's life */
  processes: Record<string, Measured>;
}

export interface BenchResult {
  at: string;
  machine: ReturnType<typeof machine> & { loadAverageAfter: number[] };
  options: { n: number; load: Load; parties: 'in-turn' | 'together' };
  database: string;
  product: PhaseResult & {
    /** the API's own time per decision, from its request log */
    decisionInApi: Latency;
    tasksOpen: Latency;
    /** GET /api/tasks/:id while waiting for the tasks: the API and database alone */
    taskRead: Latency;
    /** approved: applications whose joint review ended approving them ('approved_provincially') */
    checks: { approved: number; decisionsRecorded: number; expectedDecisions: number };
    census: Census;
  };
  floor: PhaseResult & { hop: string; census: Census };
  /** ours / floor: latency and CPU above 1 is slower; throughput below 1 is slower */
  ratio: Ratios;
  targets: TargetCheck[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const work = (c: Census) =>
  `${c.perApplication.workflows}, ${c.perApplication.activities}, ${c.perApplication.workflowTasks}, ${c.perApplication.historyEvents}`;

/** A local activity runs in the workflow task: it never waits in a task queue, and its run is part of the task's. */
const activityRun = (c: Census) =>
  c.decisionActivityRun.count
    ? `${c.decisionActivityRun.p50} / ${c.decisionActivityRun.p95}`
    : 'inside its workflow task (a local activity)';
const activityWait = (c: Census) =>
  c.decisionActivityWait.count
    ? `${c.decisionActivityWait.p50} / ${c.decisionActivityWait.p95}`
    : 'never (a local activity)';

/** CPU seconds of all the phase's processes per application. */
export const cpuPerApplication = (p: PhaseResult) =>
  Object.values(p.processes).reduce((sum, m) => sum + m.cpuSeconds, 0) / p.applications;

export function ratios(product: PhaseResult, floor: PhaseResult): Ratios {
  return {
    latencyP50: r2(product.decision.p50 / floor.decision.p50),
    latencyP95: r2(product.decision.p95 / floor.decision.p95),
    throughput: r2(product.applicationsPerMinute / floor.applicationsPerMinute),
    cpuPerApplication: r2(cpuPerApplication(product) / cpuPerApplication(floor)),
  };
}

const s3 = (x: number) => Math.round(x * 1000) / 1000;

export function summary(r: BenchResult): string {
  const row = (name: string, p: PhaseResult) =>
    `| ${name} | ${p.applicationsPerMinute} | ${p.decision.p50} / ${p.decision.p95} / ${p.decision.p99} | ${p.submit.p50} / ${p.submit.p95} | ${Object.entries(
      p.processes,
    )
      .map(([proc, m]) => `${proc} ${m.cpuSeconds} s, ${m.peakRssMb} MB`)
      .join('; ')} |`;
  return [
    `Benchmark ${r.at}: ${r.options.n} applications ${describeLoad(r.options.load)}, their seven parties deciding ${r.options.parties === 'together' ? 'at the same moment' : 'in turn'}, ${r.database}`,
    `Machine: ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGb} GB, ${r.machine.os}, Node ${r.machine.node}; load average ${r.machine.loadAverage.join(' ')} before, ${r.machine.loadAverageAfter.join(' ')} after`,
    '',
    '| run | applications/min | decision p50 / p95 / p99 ms | submission p50 / p95 ms | CPU s in the run, peak RSS |',
    '|---|---|---|---|---|',
    row('pilotflow', r.product),
    row('engine floor', r.floor),
    '',
    `pilotflow: ${r.product.checks.approved}/${r.options.n} approved by their joint review (each then waits for its province's recommendation to MOFCOM, not driven here), ${r.product.checks.decisionsRecorded}/${r.product.checks.expectedDecisions} decisions recorded; tasks open ${r.product.tasksOpen.p50} / ${r.product.tasksOpen.p95} ms (p50 / p95) after the submission's answer`,
    `Floor: ${r.floor.hop}`,
    '',
    "Where a decision's time goes (p50 / p95 ms):",
    `  pilotflow: ${r.product.decision.p50} / ${r.product.decision.p95} at the client; ${r.product.decisionInApi.p50} / ${r.product.decisionInApi.p95} in the API; ${r.product.census.decisionInWorkflow.p50} / ${r.product.census.decisionInWorkflow.p95} in the workflow (Update accepted → completed), of which the recordDecision activity ran ${activityRun(r.product.census)}; a task read (API and database, no workflow) ${r.product.taskRead.p50} / ${r.product.taskRead.p95}`,
    `  floor:     ${r.floor.decision.p50} / ${r.floor.decision.p95} at the client; ${r.floor.census.decisionInWorkflow.p50} / ${r.floor.census.decisionInWorkflow.p95} in the workflow, of which the no-op activity ran ${activityRun(r.floor.census)}`,
    `  that workflow's tasks: waiting for a worker ${r.product.census.workflowTaskWait.p50} / ${r.product.census.workflowTaskWait.p95} (floor ${r.floor.census.workflowTaskWait.p50} / ${r.floor.census.workflowTaskWait.p95}), running ${r.product.census.workflowTaskRun.p50} / ${r.product.census.workflowTaskRun.p95} (floor ${r.floor.census.workflowTaskRun.p50} / ${r.floor.census.workflowTaskRun.p95}); the decision activity waiting ${activityWait(r.product.census)} (floor ${activityWait(r.floor.census)})`,
    `Temporal work per application (workflows, activities, workflow tasks, history events): pilotflow ${work(r.product.census)}; floor ${work(r.floor.census)}`,
    `  pilotflow's activities per application: ${Object.entries(r.product.census.activitiesByType)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
    `  the floor's: ${Object.entries(r.floor.census.activitiesByType)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
    `CPU s per application, all processes: pilotflow ${s3(cpuPerApplication(r.product))}; floor ${s3(cpuPerApplication(r.floor))}`,
    `Ratio ours/floor: decision latency p50 ${r.ratio.latencyP50}, p95 ${r.ratio.latencyP95}; throughput ${r.ratio.throughput}; CPU per application ${r.ratio.cpuPerApplication}`,
    `Targets (ours / floor): ${r.targets.map((t) => `${t.name} ${t.ratio} ≤ ${t.limit} ${t.met ? 'met' : 'NOT met'}`).join('; ')}`,
  ].join('\n');
}

/** Writes <dir>/<ISO date>-<N>.json and .md; returns the JSON file's path. */
export function writeResult(dir: string, r: BenchResult, label = String(r.options.n)): string {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${r.at.slice(0, 19).replace(/:/g, '-')}-${label}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, summary(r) + '\n');
  return `${base}.json`;
}
