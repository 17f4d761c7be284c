import { CareshedError } from '../model/errors.js';
import type { Demand } from '../model/points.js';
import type { Coverage } from '../coverage/coverage.js';
import type { Accessibility } from '../access/floating-catchment.js';
import type { CapacityCoverage } from '../access/capacity-coverage.js';
import { gini, palma } from './inequality.js';

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
  /** Names of territories for the reasons, by key. */
  names?: ReadonlyMap<string, string>;
}

export interface TerritoryRank {
  key: string;
  name: string;
  /** 1 is the worst served. */
  rank: number;
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
 * Names of the territories: those given; else, when each demand point is its own territory, the demand's
 * `name` attribute (communes by name); else none (the key stands for the name).
 */
export function territoryNames(demand: Demand, by: string | undefined, names?: ReadonlyMap<string, string>): ReadonlyMap<string, string> | undefined {
  if (names || by || !demand.attributes.name) return names;
  const column = demand.attributes.name;
  return new Map(demand.ids.map((id, i) => [id, column[i]] as const));
}

const int = (x: number) => Math.round(x).toLocaleString('en-GB');
const pct = (x: number) => `${Math.round(100 * x)} %`;

/**
 * Ranks territories from worst to best served, on documented components (see RankWeights), each shown
 * beside the score, with a one-line reason in plain numbers ("4,210 inhabitants beyond 15 min; APL 1.6").
 *
 * @example
 * rankTerritories(communes, { coverage: c, access: a, capacity: cap }, { by: 'epci' }).slice(0, 20);
 */
export function rankTerritories(
  demand: Demand,
  inputs: { coverage: Coverage; access?: Accessibility; capacity?: CapacityCoverage },
  options: RankOptions = {},
): TerritoryRank[] {
  const { coverage, access, capacity } = inputs;
  if (coverage.minutes.length !== demand.size) throw new CareshedError('INVALID_OPTION', 'the coverage does not belong to this demand', { field: 'coverage' });
  const threshold = options.accessThreshold ?? 2.5;
  const weights = { ...DEFAULT_RANK_WEIGHTS, ...options.weights };
  for (const [name, w] of Object.entries(weights)) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new CareshedError('INVALID_OPTION', 'rank weights must be numbers >= 0', { field: `weights.${name}`, value: w });
  }
  const keys = options.by ? demand.attribute(options.by) : demand.ids;
  const names = territoryNames(demand, options.by, options.names);
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
    const parts = [`${int(beyondTarget)} inhabitants beyond ${target} min (${pct(share(beyondTarget))})`, `${meanMinutes === null ? 'no site in reach' : `${meanMinutes.toFixed(1)} min to the nearest on average`}`];
    if (components.lowAccess) {
      const mean = components.lowAccess.meanAccess;
      parts.push(`${options.accessLabel ?? 'accessibility'} ${mean === null ? 'none' : mean.toFixed(1)}, ${int(low)} under ${threshold}`);
    }
    if (components.unserved) parts.push(`${int(unserved)} without a place within ${target} min`);
    rows.push({
      key,
      name: names?.get(key) ?? key,
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
  rows.sort((a, b) => b.score - a.score || b.population - a.population || (a.key < b.key ? -1 : 1));
  return rows.map((r, k) => ({ ...r, rank: k + 1 }));
}
