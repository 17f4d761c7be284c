import { CareshedError } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { Progress } from '../model/progress.js';
import { studyCountOf } from '../model/surroundings.js';
import type { TravelProvider } from '../travel/provider.js';
import type { ReachTable } from '../travel/reach-table.js';
import { binaryDecay, type Decay } from './decay.js';
import { checkAccessInputs, isDecay, summariseAccess, type Accessibility, type FcaMethod } from './floating-catchment.js';
import { checkArgument, checkOptions, isRecord } from '../model/arguments.js';
import { checkDemand, checkSites } from '../travel/arguments.js';

export interface StreamAccessOptions {
  /** As `accessibility`: 2sfca, e2sfca, gravity, 3sfca or bfca. */
  method: FcaMethod;
  /**
   * The decay (default for 2sfca: binary at `maxMinutes`), or several for one result each: the blocks are built
   * once a pass for all of them, as `accessibility` takes one table for several.
   */
  decay?: Decay | readonly Decay[];
  /** The cutoff of each block's reach table; default the decays' largest cutoff (which must then be finite). */
  maxMinutes?: number;
  /** Supply per site (default: the sites' capacity). */
  supply?: ArrayLike<number>;
  /** Demand weight per point (default: population). */
  demandWeight?: ArrayLike<number>;
  allowZeroSupply?: boolean;
  /** With surroundings joined after the study's demand: the number of study points (see `accessibility`). */
  studyCount?: number;
  /** Demand points per block: the pairs of one block are all that is held at a time. Default 100,000. */
  blockSize?: number;
  /**
   * Keep block tables from the first pass for the second, up to this many bytes (8 a pair, `byteLength`), instead
   * of building them again: each kept block saves its travel work, but is held until the second pass reaches
   * it. Default 0 (every block built twice: one block's pairs held at a time); Infinity keeps every block.
   */
  keepBytes?: number;
  /** Told how far the two passes have gone, in demand points (one step each pass). */
  onProgress?: Progress;
}

export interface StreamedAccessibility extends Accessibility {
  /** How the work was split: blocks, pairs in all, and the most pairs held at once. */
  stream: { blockSize: number; blocks: number; pairCount: number; largestBlockPairs: number; keptBlocks: number };
}

/**
 * Floating-catchment accessibility for a demand too large for one reach table (a 200 m population grid of
 * a country): the demand goes through the travel provider in blocks of rows, twice. The supply ratio of a
 * site needs the demand of every block (R_j = S_j / Σ_i P_i W(t_ij)) before any point's value can be summed
 * (A_i = Σ_j R_j W(t_ij)), so the first pass builds each block's table and adds its weighted demand to the
 * sites' sums (and, for 3SFCA and BFCA, the sums those need), and the second builds the blocks again (or
 * takes back those kept within `keepBytes`) and sums each point's value. Memory: one block's pairs, plus a few
 * numbers per demand point and per site. The sums are made in the same order as `accessibility` on the whole
 * table, so the results are the same, bit for bit, whenever the provider gives a block the rows it would
 * give the whole (crow-fly, road network, matrix file do). Several decays (a list, one result each) share the
 * blocks: each is built once a pass for all of them.
 *
 * @example
 * const travel = crowFly({ speedKmh: 45, detour: 1.5 });
 * const { value, summary } = await streamAccessibility(travel, cells, gps, { method: 'e2sfca', decay: gaussianDecay(10, 30), blockSize: 100_000 });
 */
