import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { apl, APL_UNDER_SERVED } from './apl.js';
import { capacityCoverage, DEFAULT_PATIENTS_PER_GP } from './capacity-coverage.js';
import { checkArgument, checkOptions } from '../model/arguments.js';
import { checkDemand } from '../travel/arguments.js';

/**
 * What a siting model counts at each demand point:
 * - `population`: everyone (the classic MCLP);
 * - `unmet`: the people without a GP place within the target, GPs taking `patientsPerGp` each, people
 *   assigned to the nearest GPs with room (capacity coverage's `unserved`);
 * - `low-apl`: everyone in demand points whose APL to GPs is under a threshold (2.5, DREES's under-served
 *   line), or who reach no GP within 20 minutes.
 */
export type NeedMeasure = 'population' | 'unmet' | 'low-apl';

export const NEED_MEASURES: readonly NeedMeasure[] = ['population', 'unmet', 'low-apl'];

export interface NeedOptions {
  /** `unmet`: covered means minutes ≤ this (default 15). */
  targetMinutes?: number;
  /** `unmet`: patients per GP (default `DEFAULT_PATIENTS_PER_GP`, 1,000; see there for the source). */
  patientsPerGp?: number;
  /** `low-apl`: the APL under which a demand point counts (default 2.5). */
  aplThreshold?: number;
  /** `low-apl`: the APL of each demand point, when known (DREES's published one); computed from the GPs otherwise. */
  apl?: ArrayLike<number>;
  /** `low-apl`, computed: consultations per GP a year (default `DEFAULT_ACTIVITY_PER_GP`). */
  activityPerGp?: number;
  /** `low-apl`, computed: age-standardised population (default the population). */
  standardisedPopulation?: ArrayLike<number> | string | false;
}

export interface Need {
  measure: NeedMeasure;
  /** People in need at each demand point. */
  weight: Float64Array;
  /** Their sum. */
  total: number;
  /** What the need counts, in a phrase ("people without a GP place within 15 minutes at 1,000 patients per GP"). */
  description: string;
  /** `unmet`: the target and patients per GP used; `low-apl`: the threshold and each demand point's APL. */
  targetMinutes?: number;
  patientsPerGp?: number;
  aplThreshold?: number;
  apl?: Float64Array;
}

/**
 * The need at each demand point, measured against the existing GPs (`gps`, capacity = number of GPs): the
 * weights a siting model can count instead of the population (`sitingProblem(..., { weight: need.weight })`).
 * `unmet` and a computed `low-apl` need the reach table from demand to the GPs, its cutoff at least the
 * target and at least 20 minutes for the APL; `population` needs neither.
 *
 * @example
 * const reach = crowFly().reach(communes, gpCommunes, { maxMinutes: 20 });
 * const unmet = measureNeed('unmet', communes, { reach, gps: gpCommunes });
 * unmet.total; // people without a GP place within 15 minutes
 */
export function measureNeed(measure: NeedMeasure, demand: Demand, supply: { reach?: ReachTable; gps?: Sites } = {}, options: NeedOptions = {}): Need {
  checkArgument('measureNeed', 'measure', measure, (NEED_MEASURES as readonly unknown[]).includes(measure), `one of ${NEED_MEASURES.join(', ')}`);
  checkDemand('measureNeed', demand);
  checkOptions('measureNeed', supply, ['reach', 'gps'], 'supply');
  checkOptions('measureNeed', options, ['targetMinutes', 'patientsPerGp', 'aplThreshold', 'apl', 'activityPerGp', 'standardisedPopulation']);
  const people = demand.population;
  const sum = (weight: Float64Array) => weight.reduce((t, x) => t + x, 0);
  const gpsNeeded = () => {
    if (!supply.reach || !supply.gps) throw new CareshedError('INVALID_OPTION', `need "${measure}" is measured against the existing GPs: give the GPs and the reach table to them`, { field: 'need', value: measure });
    return { reach: supply.reach, gps: supply.gps };
  };
  switch (measure) {
    case 'population': {
      const weight = Float64Array.from(people);
      return { measure, weight, total: sum(weight), description: 'inhabitants' };
    }
    case 'unmet': {
      const { reach, gps } = gpsNeeded();
      const targetMinutes = options.targetMinutes ?? 15;
      const patientsPerGp = checkNumberOption('patientsPerGp', options.patientsPerGp ?? DEFAULT_PATIENTS_PER_GP, 0);
      const capacity = capacityCoverage(reach, demand, gps, { targetMinutes, patientsPerUnit: patientsPerGp });
      const weight = Float64Array.from(capacity.unserved);
      return { measure, weight, total: sum(weight), description: `people without a GP place within ${targetMinutes} minutes at ${patientsPerGp.toLocaleString('en-GB')} patients per GP`, targetMinutes, patientsPerGp };
    }
    case 'low-apl': {
      const aplThreshold = checkNumberOption('aplThreshold', options.aplThreshold ?? APL_UNDER_SERVED, 0);
      let value: Float64Array;
      if (options.apl) {
        if (options.apl.length !== demand.size) throw new CareshedError('INVALID_OPTION', `apl has ${options.apl.length} values for ${demand.size} demand points`, { field: 'apl' });
        value = Float64Array.from(options.apl);
      } else {
        const { reach, gps } = gpsNeeded();
        value = apl(reach, demand, gps, { activityPerGp: options.activityPerGp, standardisedPopulation: options.standardisedPopulation, allowZeroSupply: true }).value;
      }
      // NaN is "no GP within reach": under any threshold.
      const weight = Float64Array.from(people, (p, i) => (value[i] >= aplThreshold ? 0 : p));
      return { measure, weight, total: sum(weight), description: `people in communes with an APL under ${aplThreshold} or no GP within 20 minutes`, aplThreshold, apl: value };
    }
    default:
      throw new CareshedError('INVALID_OPTION', `unknown need "${measure as string}"; expected population, unmet or low-apl`, { field: 'need', value: measure });
  }
}
