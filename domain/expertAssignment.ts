// Batch expert assignment (专家统一分配): MOFCOM assigns every application of a round that is
// waiting for a panel at once, as peer-review systems do (HotCRP, OpenReview), instead of one by
// one as each is forwarded. This file states the problem as a mixed-integer linear programme;
// platform/highsAssignment.ts solves it with HiGHS. Pure: no I/O.
//
//   variables    x[a,e] ∈ {0,1} for each application a and each expert e who may score it
//                (mayScore: not of a's province, no declared conflict, not of a's organisation)
//                and has room under the load cap; x = 1 seats e on a's panel
//   maximise     Σ affinity(e, a) · x[a,e]                      (domain/expertAffinity.ts)
//   subject to   Σ_e x[a,e] = panelSize(a)          for each a   exactly a full panel
//                Σ_a x[a,e] ≤ loadCap − load(e)     for each e   load(e): e's open expert tasks now
//                Σ_{e recommended by b} x[a,e] ≤ maxSameBody(a)
//                                                   for each a and each body b (bodies' spread)
//
// Full panels or nothing: a batch that cannot give every waiting application a full panel is
// infeasible as a whole, and nothing is assigned — MOFCOM then widens the pool or the cap with
// the reasons in hand (domain/expertAssignmentFeasibility.ts). A partial panel would score with
// fewer experts than the round asks, which the one-by-one path only tolerates as a visible
// shortage, never as an outcome MOFCOM chose.
//
// Why its linear relaxation is usually already integral: when every expert is recommended by one
// body, the panel rows and the body rows of one application form a laminar family (each body row
// lies inside its application's row), and the expert rows another (disjoint); a 0/1 matrix whose
// rows split into two laminar families is totally unimodular, so every vertex of the relaxation
// is integral. The solver therefore solves the relaxation first, and branch-and-cut only for what
// experts recommended by several bodies leave fractional (platform/highsAssignment.ts).
import { affinity, type ApplicationProfile } from './expertAffinity';
import { mayScore, type Applicant, type ExpertCandidate } from './expertReview';

/** Open expert tasks an expert may hold at once, when the round does not say. */
export const DEFAULT_LOAD_CAP = 10;

/** When the round does not say: no body recommends a majority of a panel (at least 1). */
export function defaultMaxSameBody(panelSize: number): number {
  return Math.max(1, Math.floor(panelSize / 2));
}

export interface BatchApplication extends Applicant {
  id: string;
  /** what the reasons call it: the city's or the enterprise's name */
  name: string;
  profile: ApplicationProfile;
  /** from the application's own configuration (an application keeps the rules it was submitted under) */
  panelSize: number;
  maxSameBody: number;
}

export interface BatchExpert extends ExpertCandidate {
  fields: readonly string[];
  /** the bodies that recommended the expert */
  bodies: readonly string[];
}

export interface Batch {
  applications: readonly BatchApplication[];
  experts: readonly BatchExpert[];
  loadCap: number;
}

/** Application id → the ids of the experts on its panel. */
export type Panels = Record<string, string[]>;

/** Room an expert has left under the cap, given the tasks they already hold. */
export function roomOf(expert: BatchExpert, loadCap: number): number {
  return Math.max(0, loadCap - expert.activeAssignments);
}

/** The programme in the solver's terms: columns are the x[a,e], the matrix is column-wise (CSC). */
export interface AssignmentModel {
  columns: { application: number; expert: number; affinity: number }[];
  numRows: number;
  /** ±Infinity where a row has no bound */
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** the objective's coefficient of each column, to be maximised */
  cost: Float64Array;
}