export async function streamAccessibility(travel: TravelProvider, demand: Demand, sites: Sites, options: StreamAccessOptions & { decay?: Decay }): Promise<StreamedAccessibility>;
export async function streamAccessibility(travel: TravelProvider, demand: Demand, sites: Sites, options: StreamAccessOptions & { decay: readonly Decay[] }): Promise<StreamedAccessibility[]>;
export async function streamAccessibility(travel: TravelProvider, demand: Demand, sites: Sites, options: StreamAccessOptions): Promise<StreamedAccessibility | StreamedAccessibility[]>;
export async function streamAccessibility(travel: TravelProvider, demand: Demand, sites: Sites, options: StreamAccessOptions): Promise<StreamedAccessibility | StreamedAccessibility[]> {
  checkArgument('streamAccessibility', 'travel', travel, isRecord(travel) && typeof travel.reach === 'function', 'a travel model (crowFly(), roadNetwork(graph), a matrix)');
  checkDemand('streamAccessibility', demand);
  checkSites('streamAccessibility', sites);
  checkArgument('streamAccessibility', 'options', options, isRecord(options), 'an object {method, decay, maxMinutes, blockSize, ...}');
  checkOptions('streamAccessibility', options, ['method', 'decay', 'maxMinutes', 'supply', 'demandWeight', 'allowZeroSupply', 'studyCount', 'blockSize', 'keepBytes', 'onProgress']);
  const given = options.decay;
  checkArgument('streamAccessibility', 'options.decay', given, given === undefined || isDecay(given) || (Array.isArray(given) && given.length > 0 && given.every(isDecay)), 'a decay (binaryDecay(30), gravityDecay(1.5, 30), parseDecay(...)) or a list of them');
  const listed: readonly Decay[] | undefined = given === undefined ? undefined : Array.isArray(given) ? given : [given as Decay];
  const maxMinutes = options.maxMinutes ?? (listed ? Math.max(...listed.map((d) => d.max)) : undefined);
  if (maxMinutes === undefined || !Number.isFinite(maxMinutes) || !(maxMinutes >= 0)) {
    throw new CareshedError('INVALID_OPTION', 'streamed accessibility needs a finite cutoff in minutes for its blocks: give maxMinutes, or a decay with a cutoff', { field: 'maxMinutes', value: maxMinutes });
  }
  const decays = listed ?? [binaryDecay(maxMinutes)];
  const notBinary = decays.find((d) => !d.name.startsWith('binary'));
  if (options.method === '2sfca' && notBinary) {
    throw new CareshedError('INVALID_OPTION', '2sfca takes a binary decay; use e2sfca for others', { field: 'decay', value: notBinary.name });
  }
  const blockSize = options.blockSize ?? 100_000;
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new CareshedError('INVALID_OPTION', 'blockSize must be a whole number of demand points >= 1', { field: 'blockSize', value: blockSize });
  const supply = options.supply ?? sites.capacity;
  const weight = options.demandWeight ?? demand.population;
  checkAccessInputs({ demandCount: demand.size, siteCount: sites.size, maxMinutes }, demand, sites, supply, weight, decays, options.allowZeroSupply ?? false);
  const studyCount = studyCountOf(options.studyCount, demand.size);
  const method = options.method;
  const n = demand.size;
  const m = sites.size;
  const blocks = Math.ceil(n / blockSize);
  const keepBytes = options.keepBytes ?? 0;
  if (!(keepBytes >= 0)) throw new CareshedError('INVALID_OPTION', 'keepBytes must be a number of bytes >= 0 (Infinity keeps every block)', { field: 'keepBytes', value: keepBytes });
  const kept: (ReachTable | undefined)[] = new Array(blocks);
  let keptBytes = 0;
  let keptBlocks = 0;
  let pairCount = 0;
  let largestBlockPairs = 0;

  /** The table of block b, built (its progress told as a share of the pass) or taken back from the first pass. */
  const blockTable = async (b: number, pass: 1 | 2, step: string): Promise<ReachTable> => {
    const taken = kept[b];
    if (pass === 2 && taken) return taken;
    const start = b * blockSize;
    const end = Math.min(n, start + blockSize);
    const onProgress = options.onProgress && ((e: { done: number; total: number | null; finished?: boolean }) => {
      if (e.total && !e.finished) options.onProgress!({ step, done: start + Math.floor(((end - start) * e.done) / e.total), total: n, unit: 'demand points' });
    });
    const table = await travel.reach(demand.rows(start, end), sites, { maxMinutes, onProgress });
    if (table.demandCount !== end - start || table.siteCount !== m) {
      throw new CareshedError('INVALID_REACH_TABLE', `${travel.name} gave a ${table.demandCount} × ${table.siteCount} table for demand rows ${start} to ${end} (${end - start}) and ${m} sites`);
    }
    if (pass === 1) {
      pairCount += table.pairCount;
      largestBlockPairs = Math.max(largestBlockPairs, table.pairCount);
      if (keptBytes + table.byteLength <= keepBytes) {
        kept[b] = table;
        keptBytes += table.byteLength;
        keptBlocks++;
      }
    }
    return table;
  };

  // Pass 1: for each decay, each site's weighted demand (faced), each point's sum of weights (rowSum), each site's (colSum).
  const sums = decays.map(() => ({ rowSum: new Float64Array(n), colSum: new Float64Array(m), faced: new Float64Array(m) }));
  const scratch = new Float64Array(m);
  const step1 = 'accessibility, pass 1 of 2 (the demand each site faces)';
  for (let b = 0; b < blocks; b++) {
    const table = await blockTable(b, 1, step1);
    decays.forEach((decay, d) => addDemand(table, b * blockSize, decay, method, weight, sums[d], scratch));
    options.onProgress?.({ step: step1, done: Math.min(n, (b + 1) * blockSize), total: n, unit: 'demand points' });
  }
  options.onProgress?.({ step: step1, done: n, total: n, unit: 'demand points', finished: true });
  const ratios = sums.map(({ faced }) => {
    const ratio = new Float64Array(m);
    for (let j = 0; j < m; j++) ratio[j] = faced[j] > 0 ? supply[j] / faced[j] : 0;
    return ratio;
  });

  // Pass 2: what each demand point reaches.
  const values = decays.map(() => new Float64Array(n));
  const step2 = 'accessibility, pass 2 of 2 (what each point reaches)';
  for (let b = 0; b < blocks; b++) {
    const table = await blockTable(b, 2, step2);
    decays.forEach((decay, d) => addReached(table, b * blockSize, decay, method, sums[d], ratios[d], values[d]));
    kept[b] = undefined; // done with it: the collector may take it
    options.onProgress?.({ step: step2, done: Math.min(n, (b + 1) * blockSize), total: n, unit: 'demand points' });
  }
  options.onProgress?.({ step: step2, done: n, total: n, unit: 'demand points', finished: true });
  const stream = { blockSize, blocks, pairCount, largestBlockPairs, keptBlocks };
  const weightName = options.demandWeight ? 'given' : 'population';
  const results = decays.map((decay, d) => {
    const value = values[d];
    const study = value.length === studyCount ? value : value.slice(0, studyCount);
    return { value: study, ratio: ratios[d], summary: summariseAccess(study, weight, method, decay.name, weightName), stream };
  });
  return Array.isArray(given) ? results : results[0];
}

