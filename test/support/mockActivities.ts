// Every activity the worker registers, as a recorder: the workflow-logic tests run the real workflow
// code with nothing behind its activities (no database, no SMTP), and assert what it asked for and when.
import { Context } from '@temporalio/activity';
import { createActivities, type Activities } from '../../activities';

export type ActivityName = keyof Activities;

export interface ActivityCall {
  name: ActivityName;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each activity's own input, read by the test that expects it
  input: any;
  workflowId: string;
  /** when the workflow scheduled this attempt, on the server's clock (the skipped one on the time-skipping server) */
  scheduledAt: number;
  local: boolean;
}

/** The names the real worker registers: its factory's, built on stand-ins (it only keeps them for later). */
const NAMES = Object.keys(
  createActivities({ db: {} as never, logger: {} as never, mailer: {} as never, outbox: {} as never }),
) as ActivityName[];

/** Recorders for every activity; `answers` gives what some return (the rest return nothing). */
export function mockActivities(answers: Partial<Record<ActivityName, (input: never) => unknown>> = {}) {
  const calls: ActivityCall[] = [];
  const activities = Object.fromEntries(
    NAMES.map((name) => [
      name,
      async (input: never) => {
        const { workflowExecution, currentAttemptScheduledTimestampMs, isLocal } = Context.current().info;
        calls.push({
          name,
          input,
          workflowId: workflowExecution?.workflowId ?? '',
          scheduledAt: currentAttemptScheduledTimestampMs,
          local: isLocal,
        });
        return answers[name]?.(input);
      },
    ]),
  );
  return {
    activities,
    /** the calls one workflow made, in order; only those of `name` when given */
    of: (workflowId: string, name?: ActivityName) =>
      calls.filter((c) => c.workflowId === workflowId && (!name || c.name === name)),
  };
}

/** Polls until `ready()` holds (an activity runs a moment after the Update or timer that caused it). */
export async function until(what: string, ready: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
