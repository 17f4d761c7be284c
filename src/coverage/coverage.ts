import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { NearestSites } from '../travel/reach-table.js';
import { studyCountOf } from '../model/surroundings.js';
import { minutesStatistics, type MinutesStatistics } from './weighted.js';
import { checkArgument, checkOptions, isNumbers, isRecord } from '../model/arguments.js';
import { checkDemand, checkNearestArguments, checkSites } from '../travel/arguments.js';

export interface CoverageOptions {
  /** Covered means nearest minutes ≤ targetMinutes (inclusive). Default 15. */
  targetMinutes?: number;
  /**
   * With surroundings joined after the study's demand (`withSurroundings`): the number of study points.
   * The result covers these only; their nearest site may be one of the surroundings' sites.
   */
  studyCount?: number;
}

/**
 * A population's coverage. The minutes statistics (mean, median, p90, worst) are all over the people who can
 * reach a site; those who reach none (`unreachablePopulation`: no site at all, off the road network, no row in
 * a matrix) are counted apart, never as a number of minutes. Coverage counts everybody: the unreachable are
 * uncovered.
 */
export interface CoverageSummary extends MinutesStatistics {
  demandCount: number;
  population: number;
  coveredPopulation: number;
  /** coveredPopulation ÷ population; null when the population is 0. */
  coveredShare: number | null;
  targetMinutes: number;
  /** Demand points beyond the target (including those that reach no site). */
  uncoveredCount: number;
  uncoveredPopulation: number;
  /** Demand points that reach no site at all, and their population. */
  unreachableCount: number;
  unreachablePopulation: number;
}

/** Per demand point: its nearest site, the minutes to it, and whether that is within the target. */
export interface Coverage {
  targetMinutes: number;
  /** Index of the nearest site in the sites, -1 when none can be reached. */
  nearest: Int32Array;
  /** Minutes to the nearest site; Infinity when none can be reached. */
  minutes: Float32Array;
  /** 1 when minutes ≤ targetMinutes. */
  covered: Uint8Array;
  summary: CoverageSummary;
}

/**
 * Who lives within the target of a site: each demand point's nearest site (found even beyond the
 * target), whether it is covered (minutes ≤ target), and the population summary. It reads only the nearest
 * sites: a reach table, or `crowFly().nearest()` (or `nearestSites`), which builds no pairs at all and gives
 * the same result, bit for bit.
 *
 * @example
 * const reach = crowFly().reach(demand, sites, { maxMinutes: 30 });
 * const { summary } = coverage(reach, demand, { targetMinutes: 15 });
 * summary.coveredShare; // e.g. 0.93
 * coverage(crowFly().nearest(demand, sites), demand, { targetMinutes: 15 }); // the same, without the pairs
 */
export function coverage(reach: NearestSites, demand: Demand, options: CoverageOptions = {}): Coverage {
  checkNearestArguments('coverage', reach, demand);
  checkOptions('coverage', options, ['targetMinutes', 'studyCount']);
  const targetMinutes = checkNumberOption('targetMinutes', options.targetMinutes ?? 15, 0);
  if (reach.demandCount !== demand.size) {
    throw new CareshedError('INVALID_REACH_TABLE', `the reach table has ${reach.demandCount} demand rows but the demand has ${demand.size} points`);
  }
  if (targetMinutes > reach.maxMinutes) {
    throw new CareshedError(
      'INVALID_OPTION',
      `target ${targetMinutes} minutes is beyond the reach table's cutoff of ${reach.maxMinutes} minutes; build the table with maxMinutes >= the target`,
      { field: 'targetMinutes', value: targetMinutes },
    );
  }
  const n = studyCountOf(options.studyCount, demand.size);
  const nearest = reach.nearestSite.slice(0, n);
  const minutes = reach.nearestMinutes.slice(0, n);
  const covered = new Uint8Array(n);
  for (let i = 0; i < n; i++) covered[i] = minutes[i] <= targetMinutes ? 1 : 0;
  return { targetMinutes, nearest, minutes, covered, summary: summarise(demand.population.subarray(0, n), minutes, covered, targetMinutes) };
}

