import FlatQueue from 'flatqueue';
import { checkArgument, isNumbers, isRecord } from '../model/arguments.js';

/** Demand → site pairs in compressed sparse rows, minutes ascending within a row (a reach table or a siting problem). */
export interface PairTable {
  offsets: ArrayLike<number>;
  site: ArrayLike<number>;
  minutes: ArrayLike<number>;
}

/** Who takes the places: the people of each pair, and what follows from them. */
export interface Assignment {
  /** People of demand point i assigned to `site[k]`, for each pair k of the table (0 beyond the target). */
  pairPeople: Float64Array;
  /** People of each demand point given a place. */
  assigned: Float64Array;
  /** People each site takes. */
  load: Float64Array;
  /** People given a place: the maximum, whatever the assignment. */
  total: number;
  /** Σ people × minutes over the assignment: the least any maximum assignment has (to the 1/1000 minute). */
  personMinutes: number;
}

/** Minutes are compared to the 1/1000 of a minute, as integers: admissible arcs are then exact, not within a tolerance. */
const TICKS_PER_MINUTE = 1000;

/**
 * People assigned to the nearest sites with room: of all the assignments that give a place within the target
 * to as many people as can have one (a maximum flow, demand → sites within the target → places), the one
 * with the fewest person-minutes (a minimum-cost maximum flow). The total given a place is unique; how it
 * splits between demand points is not, and a plain maximum flow splits it arbitrarily. Nearest first is the
 * split a planner can explain: people go to the closest places that are free, so those left without one are
 * those whose nearby places are taken by people closer to them. Ties in minutes (to the 1/1000 minute) are
 * broken by the order of demand points and sites, so the same inputs give the same split.
 *
 * A minimum-cost flow in which every person is routed, to a place or, at a cost higher than any chain of
 * reassignments, to "left out": so the most people get a place first, then the fewest minutes. Solved by
 * successive shortest paths from each demand point in turn, each search stopped at the nearest free place
 * (on Occitanie's 4,446 communes and 1,065 GP communes at 15 minutes: 0.1–0.2 s at 45 km/h × 1.5, about 8,000
 * searches; 1.5–2 s at 60 km/h × 1.3, where more people compete for more places, about 12,000 searches of
 * 170 nodes each). A search from a super-source instead took 10 s (one Dijkstra over the whole region per
 * distinct path length), and cost scaling 1 s. Dinic alone gives the total in a tenth of that, not the split.
 *
 * @example
 * const reach = crowFly().reach(communes, gpCommunes, { maxMinutes: 15 });
 * const places = Float64Array.from(gpCommunes.capacity, (gps) => gps * 1000);
 * nearestAssignment(reach, communes.population, places, 15).total;
 */
export function nearestAssignment(pairs: PairTable, people: ArrayLike<number>, places: ArrayLike<number>, targetMinutes: number): Assignment {
  checkArgument('nearestAssignment', 'pairs', pairs, isRecord(pairs) && isNumbers(pairs.offsets) && isNumbers(pairs.site) && isNumbers(pairs.minutes), 'a pair table {offsets, site, minutes} (a ReachTable)');
  checkArgument('nearestAssignment', 'people', people, isNumbers(people) && people.length === pairs.offsets.length - 1, 'an array of numbers, one per demand point');
  checkArgument('nearestAssignment', 'places', places, isNumbers(places), 'an array of numbers, one per site');
  checkArgument('nearestAssignment', 'targetMinutes', targetMinutes, typeof targetMinutes === 'number' && targetMinutes >= 0, 'a number of minutes, 0 or more');
  const n = people.length;
  const m = places.length;
  const pairCount = pairs.site.length;
  // Nodes: demand points, sites, and the sink, which takes each site's places and, dearly, the people left out.
  const sink = n + m;
  const nodeCount = n + m + 1;
  const tail: number[] = [];
  const head: number[] = [];
  const capacity: number[] = [];
  const cost: number[] = [];
  const addArc = (u: number, v: number, cap: number, c: number) => {
    tail.push(u, v);
    head.push(v, u);
    capacity.push(cap, 0);
    cost.push(c, -c);
    return tail.length - 2;
  };
  const pairArc = new Int32Array(pairCount).fill(-1);
  const supply = new Float64Array(nodeCount);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    if (!(people[i] > 0)) continue;
    for (let k = pairs.offsets[i]; k < pairs.offsets[i + 1] && pairs.minutes[k] <= targetMinutes; k++) {
      const j = pairs.site[k];
      if (!(places[j] > 0)) continue;
      const c = Math.round(pairs.minutes[k] * TICKS_PER_MINUTE);
      largest = Math.max(largest, c);
      pairArc[k] = addArc(i, n + j, people[i], c);
      supply[i] = people[i];
    }
  }
  for (let j = 0; j < m; j++) if (places[j] > 0) addArc(n + j, sink, places[j], 0);
  // Leaving a person out costs more than any chain of reassignments could save: the most people get a place first.
  const leftOut = (nodeCount + 1) * (largest + 1);
  for (let i = 0; i < n; i++) {
    if (supply[i] > 0) {
      addArc(i, sink, supply[i], leftOut);
      supply[sink] -= supply[i];
    }
  }
  const arcCount = tail.length;
  // Arcs by tail in CSR, in the order added: the order decides ties, so it is part of the result.
  const start = new Int32Array(nodeCount + 1);
  for (let a = 0; a < arcCount; a++) start[tail[a] + 1]++;
  for (let v = 0; v < nodeCount; v++) start[v + 1] += start[v];
  const byTail = new Int32Array(arcCount);
  const fill = start.slice(0, nodeCount);
  for (let a = 0; a < arcCount; a++) byTail[fill[tail[a]]++] = a;
  const flow = cheapestFlow({ nodeCount, tail: Int32Array.from(tail), head: Int32Array.from(head), capacity: Float64Array.from(capacity), cost: Float64Array.from(cost), start, byTail }, supply, sink);

  const pairPeople = new Float64Array(pairCount);
  const assigned = new Float64Array(n);
  const load = new Float64Array(m);
  let total = 0;
  let personMinutes = 0;
  for (let i = 0; i < n; i++) {
    for (let k = pairs.offsets[i]; k < pairs.offsets[i + 1]; k++) {
      if (pairArc[k] < 0) continue;
      const x = flow[pairArc[k]];
      if (x <= 1e-9) continue;
      pairPeople[k] = x;
      assigned[i] += x;
      load[pairs.site[k]] += x;
      personMinutes += x * pairs.minutes[k];
    }
    total += assigned[i];
  }
  return { pairPeople, assigned, load, total, personMinutes };
}

