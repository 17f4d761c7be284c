import { CareshedError } from '../model/errors.js';
import { MAX_IN_ONE_TERRITORY, readNonNegative } from '../model/validate.js';
import type { Demand } from '../model/points.js';
import type { Coverage } from '../coverage/coverage.js';
import type { Accessibility } from '../access/floating-catchment.js';
import type { CapacityCoverage } from '../access/capacity-coverage.js';
import { gini, palma } from './inequality.js';
import { checkArgument, checkOptions, isRecord } from '../model/arguments.js';
import { checkDemand } from '../travel/arguments.js';
import { int } from '../model/figures.js';

export interface RankWeights {
  /** Share of the population beyond the target. */
  beyondTarget: number;
  /** Mean minutes to the nearest site, over twice the target (capped at 1). */
  nearestMinutes: number;
  /** Share of the population whose accessibility is under the threshold (or none in reach). */
  lowAccess: number;
  /** Share of the population without a place within the target once capacity counts. */
  unserved: number;
}

export const DEFAULT_RANK_WEIGHTS: RankWeights = { beyondTarget: 1, nearestMinutes: 1, lowAccess: 1, unserved: 1 };

export interface RankOptions {
  /** The demand attribute that makes territories (departement, epci); each demand point when omitted. */
  by?: string;
  /** Accessibility under this is low (default 2.5, DREES's "sous-dense" APL). */
  accessThreshold?: number;
  weights?: Partial<RankWeights>;
  /** What the accessibility is called in reasons (default "accessibility"; "APL" for the DREES preset). */
  accessLabel?: string;
  /** Names of territories for the reasons, by key (before those of `territories` and of the demand). */
  names?: ReadonlyMap<string, string>;
  /**
   * The territories by key: their names and whole populations (all of the territory, not only the part in the
   * demand). Default: the demand columns `<by>_name` and `<by>_population` when there are such columns.
   */
  territories?: ReadonlyMap<string, Territory>;
  /** A territory is partial when less than this share of its whole population is in the demand (default 0.995). */
  wholeShare?: number;
}

/** What is known of a territory beyond the demand points in it. */
export interface Territory {
  name?: string;
  /** The population of the whole territory, also the part outside the study area. */
  population?: number;
}

/**
 * A territory counts as whole when at least 99.5 % of its population is in the study area: the margin absorbs
 * rounding and a population table of another year, never a commune left out (the smallest one left out in
 * Occitanie is 3 % of its EPCI).
 */
export const WHOLE_SHARE = 0.995;

export interface TerritoryRank {
  key: string;
  name: string;
  /** 1 is the worst served; partial territories come after every whole one, ranked among themselves. */
  rank: number;
  /**
   * The study area holds only part of the territory (less than `wholeShare` of its population): its score
   * describes that part only, so it is ranked apart, after the whole territories.
   */
  partial: boolean;
  /** The population of the whole territory when known, and the share of it in the study area. */
  territoryPopulation: number | null;
  shareInside: number | null;
  /** 0 (nothing wrong) to 100 (every component at its worst): the weighted mean of the components × 100. */
  score: number;
  population: number;
  demandCount: number;
  /** Each component as a share in [0, 1] (what the score weighs) and in plain numbers. */
  components: {
    beyondTarget: { share: number; population: number };
    nearestMinutes: { share: number; meanMinutes: number | null };
    lowAccess?: { share: number; population: number; meanAccess: number | null };
    unserved?: { share: number; population: number };
  };
  /** Share of the population beyond 15, 20 and 30 minutes. */
  beyond: { 15: number; 20: number; 30: number };
  /** Inequality of accessibility among the demand points of the territory (null without accessibility). */
  gini: number | null;
  palma: number | null;
  /** One line in plain numbers: why this territory ranks where it does. */
  reason: string;
}

/**
 * The name of the group of demand points with no value of the attribute (an empty cell): they are kept, as one
 * group of their own, and ranked after every territory (it is no territory, and its figures are no territory's).
 */
export const NO_TERRITORY = '(none)';

/** A key that is no territory: the empty value of the attribute. */
export const isNoTerritory = (key: string) => key.trim() === '';

