// How workflows call activities: the read model must be written, so retry with backoff for as
// long as the database is down; only a record that cannot exist stops the retries.
import type { ActivityOptions } from '@temporalio/workflow';

export const PERSIST: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['RecordNotFound'],
  },
};
