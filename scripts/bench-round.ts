// `npm run bench:round`: a national round on Temporal's time-skipping test server — applicants in
// all 31 provinces and central enterprises through declaration, the seven-party review, expert
// scoring, selection and a two-year pilot with its quarterly reports, compilations and both
// evaluations — timed, with each process's CPU and peak memory. See README, "Benchmarks".
//
//   npm run bench:round                         # ~1,000 applicants (2 % central enterprises)
//   npm run bench:round -- --n 200 --concurrency 8
import path from 'node:path';
import { machine } from '../bench/machine';
import { startWindow } from '../bench/measure';
import { benchOptions } from '../bench/options';
import { progress } from '../bench/progress';
import { waitFor } from '../bench/wait';
import { createApplicants, createRound } from '../bench/population';
import { actors } from '../bench/round/actors';
import { declareAndReview } from '../bench/round/declaration';
import { startRoundEnvironment } from '../bench/round/environment';
import { runPilots } from '../bench/round/pilots';
import { roundSummary, writeRoundResult, type RoundResult } from '../bench/round/report';
import { select } from '../bench/round/selection';
import { checkRoundTargets } from '../bench/targets';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';

async function main() {
  const options = benchOptions(process.argv.slice(2), {
    n: 1000,
    concurrency: 8,
    parties: 'together',
    resultsDir: path.join(__dirname, '..', 'bench', 'results'),
  });
  const before = machine();
  const started = Date.now();
  const seconds = (from: number) => Math.round((Date.now() - from) / 100) / 10;
  const env = await startRoundEnvironment();
  try {
    const window = startWindow(env.processes);
    const central = Math.max(1, Math.round(options.n / 50));
    // About a tenth selected, half cities and half enterprises.
    const quotas = {
      city: Math.max(1, Math.round(options.n / 20)),
      enterprise: Math.max(1, Math.round(options.n / 20)),
    };
    const roundId = await createRound(env.db, { selection: { ...DEFAULT_ROUND_CONFIG.selection, quotas } });
    const applicants = await createApplicants(env.db, roundId, options.n - central, central);
    const as = actors(env.db);
    const setup = seconds(started);
    console.log(`set up in ${setup} s (${env.databaseLabel}); ${options.n} applicants`);

    let t = Date.now();
    await declareAndReview(
      env,
      as,
      roundId,
      applicants,
      options.concurrency,
      options.parties,
      progress('scored', options.n),
    );
    const declarationToScores = seconds(t);
    console.log(`declaration → ${options.n} scored: ${declarationToScores} s`);
    t = Date.now();
    const selected = await select(env, as, roundId, options.n);
    const selection = seconds(t);
    console.log(`selection: ${selected.length} selected in ${selection} s`);
    t = Date.now();
    await runPilots(env, as, roundId, selected, options.concurrency, (line) =>
      console.log(`  ${line} (${seconds(t)} s)`),
    );
    const pilotsToFinalEvaluation = seconds(t);
    const processes = window();

    const count = (status: string) => env.db.application.count({ where: { roundId, status } });
    // The mail still on its way goes out (untimed), then every message is counted once.
    await waitFor(
      'the last mail delivered',
      async () => (await env.db.notification.count({ where: { status: 'pending' } })) === 0,
      120_000,
      200,
    );
    const received = await env.db.sinkMessage.findMany({ select: { messageId: true } });
    const mail = {
      recorded: await env.db.notification.count(),
      sent: await env.db.notification.count({ where: { status: 'sent' } }),
      received: received.length,
      distinctReceived: new Set(received.map((m) => m.messageId)).size,
    };
    const simulation = Math.round((declarationToScores + selection + pilotsToFinalEvaluation) * 10) / 10;
    const result: RoundResult = {
      at: new Date().toISOString(),
      machine: before,
      options: { n: options.n, concurrency: options.concurrency, parties: options.parties },
      database: env.databaseLabel,
      applicants: {
        provincial: options.n - central,
        central,
        provinces: new Set(applicants.map((a) => a.provinceCode).filter(Boolean)).size,
      },
      quotas,
      seconds: { setup, declarationToScores, selection, pilotsToFinalEvaluation, simulation, wall: seconds(started) },
      checks: {
        scored: await env.db.auditEvent.count({ where: { application: { roundId }, toStatus: 'scored' } }),
        selected: selected.length,
        notSelected: await count('not_selected'),
        completed: await count('completed'),
      },
      mail,
      processes,
      targets: checkRoundTargets({
        applicants: options.n,
        simulationSeconds: simulation,
        cpuSeconds: Object.values(processes).reduce((sum, m) => sum + m.cpuSeconds, 0),
        mail,
      }),
    };
    const file = writeRoundResult(options.resultsDir, result);
    console.log('\n' + roundSummary(result) + `\n\nwritten to ${path.relative(process.cwd(), file)} (and .md)`);
  } finally {
    await env.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
