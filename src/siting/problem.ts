import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { checkArgument, checkOptions, isNumbers, isRecord } from '../model/arguments.js';
import { checkReachArguments } from '../travel/arguments.js';

/**
 * One shape for every siting model: demand weights, sites (existing ones kept open, candidates to
 * choose from), and for each demand point the sites it reaches with their cost (minutes), sorted; plus
 * the transpose, each site's demand. Built from a reach table or a cost matrix.
 */
export interface SitingProblem {
  demandCount: number;
  siteCount: number;
  /** What the models count at each demand point: the population, or a need (`ProblemOptions.weight`). */
  weight: Float64Array;
  /** The people of each demand point, whatever the weight: what "people newly within the target" counts. */
  population: Float64Array;
  /** Demand → sites in CSR, costs ascending. */
  offsets: Uint32Array;
  site: Uint32Array;
  cost: Float64Array;
  /** Site → demand in CSR (the catchments). */
  siteOffsets: Uint32Array;
  siteDemand: Uint32Array;
  siteCost: Float64Array;
  /** 1 for sites that are open whatever the model decides (existing centres). */
  fixed: Uint8Array;
  /** 1 for sites the model may open. */
  candidate: Uint8Array;
  /** Site capacity, for capacitated models. */
  capacity: Float64Array;
  /** Cost of a demand point that reaches no open site in the table (p-median, p-center). */
  beyondCost: number;
  ids: readonly string[];
  demandIds: readonly string[];
}

export interface ProblemOptions {
  /** Sites kept open (existing centres), by id. */
  existing?: readonly string[];
  /** Sites that may be chosen, by id; default every site that is not existing. */
  candidates?: readonly string[];
  /** Sites never to choose, by id. */
  exclude?: readonly string[];
  /** Cost of reaching no open site within the table (default: the table's cutoff). */
  beyondCost?: number;
  /** Capacity per site (default the sites' capacity). */
  capacity?: ArrayLike<number>;
  /**
   * What to count at each demand point instead of its population: a need (`measureNeed(...).weight`: people
   * without a GP place, people in low-APL communes). MCLP then covers the most need, p-median weighs minutes by it.
   */
  weight?: ArrayLike<number>;
}

/**
 * A siting problem from a reach table over `sites` (existing and candidate sites together), counting the
 * population, or a need given as `weight`.
 *
 * @example
 * const all = createSites([...existing, ...candidates]);
 * const problem = sitingProblem(crowFly().reach(communes, all, { maxMinutes: 15 }), communes, all, { existing: ['msmr-09257'] });
 * const byNeed = sitingProblem(reach, communes, all, { existing: ['msmr-09257'], weight: measureNeed('low-apl', communes, { reach: gpReach, gps }).weight });
 */
export function sitingProblem(reach: ReachTable, demand: Demand, sites: Sites, options: ProblemOptions = {}): SitingProblem {
  checkReachArguments('sitingProblem', reach, demand, sites);
  checkOptions('sitingProblem', options, ['existing', 'candidates', 'exclude', 'beyondCost', 'capacity', 'weight']);
  if (reach.demandCount !== demand.size || reach.siteCount !== sites.size) {
    throw new CareshedError('INVALID_REACH_TABLE', `the reach table is ${reach.demandCount} × ${reach.siteCount} but there are ${demand.size} demand points and ${sites.size} sites`);
  }
  const m = sites.size;
  const indexOf = (id: string, role: string) => {
    const j = sites.indexOf(id);
    if (j < 0) throw new CareshedError('INVALID_OPTION', `${role} site "${id}" is not among the sites`, { field: role, value: id });
    return j;
  };
  const fixed = new Uint8Array(m);
  for (const id of options.existing ?? []) fixed[indexOf(id, 'existing')] = 1;
  const candidate = new Uint8Array(m);
  if (options.candidates) for (const id of options.candidates) candidate[indexOf(id, 'candidates')] = 1;
  else for (let j = 0; j < m; j++) candidate[j] = fixed[j] ? 0 : 1;
  for (const id of options.exclude ?? []) candidate[indexOf(id, 'exclude')] = 0;
  for (let j = 0; j < m; j++) if (fixed[j]) candidate[j] = 0;
  const capacity = Float64Array.from(options.capacity ?? sites.capacity);
  if (capacity.length !== m) throw new CareshedError('INVALID_OPTION', `capacity has ${capacity.length} values for ${m} sites`, { field: 'capacity' });
  const weight = Float64Array.from(options.weight ?? demand.population);
  if (weight.length !== demand.size) throw new CareshedError('INVALID_OPTION', `weight has ${weight.length} values for ${demand.size} demand points`, { field: 'weight' });
  for (let i = 0; i < weight.length; i++) {
    if (!(weight[i] >= 0) || !Number.isFinite(weight[i])) throw new CareshedError('INVALID_OPTION', 'a weight must be a finite number >= 0', { id: demand.ids[i], field: 'weight', value: weight[i] });
  }
  // A table with every pair (cutoff Infinity) has nothing beyond it: then the default is never used.
  const beyondCost = options.beyondCost === undefined ? reach.maxMinutes : checkNumberOption('beyondCost', options.beyondCost, 0);
  const c = reach.catchments();
  return {
    demandCount: demand.size,
    siteCount: m,
    weight,
    population: Float64Array.from(demand.population),
    offsets: reach.offsets,
    site: reach.site,
    cost: Float64Array.from(reach.minutes),
    siteOffsets: c.offsets,
    siteDemand: c.demand,
    siteCost: Float64Array.from(c.minutes),
    fixed,
    candidate,
    capacity,
    beyondCost,
    ids: sites.ids,
    demandIds: demand.ids,
  };
}

/**
 * Throws INVALID_ARGUMENT unless `problem` is a SitingProblem (sitingProblem, problemFromCosts).
 *
 * @example
 * checkProblem('site', sitingProblem(reach, demand, sites));
 */
export function checkProblem(fn: string, problem: unknown): void {
  const ok = isRecord(problem) && typeof problem.demandCount === 'number' && typeof problem.siteCount === 'number' && isNumbers(problem.offsets) && isNumbers(problem.cost) && isNumbers(problem.weight);
  checkArgument(fn, 'problem', problem, ok, 'a SitingProblem (sitingProblem(reach, demand, sites), problemFromCosts)');
}

/** Indices of the candidate sites. */
export function candidateIndices(problem: SitingProblem): number[] {
  checkProblem('candidateIndices', problem);
  const out: number[] = [];
  for (let j = 0; j < problem.siteCount; j++) if (problem.candidate[j]) out.push(j);
  return out;
}

/** Indices of the fixed (existing) sites. */
export function fixedIndices(problem: SitingProblem): number[] {
  checkProblem('fixedIndices', problem);
  const out: number[] = [];
  for (let j = 0; j < problem.siteCount; j++) if (problem.fixed[j]) out.push(j);
  return out;
}
