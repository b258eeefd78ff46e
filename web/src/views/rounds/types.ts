// The answers of /api/rounds (usecases/rounds.ts), of the batch expert assignment
// (usecases/expertAssignment.ts) and the round's rules as domain/round.ts has them (the workspace
// does not import the domain: its bundle stays the browser's).
export type DeclarationPhase = 'not_yet_open' | 'open' | 'closed';

export interface EscalationLevel {
  afterDays: number | null;
  notify: string[];
}
export interface StageDeadlines {
  reminderDays: number | null;
  levels: EscalationLevel[];
  defaultAfterDays: number | null;
  defaultRule: string;
}
export interface RubricCriterion {
  code: string;
  zh: string;
  en: string;
  weight: number | null;
}

/** A round's rules; numbers are null while a field of the form is empty (the server refuses it under the field). */
export interface RoundConfig {
  dayCount?: 'calendar' | 'working';
  provincialReviewDays: number | null;
  revisionDays: number | null;
  expertReview: {
    panelSize: number | null;
    quorum: number | null;
    scoringDays: number | null;
    stageDays: number | null;
    outlierPoints: number | null;
    assignment?: 'onForward' | 'batch';
    loadCap?: number;
    maxSameBody?: number;
  };
  rubric: RubricCriterion[];
  selection: {
    quotas: { city: number | null; enterprise: number | null };
    minScore: number | null;
    countersignDays: number | null;
  };
  pilot: {
    quarters: number | null;
    quarterDays: number | null;
    reportGraceDays: number | null;
    compilationDays: number | null;
    midtermAfterQuarter: number | null;
  };
  evaluation: {
    selfAssessmentDays: number | null;
    gradingDays: number | null;
    opinionDays?: number | null;
    thirdPartyDays?: number | null;
    /** 评价指标 (domain/indicators.ts): absent, the bodies grade each evaluation as a whole */
    indicators?: RubricCriterion[];
  };
  deadlines: Record<string, StageDeadlines>;
  publicNotice?: { workingDays: number | null; offerNextRanked: boolean };
  removal?: { countersignDays: number | null; proposeOnMidtermFail: boolean };
  /** present in a demonstration round: who may declare, the days between a title's periodic reviews */
  demonstration?: { eligibility: 'any' | 'existingPilots'; reviewDays?: number | null };
  /** the form its applicants fill in: 1, 2 (Annex 1/2) or 3 (a demonstration round's 申报书) */
  annexVersion?: 1 | 2 | 3;
}

export interface RoundItem {
  id: string;
  kind: 'pilot' | 'demonstration';
  nameZh: string;
  nameEn: string;
  declarationOpensAt: string | null;
  declarationDeadline: string;
  config: RoundConfig;
  configVersion: number;
  open: boolean;
  declaration: DeclarationPhase;
}

export interface RoundDetail extends RoundItem {
  versions: { version: number; reason: string; createdAt: string; applications: number }[];
}

/** POST /api/rounds/:id/close-declaration answers the round as stored. */
export interface ClosedRound {
  id: string;
  declarationDeadline: string;
}

export interface BatchAssignment {
  batchId: string;
  loadCap: number;
  objective: number;
  oneByOne: { objective: number; unfilledSeats: number };
  gainPercent: number | null;
  panels: { applicationId: string; name: string; panelSize: number; experts: { expertId: string; name: string }[] }[];
  refused: { applicationId: string; code: string }[];
}

/** GET /api/rounds/:id/selection (only what this page shows). */
export interface Selection {
  status: string;
  statusLabel: { zh: string; en: string };
  countersignRound: number;
  publishedAt: string | null;
  /** every ranked candidate by name (an applicant removed on an objection stays here, unselected) */
  applicants?: { applicationId: string; name: string }[];
  /** the public notice (公示) once it has opened */
  notice?: NoticeState | null;
}

export interface NoticeState {
  phase: 'open' | 'awaiting_resolution' | 'final';
  phaseLabel: { zh: string; en: string };
  endsAt: string;
}

type Person = { id: string; username: string; displayName: string };

/** GET /api/rounds/:id/objections (usecases/objections.ts objectionViews). */
export interface Objection {
  id: string;
  applicationId: string;
  reason: string;
  status: 'open' | 'upheld' | 'dismissed';
  statusLabel: { zh: string; en: string };
  filedBy: Person | null;
  /** a member of the public without an account: the name and address they gave */
  publicFiler: { name: string | null; email: string | null } | null;
  createdAt: string;
  resolution: string | null;
  resolvedBy: Person | null;
  resolvedAt: string | null;
}
