// Competitive selection (竞争性择优, notice §四(三)): "通过竞争性择优确定试点城市和试点企业".
// Cities and enterprises compete in separate groups, each with its own quota (2018: 55 cities,
// 266 enterprises). Free-trade zones compete as cities, central enterprises as enterprises.
//
// Ranking rule — deterministic and explainable to every applicant:
//   1. only candidates whose score is at least the round's minScore are ranked;
//   2. higher score first;
//   3. ties: higher median expert score first (the panel's typical judgement, not swayed by one
//      generous or harsh expert); then earlier submission (submittedAt); then the smaller
//      applicationId, so no two candidates ever share a rank;
//   4. the first `quotas[group]` of each group are selected. Ranks start at 1.
import type { ApplicantKind } from './applicants';
import type { RoundConfig } from './round';

export type SelectionGroup = 'city' | 'enterprise';
export const SELECTION_GROUPS: readonly SelectionGroup[] = ['city', 'enterprise'];

export const SELECTION_GROUP_LABELS: Record<SelectionGroup, { zh: string; en: string }> = {
  city: { zh: '试点城市', en: 'Pilot cities' },
  enterprise: { zh: '试点企业', en: 'Pilot enterprises' },
};

export interface Candidate {
  applicationId: string;
  kind: ApplicantKind;
  score: number;
  medianExpertScore: number;
  /** ISO 8601 */
  submittedAt: string;
}

export interface RankedCandidate {
  applicationId: string;
  rank: number;
  score: number;
  selected: boolean;
}

export interface SelectionProblem {
  zh: string;
  en: string;
}

/** FTZs apply as cities (Annex 1); central enterprises are enterprises. */
export function groupOf(kind: ApplicantKind): SelectionGroup {
  return kind === 'city' || kind === 'ftz' ? 'city' : 'enterprise';
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ranking order of the header: negative when `a` ranks before `b`. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.score - a.score ||
    b.medianExpertScore - a.medianExpertScore ||
    Date.parse(a.submittedAt) - Date.parse(b.submittedAt) ||
    compareIds(a.applicationId, b.applicationId)
  );
}

/** Per group: the candidates meeting minScore, ranked by the header's rule; the first `quota` selected. */
export function rankCandidates(
  candidates: readonly Candidate[],
  selection: RoundConfig['selection'],
): Record<SelectionGroup, RankedCandidate[]> {
  const out: Record<SelectionGroup, RankedCandidate[]> = { city: [], enterprise: [] };
  for (const group of SELECTION_GROUPS) {
    out[group] = candidates
      .filter((c) => groupOf(c.kind) === group && c.score >= selection.minScore)
      .sort(compareCandidates)
      .map((c, i) => ({
        applicationId: c.applicationId,
        rank: i + 1,
        score: c.score,
        selected: i < selection.quotas[group],
      }));
  }
  return out;
}

/**
 * Checks MOFCOM's manual revision of the list (after an objection in the public notice): every id
 * must be a candidate meeting minScore, none listed twice, and no group over its quota.
 * Returns the problems, bilingual; an empty array means the list is acceptable.
 */
export function validateRevisedList(
  candidates: readonly Candidate[],
  selection: RoundConfig['selection'],
  applicationIds: readonly string[],
): SelectionProblem[] {
  const problems: SelectionProblem[] = [];
  const byId = new Map(candidates.map((c) => [c.applicationId, c]));
  const seen = new Set<string>();
  const counts: Record<SelectionGroup, number> = { city: 0, enterprise: 0 };
  for (const id of applicationIds) {
    if (seen.has(id)) {
      problems.push({ zh: `申报 ${id} 重复列入名单`, en: `Application ${id} is listed more than once` });
      continue;
    }
    seen.add(id);
    const candidate = byId.get(id);
    if (!candidate) {
      problems.push({ zh: `申报 ${id} 不在本轮候选范围内`, en: `Application ${id} is not a candidate of this round` });
      continue;
    }
    if (candidate.score < selection.minScore) {
      problems.push({
        zh: `申报 ${id} 得分 ${candidate.score} 低于最低分 ${selection.minScore}`,
        en: `Application ${id} scored ${candidate.score}, below the minimum of ${selection.minScore}`,
      });
      continue;
    }
    counts[groupOf(candidate.kind)] += 1;
  }
  for (const group of SELECTION_GROUPS) {
    const quota = selection.quotas[group];
    if (counts[group] > quota) {
      const label = SELECTION_GROUP_LABELS[group];
      problems.push({
        zh: `${label.zh}共 ${counts[group]} 个，超过名额 ${quota} 个`,
        en: `${label.en}: ${counts[group]} listed, over the quota of ${quota}`,
      });
    }
  }
  return problems;
}

/** A proposed (or signed) list: every ranked candidate per group, the selected ones flagged. */
export type Proposal = Record<SelectionGroup, RankedCandidate[]>;

export function selectedIds(proposal: Proposal): string[] {
  return [...proposal.city, ...proposal.enterprise].filter((e) => e.selected).map((e) => e.applicationId);
}

/** MOFCOM's revision: the same ranking, with exactly the listed applications selected. */
export function withSelection(proposal: Proposal, applicationIds: readonly string[]): Proposal {
  const chosen = new Set(applicationIds);
  return {
    city: proposal.city.map((e) => ({ ...e, selected: chosen.has(e.applicationId) })),
    enterprise: proposal.enterprise.map((e) => ({ ...e, selected: chosen.has(e.applicationId) })),
  };
}
