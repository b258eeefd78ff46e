// The worker process: `npm start` runs it with the database and Temporal addresses it set up;
// in a cluster, run as many as the load needs (see README, "Scale-out").
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { bundleHasActorKeys } from '../platform/actorSignature';
import { sdkLogger } from '../platform/sdkLogger';
import { loadConfig, redactUrl } from '../platform/config';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { ensureSearchAttributes } from '../platform/searchAttributes';
import { clientConnectionOptions, workerConnectionOptions } from '../platform/temporalConnection';
import { createMailer } from '../notifications/mailer';
import { ensureAnchorSchedule } from './anchorSchedule';
import { ensureArchiveSchedule } from './archiveSchedule';
import { createWorker } from './createWorker';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'pilotflow-worker');
  if (!config.databaseUrl || !config.temporalAddress) {
    throw new Error('DATABASE_URL and TEMPORAL_ADDRESS must be set (npm start sets them for the embedded defaults)');
  }
  // Workflow and activity logs through pino at their level; the SDK's own chatter only from WARN up.
  Runtime.install({
    logger: sdkLogger(logger),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });
  const workflowBundle = config.workflowBundle ? prebuiltBundle(config.workflowBundle) : undefined;
  const db = createDb(config.databaseUrl);
  await registerSearchAttributes(config, logger);
  const connection = await NativeConnection.connect(workerConnectionOptions(config));
  const worker = await createWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    db,
    logger,
    mailer: createMailer(config.smtpUrl),
    outbox: { publicUrl: config.publicUrl, mailDomain: config.mailDomain, mailFrom: config.mailFrom },
    workflowBundle,
  });
  logger.info(
    {
      taskQueue: config.taskQueue,
      namespace: config.temporalNamespace,
      smtp: redactUrl(config.smtpUrl),
      workflowBundle: config.workflowBundle ?? 'bundled at start',
    },
    'worker started',
  );
  if (config.archiveEveryMinutes > 0) {
    const clientConnection = await Connection.connect(clientConnectionOptions(config));
    const schedule = await ensureArchiveSchedule(
      new Client({ connection: clientConnection, namespace: config.temporalNamespace }),
      config.taskQueue,
      config.archiveEveryMinutes,
    );
    await clientConnection.close();
    logger.info({ schedule, everyMinutes: config.archiveEveryMinutes }, 'history archive scheduled');
  }
  if (config.auditAnchorEveryMinutes > 0) {
    const clientConnection = await Connection.connect(clientConnectionOptions(config));
    const schedule = await ensureAnchorSchedule(
      new Client({ connection: clientConnection, namespace: config.temporalNamespace }),
      config.taskQueue,
      config.auditAnchorEveryMinutes,
    );
    await clientConnection.close();
    logger.info(
      { schedule, everyMinutes: config.auditAnchorEveryMinutes, file: config.auditAnchorFile },
      'audit chain anchors scheduled',
    );
  }
  // worker.run() resolves once a SIGINT/SIGTERM has drained in-flight tasks (the SDK's default).
  await worker.run();
  await connection.close();
  await db.$disconnect();
  logger.info('worker stopped');
}

/**
 * WORKFLOW_BUNDLE's code, which spares the worker bundling the workflows at start (seconds of
 * webpack). Its workflows verify actors with the keys it was built with: refused unless those are
 * this process's ACTOR_SIGNING_KEYS, or they would refuse every decision the API signs.
 */
function prebuiltBundle(file: string): { code: string } {
  const code = fs.readFileSync(file, 'utf8');
  if (!bundleHasActorKeys(code)) {
    throw new Error(
      `WORKFLOW_BUNDLE ${file} was not built with this worker's ACTOR_SIGNING_KEYS: build it again with them (docs/scale.md)`,
    );
  }
  return { code };
}

/**
 * The case's search attributes (shared/searchAttributes.ts), which every start carries: added
 * to a cluster's namespace if it lacks them. Where the worker may not (Temporal Cloud, a locked-down
 * operator service), README's "Running at scale" gives the command an operator runs once.
 */
async function registerSearchAttributes(
  config: ReturnType<typeof loadConfig>,
  logger: ReturnType<typeof createLogger>,
) {
  const clientConnection = await Connection.connect(clientConnectionOptions(config));
  try {
    const { added, otherType } = await ensureSearchAttributes(clientConnection, config.temporalNamespace);
    if (added.length) logger.info({ added, namespace: config.temporalNamespace }, 'search attributes registered');
    if (otherType.length)
      logger.warn({ otherType }, 'search attributes registered before with another type: left as they are');
  } catch (err) {
    logger.error(
      { err, namespace: config.temporalNamespace },
      'search attributes not registered: starts that carry them fail until an operator registers them (README, "Running at scale")',
    );
  } finally {
    await clientConnection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
