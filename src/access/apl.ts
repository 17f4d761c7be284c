import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { stepDecay } from './decay.js';
import { accessibility, type Accessibility } from './floating-catchment.js';

/** DREES APL decay: 1 under 10 minutes, 2/3 from 10 to 15, 1/3 from 15 to 20, 0 beyond (bounds inclusive here). */
export const APL_DECAY = stepDecay([
  [10, 1],
  [15, 2 / 3],
  [20, 1 / 3],
]);

/**
 * Consultations and visits per GP per year when only GP counts are known: careshed's default, 3,900. It is
 * the value (3,925, rounded) that gives the APL of Occitanie's communes, from the 6,282 GPs of the BPE counts
 * with default crow-fly times, the mean of the 2022 DREES APL (4.03 consultations per standardised
 * inhabitant, weighted by standardised population); examples/occitanie-access.ts prints the fit. DREES counts
 * each GP's real activity, capped (see `dreesActivity`).
 */
export const DEFAULT_ACTIVITY_PER_GP = 3900;

/**
 * The activity DREES counts for one GP from the consultations and visits of the year: under 250, none
 * (not a real practice); 251 to 3,600 counts 3,600; 3,601 to 6,000 as is; over 6,000 counts 6,000. In a health
 * centre the bounds do not apply.
 */
export function dreesActivity(consultations: number, options: { healthCentre?: boolean } = {}): number {
  checkNumberOption('consultations', consultations, 0);
  if (options.healthCentre) return consultations;
  if (consultations < 250) return 0;
  if (consultations <= 3600) return 3600;
  return Math.min(consultations, 6000);
}

export interface AplOptions {
  /** Activity per site (consultations a year, each GP already capped by `dreesActivity`). */
  activity?: ArrayLike<number>;
  /** Without `activity`: the sites' capacity is their number of GPs, times this (default 4,500). */
  activityPerGp?: number;
  /** Age-standardised population (DREES weights consumption by age), per demand point; default the population. */
  standardisedPopulation?: ArrayLike<number>;
  /** Accept sites with no supply (closed, or a new centre not yet staffed); default false. */
  allowZeroSupply?: boolean;
}

/**
 * Accessibilité potentielle localisée (APL) to GPs as DREES computes it: an E2SFCA with the step weights
 * 1, 2/3, 1/3, 0 for under 10, 10–15, 15–20 and over 20 minutes, supply in consultations a year, demand in
 * age-standardised inhabitants. The result is in consultations per standardised inhabitant per year; DREES
 * calls a commune "sous-dense" under 2.5.
 *
 * @example
 * const reach = crowFly().reach(communes, gpCommunes, { maxMinutes: 20 });
 * const { value } = apl(reach, communes, gpCommunes);
 */
export function apl(reach: ReachTable, demand: Demand, sites: Sites, options: AplOptions = {}): Accessibility {
  let supply = options.activity;
  if (!supply) {
    const perGp = checkNumberOption('activityPerGp', options.activityPerGp ?? DEFAULT_ACTIVITY_PER_GP, Number.MIN_VALUE);
    supply = Float64Array.from(sites.capacity, (gps) => gps * perGp);
  }
  if (supply.length !== sites.size) throw new CareshedError('INVALID_OPTION', `activity has ${supply.length} values for ${sites.size} sites`, { field: 'activity' });
  return accessibility(reach, demand, sites, { method: 'e2sfca', decay: APL_DECAY, supply, demandWeight: options.standardisedPopulation, allowZeroSupply: options.allowZeroSupply });
}

/** DREES's threshold: under 2.5 consultations per standardised inhabitant a year, a commune is under-served. */
export const APL_UNDER_SERVED = 2.5;
