import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { coverage, type Coverage } from '../coverage/coverage.js';
import { apl } from '../access/apl.js';
import { accessibility, type Accessibility, type FcaMethod } from '../access/floating-catchment.js';
import type { Decay } from '../access/decay.js';
import { capacityCoverage, type CapacityCoverage } from '../access/capacity-coverage.js';
import { rankTerritories, type TerritoryRank } from '../rank/rank.js';

export interface EvaluateOptions {
  /** Covering target, inclusive (default 15). */
  targetMinutes?: number;
  /** Accessibility: the DREES APL preset (default) or a floating-catchment method with its decay. */
  access?: { method: 'apl'; activityPerGp?: number; standardisedPopulation?: Float64Array } | { method: FcaMethod; decay: Decay };
  /** Places per unit of site capacity for capacity-aware coverage (default 1,000 patients per GP). */
  patientsPerUnit?: number;
  /** Territories of the ranking: a demand attribute (departement, epci); each demand point when omitted. */
  rankBy?: string;
  /** Names of the territories, by key. */
  names?: ReadonlyMap<string, string>;
  /** Accessibility under this counts as low in the ranking (default 2.5, DREES's "sous-dense" APL). */
  accessThreshold?: number;
}

/** One run of the main measures on one set of open sites: what a scenario is judged on. */
export interface Evaluation {
  targetMinutes: number;
  coverage: Coverage;
  access: Accessibility;
  capacity: CapacityCoverage;
  ranking: TerritoryRank[];
  rankBy: string | null;
}

/**
 * Coverage, accessibility, capacity-aware coverage and the ranking of territories, on one reach table (its
 * cutoff at least the target and the accessibility's reach).
 *
 * @example
 * const run = evaluate(crowFly().reach(communes, centres, { maxMinutes: 30 }), communes, centres, { rankBy: 'epci' });
 * run.coverage.summary.coveredShare; run.ranking[0].reason;
 */
export function evaluate(reach: ReachTable, demand: Demand, sites: Sites, options: EvaluateOptions = {}): Evaluation {
  const targetMinutes = options.targetMinutes ?? 15;
  const cov = coverage(reach, demand, { targetMinutes });
  const spec = options.access ?? { method: 'apl' as const };
  const access =
    spec.method === 'apl'
      ? apl(reach, demand, sites, { activityPerGp: spec.activityPerGp, standardisedPopulation: spec.standardisedPopulation, allowZeroSupply: true })
      : accessibility(reach, demand, sites, { method: spec.method, decay: spec.decay, allowZeroSupply: true });
  const capacity = capacityCoverage(reach, demand, sites, { targetMinutes, patientsPerUnit: options.patientsPerUnit });
  const ranking = rankTerritories(
    demand,
    { coverage: cov, access, capacity },
    { by: options.rankBy, accessThreshold: options.accessThreshold, accessLabel: spec.method === 'apl' ? 'APL' : 'accessibility', names: options.names },
  );
  return { targetMinutes, coverage: cov, access, capacity, ranking, rankBy: options.rankBy ?? null };
}
