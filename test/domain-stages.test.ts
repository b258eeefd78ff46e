// Pure rules of the later stages — expert review, selection, the pilot's calendar, evaluation and
// the report forms — without servers.
import type { ApplicantKind } from '../domain/applicants';
import { aggregateGrades, evaluationOutcome, GRADE_LABELS, GRADES, type Grade } from '../domain/evaluation';
import {
  aggregatePanel,
  eligibleExperts,
  validateScores,
  weightedScore,
  type ExpertCandidate,
} from '../domain/expertReview';
import { compilationDueAt, evaluationSchedule, quarterSchedule } from '../domain/pilotCalendar';
import { majorReportSchema, quarterlyReportSchema, selfAssessmentSchema } from '../domain/quarterlyReportSchema';
import { DEFAULT_ROUND_CONFIG, DEFAULT_RUBRIC, type RoundConfig } from '../domain/round';
import { groupOf, rankCandidates, validateRevisedList, type Candidate } from '../domain/selection';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.map(String).join('.')).sort();

describe('expert review: who may sit on a panel', () => {
  const expert = (id: string, over: Partial<ExpertCandidate> = {}): ExpertCandidate => ({
    id,
    provinceCode: '44',
    organizationId: null,
    conflictOrganizationIds: [],
    activeAssignments: 0,
    ...over,
  });
  const applicant = { provinceCode: '32', organizationId: 'org-suzhou' };

  test('when an expert is from the applicant’s province, then the expert is left out', () => {
    const ids = eligibleExperts(
      [expert('a', { provinceCode: '32' }), expert('b', { provinceCode: '44' }), expert('c', { provinceCode: null })],
      applicant,
      [],
    ).map((e) => e.id);
    expect(ids).toEqual(['b', 'c']);
  });
  test('when the applicant is a central enterprise (no province), then no expert is left out for province', () => {
    const ids = eligibleExperts(
      [expert('a', { provinceCode: '32' }), expert('b', { provinceCode: null })],
      { provinceCode: null, organizationId: 'org-sinochem' },
      [],
    ).map((e) => e.id);
    expect(ids).toEqual(['a', 'b']);
  });
  test('when an expert declared a conflict with the applicant’s organisation, then the expert is left out', () => {
    const ids = eligibleExperts(
      [
        expert('a', { conflictOrganizationIds: ['org-x', 'org-suzhou'] }),
        expert('b', { conflictOrganizationIds: ['org-x'] }),
      ],
      applicant,
      [],
    ).map((e) => e.id);
    expect(ids).toEqual(['b']);
  });
  test('when an expert works for the applicant’s organisation, then the expert is left out', () => {
    const ids = eligibleExperts(
      [expert('a', { organizationId: 'org-suzhou' }), expert('b', { organizationId: 'org-other' })],
      applicant,
      [],
    ).map((e) => e.id);
    expect(ids).toEqual(['b']);
  });
  test('when experts are already on or dropped from the panel, then they are not offered again', () => {
    const ids = eligibleExperts([expert('a'), expert('b'), expert('c')], applicant, ['a', 'c']).map((e) => e.id);
    expect(ids).toEqual(['b']);
  });
  test('when experts differ in load, then the least loaded come first and ties go by id', () => {
    const ids = eligibleExperts(
      [
        expert('e3', { activeAssignments: 1 }),
        expert('e2', { activeAssignments: 0 }),
        expert('e10', { activeAssignments: 1 }),
        expert('e1', { activeAssignments: 2 }),
      ],
      applicant,
      [],
    ).map((e) => e.id);
    expect(ids).toEqual(['e2', 'e10', 'e3', 'e1']);
  });
});

