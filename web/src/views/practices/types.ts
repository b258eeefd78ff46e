// The answers of GET /api/practices and GET /api/public/practices (usecases/practices.ts): the
// replicable practices pilots reported at their evaluations, and MOFCOM's review of each.

export type PracticeStatus = 'submitted' | 'published' | 'declined';

export interface Practice {
  id: string;
  pilotId: string;
  roundId: string;
  applicant: string;
  /** the pilot's kind: city | enterprise */
  kind: string;
  provinceCode: string | null;
  /** midterm | final */
  stage: string;
  text: string;
  status: PracticeStatus;
  reviewNote: string | null;
  reviewedById: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

/** The public library's entry: no review note, no reviewer. */
export type PublicPractice = Omit<Practice, 'status' | 'reviewNote' | 'reviewedById'>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
