import { CareshedError } from '../model/errors.js';
import type { Demand } from '../model/points.js';
import { minutesStatistics, type MinutesStatistics } from '../coverage/weighted.js';
import type { Evaluation } from './evaluate.js';
import { territoryNames } from '../rank/rank.js';
import { checkArgument, checkOptions, isRecord } from '../model/arguments.js';
import { checkDemand } from '../travel/arguments.js';

/** Minutes statistics before and after, over the same people (see `COMPARISON_DEFINITIONS`). */
export interface MinutesChange {
  /** People who reach a site in both runs: every minutes statistic below is over them. */
  minutesPopulation: number;
  meanMinutesBefore: number | null;
  meanMinutesAfter: number | null;
  medianMinutesBefore: number | null;
  medianMinutesAfter: number | null;
  p90MinutesBefore: number | null;
  p90MinutesAfter: number | null;
  worstMinutesBefore: number | null;
  worstMinutesAfter: number | null;
  /** People who reach no site at all in the baseline, in the scenario: counted here, in no minutes statistic. */
  unreachableBefore: number;
  unreachableAfter: number;
}

/** What changed in one territory between a baseline and a scenario. */
export interface TerritoryChange extends MinutesChange {
  key: string;
  name: string;
  population: number;
  coveredBefore: number;
  coveredAfter: number;
  /** Population within the target in the scenario and not in the baseline, and the reverse. */
  newlyCovered: number;
  newlyUncovered: number;
  /** Mean accessibility over the whole territory, 0 for people with no site within reach. */
  meanAccessBefore: number | null;
  meanAccessAfter: number | null;
  /** Rank among the territories (1 the worst served); null when the runs were ranked by another attribute. */
  rankBefore: number | null;
  rankAfter: number | null;
  scoreBefore: number | null;
  scoreAfter: number | null;
}

export interface Comparison {
  targetMinutes: { before: number; after: number };
  summary: MinutesChange & {
    population: number;
    coveredBefore: number;
    coveredAfter: number;
    newlyCovered: number;
    newlyCoveredCount: number;
    newlyUncovered: number;
    newlyUncoveredCount: number;
    unreachableCountBefore: number;
    unreachableCountAfter: number;
    /** Mean accessibility over the whole population, 0 for people with no site within reach. */
    meanAccessBefore: number | null;
    meanAccessAfter: number | null;
    /** People with no site within the accessibility's reach (value NaN in the runs, 0 in the means here). */
    noAccessBefore: number;
    noAccessAfter: number;
    /** Population whose accessibility rose (fell) by more than 1e-9 relative. */
    accessImprovedPopulation: number;
    accessWorsenedPopulation: number;
    /** Capacity-aware coverage: population that can be given a place within the target. */
    assignedBefore: number;
    assignedAfter: number;
  };
  /** What each summary figure means, in words (printed by `careshed compare`). */
  definitions: Record<string, string>;
  /** By territory, the largest change in covered population first. */
  territories: TerritoryChange[];
  /** Per demand point. */
  demand: { id: string; minutesBefore: number | null; minutesAfter: number | null; coveredBefore: boolean; coveredAfter: boolean; accessBefore: number | null; accessAfter: number | null }[];
}

