import FlatQueue from 'flatqueue';
import { CareshedError, checkNumberOption } from '../../model/errors.js';
import { progressTicker, type Progress } from '../../model/progress.js';
import type { RoadGraph } from './road-graph.js';
import { checkArgument, checkOptions, isRecord } from '../../model/arguments.js';
import { checkGraph } from '../arguments.js';

/** Arcs that lead up the hierarchy, in compressed sparse rows; minutes in float64 so shortcuts add up exactly. */
export interface UpwardArcs {
  offsets: Uint32Array;
  head: Uint32Array;
  minutes: Float64Array;
}

export interface ContractionOptions {
  /**
   * Nodes a witness search may settle before it gives up (default 500). A search that gives up adds a
   * shortcut that was perhaps not needed: the hierarchy stays exact, only larger.
   */
  witnessSettleLimit?: number;
  /**
   * Only the arcs between nodes marked here (non-zero) are kept; the others stay alone. The main strongly
   * connected component is enough for points snapped to it: a shortest path between two of its nodes never
   * leaves it.
   */
  within?: Uint8Array;
  /** Called as nodes are contracted. */
  onProgress?: Progress;
}

/**
 * A contraction hierarchy (Geisberger, Sanders, Schultes and Delling 2008) of a road graph: nodes are
 * removed one by one, least important first, and a shortcut u → w replaces u → v → w whenever no other path
 * from u to w is as short (a witness search). Every shortest path then climbs to its most important node and
 * comes down: a search from the origin upwards (`upward`) and one from the destination upwards against the arcs
 * (`downward`, stored reversed) meet there. Both searches settle a few hundred nodes where a plain Dijkstra
 * settles the town.
 *
 * Node order: by edge difference (shortcuts added − arcs removed), deleted neighbours and level (spread the
 * contraction evenly, keep the hierarchy shallow), updated lazily. Shortcut minutes are float64 sums of the graph's float32 arc minutes:
 * exact at road scales, so a distance found here is the one a plain Dijkstra finds, bit for bit.
 *
 * @example
 * const hierarchy = ContractionHierarchy.build(graph);
 * const minutes = hierarchy.minutes(from, to); // what new ShortestPaths(graph).run([from], null, Infinity) gives at `to`
 */
export class ContractionHierarchy {
  readonly nodeCount: number;
  /** Position of each node in the contraction order: searches go only towards higher ranks. */
  readonly rank: Uint32Array;
  /** Arcs u → v with rank[v] > rank[u] (graph arcs and shortcuts): the search from an origin. */
  readonly upward: UpwardArcs;
  /** Arcs u → v with rank[u] > rank[v], stored at v as v → u: the search from a destination, against the arcs. */
  readonly downward: UpwardArcs;
  /** Shortcuts added, or graph arcs they shortened (the rest are graph arcs, parallel ones merged, loops dropped). */
  readonly shortcutCount: number;

  constructor(parts: { rank: Uint32Array; upward: UpwardArcs; downward: UpwardArcs; shortcutCount: number }) {
    checkArgument('ContractionHierarchy', 'parts', parts, isRecord(parts) && parts.rank instanceof Uint32Array && isRecord(parts.upward) && isRecord(parts.downward), 'the parts of a hierarchy (use ContractionHierarchy.build(graph) or ContractionHierarchy.from(buffer))');
    this.nodeCount = parts.rank.length;
    this.rank = parts.rank;
    this.upward = parts.upward;
    this.downward = parts.downward;
    this.shortcutCount = parts.shortcutCount;
  }

  get byteLength(): number {
    const size = (a: UpwardArcs) => a.offsets.byteLength + a.head.byteLength + a.minutes.byteLength;
    return this.rank.byteLength + size(this.upward) + size(this.downward);
  }

  /** The whole hierarchy in one ArrayBuffer (a cache file, a worker), read back by `ContractionHierarchy.from`. */
  toBuffer(): ArrayBuffer {
    const n = this.nodeCount;
    const layout = hierarchyLayout(n, this.upward.head.length, this.downward.head.length);
    const buffer = new ArrayBuffer(layout.total);
    const header = new DataView(buffer, 0, HEADER_BYTES);
    header.setUint32(0, MAGIC, true);
    header.setUint32(4, VERSION, true);
    header.setUint32(8, n, true);
    header.setUint32(12, this.upward.head.length, true);
    header.setUint32(16, this.downward.head.length, true);
    header.setUint32(20, this.shortcutCount, true);
    new Uint32Array(buffer, layout.rank, n).set(this.rank);
    for (const [arcs, at] of [[this.upward, layout.upward], [this.downward, layout.downward]] as const) {
      new Float64Array(buffer, at.minutes, arcs.minutes.length).set(arcs.minutes);
      new Uint32Array(buffer, at.offsets, n + 1).set(arcs.offsets);
      new Uint32Array(buffer, at.head, arcs.head.length).set(arcs.head);
    }
    return buffer;
  }

