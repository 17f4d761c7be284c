import { lazyGreedy } from './lazy-greedy.js';
import { seededRandom } from '../model/random.js';
import { progressTicker, type Progress } from '../model/progress.js';
import { candidateIndices, fixedIndices, type SitingProblem } from './problem.js';
import { DEFAULT_MIP_GAP, DEFAULT_TIME_LIMIT, exportModel, RowBuilder, solveMip, type Mip, type MipOptions, type MipResult } from './mip.js';

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

/** Greedy alone (lazy evaluation): the sites in the order taken and the weight each newly covers. */
export function mclpGreedy(problem: SitingProblem, p: number, target: number): { open: number[]; gains: number[] } {
  const state = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) state.open(j);
  const { sites, gains } = lazyGreedy(candidateIndices(problem), p, (j) => state.gain(j), (j) => state.open(j));
  return { open: sites, gains };
}

/** Swaps proposed per candidate site by default, and the most proposed in one run. */
export const ANNEAL_MOVES_PER_CANDIDATE = 200;
export const ANNEAL_MAX_MOVES = 2_000_000;

export interface HeuristicOptions {
  /**
   * Swaps proposed by simulated annealing after the first local optimum (default 200 per candidate, at most
   * 2 million); 0 for greedy + interchange only.
   */
  moves?: number;
  /** Seed of the annealing: the same seed gives the same sites. */
  seed?: number;
  /** Told how far the annealing has gone. */
  onProgress?: Progress;
}

/**
 * MCLP heuristic: greedy with lazy evaluation (gains only shrink as sites open, so a stale gain is an upper
 * bound: re-evaluate the top until it stays on top), then interchange (swap an open site for a closed one
 * while coverage grows), then simulated annealing over the same swaps, starting at 5 % of the mean loss of an
 * open site and cooling to 0.05 %, then interchange again from the best set met. Single swaps stall where the
 * optimum replaces one big site by two smaller ones (Perpignan by Pia and Brouilla); accepting a few worse
 * swaps gets past them. Deterministic for a given seed.
 */
export function mclpHeuristic(problem: SitingProblem, p: number, target: number, options: HeuristicOptions = {}): CoverSolution {
  const state = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) state.open(j);
  const candidates = candidateIndices(problem);
  let open: number[] = [];
  const isOpen = new Uint8Array(problem.siteCount);
  lazyGreedy(candidates, p, (j) => state.gain(j), (j) => {
    state.open(j);
    isOpen[j] = 1;
    open.push(j);
  });
  interchange(state, open, isOpen, candidates);
  const moves = options.moves ?? Math.min(ANNEAL_MAX_MOVES, ANNEAL_MOVES_PER_CANDIDATE * candidates.length);
  if (moves > 0 && open.length > 0 && open.length < candidates.length) {
    let meanLoss = 0;
    for (const j of open) meanLoss += state.loss(j) / open.length;
    const scale = Math.max(meanLoss, 1e-9);
    const found = anneal(state, open, isOpen, candidates, seededRandom(options.seed ?? 1), moves, 0.05 * scale, 0.0005 * scale, progressTicker(options.onProgress, 'MCLP heuristic (annealing)', moves, 'moves'));
    for (const j of open) {
      state.close(j);
      isOpen[j] = 0;
    }
    open = found;
    for (const j of open) {
      state.open(j);
      isOpen[j] = 1;
    }
    interchange(state, open, isOpen, candidates);
  }
  // Report gains in the final set's greedy order.
  const ordered = greedyOrder(problem, target, open);
  return { open: ordered.open, gains: ordered.gains, covered: state.covered };
}

/**
 * Swap moves on the open new sites: swapping closed k in for open j changes coverage by
 * gain(k) − loss(j) + extra(k, j), where extra is the weight only j covers and k would cover too. Extra is
 * non-zero only for the open sites k's catchment touches, so k's best partner is the best of those and of the
 * open site with the smallest loss: evaluating k costs its catchment, not its catchment plus p. Losses are kept
 * up to date along the two catchments of each swap.
 */
