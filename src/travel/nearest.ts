import type { PointSet } from '../model/points.js';
import type { NearestSites } from './reach-table.js';
import type { ReachOptions, TravelProvider } from './provider.js';
import { checkArgument, isRecord } from '../model/arguments.js';
import { checkPoints } from './arguments.js';

/**
 * Each demand point's nearest site at any distance and the minutes to it, as cheaply as the provider can:
 * its `nearest` when it has one (straight lines: no pair table at all, one nearest-neighbour query a point),
 * else its reach table to `maxMinutes` (road networks, matrices and servers find the nearest while they
 * build it). What `coverage` needs and nothing more; measures that need the pairs (accessibility, siting)
 * take the reach table.
 *
 * @example
 * const travel = crowFly({ speedKmh: 45, detour: 1.5 });
 * const result = coverage(await nearestSites(travel, communes, centres, { maxMinutes: 15 }), communes, { targetMinutes: 15 });
 */
export function nearestSites(travel: TravelProvider, demand: PointSet, sites: PointSet, options: ReachOptions): NearestSites | Promise<NearestSites> {
  checkArgument('nearestSites', 'travel', travel, isRecord(travel) && typeof travel.reach === 'function', 'a travel model (crowFly(), roadNetwork(graph), a matrix)');
  checkPoints('nearestSites', demand, 'demand');
  checkPoints('nearestSites', sites, 'sites');
  checkArgument('nearestSites', 'options', options, isRecord(options), 'an object {maxMinutes, onProgress}');
  if (travel.nearest) return travel.nearest(demand, sites, { onProgress: options.onProgress });
  return travel.reach(demand, sites, options);
}