/** A residual graph: arcs in pairs (forward 2a, its twin 2a + 1, cost negated), listed by tail in CSR. */
interface Graph {
  nodeCount: number;
  tail: Int32Array;
  head: Int32Array;
  capacity: Float64Array;
  /** Integer costs: distances are exact, and so are ties. */
  cost: Float64Array;
  start: Int32Array;
  byTail: Int32Array;
}

/**
 * The cheapest flow that routes every supply to the one deficit node (min-cost flow), by successive shortest
 * paths from each node with supply in turn (Dijkstra on reduced costs, stopped at the deficit node). Reduced
 * costs stay >= 0 when the nodes settled before the deficit node move by their distance's shortfall; the
 * others stay put. A search only goes as far as the nearest free place, so it stays local where places are free.
 */
function cheapestFlow(graph: Graph, supply: Float64Array, deficit: number): Float64Array {
  const { nodeCount, tail, head, capacity, cost, start, byTail } = graph;
  const flow = new Float64Array(capacity.length);
  const potential = new Float64Array(nodeCount);
  const distance = new Float64Array(nodeCount).fill(Infinity);
  const settled = new Uint8Array(nodeCount);
  const via = new Int32Array(nodeCount).fill(-1);
  const touched: number[] = [];
  const heap = new FlatQueue<number>();
  const excess = Float64Array.from(supply);
  let total = 0;
  for (let v = 0; v < nodeCount; v++) total += Math.max(0, supply[v]);
  const tolerance = 1e-12 * Math.max(1, total);
  for (let origin = 0; origin < nodeCount; origin++) {
    while (excess[origin] > tolerance) {
      for (const v of touched) {
        distance[v] = Infinity;
        settled[v] = 0;
        via[v] = -1;
      }
      touched.length = 0;
      heap.clear();
      distance[origin] = 0;
      touched.push(origin);
      heap.push(origin, 0);
      while (heap.length > 0) {
        const u = heap.pop()!;
        if (settled[u]) continue;
        settled[u] = 1;
        if (u === deficit) break;
        for (let t = start[u]; t < start[u + 1]; t++) {
          const a = byTail[t];
          if (capacity[a] - flow[a] <= tolerance) continue;
          const v = head[a];
          const d = distance[u] + cost[a] + potential[u] - potential[v];
          if (d < distance[v]) {
            if (distance[v] === Infinity) touched.push(v);
            distance[v] = d;
            via[v] = a;
            heap.push(v, d);
          }
        }
      }
      if (!settled[deficit]) throw new Error('careshed: nearestAssignment found no path for a supply');
      const reach = distance[deficit];
      for (const v of touched) if (settled[v] && distance[v] < reach) potential[v] -= reach - distance[v];
      let amount = excess[origin];
      for (let v = deficit; v !== origin; v = tail[via[v]]) amount = Math.min(amount, capacity[via[v]] - flow[via[v]]);
      for (let v = deficit; v !== origin; v = tail[via[v]]) {
        flow[via[v]] += amount;
        flow[via[v] ^ 1] -= amount;
      }
      excess[origin] -= amount;
    }
  }
  return flow;
}
