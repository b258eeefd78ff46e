// The floor's HTTP hop: Express with a JSON body parser and a Temporal client, as the product's API
// has, but no session, database read or logging — so the floor includes the HTTP hop and the
// ratio isolates what pilotflow adds. Prints "floor api listening" when it listens.
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import express from 'express';
import { FLOOR_TASK_QUEUE, floorDecideUpdate, floorSubmitUpdate } from './definitions';
import type { floorWorkflow } from './workflows';

async function main() {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = new Client({ connection, namespace: 'default' });
  const app = express();
  app.use(express.json());
  app.post('/floor/:id/submit', async (req, res) => {
    await client.workflow.executeUpdateWithStart(floorSubmitUpdate, {
      updateId: 'submit-1',
      startWorkflowOperation: new WithStartWorkflowOperation<typeof floorWorkflow>('floorWorkflow', {
        workflowId: `floor-${req.params.id}`,
        taskQueue: FLOOR_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    res.json({ ok: true });
  });
  app.post('/floor/:id/decide/:party', async (req, res) => {
    await client.workflow
      .getHandle(`floor-${req.params.id}`)
      .executeUpdate(floorDecideUpdate, { args: [Number(req.params.party)] });
    res.json({ ok: true });
  });
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('floor api listening'));
  process.once('SIGTERM', () => {
    server.close(() => void connection.close().then(() => process.exit(0)));
    server.closeAllConnections();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