describe('expert review: score sheets and the panel score', () => {
  const full = { FOUNDATION: 80, PLAN: 90, MEASURES: 70, DEMONSTRATION: 60 };

  test('when every criterion has a score from 0 to 100, then the sheet is accepted', () => {
    expect(validateScores(DEFAULT_RUBRIC, { ...full, PLAN: 0, MEASURES: 100, DEMONSTRATION: 72.5 })).toEqual({
      ok: true,
      scores: { FOUNDATION: 80, PLAN: 0, MEASURES: 100, DEMONSTRATION: 72.5 },
    });
  });
  test('when a score is missing, out of range, not a number, or not a criterion, then each field is named', () => {
    const result = validateScores(DEFAULT_RUBRIC, { FOUNDATION: 101, PLAN: '90', MEASURES: -1, EXTRA: 50 });
    expect(result.ok).toBe(false);
    const fields = !result.ok ? result.problems.map((p) => p.field).sort() : [];
    expect(fields).toEqual([
      'scores.DEMONSTRATION',
      'scores.EXTRA',
      'scores.FOUNDATION',
      'scores.MEASURES',
      'scores.PLAN',
    ]);
    if (!result.ok) for (const p of result.problems) expect(p.zh && p.en).toBeTruthy();
  });
  test('when the scores are not an object, then the sheet is refused as a whole', () => {
    for (const bad of [null, [80, 90, 70, 60], 85, undefined]) {
      const result = validateScores(DEFAULT_RUBRIC, bad);
      expect(!result.ok && result.problems.map((p) => p.field)).toEqual(['scores']);
    }
  });
  test('when a score is NaN or infinite, then it is refused', () => {
    const result = validateScores(DEFAULT_RUBRIC, { ...full, PLAN: Number.NaN, MEASURES: Number.POSITIVE_INFINITY });
    expect(!result.ok && result.problems.map((p) => p.field).sort()).toEqual(['scores.MEASURES', 'scores.PLAN']);
  });
  test('when scores are weighted, then the total is Σ weight × score rounded to 2 decimals', () => {
    // 0.3·80 + 0.3·90 + 0.2·70 + 0.2·60 = 24 + 27 + 14 + 12
    expect(weightedScore(DEFAULT_RUBRIC, full)).toBe(77);
    // 0.3·83.33 + 0.3·91.17 + 0.2·77.01 + 0.2·64.99 = 24.999 + 27.351 + 15.402 + 12.998 = 80.75
    expect(
      weightedScore(DEFAULT_RUBRIC, { FOUNDATION: 83.33, PLAN: 91.17, MEASURES: 77.01, DEMONSTRATION: 64.99 }),
    ).toBe(80.75);
    expect(
      weightedScore(DEFAULT_RUBRIC, { FOUNDATION: 85.55, PLAN: 85.55, MEASURES: 85.55, DEMONSTRATION: 85.55 }),
    ).toBe(85.55);
  });
  test('when fewer than 3 experts scored, then the panel score is their mean, nothing left out', () => {
    expect(aggregatePanel([90, 40], 20)).toEqual({ score: 65, used: [90, 40], outliers: [] });
    expect(aggregatePanel([77.77], 20)).toEqual({ score: 77.77, used: [77.77], outliers: [] });
  });
  test('when one of 3 scores is further than outlierPoints from the median, then it is left out', () => {
    // median 80; 30 is 50 away
    expect(aggregatePanel([80, 30, 85], 20)).toEqual({ score: 82.5, used: [80, 85], outliers: [30] });
  });
  test('when a score is exactly outlierPoints from the median, then it is kept', () => {
    // median 12.2; 32.2 − 12.2 is 20.000000000000004 in floating point, but 20 points in fact
    expect(aggregatePanel([0, 12.2, 32.2], 20)).toEqual({ score: 14.8, used: [0, 12.2, 32.2], outliers: [] });
    expect(aggregatePanel([60, 80, 100.01], 20).outliers).toEqual([100.01]);
  });
  test('when leaving outliers out would keep fewer than 2 scores, then nothing is left out', () => {
    // 4 scores, median (50 + 60) / 2 = 55: only 50 and 60 are within 5 points; two remain, so the others go
    expect(aggregatePanel([10, 50, 60, 100], 5)).toEqual({ score: 55, used: [50, 60], outliers: [10, 100] });
    // 3 scores, median 50; with 1 point only 50 remains → keep all
    expect(aggregatePanel([10, 50, 90], 1)).toEqual({ score: 50, used: [10, 50, 90], outliers: [] });
    expect(aggregatePanel([10, 50, 91], 1)).toEqual({ score: 50.33, used: [10, 50, 91], outliers: [] });
  });
  test('when the panel has no scores, then aggregation refuses', () => {
    expect(() => aggregatePanel([], 20)).toThrow();
  });
});

