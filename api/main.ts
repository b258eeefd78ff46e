// The API process: `npm start` runs it with the database and Temporal addresses it set up.
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../platform/config';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { clientConnectionOptions } from '../platform/temporalConnection';
import { updateDeadline } from '../platform/updateDeadline';
import { createLoginThrottle } from '../usecases/loginThrottle';
import { createApp } from './app';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'pilotflow-api');
  if (!config.databaseUrl || !config.temporalAddress) {
    throw new Error('DATABASE_URL and TEMPORAL_ADDRESS must be set (npm start sets them for the embedded defaults)');
  }
  const db = createDb(config.databaseUrl);
  const connection = await Connection.connect(clientConnectionOptions(config));
  const temporal = new Client({
    connection,
    namespace: config.temporalNamespace,
    interceptors: { workflow: [updateDeadline(connection, config.updateWaitSeconds * 1000)] },
  });
  // login attempts are counted in the database, so every API process sees the same counts
  const loginThrottle = createLoginThrottle({ databaseUrl: config.databaseUrl });
  const app = createApp({
    db,
    temporal,
    taskQueue: config.taskQueue,
    sessionTtlHours: config.sessionTtlHours,
    logger,
    outbox: { publicUrl: config.publicUrl, mailDomain: config.mailDomain },
    demoMode: config.demoMode,
    loginThrottle,
    trustProxy: config.trustProxy,
  });
  const server = app.listen(config.port, config.host, () =>
    logger.info({ url: `http://${config.host}:${config.port}` }, 'api listening'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(async () => {
      await connection.close();
      await loginThrottle.close();
      await db.$disconnect();
      logger.info('api stopped');
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
