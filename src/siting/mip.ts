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
  /**
   * Branch-and-bound nodes HiGHS may process (default `DEFAULT_MAX_NODES`): the limit that stops a hard solve
   * at the same point on every machine. HiGHS in WebAssembly runs on one thread and its search depends on its
   * work, not on the clock, so the same model and limits give the same answer anywhere.
   */
  maxNodes?: number;
  /** Seconds (default `DEFAULT_TIME_LIMIT`): a safety only; an answer it stops depends on the machine. */
  timeLimit?: number;
  /** Relative gap at which HiGHS may stop (default `DEFAULT_MIP_GAP`). */
  mipGap?: number;
  /** Absolute gap at which HiGHS may stop (default 0: the relative gap decides). */
  absoluteGap?: number;
  /** A feasible solution to start from (the heuristic's). */
  incumbent?: Float64Array;
  /**
   * HiGHS's presolve (default true). On the MCLP of Occitanie (p = 10) it took 8 s of an 11.8 s solve to
   * remove 14 rows of 4,386: the MCLP turns it off.
   */
  presolve?: boolean;
  /**
   * HiGHS's feasibility jump, the primal heuristic it runs before the root LP (default true). With the
   * heuristic's answer given as `incumbent` it finds nothing better and costs 2.5 s on Occitanie: the MCLP
   * turns it off.
   */
  feasibilityJump?: boolean;
  /**
   * Called with the model exactly as HiGHS receives it, before the solve (none by default): a way to export
   * it, e.g. for bench/native-highs.py to solve the same model with native HiGHS. The arrays are the solver's
   * own: copy them, do not change them.
   */
  onModel?: (model: MipExport) => void;
}

/** What `solveMip` hands HiGHS: the model, the starting solution, and the HiGHS options it sets. */
export interface MipExport {
  mip: Mip;
  incumbent: Float64Array | undefined;
  highsOptions: Record<string, number | boolean | string>;
}

/** What stopped an exact solve: the gap closed (proven within the tolerance), or one of the limits. */
export type StoppedBy = 'gap' | 'nodes' | 'time' | 'iterations' | 'infeasible';

export interface MipResult {
  /** Whether HiGHS holds a feasible solution (the incumbent given counts). */
  solved: boolean;
  /** HiGHS's best objective (NaN without a solution). */
  objective: number;
  /**
   * HiGHS's proven bound on the optimum, or null when it has none worth the name: before its root relaxation
   * is solved, HiGHS reports the trivial bound (every demand covered, every cost 0), which is no proof.
   */
  dualBound: number | null;
  stoppedBy: StoppedBy;
  /** Branch-and-bound nodes processed. */
  nodes: number;
  colValue: Float64Array;
  seconds: number;
}

/**
 * Default node limit of the exact solvers. Sized on Occitanie (4,446 communes, every commune a candidate, 8
 * centres kept, 15 minutes): MCLP for 10 and 20 centres and capacitated MCLP for 10 prove optimality far
 * within it (see bench/siting.ts), while a solve that would run for minutes stops at the same point on every
 * machine.
 */
export const DEFAULT_MAX_NODES = 5000;

/** Default wall-time safety of the exact solvers, in seconds: generous, so that nodes decide. */
export const DEFAULT_TIME_LIMIT = 600;

/** Default relative gap: HiGHS's own (1e-4). */
export const DEFAULT_MIP_GAP = 1e-4;

/**
 * Models beyond this many nonzeros are not sent to HiGHS: its WebAssembly build has 2 GiB, and a
 * branch-and-bound tree on top of a model this size would not fit. The callers fall back to heuristics.
 */
export const MAX_EXACT_NONZEROS = 3_000_000;

/** The bound a MIP has before any relaxation: each column's objective at its best bound. */
function trivialBound(mip: Mip): number {
  let total = 0;
  for (let c = 0; c < mip.numCols; c++) {
    const cost = mip.maximize ? mip.colCost[c] : -mip.colCost[c];
    total += cost > 0 ? cost * mip.colUpper[c] : cost < 0 ? cost * mip.colLower[c] : 0;
  }
  return mip.maximize ? total : -total;
}

