// The database an operator's command (audit:verify, replay) reads: DATABASE_URL; else the embedded
// database — through the running `npm start` when it holds the data folder, or opened directly —
// with the embedded database's password (EMBEDDED_DB_PASSWORD, or DATA_DIR/secrets.json in demo mode).
import path from 'node:path';
import type { Config } from './config';
import { embeddedDbUrl, startEmbeddedDb, type EmbeddedDb } from './embeddedDb';
import { embeddedDbPassword } from './secrets';

export async function toolDatabase(config: Config): Promise<Pick<EmbeddedDb, 'url' | 'stop'>> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const password = embeddedDbPassword(config);
  try {
    return await startEmbeddedDb(path.join(config.dataDir, 'pglite'), 0, password);
  } catch (err) {
    if (!/is in use by process/.test((err as Error).message)) throw err;
    return { url: embeddedDbUrl(config.embeddedDbPort, password), stop: async () => undefined };
  }
}
