// The answer of GET /api/rounds/:id/units/:unit/recommendation (usecases/recommendations.ts) and of
// PUT /api/rounds/:id/units/:unit/deadline (usecases/unitDeadlines.ts).
import type { Label } from '../../api/types';

export type Group = 'city' | 'enterprise';

export interface Entry {
  applicationId: string;
  name: string | null;
  kind: string | null;
  kindLabel: Label | null;
}

export interface RankedEntry extends Entry {
  rank: number;
}

export interface RecommendationTask {
  id: string;
  stage: string;
  reviewRound: number;
  departmentId: string | null;
  status: string;
  decision: string | null;
  reason: string | null;
  dueAt: string;
}

export interface Recommendation {
  id: string;
  status: 'drafting' | 'countersign' | 'sent' | 'rejected';
  version: number;
  reason: string | null;
  fixes: { party: string; reason: string }[] | null;
  sentAt: string | null;
  applications: Entry[];
  ranking: Record<Group, RankedEntry[]> | null;
  tasks: RecommendationTask[];
}

export interface UnitRecommendation {
  roundId: string;
  provinceCode: string;
  /** when the unit's recommendation must reach MOFCOM */
  dueAt: string;
  applicantDeadline: string;
  applicantDeadlineSource: 'unit' | 'default';
  pipeline: { status: string; label: Label; count: number }[];
  late: { id: string; stage: string; departmentId: string | null; dueAt: string; applicationId: string | null }[];
  ready: Entry[];
  recommendations: Recommendation[];
}

/** The unit's commerce department: it sets the applicants' deadline and drafts the recommendation. */
export const commerceOf = (unit: string) => `${unit}.COMMERCE`;