export function buildAssignmentModel(batch: Batch): AssignmentModel {
  const { applications, experts, loadCap } = batch;
  const columns: AssignmentModel['columns'] = [];
  applications.forEach((app, a) => {
    experts.forEach((expert, e) => {
      if (roomOf(expert, loadCap) > 0 && mayScore(expert, app))
        columns.push({ application: a, expert: e, affinity: affinity(expert.fields, app.profile) });
    });
  });

  const lower: number[] = [];
  const upper: number[] = [];
  const addRow = (lo: number, hi: number) => {
    lower.push(lo);
    upper.push(hi);
    return lower.length - 1;
  };
  applications.forEach((app) => addRow(app.panelSize, app.panelSize));
  const expertRow = new Map<number, number>();
  for (const c of columns)
    if (!expertRow.has(c.expert)) expertRow.set(c.expert, addRow(-Infinity, roomOf(experts[c.expert], loadCap)));
  // A body row only where the body could break the spread: more of its experts may score the
  // application than the spread allows. Elsewhere the row could never bind.
  const perBody = new Map<string, number>();
  const key = (a: number, body: string) => `${a}\u0000${body}`;
  for (const c of columns)
    for (const body of experts[c.expert].bodies)
      perBody.set(key(c.application, body), (perBody.get(key(c.application, body)) ?? 0) + 1);
  const bodyRow = new Map<string, number>();
  for (const [k, n] of perBody) {
    const a = Number(k.slice(0, k.indexOf('\u0000')));
    if (n > applications[a].maxSameBody) bodyRow.set(k, addRow(-Infinity, applications[a].maxSameBody));
  }

  const starts = new Int32Array(columns.length + 1);
  const rowsOf = columns.map((c) => {
    const rows = [c.application, expertRow.get(c.expert)!];
    for (const body of experts[c.expert].bodies) {
      const row = bodyRow.get(key(c.application, body));
      if (row !== undefined) rows.push(row);
    }
    return rows.sort((x, y) => x - y);
  });
  const nonzeros = rowsOf.reduce((n, rows) => n + rows.length, 0);
  const indices = new Int32Array(nonzeros);
  let k = 0;
  rowsOf.forEach((rows, j) => {
    starts[j] = k;
    for (const row of rows) indices[k++] = row;
  });
  starts[columns.length] = k;
  return {
    columns,
    numRows: lower.length,
    rowLower: Float64Array.from(lower),
    rowUpper: Float64Array.from(upper),
    starts,
    indices,
    values: new Float64Array(nonzeros).fill(1),
    cost: Float64Array.from(columns, (c) => c.affinity),
  };
}

/** Further from 0 or 1 than the solver's feasibility tolerance. */
const isFractional = (value: number) => Math.abs(value - Math.round(value)) > 1e-6;

/** Whether every column's value is 0 or 1. */
export function isIntegral(values: ArrayLike<number>): boolean {
  for (let j = 0; j < values.length; j++) if (isFractional(values[j])) return false;
  return true;
}

/**
 * Splits a fractional optimum of the relaxation: the panels of the applications it already decides
 * (every one of their columns 0 or 1), their objective, and the rest as a smaller batch whose
 * experts' loads count those panels' seats.
 */
export function splitAtFractional(
  batch: Batch,
  model: AssignmentModel,
  values: ArrayLike<number>,
): { fixed: Panels; fixedObjective: number; residual: Batch } {
  const fractional = new Set<number>();
  model.columns.forEach((c, j) => {
    if (isFractional(values[j])) fractional.add(c.application);
  });
  const fixed: Panels = {};
  const seats = new Map<number, number>();
  let fixedObjective = 0;
  batch.applications.forEach((a, i) => {
    if (!fractional.has(i)) fixed[a.id] = [];
  });
  model.columns.forEach((c, j) => {
    if (fractional.has(c.application) || values[j] < 0.5) return;
    fixed[batch.applications[c.application].id].push(batch.experts[c.expert].id);
    seats.set(c.expert, (seats.get(c.expert) ?? 0) + 1);
    fixedObjective += c.affinity;
  });
  return {
    fixed,
    fixedObjective,
    residual: {
      applications: batch.applications.filter((_, i) => fractional.has(i)),
      experts: batch.experts.map((e, i) => ({ ...e, activeAssignments: e.activeAssignments + (seats.get(i) ?? 0) })),
      loadCap: batch.loadCap,
    },
  };
}

/** The panels an integral solution seats, every application present (in the batch's order). */
export function panelsOf(batch: Batch, model: AssignmentModel, values: ArrayLike<number>): Panels {
  const panels: Panels = Object.fromEntries(batch.applications.map((a) => [a.id, [] as string[]]));
  model.columns.forEach((c, j) => {
    if (values[j] > 0.5) panels[batch.applications[c.application].id].push(batch.experts[c.expert].id);
  });
  return panels;
}
