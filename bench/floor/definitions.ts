// The engine floor's messages: the same shape as the product's (a submission that starts the
// workflow, then one decision per party), with nothing behind them.
import { defineUpdate } from '@temporalio/workflow';

export const FLOOR_TASK_QUEUE = 'bench-floor';
export const PARTIES = 7;

export const floorSubmitUpdate = defineUpdate<void>('submit');
export const floorDecideUpdate = defineUpdate<void, [party: number]>('decide');
