// Deadlines: a reminder before a task's due time, and after it an escalation chain, per stage and
// per round. Each level is measured from the due time and tells its audience; the chain ends with
// the stage's default rule, which the stage's workflow applies and the record states.
import type { Audience } from './notifications';

export const DEADLINE_STAGES = [
  'provincialReview',
  'expertReview',
  'selectionCountersign',
  'selectionRevision',
  'evaluationGrading',
  'quarterlyCompilation',
  'quarterlyReport',
] as const;
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];

/** What happens to a task still open at the end of its stage's chain. */
export const DEFAULT_RULES = {
  provincialReview: ['return', 'approve', 'none'],
  expertReview: ['replace', 'none'],
  selectionCountersign: ['approve', 'none'],
  selectionRevision: ['none'],
  evaluationGrading: ['close', 'none'],
  quarterlyCompilation: ['submit', 'none'],
  quarterlyReport: ['missing'],
} as const satisfies Record<DeadlineStage, readonly string[]>;
export type DefaultRule<S extends DeadlineStage = DeadlineStage> = (typeof DEFAULT_RULES)[S][number];

export interface EscalationLevel {
  /** days after the due time */
  afterDays: number;
  notify: Audience[];
}

export interface StageDeadlines<S extends DeadlineStage = DeadlineStage> {
  /** days before the due time that the reminder goes out; 0 for none */
  reminderDays: number;
  /** level 1 marks the task overdue; every level tells its audience */
  levels: EscalationLevel[];
  /** days after the due time that the default rule applies */
  defaultAfterDays: number;
  defaultRule: DefaultRule<S>;
}

export type DeadlinesConfig = { [S in DeadlineStage]: StageDeadlines<S> };

const chain = <S extends DeadlineStage>(defaultRule: DefaultRule<S>, lastDays = 10): StageDeadlines<S> => ({
  reminderDays: 2,
  levels: [
    { afterDays: 0, notify: ['department', 'assignee'] },
    { afterDays: 3, notify: ['lead'] },
  ],
  defaultAfterDays: lastDays,
  defaultRule,
});

/**
 * The defaults: remind two days ahead; at the due time tell the department (or expert); three days
 * later its lead body, which may reassign the task; then the stage's rule. A silent provincial
 * party returns the application (so the province's review is never decided by silence); a silent
 * expert is replaced; a body silent on the countersign is taken to consent (the list cannot wait
 * on one body forever, and the record says so); grading closes with the grades given; a compilation
 * goes to MOFCOM with the reports it holds; a quarterly report is counted missing a quarter late.
 */
export const DEFAULT_DEADLINES: DeadlinesConfig = {
  provincialReview: chain('return'),
  expertReview: {
    reminderDays: 2,
    levels: [
      { afterDays: 0, notify: ['assignee'] },
      { afterDays: 1, notify: ['lead'] },
    ],
    defaultAfterDays: 3,
    defaultRule: 'replace',
  },
  selectionCountersign: chain('approve'),
  selectionRevision: chain('none'),
  evaluationGrading: chain('close'),
  quarterlyCompilation: chain('submit'),
  quarterlyReport: {
    reminderDays: 7,
    levels: [
      { afterDays: 0, notify: ['applicant'] },
      { afterDays: 30, notify: ['applicant', 'provincialCommerce', 'lead'] },
    ],
    defaultAfterDays: 365.25 / 4,
    defaultRule: 'missing',
  },
};

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
