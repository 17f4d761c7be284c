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
      const near = this.#mainIndex.nearest(points.lon[i], points.lat[i]);
      if (near.index < 0 || near.km > maxSnapKm) {
        unsnapped.push(points.ids[i]);
        continue;
      }
      node[i] = this.#main[near.index];
      offMinutes[i] = ((near.km * offNetworkDetour) / offNetworkKmh) * 60;
      const any = this.#allIndex.nearest(points.lon[i], points.lat[i]);
      if (!this.#isMain[any.index] && any.km < near.km) movedToMainNetwork.push(points.ids[i]);
    }
    return { node, offMinutes, unsnapped, movedToMainNetwork };
  }

  get graph(): RoadGraph {
    return this.#graph;
  }
}