  static from(buffer: ArrayBuffer): ContractionHierarchy {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < HEADER_BYTES) throw new CareshedError('INVALID_OPTION', 'not a careshed contraction hierarchy buffer (too short)');
    const header = new DataView(buffer, 0, HEADER_BYTES);
    if (header.getUint32(0, true) !== MAGIC || header.getUint32(4, true) !== VERSION) throw new CareshedError('INVALID_OPTION', 'not a careshed contraction hierarchy buffer of this version');
    const n = header.getUint32(8, true);
    const up = header.getUint32(12, true);
    const down = header.getUint32(16, true);
    const layout = hierarchyLayout(n, up, down);
    if (buffer.byteLength !== layout.total) throw new CareshedError('INVALID_OPTION', `contraction hierarchy buffer has ${buffer.byteLength} bytes; its header says ${layout.total}`);
    const arcs = (at: { minutes: number; offsets: number; head: number }, m: number): UpwardArcs => ({
      offsets: new Uint32Array(buffer, at.offsets, n + 1),
      head: new Uint32Array(buffer, at.head, m),
      minutes: new Float64Array(buffer, at.minutes, m),
    });
    return new ContractionHierarchy({ rank: new Uint32Array(buffer, layout.rank, n), upward: arcs(layout.upward, up), downward: arcs(layout.downward, down), shortcutCount: header.getUint32(20, true) });
  }

  /** Contracts every node of `graph`. */
  static build(graph: RoadGraph, options: ContractionOptions = {}): ContractionHierarchy {
    checkGraph('ContractionHierarchy.build', graph);
    checkOptions('ContractionHierarchy.build', options, ['witnessSettleLimit', 'within', 'onProgress']);
    const limit = options.witnessSettleLimit ?? 500;
    checkNumberOption('witnessSettleLimit', limit, 1);
    if (options.within && options.within.length !== graph.nodeCount) throw new CareshedError('INVALID_OPTION', `within marks ${options.within.length} nodes; the graph has ${graph.nodeCount}`);
    return new Contraction(graph, limit, options.within).run(options.onProgress);
  }

  /** Minutes from node `from` to node `to` (Infinity when there is no path): one query, for checks and single pairs. */
  minutes(from: number, to: number): number {
    const forward = new UpwardSearch(this, 'upward');
    const backward = new UpwardSearch(this, 'downward');
    forward.run(from, 0, Infinity);
    backward.run(to, 0, Infinity);
    let best = Infinity;
    for (let k = 0; k < backward.settledCount; k++) {
      const v = backward.settled[k];
      const d = forward.minutes(v) + backward.settledMinutes[k];
      if (d < best) best = d;
    }
    return best;
  }
}

const MAGIC = 0x48434143; // "CACH" little-endian: careshed contraction hierarchy
const VERSION = 1;
const HEADER_BYTES = 24;

/** Where each array sits in the buffer: float64 arrays first after the header, each on an 8-byte boundary. */
function hierarchyLayout(n: number, up: number, down: number) {
  const align = (x: number) => Math.ceil(x / 8) * 8;
  let at = HEADER_BYTES;
  const take = (bytes: number) => {
    const start = at;
    at = align(at + bytes);
    return start;
  };
  const upMinutes = take(8 * up);
  const downMinutes = take(8 * down);
  const rank = take(4 * n);
  const upward = { minutes: upMinutes, offsets: take(4 * (n + 1)), head: take(4 * up) };
  const downward = { minutes: downMinutes, offsets: take(4 * (n + 1)), head: take(4 * down) };
  return { rank, upward, downward, total: at };
}

