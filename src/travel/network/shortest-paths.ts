import FlatQueue from 'flatqueue';
import type { RoadGraph } from './road-graph.js';
import { checkGraph } from '../arguments.js';

/**
 * Bounded Dijkstra over a RoadGraph (flatqueue, lazy deletion), reusing its arrays between runs: a node's
 * distance counts only if it was touched in the current run (generation stamps), so a run costs what it
 * settles, not the size of the graph.
 *
 * After `run`, `settledCount` nodes are in `settled[0..settledCount)` in the order they were settled
 * (non-decreasing minutes), `minutes(u)` is their distance and `origin(u)` the source they came from.
 */
export class ShortestPaths {
  readonly graph: RoadGraph;
  readonly #dist: Float64Array;
  readonly #stamp: Uint32Array;
  readonly #done: Uint32Array;
  readonly #origin: Int32Array;
  readonly #pred: Int32Array;
  readonly #queue = new FlatQueue<number>();
  #run = 0;
  settled: Uint32Array;
  settledCount = 0;

  constructor(graph: RoadGraph) {
    checkGraph('ShortestPaths', graph);
    this.graph = graph;
    const n = graph.nodeCount;
    this.#dist = new Float64Array(n);
    this.#stamp = new Uint32Array(n);
    this.#done = new Uint32Array(n);
    this.#origin = new Int32Array(n);
    this.#pred = new Int32Array(n);
    this.settled = new Uint32Array(Math.min(n, 1024));
  }

  /**
   * Searches from `sources` (node indices), each starting at `initial[k]` minutes (0 when omitted), and
   * settles every node within `maxMinutes` (inclusive; Infinity for all).
   */
  run(sources: ArrayLike<number>, initial: ArrayLike<number> | null, maxMinutes: number): number {
    if (this.#run === 0xfffffffe) this.#restamp();
    const run = ++this.#run;
    const { offsets, head, minutes } = this.graph;
    const dist = this.#dist;
    const stamp = this.#stamp;
    const done = this.#done;
    const origin = this.#origin;
    const pred = this.#pred;
    const queue = this.#queue;
    queue.clear();
    for (let k = 0; k < sources.length; k++) {
      const s = sources[k];
      const d = initial ? initial[k] : 0;
      if (d > maxMinutes) continue;
      if (stamp[s] !== run || d < dist[s]) {
        stamp[s] = run;
        dist[s] = d;
        origin[s] = k;
        pred[s] = -1;
        queue.push(s, d);
      }
    }
    let count = 0;
    while (queue.length > 0) {
      const d = queue.peekValue()!;
      const u = queue.pop()!;
      if (done[u] === run || d > dist[u]) continue;
      done[u] = run;
      if (count === this.settled.length) {
        const bigger = new Uint32Array(this.settled.length * 2);
        bigger.set(this.settled);
        this.settled = bigger;
      }
      this.settled[count++] = u;
      for (let a = offsets[u]; a < offsets[u + 1]; a++) {
        const v = head[a];
        const dv = d + minutes[a];
        if (dv > maxMinutes) continue;
        if (stamp[v] !== run || dv < dist[v]) {
          stamp[v] = run;
          dist[v] = dv;
          origin[v] = origin[u];
          pred[v] = a;
          queue.push(v, dv);
        }
      }
    }
    this.settledCount = count;
    return count;
  }

  /** Minutes to node u in the last run; Infinity when it was not reached. */
  minutes(u: number): number {
    return this.#done[u] === this.#run ? this.#dist[u] : Infinity;
  }

  /** Which source (its position in `sources`) node u was reached from in the last run; -1 when not reached. */
  origin(u: number): number {
    return this.#done[u] === this.#run ? this.#origin[u] : -1;
  }

  /** The arcs of the path to node u in the last run, from its source; null when u was not reached. */
  pathArcs(u: number): number[] | null {
    if (this.#done[u] !== this.#run) return null;
    const arcs: number[] = [];
    const tailOf = this.#tailOf();
    for (let a = this.#pred[u]; a >= 0; a = this.#pred[tailOf[a]]) arcs.push(a);
    return arcs.reverse();
  }

  #tails: Uint32Array | undefined;
  #tailOf(): Uint32Array {
    if (this.#tails) return this.#tails;
    const { offsets } = this.graph;
    const tails = new Uint32Array(this.graph.arcCount);
    for (let u = 0; u < this.graph.nodeCount; u++) tails.fill(u, offsets[u], offsets[u + 1]);
    this.#tails = tails;
    return tails;
  }

  #restamp(): void {
    this.#stamp.fill(0);
    this.#done.fill(0);
    this.#run = 0;
  }
}
