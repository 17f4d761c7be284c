import type { PointSet } from '../model/points.js';
import type { ReachTable } from './reach-table.js';
import type { Progress } from '../model/progress.js';

export interface ReachOptions {
  /** Pairs farther than this many minutes are left out of the table (inclusive cutoff). */
  maxMinutes: number;
  /** Told how far a long build has gone (road-network searches, server batches). */
  onProgress?: Progress;
}

/**
 * Anything that can tell travel minutes from demand points to sites: straight lines, a road network, a
 * matrix file, a routing server. It builds the reach table; nothing downstream knows which one it was.
 */
export interface TravelProvider {
  /** A short description, e.g. "crow:60:1.3". */
  readonly name: string;
  reach(demand: PointSet, sites: PointSet, options: ReachOptions): ReachTable | Promise<ReachTable>;
}
