// A database of a test's own, apart from the one every test file shares: a fresh database on the
// PostgreSQL server named by TEST_DATABASE_URL, or an in-memory PGlite in a child process
// (PGlite's WebAssembly cannot load inside Jest's module sandbox). Empty: migrate it first.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { createScratchDatabase } from '../../platform/scratchDatabase';

export interface ScratchDb {
  url: string;
  stop(): Promise<void>;
}

export async function startScratchDb(prefix = 'pilotflow_scratch'): Promise<ScratchDb> {
  if (process.env.TEST_DATABASE_URL) {
    const d = await createScratchDatabase(process.env.TEST_DATABASE_URL, prefix);
    return { url: d.url, stop: d.drop };
  }
  return startPgliteProcess();
}

/** An in-memory embedded database in a child process; maintain() runs its maintenance pass now. */
export async function startPgliteProcess(): Promise<ScratchDb & { maintain(): Promise<void> }> {
  const password = crypto.randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'pgliteProcess.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PGLITE_TEST_PASSWORD: password },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const printed = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const look = () => {
        const m = out.match(pattern);
        if (!m) return;
        out = out.slice(m.index! + m[0].length);
        child.stdout!.off('data', look);
        child.off('exit', exited);
        resolve(m);
      };
      const exited = (code: number) => reject(new Error(`the scratch database exited with ${code}`));
      child.once('exit', exited);
      child.stdout!.on('data', look);
      look();
    });
  const [, port] = await printed(/port=(\d+)/);
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres?sslmode=disable`,
    async maintain() {
      const answer = printed(/maintained|maintenance failed: .*/);
      child.kill('SIGUSR2');
      const [line] = await answer;
      if (line !== 'maintained') throw new Error(line);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
