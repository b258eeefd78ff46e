// The expert review's answers: GET /api/tasks/:id of an expert's task carries the rubric its
// application is scored on (usecases/tasks.ts) and, once scored, the sheet sent (workflows/expertReview.ts).
import type { RubricCriterion } from '../../../../domain/round';
import type { TaskDetail } from '../../api/types';

export type { RubricCriterion };

/** What the workflow keeps of a score: the scores by criterion code, their weighted total, the comments. */
export interface ScoreResult {
  scores: Record<string, number>;
  total: number;
  comments?: string;
}

export interface ExpertTask extends TaskDetail {
  rubric?: RubricCriterion[];
  result?: ScoreResult | null;
}
