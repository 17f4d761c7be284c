import { lazyGreedy } from './lazy-greedy.js';
import { seededRandom } from '../model/random.js';
import { candidateIndices, fixedIndices, type SitingProblem } from './problem.js';
import { SwapState } from './swap-state.js';
import { RowBuilder, solveMip, type Mip, type MipOptions, type MipResult } from './mip.js';

/** Nearest and second-nearest open site of every demand point (cost `beyondCost` when there is none in the table). */
class MedianState {
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly n1: Int32Array;
  readonly isOpen: Uint8Array;
  total = 0;
  constructor(readonly problem: SitingProblem) {
    this.d1 = new Float64Array(problem.demandCount);
    this.d2 = new Float64Array(problem.demandCount);
    this.n1 = new Int32Array(problem.demandCount);
    this.isOpen = new Uint8Array(problem.siteCount);
  }

  /** Recomputes nearest and second nearest from the open sites: rows are sorted, so the first open ones. */
  refresh(): void {
    const p = this.problem;
    this.total = 0;
    for (let i = 0; i < p.demandCount; i++) {
      let d1 = p.beyondCost;
      let d2 = p.beyondCost;
      let n1 = -1;
      for (let k = p.offsets[i]; k < p.offsets[i + 1]; k++) {
        if (!this.isOpen[p.site[k]]) continue;
        if (n1 < 0) {
          n1 = p.site[k];
          d1 = Math.min(p.cost[k], p.beyondCost);
        } else {
          d2 = Math.min(p.cost[k], p.beyondCost);
          break;
        }
      }
      this.d1[i] = d1;
      this.d2[i] = d2;
      this.n1[i] = n1;
      this.total += p.weight[i] * d1;
    }
  }

  /** Weighted cost saved by opening k. */
  saving(k: number): number {
    const p = this.problem;
    let s = 0;
    for (let t = p.siteOffsets[k]; t < p.siteOffsets[k + 1]; t++) {
      const i = p.siteDemand[t];
      const c = p.siteCost[t];
      if (c < this.d1[i]) s += p.weight[i] * (this.d1[i] - c);
    }
    return s;
  }
}

/**
 * Work the p-median heuristic may do (row entries and swap-table cells visited) before it stops: about a
 * second on instances of OR-Library's family with n = 900 and p = 200 (bench/siting.ts). Counted, not timed, so that
 * the answer is the same on every machine.
 */
export const PMEDIAN_WORK = 100_000_000;

/**
 * Shakes in a row without an improvement after which the search stops, at most (it has been round its
 * neighbourhoods 100 times); the default is 20 p within 200 and this: with few sites the search settles early
 * (on pmed1–10 and the bench's instances tried, 200 gave the answers 1,000 gave) and each shake costs more.
 */
export const PMEDIAN_PATIENCE = 1000;

export interface MedianSolution {
  open: number[];
  /** Σ_i w_i × cost to the nearest open site (fixed sites included). */
  objective: number;
}

export interface MedianOptions {
  /** Work budget (default `PMEDIAN_WORK`). */
  work?: number;
  /** Shakes in a row without improvement before stopping (default 20 p, within 200 and `PMEDIAN_PATIENCE`). */
  patience?: number;
  /** Seed of the shakes: the same seed gives the same sites. */
  seed?: number;
}

/**
 * p-median heuristic: lazy greedy, then variable neighbourhood search (Hansen & Mladenović 1997) on the fast
 * swap-based local search of Resende & Werneck (2007). The local search makes the best swap while one saves
 * anything, reading every swap's value off tables kept up to date (`SwapState`). VNS then shakes the best set
 * by k random swaps (k = 1, 2, … up to `min(p, 10)`, back to 1 after an improvement or after the largest),
 * searches locally again, and keeps the result if it is better, undoing the swaps otherwise. It stops when the
 * work budget is spent or after `patience` shakes in a row without improvement. Deterministic for a seed: the
 * budget counts work, not milliseconds.
 *
 * @example
 * const { n, p, costs } = readOrLibraryPmedian(text);
 * const { open, objective } = pmedianHeuristic(problemFromCosts(costs, n, n), p, { seed: 1 });
 */
export function pmedianHeuristic(problem: SitingProblem, p: number, options: MedianOptions = {}): MedianSolution {
  const candidates = Int32Array.from(candidateIndices(problem));
  if (p <= 0) return { open: [], objective: medianCost(problem, []) };
  if (p >= candidates.length) return { open: Array.from(candidates), objective: medianCost(problem, Array.from(candidates)) };
  const random = seededRandom(options.seed ?? 1);
  const budget = options.work ?? PMEDIAN_WORK;
  const patience = options.patience ?? Math.min(PMEDIAN_PATIENCE, Math.max(200, 20 * p));
  const state = new SwapState(problem, p);
  state.reset(greedyStart(problem, p, Array.from(candidates)));
  const moves: number[] = [];
  localSearch(state, candidates, moves);
  let current = state.total();
  const kmax = Math.min(p, candidates.length - p, 10);
  let k = 1;
  for (let shakes = 0, idle = 0; state.work < budget && idle < patience; shakes++) {
    moves.length = 0;
    for (let r = 0; r < k; r++) {
      let incoming = candidates[Math.floor(random() * candidates.length)];
      while (state.isOpen[incoming]) incoming = candidates[Math.floor(random() * candidates.length)];
      swapRecorded(state, Math.floor(random() * p), incoming, moves);
    }
    localSearch(state, candidates, moves);
    const total = state.total();
    if (total < current - 1e-9 * (1 + Math.abs(current))) {
      current = total;
      k = 1;
      idle = 0;
    } else {
      // Undo, newest first: each swap puts the site it closed back in its slot.
      for (let q = moves.length - 3; q >= 0; q -= 3) state.swap(moves[q], moves[q + 2]);
      k = k >= kmax ? 1 : k + 1;
      idle++;
    }
    // Rebuild the tables now and then: where costs are fractions their sums drift by rounding.
    if (shakes % 256 === 255) state.reset(state.open);
  }
  const open = Array.from(state.open);
  return { open, objective: medianCost(problem, open) };
}

