// The answers the stages' task forms read: GET /api/tasks/:id of a compilation carries the reports
// it carries (usecases/compilationReports.ts); an evaluation's self-assessment is the pilot's
// (GET /api/pilots/:id); a revision's proposal is the selection's (GET /api/rounds/:id/selection).
import type { TaskDetail } from '../../api/types';
import type { Pilot, QuarterlyReportContent } from '../pilot/types';

export type { Pilot };

export interface CompiledReport {
  id: string;
  pilotId: string;
  applicant: string;
  /** the pilot's kind: its tasks are the city's or the enterprise's */
  kind: string;
  quarter: number;
  late: boolean;
  submittedAt: string | null;
  content: QuarterlyReportContent | null;
}

export interface StageTask extends TaskDetail {
  compilation?: CompiledReport[];
  result?: {
    grade?: string;
    comments?: string;
    total?: number;
    applicationIds?: string[];
    reports?: string[];
  } | null;
}

export interface RankedCandidate {
  applicationId: string;
  rank: number;
  score: number;
  selected: boolean;
}

/** GET /api/rounds/:id/selection (what the revision reads). */
export interface SelectionAnswer {
  status: string;
  countersignRound: number;
  proposal: Record<'city' | 'enterprise', RankedCandidate[]>;
  /** the listed applicants' names (when the server gives them) */
  applicants?: { applicationId: string; name: string }[];
}

/** The stages with a form of their own here (Task.vue renders StagePanel for them). */
export const STAGE_PANELS = ['quarterlyCompilation', 'evaluation', 'evaluationThirdParty', 'selectionRevision'];
