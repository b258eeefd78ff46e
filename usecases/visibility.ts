// Who sees which part of an application's record. The read model and the audit trail hold
// everything (who decided, each expert's scores and comments, every internal desk step); each
// reader gets the part their role may know:
// - full (national officers, auditors, admins): everything;
// - provincial officers: everything of their province's process, but not the expert review's
//   people or individual scores (an input to the national stage): only its aggregate score;
// - a panellist (expert): their own seat; the process as the applicant sees it; once the panel has
//   closed, the panel's totals, which name nobody (never another expert's comments or identity);
// - the applicant: each department's decision with its reason, never a person's name or id, never
//   an internal step (claims, transfers, reminders, escalations, overdue marks, …) nor an expert.
// Beside the rules, a last check drops any entry still naming an expert of the application (their
// user id, username, e-mail, pool id or seat), so a new action cannot leak one by default.
import type { Db } from '../platform/db';
import type { CurrentUser } from './context';

export type Audience = 'full' | 'provincial' | 'panellist' | 'applicant';

export function audienceOf(user: CurrentUser): Audience {
  switch (user.role) {
    case 'national_officer':
    case 'auditor':
    case 'admin':
      return 'full';
    case 'provincial_officer':
      return 'provincial';
    case 'expert':
      return 'panellist';
    default:
      return 'applicant';
  }
}

export const EXPERT_STAGE = 'expertReview';

interface TaskLike {
  id: string;
  stage: string;
  departmentId: string | null;
  assigneeId: string | null;
  decidedById: string | null;
}

export interface AuditLike {
  action: string;
  actorId: string | null;
  taskId: string | null;
  detail: unknown;
}

/** The application's experts: their seats and everything that names them. */
export interface ExpertIdentities {
  seatIds: Set<string>;
  userIds: Set<string>;
  /** distinctive strings (ids, usernames, addresses) that no redacted view may contain */
  marks: string[];
}

export async function expertIdentities(db: Db, tasks: readonly TaskLike[]): Promise<ExpertIdentities> {
  const seats = tasks.filter((t) => t.stage === EXPERT_STAGE);
  const userIds = new Set(
    seats.flatMap((t) => [t.assigneeId, t.decidedById]).filter((id): id is string => id !== null),
  );
  const [users, pool] = userIds.size
    ? await Promise.all([
        db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, username: true, email: true } }),
        db.expert.findMany({ where: { userId: { in: [...userIds] } }, select: { id: true } }),
      ])
    : [[], []];
  const marks = [
    ...seats.map((s) => s.id),
    ...userIds,
    ...users.flatMap((u) => [u.username, u.email]),
    ...pool.map((e) => e.id),
  ].filter((m): m is string => typeof m === 'string' && m.length >= 6);
  return { seatIds: new Set(seats.map((s) => s.id)), userIds, marks: [...new Set(marks)] };
}

/** Whether a value, serialised, still contains a mark of an expert. */
export function namesAnExpert(value: unknown, experts: ExpertIdentities): boolean {
  if (!experts.marks.length) return false;
  const text = JSON.stringify(value ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return experts.marks.some((m) => text.includes(m));
}

const detailOf = (e: AuditLike) =>
  e.detail && typeof e.detail === 'object' ? (e.detail as Record<string, unknown>) : {};

/** An audit record about the expert review's people: a seat, an expert's act, the panel's make-up. */
function aboutExperts(e: AuditLike, experts: ExpertIdentities): boolean {
  const d = detailOf(e);
  const tasks = Array.isArray(d.tasks) ? (d.tasks as unknown[]) : [];
  return (
    e.action === 'experts_assigned' ||
    e.action === 'expert_replaced' ||
    d.stage === EXPERT_STAGE ||
    (e.taskId !== null && experts.seatIds.has(e.taskId)) ||
    (e.actorId !== null && experts.userIds.has(e.actorId)) ||
    tasks.some((t) => typeof t === 'string' && experts.seatIds.has(t))
  );
}

/**
 * What an applicant (and a panellist, for the process around their seat) sees of each action, and
 * which of its details; an action not listed is an internal step and is not shown.
 */
const APPLICANT_ACTIONS: Record<string, readonly string[]> = {
  submitted: ['annex'],
  forwarded: ['reviewRound'],
  approved_provincially: ['reviewRound'],
  not_recommended: [],
  returned: ['fixes', 'revisionDueAt', 'reviewRound'],
  rejected: ['party', 'reviewRound'],
  lapsed: ['revisionDueAt'],
  tasks_opened: ['stage', 'reviewRound', 'dueAt', 'evaluation'],
  task_decided: ['decision', 'grade'],
  decision_withdrawn: [],
  // the expert review's transitions of the application's status (which the applicant sees), without their detail
  expert_assignment_awaited: [],
  expert_review_started: [],
  expert_panel_short: [],
  expert_panel_complete: [],
  scored: [],
  selected: ['rank', 'group'],
  not_selected: ['rank', 'group'],
  public_notice_offered: ['rank', 'since', 'endsAt'],
  pilot_started: ['startsAt', 'endsAt', 'quarters'],
  quarterly_report_reminder: ['quarter', 'dueAt'],
  quarterly_report_submitted: ['quarter', 'late'],
  quarterly_report_late: ['quarter'],
  quarterly_report_missing: ['quarter'],
  quarterly_report_to_mofcom: ['quarter'],
  major_progress_to_mofcom: ['summary'],
  major_problem_to_mofcom: ['summary'],
  evaluation_opened: ['stage'],
  self_assessment_submitted: ['stage'],
  evaluation_graded: ['stage', 'grades', 'grade', 'incentiveEligible', 'title'],
  completed: ['midterm', 'final'],
  pilot_completed: [],
};

const pick = (d: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));