class Swaps {
  private readonly extra: Float64Array;
  private readonly loss: Float64Array;
  private readonly touched: number[] = [];
  private cheapest = -1;
  /** The best partner of the last `evaluate`d candidate, and the change in coverage of that swap. */
  partner = -1;
  delta = 0;
  constructor(
    readonly state: CoverState,
    readonly open: number[],
    readonly isOpen: Uint8Array,
  ) {
    this.extra = new Float64Array(state.problem.siteCount);
    this.loss = new Float64Array(state.problem.siteCount);
    for (const j of open) this.loss[j] = state.loss(j);
    this.findCheapest();
  }

  private findCheapest(): void {
    this.cheapest = this.open[0];
    for (const j of this.open) if (this.loss[j] < this.loss[this.cheapest]) this.cheapest = j;
  }

  /** Finds the best partner of closed candidate `k` (sets `partner` and `delta`). */
  evaluate(k: number): void {
    const { state, extra, loss, touched } = this;
    const w = state.problem.weight;
    let gain = 0;
    touched.length = 0;
    for (let q = state.start[k]; q < state.start[k + 1]; q++) {
      const i = state.demand[q];
      if (state.count[i] === 0) gain += w[i];
      else if (state.count[i] === 1) {
        const j = Math.round(state.coverer[i]);
        if (extra[j] === 0) touched.push(j);
        extra[j] += w[i];
      }
    }
    // Sites fixed open appear as unique coverers too; only new sites can be swapped out.
    this.partner = this.cheapest;
    this.delta = gain - loss[this.cheapest];
    for (const j of touched) {
      if (this.isOpen[j] && gain - loss[j] + extra[j] > this.delta) {
        this.delta = gain - loss[j] + extra[j];
        this.partner = j;
      }
      extra[j] = 0;
    }
  }

  /** Closes `j` and opens `k`. */
  swap(j: number, k: number): void {
    const { state, loss } = this;
    const w = state.problem.weight;
    state.close(j);
    this.isOpen[j] = 0;
    for (let q = state.start[j]; q < state.start[j + 1]; q++) {
      const i = state.demand[q];
      if (state.count[i] === 1) loss[Math.round(state.coverer[i])] += w[i];
    }
    loss[k] = 0;
    for (let q = state.start[k]; q < state.start[k + 1]; q++) {
      const i = state.demand[q];
      if (state.count[i] === 1) loss[Math.round(state.coverer[i])] -= w[i];
      else if (state.count[i] === 0) loss[k] += w[i];
    }
    state.open(k);
    this.isOpen[k] = 1;
    this.open[this.open.indexOf(j)] = k;
    this.findCheapest();
  }
}

/**
 * Interchange: candidates are scanned in a cycle, each swapped in for its best partner while that raises
 * coverage, until a whole cycle finds nothing.
 */
function interchange(state: CoverState, open: number[], isOpen: Uint8Array, candidates: number[]): void {
  if (open.length === 0) return;
  const swaps = new Swaps(state, open, isOpen);
  let sinceImprovement = 0;
  for (let c = 0; sinceImprovement < candidates.length; c = (c + 1) % candidates.length, sinceImprovement++) {
    const k = candidates[c];
    if (isOpen[k]) continue;
    swaps.evaluate(k);
    if (swaps.delta <= 1e-9 * (1 + state.covered)) continue;
    swaps.swap(swaps.partner, k);
    sinceImprovement = 0;
  }
}

/**
 * Simulated annealing over the same swaps: a random closed candidate takes its best partner; the swap is made
 * if it raises coverage, or with probability exp(delta / T) if it lowers it, T falling geometrically from `t0`
 * to `t1` over `moves` proposals. Returns the best set met.
 */