/** The greedy start: p sites by lazy greedy on the savings (Minoux 1978). */
function greedyStart(problem: SitingProblem, p: number, candidates: number[]): number[] {
  const state = new MedianState(problem);
  for (const j of fixedIndices(problem)) state.isOpen[j] = 1;
  state.refresh();
  const { sites } = lazyGreedy(candidates, p, (j) => state.saving(j), (j) => {
    state.isOpen[j] = 1;
    state.refresh();
  });
  // Candidates that save nothing (beyond every demand point's reach) fill what greedy left.
  for (let c = 0; sites.length < p; c++) if (!state.isOpen[candidates[c]]) sites.push(candidates[c]);
  return sites;
}

/** Makes the best swap while one saves anything (Resende & Werneck's fast swap-based local search). */
function localSearch(state: SwapState, candidates: Int32Array, moves: number[]): void {
  const tolerance = 1e-9 * (1 + state.total());
  for (;;) {
    const saving = state.best(candidates);
    if (!(saving > tolerance)) return;
    swapRecorded(state, state.bestSlot, state.bestSite, moves);
  }
}

function swapRecorded(state: SwapState, slot: number, incoming: number, moves: number[]): void {
  moves.push(slot, incoming, state.open[slot]);
  state.swap(slot, incoming);
}

/**
 * The order in which greedy would add `sites` (given the fixed ones), with the weighted minutes each saves:
 * lazy greedy (savings only shrink as sites open), ties to the lowest index, so the order depends on the
 * savings alone.
 */
export function medianOrder(problem: SitingProblem, sites: readonly number[]): { open: number[]; gains: number[] } {
  const state = new MedianState(problem);
  for (const j of fixedIndices(problem)) state.isOpen[j] = 1;
  state.refresh();
  const { sites: open, gains } = lazyGreedy(sites, sites.length, (j) => state.saving(j), (j) => {
    state.isOpen[j] = 1;
    state.refresh();
  }, undefined, 'index');
  return { open, gains };
}

/** Σ_i w_i × the cost to its nearest open site among `open` and the fixed ones. */
export function medianCost(problem: SitingProblem, open: readonly number[]): number {
  const state = new MedianState(problem);
  for (const j of fixedIndices(problem)) state.isOpen[j] = 1;
  for (const j of open) state.isOpen[j] = 1;
  state.refresh();
  return state.total;
}

/**
 * p-median exactly (HiGHS): min Σ_ij w_i c_ij x_ij + Σ_i w_i B z_i  s.t.  Σ_j x_ij + z_i = 1,  x_ij ≤ y_j,
 * Σ_{j new} y_j = p,  y binary; z_i is "no open site in the table" at the cost B (beyondCost).
 */
export async function pmedianExact(problem: SitingProblem, p: number, incumbent: readonly number[], options: MipOptions = {}): Promise<MipResult & { open: number[] }> {
  const m = problem.siteCount;
  const n = problem.demandCount;
  const pairs = problem.site.length;
  // Columns: y_0..y_{m-1}, then x_k for every pair k, then z_i.
  const xCol = (k: number) => m + k;
  const zCol = (i: number) => m + pairs + i;
  const numCols = m + pairs + n;
  const rows = new RowBuilder();
  for (let i = 0; i < n; i++) {
    const cols: number[] = [];
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1]; k++) cols.push(xCol(k));
    cols.push(zCol(i));
    rows.add(cols, new Array(cols.length).fill(1), 1, 1);
  }
  for (let i = 0; i < n; i++) for (let k = problem.offsets[i]; k < problem.offsets[i + 1]; k++) rows.add([xCol(k), problem.site[k]], [1, -1], -Infinity, 0);
  const newSites = candidateIndices(problem);
  rows.add(newSites, new Array(newSites.length).fill(1), p, p);
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  const integer = new Uint8Array(numCols);
  for (let j = 0; j < m; j++) {
    integer[j] = 1;
    if (problem.fixed[j]) colLower[j] = 1;
    else if (!problem.candidate[j]) colUpper[j] = 0;
  }
  for (let i = 0; i < n; i++) {
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1]; k++) colCost[xCol(k)] = problem.weight[i] * Math.min(problem.cost[k], problem.beyondCost);
    colCost[zCol(i)] = problem.weight[i] * problem.beyondCost;
  }
  const mip: Mip = { numCols, maximize: false, colCost, colLower, colUpper, integer, ...rows.pack() };
  // The incumbent: its sites open, each demand point on its nearest.
  const start = new Float64Array(numCols);
  const openSet = new Uint8Array(m);
  for (const j of [...fixedIndices(problem), ...incumbent]) openSet[j] = 1;
  for (let j = 0; j < m; j++) start[j] = openSet[j];
  for (let i = 0; i < n; i++) {
    let assigned = false;
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1]; k++) {
      if (openSet[problem.site[k]] && problem.cost[k] < problem.beyondCost) {
        start[xCol(k)] = 1;
        assigned = true;
        break;
      }
    }
    if (!assigned) start[zCol(i)] = 1;
  }
  const result = await solveMip(mip, { ...options, incumbent: start });
  const open = !result.solved ? [...incumbent] : newSites.filter((j) => result.colValue[j] > 0.5);
  return { ...result, open };
}
