// Telling an application's workflow what a round-level stage decided (its selection verdict, its
// province's recommendation). Only a workflow that has ended may miss it; any other failure (e.g.
// the server's limit on pending signals) is tried again, and after the last try fails the sender.
import { ApplicationFailure, getExternalWorkflowHandle, log, sleep, type SignalDefinition } from '@temporalio/workflow';
import { applicationWorkflowId } from '../shared/definitions';

/** The failure type of a signal to a workflow that has ended or never existed (Temporal's core names it so). */
const WORKFLOW_GONE = 'ExternalWorkflowExecutionNotFound';
/** A message that cannot be delivered is tried this often, a minute apart and doubling. */
const ATTEMPTS = 5;
const RETRY_MS = 60_000;

/** `byFailureType` false: as before failures were told apart, every failure is logged and the message let go. */
export async function tellApplication<T>(
  applicationId: string,
  signal: SignalDefinition<[T]>,
  message: T,
  byFailureType = true,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getExternalWorkflowHandle(applicationWorkflowId(applicationId)).signal(signal, message);
    } catch (err) {
      if (!byFailureType || (err instanceof ApplicationFailure && err.type === WORKFLOW_GONE))
        return log.warn('message not delivered: the application workflow has ended', {
          applicationId,
          signal: signal.name,
          err: String(err),
        });
      if (attempt === ATTEMPTS) throw err;
      log.error('message not delivered; trying again', {
        applicationId,
        signal: signal.name,
        attempt,
        err: String(err),
      });
      await sleep(RETRY_MS * 2 ** (attempt - 1));
    }
  }
}
