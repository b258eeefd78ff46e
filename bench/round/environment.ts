// The round simulation's system: Temporal's time-skipping test server, the database (its own
// process, or DATABASE_URL's server), the embedded SMTP sink, and the product's worker in this
// process on the test server — so the use cases run here, as in test/roundSimulation.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSearchAttributes } from '../../platform/searchAttributes';
import { bundleWorkflowCode, DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { workflowBundleOptions } from '../../platform/actorSignature';
import { createMailer } from '../../notifications/mailer';
import { MAIL_DOMAIN } from '../../platform/config';
import { createDb, type Db } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { migrate } from '../../platform/migrate';
import { seed } from '../../platform/seed';
import { resolveTool } from '../../platform/tools';
import type { UseCaseDeps } from '../../usecases/context';
import { createWorker } from '../../workers/createWorker';
import { startChild } from '../child';
import { startDatabase } from '../database';
import { childrenNamed, sample, type ProcSample } from '../proc';

export interface RoundEnvironment {
  deps: UseCaseDeps;
  db: Db;
  client: Client;
  databaseLabel: string;
  /** moves the server's clock forward, firing every durable timer on the way */
  skip(ms: number): Promise<void>;
  processes(): Record<string, ProcSample>;
  stop(): Promise<void>;
}

const TASK_QUEUE = 'bench-round';

export async function startRoundEnvironment(): Promise<RoundEnvironment> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-bench-round-'));
  const stops: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => console.error(err));
  };
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
    const [testEnv, database] = await Promise.all([
      TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: resolveTool('testServer') } },
      }),
      startDatabase(dir),
    ]);
    stops.push(() => testEnv.teardown(), database.stop);
    // the case workflows start tagged with the search attributes: the test server knows none of its own
    await ensureSearchAttributes(testEnv.connection, 'default');
    const [testServerPid] = childrenNamed(process.pid, 'temporal-test-server');
    await migrate(database.url);
    const db = createDb(database.url, 10);
    stops.push(() => db.$disconnect());
    await seed(db, { demoMode: true }); // the officer accounts of every department and the demo experts
    const sink = await startChild({
      name: 'mail-sink',
      entry: 'bench/sinkProcess.ts',
      env: { ...process.env, DATABASE_URL: database.url },
      logDir: dir,
      ready: /^url=(\S+)$/m,
    });
    stops.push(sink.stop);

    const logger = createLogger('warn', 'bench-round');
    const outbox = {
      publicUrl: 'http://pilotflow.bench',
      mailDomain: MAIL_DOMAIN,
      mailFrom: `pilotflow <noreply@${MAIL_DOMAIN}>`,
    };
    // as the tests' bundle: no freshness window on signed actors, since skipping runs the workflows' clock ahead
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      ...workflowBundleOptions(undefined, { maxAgeMs: 0 }),
      logger: new DefaultLogger('WARN'),
    });
    const worker = await createWorker({
      workflowBundle: { code: bundle.code },
      connection: testEnv.nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      db,
      logger,
      mailer: createMailer(sink.ready[1]),
      outbox,
    });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
    });
    return {
      deps: { db, temporal: testEnv.client, taskQueue: TASK_QUEUE, sessionTtlHours: 1, logger, outbox },
      db,
      client: testEnv.client,
      databaseLabel: database.label,
      skip: (ms) => testEnv.sleep(ms),
      processes: () => ({
        'bench (worker, use cases)': sample(process.pid)!,
        ...(database.process ? { database: database.process.sample() } : {}),
        'mail sink': sink.sample(),
        ...(testServerPid ? { 'test server': sample(testServerPid) ?? { cpuSeconds: 0, rssMb: 0, peakRssMb: 0 } } : {}),
      }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