/**
 * A Dijkstra that only climbs: on `upward` arcs from an origin or `downward` arcs from a destination, bounded
 * by `maxMinutes`, with stall-on-demand (a node reached more quickly from above than by its own search is not
 * expanded: no shortest path climbs through it). Arrays are reused between runs, as in ShortestPaths.
 *
 * After `run`, the nodes settled and not stalled are `settled[0..settledCount)` with their minutes in
 * `settledMinutes`: the only nodes where a shortest path can turn down.
 *
 * @example
 * const search = new UpwardSearch(hierarchy, 'upward');
 * const count = search.run(node, 0, 30); // the nodes a path from `node` within 30 minutes can climb to
 */
export class UpwardSearch {
  readonly #arcs: UpwardArcs;
  readonly #stallArcs: UpwardArcs;
  readonly #dist: Float64Array;
  readonly #stamp: Uint32Array;
  readonly #queue = new FlatQueue<number>();
  #run = 0;
  settled = new Uint32Array(256);
  settledMinutes = new Float64Array(256);
  settledCount = 0;

  constructor(hierarchy: ContractionHierarchy, direction: 'upward' | 'downward') {
    checkArgument('UpwardSearch', 'hierarchy', hierarchy, hierarchy instanceof ContractionHierarchy, 'a ContractionHierarchy (ContractionHierarchy.build(graph))');
    checkArgument('UpwardSearch', 'direction', direction, direction === 'upward' || direction === 'downward', '"upward" or "downward"');
    this.#arcs = hierarchy[direction];
    // Arcs into a node from above, in the direction of travel: the other side's arcs, read from the node.
    this.#stallArcs = hierarchy[direction === 'upward' ? 'downward' : 'upward'];
    this.#dist = new Float64Array(hierarchy.nodeCount);
    this.#stamp = new Uint32Array(hierarchy.nodeCount);
  }

  run(source: number, initial: number, maxMinutes: number): number {
    if (this.#run === 0xfffffffe) {
      this.#stamp.fill(0);
      this.#run = 0;
    }
    const run = ++this.#run;
    const { offsets, head, minutes } = this.#arcs;
    const stall = this.#stallArcs;
    const dist = this.#dist;
    const stamp = this.#stamp;
    const queue = this.#queue;
    queue.clear();
    let count = 0;
    if (initial <= maxMinutes) {
      stamp[source] = run;
      dist[source] = initial;
      queue.push(source, initial);
    }
    while (queue.length > 0) {
      const d = queue.peekValue()!;
      const u = queue.pop()!;
      // Lazy deletion: a node is queued again only when its minutes fall, so an entry above them is stale.
      if (d > dist[u]) continue;
      if (stalled(u, d, stall, dist, stamp, run)) continue;
      if (count === this.settled.length) this.#grow();
      this.settled[count] = u;
      this.settledMinutes[count] = d;
      count++;
      for (let a = offsets[u]; a < offsets[u + 1]; a++) {
        const v = head[a];
        const dv = d + minutes[a];
        if (dv > maxMinutes) continue;
        if (stamp[v] !== run || dv < dist[v]) {
          stamp[v] = run;
          dist[v] = dv;
          queue.push(v, dv);
        }
      }
    }
    this.settledCount = count;
    return count;
  }

  /** Tentative minutes to node u in the last run (Infinity when not reached): an upper bound, exact where settled. */
  minutes(u: number): number {
    return this.#stamp[u] === this.#run ? this.#dist[u] : Infinity;
  }

  #grow(): void {
    const settled = new Uint32Array(this.settled.length * 2);
    settled.set(this.settled);
    const minutes = new Float64Array(this.settled.length * 2);
    minutes.set(this.settledMinutes);
    this.settled = settled;
    this.settledMinutes = minutes;
  }
}

/** True when some node above u already offers a strictly shorter way to u than `d`. */
function stalled(u: number, d: number, stall: UpwardArcs, dist: Float64Array, stamp: Uint32Array, run: number): boolean {
  for (let a = stall.offsets[u]; a < stall.offsets[u + 1]; a++) {
    const x = stall.head[a];
    if (stamp[x] === run && dist[x] + stall.minutes[a] < d) return true;
  }
  return false;
}

/**
 * The contraction itself, on a graph that shrinks: each node's remaining out- and in-arcs (`ArcPool`s), without
 * parallel arcs or loops. When a node is contracted its remaining arcs all lead to more important nodes: they
 * are final, and are written out as its upward and downward arcs.
 */
