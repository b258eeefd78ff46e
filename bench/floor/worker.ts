// The floor's worker process: its own bundle (this folder's workflows) on its own task queue, so
// the product's bundle and replay corpus never see it. Prints "floor worker started" when polling.
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import * as activities from './activities';
import { FLOOR_TASK_QUEUE } from './definitions';

async function main() {
  // As quiet as the product's worker (workers/main.ts).
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: FLOOR_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    activities,
  });
  console.log('floor worker started');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
