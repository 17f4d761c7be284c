import { requireCoordinates, type PointSet } from '../model/points.js';
import type { NearestSites, ReachTable } from './reach-table.js';
import type { Progress } from '../model/progress.js';
import { checkNumberOption } from '../model/errors.js';
import { checkArgument, isRecord } from '../model/arguments.js';

export interface ReachOptions {
  /** Pairs farther than this many minutes are left out of the table (inclusive cutoff); Infinity keeps every pair. */
  maxMinutes: number;
  /** Told how far a long build has gone (road-network searches, server batches). */
  onProgress?: Progress;
}

/** A travel model as a planner reads it, stated beside every result it produced. */
export interface TravelDescription {
  /** The command-line spelling that rebuilds it, e.g. "crow:45:1.5". */
  spec: string;
  /** What the minutes are, where the model's settings come from and how far to trust them, in words. */
  words: string;
}

/**
 * Anything that can tell travel minutes from demand points to sites: straight lines, a road network, a
 * matrix file, a routing server. It builds the reach table; nothing downstream knows which one it was.
 */
export interface TravelProvider {
  /** A short description, e.g. "crow:45:1.5". */
  readonly name: string;
  /** The model in words (built-in providers have one; see `describeTravel`). */
  describe?(): TravelDescription;
  reach(demand: PointSet, sites: PointSet, options: ReachOptions): ReachTable | Promise<ReachTable>;
  /**
   * Each demand point's nearest site at any distance, without the pairs, for providers that find it for less
   * than a reach table (straight lines: one nearest-neighbour query a point). The same sites and minutes, bit
   * for bit, as the table's `nearestSite` and `nearestMinutes`. See `nearestSites`.
   */
  nearest?(demand: PointSet, sites: PointSet, options?: Pick<ReachOptions, 'onProgress'>): NearestSites | Promise<NearestSites>;
}

/**
 * A provider's description, or for one without `describe()` its name and a plain statement that nothing is
 * known of its accuracy.
 *
 * @example
 * describeTravel(crowFly()).words; // "straight lines at 45 km/h ..."
 */
export function describeTravel(travel: TravelProvider): TravelDescription {
  checkArgument('describeTravel', 'travel', travel, isRecord(travel) && typeof travel.name === 'string' && typeof travel.reach === 'function', 'a travel provider (crowFly(), roadNetwork(graph), osrm(url), ...)');
  return travel.describe?.() ?? { spec: travel.name, words: `travel minutes from ${travel.name} (a provider careshed does not know: no stated accuracy)` };
}

/** A reach cutoff: a finite number of minutes >= 0, or Infinity for every pair (a complete table). */
export function checkMaxMinutes(value: number): number {
  return value === Infinity ? value : checkNumberOption('maxMinutes', value, 0);
}

/**
 * Refuses demand points and sites without a position (read for a matrix, which goes by ids) in a provider
 * that measures from positions: `how` says how it does, e.g. "crow-fly travel (straight lines between positions)".
 */
export function requirePlaced(how: string, ...sets: PointSet[]): void {
  for (const set of sets) requireCoordinates(set, how, 'give them lon and lat, or travel by ids with a matrix of travel times (--travel matrix:FILE)');
}
