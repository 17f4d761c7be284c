import { CareshedError } from '../../model/errors.js';
import { greatCircleKm } from '../../geo/geodesy.js';
import { emptyReport, tally, type NetworkBuildReport } from './build-report.js';
import { CAR_PROFILE, judgeWay, type Direction, type SpeedProfile } from './profile.js';
import { RoadGraph, RoadGraphBuilder } from './road-graph.js';
import { checkProfile } from '../arguments.js';

export type Tags = Readonly<Record<string, string | undefined>>;

/** A routable graph and the report of how it was built. */
export interface RoadNetwork {
  graph: RoadGraph;
  report: NetworkBuildReport;
}

/**
 * Turns OSM-style ways (a list of positions or of node ids, and tags) into a road graph: every position
 * is a node, ways that share a node (an id, or the same coordinates) are joined there, each segment is an
 * arc in the directions the way may be driven, at the speed the profile gives.
 */
export class WayNetworkBuilder {
  readonly #profile: SpeedProfile;
  readonly #builder = new RoadGraphBuilder();
  readonly #byKey = new Map<string | number, number>();
  readonly report: NetworkBuildReport;
  /** OSM node positions by id, for ways given as node ids. */
  readonly #osmNodes = new Map<number, number>();
  #osmLon: number[] = [];
  #osmLat: number[] = [];

  constructor(profile: SpeedProfile = CAR_PROFILE) {
    checkProfile('WayNetworkBuilder', profile);
    this.#profile = profile;
    this.report = emptyReport(profile.maxspeedFactor);
  }

  /** Records an OSM node's position (before the ways that use it). */
  osmNode(id: number, lon: number, lat: number): void {
    this.#osmNodes.set(id, this.#osmLon.length);
    this.#osmLon.push(lon);
    this.#osmLat.push(lat);
  }

  /**
   * A way given as OSM node ids. A node the file lacks (an extract cut at its border keeps the ways that cross
   * it whole, with references to nodes outside) splits the way there: the stretches of two nodes or more on
   * either side are kept, the segments that touch the missing node are not (where they went is unknown, and
   * joining its neighbours straight would draw a road that is not there). Counted in the report: the
   * references to missing nodes, the ways kept in pieces, and those with no stretch left (`leftOut.missingNodes`).
   */
  osmWay(refs: readonly number[], tags: Tags): void {
    const verdict = this.#judge(tags);
    if (!verdict) return;
    let missing = 0;
    let pieces = 0;
    let nodes: number[] = [];
    const flush = () => {
      if (nodes.length >= 2) {
        this.#addArcs(nodes, verdict.kmh, verdict.direction);
        pieces++;
      }
      nodes = [];
    };
    for (const ref of refs) {
      const at = this.#osmNodes.get(ref);
      if (at === undefined) {
        missing++;
        flush();
      } else nodes.push(this.#node(ref, this.#osmLon[at], this.#osmLat[at]));
    }
    if (missing === 0) return this.#addPath(nodes, verdict.kmh, verdict.direction);
    flush();
    this.report.missingNodeRefs += missing;
    if (pieces === 0) this.report.leftOut.missingNodes++;
    else {
      this.report.waysUsed++;
      this.report.waysCut++;
    }
  }

  /** A way given as positions; positions that coincide (to 1e-7 degree) are one node. */
  lineWay(positions: readonly (readonly number[])[], tags: Tags, where: { source?: string; feature?: number }): void {
    const verdict = this.#judge(tags);
    if (!verdict) return;
    const nodes: number[] = [];
    for (const p of positions) {
      if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
        throw new CareshedError('INVALID_GEOMETRY', 'a road position must be [longitude, latitude] in degrees', { ...where, value: p });
      }
      const key = `${Math.round(p[0] * 1e7)},${Math.round(p[1] * 1e7)}`;
      nodes.push(this.#node(key, p[0], p[1]));
    }
    this.#addPath(nodes, verdict.kmh, verdict.direction);
  }

  /** Counts a feature that is not a line (a Point or Polygon in a roads file). */
  notALine(): void {
    this.report.ways++;
    this.report.leftOut.notALine++;
  }

  finish(): RoadNetwork {
    const graph = this.#builder.finish();
    this.report.nodes = graph.nodeCount;
    this.report.arcs = graph.arcCount;
    if (graph.arcCount === 0) {
      const out = this.report.leftOut;
      throw new CareshedError(
        'EMPTY_INPUT',
        `no drivable road among ${this.report.ways} ways (not highways ${out.notHighway}, closed to cars ${out.closedToCars}, no car access ${out.noCarAccess}, unknown highway ${out.unknownHighway}, not lines ${out.notALine}, too short ${out.tooShort})`,
      );
    }
    return { graph, report: this.report };
  }

  #judge(tags: Tags): { kmh: number; direction: Direction } | null {
    this.report.ways++;
    const verdict = judgeWay(tags, this.#profile);
    if (!verdict.use) {
      const out = this.report.leftOut;
      if (verdict.reason === 'not a highway') out.notHighway++;
      else if (verdict.reason === 'closed to cars') out.closedToCars++;
      else if (verdict.reason === 'no car access') out.noCarAccess++;
      else {
        out.unknownHighway++;
        tally(this.report.unknownHighway, verdict.highway ?? '');
      }
      return null;
    }
    if (verdict.maxspeedUnparsed !== undefined) tally(this.report.maxspeedUnparsed, verdict.maxspeedUnparsed);
    if (verdict.onewayUnparsed !== undefined) tally(this.report.onewayUnparsed, verdict.onewayUnparsed);
    return verdict;
  }

  #node(key: string | number, lon: number, lat: number): number {
    let node = this.#byKey.get(key);
    if (node === undefined) {
      node = this.#builder.addNode(lon, lat);
      this.#byKey.set(key, node);
    }
    return node;
  }

  #addPath(nodes: readonly number[], kmh: number, direction: Direction): void {
    if (nodes.length < 2) {
      this.report.leftOut.tooShort++;
      return;
    }
    this.report.waysUsed++;
    this.#addArcs(nodes, kmh, direction);
  }

  /** The arcs between consecutive nodes, in the directions the road may be driven. */
  #addArcs(nodes: readonly number[], kmh: number, direction: Direction): void {
    const g = this.#builder;
    for (let k = 1; k < nodes.length; k++) {
      const a = nodes[k - 1];
      const b = nodes[k];
      if (a === b) continue;
      const km = greatCircleKm(g.lonOf(a), g.latOf(a), g.lonOf(b), g.latOf(b));
      const minutes = (km / kmh) * 60;
      if (direction !== 'backward') g.addArc(a, b, km, minutes);
      if (direction !== 'forward') g.addArc(b, a, km, minutes);
    }
  }
}
