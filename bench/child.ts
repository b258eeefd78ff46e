// A part of the system under test as its own process — `node --import tsx <entry>`, so its pid is
// the process that does the work and /proc measures it alone — with its output in a log file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sample, type ProcSample } from './proc';

const ROOT = path.join(__dirname, '..');

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  /** what matched the readiness pattern in the child's output */
  ready: RegExpMatchArray;
  /** its CPU and memory now (the last sample taken, once it has exited) */
  sample(): ProcSample;
  stop(): Promise<void>;
  /** SIGKILL: no draining, as when its machine dies */
  kill(): Promise<void>;
}

export async function startChild(opts: {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  logDir: string;
  ready: RegExp;
  args?: string[];
}): Promise<Child> {
  const logFile = path.join(opts.logDir, `${opts.name}.log`);
  // a part started again appends to its log: only what this start writes says it is ready
  const from = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const out = fs.openSync(logFile, 'a');
  // BENCH_CPU_PROF=<dir>: each thread of each process writes a V8 CPU profile into <dir>/<name>/ on exit.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_CPU_PROF, opts.name)}`]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', path.join(ROOT, opts.entry), ...(opts.args ?? [])],
    { env: opts.env, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const pid = child.pid!;
  let last: ProcSample = { cpuSeconds: 0, rssMb: 0, peakRssMb: 0 };
  const measure = () => (last = sample(pid) ?? last);
  let exited = child.exitCode !== null;
  child.once('exit', () => (exited = true));

  const deadline = Date.now() + 180_000;
  let ready: RegExpMatchArray | null = null;
  while (!(ready = fs.readFileSync(logFile).subarray(from).toString('utf8').match(opts.ready))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${opts.name} ${exited ? 'exited' : 'was not ready within 180 s'}; its output:\n${tail(logFile)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name: opts.name,
    pid,
    logFile,
    ready,
    sample: measure,
    stop: () =>
      new Promise<void>((resolve) => {
        measure();
        if (exited) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
    kill: () =>
      new Promise<void>((resolve) => {
        measure();
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export function tail(file: string, lines = 30): string {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
