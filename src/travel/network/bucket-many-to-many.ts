import { progressTicker, type Progress } from '../../model/progress.js';
import { ContractionHierarchy, UpwardSearch } from './contraction.js';
import { checkArgument, checkOptions, isRecord } from '../../model/arguments.js';

/** Points placed on the network: node (-1 when not placed) and the minutes of each off-network leg. */
export interface SnappedPoints {
  node: Int32Array;
  offMinutes: Float64Array;
}

/**
 * Network minutes between every demand point and every site whose trip can fit in `maxMinutes`, by bucket
 * many-to-many on a contraction hierarchy (Knopp, Sanders, Schultes, Schulz and Wagner 2007): an upward search
 * from each point of the smaller side leaves (point, minutes) in a bucket at every node it settles; an upward
 * search from each point of the other side reads the buckets of the nodes it settles, and the least sum at a
 * shared node is the shortest path's length. Searches stop at the cutoff less the point's own off-network leg.
 *
 * `emit(i, j, onNetwork)` is called once per pair met (demand i, site j), with the network minutes only: the
 * caller adds the off-network legs and cuts at `maxMinutes` (a pair may come a little beyond it). The pairs
 * of one scanning point come together, the scanning points in their order: with the sites in the buckets
 * (`bucketSide: 'sites'`, the default when they are no more than the demand points), pairs come by demand
 * point, row after row of the reach table. Returns the number of searches run.
 *
 * @example
 * const hierarchy = ContractionHierarchy.build(graph);
 * bucketManyToMany(hierarchy, travel.snap(demand), travel.snap(sites), 30, (i, j, m) => pairs.push(i, j, m));
 */
export function bucketManyToMany(
  hierarchy: ContractionHierarchy,
  demand: SnappedPoints,
  sites: SnappedPoints,
  maxMinutes: number,
  emit: (demand: number, site: number, onNetwork: number) => void,
  options: { bucketSide?: 'sites' | 'demand'; onProgress?: Progress } = {},
): number {
  const snapped = (points: unknown) => isRecord(points) && points.node instanceof Int32Array && points.offMinutes instanceof Float64Array && points.node.length === points.offMinutes.length;
  checkArgument('bucketManyToMany', 'hierarchy', hierarchy, hierarchy instanceof ContractionHierarchy, 'a ContractionHierarchy (ContractionHierarchy.build(graph))');
  checkArgument('bucketManyToMany', 'demand', demand, snapped(demand), 'snapped points {node: Int32Array, offMinutes: Float64Array} (travel.snap(demand))');
  checkArgument('bucketManyToMany', 'sites', sites, snapped(sites), 'snapped points {node: Int32Array, offMinutes: Float64Array} (travel.snap(sites))');
  checkArgument('bucketManyToMany', 'maxMinutes', maxMinutes, typeof maxMinutes === 'number' && maxMinutes >= 0, 'a number of minutes, 0 or more, or Infinity');
  checkArgument('bucketManyToMany', 'emit', emit, typeof emit === 'function', 'a function (demand, site, minutes) => void');
  checkOptions('bucketManyToMany', options, ['bucketSide', 'onProgress']);
  // Buckets on the smaller side: they are what the searches of the other side read, and what stays in memory.
  const sitesInBuckets = (options.bucketSide ?? (sites.node.length <= demand.node.length ? 'sites' : 'demand')) === 'sites';
  const bucketSide = sitesInBuckets ? sites : demand;
  const scanSide = sitesInBuckets ? demand : sites;
  const ticker = progressTicker(options.onProgress, 'shortest paths', bucketSide.node.length + scanSide.node.length, 'searches');
  // Sites search against the arcs (towards them), demand points along them.
  const buckets = fillBuckets(hierarchy, bucketSide, new UpwardSearch(hierarchy, sitesInBuckets ? 'downward' : 'upward'), maxMinutes, ticker.tick);
  const search = new UpwardSearch(hierarchy, sitesInBuckets ? 'upward' : 'downward');
  const best = new Float64Array(bucketSide.node.length).fill(Infinity);
  const met = new Uint32Array(bucketSide.node.length);
  let searches = buckets.searches;
  for (let p = 0; p < scanSide.node.length; p++) {
    ticker.tick(bucketSide.node.length + p);
    if (scanSide.node[p] < 0) continue;
    searches++;
    const settled = search.run(scanSide.node[p], 0, bound(maxMinutes, scanSide.offMinutes[p]));
    let metCount = 0;
    for (let k = 0; k < settled; k++) {
      const v = search.settled[k];
      const dv = search.settledMinutes[k];
      for (let e = buckets.start[v]; e < buckets.start[v + 1]; e++) {
        const q = buckets.point[e];
        const through = dv + buckets.minutes[e];
        if (through < best[q]) {
          if (best[q] === Infinity) met[metCount++] = q;
          best[q] = through;
        }
      }
    }
    for (let k = 0; k < metCount; k++) {
      const q = met[k];
      if (sitesInBuckets) emit(p, q, best[q]);
      else emit(q, p, best[q]);
      best[q] = Infinity;
    }
  }
  ticker.end();
  return searches;
}

/** The bound of a point's search: the cutoff less its off-network leg, with room for rounding (the exact cut is the caller's). */
function bound(maxMinutes: number, offMinutes: number): number {
  return (maxMinutes - offMinutes) * (1 + 1e-9) + 1e-9;
}

/** One upward search per point; the (point, minutes) entries grouped by node in compressed sparse rows. */
function fillBuckets(hierarchy: ContractionHierarchy, side: SnappedPoints, search: UpwardSearch, maxMinutes: number, tick: (done: number) => void) {
  let node = new Uint32Array(1024);
  let point = new Uint32Array(1024);
  let minutes = new Float64Array(1024);
  let count = 0;
  let searches = 0;
  for (let p = 0; p < side.node.length; p++) {
    tick(p);
    if (side.node[p] < 0) continue;
    searches++;
    const settled = search.run(side.node[p], 0, bound(maxMinutes, side.offMinutes[p]));
    if (count + settled > node.length) {
      const size = Math.max(node.length * 2, count + settled);
      node = grown(node, new Uint32Array(size));
      point = grown(point, new Uint32Array(size));
      minutes = grown(minutes, new Float64Array(size));
    }
    for (let k = 0; k < settled; k++) {
      node[count] = search.settled[k];
      point[count] = p;
      minutes[count] = search.settledMinutes[k];
      count++;
    }
  }
  // Counting sort by node, stable: within a bucket, points in their order.
  const n = hierarchy.nodeCount;
  const start = new Uint32Array(n + 1);
  for (let e = 0; e < count; e++) start[node[e] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const fill = start.slice(0, n);
  const bucketPoint = new Uint32Array(count);
  const bucketMinutes = new Float64Array(count);
  for (let e = 0; e < count; e++) {
    const slot = fill[node[e]]++;
    bucketPoint[slot] = point[e];
    bucketMinutes[slot] = minutes[e];
  }
  return { start, point: bucketPoint, minutes: bucketMinutes, searches };
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
