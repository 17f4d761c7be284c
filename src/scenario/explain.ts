import { CareshedError } from '../model/errors.js';
import { createSites, siteRecords, type Demand, type Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { apl, DEFAULT_ACTIVITY_PER_GP } from '../access/apl.js';
import type { SelectedSite, ServedDemand, SiteResult } from '../siting/site.js';
import { checkArgument, checkOptions, isRecord } from '../model/arguments.js';
import { checkReachArguments, checkSites } from '../travel/arguments.js';

/** A demand point a chosen site serves, with its APL to GPs before the new sites open and after. */
export interface ExplainedDemand extends ServedDemand {
  aplBefore: number | null;
  aplAfter: number | null;
}

export interface ExplainedSite extends SelectedSite {
  serves: ExplainedDemand[];
  /** People-weighted mean APL of the demand it serves, before and after (null where none reaches a GP). */
  aplBefore: number | null;
  aplAfter: number | null;
}

export interface ExplainOptions {
  /**
   * Consultations a year per GP, existing and new alike (default `DEFAULT_ACTIVITY_PER_GP`, 3,900): a new
   * centre of 5 GPs counts 19,500. Salaried GPs of a centre may see fewer patients than private ones: set it
   * lower to see what that changes.
   */
  activityPerGp?: number;
  /** Age-standardised population for the APL (default: the demand's standardised_population column, else the population). */
  standardisedPopulation?: ArrayLike<number> | string | false;
  /** With surroundings joined after the study's demand (`withSurroundings`): the number of study points. */
  studyCount?: number;
}

/**
 * Each chosen site with the APL to GPs of the demand points it serves, before the new sites open (the
 * existing GPs alone) and after (the new sites' capacity, in GPs, added as supply). `reach` runs from the
 * demand to `gps` followed by `added` (the new sites, with their capacity in GPs), to 20 minutes at least
 * (the APL's reach); `added` must hold every selected site.
 *
 * @example
 * const all = createSites([...siteRecords(gpCommunes), ...chosen]);
 * const explained = explainSiting(result, crowFly().reach(communes, all, { maxMinutes: 20 }), communes, gpCommunes, createSites(chosen));
 * explained[0].serves[0].aplBefore; // 1.8
 */
export function explainSiting(result: SiteResult, reach: ReachTable, demand: Demand, gps: Sites, added: Sites, options: ExplainOptions = {}): ExplainedSite[] {
  checkArgument('explainSiting', 'result', result, isRecord(result) && Array.isArray(result.selected), 'a SiteResult (site(problem, options))');
  checkReachArguments('explainSiting', reach, demand, gps);
  checkSites('explainSiting', added, 'added');
  checkOptions('explainSiting', options, ['activityPerGp', 'standardisedPopulation', 'studyCount']);
  if (reach.siteCount !== gps.size + added.size || reach.demandCount !== demand.size) {
    throw new CareshedError('INVALID_REACH_TABLE', `the reach table is ${reach.demandCount} × ${reach.siteCount}; expected ${demand.size} demand points × ${gps.size} GPs + ${added.size} new sites`);
  }
  for (const s of result.selected) {
    if (added.indexOf(s.id) < 0) throw new CareshedError('INVALID_OPTION', `selected site "${s.id}" is not among the new sites`, { field: 'added', value: s.id });
  }
  const activityPerGp = options.activityPerGp ?? DEFAULT_ACTIVITY_PER_GP;
  const sites = createSites([...siteRecords(gps).map((r, j) => ({ ...r, id: `gp ${j}` })), ...siteRecords(added)]);
  const activity = (withNew: boolean) => Float64Array.from(sites.capacity, (gpsThere, j) => (j < gps.size || withNew ? gpsThere * activityPerGp : 0));
  const access = (withNew: boolean) => apl(reach, demand, sites, { activity: activity(withNew), standardisedPopulation: options.standardisedPopulation, allowZeroSupply: true, studyCount: options.studyCount }).value;
  const before = access(false);
  const after = access(true);
  const value = (x: number) => (Number.isFinite(x) ? x : null);
  return result.selected.map((s) => {
    const serves = (s.serves ?? []).map((d) => {
      const i = demand.indexOf(d.id);
      return { ...d, aplBefore: value(before[i]), aplAfter: value(after[i]) };
    });
    const mean = (key: 'aplBefore' | 'aplAfter') => {
      let people = 0;
      let total = 0;
      for (const d of serves) {
        const x = d[key];
        if (x === null) continue;
        people += d.people;
        total += d.people * x;
      }
      return people > 0 ? total / people : null;
    };
    return { ...s, serves, aplBefore: mean('aplBefore'), aplAfter: mean('aplAfter') };
  });
}
