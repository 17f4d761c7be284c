import { CareshedError } from '../model/errors.js';
import type { Demand } from '../model/points.js';
import type { Evaluation } from './evaluate.js';
import { territoryNames } from '../rank/rank.js';

/** What changed in one territory between a baseline and a scenario. */
export interface TerritoryChange {
  key: string;
  name: string;
  population: number;
  coveredBefore: number;
  coveredAfter: number;
  /** Population within the target in the scenario and not in the baseline, and the reverse. */
  newlyCovered: number;
  newlyUncovered: number;
  meanMinutesBefore: number | null;
  meanMinutesAfter: number | null;
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
  summary: {
    population: number;
    coveredBefore: number;
    coveredAfter: number;
    newlyCovered: number;
    newlyCoveredCount: number;
    newlyUncovered: number;
    newlyUncoveredCount: number;
    meanMinutesBefore: number | null;
    meanMinutesAfter: number | null;
    meanAccessBefore: number | null;
    meanAccessAfter: number | null;
    /** Population whose accessibility rose (fell) by more than 1e-9 relative. */
    accessImprovedPopulation: number;
    accessWorsenedPopulation: number;
    /** Capacity-aware coverage: population that can be given a place within the target. */
    assignedBefore: number;
    assignedAfter: number;
  };
  /** By territory, the largest change in covered population first. */
  territories: TerritoryChange[];
  /** Per demand point. */
  demand: { id: string; minutesBefore: number | null; minutesAfter: number | null; coveredBefore: boolean; coveredAfter: boolean; accessBefore: number | null; accessAfter: number | null }[];
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * The difference between two evaluations on the same demand: population newly covered and newly
 * uncovered, by territory (a demand attribute), the change in accessibility and in the ranking.
 *
 * @example
 * const change = compareEvaluations(communes, baseline, scenario, { by: 'departement' });
 * change.summary.newlyCovered; change.territories[0];
 */
export function compareEvaluations(demand: Demand, before: Evaluation, after: Evaluation, options: { by?: string; names?: ReadonlyMap<string, string> } = {}): Comparison {
  const n = demand.size;
  for (const [label, run] of [['baseline', before], ['scenario', after]] as const) {
    if (run.coverage.minutes.length !== n) throw new CareshedError('INVALID_OPTION', `the ${label} has ${run.coverage.minutes.length} demand points, this demand ${n}: compare runs on the same demand`, { field: label });
  }
  const by = options.by ?? before.rankBy ?? undefined;
  const keys = by ? demand.attribute(by) : demand.ids;
  const names = territoryNames(demand, by, options.names);
  const w = demand.population;
  interface Sums { population: number; coveredBefore: number; coveredAfter: number; newlyCovered: number; newlyUncovered: number; minutesBefore: number; reachBefore: number; minutesAfter: number; reachAfter: number; accessBefore: number; accessPeopleBefore: number; accessAfter: number; accessPeopleAfter: number }
  const empty = (): Sums => ({ population: 0, coveredBefore: 0, coveredAfter: 0, newlyCovered: 0, newlyUncovered: 0, minutesBefore: 0, reachBefore: 0, minutesAfter: 0, reachAfter: 0, accessBefore: 0, accessPeopleBefore: 0, accessAfter: 0, accessPeopleAfter: 0 });
  const total = empty();
  const groups = new Map<string, Sums>();
  let newlyCoveredCount = 0;
  let newlyUncoveredCount = 0;
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
      if (Number.isFinite(mb)) {
        s.minutesBefore += w[i] * mb;
        s.reachBefore += w[i];
      }
      if (Number.isFinite(ma)) {
        s.minutesAfter += w[i] * ma;
        s.reachAfter += w[i];
      }
      if (!Number.isNaN(ab)) {
        s.accessBefore += w[i] * ab;
        s.accessPeopleBefore += w[i];
      }
      if (!Number.isNaN(aa)) {
        s.accessAfter += w[i] * aa;
        s.accessPeopleAfter += w[i];
      }
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
    meanMinutesBefore: mean(s.minutesBefore, s.reachBefore),
    meanMinutesAfter: mean(s.minutesAfter, s.reachAfter),
    meanAccessBefore: mean(s.accessBefore, s.accessPeopleBefore),
    meanAccessAfter: mean(s.accessAfter, s.accessPeopleAfter),
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
      meanMinutesBefore: mean(total.minutesBefore, total.reachBefore),
      meanMinutesAfter: mean(total.minutesAfter, total.reachAfter),
      meanAccessBefore: mean(total.accessBefore, total.accessPeopleBefore),
      meanAccessAfter: mean(total.accessAfter, total.accessPeopleAfter),
      accessImprovedPopulation: improved,
      accessWorsenedPopulation: worsened,
      assignedBefore: before.capacity.summary.assignedPopulation,
      assignedAfter: after.capacity.summary.assignedPopulation,
    },
    territories,
    demand: rows,
  };
}