class Contraction {
  readonly #n: number;
  readonly #out: ArcPool;
  readonly #in: ArcPool;
  readonly #contracted: Uint8Array;
  readonly #deletedNeighbours: Uint32Array;
  /** One more than the highest level among the contracted neighbours: the node's depth in the hierarchy. */
  readonly #level: Uint32Array;
  readonly #settleLimit: number;
  // Witness search state, reused.
  readonly #dist: Float64Array;
  readonly #stamp: Uint32Array;
  /** Marks the witness search's targets (with its run number) until each is settled. */
  readonly #target: Uint32Array;
  readonly #queue = new FlatQueue<number>();
  #run = 0;
  #shortcuts = 0;
  /** The shortcuts of the node looked at last. */
  readonly #pending = new ShortcutList();

  constructor(graph: RoadGraph, settleLimit: number, within: Uint8Array | undefined) {
    const n = graph.nodeCount;
    this.#n = n;
    this.#settleLimit = settleLimit;
    const kept = (u: number, v: number) => u !== v && (!within || (within[u] && within[v]));
    const outDegree = new Uint32Array(n);
    const inDegree = new Uint32Array(n);
    for (let u = 0; u < n; u++) {
      for (let a = graph.offsets[u]; a < graph.offsets[u + 1]; a++) {
        const v = graph.head[a];
        if (!kept(u, v)) continue;
        outDegree[u]++;
        inDegree[v]++;
      }
    }
    this.#out = new ArcPool(outDegree);
    this.#in = new ArcPool(inDegree);
    for (let u = 0; u < n; u++) {
      for (let a = graph.offsets[u]; a < graph.offsets[u + 1]; a++) {
        const v = graph.head[a];
        if (kept(u, v)) this.#setArc(u, v, graph.minutes[a], false);
      }
    }
    this.#contracted = new Uint8Array(n);
    this.#deletedNeighbours = new Uint32Array(n);
    this.#level = new Uint32Array(n);
    this.#dist = new Float64Array(n);
    this.#stamp = new Uint32Array(n);
    this.#target = new Uint32Array(n);
  }

