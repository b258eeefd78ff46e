// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) keeping its files in the
// data folder, served on loopback over the PostgreSQL wire protocol so that the API, the worker
// and Prisma use it exactly as they would a real server — with a password (SCRAM-SHA-256), and
// with its files readable by their owner only.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { EMBEDDED_DB_USER, servePglite, type PgliteServer } from './pgliteServer';

export interface EmbeddedDb {
  url: string;
  /** One pass of the maintenance that runs every MAINTENANCE_INTERVAL_MS (see vacuumAnalyze): each table's time. */
  maintain(): Promise<{ table: string; ms: number }[]>;
  stop(): Promise<void>;
}

/** How often the embedded database vacuums and analyzes its tables. */
export const MAINTENANCE_INTERVAL_MS = 10 * 60_000;

/**
 * PGlite runs no autovacuum: without this its planner never learns a table's size or its values'
 * spread (an inbox filtered by applicant kind planned 4 rows for 500, and took 125 ms instead of
 * 19 at p50), and dead rows are never reclaimed. One table at a time, so other clients wait for one
 * table's pass at most (the Task table's 226 ms at 100,000 tasks), never for the whole database.
 */
async function vacuumAnalyze(db: PGlite, server: PgliteServer): Promise<{ table: string; ms: number }[]> {
  const tables = await server.exclusive(() =>
    db.query<{ name: string }>(`SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
       WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`),
  );
  const times = [];
  for (const { name } of tables.rows) {
    const started = performance.now();
    await server.exclusive(() => db.exec(`VACUUM (ANALYZE) ${name}`));
    times.push({ table: name, ms: performance.now() - started });
  }
  return times;
}

/**
 * PGlite does not lock its data directory; two processes writing to it would corrupt it. Take
 * an exclusive lock file holding our pid, and take over only a lock whose process is gone.
 */
function acquireLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${path.dirname(lockFile)} is in use by process ${holder}. Stop it first, or set DATA_DIR to another folder.`,
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale: its process died without cleaning up
    }
  }
  throw new Error(`Could not lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Owner-only modes on the database folder: PGlite's initdb copies its files in with an explicit
 * chmod 0666 and its relation cache files get 0644, whatever the process umask (Emscripten's NODEFS
 * applies the WebAssembly side's modes). The folder itself (0700) is what keeps other users out;
 * this keeps each file private too.
 */
export function makePrivate(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makePrivate(full);
    else if (!entry.isFile()) continue;
    try {
      const mode = fs.lstatSync(full).mode & 0o777;
      if (mode & 0o077) fs.chmodSync(full, mode & 0o700);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // a temporary file PostgreSQL removed meanwhile
    }
  }
  fs.chmodSync(dir, 0o700);
}

/** The URL clients use: the one user, the password URL-encoded. */
export function embeddedDbUrl(port: number, password: string): string {
  return `postgresql://${EMBEDDED_DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`;
}

/**
 * Starts PGlite on `dir` (or in memory when dir is undefined) and serves it on 127.0.0.1:port to
 * clients that know `password` (processSecrets().embeddedDbPassword).
 */
export async function startEmbeddedDb(
  dir: string | undefined,
  port: number,
  password: string,
  onMaintenanceError: (err: Error) => void = (err) =>
    console.warn('embedded database maintenance failed:', err.message),
): Promise<EmbeddedDb> {
  if (!password)
    throw new Error(
      'The embedded database needs a password: set EMBEDDED_DB_PASSWORD (demo mode keeps one in DATA_DIR/secrets.json)',
    );
  let release = () => {};
  if (dir) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    release = acquireLock(path.join(dir, '..', `${path.basename(dir)}.lock`));
  }
  try {
    const db = await PGlite.create(dir ? { dataDir: dir } : {});
    let server: PgliteServer;
    try {
      if (dir) makePrivate(dir);
      server = await servePglite(db, port, password);
    } catch (err) {
      await db.close();
      throw err;
    }
    let pass: Promise<unknown> = Promise.resolve();
    /** A pass after the one under way, if any: passes never overlap. */
    const maintain = () => {
      const next = pass.catch(() => undefined).then(() => vacuumAnalyze(db, server));
      pass = next;
      return next;
    };
    const timer = setInterval(() => maintain().catch(onMaintenanceError), MAINTENANCE_INTERVAL_MS).unref();
    return {
      url: embeddedDbUrl(server.port, password),
      maintain,
      async stop() {
        clearInterval(timer);
        await pass.catch(() => undefined);
        await server.close();
        await db.close();
        if (dir) makePrivate(dir); // files PostgreSQL rewrote while running
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
