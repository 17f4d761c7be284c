import { nearestAssignment, type Assignment } from '../access/nearest-assignment.js';
import { candidateIndices, fixedIndices, type SitingProblem } from './problem.js';
import { lazyGreedy } from './lazy-greedy.js';
import { RowBuilder, solveMip, type Mip, type MipOptions, type MipResult } from './mip.js';
import { ServedFlow } from './served-flow.js';

export { ServedFlow };

/**
 * Demand that open sites (the fixed ones and `open`) can take within the target when each takes at most
 * `places[j]`: a maximum flow, demand → site (pairs within the target) → sink.
 */
export function servedWeight(problem: SitingProblem, target: number, places: ArrayLike<number>, open: readonly number[]): number {
  const state = new ServedFlow(problem, target, places);
  for (const j of open) state.open(j);
  return state.served;
}

/**
 * How ties between sets of sites that serve as many people are broken, in this order: (1) the most need within
 * the target of the new sites, each person of need counted once (the need met nearby, not the same need counted
 * by several sites: so sets spread over the places short of GPs rather than crowd around the largest shortage);
 * (2) the least need-weighted minutes from the need within reach to each site. What is still tied goes the same
 * way on every run (in the heuristic, to the lowest site index). Both fold into the objective with weights small enough that all the need there is counts
 * for less than half a person served, and (2) for less than half a person of need: they decide between sets
 * that serve as many, never against one that serves more. The heuristic takes them with each site's gain
 * (lazy greedy: both parts only shrink as sites are taken); the exact solver has them in its objective and
 * proves people served to the person; (1) and (2) are then as good as the heuristic's or better, not proven.
 */
export interface TieBreak {
  /** Need per demand point (default: the people the fixed sites leave without a place). */
  demandNeed: Float64Array;
  /** Need within the target of each site (for its explanation). */
  need: Float64Array;
  /** Need-weighted mean minutes from the need within reach to each site (the target where there is none). */
  minutes: Float64Array;
  /** Weight of one person of need within the target of a new site: all the need together counts under 0.5. */
  perNeed: number;
  /** Per-site weight of (2): p of them count under half a person of need. */
  score: Float64Array;
}

/** The tie-break of each site for a choice of `p`, from a need per demand point (see `TieBreak`). */
export function tieBreak(problem: SitingProblem, target: number, need: ArrayLike<number>, p: number): TieBreak {
  const m = problem.siteCount;
  const siteNeed = new Float64Array(m);
  const minutes = new Float64Array(m);
  let total = 0;
  for (let i = 0; i < problem.demandCount; i++) if (need[i] > 0) total += need[i];
  const perNeed = 0.5 / (total + 1);
  const score = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let weighted = 0;
    for (let t = problem.siteOffsets[j]; t < problem.siteOffsets[j + 1]; t++) {
      if (problem.siteCost[t] > target) continue;
      const x = need[problem.siteDemand[t]];
      if (!(x > 0)) continue;
      siteNeed[j] += x;
      weighted += x * problem.siteCost[t];
    }
    minutes[j] = siteNeed[j] > 0 ? weighted / siteNeed[j] : target;
    score[j] = (perNeed * 0.5 * Math.max(0, target - minutes[j])) / (target * p + 1);
  }
  return { demandNeed: Float64Array.from(need, (x) => Math.max(0, x)), need: siteNeed, minutes, perNeed, score };
}

/** Need within the target of the new sites taken so far, each demand point's counted once (tie-break (1)). */
export class NeedCoverage {
  readonly #covered: Uint8Array;
  covered = 0;

  constructor(
    readonly problem: SitingProblem,
    readonly target: number,
    readonly need: ArrayLike<number>,
  ) {
    this.#covered = new Uint8Array(problem.demandCount);
  }

