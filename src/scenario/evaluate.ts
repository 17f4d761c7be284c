import { CareshedError } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { coverage, type Coverage } from '../coverage/coverage.js';
import { apl } from '../access/apl.js';
import { accessibility, type Accessibility, type FcaMethod } from '../access/floating-catchment.js';
import type { Decay } from '../access/decay.js';
import { capacityCoverage, type CapacityCoverage } from '../access/capacity-coverage.js';
import { rankTerritories, type TerritoryRank } from '../rank/rank.js';
import { checkOptions } from '../model/arguments.js';
import { checkReachArguments } from '../travel/arguments.js';

export interface EvaluateOptions {
  /** Covering target, inclusive (default 15). */
  targetMinutes?: number;
  /** Accessibility: the DREES APL preset (default) or a floating-catchment method with its decay. */
  access?: { method: 'apl'; activityPerGp?: number; standardisedPopulation?: ArrayLike<number> | string | false } | { method: FcaMethod; decay: Decay };
  /** Places per unit of site capacity for capacity-aware coverage (default 1,000 patients per GP). */
  patientsPerUnit?: number;
  /** Territories of the ranking: a demand attribute (departement, epci); each demand point when omitted. */
  rankBy?: string;
  /** Names of the territories, by key. */
  names?: ReadonlyMap<string, string>;
  /** Accessibility under this counts as low in the ranking (default 2.5, DREES's "sous-dense" APL). */
  accessThreshold?: number;
  /**
   * The study area's own demand when `demand` is joined with its surroundings (`withSurroundings`: the
   * study's points first). The surroundings take part in the accessibility and capacity sums; everything
   * returned (coverage, accessibility values and summary, capacity, ranking) is about the study's points.
   */
  study?: Demand;
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
 * // Occitanie's GPs with those across the border, and the people around who share them:
 * const area = withSurroundings(communes, gpCommunes, { demand: surroundings.communes, sites: surroundings.gpCommunes });
 * const gps = evaluate(crowFly().reach(area.demand, area.sites, { maxMinutes: 20 }), area.demand, area.sites, { study: area.study });
 */
export function evaluate(reach: ReachTable, demand: Demand, sites: Sites, options: EvaluateOptions = {}): Evaluation {
  checkReachArguments('evaluate', reach, demand, sites);
  checkOptions('evaluate', options, ['targetMinutes', 'access', 'patientsPerUnit', 'rankBy', 'names', 'accessThreshold', 'study']);
  const targetMinutes = options.targetMinutes ?? 15;
  const study = options.study ?? demand;
  if (study !== demand) checkStudy(study, demand);
  const studyCount = study.size;
  const cov = coverage(reach, demand, { targetMinutes, studyCount });
  const spec = options.access ?? { method: 'apl' as const };
  const access =
    spec.method === 'apl'
      ? apl(reach, demand, sites, { activityPerGp: spec.activityPerGp, standardisedPopulation: spec.standardisedPopulation, allowZeroSupply: true, studyCount })
      : accessibility(reach, demand, sites, { method: spec.method, decay: spec.decay, allowZeroSupply: true, studyCount });
  const capacity = capacityCoverage(reach, demand, sites, { targetMinutes, patientsPerUnit: options.patientsPerUnit, studyCount });
  const ranking = rankTerritories(
    study,
    { coverage: cov, access, capacity },
    { by: options.rankBy, accessThreshold: options.accessThreshold, accessLabel: spec.method === 'apl' ? 'APL' : 'accessibility', names: options.names },
  );
  return { targetMinutes, coverage: cov, access, capacity, ranking, rankBy: options.rankBy ?? null };
}

/** The study's points must be the first of the joined demand, in the same order. */
function checkStudy(study: Demand, demand: Demand): void {
  const at = study.size > demand.size ? study.size - 1 : study.ids.findIndex((id, i) => demand.ids[i] !== id);
  if (at >= 0) {
    throw new CareshedError('INVALID_OPTION', `the study's demand must be the first points of the demand, in order (withSurroundings joins them so); point ${at + 1} is "${study.ids[at]}" in the study but "${demand.ids[at] ?? '(none)'}" in the demand`, { field: 'study', value: study.ids[at] });
  }
}