/** The definitions a comparison carries, keyed by figure (xBefore is the baseline's, xAfter the scenario's). */
export const COMPARISON_DEFINITIONS: Readonly<Record<string, string>> = {
  population: 'everyone in the demand: the same people, with the same weights, in both runs (checked)',
  covered: 'people whose nearest site is within the target minutes (inclusive); people who reach no site are not covered',
  newlyCovered: 'people covered in the scenario and not in the baseline (newlyCoveredCount: their demand points)',
  newlyUncovered: 'people covered in the baseline and not in the scenario (newlyUncoveredCount: their demand points)',
  minutesPopulation: 'people who can reach a site in both runs: every minutes statistic, before and after, is over these same people',
  meanMinutes: 'population-weighted mean minutes to the nearest site, over minutesPopulation',
  medianMinutes: 'the fewest minutes within which at least half of minutesPopulation reach their nearest site',
  p90Minutes: 'the fewest minutes within which at least 90 % of minutesPopulation reach their nearest site',
  worstMinutes: 'the longest minutes to the nearest site of anyone in minutesPopulation',
  unreachable: 'people who can reach no site at all (no site, off the road network, no row in a matrix), counted apart and in no minutes statistic (unreachableCount: their demand points)',
  meanAccess: 'population-weighted mean accessibility over everybody, 0 for people with no site within the accessibility reach',
  noAccess: 'people with no site within the accessibility reach (their accessibility counts as 0)',
  accessImprovedPopulation: 'people whose accessibility rose by more than 1e-9 relative (no site within reach counts as 0)',
  accessWorsenedPopulation: 'people whose accessibility fell by more than 1e-9 relative (no site within reach counts as 0)',
  assigned: 'capacity-aware coverage: the most people who can be given a place within the target without filling any site beyond its places',
  territories: 'the same figures for each territory, over its own people',
};

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Minutes statistics before and after over the same members (the points with population that reach a site in both runs). */
function minutesChange(before: Evaluation, after: Evaluation, weight: Float64Array, both: ArrayLike<number>, unreachableBefore: number, unreachableAfter: number): MinutesChange {
  let people = 0;
  for (let k = 0; k < both.length; k++) people += weight[both[k]];
  const b: MinutesStatistics = minutesStatistics(before.coverage.minutes, weight, both);
  const a: MinutesStatistics = minutesStatistics(after.coverage.minutes, weight, both);
  return {
    minutesPopulation: people,
    meanMinutesBefore: b.meanMinutes,
    meanMinutesAfter: a.meanMinutes,
    medianMinutesBefore: b.medianMinutes,
    medianMinutesAfter: a.medianMinutes,
    p90MinutesBefore: b.p90Minutes,
    p90MinutesAfter: a.p90Minutes,
    worstMinutesBefore: b.worstMinutes,
    worstMinutesAfter: a.worstMinutes,
    unreachableBefore,
    unreachableAfter,
  };
}

/**
 * The difference between two evaluations on the same demand: population newly covered and newly
 * uncovered, by territory (a demand attribute), the change in minutes, accessibility and ranking. Like is
 * compared with like: the same population on both sides (checked), minutes statistics over the people who
 * reach a site in both runs (those who reach none are counted apart), accessibility over everybody with no
 * site in reach as 0. `definitions` says what each figure is.
 *
 * @example
 * const change = compareEvaluations(communes, baseline, scenario, { by: 'departement' });
 * change.summary.newlyCovered; change.summary.meanMinutesBefore; change.territories[0];
 */