interface DecaySums {
  rowSum: Float64Array;
  colSum: Float64Array;
  faced: Float64Array;
}

/**
 * Pass 1 on one block (its first row is demand point `first`): its weights into the sums, in the whole table's
 * order. A row's weights are computed once into `scratch` for its two loops, as `accessibility` computes each
 * pair's once (a row has one pair a site, so the site count is enough; a longer row from some provider gets its own).
 */
function addDemand(table: ReachTable, first: number, decay: Decay, method: FcaMethod, weight: ArrayLike<number>, { rowSum, colSum, faced }: DecaySums, scratch: Float64Array): void {
  const { offsets, site, minutes } = table;
  for (let r = 0; r < table.demandCount; r++) {
    const i = first + r;
    const start = offsets[r];
    const end = offsets[r + 1];
    const row = end - start <= scratch.length ? scratch : new Float64Array(end - start);
    let sum = 0;
    for (let k = start; k < end; k++) {
      const w = decay.weight(minutes[k]);
      row[k - start] = w;
      sum += w;
      colSum[site[k]] += w;
    }
    rowSum[i] = sum;
    if (sum === 0) continue;
    for (let k = start; k < end; k++) {
      const w = row[k - start];
      if (w === 0) continue;
      const share = method === '3sfca' ? (w * w) / sum : method === 'bfca' ? w / sum : w;
      faced[site[k]] += weight[i] * share;
    }
  }
}

/** Pass 2 on one block: each of its points' value, NaN for a point that reaches nothing. */
function addReached(table: ReachTable, first: number, decay: Decay, method: FcaMethod, { rowSum, colSum }: DecaySums, ratio: Float64Array, value: Float64Array): void {
  const { offsets, site, minutes } = table;
  for (let r = 0; r < table.demandCount; r++) {
    const i = first + r;
    if (rowSum[i] === 0) {
      value[i] = NaN;
      continue;
    }
    let a = 0;
    for (let k = offsets[r]; k < offsets[r + 1]; k++) {
      const w = decay.weight(minutes[k]);
      if (w === 0) continue;
      const share = method === '3sfca' ? (w * w) / rowSum[i] : method === 'bfca' ? w / colSum[site[k]] : w;
      a += ratio[site[k]] * share;
    }
    value[i] = a;
  }
}
