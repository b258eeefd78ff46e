// `npm run bench`: N applications through declaration and the seven-party provincial joint review
// (to its approval; the province's recommendation that follows is not driven) over the HTTP API,
// measured against the engine floor — a bare workflow doing the same Updates and
// activities — on the same Temporal server, under the same load. See README, "Benchmarks".
//
//   npm run bench                                   # 1,000 applications, 8 in flight, embedded PGlite
//   npm run bench -- --n 50 --concurrency 4
//   npm run bench -- --n 300 --rate 60             # open loop: 60 applications arriving a minute
//   DATABASE_URL=postgresql://… npm run bench       # on PostgreSQL (creates and drops its own database)
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../platform/db';
import { waitForFloor, driveFloor } from '../bench/floor/drive';
import { decisionsInApi } from '../bench/apiLog';
import { census } from '../bench/census';
import { startInfra, type Infra } from '../bench/infra';
import { machine } from '../bench/machine';
import { startWindow } from '../bench/measure';
import { progress } from '../bench/progress';
import { benchOptions } from '../bench/options';
import type { Load } from '../bench/pool';
import { createApplicants, createRound } from '../bench/population';
import { driveProduct, logIn, waitForApproved } from '../bench/product/drive';
import { ratios, summary, writeResult, type BenchResult, type PhaseResult } from '../bench/report';
import { latency } from '../bench/stats';
import { checkTargets } from '../bench/targets';
import { startSystem, type System } from '../bench/system';

async function main() {
  const options = benchOptions(process.argv.slice(2), {
    n: 1000,
    concurrency: 8,
    parties: 'in-turn',
    resultsDir: path.join(__dirname, '..', 'bench', 'results'),
  });
  const load: Load = options.rate ? { perMinute: options.rate } : { concurrency: options.concurrency };
  const before = machine();
  const infra = await startInfra();
  let system: System | undefined;
  process.once(
    'SIGINT',
    () => void (system?.stop() ?? Promise.resolve()).then(() => infra.stop()).then(() => process.exit(130)),
  );
  const db = createDb(infra.databaseUrl, 2);
  const connection = await Connection.connect({ address: infra.temporalAddress });
  const client = new Client({ connection });
  try {
    const roundId = await createRound(db);
    const applicants = await createApplicants(db, roundId, options.n);
    console.log(
      `infrastructure up in ${infra.dir} (${infra.databaseLabel}); ${options.n} applicants in ${new Set(applicants.map((a) => a.provinceCode)).size} provinces`,
    );

    // The floor first, on a fresh server; then pilotflow.
    system = await startSystem('floor', infra);
    const floorWindow = startWindow(() => processesOf(system!, infra, ['temporal server']));
    const floorStart = Date.now();
    const floor = await driveFloor(
      system.baseUrl,
      options.n,
      load,
      options.parties,
      progress('engine floor, decided', options.n),
    );
    await waitForFloor(client, options.n);
    const floorResult = phase(options.n, Date.now() - floorStart, floor, floorWindow());
    await system.stop();
    const floorCensus = await census(client, options.n, (type) => type === 'floorWorkflow', {
      workflowType: 'floorWorkflow',
      activityType: 'noop',
    });
    console.log(
      `engine floor: ${floorResult.applicationsPerMinute} applications/min, decision p50 ${floorResult.decision.p50} ms`,
    );

    system = await startSystem('product', infra);
    const tokens = await logIn(system.baseUrl, applicants);
    const productWindow = startWindow(() => processesOf(system!, infra, ['database', 'mail sink', 'temporal server']));
    const productStart = Date.now();
    const product = await driveProduct(
      system.baseUrl,
      roundId,
      applicants,
      tokens,
      load,
      options.parties,
      progress('pilotflow, decided', options.n),
    );
    await waitForApproved(db, roundId, options.n);
    const productResult = phase(options.n, Date.now() - productStart, product, productWindow());
    const checks = {
      approved: await db.auditEvent.count({ where: { action: 'approved_provincially', application: { roundId } } }),
      decisionsRecorded: await db.auditEvent.count({ where: { action: 'task_decided', application: { roundId } } }),
      expectedDecisions: 7 * options.n,
    };
    await system.stop();
    const apiHandling = decisionsInApi(system.api.logFile);
    system = undefined;
    const productCensus = await census(client, options.n, (type) => type !== 'floorWorkflow', {
      workflowType: 'applicationWorkflow',
      activityType: 'recordDecision',
    });

    const ratio = ratios(productResult, floorResult);
    const result: BenchResult = {
      at: new Date().toISOString(),
      machine: { ...before, loadAverageAfter: machine().loadAverage },
      options: { n: options.n, load, parties: options.parties },
      database: infra.databaseLabel,
      product: {
        ...productResult,
        decisionInApi: apiHandling,
        tasksOpen: latency(product.tasksOpenMs),
        taskRead: latency(product.taskReadMs),
        checks,
        census: productCensus,
      },
      floor: {
        ...floorResult,
        census: floorCensus,
        hop: 'driven over HTTP like pilotflow: a minimal Express endpoint with a Temporal client (no session, database or logging) in its own process',
      },
      ratio,
      targets: checkTargets(ratio, load),
    };
    const file = writeResult(
      options.resultsDir,
      result,
      options.rate ? `${options.n}-rate${options.rate}` : String(options.n),
    );
    console.log('\n' + summary(result) + `\n\nwritten to ${path.relative(process.cwd(), file)} (and .md)`);
  } finally {
    await system?.stop();
    await connection.close();
    await db.$disconnect();
    await infra.stop();
  }
}

/** The system's two processes, and those of the infrastructure that the run uses. */
function processesOf(system: System, infra: Infra, shared: string[]) {
  const measured = infra.measured();
  return {
    worker: system.worker.sample(),
    api: system.api.sample(),
    ...Object.fromEntries(shared.filter((name) => measured[name]).map((name) => [name, measured[name]])),
  };
}

function phase(
  n: number,
  ms: number,
  driven: { submitMs: number[]; decisionMs: number[] },
  processes: PhaseResult['processes'],
): PhaseResult {
  return {
    applications: n,
    seconds: Math.round(ms / 100) / 10,
    applicationsPerMinute: Math.round((n / ms) * 60_000 * 10) / 10,
    submit: latency(driven.submitMs),
    decision: latency(driven.decisionMs),
    processes,
  };
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
