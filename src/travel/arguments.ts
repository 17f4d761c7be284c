import { checkArgument, isRecord } from '../model/arguments.js';
import { RoadGraph } from './network/road-graph.js';
import { isDemand, isPointSet, isSites } from '../model/points.js';
import { isReachTable } from './reach-table.js';

// The arguments most functions share, checked the same way everywhere (see model/arguments.ts).

export const REACH = 'a ReachTable (travel.reach(demand, sites, { maxMinutes }))';
export const DEMAND = 'a Demand (createDemand, readDemandCsv, readDemandGeoJson)';
export const SITES = 'Sites (createSites, readSitesCsv, readSitesGeoJson)';

/**
 * Throws INVALID_ARGUMENT unless `reach` is a ReachTable and, when given, `demand` a Demand and `sites` Sites.
 *
 * @example
 * checkReachArguments('coverage', reach, demand);
 */
export function checkReachArguments(fn: string, reach: unknown, demand?: unknown, sites?: unknown, arity = 3): void {
  checkArgument(fn, 'reach', reach, isReachTable(reach), REACH);
  if (arity >= 2) checkArgument(fn, 'demand', demand, isDemand(demand), DEMAND);
  if (arity >= 3) checkArgument(fn, 'sites', sites, isSites(sites), SITES);
}

/**
 * Throws INVALID_ARGUMENT unless `nearest` is each demand point's nearest site: a ReachTable, or what a travel
 * model's `nearest` gives (demandCount, siteCount, maxMinutes, nearestSite, nearestMinutes).
 *
 * @example
 * checkNearestArguments('coverage', crowFly().nearest(demand, sites), demand);
 */
export function checkNearestArguments(fn: string, nearest: unknown, demand: unknown): void {
  const isNearest =
    isReachTable(nearest) ||
    (isRecord(nearest) && typeof nearest.demandCount === 'number' && typeof nearest.siteCount === 'number' && typeof nearest.maxMinutes === 'number' && nearest.nearestSite instanceof Int32Array && nearest.nearestMinutes instanceof Float32Array);
  checkArgument(fn, 'reach', nearest, isNearest, `${REACH}, or each point's nearest site (travel.nearest(demand, sites), nearestSites(...))`);
  checkDemand(fn, demand);
}

export const checkDemand = (fn: string, demand: unknown, name = 'demand') => checkArgument(fn, name, demand, isDemand(demand), DEMAND);
export const checkSites = (fn: string, sites: unknown, name = 'sites') => checkArgument(fn, name, sites, isSites(sites), SITES);
export const checkPoints = (fn: string, points: unknown, name = 'points') => checkArgument(fn, name, points, isPointSet(points), `${DEMAND} or ${SITES}`);

/** Throws INVALID_ARGUMENT unless `graph` is a RoadGraph (readRoadsGeoJson(...).graph, RoadGraphBuilder). */
export const checkGraph = (fn: string, graph: unknown) => checkArgument(fn, 'graph', graph, graph instanceof RoadGraph, 'a RoadGraph (readRoadNetworkFile(path).graph, readRoadsGeoJson(...).graph)');

/** A speed profile (carProfile()): its speeds by highway class and the share of maxspeed driven. */
export const checkProfile = (fn: string, profile: unknown, name = 'profile') =>
  checkArgument(fn, name, profile, isRecord(profile) && isRecord(profile.speeds) && typeof profile.maxspeedFactor === 'number', 'a speed profile (carProfile(), CAR_PROFILE)');

/** OSM tags: an object of texts. */
export const checkTags = (fn: string, tags: unknown) => checkArgument(fn, 'tags', tags, isRecord(tags), 'an object of OSM tags ({highway: "primary", ...})');