describe('competitive selection', () => {
  const selection: RoundConfig['selection'] = { quotas: { city: 2, enterprise: 1 }, minScore: 60, countersignDays: 10 };
  const c = (applicationId: string, kind: ApplicantKind, score: number, over: Partial<Candidate> = {}): Candidate => ({
    applicationId,
    kind,
    score,
    medianExpertScore: score,
    submittedAt: '2018-05-20T08:00:00.000Z',
    ...over,
  });

  test('when grouping, then FTZs compete as cities and central enterprises as enterprises', () => {
    expect((['city', 'ftz', 'enterprise', 'central_enterprise'] as const).map(groupOf)).toEqual([
      'city',
      'city',
      'enterprise',
      'enterprise',
    ]);
  });
  test('when ranking, then each group is ordered by score, below-minimum candidates are dropped and the quota is selected', () => {
    const ranked = rankCandidates(
      [
        c('city-a', 'city', 70),
        c('ftz-b', 'ftz', 88),
        c('city-c', 'city', 59.99),
        c('city-d', 'city', 60),
        c('ent-e', 'enterprise', 75),
        c('ce-f', 'central_enterprise', 90),
      ],
      selection,
    );
    expect(ranked.city).toEqual([
      { applicationId: 'ftz-b', rank: 1, score: 88, selected: true },
      { applicationId: 'city-a', rank: 2, score: 70, selected: true },
      { applicationId: 'city-d', rank: 3, score: 60, selected: false },
    ]);
    expect(ranked.enterprise).toEqual([
      { applicationId: 'ce-f', rank: 1, score: 90, selected: true },
      { applicationId: 'ent-e', rank: 2, score: 75, selected: false },
    ]);
  });
  test('when scores tie, then the higher median expert score ranks first', () => {
    const ranked = rankCandidates(
      [c('a', 'enterprise', 80, { medianExpertScore: 78 }), c('b', 'enterprise', 80, { medianExpertScore: 82 })],
      selection,
    );
    expect(ranked.enterprise.map((r) => [r.applicationId, r.selected])).toEqual([
      ['b', true],
      ['a', false],
    ]);
  });
  test('when score and median tie, then the earlier submission ranks first, comparing instants not strings', () => {
    const ranked = rankCandidates(
      [
        c('a', 'city', 80, { submittedAt: '2018-05-20T08:00:00.000Z' }),
        // 2018-05-20T07:00Z, written in Beijing time: earlier, though its string sorts later
        c('b', 'city', 80, { submittedAt: '2018-05-20T15:00:00.000+08:00' }),
      ],
      selection,
    );
    expect(ranked.city.map((r) => r.applicationId)).toEqual(['b', 'a']);
  });
  test('when everything else ties, then the smaller application id ranks first, whatever the input order', () => {
    const input = [c('app-2', 'city', 80), c('app-10', 'city', 80), c('app-1', 'city', 80)];
    const ranked = rankCandidates(input, selection);
    expect(ranked.city.map((r) => [r.applicationId, r.rank, r.selected])).toEqual([
      ['app-1', 1, true],
      ['app-10', 2, true],
      ['app-2', 3, false],
    ]);
    expect(rankCandidates([...input].reverse(), selection)).toEqual(ranked);
  });
  test('when a quota is 0, then no one in that group is selected but all are still ranked', () => {
    const ranked = rankCandidates([c('a', 'enterprise', 90)], { ...selection, quotas: { city: 2, enterprise: 0 } });
    expect(ranked.enterprise).toEqual([{ applicationId: 'a', rank: 1, score: 90, selected: false }]);
    expect(ranked.city).toEqual([]);
  });

  const pool = [
    c('city-1', 'city', 80),
    c('ftz-2', 'ftz', 75),
    c('city-3', 'city', 70),
    c('city-low', 'city', 50),
    c('ent-1', 'enterprise', 85),
    c('ce-2', 'central_enterprise', 81),
  ];
  test('when MOFCOM revises the list within the rules, then there are no problems', () => {
    expect(validateRevisedList(pool, selection, ['city-3', 'ftz-2', 'ce-2'])).toEqual([]);
    expect(validateRevisedList(pool, selection, [])).toEqual([]);
  });
  test('when the revised list names a non-candidate, a below-minimum candidate or one twice, then each is a problem naming the id', () => {
    const problems = validateRevisedList(pool, selection, ['city-1', 'nobody', 'city-low', 'city-1']);
    expect(problems).toHaveLength(3);
    expect(problems.map((p) => p.en)).toEqual([
      expect.stringContaining('nobody'),
      expect.stringContaining('city-low'),
      expect.stringContaining('city-1'),
    ]);
    for (const p of problems) expect(p.zh.length).toBeGreaterThan(0);
  });
  test('when the revised list exceeds a group’s quota, then the problem names that group; central enterprises count as enterprises', () => {
    const cities = validateRevisedList(pool, selection, ['city-1', 'ftz-2', 'city-3']);
    expect(cities).toHaveLength(1);
    expect(cities[0].en).toMatch(/cities.*3.*quota of 2/i);
    expect(cities[0].zh).toContain('试点城市');
    const enterprises = validateRevisedList(pool, selection, ['ent-1', 'ce-2']);
    expect(enterprises).toHaveLength(1);
    expect(enterprises[0].en).toMatch(/enterprises.*quota of 1/i);
  });
});

