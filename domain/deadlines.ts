// Deadlines: a reminder before a task's due time, and after it an escalation chain, per stage and
// per round. Each level is measured from the due time and tells its audience; the chain ends with
// the stage's default rule, which the stage's workflow applies and the record states.
import type { Audience } from './notifications';
import { STAGE_CODES, STAGES, type Chain } from './stages';

/** Every stage with a due time (domain/stages.ts): its chain is a round's to set. */
export const DEADLINE_STAGES = STAGE_CODES;
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];

/** What may happen to a task still open at the end of its stage's chain. */
export type DefaultRule<S extends DeadlineStage = DeadlineStage> = (typeof STAGES)[S]['defaultRules'][number];
export const DEFAULT_RULES = Object.fromEntries(STAGE_CODES.map((c) => [c, STAGES[c].defaultRules])) as {
  [S in DeadlineStage]: readonly DefaultRule<S>[];
};

export type { EscalationLevel } from './stages';
export type StageDeadlines<S extends DeadlineStage = DeadlineStage> = Chain<DefaultRule<S>>;
export type DeadlinesConfig = { [S in DeadlineStage]: StageDeadlines<S> };

/** Each stage's own chain (domain/stages.ts), for a round that sets none. */
export const DEFAULT_DEADLINES = Object.fromEntries(
  STAGE_CODES.map((c) => [c, STAGES[c].deadlines]),
) as DeadlinesConfig;

export type DeadlineStep =
  | { kind: 'reminder'; at: number }
  | { kind: 'escalation'; at: number; level: number; notify: Audience[] }
  | { kind: 'default'; at: number; level: number; rule: DefaultRule };

const DAY_MS = 24 * 60 * 60 * 1000;

/** The timeline of a due time, in order: the reminder (if it is still ahead), the levels, the rule. */
export function deadlineSteps(dueAt: number, policy: StageDeadlines, now: number): DeadlineStep[] {
  const at = (days: number) => dueAt + Math.round(days * DAY_MS);
  const steps: DeadlineStep[] = [];
  if (policy.reminderDays > 0 && at(-policy.reminderDays) > now)
    steps.push({ kind: 'reminder', at: at(-policy.reminderDays) });
  policy.levels.forEach((l, i) =>
    steps.push({ kind: 'escalation', at: at(l.afterDays), level: i + 1, notify: l.notify }),
  );
  steps.push({
    kind: 'default',
    at: at(policy.defaultAfterDays),
    level: policy.levels.length + 1,
    rule: policy.defaultRule,
  });
  return steps;
}

/** The body that leads a task's stage: the commerce department over the other provincial parties, MOFCOM over the rest. */
export function leadDepartmentOf(
  task: { departmentId: string | null; provinceCode: string | null },
  provincialLead: (provinceCode: string) => string,
  nationalLead: string,
): string {
  if (task.departmentId && task.provinceCode && task.departmentId !== provincialLead(task.provinceCode))
    return provincialLead(task.provinceCode);
  return nationalLead;
}
