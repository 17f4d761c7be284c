import { CareshedError } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { studyCountOf } from '../model/surroundings.js';
import { binaryDecay, type Decay } from './decay.js';
import { checkArgument, checkOptions, isNumbers } from '../model/arguments.js';
import { checkReachArguments } from '../travel/arguments.js';

export type FcaMethod = '2sfca' | 'e2sfca' | 'gravity' | '3sfca' | 'bfca';

/** The floating-catchment methods accessibility() takes. */
export const FCA_METHODS: readonly FcaMethod[] = ['2sfca', 'e2sfca', 'gravity', '3sfca', 'bfca'];

/** Whether a value is a decay (a weight function with its cutoff and name). */
export const isDecay = (d: unknown): d is Decay => typeof d === 'object' && d !== null && typeof (d as Decay).weight === 'function' && typeof (d as Decay).max === 'number' && typeof (d as Decay).name === 'string';

export interface AccessOptions {
  /**
   * 2sfca (binary catchment), e2sfca (any decay; Luo & Qi 2009), gravity (e2sfca with a power decay),
   * 3sfca (Wan, Zou & Sternberg 2012), bfca (balanced, Paez, Higgins & Vivona 2019).
   */
  method: FcaMethod;
  /** The decay, or several for one result each (default for 2sfca: binary at the table's cutoff). */
  decay?: Decay | readonly Decay[];
  /** Supply per site (default: the sites' capacity). */
  supply?: ArrayLike<number>;
  /** Demand weight per point (default: population; e.g. an age-standardised population). */
  demandWeight?: ArrayLike<number>;
  /**
   * Accept sites with a supply of 0 (opportunity data where some places have none). By default a site
   * with no supply is an error: in 3SFCA and BFCA it would still draw demand away from the others.
   */
  allowZeroSupply?: boolean;
  /**
   * With surroundings joined after the study's demand (`withSurroundings`): the number of study points. The
   * surroundings compete for the sites in the sums; `value` and the summary cover the study's points only.
   */
  studyCount?: number;
}

export interface AccessSummary {
  method: FcaMethod;
  decay: string;
  /** What weighed the demand: `population`, a demand attribute's name (`standardised_population`), or `given` numbers. */
  demandWeight: string;
  /** Demand-weighted mean of the values that are defined. */
  meanValue: number | null;
  minValue: number | null;
  maxValue: number | null;
  /** Demand points with no site within reach: their value is NaN (null in JSON), not 0. */
  noSupplyCount: number;
  noSupplyPopulation: number;
}

export interface Accessibility {
  /**
   * Accessibility of each demand point (supply per unit of demand); NaN where no site is within reach. With
   * `studyCount`, of the study's points only.
   */
  value: Float64Array;
  /** Supply-to-demand ratio of each site (R_j, the surroundings' demand counted); 0 where no demand reaches it. */
  ratio: Float64Array;
  summary: AccessSummary;
}

