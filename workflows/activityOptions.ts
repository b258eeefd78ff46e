// How workflows call activities: the read model must be written, so retry with backoff for as
// long as the database is down; only a record that cannot exist stops the retries.
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

export const PERSIST: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['RecordNotFound'],
  },
};

/**
 * A person's decision, recorded inside the workflow task that accepted its Update (a local
 * activity): the officer's answer waits for the database write, not for a round trip through the
 * server and a second workflow task. Retried like PERSIST; idempotent by its event key.
 */
export const RECORD_IN_TASK: LocalActivityOptions = { startToCloseTimeout: '30 seconds', retry: PERSIST.retry };
