import type { SitingProblem } from './problem.js';

/**
 * The state of the fast swap-based local search for the p-median (Resende & Werneck 2007, after Whitaker
 * 1983): each demand point's nearest and second-nearest open sites, and three tables kept up to date as sites
 * are swapped, so that the value of every swap is read off them instead of computed:
 *
 * - gain[k]: what opening the closed candidate k alone saves, Σ_i w_i max(0, d1_i − c_ik);
 * - loss[s]: what closing the open site in slot s alone costs, Σ_{i: n1_i = s} w_i (d2_i − d1_i);
 * - extra[k, s]: what the two moves together save beyond gain − loss, Σ_{i: n1_i = s, c_ik < d2_i}
 *   w_i (d2_i − max(c_ik, d1_i)): the demand that loses s but finds k instead of its second nearest.
 *
 * Swapping k in for slot s changes the cost by −(gain[k] − loss[s] + extra[k, s]). A swap touches only the
 * demand points whose two nearest change, and for each only its row up to its second nearest (rows are sorted
 * by cost), so updates cost little where sites are many. Sites fixed open are open but have no slot: they are
 * never closed. A demand point with no open site in its row costs `beyondCost`; so does any site beyond it.
 */
export class SwapState {
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly n1: Int32Array;
  readonly n2: Int32Array;
  readonly isOpen: Uint8Array;
  /** The new open sites, by slot. */
  readonly open: Int32Array;
  /** Each site's slot in `open`, or −1. */
  readonly slot: Int32Array;
  readonly gain: Float64Array;
  readonly loss: Float64Array;
  /** extra[k · p + s]. */
  readonly extra: Float64Array;
  /** Row entries and table cells visited: the search's measure of work, the same on every machine. */
  work = 0;
  /** Row entries before each demand point's second nearest, summed: what a sparse pass of `best` visits. */
  prefixes = 0;
  readonly #cost: Float64Array;
  readonly #stamp: Int32Array;
  #round = 0;
  readonly #touched: number[] = [];

  constructor(
    readonly problem: SitingProblem,
    readonly p: number,
  ) {
    const { demandCount: n, siteCount: m } = problem;
    this.d1 = new Float64Array(n);
    this.d2 = new Float64Array(n);
    this.n1 = new Int32Array(n);
    this.n2 = new Int32Array(n);
    this.isOpen = new Uint8Array(m);
    this.open = new Int32Array(p).fill(-1);
    this.slot = new Int32Array(m).fill(-1);
    this.gain = new Float64Array(m);
    this.loss = new Float64Array(p);
    this.extra = new Float64Array(m * p);
    this.#cost = Float64Array.from(problem.cost, (c) => Math.min(c, problem.beyondCost));
    this.#stamp = new Int32Array(n);
  }

  /** Opens exactly the fixed sites and `sites` (p of them) and builds every table from scratch. */
  reset(sites: ArrayLike<number>): void {
    const { problem } = this;
    this.isOpen.fill(0);
    this.slot.fill(-1);
    for (let j = 0; j < problem.siteCount; j++) if (problem.fixed[j]) this.isOpen[j] = 1;
    for (let s = 0; s < this.p; s++) {
      this.open[s] = sites[s];
      this.slot[sites[s]] = s;
      this.isOpen[sites[s]] = 1;
    }
    this.gain.fill(0);
    this.loss.fill(0);
    this.extra.fill(0);
    this.prefixes = 0;
    for (let i = 0; i < problem.demandCount; i++) {
      this.#nearest(i);
      this.#contribute(i, 1);
    }
  }

  /** Σ_i w_i d1_i, summed afresh (the tables drift by rounding where costs are fractions; this does not). */
  total(): number {
    const w = this.problem.weight;
    let t = 0;
    for (let i = 0; i < this.d1.length; i++) t += w[i] * this.d1[i];
    return t;
  }

