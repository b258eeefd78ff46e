// The worker: the workflows of workflows/ and the activities built on this process's database
// and logger. Tests pass a pre-built bundle so the workflow code is bundled once per run.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities';
import type { Db } from '../platform/db';
import type { Logger } from '../platform/logger';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  logger: Logger;
  mailer: ActivityDeps['mailer'];
  outbox: ActivityDeps['outbox'];
  /** A bundle from bundleWorkflowCode(); without it the workflows are bundled at start-up. */
  workflowBundle?: { codePath: string } | { code: string };
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities({ db: opts.db, logger: opts.logger, mailer: opts.mailer, outbox: opts.outbox }),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
}