/** Checks the inputs of accessibility against the table's shape (`streamAccessibility` checks its blocks the same way). */
export function checkAccessInputs(reach: Pick<ReachTable, 'demandCount' | 'siteCount' | 'maxMinutes'>, demand: Demand, sites: Sites, supply: ArrayLike<number>, weight: ArrayLike<number>, decays: readonly Decay[], allowZero: boolean): void {
  if (reach.demandCount !== demand.size || reach.siteCount !== sites.size) {
    throw new CareshedError('INVALID_REACH_TABLE', `the reach table is ${reach.demandCount} × ${reach.siteCount} but there are ${demand.size} demand points and ${sites.size} sites`);
  }
  if (supply.length !== sites.size) throw new CareshedError('INVALID_OPTION', `supply has ${supply.length} values for ${sites.size} sites`, { field: 'supply' });
  if (weight.length !== demand.size) throw new CareshedError('INVALID_OPTION', `demandWeight has ${weight.length} values for ${demand.size} demand points`, { field: 'demandWeight' });
  for (let j = 0; j < sites.size; j++) {
    if (!(supply[j] > 0 || (allowZero && supply[j] === 0)) || !Number.isFinite(supply[j])) {
      throw new CareshedError('INVALID_CAPACITY', 'a site needs a supply > 0 for accessibility (leave out closed sites)', { source: sites.source, id: sites.ids[j], field: 'capacity', value: supply[j] });
    }
  }
  let total = 0;
  for (let i = 0; i < demand.size; i++) {
    if (!(weight[i] >= 0) || !Number.isFinite(weight[i])) throw new CareshedError('INVALID_POPULATION', 'a demand weight must be a number >= 0', { id: demand.ids[i], field: 'demandWeight', value: weight[i] });
    total += weight[i];
  }
  if (total <= 0) throw new CareshedError('INVALID_POPULATION', 'the demand is 0 everywhere: accessibility per inhabitant is undefined', { source: demand.source, field: 'population', value: 0 });
  for (const decay of decays) {
    if (decay.max > reach.maxMinutes && Number.isFinite(reach.maxMinutes)) {
      throw new CareshedError('INVALID_OPTION', `decay ${decay.name} reaches ${decay.max} minutes but the reach table stops at ${reach.maxMinutes}; build the table with maxMinutes >= ${decay.max}`, { field: 'decay', value: decay.name });
    }
  }
}

/**
 * Floating-catchment accessibility on the reach table: how much supply each demand point can reach,
 * sharing each site's supply among the demand that can reach it.
 *
 *   E2SFCA:  R_j = S_j / Σ_i P_i W(t_ij),            A_i = Σ_j R_j W(t_ij)
 *   3SFCA:   G_ij = W_ij / Σ_k W_ik,                 R_j = S_j / Σ_i G_ij W_ij P_i,   A_i = Σ_j G_ij W_ij R_j
 *   BFCA:    R_j = S_j / Σ_i P_i W_ij / Σ_k W_ik,    A_i = Σ_j R_j W_ij / Σ_k W_kj
 *
 * 2SFCA is E2SFCA with a binary decay; gravity is E2SFCA with a power decay. A demand point with no site
 * within reach gets NaN, not 0: "no supply in reach" is not "supply shared by many".
 *
 * @example
 * const reach = crowFly().reach(communes, gpCommunes, { maxMinutes: 30 });
 * const { value } = accessibility(reach, communes, gpCommunes, { method: 'e2sfca', decay: gravityDecay(1.5, 30) });
 */
export function accessibility(reach: ReachTable, demand: Demand, sites: Sites, options: AccessOptions & { decay?: Decay }): Accessibility;
export function accessibility(reach: ReachTable, demand: Demand, sites: Sites, options: AccessOptions & { decay: readonly Decay[] }): Accessibility[];
export function accessibility(reach: ReachTable, demand: Demand, sites: Sites, options: AccessOptions): Accessibility | Accessibility[] {
  checkReachArguments('accessibility', reach, demand, sites);
  checkOptions('accessibility', options, ['method', 'decay', 'supply', 'demandWeight', 'allowZeroSupply', 'studyCount']);
  checkArgument('accessibility', 'options.method', options?.method, (FCA_METHODS as readonly unknown[]).includes(options?.method), `one of ${FCA_METHODS.join(', ')} (the APL is apl())`);
  const given = options.decay;
  checkArgument('accessibility', 'options.decay', given, given === undefined || isDecay(given) || (Array.isArray(given) && given.every(isDecay)), 'a decay (binaryDecay(30), gravityDecay(1.5, 30), parseDecay(...)) or a list of them');
  for (const [name, values] of [['supply', options.supply], ['demandWeight', options.demandWeight]] as const) checkArgument('accessibility', `options.${name}`, values, values === undefined || isNumbers(values), 'an array of numbers');
  const decays = options.decay === undefined ? [binaryDecay(reach.maxMinutes)] : Array.isArray(options.decay) ? (options.decay as readonly Decay[]) : [options.decay as Decay];
  if (decays.length === 0) throw new CareshedError('INVALID_OPTION', 'no decay given', { field: 'decay' });
  if (options.method === '2sfca' && options.decay !== undefined && decays.some((d) => !d.name.startsWith('binary'))) {
    throw new CareshedError('INVALID_OPTION', '2sfca takes a binary decay; use e2sfca for others', { field: 'decay', value: decays.map((d) => d.name).join(' ') });
  }
  const supply = options.supply ?? sites.capacity;
  const weight = options.demandWeight ?? demand.population;
  checkAccessInputs(reach, demand, sites, supply, weight, decays, options.allowZeroSupply ?? false);
  const studyCount = studyCountOf(options.studyCount, demand.size);
  const weightName = options.demandWeight ? 'given' : 'population';
  const results = decays.map((decay) => {
    const { value, ratio } = floatingCatchment(reach, supply, weight, decay, options.method);
    const study = value.length === studyCount ? value : value.slice(0, studyCount);
    return { value: study, ratio, summary: summariseAccess(study, weight, options.method, decay.name, weightName) };
  });
  return Array.isArray(options.decay) ? results : results[0];
}

