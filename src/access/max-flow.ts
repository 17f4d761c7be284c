import { checkArgument } from '../model/arguments.js';
/**
 * Maximum flow by Dinic's algorithm on a graph in flat arrays: breadth-first levels, then blocking flows
 * by depth-first search with a current-arc pointer. Capacities are numbers (populations, patients);
 * residuals under `epsilon` count as saturated.
 */
export class MaxFlow {
  readonly nodeCount: number;
  #tail: number[] = [];
  #head: number[] = [];
  #capacity: number[] = [];
  #flow: Float64Array = new Float64Array(0);
  #first: Int32Array = new Int32Array(0);
  #next: Int32Array = new Int32Array(0);
  readonly epsilon: number;

  constructor(nodeCount: number, epsilon = 1e-9) {
    checkArgument('MaxFlow', 'nodeCount', nodeCount, Number.isInteger(nodeCount) && nodeCount >= 0, 'a whole number of nodes, 0 or more');
    checkArgument('MaxFlow', 'epsilon', epsilon, typeof epsilon === 'number' && epsilon >= 0 && Number.isFinite(epsilon), 'a small number, 0 or more');
    this.nodeCount = nodeCount;
    this.epsilon = epsilon;
  }

  /** Adds the arc u → v with a capacity, and its residual twin; returns the arc's index. */
  addArc(u: number, v: number, capacity: number): number {
    const arc = this.#tail.length;
    this.#tail.push(u, v);
    this.#head.push(v, u);
    this.#capacity.push(capacity, 0);
    return arc;
  }

  /** Flow on an arc returned by `addArc`, after `solve`. */
  flow(arc: number): number {
    return this.#flow[arc];
  }

  /**
   * The maximum flow from `source` to `sink`, returned as the flow this call adds. Solving again after adding
   * arcs continues from the flow already found; the flow on arcs out of the source never decreases (an
   * augmenting path never returns to the source), which is how `capacityCoverage` serves one group first.
   */
  solve(source: number, sink: number): number {
    const arcs = this.#tail.length;
    const kept = this.#flow;
    this.#flow = new Float64Array(arcs);
    this.#flow.set(kept);
    this.#first = new Int32Array(this.nodeCount).fill(-1);
    this.#next = new Int32Array(arcs);
    for (let a = arcs - 1; a >= 0; a--) {
      this.#next[a] = this.#first[this.#tail[a]];
      this.#first[this.#tail[a]] = a;
    }
    const level = new Int32Array(this.nodeCount);
    const current = new Int32Array(this.nodeCount);
    const queue = new Int32Array(this.nodeCount);
    let total = 0;
    for (;;) {
      level.fill(-1);
      level[source] = 0;
      let head = 0;
      let tail = 0;
      queue[tail++] = source;
      while (head < tail) {
        const u = queue[head++];
        for (let a = this.#first[u]; a >= 0; a = this.#next[a]) {
          const v = this.#head[a];
          if (level[v] < 0 && this.#residual(a) > this.epsilon) {
            level[v] = level[u] + 1;
            queue[tail++] = v;
          }
        }
      }
      if (level[sink] < 0) return total;
      current.set(this.#first);
      for (;;) {
        const pushed = this.#push(source, sink, Infinity, level, current);
        if (pushed <= this.epsilon) break;
        total += pushed;
      }
    }
  }

  #residual(arc: number): number {
    return this.#capacity[arc] - this.#flow[arc];
  }

  /** One augmenting path in the level graph, iteratively (no recursion: paths can be long). */
  #push(source: number, sink: number, limit: number, level: Int32Array, current: Int32Array): number {
    const path: number[] = [];
    let u = source;
    for (;;) {
      if (u === sink) {
        let amount = limit;
        for (const a of path) amount = Math.min(amount, this.#residual(a));
        for (const a of path) {
          this.#flow[a] += amount;
          this.#flow[a ^ 1] -= amount;
        }
        return amount;
      }
      let advanced = false;
      for (; current[u] >= 0; current[u] = this.#next[current[u]]) {
        const a = current[u];
        const v = this.#head[a];
        if (level[v] === level[u] + 1 && this.#residual(a) > this.epsilon) {
          path.push(a);
          u = v;
          advanced = true;
          break;
        }
      }
      if (advanced) continue;
      // Dead end: retreat, and never try this node again in this phase.
      level[u] = -1;
      if (path.length === 0) return 0;
      const back = path.pop()!;
      u = this.#tail[back];
      current[u] = this.#next[current[u]];
    }
  }
}
