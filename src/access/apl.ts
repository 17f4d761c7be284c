import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import { readNonNegative } from '../model/validate.js';
import type { ReachTable } from '../travel/reach-table.js';
import { stepDecay } from './decay.js';
import { accessibility, type Accessibility } from './floating-catchment.js';
import { checkArgument, checkOptions, isFiniteNumber, isRecord } from '../model/arguments.js';
import { checkDemand, checkReachArguments, checkSites } from '../travel/arguments.js';

/** DREES APL decay: 1 under 10 minutes, 2/3 from 10 to 15, 1/3 from 15 to 20, 0 beyond (bounds inclusive here). */
export const APL_DECAY = stepDecay([
  [10, 1],
  [15, 2 / 3],
  [20, 1 / 3],
]);

/**
 * Consultations and visits per GP per year when only GP counts are known: careshed's default, 3,900. It is
 * the value (3,920, rounded) that gives the APL of Occitanie's communes the mean of the 2022 DREES APL (4.03
 * consultations per standardised inhabitant, weighted by standardised population), from the 6,282 GPs of the
 * BPE counts and the 2,991 of the communes around the region within 60 km (as supply and, with their
 * standardised population, as competing demand), at 45 km/h × 1.5 as the crow flies;
 * examples/occitanie-access.ts prints the fit. DREES counts each GP's real activity, capped (see
 * `dreesActivity`).
 */
export const DEFAULT_ACTIVITY_PER_GP = 3900;

/**
 * The activity DREES counts for one GP from the consultations and visits of the year: under 250, none
 * (not a real practice); 251 to 3,600 counts 3,600; 3,601 to 6,000 as is; over 6,000 counts 6,000. In a health
 * centre the bounds do not apply.
 */
export function dreesActivity(consultations: number, options: { healthCentre?: boolean } = {}): number {
  checkArgument('dreesActivity', 'consultations', consultations, isFiniteNumber(consultations) && consultations >= 0, 'a number of consultations a year, 0 or more');
  checkOptions('dreesActivity', options, ['healthCentre']);
  checkNumberOption('consultations', consultations, 0);
  if (options.healthCentre) return consultations;
  if (consultations < 250) return 0;
  if (consultations <= 3600) return 3600;
  return Math.min(consultations, 6000);
}

/** The demand column careshed reads the age-standardised population from, when a demand has it. */
export const STANDARDISED_POPULATION_FIELD = 'standardised_population';

/**
 * A demand attribute holding the age-standardised population, as numbers: `field` when given (an error
 * naming the attributes there are when it is absent), else the `standardised_population` attribute when the
 * demand has one (undefined when not). Every point needs a number >= 0: an empty cell is an error naming
 * the point, since the APL would otherwise mix two kinds of weight.
 *
 * @example
 * const demand = readDemandCsv('id,lon,lat,population,standardised_population\na,1.4,43.6,100,112.5\n');
 * standardisedPopulationOf(demand); // Float64Array [112.5]
 */
export function standardisedPopulationOf(demand: Demand, field?: string): Float64Array | undefined {
  checkDemand('standardisedPopulationOf', demand);
  checkArgument('standardisedPopulationOf', 'field', field, field === undefined || typeof field === 'string', 'a column name (text)');
  if (field === undefined && !demand.attributes[STANDARDISED_POPULATION_FIELD]) return undefined;
  const name = field ?? STANDARDISED_POPULATION_FIELD;
  const column = demand.attribute(name);
  return Float64Array.from(column, (text, i) => {
    const at = { source: demand.source, id: demand.ids[i], field: name };
    if (text.trim() === '') throw new CareshedError('INVALID_POPULATION', 'is empty; with this column every demand point needs an age-standardised population >= 0 (surroundings too), or weigh by the population', { ...at, value: text });
    return readNonNegative(text, at, 'INVALID_POPULATION', 'standardised population');
  });
}

