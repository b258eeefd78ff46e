// The pure rules of a unit's recommendation and of what the selection makes of it: which rankings
// may be sent, what each approved application hears, and the round's tie-break and per-unit quota.
import { rankingRefusal, recommendationVerdicts } from '../domain/recommendation';
import { rankCandidates, validateRevisedList, type Candidate } from '../domain/selection';

const approved = [
  { applicationId: 'c1', kind: 'city' as const },
  { applicationId: 'z1', kind: 'ftz' as const },
  { applicationId: 'e1', kind: 'enterprise' as const },
];

describe('a ranking the commerce department may send', () => {
  test('when each approved application is in its own list once, then it may be sent, leaving some out', () => {
    expect(rankingRefusal({ city: ['z1', 'c1'], enterprise: [] }, approved)).toBeUndefined();
  });
  test('when a list is over the cap, an FTZ is in the enterprise list, an id is twice or unknown, then the field says which', () => {
    expect(rankingRefusal({ city: ['c1', 'z1'], enterprise: [] }, approved, { city: 1 })?.field).toBe('ranking.city');
    expect(rankingRefusal({ city: [], enterprise: ['z1'] }, approved)).toMatchObject({
      field: 'ranking.enterprise.0',
      code: 'wrong_list',
    });
    expect(rankingRefusal({ city: ['c1', 'c1'], enterprise: [] }, approved)).toMatchObject({
      field: 'ranking.city.1',
      code: 'duplicate',
    });
    expect(rankingRefusal({ city: ['x'], enterprise: [] }, approved)?.code).toBe('not_approved');
  });
  test('when it is sent, then the ranked hear their place in their list and the rest that they were not recommended', () => {
    expect(recommendationVerdicts({ city: ['z1'], enterprise: ['e1'] }, approved)).toEqual([
      { applicationId: 'c1', recommended: false, group: 'city', rank: null },
      { applicationId: 'z1', recommended: true, group: 'city', rank: 1 },
      { applicationId: 'e1', recommended: true, group: 'enterprise', rank: 1 },
    ]);
  });
});

describe("the selection weighs the units' recommendations where the round says so", () => {
  const at = '2018-05-01T00:00:00Z';
  const city = (id: string, score: number, provinceCode: string, provincialRank: number, median = 80): Candidate => ({
    applicationId: id,
    kind: 'city',
    score,
    medianExpertScore: median,
    submittedAt: at,
    provinceCode,
    provincialRank,
  });
  const base = { quotas: { city: 2, enterprise: 0 }, minScore: 60, countersignDays: 10 };

  test('when two cities tie on score, then by default the higher median expert score wins, and with tieBreak provincialRank the unit’s first', () => {
    const candidates = [city('a', 90, 'GD', 2, 85), city('b', 90, 'AH', 1, 80)];
    expect(rankCandidates(candidates, base).city.map((c) => c.applicationId)).toEqual(['a', 'b']);
    expect(
      rankCandidates(candidates, { ...base, tieBreak: 'provincialRank' }).city.map((c) => c.applicationId),
    ).toEqual(['b', 'a']);
  });

  test('when one unit has the three best cities and the quota per unit is one, then its second and third are passed over for the next unit’s', () => {
    const candidates = [
      city('g1', 95, 'GD', 1),
      city('g2', 94, 'GD', 2),
      city('s1', 93, 'SZ', 1),
      city('a1', 70, 'AH', 1),
    ];
    const list = rankCandidates(candidates, { ...base, perUnitQuota: { city: 1 } }).city;
    expect(list.filter((c) => c.selected).map((c) => c.applicationId)).toEqual(['g1', 's1']);
    expect(list.map((c) => c.rank)).toEqual([1, 2, 3, 4]);
    expect(validateRevisedList(candidates, { ...base, perUnitQuota: { city: 1 } }, ['g1', 'g2'])).toHaveLength(1);
  });
});
