// The answer of GET /api/pilots/:id (usecases/pilots.ts: the Pilot row with its reports, major
// reports, evaluations and schedule of quarters) and the reference data the pilot page reads
// beyond types.ts's.
import type { Label, Reference } from '../../api/types';

export interface QuarterlyReportContent {
  progress: { task: string; summary: string }[];
  indicators: { name: string; value: number; unit: string }[];
  problems: string;
}

export interface QuarterlyReport {
  id: string;
  quarter: number;
  /** due | submitted | missing | cancelled (the pilot was removed) */
  status: string;
  late: boolean;
  content: QuarterlyReportContent | null;
  dueAt: string;
  submittedAt: string | null;
}

export interface SelfAssessment {
  summary: string;
  achievements: string;
  replicablePractice: string;
  proposedGrade: string;
}

export interface Evaluation {
  id: string;
  /** midterm | final */
  stage: string;
  /** self_assessment | grading | graded */
  status: string;
  selfAssessment: SelfAssessment | null;
  grade: string | null;
  openedAt: string;
  gradedAt: string | null;
}

export interface MajorReport {
  id: string;
  kind: 'major_progress' | 'major_problem';
  summary: string;
  details: string;
  createdAt: string;
  deliveredAt: string | null;
}

/** A proposal to remove the pilot (取消试点资格): its countersign's state (domain/removal.ts REMOVAL_STATUSES). */
export interface Removal {
  id: string;
  /** countersigning | revising | removed | dropped */
  status: string;
  /** the countersign round (a maintained proposal is countersigned again) */
  round: number;
  /** REMOVAL_GROUNDS codes */
  grounds: string[];
  reason: string;
  /** null: proposed by the system after a mid-term fail */
  proposedById: string | null;
  /** the last objection: the objecting body's code and its reason */
  objection: { body: string; reason: string } | null;
  /** why MOFCOM dropped it */
  resolution: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface Pilot {
  id: string;
  roundId: string;
  kind: string;
  /** running | completed | removed */
  status: string;
  startsAt: string;
  endsAt: string;
  removedAt: string | null;
  midtermGrade: string | null;
  finalGrade: string | null;
  incentiveEligible: boolean;
  title: string | null;
  replicablePractice: string | null;
  /** a quarter's report once the quarter has begun */
  reports: QuarterlyReport[];
  /** every quarter of the pilot with its report's due time (as recorded at its start) */
  schedule: { quarter: number; dueAt: string }[];
  majorReports: MajorReport[];
  evaluations: Evaluation[];
  removals: Removal[];
  incentives: Incentive[];
}

/** Support a body or a province's department recorded as granted to the pilot (激励与政策支持). */
export interface Incentive {
  id: string;
  /** INCENTIVE_KINDS codes (domain/incentives.ts) */
  kind: string;
  departmentId: string;
  note: string;
  /** the day it was granted: midnight CST of that day */
  grantedOn: string;
  recordedById: string;
  createdAt: string;
}

/** GET /api/reference has these too (api/routes/rounds.ts). */
export interface PilotReference extends Reference {
  cityTasks: { code: string; zh: string; en: string }[];
  enterpriseTasks: { code: string; zh: string; en: string }[];
  grades: Record<string, Label>;
  evaluationStages: Record<string, Label>;
  removalGrounds: Record<string, Label>;
  removalStatuses: Record<string, Label>;
  incentiveKinds: Record<string, Label>;
}