function anneal(state: CoverState, open: number[], isOpen: Uint8Array, candidates: number[], random: () => number, moves: number, t0: number, t1: number, ticker: ReturnType<typeof progressTicker>): number[] {
  const swaps = new Swaps(state, open, isOpen);
  let best = { open: [...open], covered: state.covered };
  const cooling = Math.pow(t1 / t0, 1 / Math.max(1, moves));
  let t = t0;
  for (let m = 0; m < moves; m++, t *= cooling) {
    if ((m & 4095) === 0) ticker.tick(m);
    const k = candidates[Math.floor(random() * candidates.length)];
    if (isOpen[k]) continue;
    swaps.evaluate(k);
    if (swaps.delta <= 0 && random() >= Math.exp(swaps.delta / t)) continue;
    swaps.swap(swaps.partner, k);
    if (state.covered > best.covered + 1e-9) best = { open: [...open], covered: state.covered };
  }
  ticker.end();
  return best.open;
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
 * MCLP exactly (HiGHS): max Σ_g W_g y_g  s.t.  y_g ≤ Σ_{j ∈ N_g} x_j,  Σ_j x_j = p,  x_j ∈ {0, 1},  0 ≤ y_g ≤ 1,
 * over the candidates, with demand already covered by fixed sites counted as a constant. Two reductions that
 * keep the optimum: demand points reached by the same candidates are one row g of their summed weight W_g
 * (a grid's neighbouring cells often are), and a candidate whose uncovered demand is all within another's
 * is left out while at least p remain (coverage never falls when a site is added, so the other, or any site,
 * does as well in its place). The heuristic's answer is the starting solution, its dominated sites replaced
 * by those that dominate them. HiGHS runs without presolve and feasibility jump: on this model they find
 * nothing and cost more than the solve (see `MipOptions`).
 *
 * Where the heuristic falls short, HiGHS spends most of its time finding the better answer, not proving it
 * (Occitanie, 50 centres: three quarters of the solve; bench/native-highs.py). So, unless `kernel` is false,
 * the LP relaxation is solved first: when its bound leaves a gap above the start, the candidates it opens at
 * all and the start's make a small MIP (kernel search, Angelelli, Mansini and Speranza 2010), solved from the
 * same start, whose answer, when better, starts the whole MIP. The optimum is the whole model's either way:
 * the kernel only gives HiGHS a better first answer.
 */
export async function mclpExact(problem: SitingProblem, p: number, target: number, incumbent: readonly number[], options: MipOptions & { reduce?: boolean; kernel?: boolean } = {}): Promise<MipResult & { open: number[]; covered: number }> {
  const fixedState = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) fixedState.open(j);
  const uncovered = (i: number) => fixedState.count[i] === 0 && problem.weight[i] > 0;
  // reduce: false builds the model whole (one row a demand point, every candidate), for comparison.
  const reduce = options.reduce ?? true;
  const dominator = reduce ? dominators(fixedState, candidateIndices(problem), p, uncovered) : Int32Array.from({ length: problem.siteCount }, (_, j) => j);
  // The start: the incumbent with each dominated site replaced by the one above it, or by any site left.
  const candidates = candidateIndices(problem).filter((j) => dominator[j] === j);
  const startSites = new Set<number>();
  for (let j of incumbent) {
    while (dominator[j] !== j) j = dominator[j];
    startSites.add(j);
  }
  for (let c = 0; startSites.size < p && c < candidates.length; c++) startSites.add(candidates[c]);
  const solveFrom = { presolve: false, feasibilityJump: false };
  // HiGHS's time, the relaxation's and the kernel's included.
  let before = 0;
  // The time limit is the whole call's: each solve gets what the ones before it left.
  const timeLimit = options.timeLimit ?? DEFAULT_TIME_LIMIT;
  const left = () => ({ timeLimit: Math.max(1e-3, timeLimit - before) });
  const whole = coverModel(problem, target, p, candidates, uncovered, reduce);
  let sites = [...startSites];
  // The model exported (MipOptions.onModel) is the whole one from the heuristic's start, whatever proves it.
  exportModel(whole.mip, { ...solveFrom, ...options, incumbent: whole.startOf(sites) });
  if (options.kernel ?? reduce) {
    const relaxed = await solveMip({ ...whole.mip, integer: new Uint8Array(whole.mip.numCols) }, { ...solveFrom, ...options, ...left(), incumbent: undefined, onModel: undefined });
    before += relaxed.seconds;
    const tolerance = Math.max(options.absoluteGap ?? 0, (options.mipGap ?? DEFAULT_MIP_GAP) * Math.abs(relaxed.objective));
    if (relaxed.solved && relaxed.objective > whole.objectiveOf(sites) + tolerance) {
      const inKernel = new Set(sites);
      whole.candidates.forEach((j, c) => relaxed.colValue[c] > 1e-6 && inKernel.add(j));
      const small = coverModel(problem, target, p, candidates.filter((j) => inKernel.has(j)), uncovered, reduce);
      const found = await solveMip(small.mip, { ...solveFrom, ...options, ...left(), incumbent: small.startOf(sites), onModel: undefined });
      before += found.seconds;
      const better = found.solved ? small.candidates.filter((_, c) => found.colValue[c] > 0.5) : [];
      if (better.length === p && whole.objectiveOf(better) > whole.objectiveOf(sites)) sites = better;
    }
    // The relaxation's bound proves the start within the tolerance (it often does with few sites): no search.
    const objective = whole.objectiveOf(sites);
    if (relaxed.solved && relaxed.stoppedBy === 'gap' && objective >= relaxed.objective - tolerance) {
      return { solved: true, objective, dualBound: relaxed.objective + fixedState.covered, stoppedBy: 'gap', nodes: 0, colValue: whole.startOf(sites), seconds: before, open: sites, covered: coveredWeight(problem, target, sites) };
    }
  }
  const result = await solveMip(whole.mip, { ...solveFrom, ...options, ...left(), incumbent: whole.startOf(sites), onModel: undefined });
  const open = !result.solved ? sites : whole.candidates.filter((_, c) => result.colValue[c] > 0.5);
  const covered = coveredWeight(problem, target, open);
  // HiGHS's model leaves out the demand the fixed sites cover: add it back to its bound.
  return { ...result, seconds: result.seconds + before, open, covered, dualBound: result.dualBound === null ? null : result.dualBound + fixedState.covered };
}

/**
 * The MCLP's model over some candidates (see `mclpExact`): columns x for the candidates then y for the rows of
 * demand points reached by the same candidates, and how to write a set of sites as a starting solution.
 */
function coverModel(problem: SitingProblem, target: number, p: number, candidates: readonly number[], uncovered: (i: number) => boolean, reduce: boolean) {
  const column = new Int32Array(problem.siteCount).fill(-1);
  candidates.forEach((j, c) => (column[j] = c));
  // Demand points with the same candidates in reach make one row: their columns as a key.
  const groups = new Map<string, number>();
  const groupColumns: number[][] = [];
  const groupWeight: number[] = [];
  const groupOf = new Int32Array(problem.demandCount).fill(-1);
  for (let i = 0; i < problem.demandCount; i++) {
    if (!uncovered(i)) continue;
    const cols: number[] = [];
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) if (column[problem.site[k]] >= 0) cols.push(column[problem.site[k]]);
    if (cols.length === 0) continue;
    cols.sort((a, b) => a - b);
    const key = reduce ? cols.join(',') : String(i);
    let g = groups.get(key);
    if (g === undefined) {
      g = groupColumns.length;
      groups.set(key, g);
      groupColumns.push(cols);
      groupWeight.push(0);
    }
    groupWeight[g] += problem.weight[i];
    groupOf[i] = g;
  }
  const nx = candidates.length;
  const ny = groupColumns.length;
  const rows = new RowBuilder();
  groupColumns.forEach((cols, g) => rows.add([nx + g, ...cols], [1, ...cols.map(() => -1)], -Infinity, 0));
  rows.add(Array.from({ length: nx }, (_, c) => c), new Array(nx).fill(1), p, p);
  const mip: Mip = {
    numCols: nx + ny,
    maximize: true,
    colCost: Float64Array.from({ length: nx + ny }, (_, c) => (c < nx ? 0 : groupWeight[c - nx])),
    colLower: new Float64Array(nx + ny),
    colUpper: new Float64Array(nx + ny).fill(1),
    integer: Uint8Array.from({ length: nx + ny }, (_, c) => (c < nx ? 1 : 0)),
    ...rows.pack(),
  };
  /** Sites (all among the candidates) as a solution: their x, and y = 1 for each row they reach. */
  const startOf = (sites: readonly number[]) => {
    const start = new Float64Array(nx + ny);
    const state = new CoverState(problem, target);
    for (const j of sites) {
      start[column[j]] = 1;
      state.open(j);
    }
    for (let i = 0; i < problem.demandCount; i++) if (groupOf[i] >= 0 && state.count[i] > 0) start[nx + groupOf[i]] = 1;
    return start;
  };
  /** The model's objective at those sites: the weight of the rows they reach. */
  const objectiveOf = (sites: readonly number[]) => {
    const start = startOf(sites);
    let total = 0;
    for (let g = 0; g < ny; g++) total += start[nx + g] * groupWeight[g];
    return total;
  };
  return { mip, candidates, startOf, objectiveOf };
}

