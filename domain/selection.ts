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
//
// What a unit's recommendation (domain/recommendation.ts) weighs, where the round says so:
//   - tieBreak 'provincialRank': between equal scores, the one its unit ranked higher comes first
//     (before the median expert score; a candidate without a place comes after those with one);
//   - perUnitQuota[group]: at most that many of a group are selected from one reporting unit;
//     a candidate over it is passed over and the next one takes the place.
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
  /** its reporting unit (null: a central enterprise) and its place in the unit's recommendation; absent in older selections */
  provinceCode?: string | null;
  provincialRank?: number | null;
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

/** A unit's place as a number to compare: none comes after every place. */
const placeOf = (c: Candidate) => c.provincialRank ?? Number.MAX_SAFE_INTEGER;

/** The ranking order of the header: negative when `a` ranks before `b`. */
export function compareCandidates(a: Candidate, b: Candidate, tieBreak?: RoundConfig['selection']['tieBreak']): number {
  return (
    b.score - a.score ||
    (tieBreak === 'provincialRank' ? placeOf(a) - placeOf(b) : 0) ||
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
    const cap = selection.perUnitQuota?.[group];
    const perUnit = new Map<string, number>();
    let taken = 0;
    out[group] = candidates
      .filter((c) => groupOf(c.kind) === group && c.score >= selection.minScore)
      .sort((a, b) => compareCandidates(a, b, selection.tieBreak))
      .map((c, i) => {
        const unit = c.provinceCode ?? '';
        const overUnit = cap !== undefined && unit !== '' && (perUnit.get(unit) ?? 0) >= cap;
        const selected = taken < selection.quotas[group] && !overUnit;
        if (selected) {
          taken += 1;
          perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
        }
        return { applicationId: c.applicationId, rank: i + 1, score: c.score, selected };
      });
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
  const perUnit = new Map<string, number>();
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
    const unitKey = `${groupOf(candidate.kind)}:${candidate.provinceCode ?? ''}`;
    if (candidate.provinceCode) perUnit.set(unitKey, (perUnit.get(unitKey) ?? 0) + 1);
  }
  for (const [key, n] of perUnit) {
    const [group, unit] = key.split(':') as [SelectionGroup, string];
    const cap = selection.perUnitQuota?.[group];
    if (cap !== undefined && n > cap)
      problems.push({
        zh: `${SELECTION_GROUP_LABELS[group].zh}中来自 ${unit} 的共 ${n} 个，超过每个申报单位 ${cap} 个的名额`,
        en: `${SELECTION_GROUP_LABELS[group].en}: ${n} from ${unit}, over the quota of ${cap} per reporting unit`,
      });
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
