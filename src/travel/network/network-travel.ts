import { progressTicker, type Progress } from '../../model/progress.js';
import { CareshedError, checkNumberOption } from '../../model/errors.js';
import type { PointSet } from '../../model/points.js';
import { checkMaxMinutes, requirePlaced, type ReachOptions, type TravelDescription, type TravelProvider } from '../provider.js';
import type { NetworkBuildReport } from './build-report.js';
import { ReachTable, ReachTableBuilder, type NearestOpenSite } from '../reach-table.js';
import { bucketManyToMany } from './bucket-many-to-many.js';
import { stronglyConnected } from './components.js';
import { ContractionHierarchy } from './contraction.js';
import type { RoadGraph } from './road-graph.js';
import { ShortestPaths } from './shortest-paths.js';
import { MAXSPEED_FACTOR } from './profile.js';
import { Snapper, SNAP_DEFAULTS, type SnapOptions, type Snapping } from './snap.js';
import { checkArgument, checkOptions, isRecord } from '../../model/arguments.js';
import { checkGraph } from '../arguments.js';
import { int } from '../../model/figures.js';

export interface NetworkTravelOptions extends SnapOptions {
  /** Where the roads came from (a file name), for the description. */
  source?: string;
  /** How the graph was built (speeds, maxspeed factor), for the description. */
  build?: NetworkBuildReport;
  /**
   * How the pairs within the cutoff are searched, the same minutes either way: `contraction`, bucket
   * many-to-many on a contraction hierarchy built at the first `reach` and kept; `dijkstra`, one bounded
   * Dijkstra per site (or per demand point); `auto` (default), the hierarchy once it is built, or when building
   * it costs less than the Dijkstra searches would (see `CONTRACTION_COST`).
   */
  manyToMany?: 'auto' | 'contraction' | 'dijkstra';
  /**
   * A contraction hierarchy built before for this graph (`travel.hierarchy()`, kept with `toBuffer` and read
   * back with `ContractionHierarchy.from`): no build, and `auto` takes it.
   */
  hierarchy?: ContractionHierarchy;
}

/**
 * What building the contraction hierarchy costs, in nodes a Dijkstra would settle in the same time, per node
 * of the main network: on Toulouse (bench/network.ts) the build takes as long as 60 to 95 one-to-all
 * searches, rounded up here so that `auto` builds it only when the searches it replaces would clearly settle
 * more. Its queries cost little beside: about a tenth of the searches they replace at 200 sites.
 */
export const CONTRACTION_COST = 100;

/** What the last `reach` did with the points: who could not be placed on the network. */
export interface NetworkReachReport {
  demand: Pick<Snapping, 'unsnapped' | 'movedToMainNetwork'>;
  sites: Pick<Snapping, 'unsnapped' | 'movedToMainNetwork'>;
  /**
   * Searches run: with `dijkstra`, one per site (or per demand point when there are fewer of them); with
   * `contraction`, one upward search per point on each side; plus the search for the nearest sites.
   */
  searches: number;
  /** How the pairs were searched (what `auto` chose). */
  manyToMany: 'contraction' | 'dijkstra';
}

/** Points grouped by the node they snapped to: the points at node u are `members[start[u] .. start[u+1])`. */
function byNode(snapping: Snapping, nodeCount: number): { start: Uint32Array; members: Uint32Array } {
  const start = new Uint32Array(nodeCount + 1);
  for (const u of snapping.node) if (u >= 0) start[u + 1]++;
  for (let u = 0; u < nodeCount; u++) start[u + 1] += start[u];
  const fill = start.slice(0, nodeCount);
  const members = new Uint32Array(start[nodeCount]);
  snapping.node.forEach((u, i) => {
    if (u >= 0) members[fill[u]++] = i;
  });
  return { start, members };
}

/**
 * Travel on a road network: points join their nearest node of the main network (plus off-network
 * minutes), and shortest paths give door-to-door minutes: bucket many-to-many on a contraction hierarchy of
 * the main network when it pays for its build (`manyToMany`), else one bounded Dijkstra per site on the
 * reversed graph (or per demand point, whichever side is smaller); and one multi-source Dijkstra for each
 * demand point's nearest site at any distance.
 *
 * @example
 * const travel = roadNetwork(readRoadsCsv(nodes, arcs).graph);
 * const reach = travel.reach(communes, sites, { maxMinutes: 30 });
 */
export class NetworkTravel implements TravelProvider {
  readonly graph: RoadGraph;
  readonly #snapper: Snapper;
  readonly #main: Uint8Array;
  #hierarchy: ContractionHierarchy | undefined;
  readonly mainComponentSize: number;
  lastReport: NetworkReachReport | undefined;
  readonly #options: NetworkTravelOptions;

