import type { RoadGraph } from './road-graph.js';
import { checkGraph } from '../arguments.js';

/**
 * Strongly connected components (Kosaraju, iterative): component[u] for every node, numbered from 0,
 * and the largest one, the network's routable core, where every node can reach every other.
 */
export function stronglyConnected(graph: RoadGraph): { component: Int32Array; count: number; largest: number; largestSize: number } {
  checkGraph('stronglyConnected', graph);
  const n = graph.nodeCount;
  const { offsets, head } = graph;
  // Pass 1: nodes in order of DFS finish on the graph.
  const order = new Uint32Array(n);
  let finished = 0;
  const seen = new Uint8Array(n);
  const stack = new Uint32Array(n);
  const next = new Uint32Array(n);
  for (let root = 0; root < n; root++) {
    if (seen[root]) continue;
    let top = 0;
    stack[0] = root;
    next[root] = offsets[root];
    seen[root] = 1;
    while (top >= 0) {
      const u = stack[top];
      if (next[u] < offsets[u + 1]) {
        const v = head[next[u]++];
        if (!seen[v]) {
          seen[v] = 1;
          next[v] = offsets[v];
          stack[++top] = v;
        }
      } else {
        order[finished++] = u;
        top--;
      }
    }
  }
  // Pass 2: on the reverse graph, in reverse finish order, each search is one component.
  const reverse = graph.reverse();
  const component = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const root = order[k];
    if (component[root] >= 0) continue;
    const c = sizes.length;
    let size = 0;
    let top = 0;
    stack[0] = root;
    component[root] = c;
    while (top >= 0) {
      const u = stack[top--];
      size++;
      for (let a = reverse.offsets[u]; a < reverse.offsets[u + 1]; a++) {
        const v = reverse.head[a];
        if (component[v] < 0) {
          component[v] = c;
          stack[++top] = v;
        }
      }
    }
    sizes.push(size);
  }
  let largest = 0;
  for (let c = 1; c < sizes.length; c++) if (sizes[c] > sizes[largest]) largest = c;
  return { component, count: sizes.length, largest, largestSize: sizes[largest] ?? 0 };
}
