// The suite on a busy machine: runs `npx jest` RUNS times (default 3) while LOAD processes (default
// 2) spin the CPU beside it, and prints each run's time and counts. Exits 1 unless every run is green.
//
//   npm run test:stress                   # 3 runs beside 2 CPU-bound processes
//   RUNS=1 LOAD=0 npm run test:stress     # one quiet run, for the comparison
//   npm run test:stress -- test/inbox.test.ts   # arguments go to jest
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.RUNS ?? 3);
const LOAD = Number(process.env.LOAD ?? 2);
const ROOT = path.join(__dirname, '..');

interface JestResult {
  numPassedTests: number;
  numFailedTests: number;
  numRuntimeErrorTestSuites: number;
}

function main(): number {
  // each a busy loop in a process of its own, killed when the runs are done
  const spinners = Array.from({ length: LOAD }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  const results: string[] = [];
  let green = 0;
  try {
    for (let run = 1; run <= RUNS; run++) {
      const out = path.join(os.tmpdir(), `pilotflow-stress-${process.pid}-${run}.json`);
      const started = Date.now();
      spawnSync('npx', ['jest', '--json', `--outputFile=${out}`, ...process.argv.slice(2)], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const seconds = (Date.now() - started) / 1000;
      const r = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as JestResult) : undefined;
      const failed = r ? r.numFailedTests + r.numRuntimeErrorTestSuites : NaN;
      if (r && failed === 0 && r.numPassedTests > 0) green++;
      results.push(
        `run ${run}: ${seconds.toFixed(0)} s, ${r?.numPassedTests ?? '?'} passed, ${Number.isNaN(failed) ? '?' : failed} failed`,
      );
      console.log(results[results.length - 1]);
    }
  } finally {
    for (const s of spinners) s.kill('SIGKILL');
  }
  console.log(
    `\n${RUNS} run(s) beside ${LOAD} CPU-bound process(es) on ${os.cpus().length} cores: ${green} green\n${results.join('\n')}`,
  );
  return green === RUNS ? 0 : 1;
}

process.exit(main());
