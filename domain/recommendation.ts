// A province's recommendation to MOFCOM (地方择优推荐, notice §四(一)(二)): the applications its joint
// review approved, ranked by the commerce department in two lists — cities and free-trade zones,
// and enterprises — within the round's cap per list, each named once, with the reasons.
import type { ApplicantKind } from './applicants';
import type { FieldError } from './errors';
import { groupOf, type SelectionGroup } from './selection';

export const RECOMMENDATION_GROUPS = ['city', 'enterprise'] as const satisfies readonly SelectionGroup[];

export type Ranking = Record<SelectionGroup, string[]>;

export interface Approved {
  applicationId: string;
  kind: ApplicantKind;
}

/** How many of each list a province may recommend; absent: no cap (the notice sets none). */
export type RecommendationCap = Partial<Record<SelectionGroup, number>>;

/** Why a ranking cannot be sent as it is: the field and what to say, or undefined. */
export function rankingRefusal(
  ranking: Ranking,
  approved: readonly Approved[],
  cap: RecommendationCap = {},
): FieldError | undefined {
  const kindOf = new Map(approved.map((a) => [a.applicationId, a.kind]));
  const seen = new Set<string>();
  for (const group of RECOMMENDATION_GROUPS) {
    const list = ranking[group];
    const limit = cap[group];
    if (limit !== undefined && list.length > limit)
      return {
        field: `ranking.${group}`,
        code: 'over_cap',
        message: {
          zh: `本轮每个申报单位至多推荐 ${limit} 个${group === 'city' ? '城市（自贸区）' : '企业'}`,
          en: `This round takes at most ${limit} ${group === 'city' ? 'cities and FTZs' : 'enterprises'} from each unit`,
        },
      };
    for (const [i, id] of list.entries()) {
      const field = `ranking.${group}.${i}`;
      const kind = kindOf.get(id);
      if (kind === undefined)
        return {
          field,
          code: 'not_approved',
          message: { zh: '只能推荐本单位联合审核通过的申报', en: "Only applications the unit's joint review approved" },
        };
      if (groupOf(kind) !== group)
        return {
          field,
          code: 'wrong_list',
          message: {
            zh: group === 'city' ? '企业应列入企业名单' : '城市和自贸区应列入城市名单',
            en:
              group === 'city'
                ? 'An enterprise belongs in the enterprise list'
                : 'A city or FTZ belongs in the city list',
          },
        };
      if (seen.has(id))
        return {
          field,
          code: 'duplicate',
          message: { zh: '同一申报只能排序一次', en: 'An application is ranked once' },
        };
      seen.add(id);
    }
  }
  return undefined;
}

/** What each approved application hears once the recommendation is sent: its place in its list, or none. */
export function recommendationVerdicts(
  ranking: Ranking,
  approved: readonly Approved[],
): { applicationId: string; recommended: boolean; group: SelectionGroup; rank: number | null }[] {
  return approved.map(({ applicationId, kind }) => {
    const group = groupOf(kind);
    const at = ranking[group].indexOf(applicationId);
    return { applicationId, recommended: at >= 0, group, rank: at >= 0 ? at + 1 : null };
  });
}