export interface VisibleEntry<E> {
  entry: E;
  /** the detail this reader may see (the record's own when unchanged) */
  detail: unknown;
  /** whether the entry is shown without the actor's identity (the department stands for them) */
  anonymous: boolean;
  redacted: boolean;
}

/**
 * The audit records the reader may see, each with the detail they may see. `closed`: the expert
 * review has ended (its `scored` record exists); `ownSeats`: a panellist's own task ids.
 */
export function visibleRecords<E extends AuditLike>(
  audience: Audience,
  records: readonly E[],
  experts: ExpertIdentities,
  opts: { ownSeats?: Set<string>; userId?: string } = {},
): VisibleEntry<E>[] {
  if (audience === 'full')
    return records.map((entry) => ({ entry, detail: entry.detail, anonymous: false, redacted: false }));
  const out: VisibleEntry<E>[] = [];
  for (const e of records) {
    const d = detailOf(e);
    let shown: VisibleEntry<E> | undefined;
    if (
      audience === 'panellist' &&
      ((e.taskId !== null && opts.ownSeats?.has(e.taskId)) || (opts.userId !== undefined && e.actorId === opts.userId))
    ) {
      // their own seat's records, as they are (only their own name is in them) — but the panel's make-up
      if (e.action !== 'experts_assigned') shown = { entry: e, detail: e.detail, anonymous: false, redacted: false };
    } else if (audience === 'panellist' && e.action === 'scored') {
      // the panel has closed: its totals, which name nobody
      shown = { entry: e, detail: pick(d, ['totals', 'used', 'outliers']), anonymous: true, redacted: true };
    } else if (aboutExperts(e, experts)) {
      shown = undefined;
    } else if (audience === 'provincial') {
      // the individual totals are the national stage's input: the aggregate is on the application
      shown =
        e.action === 'scored'
          ? { entry: e, detail: {}, anonymous: false, redacted: true }
          : { entry: e, detail: e.detail, anonymous: false, redacted: false };
    } else {
      const keys = APPLICANT_ACTIONS[e.action];
      if (keys) shown = { entry: e, detail: pick(d, keys), anonymous: true, redacted: true };
    }
    // (a panellist's own records name only them)
    const own = audience === 'panellist' && !shown?.anonymous;
    if (shown && !own && namesAnExpert({ ...shown.entry, detail: shown.detail }, experts)) shown = undefined;
    if (shown) out.push(shown);
  }
  return out;
}

/** The tasks the reader may see: provincial officers all but the experts' seats; a panellist their own; an applicant the departments'. */
export function visibleTasks<T extends TaskLike>(audience: Audience, tasks: readonly T[], userId: string): T[] {
  switch (audience) {
    case 'full':
      return [...tasks];
    case 'provincial':
      return tasks.filter((t) => t.stage !== EXPERT_STAGE);
    case 'panellist':
      return tasks.filter((t) => t.assigneeId === userId || t.decidedById === userId);
    default:
      return tasks.filter((t) => t.stage !== EXPERT_STAGE && t.departmentId !== null);
  }
}

/** Departments by id, and users' departments, for showing "who" as a department. */
export async function departmentsOf(db: Db, actorIds: readonly string[], departmentIds: readonly string[]) {
  const users = actorIds.length
    ? await db.user.findMany({
        where: { id: { in: [...new Set(actorIds)] } },
        select: { id: true, departmentId: true },
      })
    : [];
  const userDept = new Map(users.map((u) => [u.id, u.departmentId]));
  const ids = [
    ...new Set([...departmentIds, ...users.map((u) => u.departmentId)].filter((d): d is string => d !== null)),
  ];
  const rows = ids.length
    ? await db.department.findMany({ where: { id: { in: ids } }, select: { id: true, nameZh: true, nameEn: true } })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    of(actorId: string | null, departmentId: string | null) {
      const id = (actorId ? userDept.get(actorId) : null) ?? departmentId;
      return id ? (byId.get(id) ?? { id, nameZh: id, nameEn: id }) : null;
    },
  };
}

/** A never-submitted draft: its applicant's alone. */
export function isUnsubmittedDraft(app: { status: string; submissions: number }): boolean {
  return app.status === 'draft' && app.submissions === 0;
}

/** Filter for lists: no never-submitted drafts. */
export const NOT_UNSUBMITTED_DRAFT = { NOT: { status: 'draft', submissions: 0 } } as const;