describe('the pilot calendar', () => {
  const start = new Date('2019-01-01T00:00:00.000Z');
  const pilot = DEFAULT_ROUND_CONFIG.pilot; // 8 quarters of 91.3125 days, 15 days grace

  test('when the pilot starts, then there are 8 contiguous quarters of exactly 91.3125 days', () => {
    const quarters = quarterSchedule(start, pilot);
    expect(quarters).toHaveLength(8);
    expect(quarters.map((q) => q.quarter)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    quarters.forEach((q, i) => {
      expect(q.startsAt.getTime()).toBe(start.getTime() + i * 7_889_400_000);
      expect(q.endsAt.getTime()).toBe(start.getTime() + (i + 1) * 7_889_400_000);
      expect(q.dueAt.getTime() - q.endsAt.getTime()).toBe(15 * 86_400_000);
      if (i > 0) expect(q.startsAt.getTime()).toBe(quarters[i - 1].endsAt.getTime());
    });
  });
  test('when quarter 1 of a 2019 pilot ends, then its report is due 15 days later, to the millisecond', () => {
    const [q1, , , , , , , q8] = quarterSchedule(start, pilot);
    expect(q1.endsAt.toISOString()).toBe('2019-04-02T07:30:00.000Z');
    expect(q1.dueAt.toISOString()).toBe('2019-04-17T07:30:00.000Z');
    expect(q8.endsAt.toISOString()).toBe('2020-12-31T12:00:00.000Z');
    expect(q8.dueAt.getTime()).toBe(Date.UTC(2021, 0, 15, 12));
  });
  test('when the evaluations are scheduled, then the mid-term is at the end of quarter 4 and the final at the end of quarter 8', () => {
    const quarters = quarterSchedule(start, pilot);
    const { midterm, final } = evaluationSchedule(start, pilot);
    expect(midterm.toISOString()).toBe('2020-01-01T06:00:00.000Z');
    expect(midterm.getTime()).toBe(quarters[3].endsAt.getTime());
    expect(final.getTime()).toBe(quarters[7].endsAt.getTime());
    expect(final.getTime() - start.getTime()).toBe(730.5 * 86_400_000);
  });
  test('when a province compiles a quarter’s reports, then it is due compilationDays after the reports', () => {
    const q1 = quarterSchedule(start, pilot)[0];
    expect(compilationDueAt(q1.dueAt, pilot).toISOString()).toBe('2019-04-27T07:30:00.000Z');
  });
  test('when a demo round runs on a compressed calendar, then fractional days add up without drift', () => {
    const demo = {
      quarters: 3,
      quarterDays: 1 / 3,
      reportGraceDays: 0.1,
      compilationDays: 0.05,
      midtermAfterQuarter: 2,
    };
    const quarters = quarterSchedule(start, demo);
    expect(quarters.map((q) => q.endsAt.getTime() - start.getTime())).toEqual([28_800_000, 57_600_000, 86_400_000]);
    expect(quarters[2].dueAt.getTime() - start.getTime()).toBe(86_400_000 + 8_640_000);
    expect(compilationDueAt(quarters[0].dueAt, demo).getTime() - start.getTime()).toBe(
      28_800_000 + 8_640_000 + 4_320_000,
    );
    expect(evaluationSchedule(start, demo)).toEqual({
      midterm: new Date(start.getTime() + 57_600_000),
      final: new Date(start.getTime() + 86_400_000),
    });
  });
  test('when the mid-term quarter lies outside the pilot, then scheduling refuses', () => {
    expect(() => evaluationSchedule(start, { ...pilot, midtermAfterQuarter: 9 })).toThrow();
  });
});

describe('evaluation', () => {
  test('grades are best-first with Chinese and English labels', () => {
    expect(GRADES).toEqual(['excellent', 'good', 'pass', 'fail']);
    expect(GRADES.map((g) => GRADE_LABELS[g].zh)).toEqual(['优秀', '良好', '合格', '不合格']);
  });
  test('when the bodies grade an odd number of times, then the median grade wins, whatever the order', () => {
    expect(aggregateGrades(['fail', 'excellent', 'good'])).toBe('good');
    expect(aggregateGrades(['excellent', 'excellent', 'pass', 'fail', 'excellent'])).toBe('excellent');
    expect(aggregateGrades(['pass'])).toBe('pass');
  });
  test('when the count is even, then the lower of the two middle grades is taken', () => {
    expect(aggregateGrades(['excellent', 'good'])).toBe('good');
    expect(aggregateGrades(['excellent', 'excellent', 'good', 'good'])).toBe('good');
    const eight: Grade[] = ['excellent', 'excellent', 'excellent', 'excellent', 'pass', 'pass', 'pass', 'pass'];
    expect(aggregateGrades(eight)).toBe('pass');
  });
  test('when there are no grades, then aggregation refuses', () => {
    expect(() => aggregateGrades([])).toThrow();
  });
  test('when a pilot is excellent at mid-term, then it is eligible for incentives but gets no title', () => {
    expect(evaluationOutcome('midterm', 'excellent', 'city')).toEqual({ incentiveEligible: true, title: null });
    expect(evaluationOutcome('midterm', 'good', 'city')).toEqual({ incentiveEligible: false, title: null });
  });
  test('when a pilot is excellent at the final evaluation, then the title depends on its kind', () => {
    const city = {
      zh: '全国供应链创新与应用示范城市',
      en: 'National Supply-Chain Innovation and Application Demonstration City',
    };
    const enterprise = {
      zh: '全国供应链创新与应用示范企业',
      en: 'National Supply-Chain Innovation and Application Demonstration Enterprise',
    };
    expect(evaluationOutcome('final', 'excellent', 'city').title).toEqual(city);
    expect(evaluationOutcome('final', 'excellent', 'ftz').title).toEqual(city);
    expect(evaluationOutcome('final', 'excellent', 'enterprise').title).toEqual(enterprise);
    expect(evaluationOutcome('final', 'excellent', 'central_enterprise').title).toEqual(enterprise);
  });
  test('when a pilot is less than excellent at the final evaluation, then it gets no title', () => {
    for (const grade of ['good', 'pass', 'fail'] as const) {
      expect(evaluationOutcome('final', grade, 'city')).toEqual({ incentiveEligible: false, title: null });
    }
  });
});

describe('report forms', () => {
  const schema = quarterlyReportSchema(['INDUSTRY_SUPPLY_CHAIN', 'SUPPLY_CHAIN_FINANCE']);
  const report = () => ({
    progress: [{ task: 'INDUSTRY_SUPPLY_CHAIN', summary: '建成农产品供应链平台' }],
    indicators: [{ name: '供应链平台企业数', value: 12, unit: '家' }],
    problems: '',
  });

  test('when a quarterly report covers chosen tasks, then it is accepted', () => {
    expect(schema.safeParse(report()).success).toBe(true);
    expect(schema.safeParse({ ...report(), indicators: [] }).success).toBe(true);
  });
  test('when a quarterly report names a task the pilot did not choose, then that field is named', () => {
    const result = schema.safeParse({ ...report(), progress: [{ task: 'QUALITY', summary: 'x' }] });
    expect(paths(result)).toEqual(['progress.0.task']);
  });
  test('when a task is reported twice, then the second entry is named', () => {
    const result = schema.safeParse({
      ...report(),
      progress: [
        { task: 'SUPPLY_CHAIN_FINANCE', summary: 'a' },
        { task: 'INDUSTRY_SUPPLY_CHAIN', summary: 'b' },
        { task: 'SUPPLY_CHAIN_FINANCE', summary: 'c' },
      ],
    });
    expect(paths(result)).toEqual(['progress.2.task']);
  });
  test('when progress is empty, text is blank or too long, or fields are unknown, then each is refused', () => {
    expect(paths(schema.safeParse({ ...report(), progress: [] }))).toEqual(['progress']);
    const result = schema.safeParse({
      progress: [{ task: 'INDUSTRY_SUPPLY_CHAIN', summary: '   ' }],
      indicators: [{ name: 'x'.repeat(201), value: '12', unit: '' }],
      problems: 'p'.repeat(5001),
      extra: true,
    });
    expect(paths(result)).toEqual([
      '',
      'indicators.0.name',
      'indicators.0.unit',
      'indicators.0.value',
      'problems',
      'progress.0.summary',
    ]);
  });
  test('when there are more than 50 indicators, then the list is refused', () => {
    const indicators = Array.from({ length: 51 }, (_, i) => ({ name: `i${i}`, value: i, unit: '个' }));
    expect(paths(schema.safeParse({ ...report(), indicators }))).toEqual(['indicators']);
    expect(schema.safeParse({ ...report(), indicators: indicators.slice(0, 50) }).success).toBe(true);
  });
  test('when a pilot chose no tasks, then no progress entry can be valid', () => {
    expect(quarterlyReportSchema([]).safeParse(report()).success).toBe(false);
  });
  test('when a major report has an unknown kind or an over-long summary, then those fields are named', () => {
    expect(
      majorReportSchema.safeParse({ kind: 'major_problem', summary: '仓储火灾', details: '详细情况' }).success,
    ).toBe(true);
    expect(paths(majorReportSchema.safeParse({ kind: 'minor', summary: 's'.repeat(501), details: '' }))).toEqual([
      'details',
      'kind',
      'summary',
    ]);
  });
  test('when a self-assessment proposes a grade outside the scale or omits a section, then those fields are named', () => {
    const ok = { summary: '总结', achievements: '成效', replicablePractice: '可复制经验', proposedGrade: 'excellent' };
    expect(selfAssessmentSchema.safeParse(ok).success).toBe(true);
    const { replicablePractice, ...rest } = ok;
    expect(paths(selfAssessmentSchema.safeParse({ ...rest, proposedGrade: 'outstanding' }))).toEqual([
      'proposedGrade',
      'replicablePractice',
    ]);
  });
});
