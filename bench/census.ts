// Where the engine's time goes: how much Temporal work one application costs (workflows,
// activities, workflow tasks, history events), and how long a decision spends inside its workflow.
// Counts come from the server's visibility; per-workflow figures from a sample of histories.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { localActivityOf } from '../platform/localActivityMarker';
import { latency, type Latency } from './stats';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface Census {
  /** per application, by the types of workflow the run started */
  perApplication: { workflows: number; activities: number; workflowTasks: number; historyEvents: number };
  workflowsByType: Record<string, number>;
  /** per application */
  activitiesByType: Record<string, number>;
  /** inside the workflow that takes the decisions: Update accepted → completed, and its activity's run (none for a local activity: it runs inside the workflow task) */
  decisionInWorkflow: Latency;
  decisionActivityRun: Latency;
  /** queueing in that workflow: a workflow task's and the decision activity's wait for a worker (scheduled → started) */
  workflowTaskWait: Latency;
  decisionActivityWait: Latency;
  /** a workflow task's run on the worker (started → completed): an Update is accepted when its task completes */
  workflowTaskRun: Latency;
}

const SAMPLE = 30;

export async function census(
  client: Client,
  applications: number,
  types: (type: string) => boolean,
  decision: { workflowType: string; activityType: string },
): Promise<Census> {
  const all = new Map<string, string[]>();
  for await (const wf of client.workflow.list()) {
    if (!types(wf.type)) continue;
    if (!all.has(wf.type)) all.set(wf.type, []);
    all.get(wf.type)!.push(wf.workflowId);
  }
  // Evenly spread over the run (the list comes newest first), so a slower end does not skew the sample.
  const ids = new Map(
    [...all].map(([type, list]) => [
      type,
      {
        count: list.length,
        sample: Array.from(
          { length: Math.min(SAMPLE, list.length) },
          (_, i) => list[Math.floor((i * list.length) / Math.min(SAMPLE, list.length))],
        ),
      },
    ]),
  );
  const totals = { workflows: 0, activities: 0, workflowTasks: 0, historyEvents: 0 };
  const activitiesByType: Record<string, number> = {};
  const timings: DecisionTimings = {
    inWorkflow: [],
    activityRun: [],
    workflowTaskWait: [],
    activityWait: [],
    workflowTaskRun: [],
  };
  for (const [type, { count, sample }] of ids) {
    // Each sampled history stands for count / sample.length workflows of its type.
    const weight = count / sample.length / applications;
    totals.workflows += count / applications;
    for (const id of sample) {
      const events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
      totals.historyEvents += events.length * weight;
      for (const e of events) {
        if (e.workflowTaskCompletedEventAttributes) totals.workflowTasks += weight;
        const local = localActivityOf(e.markerRecordedEventAttributes);
        const scheduled =
          e.activityTaskScheduledEventAttributes?.activityType?.name ?? (local && `${local.type} (local)`);
        if (scheduled) {
          totals.activities += weight;
          activitiesByType[scheduled] = (activitiesByType[scheduled] ?? 0) + weight;
        }
      }
      if (type === decision.workflowType) timeDecisions(events, decision.activityType, timings);
    }
  }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    perApplication: {
      workflows: r1(totals.workflows),
      activities: r1(totals.activities),
      workflowTasks: r1(totals.workflowTasks),
      historyEvents: r1(totals.historyEvents),
    },
    workflowsByType: Object.fromEntries([...ids].map(([type, { count }]) => [type, count])),
    activitiesByType: Object.fromEntries(Object.entries(activitiesByType).map(([type, n]) => [type, r1(n)])),
    decisionInWorkflow: latency(timings.inWorkflow),
    decisionActivityRun: latency(timings.activityRun),
    workflowTaskWait: latency(timings.workflowTaskWait),
    decisionActivityWait: latency(timings.activityWait),
    workflowTaskRun: latency(timings.workflowTaskRun),
  };
}

interface DecisionTimings {
  inWorkflow: number[];
  activityRun: number[];
  workflowTaskWait: number[];
  activityWait: number[];
  workflowTaskRun: number[];
}

/** Each decision Update's time from accepted to completed; each run and wait of the decision activity; each workflow task's wait and run. */
function timeDecisions(events: HistoryEvent[], activityType: string, t: DecisionTimings) {
  const at = (e: HistoryEvent | undefined) =>
    Number(e?.eventTime?.seconds ?? 0) * 1000 + (e?.eventTime?.nanos ?? 0) / 1e6;
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const decisionActivities = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
      .map((e) => Number(e.eventId)),
  );
  for (const e of events) {
    const completed = e.workflowExecutionUpdateCompletedEventAttributes;
    const accepted = completed && byId.get(Number(completed.acceptedEventId));
    if (accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'decide')
      t.inWorkflow.push(at(e) - at(accepted));
    const started = e.activityTaskStartedEventAttributes;
    if (started && decisionActivities.has(Number(started.scheduledEventId)))
      t.activityWait.push(at(e) - at(byId.get(Number(started.scheduledEventId))));
    const done = e.activityTaskCompletedEventAttributes;
    if (done && decisionActivities.has(Number(done.scheduledEventId)))
      t.activityRun.push(at(e) - at(byId.get(Number(done.startedEventId))));
    const task = e.workflowTaskStartedEventAttributes;
    if (task) t.workflowTaskWait.push(at(e) - at(byId.get(Number(task.scheduledEventId))));
    const taskDone = e.workflowTaskCompletedEventAttributes;
    if (taskDone) t.workflowTaskRun.push(at(e) - at(byId.get(Number(taskDone.startedEventId))));
  }
}
