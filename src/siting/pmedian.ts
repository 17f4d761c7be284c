import { lazyGreedy } from './lazy-greedy.js';
import { seededRandom } from '../model/random.js';
import { candidateIndices, fixedIndices, type SitingProblem } from './problem.js';
import { RowBuilder, solveMip, type Mip, type MipOptions, type MipResult } from './mip.js';

/** Nearest and second-nearest open site of every demand point (cost `beyondCost` when there is none in the table). */
class MedianState {
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly n1: Int32Array;
  readonly isOpen: Uint8Array;
  total = 0;
  /** Pairs visited by refreshes: the heuristic's measure of work, the same on any machine. */
  work = 0;
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
    this.work += p.site.length;
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

/** Pairs the p-median heuristic may visit before it starts no more runs (about a second here). */
export const PMEDIAN_WORK = 200_000_000;

export interface MedianSolution {
  open: number[];
  /** Σ_i w_i × cost to the nearest open site (fixed sites included). */
  objective: number;
}

/**
 * p-median heuristic: lazy greedy, then fast interchange (Whitaker 1983; Resende & Werneck 2007): for a
 * closed candidate k, the change of swapping it for an open site j is −saving(k) + L_j + correction_k(j),
 * where L_j is what closing j alone costs (its demand falls back to its second nearest), so one pass over
 * k's demand prices every swap with k. Swaps run to a local optimum; further runs (64 at most, and no new one
 * once the refreshes have visited PMEDIAN_WORK pairs) start in turn from a seeded random set and from the best
 * set with a tenth of its sites swapped at random (iterated local search). Deterministic for a given seed:
 * the budget counts pairs, not milliseconds.
 */
export function pmedianHeuristic(problem: SitingProblem, p: number, options: { starts?: number; work?: number; seed?: number } = {}): MedianSolution {
  const candidates = candidateIndices(problem);
  const random = seededRandom(options.seed ?? 1);
  let best: MedianSolution = { open: [], objective: Infinity };
  const starts = options.starts ?? 64;
  const budget = options.work ?? PMEDIAN_WORK;
  let work = 0;
  for (let start = 0; start < starts && (start === 0 || work < budget); start++) {
    const state = new MedianState(problem);
    for (const j of fixedIndices(problem)) state.isOpen[j] = 1;
    state.refresh();
    const open: number[] = [];
    if (start === 0) {
      lazyGreedy(candidates, p, (j) => state.saving(j), (j) => {
        state.isOpen[j] = 1;
        open.push(j);
        state.refresh();
      });
    } else if (start % 2 === 1) {
      const pool = [...candidates];
      while (open.length < p && pool.length > 0) {
        const j = pool.splice(Math.floor(random() * pool.length), 1)[0];
        state.isOpen[j] = 1;
        open.push(j);
      }
      state.refresh();
    } else {
      // Iterated local search: the best set so far with a few of its sites swapped for random closed ones.
      const kick = Math.max(2, Math.ceil(best.open.length / 10));
      open.push(...best.open);
      for (const j of open) state.isOpen[j] = 1;
      const closed = candidates.filter((j) => !state.isOpen[j]);
      for (let r = 0; r < kick && closed.length > 0; r++) {
        const out = Math.floor(random() * open.length);
        const incoming = closed.splice(Math.floor(random() * closed.length), 1)[0];
        state.isOpen[open[out]] = 0;
        state.isOpen[incoming] = 1;
        open[out] = incoming;
      }
      state.refresh();
    }
    fastInterchange(state, open, candidates);
    work += state.work;
    if (state.total < best.objective - 1e-9) best = { open: [...open], objective: state.total };
  }
  return best;
}

function fastInterchange(state: MedianState, open: number[], candidates: number[]): void {
  const p = state.problem;
  const w = p.weight;
  const correction = new Float64Array(p.siteCount);
  const L = new Float64Array(p.siteCount);
  const computeL = () => {
    L.fill(0);
    for (let i = 0; i < p.demandCount; i++) if (state.n1[i] >= 0) L[state.n1[i]] += w[i] * (state.d2[i] - state.d1[i]);
  };
  computeL();
  let sinceImprovement = 0;
  for (let c = 0; sinceImprovement < candidates.length && open.length > 0; c = (c + 1) % candidates.length, sinceImprovement++) {
    const k = candidates[c];
    if (state.isOpen[k]) continue;
    let saving = 0;
    const touched: number[] = [];
    for (let t = p.siteOffsets[k]; t < p.siteOffsets[k + 1]; t++) {
      const i = p.siteDemand[t];
      const ck = p.siteCost[t];
      const d1 = state.d1[i];
      if (ck < d1) saving += w[i] * (d1 - ck);
      const j = state.n1[i];
      if (j < 0) continue;
      // With k open and j closed, i goes to min(d2, ck) instead of d2 (L_j's assumption) and not to min(d1, ck).
      const d2 = state.d2[i];
      const fix = w[i] * (Math.min(d2, ck) - d2 + Math.max(0, d1 - ck));
      if (fix !== 0) {
        if (correction[j] === 0) touched.push(j);
        correction[j] += fix;
      }
    }
    let bestJ = -1;
    let bestDelta = -1e-9 * (1 + state.total);
    for (const j of open) {
      const delta = -saving + L[j] + correction[j];
      if (delta < bestDelta) {
        bestDelta = delta;
        bestJ = j;
      }
    }
    for (const j of touched) correction[j] = 0;
    if (bestJ < 0) continue;
    state.isOpen[bestJ] = 0;
    state.isOpen[k] = 1;
    open[open.indexOf(bestJ)] = k;
    state.refresh();
    computeL();
    sinceImprovement = 0;
  }
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