/** Catchment entries the search for dominated candidates may read (Occitanie's reads 0.6 million). */
export const DOMINANCE_WORK = 50_000_000;

/**
 * For each candidate, itself, or a candidate whose uncovered demand within the target holds all of its own
 * (the larger set, or of two equal sets the lower index: a strict order, so chains end). Nothing is left out
 * unless at least p candidates remain. The search stops after `DOMINANCE_WORK` catchment entries read, so that
 * it never costs more than the solve it shortens (the candidates not reached are kept).
 */
function dominators(state: CoverState, candidates: readonly number[], p: number, uncovered: (i: number) => boolean): Int32Array {
  const { problem } = state;
  const dominator = new Int32Array(problem.siteCount);
  for (let j = 0; j < problem.siteCount; j++) dominator[j] = j;
  const size = new Int32Array(problem.siteCount);
  for (const j of candidates) for (let q = state.start[j]; q < state.start[j + 1]; q++) if (uncovered(state.demand[q])) size[j]++;
  const isCandidate = problem.candidate;
  const mark = new Int32Array(problem.demandCount).fill(-1);
  let largest = candidates[0];
  for (const j of candidates) if (size[j] > size[largest]) largest = j;
  let kept = candidates.length;
  let work = 0;
  for (const j of candidates) {
    if (kept <= p || work > DOMINANCE_WORK) break;
    let first = -1;
    for (let q = state.start[j]; q < state.start[j + 1]; q++) {
      const i = state.demand[q];
      if (!uncovered(i)) continue;
      mark[i] = j;
      if (first < 0) first = i;
    }
    let found = -1;
    if (first < 0) {
      // Covers nothing new: any other candidate does as well; the largest (first of the largest) comes above it.
      if (largest !== j) found = largest;
    } else {
      // Whatever dominates j reaches j's first demand point within the target.
      for (let k = problem.offsets[first]; k < problem.offsets[first + 1] && problem.cost[k] <= state.target && found < 0; k++) {
        const other = problem.site[k];
        if (other === j || !isCandidate[other] || size[other] < size[j] || (size[other] === size[j] && other > j)) continue;
        let inside = 0;
        for (let q = state.start[other]; q < state.start[other + 1]; q++) if (mark[state.demand[q]] === j) inside++;
        work += state.start[other + 1] - state.start[other];
        if (inside === size[j]) found = other;
      }
    }
    if (found >= 0) {
      dominator[j] = found;
      kept--;
    }
  }
  return dominator;
}

