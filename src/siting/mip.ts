import { CareshedError } from '../model/errors.js';
import { loadHighs } from './highs.js';

/** A mixed-integer programme in compressed sparse rows, as the siting models build them. */
export interface Mip {
  numCols: number;
  numRows: number;
  maximize: boolean;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  integer: Uint8Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Row r is columns `indices[starts[r] .. starts[r+1])` with `values`. */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface MipOptions {
  /** Seconds (default 60). */
  timeLimit?: number;
  /** Relative MIP gap at which to stop (default 1e-4). */
  mipGap?: number;
  /** A feasible solution to start from (the heuristic's). */
  incumbent?: Float64Array;
}

export interface MipResult {
  /** optimal: proven within the gap; feasible: a solution, not proven (time limit). */
  status: 'optimal' | 'feasible' | 'none';
  objective: number;
  /** The solver's proven bound on the optimum. */
  bound: number;
  gap: number;
  colValue: Float64Array;
  seconds: number;
}

/**
 * Models beyond this many nonzeros are not sent to HiGHS: its WebAssembly build has 2 GiB, and a
 * branch-and-bound tree on top of a model this size would not fit. The callers fall back to heuristics.
 */
export const MAX_EXACT_NONZEROS = 3_000_000;

/** Solves a MIP with HiGHS (sparse arrays, disposed after), with a time limit, a gap and a starting solution. */
export async function solveMip(mip: Mip, options: MipOptions = {}): Promise<MipResult> {
  const nonzeros = mip.values.length;
  if (nonzeros > MAX_EXACT_NONZEROS) {
    throw new CareshedError('INVALID_OPTION', `the exact model has ${nonzeros} nonzeros, more than the ${MAX_EXACT_NONZEROS} HiGHS can hold in WebAssembly`, { field: 'solver', value: 'exact' });
  }
  const timeLimit = options.timeLimit ?? 60;
  if (!(timeLimit > 0)) throw new CareshedError('INVALID_OPTION', 'the time limit must be a number of seconds > 0', { field: 'timeLimit', value: timeLimit });
  const highs = await loadHighs();
  const model = highs.createModel({
    numCols: mip.numCols,
    numRows: mip.numRows,
    sense: mip.maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    colCost: mip.colCost,
    colLower: mip.colLower,
    colUpper: mip.colUpper,
    rowLower: mip.rowLower,
    rowUpper: mip.rowUpper,
    matrix: { format: 'csr', numRows: mip.numRows, numCols: mip.numCols, starts: mip.starts, indices: mip.indices, values: mip.values },
    integrality: Int32Array.from(mip.integer),
  });
  const started = performance.now();
  try {
    model.options.set({ output_flag: false, time_limit: timeLimit, mip_rel_gap: options.mipGap ?? 1e-4 });
    if (options.incumbent) model.setSolution({ colValue: options.incumbent });
    model.run();
    const status = model.getModelStatus();
    const solution = model.getSolution();
    const hasSolution = solution.colValue && solution.colValue.length === mip.numCols && (model.info.get('primal_solution_status') as number) > 0;
    const objective = hasSolution ? model.getObjectiveValue() : NaN;
    const bound = Number(model.info.get('mip_dual_bound'));
    const gap = Number(model.info.get('mip_gap'));
    const codes = highs.constants.modelStatus;
    const optimal = status === codes.optimal || status === codes.empty;
    return {
      status: hasSolution ? (optimal ? 'optimal' : 'feasible') : 'none',
      objective,
      bound,
      gap: optimal ? Math.max(0, gap) : gap,
      colValue: hasSolution ? Float64Array.from(solution.colValue) : new Float64Array(mip.numCols),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

/** Collects rows (sparse) and packs them into the CSR arrays of a Mip. */
export class RowBuilder {
  #starts: number[] = [0];
  #indices: number[] = [];
  #values: number[] = [];
  #lower: number[] = [];
  #upper: number[] = [];

  add(columns: readonly number[], values: readonly number[], lower: number, upper: number): void {
    for (let k = 0; k < columns.length; k++) {
      this.#indices.push(columns[k]);
      this.#values.push(values[k]);
    }
    this.#starts.push(this.#indices.length);
    this.#lower.push(lower);
    this.#upper.push(upper);
  }

  get rowCount(): number {
    return this.#lower.length;
  }

  pack(): Pick<Mip, 'numRows' | 'rowLower' | 'rowUpper' | 'starts' | 'indices' | 'values'> {
    return {
      numRows: this.#lower.length,
      rowLower: Float64Array.from(this.#lower),
      rowUpper: Float64Array.from(this.#upper),
      starts: Int32Array.from(this.#starts),
      indices: Int32Array.from(this.#indices),
      values: Float64Array.from(this.#values),
    };
  }
}
