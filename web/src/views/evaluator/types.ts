// What GET /api/tasks/:id carries on an evaluation's task (usecases/evaluatorAccess.ts evaluationContext),
// the round's appointment (GET /api/rounds/:id/evaluator) and a graded evaluation's breakdown.
import type { SelfAssessment } from '../pilot/types';

export interface Indicator {
  code: string;
  zh: string;
  en: string;
  weight: number;
}

export interface ThirdPartyReport {
  organization: string | null;
  report: string;
  proposedGrade: string | null;
  scores: Record<string, number> | null;
  total: number | null;
  decidedAt: string;
}

export interface EvaluationContext {
  stage: 'midterm' | 'final';
  /** the pilot's name */
  applicant: string | null;
  selfAssessment: SelfAssessment | null;
  indicators: Indicator[] | null;
  /** on the province's and the bodies' tasks: the report once given */
  thirdParty?: ThirdPartyReport | null;
  /** on the bodies' tasks: the province's opinion once given */
  opinion?: { text: string; decidedAt: string } | null;
}

export interface EvaluatorAccount {
  id: string;
  username: string;
  displayName: string;
  organizationName: string | null;
}

export interface Appointment {
  roundId: string;
  evaluator: EvaluatorAccount | null;
  locked: boolean;
}

export interface Breakdown {
  bodies: { body: string; grade: string; scores?: Record<string, number>; total?: number }[];
  rule: string;
  indicators?: Indicator[];
  bands?: { grade: string; min: number }[];
  grade: string;
}
