// The database an operator's command (audit:verify, replay) reads: DATABASE_URL; else the embedded
// database — through the running `npm start` when it holds the data folder, or opened directly.
import path from 'node:path';
import type { Config } from './config';
import { startEmbeddedDb, type EmbeddedDb } from './embeddedDb';

export async function toolDatabase(config: Config): Promise<EmbeddedDb> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  try {
    return await startEmbeddedDb(path.join(config.dataDir, 'pglite'), 0);
  } catch (err) {
    if (!/is in use by process/.test((err as Error).message)) throw err;
    return { url: `postgresql://postgres:postgres@127.0.0.1:${config.embeddedDbPort}/postgres?sslmode=disable`, stop: async () => undefined };
  }
}