export interface AplOptions {
  /** Activity per site (consultations a year, each GP already capped by `dreesActivity`). */
  activity?: ArrayLike<number>;
  /** Without `activity`: the sites' capacity is their number of GPs, times this (default 3,900, `DEFAULT_ACTIVITY_PER_GP`). */
  activityPerGp?: number;
  /**
   * The demand's weight: the age-standardised population (DREES weighs consumption by age), as numbers per
   * demand point or the name of a demand attribute; `false` for the plain population. Default: the
   * `standardised_population` attribute when the demand has one, else the population. The summary's
   * `demandWeight` says which was used.
   */
  standardisedPopulation?: ArrayLike<number> | string | false;
  /** Accept sites with no supply (closed, or a new centre not yet staffed); default false. */
  allowZeroSupply?: boolean;
  /** With surroundings joined after the study's demand: the number of study points (see `accessibility`). */
  studyCount?: number;
}

/**
 * Accessibilité potentielle localisée (APL) to GPs as DREES computes it: an E2SFCA with the step weights
 * 1, 2/3, 1/3, 0 for under 10, 10–15, 15–20 and over 20 minutes, supply in consultations a year, demand in
 * age-standardised inhabitants. The result is in consultations per standardised inhabitant per year; DREES
 * calls a commune "sous-dense" under 2.5. DREES computes it nationally: joined with its surroundings
 * (`withSurroundings`, `studyCount`), a study area's border communes share the GPs across the border.
 *
 * @example
 * const reach = crowFly({ speedKmh: 45, detour: 1.5 }).reach(communes, gpCommunes, { maxMinutes: 20 });
 * const { value, summary } = apl(reach, communes, gpCommunes);
 * summary.demandWeight; // 'standardised_population' (the embedded communes have the column)
 */
export function apl(reach: ReachTable, demand: Demand, sites: Sites, options: AplOptions = {}): Accessibility {
  checkReachArguments('apl', reach, demand, sites);
  const { supply, weight, weightName } = termsOf('apl', demand, sites, options);
  const result = accessibility(reach, demand, sites, { method: 'e2sfca', decay: APL_DECAY, supply, demandWeight: weight, allowZeroSupply: options.allowZeroSupply, studyCount: options.studyCount });
  return { ...result, summary: { ...result.summary, demandWeight: weightName } };
}

/**
 * What the APL puts into its E2SFCA (with `APL_DECAY`): the supply in consultations a year, the demand's weight
 * (undefined for the population), and the name the summary gives that weight. For running the same sums
 * another way, e.g. `streamAccessibility` a block of demand at a time (as `careshed access --method apl` does at
 * a country's scale).
 *
 * @example
 * const { supply, weight, weightName } = aplTerms(communes, gpCommunes);
 * const streamed = await streamAccessibility(crowFly({ speedKmh: 45, detour: 1.5 }), communes, gpCommunes, { method: 'e2sfca', decay: APL_DECAY, supply, demandWeight: weight });
 */
export function aplTerms(demand: Demand, sites: Sites, options: AplOptions = {}): { supply: ArrayLike<number>; weight: ArrayLike<number> | undefined; weightName: string } {
  checkDemand('aplTerms', demand);
  checkSites('aplTerms', sites);
  return termsOf('aplTerms', demand, sites, options);
}

/** `aplTerms` for `fn` (the function an error names), its demand and sites checked. */
function termsOf(fn: string, demand: Demand, sites: Sites, options: AplOptions) {
  checkArgument(fn, 'options', options, isRecord(options), 'an object {activity, activityPerGp, standardisedPopulation, ...}');
  checkOptions(fn, options, ['activity', 'activityPerGp', 'standardisedPopulation', 'allowZeroSupply', 'studyCount']);
  let supply = options.activity;
  if (!supply) {
    const perGp = checkNumberOption('activityPerGp', options.activityPerGp ?? DEFAULT_ACTIVITY_PER_GP, Number.MIN_VALUE);
    supply = Float64Array.from(sites.capacity, (gps) => gps * perGp);
  }
  if (supply.length !== sites.size) throw new CareshedError('INVALID_OPTION', `activity has ${supply.length} values for ${sites.size} sites`, { field: 'activity' });
  const given = options.standardisedPopulation;
  const weight = given === false ? undefined : typeof given === 'string' ? standardisedPopulationOf(demand, given) : (given ?? standardisedPopulationOf(demand));
  const weightName = weight === undefined ? 'population' : typeof given === 'string' ? given : given === undefined ? STANDARDISED_POPULATION_FIELD : 'given';
  return { supply, weight, weightName };
}

/** DREES's threshold: under 2.5 consultations per standardised inhabitant a year, a commune is under-served. */
export const APL_UNDER_SERVED = 2.5;
