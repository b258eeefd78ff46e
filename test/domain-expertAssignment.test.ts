// Batch expert assignment without servers: the affinity rule, the programme solved by HiGHS against
// optima found by exhaustive search, every constraint kept (checked by the independent checker),
// the greedy baseline, and the reasons an infeasible batch gives.
import { affinity, profileOf } from '../domain/expertAffinity';
import {
  buildAssignmentModel,
  defaultMaxSameBody,
  splitAtFractional,
  type Batch,
  type BatchApplication,
  type BatchExpert,
  type Panels,
} from '../domain/expertAssignment';
import { checkAssignment } from '../domain/expertAssignmentCheck';
import { infeasibleMessage } from '../domain/expertAssignmentFeasibility';
import { greedyAssignment } from '../domain/expertAssignmentGreedy';
import { solveBatch, type BatchOutcome } from '../platform/highsAssignment';

const app = (id: string, over: Partial<BatchApplication> = {}): BatchApplication => ({
  id,
  name: `Applicant ${id}`,
  provinceCode: 'AH',
  organizationId: `org-${id}`,
  profile: { tasks: [], industry: '' },
  panelSize: 1,
  maxSameBody: 1,
  ...over,
});
const expert = (id: string, over: Partial<BatchExpert> = {}): BatchExpert => ({
  id,
  provinceCode: 'BJ',
  organizationId: null,
  conflictOrganizationIds: [],
  activeAssignments: 0,
  fields: [],
  bodies: [id.toUpperCase()],
  ...over,
});

async function solved(batch: Batch) {
  const outcome = await solveBatch(batch);
  if (!outcome.feasible) throw new Error(`expected a solution: ${infeasibleMessage(outcome.reasons).en}`);
  return outcome;
}
const reasonsOf = async (batch: Batch) =>
  ((await solveBatch(batch)) as Extract<BatchOutcome, { feasible: false }>).reasons;