/** The coverage summary of some demand points (all when `members` is omitted). */
export function summarise(
  population: ArrayLike<number>,
  minutes: ArrayLike<number>,
  covered: ArrayLike<number>,
  targetMinutes: number,
  members?: ArrayLike<number>,
): CoverageSummary {
  for (const [name, values] of [['population', population], ['minutes', minutes], ['covered', covered]] as const) checkArgument('summarise', name, values, isNumbers(values) && values.length === population.length, 'an array of numbers, one per demand point');
  checkArgument('summarise', 'targetMinutes', targetMinutes, typeof targetMinutes === 'number' && targetMinutes >= 0, 'a number of minutes, 0 or more');
  checkArgument('summarise', 'members', members, members === undefined || isNumbers(members), 'an array of demand indices');
  const count = members ? members.length : population.length;
  let total = 0;
  let coveredPopulation = 0;
  let uncoveredCount = 0;
  let unreachableCount = 0;
  let unreachablePopulation = 0;
  for (let k = 0; k < count; k++) {
    const i = members ? members[k] : k;
    total += population[i];
    if (covered[i]) coveredPopulation += population[i];
    else uncoveredCount++;
    if (!Number.isFinite(minutes[i])) {
      unreachableCount++;
      unreachablePopulation += population[i];
    }
  }
  return {
    demandCount: count,
    population: total,
    coveredPopulation,
    coveredShare: total > 0 ? coveredPopulation / total : null,
    targetMinutes,
    uncoveredCount,
    uncoveredPopulation: total - coveredPopulation,
    unreachableCount,
    unreachablePopulation,
    ...minutesStatistics(minutes, population, members),
  };
}

export interface GroupSummary extends CoverageSummary {
  /** The attribute's value shared by the group (a département code, an EPCI SIREN). */
  key: string;
}

/**
 * The coverage summary per value of a demand attribute (département, EPCI), sorted by key; the demand points
 * with no value (an empty cell) are one group, key "", last (named "(none)" by `territoryNames`).
 *
 * @example
 * coverageBy(result, demand, 'departement').map((g) => [g.key, g.coveredShare]);
 */
/** A coverage result of this demand (same length). */
function checkCoverage(fn: string, result: unknown, demand: unknown): void {
  checkArgument(fn, 'result', result, isRecord(result) && isNumbers(result.minutes) && isNumbers(result.covered), 'a Coverage (coverage(reach, demand))');
  checkDemand(fn, demand);
  checkArgument(fn, 'result', result, (result as Coverage).minutes.length === (demand as Demand).size, `the coverage of this demand (${(demand as Demand).size} points)`);
}

export function coverageBy(result: Coverage, demand: Demand, attribute: string): GroupSummary[] {
  checkCoverage('coverageBy', result, demand);
  checkArgument('coverageBy', 'attribute', attribute, typeof attribute === 'string', 'a demand attribute (column) name');
  const values = demand.attribute(attribute);
  const groups = new Map<string, number[]>();
  values.forEach((value, i) => {
    const members = groups.get(value);
    if (members) members.push(i);
    else groups.set(value, [i]);
  });
  const none = (key: string) => Number(key.trim() === '');
  return [...groups.keys()]
    .sort((a, b) => none(a) - none(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({ key, ...summarise(demand.population, result.minutes, result.covered, result.targetMinutes, groups.get(key)!) }));
}

/**
 * Per-demand rows for output: ids of the demand point and its nearest site, minutes rounded to 0.01
 * (null when no site is reachable); `covered` is decided on the unrounded minutes.
 */
export function coverageRows(result: Coverage, demand: Demand, sites: Sites): { id: string; nearest: string | null; minutes: number | null; covered: boolean }[] {
  checkCoverage('coverageRows', result, demand);
  checkSites('coverageRows', sites);
  return demand.ids.map((id, i) => ({
    id,
    nearest: result.nearest[i] >= 0 ? sites.ids[result.nearest[i]] : null,
    minutes: Number.isFinite(result.minutes[i]) ? Math.round(result.minutes[i] * 100) / 100 : null,
    covered: result.covered[i] === 1,
  }));
}