/**
 * Names of the territories, by key: those given in `names`, else in `territories`, else the demand's own
 * names: the column `<by>_name` when ranking by an attribute (`epci_name` for `epci`), the column `name` when
 * each demand point is its own territory. An empty key (demand points with no value) is named "(none)".
 * Undefined when none is known (the key stands for the name).
 *
 * @example
 * territoryNames(communes, 'epci')?.get('241200641'); // "CC Conques-Marcillac"
 */
export function territoryNames(demand: Demand, by: string | undefined, names?: ReadonlyMap<string, string>, territories?: ReadonlyMap<string, Territory>): ReadonlyMap<string, string> | undefined {
  checkDemand('territoryNames', demand);
  checkArgument('territoryNames', 'by', by, by === undefined || typeof by === 'string', 'a demand attribute (column) name, or undefined');
  checkArgument('territoryNames', 'names', names, names === undefined || names instanceof Map, 'a Map from territory key to name');
  checkArgument('territoryNames', 'territories', territories, territories === undefined || territories instanceof Map, 'a Map of territories');
  const column = demand.attributes[by ? `${by}_name` : 'name'];
  const keys = by ? demand.attribute(by) : demand.ids;
  const none = by ? keys.filter(isNoTerritory) : [];
  if (!column && !territories && !names && none.length === 0) return undefined;
  const merged = new Map<string, string>();
  if (column) {
    keys.forEach((key, i) => {
      if (column[i] !== '' && !merged.has(key)) merged.set(key, column[i]);
    });
  }
  for (const [key, territory] of territories ?? []) if (territory.name) merged.set(key, territory.name);
  for (const key of none) merged.set(key, NO_TERRITORY);
  for (const [key, name] of names ?? []) merged.set(key, name);
  return merged.size > 0 ? merged : undefined;
}

/**
 * Whole populations of the territories, by key: from `territories`, else from the demand column
 * `<by>_population` (the same value on every row of a territory; empty where unknown).
 */
