// The engine floor: per application, the Temporal work the product's declaration and provincial
// review do — a submission Update that starts the workflow, 7 decision Updates, 10 activities
// (the submission, opening the tasks, each decision, the forwarding) — without business logic,
// child workflow, database or mail. As in the product (workflows/recordDecision.ts), a decision's
// activity is local. Bundled apart from workflows/, on its own task queue.
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type * as activities from './activities';
import { floorDecideUpdate, floorSubmitUpdate, PARTIES } from './definitions';

const { noop } = proxyActivities<typeof activities>({ startToCloseTimeout: '30 seconds' });
const decisionNoop = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '30 seconds' }).noop;

export async function floorWorkflow(): Promise<void> {
  let submitted = false;
  const decided = new Set<number>();
  setHandler(floorSubmitUpdate, async () => {
    await noop();
    submitted = true;
  });
  setHandler(
    floorDecideUpdate,
    async (party) => {
      decided.add(party);
      await decisionNoop();
    },
    {
      // the one check every decision needs: once per party
      validator: (party) => {
        if (decided.has(party)) throw new Error('already decided');
      },
    },
  );
  await condition(() => submitted);
  await noop();
  await condition(() => decided.size === PARTIES && allHandlersFinished());
  await noop();
}