  constructor(graph: RoadGraph, options: NetworkTravelOptions = {}) {
    checkGraph('NetworkTravel', graph);
    checkArgument('NetworkTravel', 'options', options, isRecord(options), 'an object {maxSnapKm, offNetworkKmh, offNetworkDetour, source, build}');
    if (options.maxSnapKm !== undefined) checkNumberOption('maxSnapKm', options.maxSnapKm, 0);
    if (options.offNetworkKmh !== undefined) checkNumberOption('offNetworkKmh', options.offNetworkKmh, Number.MIN_VALUE);
    if (options.offNetworkDetour !== undefined) checkNumberOption('offNetworkDetour', options.offNetworkDetour, 1);
    if (options.manyToMany !== undefined && !['auto', 'contraction', 'dijkstra'].includes(options.manyToMany)) {
      throw new CareshedError('INVALID_OPTION', `option manyToMany must be "auto", "contraction" or "dijkstra", not "${String(options.manyToMany)}"`, { field: 'manyToMany', value: String(options.manyToMany) });
    }
    this.graph = graph;
    this.#options = options;
    const { component, largest, largestSize } = stronglyConnected(graph);
    this.mainComponentSize = largestSize;
    this.#main = Uint8Array.from(component, (c) => (c === largest ? 1 : 0));
    if (options.hierarchy && options.hierarchy.nodeCount !== graph.nodeCount) {
      throw new CareshedError('INVALID_OPTION', `option hierarchy has ${options.hierarchy.nodeCount} nodes; the graph has ${graph.nodeCount}`, { field: 'hierarchy', value: options.hierarchy.nodeCount });
    }
    this.#hierarchy = options.hierarchy;
    this.#snapper = new Snapper(graph, component, largest, options);
  }

  /**
   * The contraction hierarchy of the main network, built at the first call (the first `reach`, unless called
   * before to build it ahead, or to time it) and kept for the next ones.
   */
  hierarchy(onProgress?: Progress): ContractionHierarchy {
    this.#hierarchy ??= ContractionHierarchy.build(this.graph, { within: this.#main, onProgress });
    return this.#hierarchy;
  }

  /**
   * Whether `auto` takes the hierarchy: when it is built, or when the Dijkstra searches (one per point of the
   * smaller side, each settling about what a few sample searches settle) would settle more nodes than
   * building it costs. Fewer searches than `CONTRACTION_COST` never do: none settles more than the network.
   */
  #takesHierarchy(d: Snapping, s: Snapping, maxMinutes: number): boolean {
    const method = this.#options.manyToMany ?? 'auto';
    if (method !== 'auto') return method === 'contraction';
    if (this.#hierarchy) return true;
    const fromSites = s.node.length <= d.node.length;
    const origins = fromSites ? s : d;
    const placed: number[] = [];
    origins.node.forEach((u, k) => {
      if (u >= 0) placed.push(k);
    });
    const budget = CONTRACTION_COST * this.mainComponentSize;
    if (placed.length <= CONTRACTION_COST) return false;
    const search = new ShortestPaths(fromSites ? this.graph.reverse() : this.graph);
    const samples = 4;
    let settled = 0;
    for (let k = 0; k < samples; k++) {
      const o = placed[Math.floor((k * placed.length) / samples)];
      settled += search.run([origins.node[o]], null, maxMinutes - origins.offMinutes[o]);
    }
    return (placed.length * settled) / samples > budget;
  }

  get name(): string {
    return `network:${this.graph.nodeCount}n:${this.graph.arcCount}a`;
  }