/** The HiGHS options `solveMip` sets for some options (the feasibility jump's apart: not in the package's types). */
function highsSettings(options: MipOptions) {
  // Not in the package's option types (it is a HiGHS option all the same, since 1.10).
  const jump: Record<string, boolean> = options.feasibilityJump === false ? { mip_heuristic_run_feasibility_jump: false } : {};
  const settings = {
    output_flag: false,
    time_limit: options.timeLimit ?? DEFAULT_TIME_LIMIT,
    mip_max_nodes: options.maxNodes ?? DEFAULT_MAX_NODES,
    mip_rel_gap: options.mipGap ?? DEFAULT_MIP_GAP,
    mip_abs_gap: options.absoluteGap ?? 0,
    random_seed: 0,
    presolve: options.presolve === false ? 'off' : 'choose',
  };
  return { settings, jump };
}

/**
 * Hands `options.onModel` a model as `solveMip` would give it to HiGHS, for a solver that may prove its answer
 * without solving that model (the MCLP's relaxation does): the model it stands for is exported all the same.
 */
export function exportModel(mip: Mip, options: MipOptions): void {
  if (!options.onModel) return;
  const { settings, jump } = highsSettings(options);
  options.onModel({ mip, incumbent: options.incumbent, highsOptions: { ...settings, ...jump } });
}

/** Solves a MIP with HiGHS (sparse arrays, disposed after), with deterministic limits and a starting solution. */
export async function solveMip(mip: Mip, options: MipOptions = {}): Promise<MipResult> {
  const nonzeros = mip.values.length;
  if (nonzeros > MAX_EXACT_NONZEROS) {
    throw new CareshedError('INVALID_OPTION', `the exact model has ${nonzeros} nonzeros, more than the ${MAX_EXACT_NONZEROS} HiGHS can hold in WebAssembly`, { field: 'solver', value: 'exact' });
  }
  const timeLimit = options.timeLimit ?? DEFAULT_TIME_LIMIT;
  if (!(timeLimit > 0)) throw new CareshedError('INVALID_OPTION', 'the time limit must be a number of seconds > 0', { field: 'timeLimit', value: timeLimit });
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  if (!Number.isInteger(maxNodes) || maxNodes < 1) throw new CareshedError('INVALID_OPTION', 'the node limit must be a whole number >= 1', { field: 'maxNodes', value: maxNodes });
  const { settings, jump } = highsSettings(options);
  options.onModel?.({ mip, incumbent: options.incumbent, highsOptions: { ...settings, ...jump } });
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
    model.options.set(settings);
    if (options.feasibilityJump === false) model.options.set(jump);
    if (options.incumbent) model.setSolution({ colValue: options.incumbent });
    model.run();
    const status = model.getModelStatus();
    const solution = model.getSolution();
    const solved = Boolean(solution.colValue) && solution.colValue.length === mip.numCols && (model.info.get('primal_solution_status') as number) > 0;
    const codes = highs.constants.modelStatus;
    const nodes = Number(model.info.get('mip_node_count'));
    const optimal = status === codes.optimal || status === codes.empty;
    const stoppedBy: StoppedBy = optimal ? 'gap' : status === codes.timeLimit ? 'time' : status === codes.iterationLimit ? 'iterations' : status === codes.infeasible ? 'infeasible' : 'nodes';
    let dualBound: number | null = Number(model.info.get('mip_dual_bound'));
    const trivial = trivialBound(mip);
    const tolerance = 1e-9 * Math.max(1, Math.abs(trivial));
    if (!Number.isFinite(dualBound) || (!optimal && (mip.maximize ? dualBound >= trivial - tolerance : dualBound <= trivial + tolerance))) dualBound = null;
    return {
      solved,
      objective: solved ? model.getObjectiveValue() : NaN,
      dualBound,
      stoppedBy,
      nodes,
      colValue: solved ? Float64Array.from(solution.colValue) : new Float64Array(mip.numCols),
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
