import type { SitingProblem } from './problem.js';
import { CutBook } from './cut-book.js';

/** Flows and people left below this count as none (sums of fractions leave crumbs). */
const EPSILON = 1e-9;

export interface ServedFlowOptions {
  /**
   * The plain method (default false): one shortest augmenting path per search over the whole network, and
   * first bounds of places and people within reach. The same gains, slower; a reference for tests and the bench.
   */
  plain?: boolean;
}

/**
 * People served under capacity as a flow that sites can be opened in, one at a time: demand (its weight) →
 * open sites within the target → each site's places. The fixed sites start open. What a site would add is
 * found by augmenting paths that end at it, searched backwards from it (its demand, the sites that demand
 * uses, their demand, ...): the current flow is maximal, so every new path ends at the new site. Opening
 * sites one by one this way leaves a maximum flow for the open set (a path could only end at the new site).
 * Each what-if is undone after, bit for bit.
 *
 * When few people are left without a place, the paths are long and each carries few people, and a search
 * that finds none crosses the whole network of overlapping catchments. So paths are found in phases, as
 * Dinic's algorithm does (one breadth-first search, then every shortest path it leaves, by depth first), and
 * searches keep to what the people left without a place can reach (`#markLive`), which also bounds every
 * site's gain at once (`gainBound`: 0, exactly, where none of them can reach). A what-if that leaves room
 * ends on a minimum cut, kept (`CutBook`) to bound the sites whose demand lies inside it: in a state where
 * most sites gain less than their places, a few what-ifs bound the rest. A gain is a difference of two
 * maximum flows, so it does not depend on which paths were taken.
 *
 * @example
 * const state = new ServedFlow(problem, 15, places);
 * state.gainBound(j) >= state.gain(j); // true: the people j would newly serve, the flow left as it was
 * state.open(j); // the same people, kept
 */
export class ServedFlow {
  /** People the fixed sites serve. */
  readonly served0: number;
  /** People all open sites serve. */
  served = 0;
  /** Changes when `gainBound` may have changed: a site opened, or a cut kept. */
  revision = 0;
  readonly #demand: Int32Array;
  readonly #site: Int32Array;
  readonly #pairIndex: Int32Array;
  readonly #demandStart: Int32Array;
  readonly #bySite: Int32Array;
  readonly #siteStart: Int32Array;
  readonly #flow: Float64Array;
  readonly #weight: ArrayLike<number>;
  /** People of each demand point without a place yet. */
  readonly #left: Float64Array;
  /** Places still free at each open site. */
  readonly #room: Float64Array;
  readonly #isOpen: Uint8Array;
  readonly #places: ArrayLike<number>;
  readonly #plain: boolean;
  /** Search stamps, and the depth (steps from the new site) at which each point was found. */
  readonly #demandSeen: Int32Array;
  readonly #siteSeen: Int32Array;
  readonly #demandDepth: Int32Array;
  readonly #siteDepth: Int32Array;
  /** The next pair each point found in a phase tries (Dinic's current arc). */
  readonly #demandNext: Int32Array;
  readonly #siteNext: Int32Array;
  /** Depth of the people left without a place that a phase reaches first. */
  #reachDepth = 0;
  /** Pair by which each demand point found in a plain search sends people on towards the new site. */
  readonly #towards: Int32Array;
  /** Pair whose people a site found in a plain search gives up (they move on towards the new site). */
  readonly #givesUp: Int32Array;
  #stamp = 0;
  readonly #queue: Int32Array;
  /** What a what-if changed: pair, flow before; demand point, people left before. */
  #undo: number[] | null = null;
  #origins: number[] | null = null;
  /** 1 where an augmenting path may pass (`#markLive`); all 1 until the first marking. */
  readonly #liveDemand: Uint8Array;
  readonly #liveSite: Uint8Array;
  /** The connected piece of the marked network each marked demand point is in, and the people left in each. */
  readonly #piece: Int32Array;
  readonly #pieceLeft: Float64Array;
  readonly #pieceSeen: Int32Array;
  /** Sites opened so far, and how many there were when the marks were made (-1: never). */
  #opened = 0;
  #markedAt = -1;
  /** Cuts found by what-ifs in the current state (`#keepCut`). */
  readonly #cuts: CutBook;
  /** Scratch: a site's marked demand points. */
  readonly #points: Int32Array;
  /** The last phase's search stamp and the sites it found (in `#queue`). */
  #lastTail = 0;

