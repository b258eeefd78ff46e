// How a stage's workflow records a decision: workflows started from DECISION_IN_TASK on do it in a
// local activity, those started before it keep the scheduled activity their histories hold. What
// the write set on the task is kept for the decide Update's answer (`answerOf`), so the API answers
// without reading the task again.
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DecideResult } from '../shared/definitions';
import { PERSIST, RECORD_IN_TASK } from './activityOptions';
import { DECISION_IN_TASK } from './patches';

const scheduled = proxyActivities<Activities>(PERSIST).recordDecision;
const inTask = proxyLocalActivities<Activities>(RECORD_IN_TASK).recordDecision;

/** This workflow's decisions written so far in this run, by task (module state is per workflow). */
const written = new Map<string, NonNullable<DecideResult['task']>>();

/** Call once, where the workflow starts, before its first await; `inTask`: code that began after DECISION_IN_TASK. */
export function decisionRecorder(opts: { inTask?: boolean } = {}): Activities['recordDecision'] {
  const record = opts.inTask || patched(DECISION_IN_TASK) ? inTask : scheduled;
  return (input) => {
    const recording = record(input);
    // The caller awaits the very same promise, so its commands keep their order; this reaction,
    // registered first, runs first. A failure is the caller's to handle, not this reaction's.
    recording.then(
      (task) => task && written.set(input.taskId, task),
      () => undefined,
    );
    return recording;
  };
}

/** A decide Update's answer: with the task's fields as its decision wrote them, when this run wrote them. */
export function answerOf(taskId: string, decision: string): DecideResult {
  const task = written.get(taskId);
  written.delete(taskId);
  return task ? { taskId, decision, task } : { taskId, decision };
}