  /** Nearest and second-nearest open sites of i: the first two open in its sorted row, before beyondCost. */
  #nearest(i: number): void {
    const { problem } = this;
    const cost = this.#cost;
    const beyond = problem.beyondCost;
    let d1 = beyond;
    let d2 = beyond;
    let n1 = -1;
    let n2 = -1;
    const end = problem.offsets[i + 1];
    let k = problem.offsets[i];
    for (; k < end && cost[k] < beyond; k++) {
      const j = problem.site[k];
      if (!this.isOpen[j]) continue;
      if (n1 < 0) {
        n1 = j;
        d1 = cost[k];
      } else {
        n2 = j;
        d2 = cost[k];
        break;
      }
    }
    this.work += k - problem.offsets[i] + 1;
    this.d1[i] = d1;
    this.d2[i] = d2;
    this.n1[i] = n1;
    this.n2[i] = n2;
  }

  /** Adds (sign 1) or takes away (−1) demand point i's share of gain, loss and extra. */
  #contribute(i: number, sign: number): void {
    const { problem, p } = this;
    const cost = this.#cost;
    const w = sign * problem.weight[i];
    if (w === 0) return;
    const d1 = this.d1[i];
    const d2 = this.d2[i];
    const s = this.n1[i] >= 0 ? this.slot[this.n1[i]] : -1;
    if (s >= 0) this.loss[s] += w * (d2 - d1);
    const end = problem.offsets[i + 1];
    let k = problem.offsets[i];
    for (; k < end && cost[k] < d2; k++) {
      const j = problem.site[k];
      if (this.isOpen[j] || !problem.candidate[j]) continue;
      const c = cost[k];
      if (c < d1) this.gain[j] += w * (d1 - c);
      if (s >= 0) this.extra[j * p + s] += w * (d2 - (c > d1 ? c : d1));
    }
    this.work += k - problem.offsets[i] + 1;
    this.prefixes += sign * (k - problem.offsets[i]);
  }

  /**
   * Closes the site in slot s and opens candidate k in its place, updating the demand points whose two
   * nearest change: those k is nearer than their second nearest, and those whose first or second was the
   * closed site.
   */
  swap(s: number, k: number): void {
    const { problem, p } = this;
    const j = this.open[s];
    const touched = this.#touched;
    touched.length = 0;
    const round = ++this.#round;
    for (let t = problem.siteOffsets[k]; t < problem.siteOffsets[k + 1]; t++) {
      const i = problem.siteDemand[t];
      if (Math.min(problem.siteCost[t], problem.beyondCost) <= this.d2[i] && this.#stamp[i] !== round) {
        this.#stamp[i] = round;
        touched.push(i);
      }
    }
    for (let t = problem.siteOffsets[j]; t < problem.siteOffsets[j + 1]; t++) {
      const i = problem.siteDemand[t];
      if ((this.n1[i] === j || this.n2[i] === j) && this.#stamp[i] !== round) {
        this.#stamp[i] = round;
        touched.push(i);
      }
    }
    this.work += problem.siteOffsets[k + 1] - problem.siteOffsets[k] + problem.siteOffsets[j + 1] - problem.siteOffsets[j];
    for (const i of touched) this.#contribute(i, -1);
    // What is left in slot s and in k's row is rounding only: clear it, so that it never adds up.
    this.loss[s] = 0;
    for (let q = s; q < this.extra.length; q += p) this.extra[q] = 0;
    this.gain[k] = 0;
    this.extra.fill(0, k * p, k * p + p);
    this.isOpen[j] = 0;
    this.slot[j] = -1;
    this.isOpen[k] = 1;
    this.slot[k] = s;
    this.open[s] = k;
    for (const i of touched) {
      this.#nearest(i);
      this.#contribute(i, 1);
    }
  }

  /**
   * The best swap: the closed candidate k and slot s with the largest saving gain[k] − loss[s] + extra[k, s]
   * (ties to the lowest k, then the lowest slot). Returns the saving; `bestSite` and `bestSlot` hold the swap.
   * extra[k, s] is non-zero only where a demand point whose nearest is in slot s has k before its second
   * nearest, so when those row prefixes are fewer than the table's cells, each k is priced at the cheapest
   * slot to close and then at the slots of those prefixes only: with many sites, a small part of the table.
   */
  best(candidates: Int32Array): number {
    const { p, gain, loss, extra, isOpen } = this;
    let minLoss = Infinity;
    let minSlot = -1;
    for (let s = 0; s < p; s++) {
      if (loss[s] < minLoss) {
        minLoss = loss[s];
        minSlot = s;
      }
    }
    let best = -Infinity;
    let bestSite = -1;
    let bestSlot = -1;
    if (this.prefixes + candidates.length < candidates.length * p) {
      for (let c = 0; c < candidates.length; c++) {
        const k = candidates[c];
        if (isOpen[k]) continue;
        const v = gain[k] - minLoss;
        if (v > best || (v === best && k < bestSite)) {
          best = v;
          bestSite = k;
          bestSlot = minSlot;
        }
      }
      const { problem } = this;
      const cost = this.#cost;
      for (let i = 0; i < problem.demandCount; i++) {
        const s = this.n1[i] >= 0 ? this.slot[this.n1[i]] : -1;
        if (s < 0) continue;
        const d2 = this.d2[i];
        for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && cost[k] < d2; k++) {
          const j = problem.site[k];
          if (isOpen[j] || !problem.candidate[j]) continue;
          const v = gain[j] - loss[s] + extra[j * p + s];
          if (v > best || (v === best && (j < bestSite || (j === bestSite && s < bestSlot)))) {
            best = v;
            bestSite = j;
            bestSlot = s;
          }
        }
      }
      this.work += this.prefixes + candidates.length + problem.demandCount;
    } else {
      for (let c = 0; c < candidates.length; c++) {
        const k = candidates[c];
        if (isOpen[k]) continue;
        const g = gain[k];
        const row = k * p;
        for (let s = 0; s < p; s++) {
          const v = g - loss[s] + extra[row + s];
          if (v > best || (v === best && (k < bestSite || (k === bestSite && s < bestSlot)))) {
            best = v;
            bestSite = k;
            bestSlot = s;
          }
        }
      }
      this.work += candidates.length * p;
    }
    this.bestSite = bestSite;
    this.bestSlot = bestSlot;
    return best;
  }

  bestSite = -1;
  bestSlot = -1;
}