function floatingCatchment(reach: ReachTable, supply: ArrayLike<number>, weight: ArrayLike<number>, decay: Decay, method: FcaMethod): { value: Float64Array; ratio: Float64Array } {
  const n = reach.demandCount;
  const m = reach.siteCount;
  const { offsets, site, minutes } = reach;
  const w = new Float64Array(reach.pairCount);
  for (let k = 0; k < w.length; k++) w[k] = decay.weight(minutes[k]);
  // Row sums (over the sites of a demand point) and column sums (over the demand of a site), for 3SFCA and BFCA.
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      rowSum[i] += w[k];
      colSum[site[k]] += w[k];
    }
  }
  // Step 1: the demand each site faces, and its supply-to-demand ratio.
  const faced = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    if (rowSum[i] === 0) continue;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      if (w[k] === 0) continue;
      const share = method === '3sfca' ? (w[k] * w[k]) / rowSum[i] : method === 'bfca' ? w[k] / rowSum[i] : w[k];
      faced[site[k]] += weight[i] * share;
    }
  }
  const ratio = new Float64Array(m);
  for (let j = 0; j < m; j++) ratio[j] = faced[j] > 0 ? supply[j] / faced[j] : 0;
  // Step 2: what each demand point reaches.
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (rowSum[i] === 0) {
      value[i] = NaN;
      continue;
    }
    let a = 0;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      if (w[k] === 0) continue;
      const share = method === '3sfca' ? (w[k] * w[k]) / rowSum[i] : method === 'bfca' ? w[k] / colSum[site[k]] : w[k];
      a += ratio[site[k]] * share;
    }
    value[i] = a;
  }
  return { value, ratio };
}

/** Summary of the values (the study's, which come first), weighed by the demand's weights. */
export function summariseAccess(value: Float64Array, weight: ArrayLike<number>, method: FcaMethod, decay: string, demandWeight: string): AccessSummary {
  let sum = 0;
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  let noSupplyCount = 0;
  let noSupplyPopulation = 0;
  for (let i = 0; i < value.length; i++) {
    if (Number.isNaN(value[i])) {
      noSupplyCount++;
      noSupplyPopulation += weight[i];
      continue;
    }
    sum += value[i] * weight[i];
    total += weight[i];
    if (value[i] < min) min = value[i];
    if (value[i] > max) max = value[i];
  }
  return {
    method,
    decay,
    demandWeight,
    meanValue: total > 0 ? sum / total : null,
    minValue: Number.isFinite(min) ? min : null,
    maxValue: Number.isFinite(max) ? max : null,
    noSupplyCount,
    noSupplyPopulation,
  };
}
