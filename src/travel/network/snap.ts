import { PointIndex } from '../../geo/point-index.js';
import type { PointSet } from '../../model/points.js';
import type { RoadGraph } from './road-graph.js';
import { checkArgument, isRecord } from '../../model/arguments.js';
import { checkGraph } from '../arguments.js';

/** Where each point joins the network, and how many minutes it takes to get there off the network. */
export interface Snapping {
  /** Graph node of each point; -1 when the point is farther than the limit from the routable network. */
  node: Int32Array;
  /** Minutes from the point to its node (straight line × detour at the off-network speed). */
  offMinutes: Float64Array;
  /** Ids of the points farther than the limit: they reach nothing. */
  unsnapped: string[];
  /** Ids of the points whose nearest road was cut off from the rest, snapped to the main network instead. */
  movedToMainNetwork: string[];
}

export interface SnapOptions {
  /** Points farther than this from the main network are not snapped (default 5 km). */
  maxSnapKm?: number;
  /** Speed and detour between a point and its node (default 30 km/h, 1.3): local roads not in the data. */
  offNetworkKmh?: number;
  offNetworkDetour?: number;
}

export const SNAP_DEFAULTS = { maxSnapKm: 5, offNetworkKmh: 30, offNetworkDetour: 1.3 } as const;

/**
 * Snaps points to the nearest node of the main (largest strongly connected) component with a spatial
 * index: a point snapped to an island of road could reach nothing or be reached by nothing.
 */
export class Snapper {
  readonly #graph: RoadGraph;
  readonly #main: Uint32Array;
  readonly #mainIndex: PointIndex;
  readonly #allIndex: PointIndex;
  readonly #isMain: Uint8Array;
  readonly #options: Required<SnapOptions>;

  constructor(graph: RoadGraph, component: Int32Array, mainComponent: number, options: SnapOptions = {}) {
    checkGraph('Snapper', graph);
    checkArgument('Snapper', 'component', component, component instanceof Int32Array && component.length === graph.nodeCount, 'the component of each node (stronglyConnected(graph).component)');
    checkArgument('Snapper', 'mainComponent', mainComponent, Number.isInteger(mainComponent) && mainComponent >= 0, 'the main component (stronglyConnected(graph).largest)');
    checkArgument('Snapper', 'options', options, isRecord(options), 'an object {maxSnapKm, offNetworkKmh, offNetworkDetour}');
    this.#graph = graph;
    this.#options = { ...SNAP_DEFAULTS, ...options };
    const main: number[] = [];
    this.#isMain = new Uint8Array(graph.nodeCount);
    for (let u = 0; u < graph.nodeCount; u++) {
      if (component[u] === mainComponent) {
        main.push(u);
        this.#isMain[u] = 1;
      }
    }
    this.#main = Uint32Array.from(main);
    this.#mainIndex = new PointIndex(Float64Array.from(this.#main, (u) => graph.lon[u]), Float64Array.from(this.#main, (u) => graph.lat[u]));
    this.#allIndex = new PointIndex(graph.lon, graph.lat);
  }

  snap(points: PointSet): Snapping {
    const { maxSnapKm, offNetworkKmh, offNetworkDetour } = this.#options;
    const node = new Int32Array(points.size).fill(-1);
    const offMinutes = new Float64Array(points.size).fill(Infinity);
    const unsnapped: string[] = [];
    const movedToMainNetwork: string[] = [];
    for (let i = 0; i < points.size; i++) {
      const near = nearestWithin(this.#mainIndex, points.lon[i], points.lat[i], maxSnapKm);
      if (near.index < 0) {
        unsnapped.push(points.ids[i]);
        continue;
      }
      node[i] = this.#main[near.index];
      offMinutes[i] = ((near.km * offNetworkDetour) / offNetworkKmh) * 60;
      // Moved when some node off the main network is nearer: a radius query, as small as the snapping leg.
      const found = this.#allIndex.query(points.lon[i], points.lat[i], near.km);
      for (let k = 0; k < found; k++) {
        if (!this.#isMain[this.#allIndex.found[k]] && this.#allIndex.foundKm[k] < near.km) {
          movedToMainNetwork.push(points.ids[i]);
          break;
        }
      }
    }
    return { node, offMinutes, unsnapped, movedToMainNetwork };
  }

  get graph(): RoadGraph {
    return this.#graph;
  }
}

/**
 * The nearest indexed point within `maxKm` (the lowest index among equals), by radius queries that grow
 * fourfold from 50 m: a point near a road is placed after a query or two over a handful of nodes, where a
 * nearest-neighbour search walks its priority queue. -1 when there is none within `maxKm`.
 */
function nearestWithin(index: PointIndex, lon: number, lat: number, maxKm: number): { index: number; km: number } {
  for (let radius = Math.min(0.05, maxKm); ; radius = Math.min(radius * 4, maxKm)) {
    const count = index.query(lon, lat, radius);
    let best = -1;
    let km = Infinity;
    for (let k = 0; k < count; k++) {
      const j = index.found[k];
      const d = index.foundKm[k];
      if (d < km || (d === km && j < best)) {
        best = j;
        km = d;
      }
    }
    if (best >= 0 || radius >= maxKm) return { index: best, km };
  }
}
