// How long the API waits for a workflow to accept an Update (a decision, a submission, a desk
// action). Accepting needs a worker: while none runs (one restarting), the call would otherwise
// wait without end. Past the deadline the caller gets 503 `unavailable` with Retry-After, and a
// retry under the same Idempotency-Key is the same Update id, which Temporal runs at most once.
import type { Connection, WorkflowClientInterceptor } from '@temporalio/client';

/** The default wait: longer than a supervised worker's restart, shorter than an HTTP client's patience. */
export const UPDATE_WAIT_MS = 30_000;
/** What a 503 `unavailable` tells the caller to wait before retrying (seconds). */
export const RETRY_AFTER_SECONDS = 5;

export function updateDeadline(
  connection: Pick<Connection, 'withDeadline'>,
  waitMs = UPDATE_WAIT_MS,
): WorkflowClientInterceptor {
  return {
    startUpdate: (input, next) => connection.withDeadline(Date.now() + waitMs, () => next(input)),
    startUpdateWithStart: (input, next) => connection.withDeadline(Date.now() + waitMs, () => next(input)),
  };
}
