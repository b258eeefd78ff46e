// HiGHS (npm `highs`, the MILP solver of the University of Edinburgh compiled to WebAssembly) in a
// worker thread of its own, started for one batch and ended after it. Two reasons: a national batch
// keeps the solver busy for seconds, which on the API's own thread would stall every other
// request; and WebAssembly memory (hundreds of MB for such a batch) is only given back when its
// thread ends. The worker is plain JavaScript, so it runs the same under tsx and under Jest.
import { Worker } from 'node:worker_threads';
import type { AssignmentModel } from '../domain/expertAssignment';

export interface LpResult {
  /** false: HiGHS proved the model infeasible */
  optimal: boolean;
  values: Float64Array;
  objective: number;
}

export interface Solver {
  /** Maximises the model's objective over 0 ≤ x ≤ 1, x integer when `integer`. */
  solve(model: AssignmentModel, integer: boolean): Promise<LpResult>;
  stop(): Promise<void>;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = require(workerData.highs)();
parentPort.on('message', async ({ model, integer }) => {
  try {
    const h = await ready;
    const numCols = model.cost.length;
    const { numRows } = model;
    const instance = h.createModel({
      numCols, numRows,
      sense: h.constants.objectiveSense.maximize,
      colCost: model.cost,
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(1),
      rowLower: model.rowLower,
      rowUpper: model.rowUpper,
      matrix: { format: 'csc', numRows, numCols, starts: model.starts, indices: model.indices, values: model.values },
      ...(integer ? { integrality: new Int32Array(numCols).fill(h.constants.variableType.integer) } : {}),
    });
    try {
      instance.options.set({ output_flag: false });
      instance.run();
      const status = instance.getModelStatus();
      const s = h.constants.modelStatus;
      // The objective is bounded (0 <= x <= 1): "unbounded or infeasible" can only be infeasible.
      if (status === s.infeasible || status === s.unboundedOrInfeasible) parentPort.postMessage({ optimal: false, values: new Float64Array(0), objective: 0 });
      else if (status !== s.optimal) parentPort.postMessage({ error: 'HiGHS stopped with model status ' + status });
      else {
        const values = instance.getSolution().colValue;
        parentPort.postMessage({ optimal: true, values, objective: instance.getObjectiveValue() }, [values.buffer]);
      }
    } finally {
      instance.dispose();
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.stack || err) });
  }
});
`;

export function startSolver(): Solver {
  const worker = new Worker(WORKER, { eval: true, workerData: { highs: require.resolve('highs') } });
  let failed: Error | undefined;
  let pending: { resolve: (r: LpResult) => void; reject: (e: Error) => void } | undefined;
  const fail = (err: Error) => {
    failed = err;
    pending?.reject(err);
    pending = undefined;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the HiGHS worker exited (code ${code})`)));
  worker.on('message', (msg: LpResult & { error?: string }) => {
    const p = pending;
    pending = undefined;
    if (msg.error) p?.reject(new Error(msg.error));
    else p?.resolve(msg);
  });
  return {
    solve(model, integer) {
      if (failed) return Promise.reject(failed);
      if (model.columns.length === 0)
        return Promise.resolve({ optimal: model.numRows === 0, values: new Float64Array(0), objective: 0 });
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        const { numRows, rowLower, rowUpper, starts, indices, values, cost } = model;
        worker.postMessage({ integer, model: { numRows, rowLower, rowUpper, starts, indices, values, cost } });
      });
    },
    async stop() {
      await worker.terminate();
    },
  };
}
