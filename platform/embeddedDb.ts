// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) keeping its files in the
// data folder, served on loopback over the PostgreSQL wire protocol so that the API, the worker
// and Prisma use it exactly as they would a real server.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from './pgliteServer';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite does not lock its data directory; two processes writing to it would corrupt it. Take
 * an exclusive lock file holding our pid, and take over only a lock whose process is gone.
 */
function acquireLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(`The embedded database in ${path.dirname(lockFile)} is in use by process ${holder}. Stop it first, or set DATA_DIR to another folder.`);
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

/** Starts PGlite on `dir` (or in memory when dir is undefined) and serves it on 127.0.0.1:port. */
export async function startEmbeddedDb(dir: string | undefined, port: number): Promise<EmbeddedDb> {
  let release = () => {};
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    release = acquireLock(path.join(dir, '..', `${path.basename(dir)}.lock`));
  }
  try {
    const db = await PGlite.create(dir ? { dataDir: dir } : {});
    const server = await servePglite(db, port);
    return {
      url: `postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres?sslmode=disable`,
      async stop() {
        await server.close();
        await db.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
