// Solves the batch expert assignment (domain/expertAssignment.ts) with HiGHS (platform/highsSolver.ts).
// The explicit checks come first, so an infeasible batch is explained in MOFCOM's terms rather
// than by a solver status.
//
// Exact, and tractable at a national round's size: branch-and-cut on the whole 0/1 programme
// takes minutes at 1,000 applications × 300 experts (≈ 290,000 variables), its linear relaxation
// seconds. So the relaxation first. It is integral whenever every expert is recommended by one
// body (the matrix is then totally unimodular, see the model's header) and is then optimal for
// the 0/1 programme too. Experts recommended by several bodies can make a few of its variables
// fractional; then the panels it already decides are kept, branch-and-cut assigns only the
// applications left (a few, with the experts' room reduced by the kept panels), and the result
// is accepted only if it reaches the relaxation's bound rounded down — affinities are integers,
// so nothing can do better. Short of the bound, branch-and-cut solves the whole programme.
import {
  buildAssignmentModel,
  isIntegral,
  panelsOf,
  splitAtFractional,
  type AssignmentModel,
  type Batch,
  type Panels,
} from '../domain/expertAssignment';
import { infeasibilityReasons, noJointSolution, type InfeasibleReason } from '../domain/expertAssignmentFeasibility';
import { startSolver, type Solver } from './highsSolver';

type Method = 'lp' | 'lp+milp' | 'milp';

export type BatchOutcome =
  | {
      feasible: true;
      panels: Panels;
      objective: number;
      /** 'lp': the relaxation was integral; 'lp+milp': branch-and-cut on what it left open reached its bound; 'milp': branch-and-cut on the whole */
      method: Method;
      /** applications branch-and-cut assigned: none, those the relaxation left fractional, or all */
      branchAndCut: number;
      solveMs: number;
      columns: number;
      rows: number;
    }
  | { feasible: false; reasons: InfeasibleReason[] };

type Solved = { panels: Panels; objective: number; method: Method; branchAndCut: number };

export async function solveBatch(batch: Batch): Promise<BatchOutcome> {
  const reasons = infeasibilityReasons(batch);
  if (reasons.length > 0) return { feasible: false, reasons };
  const started = performance.now();
  const model = buildAssignmentModel(batch);
  const solver = startSolver();
  try {
    const solved = await solveExactly(solver, batch, model);
    if (!solved) return { feasible: false, reasons: [noJointSolution(batch)] };
    return {
      feasible: true,
      ...solved,
      solveMs: Math.round(performance.now() - started),
      columns: model.columns.length,
      rows: model.numRows,
    };
  } finally {
    await solver.stop();
  }
}

async function solveExactly(solver: Solver, batch: Batch, model: AssignmentModel): Promise<Solved | undefined> {
  const relaxed = await solver.solve(model, false);
  if (!relaxed.optimal) return undefined; // the relaxation is infeasible, so the 0/1 programme is too
  if (isIntegral(relaxed.values))
    return {
      panels: panelsOf(batch, model, relaxed.values),
      objective: Math.round(relaxed.objective),
      method: 'lp',
      branchAndCut: 0,
    };
  const bound = Math.floor(relaxed.objective + 1e-6);
  const { fixed, fixedObjective, residual } = splitAtFractional(batch, model, relaxed.values);
  if (Object.keys(fixed).length > 0) {
    const rest = await branchAndCut(solver, residual, buildAssignmentModel(residual));
    if (rest && fixedObjective + rest.objective >= bound) {
      return {
        panels: { ...fixed, ...rest.panels },
        objective: fixedObjective + rest.objective,
        method: 'lp+milp',
        branchAndCut: residual.applications.length,
      };
    }
  }
  const whole = await branchAndCut(solver, batch, model);
  return whole && { ...whole, method: 'milp', branchAndCut: batch.applications.length };
}

async function branchAndCut(
  solver: Solver,
  batch: Batch,
  model: AssignmentModel,
): Promise<{ panels: Panels; objective: number } | undefined> {
  const result = await solver.solve(model, true);
  return result.optimal
    ? { panels: panelsOf(batch, model, result.values), objective: Math.round(result.objective) }
    : undefined;
}
