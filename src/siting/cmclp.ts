import { MaxFlow } from '../access/max-flow.js';
import { candidateIndices, fixedIndices, type SitingProblem } from './problem.js';
import { lazyGreedy } from './lazy-greedy.js';
import { RowBuilder, solveMip, type Mip, type MipOptions, type MipResult } from './mip.js';

/**
 * Demand that open sites can take within the target when each takes at most `places[j]`: a maximum flow,
 * demand → site (pairs within the target) → sink.
 */
export function servedWeight(problem: SitingProblem, target: number, places: ArrayLike<number>, open: readonly number[]): number {
  const isOpen = new Uint8Array(problem.siteCount);
  for (const j of [...fixedIndices(problem), ...open]) isOpen[j] = 1;
  const n = problem.demandCount;
  const m = problem.siteCount;
  const flow = new MaxFlow(n + m + 2, 1e-7);
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) {
      if (!isOpen[problem.site[k]]) continue;
      flow.addArc(i, n + problem.site[k], Infinity);
      any = true;
    }
    if (any && problem.weight[i] > 0) flow.addArc(n + m, i, problem.weight[i]);
  }
  for (let j = 0; j < m; j++) if (isOpen[j] && places[j] > 0) flow.addArc(n + j, n + m + 1, places[j]);
  return flow.solve(n + m, n + m + 1);
}

/**
 * Capacitated MCLP heuristic: the demand served under capacity is submodular in the open sites, so greedy
 * with lazy evaluation holds: each site's bound starts at min(places, demand within reach) and is replaced by
 * its true marginal (one maximum flow) only when it reaches the top.
 */
export function cmclpHeuristic(problem: SitingProblem, p: number, target: number, places: ArrayLike<number>): { open: number[]; gains: number[]; served: number } {
  const open: number[] = [];
  let served = servedWeight(problem, target, places, open);
  const reachable = (j: number) => {
    let total = 0;
    for (let t = problem.siteOffsets[j]; t < problem.siteOffsets[j + 1]; t++) if (problem.siteCost[t] <= target) total += problem.weight[problem.siteDemand[t]];
    return Math.min(total, places[j]);
  };
  const result = lazyGreedy(
    candidateIndices(problem),
    p,
    (j) => servedWeight(problem, target, places, [...open, j]) - served,
    (j) => {
      open.push(j);
      served = servedWeight(problem, target, places, open);
    },
    reachable,
  );
  return { open, gains: result.gains, served };
}

/**
 * Capacitated MCLP exactly (HiGHS): max Σ f_ij  s.t.  Σ_j f_ij ≤ w_i,  Σ_i f_ij ≤ places_j x_j,  Σ_{j new} x_j = p,
 * x binary (fixed sites at 1), f ≥ 0 on pairs within the target.
 */
export async function cmclpExact(problem: SitingProblem, p: number, target: number, places: ArrayLike<number>, incumbent: readonly number[], options: MipOptions = {}): Promise<MipResult & { open: number[]; served: number }> {
  const m = problem.siteCount;
  const pairs: number[] = [];
  for (let i = 0; i < problem.demandCount; i++) for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) pairs.push(k);
  const pairDemand = new Int32Array(problem.site.length);
  for (let i = 0; i < problem.demandCount; i++) for (let k = problem.offsets[i]; k < problem.offsets[i + 1]; k++) pairDemand[k] = i;
  const numCols = m + pairs.length;
  const rows = new RowBuilder();
  const byDemand = new Map<number, number[]>();
  const bySite = new Map<number, number[]>();
  pairs.forEach((k, c) => {
    (byDemand.get(pairDemand[k]) ?? byDemand.set(pairDemand[k], []).get(pairDemand[k])!).push(m + c);
    (bySite.get(problem.site[k]) ?? bySite.set(problem.site[k], []).get(problem.site[k])!).push(m + c);
  });
  for (const [i, cols] of byDemand) rows.add(cols, new Array(cols.length).fill(1), -Infinity, problem.weight[i]);
  for (const [j, cols] of bySite) rows.add([...cols, j], [...cols.map(() => 1), -places[j]], -Infinity, 0);
  const newSites = candidateIndices(problem);
  rows.add(newSites, new Array(newSites.length).fill(1), p, p);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(Infinity);
  const integer = new Uint8Array(numCols);
  for (let j = 0; j < m; j++) {
    integer[j] = 1;
    colUpper[j] = problem.candidate[j] || problem.fixed[j] ? 1 : 0;
    if (problem.fixed[j]) colLower[j] = 1;
  }
  const mip: Mip = { numCols, maximize: true, colCost: Float64Array.from({ length: numCols }, (_, c) => (c < m ? 0 : 1)), colLower, colUpper, integer, ...rows.pack() };
  const start = new Float64Array(numCols);
  // The incumbent's sites open and no flow: feasible; HiGHS finds the flows.
  for (const j of [...fixedIndices(problem), ...incumbent]) start[j] = 1;
  const result = await solveMip(mip, { ...options, incumbent: start });
  const open = result.status === 'none' ? [...incumbent] : newSites.filter((j) => result.colValue[j] > 0.5);
  return { ...result, open, served: servedWeight(problem, target, places, open) };
}
