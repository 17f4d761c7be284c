import { progressTicker, type Progress } from '../../model/progress.js';
import { checkNumberOption } from '../../model/errors.js';
import type { PointSet } from '../../model/points.js';
import { checkMaxMinutes, requirePlaced, type ReachOptions, type TravelDescription, type TravelProvider } from '../provider.js';
import type { NetworkBuildReport } from './build-report.js';
import { ReachTable, ReachTableBuilder, type NearestOpenSite } from '../reach-table.js';
import { stronglyConnected } from './components.js';
import type { RoadGraph } from './road-graph.js';
import { ShortestPaths } from './shortest-paths.js';
import { MAXSPEED_FACTOR } from './profile.js';
import { Snapper, SNAP_DEFAULTS, type SnapOptions, type Snapping } from './snap.js';
import { checkArgument, checkOptions, isRecord } from '../../model/arguments.js';
import { checkGraph } from '../arguments.js';

export interface NetworkTravelOptions extends SnapOptions {
  /** Where the roads came from (a file name), for the description. */
  source?: string;
  /** How the graph was built (speeds, maxspeed factor), for the description. */
  build?: NetworkBuildReport;
}

/** What the last `reach` did with the points: who could not be placed on the network. */
export interface NetworkReachReport {
  demand: Pick<Snapping, 'unsnapped' | 'movedToMainNetwork'>;
  sites: Pick<Snapping, 'unsnapped' | 'movedToMainNetwork'>;
  /** Searches run (one per site, or per demand point when there are fewer of them). */
  searches: number;
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
 * minutes), and bounded Dijkstra searches give door-to-door minutes. One search per site on the reversed
 * graph (or per demand point on the graph, whichever side is smaller), and one multi-source search for
 * each demand point's nearest site at any distance.
 *
 * @example
 * const travel = roadNetwork(readRoadsCsv(nodes, arcs).graph);
 * const reach = travel.reach(communes, sites, { maxMinutes: 30 });
 */
export class NetworkTravel implements TravelProvider {
  readonly graph: RoadGraph;
  readonly #snapper: Snapper;
  readonly mainComponentSize: number;
  lastReport: NetworkReachReport | undefined;
  readonly #options: NetworkTravelOptions;

  constructor(graph: RoadGraph, options: NetworkTravelOptions = {}) {
    checkGraph('NetworkTravel', graph);
    checkArgument('NetworkTravel', 'options', options, isRecord(options), 'an object {maxSnapKm, offNetworkKmh, offNetworkDetour, source, build}');
    if (options.maxSnapKm !== undefined) checkNumberOption('maxSnapKm', options.maxSnapKm, 0);
    if (options.offNetworkKmh !== undefined) checkNumberOption('offNetworkKmh', options.offNetworkKmh, Number.MIN_VALUE);
    if (options.offNetworkDetour !== undefined) checkNumberOption('offNetworkDetour', options.offNetworkDetour, 1);
    this.graph = graph;
    this.#options = options;
    const { component, largest, largestSize } = stronglyConnected(graph);
    this.mainComponentSize = largestSize;
    this.#snapper = new Snapper(graph, component, largest, options);
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
        `shortest paths by car on ${source ? `the roads of ${source}` : 'a road network'} (${this.graph.nodeCount.toLocaleString('en-GB')} nodes, ${this.graph.arcCount.toLocaleString('en-GB')} arcs): ` +
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
    const pairs = demand.size <= sites.size ? this.#searchPairs(d, s, false, maxMinutes, options.onProgress) : this.#searchPairs(s, d, true, maxMinutes, options.onProgress);
    const nearest = this.#nearestSites(d, s, null);
    const builder = new ReachTableBuilder(demand.size, sites.size, maxMinutes, pairs.count);
    // Pairs are grouped by demand point (counting sort), then each row is closed in turn.
    const rowStart = new Uint32Array(demand.size + 1);
    for (let k = 0; k < pairs.count; k++) rowStart[pairs.demand[k] + 1]++;
    for (let i = 0; i < demand.size; i++) rowStart[i + 1] += rowStart[i];
    const fill = rowStart.slice(0, demand.size);
    const order = new Uint32Array(pairs.count);
    for (let k = 0; k < pairs.count; k++) order[fill[pairs.demand[k]]++] = k;
    for (let i = 0; i < demand.size; i++) {
      for (let r = rowStart[i]; r < rowStart[i + 1]; r++) builder.add(pairs.site[order[r]], pairs.minutes[order[r]]);
      builder.endRow(nearest.site[i] >= 0 ? { site: nearest.site[i], minutes: nearest.minutes[i] } : undefined);
    }
    this.lastReport = {
      demand: { unsnapped: d.unsnapped, movedToMainNetwork: d.movedToMainNetwork },
      sites: { unsnapped: s.unsnapped, movedToMainNetwork: s.movedToMainNetwork },
      searches: pairs.searches + 1,
    };
    const nearestOpen: NearestOpenSite = (rows, open) => {
      const found = this.#nearestSites(d, s, open);
      return { site: Int32Array.from(rows, (i) => found.site[i]), minutes: Float32Array.from(rows, (i) => found.minutes[i]) };
    };
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
  checkOptions('roadNetwork', options, ['source', 'build', 'maxSnapKm', 'offNetworkKmh', 'offNetworkDetour']);
  return new NetworkTravel(graph, options);
}