  run(onProgress?: Progress): ContractionHierarchy {
    const n = this.#n;
    const ticker = progressTicker(onProgress, 'contraction hierarchy', n, 'nodes');
    const priority = new Float64Array(n);
    const queue = new FlatQueue<number>();
    for (let v = 0; v < n; v++) {
      priority[v] = this.#priority(v);
      queue.push(v, priority[v]);
    }
    const rank = new Uint32Array(n);
    const up = new ArcList();
    const down = new ArcList();
    const out = this.#out;
    const into = this.#in;
    let next = 0;
    while (queue.length > 0) {
      const p = queue.peekValue()!;
      const v = queue.pop()!;
      if (this.#contracted[v] || p !== priority[v]) continue;
      // Lazy update: the priority may have grown since it was queued; if so, queue it again. Otherwise v
      // is contracted with the shortcuts this last look found.
      const now = this.#priority(v);
      if (queue.length > 0 && now > queue.peekValue()!) {
        priority[v] = now;
        queue.push(v, now);
        continue;
      }
      ticker.tick(next);
      rank[v] = next;
      next++;
      for (let k = out.at[v]; k < out.at[v] + out.length[v]; k++) up.push(v, out.head[k], out.minutes[k]);
      for (let k = into.at[v]; k < into.at[v] + into.length[v]; k++) down.push(v, into.head[k], into.minutes[k]);
      // Neighbours count one more deleted neighbour; their edge difference is computed again when they
      // come out of the queue (lazy updates), not now: that would cost a simulated contraction each.
      const neighbours = this.#contract(v);
      for (let k = 0; k < neighbours.length; k++) {
        const x = neighbours[k];
        this.#deletedNeighbours[x]++;
        if (this.#level[x] < this.#level[v] + 1) this.#level[x] = this.#level[v] + 1;
        priority[x] += 1;
        queue.push(x, priority[x]);
      }
    }
    ticker.end();
    return new ContractionHierarchy({ rank, upward: up.pack(n), downward: down.pack(n), shortcutCount: this.#shortcuts });
  }

  /**
   * What contracting v now would cost the hierarchy: twice the edge difference, plus the deleted neighbours
   * and the level (one more than the highest contracted neighbour's), which keep the contraction spread evenly
   * and the hierarchy shallow (on Toulouse 10 % fewer shortcuts than the edge difference and deleted neighbours
   * alone; on a grid, a third less time). The shortcuts found are kept for `#contract`.
   */
  #priority(v: number): number {
    const shortcuts = this.#shortcutsOf(v);
    const edgeDifference = shortcuts - this.#in.length[v] - this.#out.length[v];
    return 2 * edgeDifference + this.#deletedNeighbours[v] + this.#level[v];
  }

  /**
   * Removes v with the shortcuts the last `#priority(v)` found (witnesses do not go away: every contraction
   * keeps the distances between the nodes left), and returns its neighbours, each once.
   */
  #contract(v: number): number[] {
    const pending = this.#pending;
    for (let k = 0; k < pending.count; k++) this.#setArc(pending.tail[k], pending.head[k], pending.minutes[k], true);
    this.#contracted[v] = 1;
    const out = this.#out;
    const into = this.#in;
    const neighbours: number[] = [];
    for (let k = into.at[v]; k < into.at[v] + into.length[v]; k++) {
      const u = into.head[k];
      neighbours.push(u);
      out.remove(u, v);
    }
    for (let k = out.at[v]; k < out.at[v] + out.length[v]; k++) {
      const w = out.head[k];
      // A two-way neighbour is already listed.
      if (into.find(v, w) < 0) neighbours.push(w);
      into.remove(w, v);
    }
    return neighbours;
  }

  /**
   * The shortcuts u → w that contracting v needs: for each arc u → v, a witness search from u without v,
   * bounded by the longest u → v → w; a shortcut wherever it finds no path as short. Lists them in
   * `#pending` and returns how many.
   */
  #shortcutsOf(v: number): number {
    const pending = this.#pending;
    pending.count = 0;
    const out = this.#out;
    const into = this.#in;
    const outStart = out.at[v];
    const outEnd = outStart + out.length[v];
    if (into.length[v] === 0 || outEnd === outStart) return 0;
    let maxOut = 0;
    for (let k = outStart; k < outEnd; k++) if (out.minutes[k] > maxOut) maxOut = out.minutes[k];
    let count = 0;
    for (let i = into.at[v]; i < into.at[v] + into.length[v]; i++) {
      const u = into.head[i];
      const viaV = into.minutes[i];
      this.#witnessSearch(u, v, viaV + maxOut);
      for (let k = outStart; k < outEnd; k++) {
        const w = out.head[k];
        if (w === u) continue;
        const through = viaV + out.minutes[k];
        if (this.#stamp[w] === this.#run && this.#dist[w] <= through) continue;
        count++;
        pending.push(u, w, through);
      }
    }
    return count;
  }

  /**
   * Dijkstra from u on the remaining graph without v, up to `maxMinutes` and the settle limit, or until every
   * head of v's out-arcs (other than u) is settled.
   */
  #witnessSearch(u: number, v: number, maxMinutes: number): void {
    if (this.#run === 0xfffffffe) {
      this.#stamp.fill(0);
      this.#target.fill(0);
      this.#run = 0;
    }
    const run = ++this.#run;
    const dist = this.#dist;
    const stamp = this.#stamp;
    const target = this.#target;
    const queue = this.#queue;
    const { at, length, head, minutes } = this.#out;
    queue.clear();
    stamp[u] = run;
    dist[u] = 0;
    queue.push(u, 0);
    let left = 0;
    for (let k = at[v]; k < at[v] + length[v]; k++) {
      const w = head[k];
      if (w !== u && target[w] !== run) {
        target[w] = run;
        left++;
      }
    }
    let settled = 0;
    const limit = this.#settleLimit;
    while (queue.length > 0 && settled < limit && left > 0) {
      const d = queue.peekValue()!;
      const x = queue.pop()!;
      if (d > dist[x]) continue;
      settled++;
      if (target[x] === run) {
        target[x] = 0;
        left--;
      }
      for (let k = at[x], end = at[x] + length[x]; k < end; k++) {
        const y = head[k];
        if (y === v) continue;
        const dy = d + minutes[k];
        if (dy > maxMinutes) continue;
        if (stamp[y] !== run || dy < dist[y]) {
          stamp[y] = run;
          dist[y] = dy;
          queue.push(y, dy);
        }
      }
    }
  }

  /** Sets the arc u → w to `minutes`, or keeps the existing one when it is as short (parallel arcs merge). */
  #setArc(u: number, w: number, minutes: number, shortcut: boolean): void {
    const k = this.#out.find(u, w);
    if (k >= 0) {
      if (minutes < this.#out.minutes[k]) {
        this.#out.minutes[k] = minutes;
        this.#in.minutes[this.#in.find(w, u)] = minutes;
        if (shortcut) this.#shortcuts++;
      }
      return;
    }
    this.#out.push(u, w, minutes);
    this.#in.push(w, u, minutes);
    if (shortcut) this.#shortcuts++;
  }
}

