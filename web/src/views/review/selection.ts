// GET /api/rounds/:id/selection, the part the proposed list reads (usecases/selection.ts getSelection).
export type SelectionGroup = 'city' | 'enterprise';

export interface RankedEntry {
  applicationId: string;
  rank: number;
  score: number;
  selected: boolean;
}

export interface ProposedSelection {
  status: string;
  countersignRound: number;
  proposal: Partial<Record<SelectionGroup, RankedEntry[]>>;
  applicants: { applicationId: string; name: string; kind: string; provinceCode: string | null }[];
}

export const GROUPS: readonly SelectionGroup[] = ['city', 'enterprise'];
