// The capacity-aware coverage problem written as a linear programme for HiGHS: an independent check of the
// max-flow code, shared by the tests and the access bench.
import type { Demand, ReachTable, Sites } from '../src/index.js';
import type { Highs } from '../src/siting/highs.js';

/** max Σ x_ij over pairs within the target, Σ_j x_ij ≤ P_i, Σ_i x_ij ≤ patientsPerUnit · C_j, x ≥ 0. */
export function flowAsLp(highs: Highs, reach: ReachTable, demand: Demand, sites: Sites, patientsPerUnit: number, target = reach.maxMinutes): number {
  const pairs: [number, number][] = [];
  for (let i = 0; i < demand.size; i++) for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) if (reach.minutes[k] <= target) pairs.push([i, reach.site[k]]);
  if (pairs.length === 0) return 0;
  const rows = demand.size + sites.size;
  const starts = Int32Array.from({ length: pairs.length + 1 }, (_, k) => 2 * k);
  const indices = new Int32Array(2 * pairs.length);
  pairs.forEach(([i, j], k) => {
    indices[2 * k] = i;
    indices[2 * k + 1] = demand.size + j;
  });
  const model = highs.createModel({
    numCols: pairs.length,
    numRows: rows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: new Float64Array(pairs.length).fill(1),
    colLower: new Float64Array(pairs.length),
    colUpper: new Float64Array(pairs.length).fill(highs.infinity),
    rowLower: new Float64Array(rows).fill(-highs.infinity),
    rowUpper: Float64Array.from({ length: rows }, (_, r) => (r < demand.size ? demand.population[r] : patientsPerUnit * sites.capacity[r - demand.size])),
    matrix: { format: 'csc', numRows: rows, numCols: pairs.length, starts, indices, values: new Float64Array(2 * pairs.length).fill(1) },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    return model.getObjectiveValue();
  } finally {
    model.dispose();
  }
}
