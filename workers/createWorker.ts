// The worker: the workflows of workflows/ and the activities built on this process's database
// and logger. Tests pass a pre-built bundle so the workflow code is bundled once per run.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities';
import { workflowBundleOptions } from '../platform/actorSignature';
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
  /** 0: every workflow task replays its history from the start (the determinism test); the SDK's default otherwise */
  maxCachedWorkflows?: number;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    activities: createActivities({ db: opts.db, logger: opts.logger, mailer: opts.mailer, outbox: opts.outbox }),
    // A pre-built bundle carries its own interceptors and keys (bundled with workflowBundleOptions()).
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : bundledAtStart()),
  });
}

/** The workflows bundled at start-up with the actor check and this process's actor keys. */
function bundledAtStart() {
  const { workflowInterceptorModules, webpackConfigHook } = workflowBundleOptions();
  return {
    workflowsPath: require.resolve('../workflows'),
    interceptors: { workflowModules: workflowInterceptorModules },
    bundlerOptions: { webpackConfigHook },
  };
}
