import { dirname, resolve } from 'node:path';
import { CareshedError } from '../model/errors.js';
import { createSites, siteRecords, type Demand, type Sites } from '../model/points.js';
import { withSurroundings, type StudyArea } from '../model/surroundings.js';
import { parseDecay } from '../access/decay.js';
import { parseScenario, type PointSource, type Scenario, type ScenarioSite } from '../scenario/spec.js';
import { evaluate, type Evaluation } from '../scenario/evaluate.js';
import { sitingProblem } from '../siting/problem.js';
import { site, type SiteResult } from '../siting/site.js';
import type { TravelProvider } from '../travel/provider.js';
import type { ReachTable } from '../travel/reach-table.js';
import { checkPosition, checkSwapped, placedOnly, type PlacedPoints } from '../model/validate.js';
import { placedFile, readDemandFile, readSitesFile, readText } from './files.js';
import { loadOccitanie } from './occitanie.js';
import { networkSpec, travelFromSpecNode } from './travel-spec.js';
import { checkArgument, isRecord } from '../model/arguments.js';

export interface ScenarioRun {
  scenario: Scenario;
  demand: Demand;
  /** The open sites: existing ones not closed (moved ones at their new place), added ones, and those the siting opened. */
  sites: Sites;
  /**
   * The demand and open sites joined with the surroundings (the study's points first): what `reach` and
   * the evaluation's sums run on. Without surroundings, `demand` and `sites` themselves.
   */
  area: StudyArea;
  added: string[];
  closed: string[];
  moved: string[];
  siting?: SiteResult;
  /** The reach table of area.demand × area.sites. */
  reach: ReachTable;
  travel: TravelProvider;
  evaluation: Evaluation;
}

const EMBEDDED = ['occitanie:communes', 'occitanie:gp-communes', 'occitanie:centres', 'occitanie:neighbour-communes', 'occitanie:neighbour-gp-communes'] as const;

/** Names of the embedded Occitanie départements and EPCIs, when the scenario groups its communes by them. */
export function embeddedTerritoryNames(scenario: Pick<Scenario, 'by' | 'demand'>): ReadonlyMap<string, string> | undefined {
  checkArgument('embeddedTerritoryNames', 'scenario', scenario, isRecord(scenario), 'a scenario {by, demand}');
  if (scenario.demand !== 'occitanie:communes') return undefined;
  const o = loadOccitanie();
  return scenario.by === 'departement' ? o.departementNames : scenario.by === 'epci' ? o.epciNames : undefined;
}

/** The scenario's decay: one, not a list of parameter values (parseScenario has checked it). */
function singleDecay(scenario: Scenario) {
  if (scenario.access.method === 'apl') throw new CareshedError('INVALID_SCENARIO', 'the APL has its own decay', { source: scenario.source ?? scenario.name, field: 'access.decay' });
  const decays = parseDecay(scenario.access.decay);
  if (decays.length !== 1) throw new CareshedError('INVALID_SCENARIO', 'one decay, not a list of parameter values', { source: scenario.source ?? scenario.name, field: 'access.decay', value: scenario.access.decay });
  return decays[0];
}

/**
 * Runs `step`; a CareshedError that names no file is told again with the scenario file and the field it comes
 * from ("plan.json, field "site.p": ..."), the same code. One that names its own file (a demand CSV's row) is
 * already where the user must look.
 */
async function within<T>(source: string, field: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof CareshedError && error.location.source === undefined) {
      const code = error.code === 'INVALID_OPTION' ? 'INVALID_SCENARIO' : error.code;
      const inner = error.location.field !== undefined && error.location.field !== field ? `${error.location.field}: ` : '';
      throw new CareshedError(code, `${inner}${error.problem}`, { source, field, ...('value' in error.location ? { value: error.location.value } : {}) });
    }
    throw error;
  }
}

/**
 * The travel spec with a network's or a matrix's path taken relative to the scenario's folder, as the
 * demand and supply paths are.
 */
function travelBesideScenario(spec: string, baseDir: string): string {
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (kind === 'matrix') return `matrix:${resolve(baseDir, rest)}`;
  if (kind === 'network') {
    const { path } = networkSpec(spec, rest);
    return `network:${resolve(baseDir, path)}${rest.slice(path.length)}`;
  }
  return spec;
}

/** Whether the scenario travels by a matrix, which goes by ids: lon and lat optional, and its own cutoff. */
const byMatrix = (scenario: Scenario) => scenario.travel.startsWith('matrix:');

/**
 * Reach cutoff a scenario needs: its target, the APL's 20 minutes, and a decay's own reach; a decay without one
 * reaches 60 minutes, or every pair of a matrix (a matrix is its own cutoff).
 */
function cutoffOf(scenario: Scenario): number {
  const decayReach = scenario.access.method === 'apl' ? 20 : singleDecay(scenario).max;
  return Math.max(scenario.targetMinutes, 20, Number.isFinite(decayReach) ? decayReach : byMatrix(scenario) ? Infinity : 60);
}