/** The best objective over every assignment that keeps the rules, by trying them all. */
function bruteForceOptimum(batch: Batch): number | undefined {
  let best: number | undefined;
  const panels: Panels = {};
  const combos = (ids: string[], k: number): string[][] =>
    k === 0 ? [[]] : ids.flatMap((id, i) => combos(ids.slice(i + 1), k - 1).map((rest) => [id, ...rest]));
  const visit = (i: number) => {
    if (i === batch.applications.length) {
      const { violations, objective } = checkAssignment(batch, panels);
      if (violations.length === 0 && (best === undefined || objective > best)) best = objective;
      return;
    }
    const a = batch.applications[i];
    for (const panel of combos(
      batch.experts.map((e) => e.id),
      a.panelSize,
    )) {
      panels[a.id] = panel;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

/** A seeded generator, so every run tries the same instances. */
function prng(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}
const FIELDS = [
  'supply-chain finance',
  'green supply chains',
  'platforms',
  'logistics',
  'quality standards',
  'manufacturing',
  '数字化技术创新',
  '国际贸易',
];
const TASKS = [
  'SUPPLY_CHAIN_FINANCE',
  'GREEN_SUPPLY_CHAIN',
  'PLATFORMS',
  'INDUSTRY_SUPPLY_CHAIN',
  'QUALITY',
  'TECH_MODEL_INNOVATION',
  'GLOBAL_SUPPLY_CHAIN',
];
const BODIES = ['MOFCOM', 'MIIT', 'PBOC', 'CFLP'];

function randomBatch(seed: number, opts: { bodiesPerExpert: 1 | 2 }): Batch {
  const r = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const applications = ['a', 'b', 'c'].map((id) =>
    app(id, {
      provinceCode: pick(['AH', 'JX', 'SD']),
      panelSize: 2,
      profile: {
        tasks: [pick(TASKS), pick(TASKS)].filter((t, i, l) => l.indexOf(t) === i),
        industry: pick(['汽车制造', '物流', '']),
      },
    }),
  );
  const experts = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'].map((id) =>
    expert(id, {
      provinceCode: pick(['AH', 'JX', 'SD', 'BJ', 'BJ', null]),
      activeAssignments: Math.floor(r() * 2),
      fields: [pick(FIELDS), pick(FIELDS)],
      bodies:
        opts.bodiesPerExpert === 1
          ? [pick(BODIES)]
          : [pick(BODIES), pick(BODIES)].filter((b, i, l) => l.indexOf(b) === i),
    }),
  );
  return { applications, experts, loadCap: 2 };
}

describe('affinity: an expert’s fields against the chosen tasks and the industry', () => {
  test('when a field names a chosen task, then it counts 2, and a sector named by both the field and the industry counts 1', () => {
    const profile = profileOf({ chosenTasks: ['SUPPLY_CHAIN_FINANCE', 'PLATFORMS'], industry: '供应链管理服务' });
    expect(affinity(['supply-chain finance'], profile)).toBe(2 + 1); // the task, and the supply-chain services sector
    expect(affinity(['platforms', '供应链金融'], profile)).toBe(2 + 2 + 1);
    expect(affinity(['agriculture'], profile)).toBe(0);
  });
  test('when the application is a city plan, then its industrial base and key industries are its industry', () => {
    const profile = profileOf({
      chosenTasks: ['GREEN_SUPPLY_CHAIN'],
      industrialBase: '汽车、电子信息、石化',
      keyIndustries: '汽车产业集群',
    });
    expect(profile.industry).toContain('汽车');
    expect(affinity(['automotive manufacturing'], profile)).toBe(1);
    expect(affinity(['绿色供应链', '石油化工'], profile)).toBe(2 + 1);
  });
  test('when an annex is partial, then its profile is empty rather than an error', () => {
    expect(profileOf({ cityName: '合肥市' })).toEqual({ tasks: [], industry: '' });
    expect(profileOf(null)).toEqual({ tasks: [], industry: '' });
  });
});

describe('the programme', () => {
  test('when a small batch is solved, then HiGHS finds the optimum exhaustive search finds, and the greedy baseline finds less', async () => {
    // The least-loaded rule seats e1 (first by id) on a, where it knows nothing, and e2 on b.
    const batch: Batch = {
      applications: [
        app('a', { profile: { tasks: ['SUPPLY_CHAIN_FINANCE'], industry: '' } }),
        app('b', { profile: { tasks: ['GREEN_SUPPLY_CHAIN'], industry: '' } }),
      ],
      experts: [expert('e1', { fields: ['green supply chains'] }), expert('e2', { fields: ['supply-chain finance'] })],
      loadCap: 1,
    };
    const outcome = await solved(batch);
    expect(outcome.panels).toEqual({ a: ['e2'], b: ['e1'] });
    expect(outcome.objective).toBe(4);
    expect(bruteForceOptimum(batch)).toBe(4);
    const greedy = greedyAssignment(batch);
    expect(greedy.panels).toEqual({ a: ['e1'], b: ['e2'] });
    expect(checkAssignment(batch, greedy.panels)).toEqual({ violations: [], objective: 0 });
  });

  test('when a greedy takes the best-fitting expert first, then it can still miss the optimum the batch finds', async () => {
    // a fits e1 and e2 equally and, first in turn, takes e1 — the one b needed.
    const batch: Batch = {
      applications: [
        app('a', { profile: { tasks: ['SUPPLY_CHAIN_FINANCE', 'GREEN_SUPPLY_CHAIN'], industry: '' } }),
        app('b', { profile: { tasks: ['SUPPLY_CHAIN_FINANCE'], industry: '' } }),
      ],
      experts: [expert('e1', { fields: ['finance'] }), expert('e2', { fields: ['green'] })],
      loadCap: 1,
    };
    const greedy = greedyAssignment(batch, 'affinity');
    expect(greedy.panels).toEqual({ a: ['e1'], b: ['e2'] });
    expect(checkAssignment(batch, greedy.panels).objective).toBe(2);
    expect((await solved(batch)).objective).toBe(4);
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'when random instance %i is solved, then its objective is the exhaustive optimum and nothing is violated',
    async (seed) => {
      for (const bodiesPerExpert of [1, 2] as const) {
        const batch = randomBatch(seed, { bodiesPerExpert });
        const best = bruteForceOptimum(batch);
        const outcome = await solveBatch(batch);
        if (best === undefined) {
          expect(outcome.feasible).toBe(false);
          continue;
        }
        if (!outcome.feasible)
          throw new Error(
            `seed ${seed}: infeasible, but ${best} is reachable: ${infeasibleMessage(outcome.reasons).en}`,
          );
        expect(outcome.objective).toBe(best);
        expect(checkAssignment(batch, outcome.panels)).toEqual({ violations: [], objective: best });
        // One body per expert: the matrix is totally unimodular, so the relaxation is already integral.
        if (bodiesPerExpert === 1) expect(outcome.method).toBe('lp');
      }
    },
  );

  test('when every rule could be broken for a better objective, then none is: province, conflict, organisation, load cap with current tasks, bodies’ spread', async () => {
    const finance = { tasks: ['SUPPLY_CHAIN_FINANCE'], industry: '' };
    const batch: Batch = {
      applications: [
        app('a', { profile: finance, panelSize: 3, organizationId: 'org-a' }),
        app('b', { profile: finance, panelSize: 3, provinceCode: 'JX' }),
      ],
      experts: [
        expert('local', { provinceCode: 'AH', fields: ['finance'], bodies: ['PBOC'] }), // a's province
        expert('declared', { conflictOrganizationIds: ['org-a'], fields: ['finance'], bodies: ['CBIRC'] }),
        expert('employee', { organizationId: 'org-a', fields: ['finance'], bodies: ['MOFCOM'] }),
        expert('busy', { activeAssignments: 1, fields: ['finance'], bodies: ['SAMR'] }), // room for one more only
        expert('pboc1', { fields: ['finance'], bodies: ['PBOC'] }),
        expert('pboc2', { fields: ['finance'], bodies: ['PBOC'] }),
        expert('plain1', { bodies: ['MIIT'] }),
        expert('plain2', { bodies: ['MEE'] }),
        expert('plain3', { bodies: ['MARA'] }),
      ],
      loadCap: 2,
    };
    const outcome = await solved(batch);
    const { violations, objective } = checkAssignment(batch, outcome.panels);
    expect(violations).toEqual([]);
    expect(objective).toBe(outcome.objective);
    for (const excluded of ['local', 'declared', 'employee']) expect(outcome.panels.a).not.toContain(excluded);
    expect([...outcome.panels.a, ...outcome.panels.b].filter((id) => id === 'busy')).toHaveLength(1);
    for (const panel of Object.values(outcome.panels))
      expect(panel.filter((id) => id.startsWith('pboc') || id === 'local').length).toBeLessThanOrEqual(1);
    // b (JX) may have local, declared and employee; the optimum is what exhaustive search finds
    expect(outcome.objective).toBe(bruteForceOptimum(batch));
  });

  test('when experts recommended by several bodies make the relaxation fractional, then branch-and-cut finds the 0/1 optimum', async () => {
    // Any two of e1, e2, e3 share a body, so a panel of two holds one of them and e4; the
    // relaxation would take half of each (objective 3) instead.
    const finance = { tasks: ['SUPPLY_CHAIN_FINANCE'], industry: '' };
    const batch: Batch = {
      applications: [app('a', { profile: finance, panelSize: 2 })],
      experts: [
        expert('e1', { fields: ['finance'], bodies: ['X', 'Y'] }),
        expert('e2', { fields: ['finance'], bodies: ['Y', 'Z'] }),
        expert('e3', { fields: ['finance'], bodies: ['Z', 'X'] }),
        expert('e4', { bodies: ['W'] }),
      ],
      loadCap: 1,
    };
    const outcome = await solved(batch);
    expect(outcome).toMatchObject({ method: 'milp', objective: 2 });
    expect(outcome.panels.a).toContain('e4');
    expect(bruteForceOptimum(batch)).toBe(2);
  });

  test('when the relaxation leaves one application fractional, then the panels it decided are kept and only that application is left, with the experts’ room reduced', () => {
    const finance = { tasks: ['SUPPLY_CHAIN_FINANCE'], industry: '' };
    const batch: Batch = {
      applications: [app('a', { profile: finance }), app('b', { profile: finance, provinceCode: 'JX' })],
      experts: [expert('e1', { fields: ['finance'] }), expert('e2', { activeAssignments: 1 })],
      loadCap: 3,
    };
    const model = buildAssignmentModel(batch);
    const column = (a: number, e: number) => model.columns.findIndex((c) => c.application === a && c.expert === e);
    const values = new Float64Array(model.columns.length);
    values[column(0, 0)] = 1; // a: e1, decided
    values[column(1, 0)] = 0.5; // b: half e1, half e2
    values[column(1, 1)] = 0.5;
    const { fixed, fixedObjective, residual } = splitAtFractional(batch, model, values);
    expect(fixed).toEqual({ a: ['e1'] });
    expect(fixedObjective).toBe(2);
    expect(residual.applications.map((x) => x.id)).toEqual(['b']);
    expect(residual.experts.map((e) => [e.id, e.activeAssignments])).toEqual([
      ['e1', 1],
      ['e2', 1],
    ]);
  });

  test('when the model is built, then body rows exist only where a body could break the spread', () => {
    const batch: Batch = {
      applications: [app('a', { panelSize: 2 })],
      experts: [expert('x1', { bodies: ['X'] }), expert('x2', { bodies: ['X'] }), expert('y1', { bodies: ['Y'] })],
      loadCap: 1,
    };
    const model = buildAssignmentModel(batch);
    expect(model.columns).toHaveLength(3);
    expect(model.numRows).toBe(1 + 3 + 1); // the panel, three experts, body X (Y has one expert)
  });

  test('when the round does not set the spread, then no body recommends a majority of the panel', () => {
    expect([1, 2, 3, 4, 5, 7].map(defaultMaxSameBody)).toEqual([1, 1, 1, 2, 2, 3]);
  });
});

describe('an infeasible batch says why', () => {
  test('when an application has fewer eligible experts with room than its panel, then it is named', async () => {
    const batch: Batch = {
      applications: [app('a', { name: '合肥市', panelSize: 3 }), app('b', { provinceCode: 'JX', panelSize: 1 })],
      experts: [expert('local', { provinceCode: 'AH' }), expert('full', { activeAssignments: 5 }), expert('free')],
      loadCap: 5,
    };
    const reasons = await reasonsOf(batch);
    // a's shortage also leaves the batch short of room: both are said
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'too_few_eligible',
        applicationId: 'a',
        detail: { eligible: 2, available: 1, panelSize: 3 },
      }),
      expect.objectContaining({ code: 'capacity_short', detail: { capacity: 3, demand: 4, loadCap: 5 } }),
    ]);
    expect(reasons[0].zh).toContain('合肥市');
    expect(infeasibleMessage(reasons).en).toMatch(/^Infeasible: "合肥市" has only 1 experts who may score it/);
    expect(infeasibleMessage(reasons).zh).toMatch(/^无法分配：/);
  });

  test('when the experts’ room under the cap is less than the seats needed, then the capacity is the reason', async () => {
    const batch: Batch = {
      applications: ['a', 'b', 'c'].map((id) => app(id, { panelSize: 2, maxSameBody: 2 })),
      experts: [expert('e1', { activeAssignments: 1 }), expert('e2'), expert('e3')],
      loadCap: 2,
    };
    expect(await reasonsOf(batch)).toEqual([
      expect.objectContaining({ code: 'capacity_short', detail: { capacity: 5, demand: 6, loadCap: 2 } }),
    ]);
  });

  test('when too many of the experts come from one body, then the spread is the reason, with the bodies counted', async () => {
    const batch: Batch = {
      applications: [app('a', { panelSize: 3, maxSameBody: 1 })],
      experts: [
        expert('m1', { bodies: ['MOFCOM'] }),
        expert('m2', { bodies: ['MOFCOM', 'CFLP'] }),
        expert('c1', { bodies: ['CFLP'] }),
        expert('m3', { bodies: ['MOFCOM'] }),
      ],
      loadCap: 3,
    };
    const [reason] = await reasonsOf(batch);
    expect(reason).toMatchObject({
      code: 'body_spread',
      applicationId: 'a',
      detail: { fillable: 2, panelSize: 3, maxSameBody: 1, perBody: { MOFCOM: 3, CFLP: 2 } },
    });
    expect(reason.en).toContain('CFLP 2, MOFCOM 3');
  });

  test('when every check passes but the rules conflict together, then the solver’s proof is the reason', async () => {
    // Each panel needs one expert not from X, and y1 alone is, with room for one panel.
    const batch: Batch = {
      applications: [app('a', { panelSize: 2 }), app('b', { panelSize: 2 })],
      experts: [
        expert('x1', { bodies: ['X'] }),
        expert('x2', { bodies: ['X'] }),
        expert('x3', { bodies: ['X'] }),
        expert('y1', { bodies: ['Y'] }),
      ],
      loadCap: 1,
    };
    expect(await reasonsOf(batch)).toEqual([expect.objectContaining({ code: 'no_joint_solution' })]);
  });
});
