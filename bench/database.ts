// The bench's own database: a fresh one created (and dropped) on DATABASE_URL's PostgreSQL server,
// or the embedded PGlite in a temp folder, served by its own process.
import pg from 'pg';
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
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = `pilotflow_bench_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      label: 'PostgreSQL',
      stop: async () => {
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const child = await startChild({ name: 'database', entry: 'bench/dbProcess.ts', args: [`${dir}/pglite`], env: process.env, logDir: dir, ready: /^url=(\S+)$/m });
  return { url: child.ready[1], label: 'embedded PGlite', process: child, stop: () => child.stop() };
}