/**
 * Each node's arcs as a slice of one pool of typed arrays: `head` and `minutes` from `at[u]` for `length[u]`,
 * room for `room[u]`. A node that outgrows its room moves to the end of the pool with twice the room (the
 * pool itself doubles when full): no array per node, nothing for the garbage collector.
 */
class ArcPool {
  readonly at: Uint32Array;
  readonly length: Uint32Array;
  readonly room: Uint32Array;
  head: Uint32Array;
  minutes: Float64Array;
  #used = 0;

  constructor(degree: Uint32Array) {
    const n = degree.length;
    this.at = new Uint32Array(n);
    this.length = new Uint32Array(n);
    this.room = new Uint32Array(n);
    let total = 0;
    for (let u = 0; u < n; u++) {
      this.at[u] = total;
      this.room[u] = degree[u] + 2; // a little room for the first shortcuts
      total += this.room[u];
    }
    this.#used = total;
    this.head = new Uint32Array(Math.max(16, total * 2));
    this.minutes = new Float64Array(this.head.length);
  }

  /** Where the arc u → v sits in the pool; -1 when there is none. */
  find(u: number, v: number): number {
    for (let k = this.at[u], end = this.at[u] + this.length[u]; k < end; k++) if (this.head[k] === v) return k;
    return -1;
  }

  push(u: number, v: number, minutes: number): void {
    if (this.length[u] === this.room[u]) this.#move(u, this.room[u] * 2);
    const k = this.at[u] + this.length[u]++;
    this.head[k] = v;
    this.minutes[k] = minutes;
  }

  /** Removes the arc u → v (it must be there): the last arc of u takes its place. */
  remove(u: number, v: number): void {
    const k = this.find(u, v);
    const last = this.at[u] + --this.length[u];
    this.head[k] = this.head[last];
    this.minutes[k] = this.minutes[last];
  }

  #move(u: number, room: number): void {
    if (this.#used + room > this.head.length) {
      const size = Math.max(this.head.length * 2, this.#used + room);
      const head = new Uint32Array(size);
      head.set(this.head);
      const minutes = new Float64Array(size);
      minutes.set(this.minutes);
      this.head = head;
      this.minutes = minutes;
    }
    this.head.copyWithin(this.#used, this.at[u], this.at[u] + this.length[u]);
    this.minutes.copyWithin(this.#used, this.at[u], this.at[u] + this.length[u]);
    this.at[u] = this.#used;
    this.room[u] = room;
    this.#used += room;
  }
}

/** Shortcuts (tail, head, minutes) found for one node, in arrays reused from node to node. */
class ShortcutList {
  tail: number[] = [];
  head: number[] = [];
  minutes: number[] = [];
  count = 0;

  push(tail: number, head: number, minutes: number): void {
    this.tail[this.count] = tail;
    this.head[this.count] = head;
    this.minutes[this.count] = minutes;
    this.count++;
  }
}

/** A growable list of arcs (tail, head, minutes), packed into compressed sparse rows by tail at the end. */
class ArcList {
  tail: number[] = [];
  head: number[] = [];
  minutes: number[] = [];

  push(tail: number, head: number, minutes: number): void {
    this.tail.push(tail);
    this.head.push(head);
    this.minutes.push(minutes);
  }

  pack(n: number): UpwardArcs {
    const m = this.tail.length;
    const offsets = new Uint32Array(n + 1);
    for (let a = 0; a < m; a++) offsets[this.tail[a] + 1]++;
    for (let u = 0; u < n; u++) offsets[u + 1] += offsets[u];
    const fill = offsets.slice(0, n);
    const head = new Uint32Array(m);
    const minutes = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      const slot = fill[this.tail[a]]++;
      head[slot] = this.head[a];
      minutes[slot] = this.minutes[a];
    }
    return { offsets, head, minutes };
  }
}