  /** In words: the roads, the speeds and the off-network stretch; no error is known without observed trips. */
  describe(): TravelDescription {
    const { source, build } = this.#options;
    const snap = { ...SNAP_DEFAULTS, ...this.#options };
    const factor = build ? `, ${build.maxspeedFactor} × the posted maxspeed where there is one` : '';
    const spec = source ? `network:${source}${build && build.maxspeedFactor !== MAXSPEED_FACTOR ? `,maxspeed=${build.maxspeedFactor}` : ''}` : this.name;
    return {
      spec,
      words:
        `shortest paths by car on ${source ? `the roads of ${source}` : 'a road network'} (${int(this.graph.nodeCount)} nodes, ${int(this.graph.arcCount)} arcs): ` +
        `speeds of OSRM's car profile by road class${factor}, no traffic; points join the nearest road at ${snap.offNetworkKmh} km/h × ${snap.offNetworkDetour} ` +
        `(up to ${snap.maxSnapKm} km). Free-flow times: real trips take longer at rush hour.`,
    };
  }

  /** Where points join the network (exposed for reports and maps). */
  snap(points: PointSet): Snapping {
    requirePlaced('the road network (points snapped to roads by position)', points);
    return this.#snapper.snap(points);
  }

  /**
   * The reach table within `maxMinutes` (Infinity for every pair). It carries a `nearestOpen` resolver for
   * `restrictTo`: one multi-source search from the open sites, the search that finds the nearest site here.
   */
  reach(demand: PointSet, sites: PointSet, options: ReachOptions): ReachTable {
    const maxMinutes = checkMaxMinutes(options.maxMinutes);
    const d = this.snap(demand);
    const s = this.snap(sites);
    const nearest = this.#nearestSites(d, s, null);
    const nearestOf = (i: number) => (nearest.site[i] >= 0 ? { site: nearest.site[i], minutes: nearest.minutes[i] } : undefined);
    const contraction = this.#takesHierarchy(d, s, maxMinutes);
    let table: ReachTable;
    let searches: number;
    if (contraction && sites.size <= demand.size) {
      // Sites in the buckets: pairs come row by row, straight into the table.
      const builder = new ReachTableBuilder(demand.size, sites.size, maxMinutes);
      let row = 0;
      searches = bucketManyToMany(this.hierarchy(options.onProgress), d, s, maxMinutes, (i, j, onNetwork) => {
        while (row < i) builder.endRow(nearestOf(row++));
        const minutes = pairMinutes(onNetwork, d.offMinutes[i], s.offMinutes[j]);
        if (minutes <= maxMinutes) builder.add(j, minutes);
      }, { bucketSide: 'sites', onProgress: options.onProgress });
      while (row < demand.size) builder.endRow(nearestOf(row++));
      table = builder.finish((rows, open) => this.#nearestOpen(d, s, rows, open));
    } else {
      const pairs = contraction
        ? this.#bucketPairs(this.hierarchy(options.onProgress), d, s, maxMinutes, options.onProgress)
        : demand.size <= sites.size
          ? this.#searchPairs(d, s, false, maxMinutes, options.onProgress)
          : this.#searchPairs(s, d, true, maxMinutes, options.onProgress);
      searches = pairs.searches;
      table = this.#tableOf(pairs, demand.size, sites.size, maxMinutes, nearestOf, d, s);
    }
    this.lastReport = {
      demand: { unsnapped: d.unsnapped, movedToMainNetwork: d.movedToMainNetwork },
      sites: { unsnapped: s.unsnapped, movedToMainNetwork: s.movedToMainNetwork },
      searches: searches + 1,
      manyToMany: contraction ? 'contraction' : 'dijkstra',
    };
    return table;
  }

  /** The nearest open site of the demand points `rows`: for `restrictTo`, by the search that finds the nearest site here. */
  #nearestOpen(d: Snapping, s: Snapping, rows: ArrayLike<number>, open: ArrayLike<number | boolean>) {
    const found = this.#nearestSites(d, s, open);
    return { site: Int32Array.from(rows, (i) => found.site[i]), minutes: Float32Array.from(rows, (i) => found.minutes[i]) };
  }

  /** The table of pairs that came in any order: grouped by demand point (counting sort), then each row closed in turn. */
  #tableOf(pairs: ReturnType<PairList['view']>, demandCount: number, siteCount: number, maxMinutes: number, nearestOf: (i: number) => { site: number; minutes: number } | undefined, d: Snapping, s: Snapping): ReachTable {
    const builder = new ReachTableBuilder(demandCount, siteCount, maxMinutes, pairs.count);
    const rowStart = new Uint32Array(demandCount + 1);
    for (let k = 0; k < pairs.count; k++) rowStart[pairs.demand[k] + 1]++;
    for (let i = 0; i < demandCount; i++) rowStart[i + 1] += rowStart[i];
    const fill = rowStart.slice(0, demandCount);
    const order = new Uint32Array(pairs.count);
    for (let k = 0; k < pairs.count; k++) order[fill[pairs.demand[k]]++] = k;
    for (let i = 0; i < demandCount; i++) {
      for (let r = rowStart[i]; r < rowStart[i + 1]; r++) builder.add(pairs.site[order[r]], pairs.minutes[order[r]]);
      builder.endRow(nearestOf(i));
    }
    const nearestOpen: NearestOpenSite = (rows, open) => this.#nearestOpen(d, s, rows, open);
    return builder.finish(nearestOpen);
  }

