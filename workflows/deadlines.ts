// A due time, chased on durable timers (no cron, no polling): the reminder before it, the
// stage's escalation levels after it, then its default rule — each step only for the tasks the
// workflow still sees open, and none at all once nothing is open. Cancel it when the tasks are done.
import { CancellationScope, isCancellation, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { deadlineSteps, type DeadlineStage, type DeadlineStep, type StageDeadlines } from '../domain/deadlines';
import { PERSIST } from './activityOptions';

const { recordTaskDeadline } = proxyActivities<Activities>(PERSIST);

export interface Chase {
  cancel(): void;
  /** settles when the chain has run out, found nothing open, or was cancelled */
  done: Promise<void>;
}

export function chaseDeadline(opts: {
  dueAt: number;
  policy: StageDeadlines;
  /** the tasks (or report) still awaited, as the workflow sees them now */
  open: () => string[];
  /** tells and records the step (an activity) */
  record: (step: DeadlineStep, open: string[]) => Promise<unknown>;
  /** applies the stage's default rule to what is still open after it was recorded */
  applyDefault: (open: string[]) => Promise<void> | void;
}): Chase {
  const scope = new CancellationScope();
  const done = scope
    .run(async () => {
      for (const step of deadlineSteps(opts.dueAt, opts.policy, Date.now())) {
        const wait = step.at - Date.now();
        if (wait > 0) await sleep(wait);
        const open = opts.open();
        if (!open.length) return;
        await opts.record(step, open);
        if (step.kind === 'default') {
          const still = opts.open();
          if (still.length) await opts.applyDefault(still);
        }
      }
    })
    .catch((err) => {
      if (!isCancellation(err)) throw err;
    });
  return { cancel: () => scope.cancel(), done };
}

/**
 * The chain of a stage's officer or expert tasks: each step recorded, and told to its audience, by
 * recordTaskDeadline under the event key `keyPrefix/<step>`.
 */
export function chaseTasks(opts: {
  stage: DeadlineStage;
  ids: { applicationId: string } | { roundId: string };
  keyPrefix: string;
  /** ISO */
  dueAt: string;
  policy: StageDeadlines;
  open: () => string[];
  applyDefault: (open: string[]) => Promise<void> | void;
}): Chase {
  return chaseDeadline({
    dueAt: new Date(opts.dueAt).getTime(),
    policy: opts.policy,
    open: opts.open,
    record: (step, open) =>
      recordTaskDeadline({
        eventKey: stepKey(opts.keyPrefix, step),
        ...opts.ids,
        stage: opts.stage,
        taskIds: open,
        dueAt: opts.dueAt,
        step: stepRecord(step),
      }),
    applyDefault: opts.applyDefault,
  });
}

/** The event key of a step: one audit record and one set of mails per step, whatever the retries. */
export function stepKey(prefix: string, step: DeadlineStep): string {
  return step.kind === 'reminder'
    ? `${prefix}/reminder`
    : step.kind === 'escalation'
      ? `${prefix}/escalation${step.level}`
      : `${prefix}/default`;
}

/** What the activities record of a step. */
export function stepRecord(step: DeadlineStep) {
  return step.kind === 'reminder'
    ? { kind: 'reminder' as const }
    : step.kind === 'escalation'
      ? { kind: 'escalation' as const, level: step.level, notify: step.notify }
      : { kind: 'default' as const, level: step.level, rule: step.rule };
}
