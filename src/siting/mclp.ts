import { lazyGreedy } from './lazy-greedy.js';
import { seededRandom } from '../model/random.js';
import { candidateIndices, fixedIndices, type SitingProblem } from './problem.js';
import { RowBuilder, solveMip, type Mip, type MipOptions, type MipResult } from './mip.js';

/** What a covering heuristic opened, in order, with the weight each added. */
export interface CoverSolution {
  /** New sites, in the order they were chosen (after interchange, the final set in its greedy order). */
  open: number[];
  /** Weight newly covered by each, in that order (each given those before it and the fixed sites). */
  gains: number[];
  /** Weight covered by all open sites, fixed ones included. */
  covered: number;
}

/** Cover counts of demand by open sites, and the sum of their indices (the unique coverer where the count is 1). */
class CoverState {
  readonly count: Int32Array;
  readonly coverer: Float64Array;
  /** Each site's demand within the target, in CSR (a filtered copy of the problem's catchments). */
  readonly start: Uint32Array;
  readonly demand: Uint32Array;
  covered = 0;
  constructor(
    readonly problem: SitingProblem,
    readonly target: number,
  ) {
    this.count = new Int32Array(problem.demandCount);
    this.coverer = new Float64Array(problem.demandCount);
    this.start = new Uint32Array(problem.siteCount + 1);
    const kept: number[] = [];
    for (let j = 0; j < problem.siteCount; j++) {
      for (let k = problem.siteOffsets[j]; k < problem.siteOffsets[j + 1]; k++) if (problem.siteCost[k] <= target) kept.push(problem.siteDemand[k]);
      this.start[j + 1] = kept.length;
    }
    this.demand = Uint32Array.from(kept);
  }

  /** Weight `j` would newly cover. */
  gain(j: number): number {
    let g = 0;
    for (let k = this.start[j]; k < this.start[j + 1]; k++) if (this.count[this.demand[k]] === 0) g += this.problem.weight[this.demand[k]];
    return g;
  }

  /** Weight lost if `j` closed. */
  loss(j: number): number {
    let l = 0;
    for (let k = this.start[j]; k < this.start[j + 1]; k++) if (this.count[this.demand[k]] === 1) l += this.problem.weight[this.demand[k]];
    return l;
  }

  open(j: number): void {
    for (let k = this.start[j]; k < this.start[j + 1]; k++) {
      const i = this.demand[k];
      if (this.count[i] === 0) this.covered += this.problem.weight[i];
      this.count[i]++;
      this.coverer[i] += j;
    }
  }

  close(j: number): void {
    for (let k = this.start[j]; k < this.start[j + 1]; k++) {
      const i = this.demand[k];
      this.count[i]--;
      this.coverer[i] -= j;
      if (this.count[i] === 0) this.covered -= this.problem.weight[i];
    }
  }
}

/** Opens sites greedily (lazy evaluation) until `open` holds `p`. */
function fillGreedily(state: CoverState, candidates: number[], isOpen: Uint8Array, open: number[], p: number): void {
  const closed = candidates.filter((j) => !isOpen[j]);
  lazyGreedy(closed, p - open.length, (j) => state.gain(j), (j) => {
    state.open(j);
    isOpen[j] = 1;
    open.push(j);
  });
}

export interface HeuristicOptions {
  /** Rounds of iterated local search after the first local optimum (default 30; 0 for greedy + interchange). */
  iterations?: number;
  /** Sites closed at random in each round (default a quarter of them). */
  kick?: number;
  /** Seed of the perturbations: the same seed gives the same sites. */
  seed?: number;
}

/**
 * MCLP heuristic: greedy with lazy evaluation (gains only shrink as sites open, so a stale gain is an upper
 * bound: re-evaluate the top until it stays on top), then interchange (swap an open site for a closed one
 * while coverage grows), then iterated local search: close a quarter of the new sites at random (seeded),
 * refill greedily, interchange again, keep the better. Deterministic for a given seed.
 */
export function mclpHeuristic(problem: SitingProblem, p: number, target: number, options: HeuristicOptions = {}): CoverSolution {
  const state = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) state.open(j);
  const candidates = candidateIndices(problem);
  let open: number[] = [];
  const isOpen = new Uint8Array(problem.siteCount);
  fillGreedily(state, candidates, isOpen, open, p);
  interchange(state, open, isOpen, candidates);
  let best = { open: [...open], covered: state.covered };
  const random = seededRandom(options.seed ?? 1);
  const rounds = options.iterations ?? 30;
  const kick = options.kick ?? Math.max(1, Math.round(open.length / 4));
  for (let round = 0; round < rounds && open.length > 1 && open.length < candidates.length; round++) {
    for (let r = 0; r < kick; r++) {
      const j = open.splice(Math.floor(random() * open.length), 1)[0];
      state.close(j);
      isOpen[j] = 0;
    }
    fillGreedily(state, candidates, isOpen, open, best.open.length);
    interchange(state, open, isOpen, candidates);
    if (state.covered > best.covered + 1e-9) best = { open: [...open], covered: state.covered };
    else {
      // Back to the best: close what is not in it, open what is.
      const keep = new Set(best.open);
      for (const j of open) if (!keep.has(j)) {
        state.close(j);
        isOpen[j] = 0;
      }
      for (const j of best.open) if (!isOpen[j]) {
        state.open(j);
        isOpen[j] = 1;
      }
      open = [...best.open];
    }
  }
  // Report gains in the final set's greedy order.
  const ordered = greedyOrder(problem, target, best.open);
  return { open: ordered.open, gains: ordered.gains, covered: best.covered };
}

