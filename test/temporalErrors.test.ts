// What Temporal answers, turned into the domain's errors by type and gRPC status (never by message
// text), against the real dev server: an Update to an ended workflow, to one that never existed,
// and a refusal carrying a domain error code.
import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DomainError } from '../domain/errors';
import { fromTemporal } from '../usecases/temporalErrors';
import { decideUpdate } from '../shared/definitions';
import { env } from './support/harness';

let connection: Connection;
let client: Client;

beforeAll(async () => {
  connection = await Connection.connect({ address: env.temporalAddress() });
  client = new Client({ connection, namespace: 'default' });
});
afterAll(() => connection?.close());

const decision = {
  taskId: 't',
  decision: 'approve',
  actor: { userId: 'u', username: 'u', role: 'provincial_officer' },
};

test('when an Update reaches a workflow that has ended, then it is the caller-given "closed" error', async () => {
  // no worker polls this queue: the workflow is started and terminated without running
  const handle = await client.workflow.start('provincialReviewWorkflow', {
    taskQueue: `nobody-${crypto.randomUUID()}`,
    workflowId: `ended-${crypto.randomUUID()}`,
    args: [{}],
  });
  await handle.terminate('test');
  const err = await handle.executeUpdate(decideUpdate, { args: [decision] }).catch((e: unknown) => e);
  const mapped = fromTemporal(err, 'review_closed');
  expect(mapped).toBeInstanceOf(DomainError);
  expect((mapped as DomainError).code).toBe('review_closed');
});

test('when an Update names a workflow that never existed, then it is the "closed" error too', async () => {
  const err = await client.workflow
    .getHandle(`never-${crypto.randomUUID()}`)
    .executeUpdate(decideUpdate, { args: [decision] })
    .catch((e: unknown) => e);
  expect((fromTemporal(err, 'next_step_started') as DomainError).code).toBe('next_step_started');
});

test('when something else fails, then it is passed on unchanged (answered 500 and logged)', () => {
  const other = new Error('workflow execution already completed'); // the words alone decide nothing
  expect(fromTemporal(other, 'review_closed')).toBe(other);
});
