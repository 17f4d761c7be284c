import { candidateIndices, fixedIndices, type SitingProblem } from './problem.js';
import { RowBuilder, solveMip, type Mip, type MipOptions, type MipResult } from './mip.js';

export interface SetCover {
  /** New sites, in the order greedy chose them. */
  open: number[];
  /** Demand points that no site (existing or candidate) reaches within the target: reported, not made infeasible. */
  uncoverable: number[];
}

/** For each demand point within `target`: the candidate sites reaching it, and whether a fixed one already does. */
function coverSets(problem: SitingProblem, target: number, ignoreZeroWeight = false) {
  const sets: number[][] = [];
  const needed: number[] = [];
  const uncoverable: number[] = [];
  for (let i = 0; i < problem.demandCount; i++) {
    if (ignoreZeroWeight && problem.weight[i] <= 0) continue;
    const reach: number[] = [];
    let byFixed = false;
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) {
      const j = problem.site[k];
      if (problem.fixed[j]) byFixed = true;
      else if (problem.candidate[j]) reach.push(j);
    }
    if (byFixed) continue;
    if (reach.length === 0) uncoverable.push(i);
    else {
      needed.push(i);
      sets.push(reach);
    }
  }
  return { sets, needed, uncoverable };
}

/**
 * LSCP heuristic (Chvátal's greedy): open the candidate that covers the most demand points not yet covered
 * (ties: more population, then lower index), until every coverable point is covered; then drop sites that
 * became redundant, latest first.
 */
export function lscpHeuristic(problem: SitingProblem, target: number, options: { ignoreZeroWeight?: boolean } = {}): SetCover {
  const { sets, needed, uncoverable } = coverSets(problem, target, options.ignoreZeroWeight);
  const pointsOf = new Map<number, number[]>();
  sets.forEach((reach, t) => reach.forEach((j) => (pointsOf.get(j) ?? pointsOf.set(j, []).get(j)!).push(t)));
  const covered = new Uint8Array(needed.length);
  let left = needed.length;
  const open: number[] = [];
  const candidates = candidateIndices(problem);
  while (left > 0) {
    let best = -1;
    let bestCount = 0;
    let bestWeight = 0;
    for (const j of candidates) {
      let count = 0;
      let weight = 0;
      for (const t of pointsOf.get(j) ?? []) {
        if (covered[t]) continue;
        count++;
        weight += problem.weight[needed[t]];
      }
      if (count > bestCount || (count === bestCount && count > 0 && weight > bestWeight)) [best, bestCount, bestWeight] = [j, count, weight];
    }
    open.push(best);
    for (const t of pointsOf.get(best)!) if (!covered[t]) {
      covered[t] = 1;
      left--;
    }
  }
  // Redundant sites: every point they cover is covered by another open site.
  const times = new Int32Array(needed.length);
  for (const j of open) for (const t of pointsOf.get(j)!) times[t]++;
  for (let k = open.length - 1; k >= 0; k--) {
    const points = pointsOf.get(open[k])!;
    if (points.every((t) => times[t] > 1)) {
      for (const t of points) times[t]--;
      open.splice(k, 1);
    }
  }
  return { open, uncoverable };
}

/** LSCP exactly (HiGHS): min Σ_j x_j  s.t.  Σ_{j ∈ N_i} x_j ≥ 1 for every coverable point not covered by a fixed site. */
export async function lscpExact(problem: SitingProblem, target: number, incumbent: readonly number[], options: MipOptions & { ignoreZeroWeight?: boolean } = {}): Promise<MipResult & SetCover> {
  const { sets, uncoverable } = coverSets(problem, target, options.ignoreZeroWeight);
  const candidates = candidateIndices(problem);
  const column = new Int32Array(problem.siteCount).fill(-1);
  candidates.forEach((j, c) => (column[j] = c));
  const rows = new RowBuilder();
  for (const reach of sets) rows.add(reach.map((j) => column[j]), new Array(reach.length).fill(1), 1, Infinity);
  const nx = candidates.length;
  const mip: Mip = {
    numCols: nx,
    maximize: false,
    colCost: new Float64Array(nx).fill(1),
    colLower: new Float64Array(nx),
    colUpper: new Float64Array(nx).fill(1),
    integer: new Uint8Array(nx).fill(1),
    ...rows.pack(),
  };
  const start = new Float64Array(nx);
  for (const j of incumbent) start[column[j]] = 1;
  const result = await solveMip(mip, { ...options, incumbent: start });
  const open = !result.solved ? [...incumbent] : candidates.filter((_, c) => result.colValue[c] > 0.5);
  return { ...result, open, uncoverable };
}

/** Whether every coverable point is within `target` of a fixed site or one of `open`. */
export function coversAll(problem: SitingProblem, target: number, open: readonly number[], ignoreZeroWeight = false): boolean {
  const isOpen = new Uint8Array(problem.siteCount);
  for (const j of [...fixedIndices(problem), ...open]) isOpen[j] = 1;
  const { sets } = coverSets(problem, target, ignoreZeroWeight);
  return sets.every((reach) => reach.some((j) => isOpen[j]));
}