/** The longest minutes of a table's pairs: what reaching nothing costs when a matrix keeps every pair. */
function longestPair(reach: ReachTable): number {
  let longest = 0;
  for (let k = 0; k < reach.minutes.length; k++) if (reach.minutes[k] > longest) longest = reach.minutes[k];
  return longest;
}

/**
 * Runs a scenario file (see `parseScenario`): reads its demand and sites (paths relative to the file, or the
 * embedded `occitanie:` sets), closes and adds sites, opens more by a siting model when asked, builds the
 * reach table and evaluates coverage, accessibility, capacity and the ranking. The surroundings (given, or
 * those of the embedded data: see `Scenario.surroundings`) compete for and supply the sites in the sums; the
 * siting counts the study's people only, with the surroundings' sites kept open.
 *
 * @example
 * const run = await runScenarioFile('plans/ten-centres.json');
 * run.evaluation.coverage.summary.coveredShare;
 */
export async function runScenarioFile(path: string): Promise<ScenarioRun> {
  checkArgument('runScenarioFile', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  return runScenario(parseScenario(readText(path), path), dirname(path));
}

export async function runScenario(given: Scenario, baseDir = '.'): Promise<ScenarioRun> {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new CareshedError('INVALID_SCENARIO', 'a scenario is an object {demand, supply, ...} (see parseScenario)', { field: 'scenario', value: given });
  if (typeof baseDir !== 'string') throw new CareshedError('INVALID_OPTION', 'baseDir is the folder scenario paths are relative to (text)', { field: 'baseDir', value: baseDir });
  // A scenario built in code is held to the same checks as one read from a file, field by field.
  const { source: givenSource, ...fields } = given;
  const scenario = parseScenario(JSON.stringify(fields), typeof givenSource === 'string' ? givenSource : typeof given.name === 'string' ? given.name : 'scenario');
  const source = scenario.source ?? scenario.name;
  const { bounds } = scenario;
  const coordinates = byMatrix(scenario) ? ('optional' as const) : undefined;
  // Every set of points the scenario reads or gives, checked together for swapped longitude and latitude.
  const placed: PlacedPoints[] = [];
  const place = (set: Demand | Sites, ref: PointSource, what: string) => {
    placed.push(ref.startsWith('occitanie:') ? { source: ref, what, ids: set.ids, lon: set.lon, lat: set.lat } : placedFile(set, what));
    return set;
  };
  /** Sites given in the scenario itself: an error names the scenario file and the field, "add[0].lon". */
  const placeGiven = (sites: readonly { id: string; lon: number; lat: number }[], field: string, what: string) => {
    sites.forEach((s, k) => bounds && checkPosition(s.lon, s.lat, { source, field: `${field}[${k}].lon`, id: s.id }, bounds));
    placed.push({ source, what, ids: sites.map((s) => s.id), lon: sites.map((s) => s.lon), lat: sites.map((s) => s.lat), locate: (k) => ({ source, field: `${field}[${k}].lon` }) });
  };
  const embedded = (ref: PointSource, field: string) => {
    if (!ref.startsWith('occitanie:')) return undefined;
    if (!(EMBEDDED as readonly string[]).includes(ref)) throw new CareshedError('INVALID_SCENARIO', `unknown embedded data; expected one of ${EMBEDDED.join(', ')}`, { source, field, value: ref });
    const o = loadOccitanie();
    const sets = { 'occitanie:communes': o.communes, 'occitanie:gp-communes': o.gpCommunes, 'occitanie:centres': o.centres, 'occitanie:neighbour-communes': o.surroundings.communes, 'occitanie:neighbour-gp-communes': o.surroundings.gpCommunes };
    return sets[ref as (typeof EMBEDDED)[number]];
  };
  // The surroundings lie outside the study area by definition: not held to its bounds.
  const demandOf = (ref: PointSource, field: string, what: string, held = true): Demand => {
    const set = embedded(ref, field);
    return place(set && 'population' in set ? set : set ? raise(field, ref, 'is not demand (no population)') : readDemandFile(resolve(baseDir, ref), { bounds: held ? bounds : undefined, coordinates }), ref, what) as Demand;
  };
  const demand = demandOf(scenario.demand, 'demand', 'demand points');
  const sitesOf = (ref: PointSource, field: string, what: string, held = true): ScenarioSite[] => {
    const set = embedded(ref, field);
    return siteRecords(place(set ?? readSitesFile(resolve(baseDir, ref), { bounds: held ? bounds : undefined, coordinates }), ref, what));
  };
  function raise(field: string, value: unknown, problem: string): never {
    throw new CareshedError('INVALID_SCENARIO', problem, { source, field, value });
  }
  let open = sitesOf(scenario.supply, 'supply', 'sites');
  const known = new Set<string>(open.map((s) => s.id));
  scenario.close.forEach((id, k) => known.has(id) || raise(`close[${k}]`, id, `no existing site has this id (in ${scenario.supply})`));
  scenario.move.forEach((m, k) => known.has(m.id) || raise(`move[${k}].id`, m.id, `no existing site has this id (in ${scenario.supply})`));
  const closing = new Set(scenario.close);
  scenario.move.forEach((m, k) => closing.has(m.id) && raise(`move[${k}].id`, m.id, 'this site is also closed'));
  const moving = new Map(scenario.move.map((m) => [m.id, m]));
  open = open.filter((s) => !closing.has(s.id)).map((s) => (moving.has(s.id) ? { ...s, lon: moving.get(s.id)!.lon, lat: moving.get(s.id)!.lat } : s));
  if (scenario.move.length > 0) placeGiven(scenario.move, 'move', 'moved sites');
  const added = typeof scenario.add === 'string' ? sitesOf(scenario.add, 'add', 'added sites') : scenario.add;
  if (typeof scenario.add !== 'string' && added.length > 0) placeGiven(added, 'add', 'added sites');
  const ids = new Set<string>(open.map((s) => s.id));
  added.forEach((s, k) => {
    if (ids.has(s.id)) raise(typeof scenario.add === 'string' ? 'add' : `add[${k}].id`, s.id, 'this site id is already open; ids must be unique');
    ids.add(s.id);
  });
  open = [...open, ...added.map((s) => ({ ...s, capacity: s.capacity ?? 1 }))];
  const around = scenario.surroundings;
  const aroundDemandRef = around === false ? undefined : around ? around.demand : scenario.demand === 'occitanie:communes' ? 'occitanie:neighbour-communes' : undefined;
  const aroundSupplyRef = around === false ? undefined : around ? around.supply : scenario.supply === 'occitanie:gp-communes' ? 'occitanie:neighbour-gp-communes' : undefined;
  const aroundDemand = aroundDemandRef ? demandOf(aroundDemandRef, 'surroundings.demand', 'surrounding demand points', false) : undefined;
  const aroundSites = aroundSupplyRef ? createSites(sitesOf(aroundSupplyRef, 'surroundings.supply', 'surrounding sites', false), { source: aroundSupplyRef }) : undefined;
  const candidateSites = scenario.site ? sitesOf(scenario.site.candidates, 'site.candidates', 'candidate sites') : [];
  // With bounds, every point was held to them as it was read; without, the sets are checked against each other.
  if (!bounds) checkSwapped(placed.map(placedOnly)); // points without a position (a matrix's) have nothing to check
  const { travel } = await within(source, 'travel', () => travelFromSpecNode(travelBesideScenario(scenario.travel, baseDir)));
  const maxMinutes = cutoffOf(scenario);
  let siting: SiteResult | undefined;
  if (scenario.site) {
    const spec = scenario.site;
    const kept = [...open, ...(aroundSites ? siteRecords(aroundSites) : [])];
    const keptIds = new Set(kept.map((s) => s.id));
    const candidates = candidateSites.filter((c) => !keptIds.has(c.id));
    const all = createSites([...kept, ...candidates.map((c) => ({ ...c, capacity: spec.capacity }))], { source: `${source} (open and candidate sites)` });
    const table = await travel.reach(demand, all, { maxMinutes: spec.model === 'pmedian' || spec.model === 'pcenter' ? Math.max(maxMinutes, byMatrix(scenario) ? Infinity : 60) : scenario.targetMinutes });
    // Every pair of a matrix kept: a demand point none of whose pairs is open costs the longest pair, not Infinity.
    const problem = sitingProblem(table, demand, all, { existing: kept.map((s) => s.id), ...(table.maxMinutes === Infinity ? { beyondCost: longestPair(table) } : {}) });
    siting = await within(source, 'site', () => site(problem, { model: spec.model, p: spec.p, targetMinutes: scenario.targetMinutes, solver: spec.solver, timeLimit: spec.timeLimit, places: spec.model === 'cmclp' ? Float64Array.from(all.capacity, (c) => c * scenario.patientsPerUnit) : undefined }));
    const chosen = new Set(siting.selected.map((s) => s.id));
    open = [...open, ...candidates.filter((c) => chosen.has(c.id)).map((c) => ({ ...c, capacity: spec.capacity }))];
  }
  const sites = createSites(open, { source: `${source} (open sites)` });
  const area = withSurroundings(demand, sites, { demand: aroundDemand, sites: aroundSites });
  const reach = await travel.reach(area.demand, area.sites, { maxMinutes });
  const access = scenario.access.method === 'apl' ? { method: 'apl' as const } : { method: scenario.access.method, decay: singleDecay(scenario) };
  const evaluation = await within(source, scenario.by !== undefined ? 'by' : 'demand', () => evaluate(reach, area.demand, area.sites, { targetMinutes: scenario.targetMinutes, access, patientsPerUnit: scenario.patientsPerUnit, rankBy: scenario.by, names: embeddedTerritoryNames(scenario), study: demand }));
  return { scenario, demand, sites, area, added: [...added.map((s) => s.id), ...(siting?.selected.map((s) => s.id) ?? [])], closed: [...closing], moved: [...moving.keys()], siting, reach, travel, evaluation };
}
