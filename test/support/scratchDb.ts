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
  const password = crypto.randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'pgliteProcess.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PGLITE_TEST_PASSWORD: password },
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the scratch database exited with ${code}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/port=(\d+)/);
      if (m) resolve(m[1]);
    });
  });
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
