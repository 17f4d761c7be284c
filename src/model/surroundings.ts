import { CareshedError } from './errors.js';
import { createDemand, createSites, isDemand, isSites, type Demand, type PointSet, type Sites } from './points.js';
import { checkArgument, checkOptions } from './arguments.js';

/**
 * What lies around a study area and shares its care: demand outside that competes for the same sites
 * (people across a regional border who use the region's GPs), and sites outside that serve the study's
 * people too (the GPs just across the border).
 */
export interface Surroundings {
  demand?: Demand;
  sites?: Sites;
}

/**
 * A study area joined with its surroundings: one demand set and one site set, the study's points first,
 * for the measures whose sums cross the border (floating catchments, capacity-aware coverage). Pass
 * `studyCount` (or `study` to `evaluate`) so that what they return covers the study's demand only.
 */
export interface StudyArea {
  /** The study's demand points (indices 0 … study.size − 1), then the surroundings'. */
  demand: Demand;
  /** The study's sites (indices 0 … studySites.size − 1), then the surroundings'. */
  sites: Sites;
  /** The study's own demand: results, summaries, rankings and maps are about these points. */
  study: Demand;
  studySites: Sites;
  /** study.size: the demand points before it are the study, those from it on the surroundings. */
  studyCount: number;
}

/**
 * Joins a study area's demand and sites with their surroundings (study points first, attributes the union
 * of both, empty where a set lacks one). Ids must be unique across the two, as INSEE codes are across
 * France; a clash is an error naming both sets.
 *
 * @example
 * const { communes, gpCommunes, surroundings } = loadOccitanie();
 * const area = withSurroundings(communes, gpCommunes, { demand: surroundings.communes, sites: surroundings.gpCommunes });
 * const reach = crowFly({ speedKmh: 45, detour: 1.5 }).reach(area.demand, area.sites, { maxMinutes: 20 });
 * const { value } = apl(reach, area.demand, area.sites, { studyCount: area.studyCount }); // Occitanie's communes only
 */
export function withSurroundings(study: Demand, studySites: Sites, surroundings: Surroundings): StudyArea {
  checkArgument('withSurroundings', 'study', study, isDemand(study), 'a Demand (createDemand, readDemandCsv)');
  checkArgument('withSurroundings', 'studySites', studySites, isSites(studySites), 'Sites (createSites, readSitesCsv)');
  checkOptions('withSurroundings', surroundings, ['demand', 'sites'], 'surroundings');
  checkArgument('withSurroundings', 'surroundings.demand', surroundings?.demand, surroundings?.demand === undefined || isDemand(surroundings.demand), 'a Demand');
  checkArgument('withSurroundings', 'surroundings.sites', surroundings?.sites, surroundings?.sites === undefined || isSites(surroundings.sites), 'Sites');
  const demand = surroundings.demand ? joinDemand(study, surroundings.demand) : study;
  const sites = surroundings.sites ? joinSites(studySites, surroundings.sites) : studySites;
  return { demand, sites, study, studySites, studyCount: study.size };
}

function checkIds(first: PointSet, second: PointSet, what: string): void {
  for (let k = 0; k < second.size; k++) {
    const id = second.ids[k];
    if (first.indexOf(id) >= 0) {
      throw new CareshedError('DUPLICATE_ID', `is both in the study's ${what} (${first.source ?? 'given in code'}) and in its surroundings; ids must be unique across the two`, { source: second.source, id, field: 'id' });
    }
  }
}

function attributesOf(sets: readonly PointSet[], index: (k: number) => [PointSet, number]): (k: number) => Record<string, string> {
  const names = [...new Set(sets.flatMap((s) => Object.keys(s.attributes)))];
  return (k) => {
    const [set, i] = index(k);
    return Object.fromEntries(names.map((name) => [name, set.attributes[name]?.[i] ?? '']));
  };
}

function joinDemand(study: Demand, around: Demand): Demand {
  checkIds(study, around, 'demand');
  const at = (k: number): [Demand, number] => (k < study.size ? [study, k] : [around, k - study.size]);
  const attributes = attributesOf([study, around], at);
  const anyArea = Boolean(study.areas || around.areas);
  const records = Array.from({ length: study.size + around.size }, (_, k) => {
    const [set, i] = at(k);
    return { id: set.ids[i], lon: set.lon[i], lat: set.lat[i], population: set.population[i], attributes: attributes(k), area: anyArea ? (set.areas?.[i] ?? null) : undefined };
  });
  return createDemand(records, { source: `${study.source ?? 'study demand'} with ${around.source ?? 'surroundings'}` });
}

function joinSites(study: Sites, around: Sites): Sites {
  checkIds(study, around, 'sites');
  const at = (k: number): [Sites, number] => (k < study.size ? [study, k] : [around, k - study.size]);
  const attributes = attributesOf([study, around], at);
  const records = Array.from({ length: study.size + around.size }, (_, k) => {
    const [set, i] = at(k);
    return { id: set.ids[i], lon: set.lon[i], lat: set.lat[i], capacity: set.capacity[i], attributes: attributes(k) };
  });
  return createSites(records, { source: `${study.source ?? 'study sites'} with ${around.source ?? 'surroundings'}` });
}

/**
 * Checks a `studyCount` option: a whole number of demand points from 1 to the demand's size (all of it when
 * omitted, i.e. no surroundings).
 */
export function studyCountOf(studyCount: number | undefined, demandSize: number): number {
  if (studyCount === undefined) return demandSize;
  if (!Number.isInteger(studyCount) || studyCount < 0 || studyCount > demandSize) {
    throw new CareshedError('INVALID_OPTION', `studyCount must be a whole number of demand points from 0 to ${demandSize} (the study's points come first)`, { field: 'studyCount', value: studyCount });
  }
  return studyCount;
}
