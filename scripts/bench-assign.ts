// Benchmark of the batch expert assignment (domain/expertAssignment.ts, solved by HiGHS in
// platform/highsAssignment.ts): a round's worth of applications and a national pool, generated
// from a seed so every run solves the same instance, assigned at once. Prints and writes to
// bench/results/assign-<date>.json: the solve time, the objective against today's one-by-one rule
// and against an affinity-first greedy (domain/expertAssignmentGreedy.ts) with the gains, the
// constraint violations the independent checker counts (domain/expertAssignmentCheck.ts; must be
// 0 for the optimum), and the peak memory.
//
//   npm run bench:assign
//   APPLICATIONS=1000 EXPERTS=300 PANEL=3 LOAD_CAP=12 TWO_BODY_SHARE=0.2 SEED=2018 npm run bench:assign
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CITY_TASKS, ENTERPRISE_TASKS } from '../domain/annex';
import { NATIONAL_BODIES } from '../domain/bodies';
import { defaultMaxSameBody, type Batch, type BatchApplication, type BatchExpert } from '../domain/expertAssignment';
import { checkAssignment } from '../domain/expertAssignmentCheck';
import { infeasibleMessage } from '../domain/expertAssignmentFeasibility';
import { greedyAssignment } from '../domain/expertAssignmentGreedy';
import { PROVINCE_CODES } from '../domain/provinces';
import { solveBatch } from '../platform/highsAssignment';

const APPLICATIONS = Number(process.env.APPLICATIONS ?? 1000);
const EXPERTS = Number(process.env.EXPERTS ?? 300);
const PANEL = Number(process.env.PANEL ?? 3);
const LOAD_CAP = Number(process.env.LOAD_CAP ?? 12);
/** experts recommended by two bodies rather than one (the relaxation may then be fractional) */
const TWO_BODY_SHARE = Number(process.env.TWO_BODY_SHARE ?? 0.2);
const SEED = Number(process.env.SEED ?? 2018);