  /**
   * One bounded search per point of `origins` (on the reversed graph when they are the sites: minutes from
   * every node to the site), collecting the points of `targets` at the nodes settled. A search starts at 0
   * and the two off-network legs are added after, in one order whichever side searched: the minutes of a pair
   * do not depend on which side was smaller, so a table built on some of the sites has the same minutes.
   */
  #searchPairs(origins: Snapping, targets: Snapping, fromSites: boolean, maxMinutes: number, onProgress?: Progress) {
    const ticker = progressTicker(onProgress, 'shortest paths', origins.node.length, 'searches');
    const search = new ShortestPaths(fromSites ? this.graph.reverse() : this.graph);
    const atNode = byNode(targets, this.graph.nodeCount);
    const pairs = new PairList();
    let searches = 0;
    for (let o = 0; o < origins.node.length; o++) {
      ticker.tick(o);
      if (origins.node[o] < 0) continue;
      searches++;
      const originOff = origins.offMinutes[o];
      // The bound leaves room for rounding; the exact cut is on the pair's minutes below.
      const settled = search.run([origins.node[o]], null, (maxMinutes - originOff) * (1 + 1e-9) + 1e-9);
      for (let k = 0; k < settled; k++) {
        const u = search.settled[k];
        const onNetwork = search.minutes(u);
        for (let m = atNode.start[u]; m < atNode.start[u + 1]; m++) {
          const t = atNode.members[m];
          const minutes = fromSites ? pairMinutes(onNetwork, targets.offMinutes[t], originOff) : pairMinutes(onNetwork, originOff, targets.offMinutes[t]);
          if (minutes > maxMinutes) continue;
          if (fromSites) pairs.push(t, o, minutes);
          else pairs.push(o, t, minutes);
        }
      }
    }
    ticker.end();
    return { ...pairs.view(), searches };
  }

  /** The pairs by bucket many-to-many: network minutes from the hierarchy, off-network legs added as in `#searchPairs`. */
  #bucketPairs(hierarchy: ContractionHierarchy, d: Snapping, s: Snapping, maxMinutes: number, onProgress?: Progress) {
    const pairs = new PairList();
    const searches = bucketManyToMany(hierarchy, d, s, maxMinutes, (i, j, onNetwork) => {
      const minutes = pairMinutes(onNetwork, d.offMinutes[i], s.offMinutes[j]);
      if (minutes <= maxMinutes) pairs.push(i, j, minutes);
    }, { bucketSide: 'demand', onProgress });
    return { ...pairs.view(), searches };
  }

  /**
   * Every demand point's nearest site at any distance: one multi-source search from all sites (or the open
   * ones, for `restrictTo`: the sources a build on those sites alone would have, in the same order), reversed.
   */
  #nearestSites(d: Snapping, s: Snapping, open: ArrayLike<number | boolean> | null): { site: Int32Array; minutes: Float64Array } {
    const sources: number[] = [];
    const initial: number[] = [];
    const siteOf: number[] = [];
    s.node.forEach((u, j) => {
      if (u < 0 || (open && !open[j])) return;
      sources.push(u);
      initial.push(s.offMinutes[j]);
      siteOf.push(j);
    });
    const search = new ShortestPaths(this.graph.reverse());
    search.run(sources, initial, Infinity);
    const site = new Int32Array(d.node.length).fill(-1);
    const minutes = new Float64Array(d.node.length).fill(Infinity);
    d.node.forEach((u, i) => {
      if (u < 0) return;
      const origin = search.origin(u);
      if (origin < 0) return;
      site[i] = siteOf[origin];
      minutes[i] = search.minutes(u) + d.offMinutes[i];
    });
    return { site, minutes };
  }
}

/**
 * Door-to-door minutes of a pair: the demand point's off-network leg, the network, the site's leg, added in
 * this one order. Sums of float32 arc minutes are exact in float64 at road scales, so the network part is the
 * same searched from either end.
 */
function pairMinutes(onNetwork: number, demandOff: number, siteOff: number): number {
  return demandOff + onNetwork + siteOff;
}

/** A growable list of (demand, site, minutes) triples in typed arrays. */
class PairList {
  demand = new Uint32Array(1024);
  site = new Uint32Array(1024);
  minutes = new Float64Array(1024);
  count = 0;

  push(i: number, j: number, minutes: number): void {
    if (this.count === this.demand.length) {
      const size = this.count * 2;
      const demand = new Uint32Array(size);
      demand.set(this.demand);
      const site = new Uint32Array(size);
      site.set(this.site);
      const m = new Float64Array(size);
      m.set(this.minutes);
      this.demand = demand;
      this.site = site;
      this.minutes = m;
    }
    this.demand[this.count] = i;
    this.site[this.count] = j;
    this.minutes[this.count] = minutes;
    this.count++;
  }

  view() {
    return { demand: this.demand, site: this.site, minutes: this.minutes, count: this.count };
  }
}

/** A road-network travel provider (a value to pass around). */
export function roadNetwork(graph: RoadGraph, options: NetworkTravelOptions = {}): NetworkTravel {
  checkGraph('roadNetwork', graph);
  checkOptions('roadNetwork', options, ['source', 'build', 'maxSnapKm', 'offNetworkKmh', 'offNetworkDetour', 'manyToMany', 'hierarchy']);
  return new NetworkTravel(graph, options);
}
