// Read-model writes a workflow waits for before it goes on — an application's status transition,
// a stage's tasks opened — run from WRITES_IN_TASK on as local activities, inside the workflow task
// that needs them: a marker in the history instead of an activity's three events and the workflow
// task that follows it. Workflows started before keep the scheduled activities their histories hold.
// Undone (WRITES_SCHEDULED) for workflows started since: replayed from the start, it was not deterministic.
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PERSIST, RECORD_IN_TASK } from './activityOptions';
import { WRITES_IN_TASK, WRITES_SCHEDULED } from './patches';

const scheduled = proxyActivities<Activities>(PERSIST);
const inTask = proxyLocalActivities<Activities>(RECORD_IN_TASK);

/** In task only for a workflow that took WRITES_IN_TASK before WRITES_SCHEDULED undid it (workflows/patches.ts). */
const inTaskNow = () => !patched(WRITES_SCHEDULED) && patched(WRITES_IN_TASK);

/** Call once, where the workflow starts, before its first await. */
export const transitionRecorder = (): Activities['recordTransition'] =>
  inTaskNow() ? inTask.recordTransition : scheduled.recordTransition;

/** Call once, where the workflow starts, before its first await. */
export const taskOpener = (): Activities['openTasks'] => (inTaskNow() ? inTask.openTasks : scheduled.openTasks);