  /** Need `j` would newly bring within the target. */
  gain(j: number): number {
    const { problem } = this;
    let gain = 0;
    for (let t = problem.siteOffsets[j]; t < problem.siteOffsets[j + 1]; t++) {
      const i = problem.siteDemand[t];
      if (problem.siteCost[t] <= this.target && !this.#covered[i] && this.need[i] > 0) gain += this.need[i];
    }
    return gain;
  }

  take(j: number): void {
    const { problem } = this;
    for (let t = problem.siteOffsets[j]; t < problem.siteOffsets[j + 1]; t++) {
      const i = problem.siteDemand[t];
      if (problem.siteCost[t] <= this.target && !this.#covered[i]) {
        this.#covered[i] = 1;
        if (this.need[i] > 0) this.covered += this.need[i];
      }
    }
  }
}

/** A set's tie-break value: perNeed × need within the target of its sites (once) + its sites' scores. */
export function tieValue(problem: SitingProblem, target: number, ties: TieBreak, sites: readonly number[]): number {
  const coverage = new NeedCoverage(problem, target, ties.demandNeed);
  let value = 0;
  for (const j of sites) {
    coverage.take(j);
    value += ties.score[j];
  }
  return value + ties.perNeed * coverage.covered;
}

/**
 * The need the fixed sites leave: the people without a place within the target when the fixed sites take
 * their places, people assigned to the nearest places with room (`nearestAssignment`).
 */
export function unmetNeed(problem: SitingProblem, target: number, places: ArrayLike<number>): Float64Array {
  const fixedPlaces = Float64Array.from({ length: problem.siteCount }, (_, j) => (problem.fixed[j] ? places[j] : 0));
  const assignment = nearestAssignment({ offsets: problem.offsets, site: problem.site, minutes: problem.cost }, problem.weight, fixedPlaces, target);
  return Float64Array.from(problem.weight, (w, i) => Math.max(0, w - assignment.assigned[i]));
}

/** The final assignment of people to the open sites, nearest places with room first. */
export function servedAssignment(problem: SitingProblem, target: number, places: ArrayLike<number>, open: readonly number[]): Assignment {
  const isOpen = new Uint8Array(problem.siteCount);
  for (const j of [...fixedIndices(problem), ...open]) isOpen[j] = 1;
  const openPlaces = Float64Array.from({ length: problem.siteCount }, (_, j) => (isOpen[j] ? places[j] : 0));
  return nearestAssignment({ offsets: problem.offsets, site: problem.site, minutes: problem.cost }, problem.weight, openPlaces, target);
}

/**
 * Capacitated MCLP heuristic: people served under capacity is submodular in the open sites (a polymatroid
 * rank), so greedy with lazy evaluation holds: each site's first bound is `ServedFlow.gainBound` (0 where no
 * one left without a place can reach its demand), replaced by its true marginal (augmenting paths from the
 * current flow) only when it reaches the top. Sites that serve as many are taken by the tie-break
 * (`TieBreak`), whose parts only shrink too, and what is still tied by the lowest index. `plain` turns off the
 * marks (plain bounds and whole-network searches): the same choices and gains, a reference for tests and the bench.
 */
export function cmclpHeuristic(problem: SitingProblem, p: number, target: number, places: ArrayLike<number>, ties?: TieBreak, options: { plain?: boolean } = {}): { open: number[]; gains: number[]; served: number; baseline: number } {
  const state = new ServedFlow(problem, target, places, { plain: options.plain });
  const coverage = ties ? new NeedCoverage(problem, target, ties.demandNeed) : null;
  const tie = (j: number) => (ties && coverage ? ties.perNeed * coverage.gain(j) + ties.score[j] : 0);
  // A bound is worth computing again only when the state or its cuts changed since the site's last one.
  const boundedAt = new Float64Array(problem.siteCount).fill(-1);
  const bound = (j: number) => {
    if (boundedAt[j] === state.revision) return Infinity;
    boundedAt[j] = state.revision;
    return state.gainBound(j) + tie(j);
  };
  const gains: number[] = [];
  const result = lazyGreedy(
    candidateIndices(problem),
    p,
    (j) => state.gain(j) + tie(j),
    (j) => {
      gains.push(state.open(j));
      coverage?.take(j);
    },
    (j) => state.gainBound(j) + tie(j),
    'index',
    bound,
  );
  return { open: result.sites, gains, served: state.served, baseline: state.served0 };
}

/**
 * The order in which greedy would add `sites` (after the fixed ones), with the people each newly serves:
 * gains that add up to the people served by all minus those the fixed sites serve. Ties by the tie-break.
 */
export function cmclpOrder(problem: SitingProblem, target: number, places: ArrayLike<number>, sites: readonly number[], ties: TieBreak): { open: number[]; gains: number[]; served: number; baseline: number } {
  const state = new ServedFlow(problem, target, places);
  const coverage = new NeedCoverage(problem, target, ties.demandNeed);
  const left = new Set(sites);
  const open: number[] = [];
  const gains: number[] = [];
  while (left.size > 0) {
    let best = -1;
    let bestValue = -Infinity;
    for (const j of left) {
      const value = state.gain(j) + ties.perNeed * coverage.gain(j) + ties.score[j];
      if (value > bestValue) [best, bestValue] = [j, value];
    }
    gains.push(state.open(best));
    coverage.take(best);
    open.push(best);
    left.delete(best);
  }
  return { open, gains, served: state.served, baseline: state.served0 };
}

/**
 * Capacitated MCLP exactly (HiGHS): max Σ f_ij + ε Σ_i u_i y_i + Σ_j s_j x_j  s.t.  Σ_j f_ij ≤ w_i,
 * Σ_i f_ij ≤ places_j x_j,  y_i ≤ Σ_{j new, t_ij ≤ target} x_j,  Σ_{j new} x_j = p, x binary (fixed sites at 1),
 * f ≥ 0 on pairs within the target, 0 ≤ y ≤ 1; ε u_i and s_j are the tie-break's (see `TieBreak`: all of it
 * under half a person). The incumbent is the heuristic's sites with their maximum flow.
 */
export async function cmclpExact(problem: SitingProblem, p: number, target: number, places: ArrayLike<number>, incumbent: readonly number[], options: MipOptions & { ties?: TieBreak } = {}): Promise<MipResult & { open: number[]; served: number }> {
  const m = problem.siteCount;
  const ties = options.ties;
  const score = ties?.score ?? new Float64Array(m);
  const usable = (j: number) => (problem.fixed[j] || problem.candidate[j]) && places[j] > 0;
  const pairs: number[] = [];
  const pairDemand: number[] = [];
  for (let i = 0; i < problem.demandCount; i++) {
    if (!(problem.weight[i] > 0)) continue;
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) {
      if (!usable(problem.site[k])) continue;
      pairs.push(k);
      pairDemand.push(i);
    }
  }
  // Tie-break (1): one column y_i per demand point with need, at most 1, and at most the new sites within reach.
  const needy: number[] = [];
  if (ties) for (let i = 0; i < problem.demandCount; i++) if (ties.demandNeed[i] > 0) needy.push(i);
  const numCols = m + pairs.length + needy.length;
  const rows = new RowBuilder();
  const byDemand = new Map<number, number[]>();
  const bySite = new Map<number, number[]>();
  pairs.forEach((k, c) => {
    const i = pairDemand[c];
    const j = problem.site[k];
    if (!byDemand.has(i)) byDemand.set(i, []);
    if (!bySite.has(j)) bySite.set(j, []);
    byDemand.get(i)!.push(m + c);
    bySite.get(j)!.push(m + c);
  });
  for (const [i, cols] of byDemand) rows.add(cols, new Array(cols.length).fill(1), -Infinity, problem.weight[i]);
  for (const [j, cols] of bySite) rows.add([...cols, j], [...cols.map(() => 1), -places[j]], -Infinity, 0);
  const newSites = candidateIndices(problem);
  rows.add(newSites, new Array(newSites.length).fill(1), p, p);
  const yCol = m + pairs.length;
  needy.forEach((i, c) => {
    const within: number[] = [];
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) if (problem.candidate[problem.site[k]]) within.push(problem.site[k]);
    rows.add([yCol + c, ...within], [1, ...within.map(() => -1)], -Infinity, 0);
  });
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(Infinity);
  const colCost = new Float64Array(numCols);
  const integer = new Uint8Array(numCols);
  for (let j = 0; j < m; j++) {
    integer[j] = 1;
    colUpper[j] = problem.candidate[j] || problem.fixed[j] ? 1 : 0;
    if (problem.fixed[j]) colLower[j] = 1;
    if (problem.candidate[j]) colCost[j] = score[j];
  }
  // A flow never exceeds its demand point's weight: a finite bound helps presolve.
  pairs.forEach((_, c) => {
    colCost[m + c] = 1;
    colUpper[m + c] = problem.weight[pairDemand[c]];
  });
  needy.forEach((i, c) => {
    colCost[yCol + c] = ties!.perNeed * ties!.demandNeed[i];
    colUpper[yCol + c] = 1;
  });
  const mip: Mip = { numCols, maximize: true, colCost, colLower, colUpper, integer, ...rows.pack() };
  // The incumbent: its sites open, with a maximum flow on them.
  const start = new Float64Array(numCols);
  const state = new ServedFlow(problem, target, places);
  for (const j of incumbent) state.open(j);
  const flows = state.pairFlows();
  for (const j of [...fixedIndices(problem), ...incumbent]) start[j] = 1;
  pairs.forEach((k, c) => (start[m + c] = flows[k]));
  const chosen = new Uint8Array(m);
  for (const j of incumbent) chosen[j] = 1;
  needy.forEach((i, c) => {
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) if (chosen[problem.site[k]]) start[yCol + c] = 1;
  });
  const result = await solveMip(mip, { ...options, incumbent: start });
  const open = !result.solved ? [...incumbent] : newSites.filter((j) => result.colValue[j] > 0.5);
  return { ...result, open, served: servedWeight(problem, target, places, open) };
}