  constructor(
    readonly problem: SitingProblem,
    readonly target: number,
    places: ArrayLike<number>,
    options: ServedFlowOptions = {},
  ) {
    const n = problem.demandCount;
    const m = problem.siteCount;
    this.#places = places;
    this.#weight = problem.weight;
    this.#plain = options.plain ?? false;
    const usable = (j: number) => (problem.fixed[j] || problem.candidate[j]) && places[j] > 0;
    const demand: number[] = [];
    const site: number[] = [];
    const index: number[] = [];
    const demandStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      if (problem.weight[i] > 0) {
        for (let k = problem.offsets[i]; k < problem.offsets[i + 1] && problem.cost[k] <= target; k++) {
          if (!usable(problem.site[k])) continue;
          demand.push(i);
          site.push(problem.site[k]);
          index.push(k);
        }
      }
      demandStart[i + 1] = demand.length;
    }
    this.#demand = Int32Array.from(demand);
    this.#site = Int32Array.from(site);
    this.#pairIndex = Int32Array.from(index);
    this.#demandStart = demandStart;
    const siteStart = new Int32Array(m + 1);
    for (const j of site) siteStart[j + 1]++;
    for (let j = 0; j < m; j++) siteStart[j + 1] += siteStart[j];
    const fill = siteStart.slice(0, m);
    this.#bySite = new Int32Array(demand.length);
    for (let q = 0; q < demand.length; q++) this.#bySite[fill[site[q]]++] = q;
    this.#siteStart = siteStart;
    this.#flow = new Float64Array(demand.length);
    this.#left = Float64Array.from(problem.weight);
    this.#room = new Float64Array(m);
    this.#isOpen = new Uint8Array(m);
    this.#demandSeen = new Int32Array(n);
    this.#siteSeen = new Int32Array(m);
    this.#demandDepth = new Int32Array(n);
    this.#siteDepth = new Int32Array(m);
    this.#demandNext = new Int32Array(n);
    this.#siteNext = new Int32Array(m);
    this.#towards = new Int32Array(n);
    this.#givesUp = new Int32Array(m);
    this.#queue = new Int32Array(n + m);
    this.#liveDemand = new Uint8Array(n).fill(1);
    this.#liveSite = new Uint8Array(m).fill(1);
    this.#piece = new Int32Array(n);
    this.#pieceLeft = new Float64Array(n);
    this.#pieceSeen = new Int32Array(n);
    this.#cuts = new CutBook(n);
    this.#points = new Int32Array(n);
    for (let j = 0; j < m; j++) if (problem.fixed[j]) this.open(j);
    this.served0 = this.served;
  }

  /** People opening `j` would newly serve, given the sites open now (the flow is left as it was, bit for bit). */
  gain(j: number): number {
    if (this.#isOpen[j] || !(this.#places[j] > 0)) return 0;
    this.#refreshMarks();
    const undo: number[] = [];
    const origins: number[] = [];
    this.#undo = undo;
    this.#origins = origins;
    this.#room[j] = this.#places[j];
    const added = this.#fill(j);
    this.#undo = this.#origins = null;
    // Old values put back, latest first: a sum taken back could differ from the start in the last bit.
    for (let u = undo.length - 2; u >= 0; u -= 2) this.#flow[undo[u]] = undo[u + 1];
    for (let u = origins.length - 2; u >= 0; u -= 2) this.#left[origins[u]] = origins[u + 1];
    // Room left: the last search found no one, and what it crossed is a cut that bounds other sites too.
    if (!this.#plain && this.#room[j] > EPSILON) this.#keepCut();
    this.#room[j] = 0;
    return added;
  }

  /**
   * An upper bound on `gain(j)`, cheap: the least of j's places, the people of its demand that paths can
   * pass (each moves to j at most whole), and the people left without a place in the pieces of the network
   * that demand touches (every path into j starts at one of them). Exactly 0 when its demand touches none.
   * Plain: the least of j's places and the people within its reach.
   */
  gainBound(j: number): number {
    if (this.#isOpen[j] || !(this.#places[j] > 0)) return 0;
    if (this.#plain) {
      let people = 0;
      for (let t = this.#siteStart[j]; t < this.#siteStart[j + 1]; t++) people += this.#weight[this.#demand[this.#bySite[t]]];
      return Math.min(this.#places[j], people);
    }
    this.#refreshMarks();
    const stamp = ++this.#stamp;
    let people = 0;
    let left = 0;
    let count = 0;
    for (let t = this.#siteStart[j]; t < this.#siteStart[j + 1]; t++) {
      const i = this.#demand[this.#bySite[t]];
      if (!this.#liveDemand[i]) continue;
      people += this.#weight[i];
      this.#points[count++] = i;
      const piece = this.#piece[i];
      if (this.#pieceSeen[piece] !== stamp) {
        this.#pieceSeen[piece] = stamp;
        left += this.#pieceLeft[piece];
      }
    }
    return Math.min(this.#places[j], people, left, this.#cuts.bound(this.#points, count));
  }

  /** Opens `j`; returns the people it newly serves. */
  open(j: number): number {
    if (this.#isOpen[j] || !(this.#places[j] > 0)) return 0;
    this.#isOpen[j] = 1;
    // Marks made before it opened know nothing of it: its places may be on a path from now on.
    this.#liveSite[j] = 1;
    this.#opened++;
    this.revision++;
    this.#room[j] = this.#places[j];
    const added = this.#fill(j);
    this.served += added;
    return added;
  }

  /** People on each pair of the problem's table in the current flow (one maximum flow among many). */
  pairFlows(): Float64Array {
    const out = new Float64Array(this.problem.site.length);
    for (let q = 0; q < this.#flow.length; q++) out[this.#pairIndex[q]] = this.#flow[q];
    return out;
  }

  #refreshMarks(): void {
    if (this.#plain || this.#markedAt === this.#opened) return;
    this.#markLive();
    this.#cuts.clear();
  }

  /**
   * Marks the demand points and open sites that people without a place reach forwards (a person → an open
   * site within reach → the people it serves → the sites within their reach → ...), and labels the marked
   * network's connected pieces with the people left in each. A path into a new site runs from such a person
   * through marked points only, so searches skip the rest. Augmenting never marks more (every arc it adds
   * points back into its own path, the new site's too), so marks stay valid, merely loose, in later states:
   * they are made again only to tighten, once per state that `gain` looks at.
   */
  #markLive(): void {
    this.#markedAt = this.#opened;
    const liveDemand = this.#liveDemand.fill(0);
    const liveSite = this.#liveSite.fill(0);
    const queue = this.#queue;
    // Demand is queued as i, sites as n + s.
    const n = liveDemand.length;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      if (this.#left[i] > EPSILON) {
        liveDemand[i] = 1;
        queue[tail++] = i;
      }
    }
    for (let head = 0; head < tail; head++) {
      const node = queue[head];
      if (node < n) {
        for (let r = this.#demandStart[node]; r < this.#demandStart[node + 1]; r++) {
          const s = this.#site[r];
          if (!this.#isOpen[s] || liveSite[s]) continue;
          liveSite[s] = 1;
          queue[tail++] = n + s;
        }
      } else {
        const s = node - n;
        for (let t = this.#siteStart[s]; t < this.#siteStart[s + 1]; t++) {
          const q = this.#bySite[t];
          const i = this.#demand[q];
          if (this.#flow[q] <= EPSILON || liveDemand[i]) continue;
          liveDemand[i] = 1;
          queue[tail++] = i;
        }
      }
    }
    this.#labelPieces();
  }

  /** Connected pieces of the marked network (demand and open sites joined by pairs), each with its people left. */
  #labelPieces(): void {
    const n = this.#liveDemand.length;
    const piece = this.#piece.fill(-1);
    const stamp = ++this.#stamp;
    const queue = this.#queue;
    let pieces = 0;
    for (let start = 0; start < n; start++) {
      if (!this.#liveDemand[start] || piece[start] >= 0) continue;
      const label = pieces++;
      this.#pieceLeft[label] = 0;
      piece[start] = label;
      let tail = 0;
      queue[tail++] = start;
      for (let head = 0; head < tail; head++) {
        const node = queue[head];
        if (node < n) {
          this.#pieceLeft[label] += this.#left[node];
          for (let r = this.#demandStart[node]; r < this.#demandStart[node + 1]; r++) {
            const s = this.#site[r];
            if (!this.#liveSite[s] || this.#siteSeen[s] === stamp) continue;
            this.#siteSeen[s] = stamp;
            queue[tail++] = n + s;
          }
        } else {
          const s = node - n;
          for (let t = this.#siteStart[s]; t < this.#siteStart[s + 1]; t++) {
            const i = this.#demand[this.#bySite[t]];
            if (!this.#liveDemand[i] || piece[i] >= 0) continue;
            piece[i] = label;
            queue[tail++] = i;
          }
        }
      }
    }
  }

  /**
   * After a what-if that left room: the demand points its last search crossed (backwards from the new site
   * through what people may give up, none of them without a place) are the new site's side of a minimum
   * cut. In the current state, the people who can cross it are those left without a place inside and those
   * inside placed at sites outside, and as many as the what-if moved: no site whose marked demand lies
   * inside can gain more. Several cuts together let through at most the sum of theirs (cut capacities are
   * submodular), which bounds a site whose demand lies in several (`gainBound`).
   */
  #keepCut(): void {
    const stamp = this.#stamp;
    const inside = ++this.#stamp;
    const queue = this.#queue;
    const members: number[] = [];
    let people = 0;
    for (let h = 0; h < this.#lastTail; h++) {
      const s = queue[h];
      for (let t = this.#siteStart[s]; t < this.#siteStart[s + 1]; t++) {
        const i = this.#demand[this.#bySite[t]];
        if (this.#demandSeen[i] !== stamp) continue;
        this.#demandSeen[i] = inside;
        members.push(i);
        people += this.#left[i];
        for (let r = this.#demandStart[i]; r < this.#demandStart[i + 1]; r++) {
          if (this.#siteSeen[this.#site[r]] !== stamp) people += this.#flow[r];
        }
      }
    }
    // A hair over, so that rounding never lets the bound fall under a gain it should cover.
    this.#cuts.add(members, people + 1e-9 * (1 + people));
    this.revision++;
  }

  /** People moved into `j`'s room by augmenting paths, until it is full or no path is left. */
  #fill(j: number): number {
    if (this.#plain) return this.#fillPlain(j);
    let added = 0;
    while (this.#room[j] > EPSILON && this.#levels(j)) {
      const moved = this.#intoSite(j, this.#room[j]);
      this.#room[j] -= moved;
      added += moved;
    }
    return added;
  }

  /**
   * One phase's breadth-first search, backwards from `j` (sites, the demand within their reach, the sites that
   * demand now uses), through marked points, down to the depth of the nearest people left without a place.
   * False when none is left within reach.
   */
  #levels(j: number): boolean {
    const stamp = ++this.#stamp;
    const queue = this.#queue;
    let tail = 0;
    queue[tail++] = j;
    this.#siteSeen[j] = stamp;
    this.#siteDepth[j] = 0;
    this.#siteNext[j] = this.#siteStart[j];
    let reach = Infinity;
    for (let h = 0; h < tail; h++) {
      const s = queue[h];
      const depth = this.#siteDepth[s] + 1;
      if (depth > reach) break;
      for (let t = this.#siteStart[s]; t < this.#siteStart[s + 1]; t++) {
        const i = this.#demand[this.#bySite[t]];
        if (this.#demandSeen[i] === stamp || !this.#liveDemand[i]) continue;
        this.#demandSeen[i] = stamp;
        this.#demandDepth[i] = depth;
        this.#demandNext[i] = this.#demandStart[i];
        if (this.#left[i] > EPSILON) reach = depth;
        // Past the nearest people left, longer paths wait for a later phase.
        if (reach !== Infinity) continue;
        for (let r = this.#demandStart[i]; r < this.#demandStart[i + 1]; r++) {
          const other = this.#site[r];
          if (this.#flow[r] <= EPSILON || this.#siteSeen[other] === stamp || !this.#liveSite[other]) continue;
          this.#siteSeen[other] = stamp;
          this.#siteDepth[other] = depth + 1;
          this.#siteNext[other] = this.#siteStart[other];
          queue[tail++] = other;
        }
      }
    }
    this.#reachDepth = reach;
    this.#lastTail = tail;
    return reach !== Infinity;
  }

  /**
   * Up to `limit` people moved into site `s`'s places along the phase's shortest paths (depth first, each
   * pair tried once per phase unless it could take more): people without a place within reach, or people
   * within reach who give up a place one step deeper.
   */
  #intoSite(s: number, limit: number): number {
    const stamp = this.#stamp;
    const depth = this.#siteDepth[s] + 1;
    let moved = 0;
    for (; this.#siteNext[s] < this.#siteStart[s + 1]; this.#siteNext[s]++) {
      const q = this.#bySite[this.#siteNext[s]];
      const i = this.#demand[q];
      if (this.#demandSeen[i] !== stamp || this.#demandDepth[i] !== depth) continue;
      const want = limit - moved;
      let comes = 0;
      if (this.#left[i] > EPSILON) {
        comes = Math.min(want, this.#left[i]);
        this.#origins?.push(i, this.#left[i]);
        this.#left[i] -= comes;
      } else if (depth < this.#reachDepth) {
        comes = this.#outOfDemand(i, want);
      }
      if (comes <= 0) continue;
      this.#undo?.push(q, this.#flow[q]);
      this.#flow[q] += comes;
      moved += comes;
      // All asked for came: this pair may give more to the next call.
      if (comes === want) return moved;
    }
    return moved;
  }

  /** Up to `limit` of demand point `i`'s people freed from their places, others taking them one step deeper. */
  #outOfDemand(i: number, limit: number): number {
    const stamp = this.#stamp;
    const depth = this.#demandDepth[i] + 1;
    let freed = 0;
    for (; this.#demandNext[i] < this.#demandStart[i + 1]; this.#demandNext[i]++) {
      const r = this.#demandNext[i];
      const s = this.#site[r];
      if (this.#flow[r] <= EPSILON || this.#siteSeen[s] !== stamp || this.#siteDepth[s] !== depth) continue;
      const rest = limit - freed;
      const taken = this.#intoSite(s, Math.min(rest, this.#flow[r]));
      if (taken <= 0) continue;
      this.#undo?.push(r, this.#flow[r]);
      this.#flow[r] -= taken;
      freed += taken;
      // All asked for came: this pair may free more for the next call.
      if (taken === rest) return freed;
    }
    return freed;
  }

  /** The plain method: one shortest augmenting path per search, the whole network searched. */
  #fillPlain(j: number): number {
    const demandOf = this.#demand;
    const siteOf = this.#site;
    let added = 0;
    const queue = this.#queue;
    while (this.#room[j] > EPSILON) {
      const stamp = ++this.#stamp;
      let tail = 0;
      queue[tail++] = j;
      this.#siteSeen[j] = stamp;
      let origin = -1;
      // Breadth first, backwards: sites, the demand within their reach, the sites that demand now uses.
      search: for (let h = 0; h < tail; h++) {
        const s = queue[h];
        for (let t = this.#siteStart[s]; t < this.#siteStart[s + 1]; t++) {
          const q = this.#bySite[t];
          const i = demandOf[q];
          if (this.#demandSeen[i] === stamp) continue;
          this.#demandSeen[i] = stamp;
          this.#towards[i] = q;
          if (this.#left[i] > EPSILON) {
            origin = i;
            break search;
          }
          for (let r = this.#demandStart[i]; r < this.#demandStart[i + 1]; r++) {
            const other = siteOf[r];
            if (this.#flow[r] <= EPSILON || this.#siteSeen[other] === stamp) continue;
            this.#siteSeen[other] = stamp;
            this.#givesUp[other] = r;
            queue[tail++] = other;
          }
        }
      }
      if (origin < 0) break;
      // The amount: people left at the origin, room at j, and people on each pair that gives up its place.
      let amount = Math.min(this.#left[origin], this.#room[j]);
      for (let i = origin; ; ) {
        const s = siteOf[this.#towards[i]];
        if (s === j) break;
        const r = this.#givesUp[s];
        amount = Math.min(amount, this.#flow[r]);
        i = demandOf[r];
      }
      for (let i = origin; ; ) {
        const q = this.#towards[i];
        this.#undo?.push(q, this.#flow[q]);
        this.#flow[q] += amount;
        const s = siteOf[q];
        if (s === j) break;
        const r = this.#givesUp[s];
        this.#undo?.push(r, this.#flow[r]);
        this.#flow[r] -= amount;
        i = demandOf[r];
      }
      this.#origins?.push(origin, this.#left[origin]);
      this.#left[origin] -= amount;
      this.#room[j] -= amount;
      added += amount;
    }
    return added;
  }
}