export function compareEvaluations(demand: Demand, before: Evaluation, after: Evaluation, options: { by?: string; names?: ReadonlyMap<string, string> } = {}): Comparison {
  checkDemand('compareEvaluations', demand);
  for (const [name, run] of [['before', before], ['after', after]] as const) checkArgument('compareEvaluations', name, run, isRecord(run) && isRecord(run.coverage) && isRecord(run.access) && isRecord(run.capacity), 'an Evaluation (evaluate(reach, demand, sites))');
  checkOptions('compareEvaluations', options, ['by', 'names']);
  const n = demand.size;
  for (const [label, run] of [['baseline', before], ['scenario', after]] as const) {
    if (run.coverage.minutes.length !== n) throw new CareshedError('INVALID_OPTION', `the ${label} has ${run.coverage.minutes.length} demand points, this demand ${n}: compare runs on the same demand`, { field: label });
    // The summaries sum the same weights in the same order: equal totals, or the runs weighed other people.
    if (run.coverage.summary.population !== demand.totalPopulation) {
      throw new CareshedError('INVALID_OPTION', `the ${label} counts a population of ${run.coverage.summary.population}, this demand ${demand.totalPopulation}: compare runs on the same population`, { field: label });
    }
  }
  const by = options.by ?? before.rankBy ?? undefined;
  const keys = by ? demand.attribute(by) : demand.ids;
  const names = territoryNames(demand, by, options.names);
  const w = demand.population;
  interface Sums { population: number; coveredBefore: number; coveredAfter: number; newlyCovered: number; newlyUncovered: number; unreachableBefore: number; unreachableAfter: number; accessBefore: number; accessAfter: number; both: number[] }
  const empty = (): Sums => ({ population: 0, coveredBefore: 0, coveredAfter: 0, newlyCovered: 0, newlyUncovered: 0, unreachableBefore: 0, unreachableAfter: 0, accessBefore: 0, accessAfter: 0, both: [] });
  const total = empty();
  const groups = new Map<string, Sums>();
  let newlyCoveredCount = 0;
  let newlyUncoveredCount = 0;
  let unreachableCountBefore = 0;
  let unreachableCountAfter = 0;
  let noAccessBefore = 0;
  let noAccessAfter = 0;
  let improved = 0;
  let worsened = 0;
  const rows: Comparison['demand'] = [];
  for (let i = 0; i < n; i++) {
    const group = groups.get(keys[i]) ?? groups.set(keys[i], empty()).get(keys[i])!;
    const [cb, ca] = [before.coverage.covered[i] === 1, after.coverage.covered[i] === 1];
    const [mb, ma] = [before.coverage.minutes[i], after.coverage.minutes[i]];
    const [ab, aa] = [before.access.value[i], after.access.value[i]];
    if (ca && !cb) newlyCoveredCount++;
    if (cb && !ca) newlyUncoveredCount++;
    if (!Number.isFinite(mb)) unreachableCountBefore++;
    if (!Number.isFinite(ma)) unreachableCountAfter++;
    if (Number.isNaN(ab)) noAccessBefore += w[i];
    if (Number.isNaN(aa)) noAccessAfter += w[i];
    const va = Number.isNaN(aa) ? 0 : aa;
    const vb = Number.isNaN(ab) ? 0 : ab;
    if (va > vb * (1 + 1e-9) + 1e-12) improved += w[i];
    else if (va < vb * (1 - 1e-9) - 1e-12) worsened += w[i];
    for (const s of [group, total]) {
      s.population += w[i];
      if (cb) s.coveredBefore += w[i];
      if (ca) s.coveredAfter += w[i];
      if (ca && !cb) s.newlyCovered += w[i];
      if (cb && !ca) s.newlyUncovered += w[i];
      if (!Number.isFinite(mb)) s.unreachableBefore += w[i];
      if (!Number.isFinite(ma)) s.unreachableAfter += w[i];
      if (Number.isFinite(mb) && Number.isFinite(ma)) s.both.push(i);
      s.accessBefore += w[i] * vb;
      s.accessAfter += w[i] * va;
    }
    rows.push({ id: demand.ids[i], minutesBefore: finite(mb), minutesAfter: finite(ma), coveredBefore: cb, coveredAfter: ca, accessBefore: finite(ab), accessAfter: finite(aa) });
  }
  const mean = (mass: number, people: number) => (people > 0 ? mass / people : null);
  const rankOf = (run: Evaluation) => (run.rankBy === (by ?? null) ? new Map(run.ranking.map((r) => [r.key, r])) : null);
  const [ranksBefore, ranksAfter] = [rankOf(before), rankOf(after)];
  const territories: TerritoryChange[] = [...groups].map(([key, s]) => ({
    key,
    name: names?.get(key) ?? key,
    population: s.population,
    coveredBefore: s.coveredBefore,
    coveredAfter: s.coveredAfter,
    newlyCovered: s.newlyCovered,
    newlyUncovered: s.newlyUncovered,
    ...minutesChange(before, after, w, s.both, s.unreachableBefore, s.unreachableAfter),
    meanAccessBefore: mean(s.accessBefore, s.population),
    meanAccessAfter: mean(s.accessAfter, s.population),
    rankBefore: ranksBefore?.get(key)?.rank ?? null,
    rankAfter: ranksAfter?.get(key)?.rank ?? null,
    scoreBefore: ranksBefore?.get(key)?.score ?? null,
    scoreAfter: ranksAfter?.get(key)?.score ?? null,
  }));
  territories.sort((a, b) => Math.abs(b.coveredAfter - b.coveredBefore) - Math.abs(a.coveredAfter - a.coveredBefore) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    targetMinutes: { before: before.targetMinutes, after: after.targetMinutes },
    summary: {
      population: total.population,
      coveredBefore: total.coveredBefore,
      coveredAfter: total.coveredAfter,
      newlyCovered: total.newlyCovered,
      newlyCoveredCount,
      newlyUncovered: total.newlyUncovered,
      newlyUncoveredCount,
      ...minutesChange(before, after, w, total.both, total.unreachableBefore, total.unreachableAfter),
      unreachableCountBefore,
      unreachableCountAfter,
      meanAccessBefore: mean(total.accessBefore, total.population),
      meanAccessAfter: mean(total.accessAfter, total.population),
      noAccessBefore,
      noAccessAfter,
      accessImprovedPopulation: improved,
      accessWorsenedPopulation: worsened,
      assignedBefore: before.capacity.summary.assignedPopulation,
      assignedAfter: after.capacity.summary.assignedPopulation,
    },
    definitions: { ...COMPARISON_DEFINITIONS },
    territories,
    demand: rows,
  };
}
