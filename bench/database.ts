// The bench's own database: a fresh one created (and dropped) on DATABASE_URL's PostgreSQL server,
// or the embedded PGlite in a temp folder, served by its own process.
import { createScratchDatabase } from '../platform/scratchDatabase';
import { startChild, type Child } from './child';

export interface BenchDatabase {
  url: string;
  label: 'PostgreSQL' | 'embedded PGlite';
  /** the embedded database's process, measured like the others */
  process?: Child;
  stop(): Promise<void>;
}

export async function startDatabase(dir: string): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'pilotflow_bench');
    return { url: scratch.url, label: 'PostgreSQL', stop: scratch.drop };
  }
  const child = await startChild({
    name: 'database',
    entry: 'bench/dbProcess.ts',
    args: [`${dir}/pglite`],
    env: process.env,
    logDir: dir,
    ready: /^url=(\S+)$/m,
  });
  return { url: child.ready[1], label: 'embedded PGlite', process: child, stop: () => child.stop() };
}
