// The floor under the same load (bench/pool.ts), each workflow started by its
// submission, then its seven decisions, in turn or at once. As with the product, a lane moves on once its
// decisions are answered; the workflows finish in the background (see waitForFloor).
import type { Client } from '@temporalio/client';
import { expectCall } from '../http';
import { eachParty } from '../parties';
import { offer, type Load } from '../pool';
import { waitFor } from '../wait';
import { PARTIES } from './definitions';

export interface FloorDriven {
  submitMs: number[];
  decisionMs: number[];
}

export async function driveFloor(
  baseUrl: string,
  n: number,
  load: Load,
  parties: 'in-turn' | 'together',
  done: () => void,
): Promise<FloorDriven> {
  const out: FloorDriven = { submitMs: [], decisionMs: [] };
  await offer(
    Array.from({ length: n }, (_, i) => i),
    load,
    async (id) => {
      out.submitMs.push((await expectCall(200, baseUrl, 'POST', `/floor/${id}/submit`)).ms);
      const decided = await eachParty(
        Array.from({ length: PARTIES }, (_, party) => party),
        parties,
        (party) => expectCall(200, baseUrl, 'POST', `/floor/${id}/decide/${party}`),
      );
      out.decisionMs.push(...decided.map((d) => d.ms));
      done();
    },
  );
  return out;
}

/** Until all n floor workflows have completed, as the server's visibility counts them. */
export async function waitForFloor(client: Client, n: number): Promise<void> {
  await waitFor(
    'every floor workflow completed',
    async () =>
      (await client.workflow.count('WorkflowType = "floorWorkflow" AND ExecutionStatus = "Completed"')).count >= n,
    3_600_000,
    200,
  );
}