/**
 * An upper bound on the best coverage by p new sites, from any set `sites`: coverage is submodular, so the
 * optimum is at most what `sites` cover plus the p largest gains any site would add to them (Nemhauser,
 * Wolsey and Fisher 1978). A true bound, from no solver: it stands when the exact solver stopped early.
 */
export function mclpUpperBound(problem: SitingProblem, p: number, target: number, sites: readonly number[]): number {
  const state = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) state.open(j);
  for (const j of sites) state.open(j);
  const gains = candidateIndices(problem).map((j) => state.gain(j)).sort((a, b) => b - a);
  let bound = state.covered;
  for (let k = 0; k < Math.min(p, gains.length); k++) bound += gains[k];
  let total = 0;
  for (const w of problem.weight) total += w;
  return Math.min(bound, total);
}

/** For each site of `order` in turn: the demand points it newly covers (after the fixed sites and those before it), with the minutes to it. */
export function newlyCovered(problem: SitingProblem, target: number, order: readonly number[]): { demand: number; minutes: number }[][] {
  const state = new CoverState(problem, target);
  for (const j of fixedIndices(problem)) state.open(j);
  return order.map((j) => {
    const found: { demand: number; minutes: number }[] = [];
    for (let t = problem.siteOffsets[j]; t < problem.siteOffsets[j + 1]; t++) {
      const i = problem.siteDemand[t];
      if (problem.siteCost[t] <= target && state.count[i] === 0) found.push({ demand: i, minutes: problem.siteCost[t] });
    }
    state.open(j);
    return found;
  });
}