/**
 * Swaps while one closed candidate for one open new site raises coverage: candidates are scanned in a
 * cycle, each taking its best partner, until a whole cycle finds nothing.
 */
function interchange(state: CoverState, open: number[], isOpen: Uint8Array, candidates: number[]): void {
  const w = state.problem.weight;
  const extra = new Float64Array(state.problem.siteCount);
  const loss = new Map(open.map((j) => [j, state.loss(j)]));
  let sinceImprovement = 0;
  for (let c = 0; sinceImprovement < candidates.length; c = (c + 1) % candidates.length, sinceImprovement++) {
    const k = candidates[c];
    if (isOpen[k]) continue;
    let gain = 0;
    const touched: number[] = [];
    for (let t = state.start[k]; t < state.start[k + 1]; t++) {
      const i = state.demand[t];
      if (state.count[i] === 0) gain += w[i];
      else if (state.count[i] === 1) {
        const j = Math.round(state.coverer[i]);
        if (extra[j] === 0) touched.push(j);
        extra[j] += w[i];
      }
    }
    let best = -1;
    let bestDelta = 1e-9 * (1 + state.covered);
    for (const j of open) {
      const delta = gain - loss.get(j)! + extra[j];
      if (delta > bestDelta) {
        bestDelta = delta;
        best = j;
      }
    }
    for (const j of touched) extra[j] = 0;
    if (best < 0) continue;
    state.close(best);
    isOpen[best] = 0;
    state.open(k);
    isOpen[k] = 1;
    open[open.indexOf(best)] = k;
    loss.delete(best);
    for (const j of open) loss.set(j, state.loss(j));
    sinceImprovement = 0;
  }
}

/** The order in which greedy would add `sites` (given the fixed ones), and the gain of each. */
export function greedyOrder(problem: SitingProblem, target: number, sites: readonly number[]): { open: number[]; gains: number[] } {
  const state = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) state.open(j);
  const left = new Set(sites);
  const open: number[] = [];
  const gains: number[] = [];
  while (left.size > 0) {
    let best = -1;
    let bestGain = -1;
    for (const j of left) {
      const g = state.gain(j);
      if (g > bestGain || (g === bestGain && j < best)) [best, bestGain] = [j, g];
    }
    state.open(best);
    left.delete(best);
    open.push(best);
    gains.push(bestGain);
  }
  return { open, gains };
}

/** Weight covered by the fixed sites and `sites`. */
export function coveredWeight(problem: SitingProblem, target: number, sites: readonly number[]): number {
  const state = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) state.open(j);
  for (const j of sites) state.open(j);
  return state.covered;
}

/**
 * MCLP exactly (HiGHS): max Σ_i w_i y_i  s.t.  y_i ≤ Σ_{j ∈ N_i} x_j,  Σ_j x_j = p,  x_j ∈ {0, 1},  0 ≤ y_i ≤ 1,
 * over the candidates, with demand already covered by fixed sites counted as a constant.
 */
export async function mclpExact(problem: SitingProblem, p: number, target: number, incumbent: readonly number[], options: MipOptions = {}): Promise<MipResult & { open: number[]; covered: number }> {
  const fixedState = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) fixedState.open(j);
  const candidates = candidateIndices(problem);
  const column = new Int32Array(problem.siteCount).fill(-1);
  candidates.forEach((j, c) => (column[j] = c));
  const rows = new RowBuilder();
  const demandColumns: number[] = [];
  const demandWeights: number[] = [];
  for (let i = 0; i < problem.demandCount; i++) {
    if (fixedState.count[i] > 0 || problem.weight[i] === 0) continue;
    const cols: number[] = [];
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) if (column[problem.site[k]] >= 0) cols.push(column[problem.site[k]]);
    if (cols.length === 0) continue;
    const y = candidates.length + demandColumns.length;
    demandColumns.push(i);
    demandWeights.push(problem.weight[i]);
    rows.add([y, ...cols], [1, ...cols.map(() => -1)], -Infinity, 0);
  }
  const nx = candidates.length;
  const ny = demandColumns.length;
  rows.add(Array.from({ length: nx }, (_, c) => c), new Array(nx).fill(1), p, p);
  const packed = rows.pack();
  const mip: Mip = {
    numCols: nx + ny,
    maximize: true,
    colCost: Float64Array.from({ length: nx + ny }, (_, c) => (c < nx ? 0 : demandWeights[c - nx])),
    colLower: new Float64Array(nx + ny),
    colUpper: new Float64Array(nx + ny).fill(1),
    integer: Uint8Array.from({ length: nx + ny }, (_, c) => (c < nx ? 1 : 0)),
    ...packed,
  };
  const start = new Float64Array(nx + ny);
  const incumbentState = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) incumbentState.open(j);
  for (const j of incumbent) {
    start[column[j]] = 1;
    incumbentState.open(j);
  }
  demandColumns.forEach((i, y) => (start[nx + y] = incumbentState.count[i] > 0 ? 1 : 0));
  const result = await solveMip(mip, { ...options, incumbent: start });
  const open = result.status === 'none' ? [...incumbent] : candidates.filter((_, c) => result.colValue[c] > 0.5);
  const covered = coveredWeight(problem, target, open);
  return { ...result, open, covered, objective: result.status === 'none' ? covered : result.objective + fixedState.covered, bound: result.bound + fixedState.covered };
}
