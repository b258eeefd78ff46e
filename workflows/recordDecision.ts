// How a stage's workflow records a decision: workflows started from DECISION_IN_TASK on do it in a
// local activity, those started before it keep the scheduled activity their histories hold.
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PERSIST, RECORD_IN_TASK } from './activityOptions';
import { DECISION_IN_TASK } from './patches';

const scheduled = proxyActivities<Activities>(PERSIST).recordDecision;
const inTask = proxyLocalActivities<Activities>(RECORD_IN_TASK).recordDecision;

/** Call once, where the workflow starts, before its first await. */
export function decisionRecorder(): Activities['recordDecision'] {
  return patched(DECISION_IN_TASK) ? inTask : scheduled;
}