/** mulberry32: a small seeded generator, the same numbers on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = prng(SEED);
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
const some = <T>(list: readonly T[], min: number, max: number) => {
  const n = min + Math.floor(random() * (max - min + 1));
  return [...list].sort(() => random() - 0.5).slice(0, n);
};

// What experts say they know and what applicants say they do, in the words such forms use.
const FIELDS = [
  'supply-chain finance',
  '供应链金融',
  'banking and credit',
  'green supply chains',
  '绿色供应链',
  'recycling',
  'circular economy',
  'international trade',
  '跨境电商',
  'global supply chains',
  'quality standards',
  '质量追溯',
  'public policy',
  '供应链治理',
  'supply-chain management',
  '供应链协同',
  'digital technology',
  '技术创新',
  'platforms',
  '平台经济',
  'logistics',
  '物流',
  'manufacturing',
  '汽车制造',
  'electronics',
  'agriculture',
  '农产品流通',
  'retail',
  '医药',
  'chemicals',
  'textiles',
];
const INDUSTRIES = [
  '汽车制造',
  '电子信息',
  '石油化工',
  '农产品加工',
  '物流与仓储',
  '商贸零售',
  '医药流通',
  '纺织服装',
  '供应链管理服务',
  '装备制造',
  '食品',
  '能源',
];
// Recommending bodies are not equally active: MOFCOM and CFLP recommend the most experts.
const BODY_WEIGHTS: Record<string, number> = {
  MOFCOM: 25,
  CFLP: 20,
  MIIT: 15,
  MEE: 8,
  MARA: 8,
  PBOC: 8,
  SAMR: 8,
  CBIRC: 8,
};
const weightedBody = () => {
  let r = random() * 100;
  for (const { code } of NATIONAL_BODIES) if ((r -= BODY_WEIGHTS[code]) < 0) return code;
  return 'MOFCOM';
};

function generate(): Batch {
  const applications: BatchApplication[] = Array.from({ length: APPLICATIONS }, (_, i) => {
    const city = random() < 0.35;
    const central = !city && random() < 0.05;
    return {
      id: `app-${String(i).padStart(4, '0')}`,
      name: `Applicant ${i}`,
      provinceCode: central ? null : pick(PROVINCE_CODES),
      organizationId: `org-${i}`,
      profile: {
        tasks: some(
          (city ? CITY_TASKS : ENTERPRISE_TASKS).map((t) => t.code),
          1,
          3,
        ),
        industry: some(INDUSTRIES, 1, 2).join('、'),
      },
      panelSize: PANEL,
      maxSameBody: defaultMaxSameBody(PANEL),
    };
  });
  const experts: BatchExpert[] = Array.from({ length: EXPERTS }, (_, i) => {
    const first = weightedBody();
    let second = weightedBody();
    while (second === first) second = weightedBody();
    return {
      id: `expert-${String(i).padStart(3, '0')}`,
      provinceCode: random() < 0.2 ? null : pick(PROVINCE_CODES),
      // a few experts work for an applicant, and most have declared a conflict or two
      organizationId: random() < 0.05 ? pick(applications).organizationId : null,
      conflictOrganizationIds: some(applications, 0, 3).map((a) => a.organizationId),
      activeAssignments: Math.floor(random() * 3),
      fields: some(FIELDS, 1, 3),
      bodies: random() < TWO_BODY_SHARE ? [first, second] : [first],
    };
  });
  return { applications, experts, loadCap: LOAD_CAP };
}

async function main() {
  const generated = performance.now();
  const batch = generate();
  const generateMs = performance.now() - generated;
  const started = performance.now();
  const outcome = await solveBatch(batch);
  const totalMs = performance.now() - started;
  if (!outcome.feasible) {
    console.error(infeasibleMessage(outcome.reasons).en);
    process.exit(1);
  }
  const optimal = checkAssignment(batch, outcome.panels);
  const baseline = (prefer: 'leastLoaded' | 'affinity') => {
    const started = performance.now();
    const greedy = greedyAssignment(batch, prefer);
    const ms = Math.round(performance.now() - started);
    const { objective, violations } = checkAssignment(batch, greedy.panels);
    return {
      objective,
      gainPercent: Math.round(((optimal.objective - objective) / objective) * 1000) / 10,
      unfilledSeats: greedy.unfilled,
      violations: violations.length,
      ms,
    };
  };
  const seats = APPLICATIONS * PANEL;
  const result = {
    benchmark: 'batch expert assignment',
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      node: process.version,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    instance: {
      seed: SEED,
      applications: APPLICATIONS,
      experts: EXPERTS,
      panelSize: PANEL,
      loadCap: LOAD_CAP,
      maxSameBody: defaultMaxSameBody(PANEL),
      twoBodyShare: TWO_BODY_SHARE,
      seats: APPLICATIONS * PANEL,
    },
    model: { columns: outcome.columns, rows: outcome.rows },
    solver: {
      method: outcome.method,
      branchAndCutApplications: outcome.branchAndCut,
      solveMs: outcome.solveMs,
      totalMs: Math.round(totalMs),
      generateMs: Math.round(generateMs),
    },
    objective: optimal.objective,
    violations: optimal.violations.length,
    meanAffinityPerSeat: round2(optimal.objective / seats),
    oneByOne: baseline('leastLoaded'),
    affinityGreedy: baseline('affinity'),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  const dir = path.join(__dirname, '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `assign-${result.date.slice(0, 10)}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(
    `batch expert assignment: ${APPLICATIONS} applications × ${EXPERTS} experts, panels of ${PANEL}, load cap ${LOAD_CAP}, seed ${SEED}`,
  );
  console.log(`  model       ${result.model.columns} variables, ${result.model.rows} constraints`);
  const how = {
    lp: 'the linear relaxation was integral',
    'lp+milp': `the linear relaxation, then branch-and-cut on the ${outcome.branchAndCut} applications it left fractional`,
    milp: 'branch-and-cut on the whole programme',
  }[outcome.method];
  console.log(
    `  solved      ${result.solver.solveMs} ms by HiGHS (${how}), ${result.solver.totalMs} ms with the feasibility checks`,
  );
  console.log(`  objective   ${result.objective} (${result.meanAffinityPerSeat} a seat)`);
  for (const [label, b] of [
    ['one by one, least loaded (today)', result.oneByOne],
    ['greedy, best affinity first', result.affinityGreedy],
  ] as const) {
    console.log(
      `    vs ${label}: ${b.objective}, optimum +${b.gainPercent} %; ${b.unfilledSeats} seats left empty, ${b.violations} violations`,
    );
  }
  console.log(`  violations  ${result.violations} (independent checker)`);
  console.log(`  peak memory ${result.peakRssMb} MB RSS`);
  console.log(`  written to  ${path.relative(process.cwd(), file)}`);
  if (result.violations > 0) process.exit(1);
}

function round2(x: number) {
  return Math.round(x * 100) / 100;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
