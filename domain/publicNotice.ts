// The public notice (公示) of a round's proposed list, as the 2021–2023 demonstration rounds ran
// it: after the eight bodies have signed the list it is published for N working days (China's
// official calendar, domain/workingCalendar.ts); during that time anyone may object to a listed
// applicant, with a reason; MOFCOM upholds or dismisses each objection; the list becomes final only
// when the period has ended and every objection is resolved.
//
// Rules (pure; the selection workflow applies them):
// - Each listed applicant has its own notice window: the signed list's from the day the notice
//   opens, an applicant offered a place later from the day it was offered — N working days each —
//   so everyone on the final list was publicly noticed for N working days. The period ends when the
//   last window of an applicant still on the list ends (never before the signed list's own end).
// - An objection is taken against an applicant on the list while its own window is open.
// - Upheld: the applicant leaves the list. If the round says `offerNextRanked`, the place goes to
//   the next ranked candidate of the same group below everyone the list has held so far — so a
//   candidate the bodies left out when they revised the list, or one removed on an objection, is
//   never offered it — and that candidate's own window opens.
// - Dismissed: recorded; the list stays as it is.
import type { Proposal, RankedCandidate, SelectionGroup } from './selection';
import { SELECTION_GROUPS } from './selection';

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed';
export type ObjectionOutcome = 'uphold' | 'dismiss';
export const OBJECTION_OUTCOMES: readonly ObjectionOutcome[] = ['uphold', 'dismiss'];

/**
 * - open: the period is running
 * - awaiting_resolution: the period has ended with objections still open; MOFCOM must resolve them
 * - final: the list is final (published)
 */
export type NoticePhase = 'open' | 'awaiting_resolution' | 'final';

export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, { zh: string; en: string }> = {
  open: { zh: '待处理', en: 'Open' },
  upheld: { zh: '异议成立', en: 'Upheld' },
  dismissed: { zh: '异议不成立', en: 'Dismissed' },
};

export const NOTICE_PHASE_LABELS: Record<NoticePhase, { zh: string; en: string }> = {
  open: { zh: '公示中', en: 'In public notice' },
  awaiting_resolution: { zh: '公示期满，待处理异议', en: 'Notice period ended; objections await resolution' },
  final: { zh: '公示结束，名单已确定', en: 'Notice over; the list is final' },
};

/** The selection's states as GET /api/rounds/:id/selection shows them. */
export const SELECTION_STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  countersigning: { zh: '八部门会签中', en: 'Being countersigned by the eight bodies' },
  revising: { zh: '商务部修改名单中', en: 'MOFCOM is revising the list' },
  public_notice: { zh: '拟入选名单公示中', en: 'Proposed list in public notice' },
  published: { zh: '名单已确定并公布', en: 'List final and published' },
};

/** One applicant on the list under notice, with its own window. */
export interface NoticeEntry {
  applicationId: string;
  group: SelectionGroup;
  rank: number;
  /** ISO 8601: when its window opened (the notice's start, or when it was offered the place) */
  since: string;
  /** ISO 8601: the end of its window (24:00 Beijing time of its Nth working day) */
  endsAt: string;
}

/** What the notice looks like at one moment; recorded with each change and shown by the API. */
export interface NoticeSnapshot {
  workingDays: number;
  offerNextRanked: boolean;
  startedAt: string;
  /** the end of the period: the last window of an applicant on the list */
  endsAt: string;
  listed: NoticeEntry[];
  removed: { applicationId: string; group: SelectionGroup; rank: number; objectionId: string }[];
}

/** The period's end: the signed list's own end, or later if an applicant offered a place since has a later window. */
export function noticePeriodEnd(signedListEndsAt: number, listed: readonly { endsAt: number }[]): number {
  return listed.reduce((end, e) => Math.max(end, e.endsAt), signedListEndsAt);
}

/** Per group, the lowest rank (largest number) the list holds: offers go below it. */
export function lowestListedRanks(proposal: Proposal): Record<SelectionGroup, number> {
  const out = { city: 0, enterprise: 0 } as Record<SelectionGroup, number>;
  for (const group of SELECTION_GROUPS)
    for (const e of proposal[group]) if (e.selected) out[group] = Math.max(out[group], e.rank);
  return out;
}

/** The candidate offered an upheld applicant's place: the best ranked of the group below `below` not on the list. */
export function nextRanked(proposal: Proposal, group: SelectionGroup, below: number): RankedCandidate | undefined {
  return [...proposal[group]].sort((a, b) => a.rank - b.rank).find((e) => e.rank > below && !e.selected);
}

/** Where an objection against `applicationId` may not be filed now; undefined: it may. */
export function objectionRefusal(
  listed: ReadonlyMap<string, { endsAt: number }>,
  applicationId: string,
  now: number,
): 'not_listed' | 'window_closed' | undefined {
  const entry = listed.get(applicationId);
  if (!entry) return 'not_listed';
  return now < entry.endsAt ? undefined : 'window_closed';
}

/** The event key of an objection's step: its filing, its resolution and what the resolution changed; a public filer's receipt. */
export function objectionEventKey(
  objectionId: string,
  step: 'filed' | 'resolved' | 'notice' | 'offered' | 'receipt',
): string {
  return `objection:${objectionId}/${step}`;
}

/**
 * A member of the public objects without an account: the actor of their objection is
 * `public:<objection id>` with the role `public` (usecases/publicObjection.ts), so the objection's
 * filer is that objection's own name and address, never a user.
 */
export const PUBLIC_FILER_ROLE = 'public';
export const publicFilerId = (objectionId: string) => `public:${objectionId}`;
/** The objection a public filer's id names; undefined for a user's id. */
export const objectionOfPublicFiler = (filerId: string | null | undefined) =>
  filerId?.startsWith('public:') ? filerId.slice('public:'.length) : undefined;

/** Whether the actor is a member of the public objecting to this objection (checked by the workflow's validator). */
export function isPublicFiler(actor: { role: string; userId?: string } | undefined, objectionId: string): boolean {
  return actor?.role === PUBLIC_FILER_ROLE && actor.userId === publicFilerId(objectionId);
}

/**
 * A notice held before the platform, as the public record gives it (the 2018 round's 公示 of 19
 * September 2018): seeded once as an audit record of this action (platform/seed.ts), with the
 * document that made the list final. The platform holds none of its applicants.
 */
export const RECORDED_NOTICE_ACTION = 'public_notice_recorded';
export interface RecordedNotice {
  notice: NoticeSnapshot;
  /** where the notice was published */
  source: { zh: string; en: string };
  /** the document that published the final list, and its date (Beijing) */
  finalList: { document: string; publishedOn: string };
}