export function territoryPopulations(demand: Demand, by: string | undefined, territories?: ReadonlyMap<string, Territory>): ReadonlyMap<string, number> {
  checkDemand('territoryPopulations', demand);
  checkArgument('territoryPopulations', 'by', by, by === undefined || typeof by === 'string', 'a demand attribute (column) name, or undefined');
  checkArgument('territoryPopulations', 'territories', territories, territories === undefined || territories instanceof Map, 'a Map of territories');
  const populations = new Map<string, number>();
  const field = `${by}_population`;
  const column = by ? demand.attributes[field] : undefined;
  if (by && column) {
    const keys = demand.attribute(by);
    const firstAt = new Map<string, number>();
    keys.forEach((key, i) => {
      if (column[i].trim() === '') return;
      const value = readNonNegative(column[i], { source: demand.source, id: demand.ids[i], field }, 'INVALID_POPULATION', 'population of the whole territory', MAX_IN_ONE_TERRITORY);
      const seen = populations.get(key);
      if (seen !== undefined && seen !== value) {
        throw new CareshedError('INVALID_POPULATION', `differs from ${seen} at id "${demand.ids[firstAt.get(key)!]}" in the same ${by} "${key}"; the whole territory's population is one number`, { source: demand.source, id: demand.ids[i], field, value: column[i] });
      }
      populations.set(key, value);
      firstAt.set(key, i);
    });
  }
  for (const [key, territory] of territories ?? []) if (territory.population !== undefined) populations.set(key, territory.population);
  return populations;
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

/**
 * Ranks territories from worst to best served, on documented components (see RankWeights), each shown
 * beside the score, with a one-line reason in plain numbers ("4,210 inhabitants beyond 15 min; APL 1.6").
 * Territories are named from `names`, `territories` or the demand column `<by>_name`; a territory whose whole
 * population (from `territories` or the column `<by>_population`) is mostly outside the demand is partial:
 * its score describes only the part inside, so it is ranked after every whole territory. Demand points with
 * no value of `by` (an empty cell) are kept as one group, key "", named "(none)", ranked last of all.
 *
 * @example
 * rankTerritories(communes, { coverage: c, access: a, capacity: cap }, { by: 'epci' }).slice(0, 20);
 */
export function rankTerritories(
  demand: Demand,
  inputs: { coverage: Coverage; access?: Accessibility; capacity?: CapacityCoverage },
  options: RankOptions = {},
): TerritoryRank[] {
  checkDemand('rankTerritories', demand);
  checkArgument('rankTerritories', 'inputs', inputs, isRecord(inputs) && isRecord(inputs.coverage), 'an object {coverage, access, capacity} (coverage(reach, demand), ...)');
  checkOptions('rankTerritories', inputs, ['coverage', 'access', 'capacity'], 'inputs');
  checkOptions('rankTerritories', options, ['by', 'accessThreshold', 'weights', 'accessLabel', 'names', 'territories', 'wholeShare']);
  const { coverage, access, capacity } = inputs;
  if (coverage.minutes.length !== demand.size) throw new CareshedError('INVALID_OPTION', 'the coverage does not belong to this demand', { field: 'coverage' });
  const threshold = options.accessThreshold ?? 2.5;
  const weights = { ...DEFAULT_RANK_WEIGHTS, ...options.weights };
  for (const [name, w] of Object.entries(weights)) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new CareshedError('INVALID_OPTION', 'rank weights must be numbers >= 0', { field: `weights.${name}`, value: w });
  }
  const keys = options.by ? demand.attribute(options.by) : demand.ids;
  const names = territoryNames(demand, options.by, options.names, options.territories);
  const wholePopulation = territoryPopulations(demand, options.by, options.territories);
  const wholeShare = options.wholeShare ?? WHOLE_SHARE;
  const groups = new Map<string, number[]>();
  keys.forEach((key, i) => (groups.get(key) ?? groups.set(key, []).get(key)!).push(i));
  const target = coverage.targetMinutes;
  const population = demand.population;

  const rows: Omit<TerritoryRank, 'rank'>[] = [];
  for (const [key, members] of groups) {
    let people = 0;
    let beyondTarget = 0;
    let reachable = 0;
    let minuteMass = 0;
    let low = 0;
    let accessMass = 0;
    let accessPeople = 0;
    let unserved = 0;
    const beyond = { 15: 0, 20: 0, 30: 0 };
    for (const i of members) {
      const p = population[i];
      const m = coverage.minutes[i];
      people += p;
      if (!coverage.covered[i]) beyondTarget += p;
      if (Number.isFinite(m)) {
        reachable += p;
        minuteMass += p * m;
      }
      if (!(m <= 15)) beyond[15] += p;
      if (!(m <= 20)) beyond[20] += p;
      if (!(m <= 30)) beyond[30] += p;
      if (access) {
        const a = access.value[i];
        if (!(a >= threshold)) low += p;
        if (!Number.isNaN(a)) {
          accessMass += p * a;
          accessPeople += p;
        }
      }
      if (capacity) unserved += capacity.unserved[i];
    }
    const share = (x: number) => (people > 0 ? x / people : 0);
    const meanMinutes = reachable > 0 ? minuteMass / reachable : null;
    const components: TerritoryRank['components'] = {
      beyondTarget: { share: share(beyondTarget), population: beyondTarget },
      nearestMinutes: { share: meanMinutes === null ? 1 : Math.min(1, meanMinutes / (2 * target)), meanMinutes },
    };
    if (access) components.lowAccess = { share: share(low), population: low, meanAccess: accessPeople > 0 ? accessMass / accessPeople : null };
    if (capacity) components.unserved = { share: share(unserved), population: unserved };
    let weighted = weights.beyondTarget * components.beyondTarget.share + weights.nearestMinutes * components.nearestMinutes.share;
    let weightSum = weights.beyondTarget + weights.nearestMinutes;
    if (components.lowAccess) {
      weighted += weights.lowAccess * components.lowAccess.share;
      weightSum += weights.lowAccess;
    }
    if (components.unserved) {
      weighted += weights.unserved * components.unserved.share;
      weightSum += weights.unserved;
    }
    const territoryPopulation = wholePopulation.get(key) ?? null;
    const shareInside = territoryPopulation !== null && territoryPopulation > 0 ? people / territoryPopulation : null;
    const partial = shareInside !== null && shareInside < wholeShare;
    const parts = partial ? [`partial: ${int(people)} of its ${int(territoryPopulation!)} inhabitants in the study area (${pct(shareInside!)})`] : [];
    parts.push(`${int(beyondTarget)} inhabitants beyond ${target} min (${pct(share(beyondTarget))})`, `${meanMinutes === null ? 'no site in reach' : `${meanMinutes.toFixed(1)} min to the nearest on average`}`);
    if (components.lowAccess) {
      const mean = components.lowAccess.meanAccess;
      parts.push(`${options.accessLabel ?? 'accessibility'} ${mean === null ? 'none' : mean.toFixed(1)}, ${int(low)} under ${threshold}`);
    }
    if (components.unserved) parts.push(`${int(unserved)} without a place within ${target} min`);
    rows.push({
      key,
      name: names?.get(key) ?? (options.by && isNoTerritory(key) ? NO_TERRITORY : key),
      partial,
      territoryPopulation,
      shareInside,
      score: weightSum > 0 ? (100 * weighted) / weightSum : 0,
      population: people,
      demandCount: members.length,
      components,
      beyond: { 15: share(beyond[15]), 20: share(beyond[20]), 30: share(beyond[30]) },
      gini: access ? gini(access.value, population, members) : null,
      palma: access ? palma(access.value, population, members) : null,
      reason: parts.join('; '),
    });
  }
  // Whole territories first: a partial one's score describes only its part inside the study area.
  // The points with no territory last of all: they are no territory.
  rows.sort((a, b) => Number(isNoTerritory(a.key)) - Number(isNoTerritory(b.key)) || Number(a.partial) - Number(b.partial) || b.score - a.score || b.population - a.population || (a.key < b.key ? -1 : 1));
  return rows.map((r, k) => ({ ...r, rank: k + 1 }));
}