/** Gains the upper bound computes at most (each is a few augmenting paths). */
const UPPER_BOUND_EVALUATIONS = 200;

/**
 * An upper bound on the most people p new sites can serve, from any set `sites`: people served is
 * submodular in the open sites, so the optimum is at most what `sites` serve plus the p largest gains any
 * site would add to them. Gains are bounded by min(places, people left unserved) and computed (augmenting
 * paths) only for the sites that could still be among the p largest.
 */
export function cmclpUpperBound(problem: SitingProblem, p: number, target: number, places: ArrayLike<number>, sites: readonly number[]): number {
  const state = new ServedFlow(problem, target, places);
  for (const j of sites) state.open(j);
  let total = 0;
  for (let i = 0; i < problem.demandCount; i++) total += problem.weight[i];
  const left = total - state.served;
  const isOpen = new Set(sites);
  const order = candidateIndices(problem)
    .filter((j) => !isOpen.has(j))
    .map((j) => ({ j, bound: Math.min(places[j], left) }))
    .sort((a, b) => b.bound - a.bound);
  // Gains computed, and past a budget of them the bound of the next site stands for all those left.
  const gains: number[] = [];
  for (const { j, bound } of order) {
    gains.sort((a, b) => b - a);
    if (gains.length >= p && gains[p - 1] >= bound) break;
    if (gains.length >= UPPER_BOUND_EVALUATIONS) {
      for (let k = 0; k < p; k++) gains.push(bound);
      break;
    }
    gains.push(state.gain(j));
  }
  gains.sort((a, b) => b - a);
  let bound = state.served;
  for (let k = 0; k < Math.min(p, gains.length); k++) bound += gains[k];
  return Math.min(bound, total);
}
