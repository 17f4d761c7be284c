import { createDemand, type Demand, type Sites } from '../model/points.js';
import { checkArgument, checkOptions, isRecord } from '../model/arguments.js';
import { CareshedError } from '../model/errors.js';
import { checkDemand, checkSites } from './arguments.js';
import { checkMaxMinutes, type TravelProvider } from './provider.js';

export interface PairEstimate {
  /** The pairs within the cutoff the whole table would hold: counted when `exact`, else scaled from the sample. */
  pairs: number;
  /** Demand points whose pairs were counted. */
  sampled: number;
  /** Every demand point was counted (the demand is no larger than the sample). */
  exact: boolean;
}

/**
 * How many pairs `travel.reach(demand, sites, { maxMinutes })` would hold, from the table of a sample of the
 * demand points: `sampleSize` of them evenly spaced through the rows (every k-th point, from the middle of
 * the first stretch, so the same inputs give the same estimate), their pairs times n ÷ sampleSize. For deciding
 * before the build whether a table fits in memory (8 bytes a pair, see `ReachTable.byteLength`) or should be
 * streamed by blocks (`streamAccessibility`). Evenly spaced rows follow the file's order: a file sorted by
 * region is sampled in every region. The sample's table costs what its rows cost: cheap with straight lines;
 * a road network still snaps every site.
 *
 * @example
 * const { pairs } = await estimatePairs(crowFly({ speedKmh: 45, detour: 1.5 }), cells, gps, { maxMinutes: 30 });
 * const streamIt = pairs * 8 > 1e9;
 */
export async function estimatePairs(travel: TravelProvider, demand: Demand, sites: Sites, options: { maxMinutes: number; sampleSize?: number }): Promise<PairEstimate> {
  checkArgument('estimatePairs', 'travel', travel, isRecord(travel) && typeof travel.reach === 'function', 'a travel model (crowFly(), roadNetwork(graph), a matrix)');
  checkDemand('estimatePairs', demand);
  checkSites('estimatePairs', sites);
  checkArgument('estimatePairs', 'options', options, isRecord(options), 'an object {maxMinutes, sampleSize}');
  checkOptions('estimatePairs', options, ['maxMinutes', 'sampleSize']);
  const maxMinutes = checkMaxMinutes(options.maxMinutes);
  const sampleSize = options.sampleSize ?? 2000;
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new CareshedError('INVALID_OPTION', 'option sampleSize must be a whole number of demand points, 1 or more', { field: 'sampleSize', value: sampleSize });
  const n = demand.size;
  if (n <= sampleSize) {
    const table = await travel.reach(demand, sites, { maxMinutes });
    return { pairs: table.pairCount, sampled: n, exact: true };
  }
  const records = Array.from({ length: sampleSize }, (_, s) => {
    const i = Math.floor(((s + 0.5) * n) / sampleSize);
    return { id: demand.ids[i], lon: demand.lon[i], lat: demand.lat[i], population: demand.population[i] };
  });
  const table = await travel.reach(createDemand(records, { source: demand.source, coordinates: 'optional' }), sites, { maxMinutes });
  return { pairs: Math.round((table.pairCount * n) / sampleSize), sampled: sampleSize, exact: false };
}