/** One rounding for every output: the CSV of `careshed rank`, the demo's ranking-epci.csv. */
const round = (x: number | null | undefined, digits: number) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);
/** Accessibility in any unit (an APL of 2.198, a 2SFCA ratio of 0.0007692): significant digits, not decimals. */
const significant = (x: number | null | undefined, digits: number) => (x === null || x === undefined ? null : Number(x.toPrecision(digits)));

/**
 * A ranking as the rows of a table, the one shape every output of a ranking takes (the CSV of `careshed rank`,
 * the demo's ranking-epci.csv): rank, key, name, partial, share_inside, score, population, then the components
 * in plain numbers (population beyond the target, mean minutes to the nearest site, mean accessibility named
 * by `accessLabel` and the population under its threshold, population without a place), gini, palma, reason.
 *
 * @example
 * const { columns, rows } = rankingTable(rankTerritories(communes, inputs, { by: 'epci', accessLabel: 'APL' }), { accessLabel: 'APL' });
 * formatTable(columns, rows);
 */
export function rankingTable(ranked: readonly TerritoryRank[], options: { accessLabel?: string } = {}): { columns: string[]; rows: (string | number | boolean | null)[][] } {
  checkArgument('rankingTable', 'ranked', ranked, Array.isArray(ranked) && ranked.every(isRecord), 'the list rankTerritories returns');
  checkOptions('rankingTable', options, ['accessLabel']);
  const access = (options.accessLabel ?? 'accessibility').toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return {
    columns: ['rank', 'key', 'name', 'partial', 'share_inside', 'score', 'population', 'beyond_target', 'mean_minutes', access, `low_${access}`, 'without_place', 'gini', 'palma', 'reason'],
    rows: ranked.map((r) => [
      r.rank,
      r.key,
      r.name,
      r.partial,
      round(r.shareInside, 4),
      round(r.score, 2),
      r.population,
      r.components.beyondTarget.population,
      round(r.components.nearestMinutes.meanMinutes, 2),
      significant(r.components.lowAccess?.meanAccess, 4),
      r.components.lowAccess?.population ?? null,
      round(r.components.unserved?.population, 0),
      round(r.gini, 4),
      round(r.palma, 4),
      r.reason,
    ]),
  };
}
