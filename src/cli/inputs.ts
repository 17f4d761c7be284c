import { createDemand, createSites, type Demand, type Sites } from '../model/points.js';
import { CareshedError } from '../model/errors.js';
import { withSurroundings } from '../model/surroundings.js';
import { checkSwapped as checkSwappedAll, MAX_AT_ONE_POINT, MAX_IN_ONE_TERRITORY, placedOnly, readNonNegative, unplaced, type Bounds, type PlacedPoints } from '../model/validate.js';
import { STANDARDISED_POPULATION_FIELD } from '../access/apl.js';
import { joinPopulation } from '../io/join.js';
import { parseTable, requireColumn } from '../io/table.js';
import type { Territory } from '../rank/rank.js';
import { placedFile, readDemandFile, readPopulationFile, readSitesFile, readText, type WarningSink } from '../node/files.js';
import { reportTravel, reportUnreached, resolveTravel, travelHelp, travelOptions } from './travel.js';
import type { CommandContext } from './context.js';
import type { Progress } from '../model/progress.js';
import type { TravelProvider } from '../travel/provider.js';
import { isReachTable, type NearestSites } from '../travel/reach-table.js';
import { nearestSites } from '../travel/nearest.js';
import { boundsOption, choiceOption, UsageError, type OptionSpec } from './usage.js';
import { int } from '../model/figures.js';

/** Options every command that reads demand and sites shares. */
export const inputOptions = {
  demand: { type: 'string' },
  supply: { type: 'string' },
  'id-field': { type: 'string' },
  'supply-id-field': { type: 'string' },
  'name-field': { type: 'string' },
  'population-field': { type: 'string' },
  'capacity-field': { type: 'string' },
  population: { type: 'string' },
  'population-id': { type: 'string' },
  'missing-population': { type: 'string' },
  bounds: { type: 'string' },
  ...travelOptions,
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const inputHelp = `  --demand FILE            demand points: CSV id,lon,lat,population or GeoJSON (Point, Polygon, MultiPolygon)
  --supply FILE            sites: CSV id,lon,lat[,capacity] or GeoJSON
${travelHelp}
  --id-field NAME          column or property of the demand ids (default id)
  --supply-id-field NAME   column or property of the ids of the --supply sites (default id)
  --name-field NAME        column or property of the demand points' names (default name, when there is one)
  --population-field NAME  column or property of the population (default population)
  --capacity-field NAME    column or property of the capacity (default capacity)
  --population FILE        take the population from this CSV instead, joined by id
  --population-id NAME     id column of that CSV (default id; its population column is --population-field)
  --missing-population M   demand points absent from --population: error (default), zero (count 0) or drop
                           (leave them out); how many, and which, is said on standard error
  --bounds=W,S,E,N         study area in degrees: points outside are an error; write it with "=" when it
                           starts with a minus sign. Without it, swapped lon/lat are found from the points
                           themselves (a file away from the others that falls among them swapped, every file
                           written lat,lon, a row far from all others); with it, against the study area only
  --quiet, -q              no warnings and no summary on standard error
  --help, -h               this help`;

/** --territories, for the commands that group demand points into territories. */
export const territoriesOption = { territories: { type: 'string' } } as const satisfies OptionSpec;

export const territoriesHelp = `  --territories FILE       CSV id,name[,population] of the territories of --by: their names, and their whole
                           population (a territory with less than 99.5 % of it in the demand is partial).
                           Without it: the demand columns <by>_name and <by>_population (epci_name...)`;

type InputValues = { [K in keyof typeof inputOptions]?: (typeof inputOptions)[K]['type'] extends 'boolean' ? boolean : string };
export type { InputValues };

const MISSING = ['error', 'zero', 'drop'] as const;
/** "1 row", "2 rows": `plural` is the word for many, `one` for one (default: without its last s). */
const count = (n: number, plural: string, one = plural.replace(/s$/, '')) => `${int(n)} ${n === 1 ? one : plural}`;
const firstFew = (ids: readonly string[]) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;
/**
 * With a matrix, travel goes by ids: demand points and sites may come without lon and lat (DESIGN.md: "with a
 * matrix, lon and lat are optional"), and what needs a position (a map) refuses them when it comes to it.
 */
export const coordinatesFor = (values: { travel?: string }) => (values.travel?.startsWith('matrix:') ? ('optional' as const) : undefined);

/** The swap check on the points that have a position: with a matrix some may have none, and nothing to check. */
function checkSwapped(sets: PlacedPoints[]): void {
  checkSwappedAll(sets.map(placedOnly));
}

/** "lon,lat" of a site, to find sites at the same place; null for a site without a position (it is at no place). */
export const placeKey = (set: { lon: ArrayLike<number>; lat: ArrayLike<number> }, j: number) => (unplaced(set.lon, set.lat, j) ? null : `${set.lon[j]},${set.lat[j]}`);

/** Where reading a file says what it guessed (the encoding): standard error, under the command's name. */
const fileWarnings = (command: string, warn: (line: string) => void): WarningSink => (message) => warn(`careshed ${command}: ${message}`);

/**
 * The demand of `path` (default --demand, held to --bounds), with the population of --population joined when
 * asked; what the join did is said on stderr.
 */
export function readDemandInput(
  command: string,
  values: InputValues,
  warn: (line: string) => void,
  path = values.demand!,
  bounds: Bounds | undefined = boundsOption(command, values.bounds),
  /** Demand read from another file whose ids the --population rows may match (the surroundings'). */
  elsewhere?: Demand,
): Demand {
  const idField = values['id-field'];
  const populationField = values['population-field'];
  const missing = choiceOption(command, 'missing-population', values['missing-population'] ?? 'error', MISSING);
  if (values['missing-population'] !== undefined && !values.population) throw new UsageError(`careshed ${command}: --missing-population goes with --population FILE`);
  let demand = readDemandFile(path, {
    idField,
    idColumn: idField,
    populationField: values.population ? false : populationField,
    populationColumn: values.population ? false : populationField,
    bounds,
    coordinates: coordinatesFor(values),
    onWarning: fileWarnings(command, warn),
  });
  if (values.population) {
    const table = readPopulationFile(values.population, { idColumn: values['population-id'] ?? 'id', populationColumn: populationField ?? 'population', onWarning: fileWarnings(command, warn) });
    const joined = joinPopulation(demand, table, { missing });
    demand = joined.demand;
    const unmatched = elsewhere ? joined.unmatched.filter((id) => elsewhere.indexOf(id) < 0) : joined.unmatched;
    if (unmatched.length > 0 && path === values.demand) {
      warn(`careshed ${command}: ${int(unmatched.length)} ${unmatched.length === 1 ? 'row of' : 'rows of'} ${values.population} ${unmatched.length === 1 ? 'matches' : 'match'} no demand point (first: ${firstFew(unmatched)})`);
    }
    if (joined.missing.length > 0) {
      const did = missing === 'zero' ? 'counted with a population of 0' : 'left out';
      warn(`careshed ${command}: ${count(joined.missing.length, 'demand points')} of ${path} ${joined.missing.length === 1 ? 'has' : 'have'} no population in ${values.population}: ${did} (${firstFew(joined.missing)})`);
    }
  }
  if (values['name-field'] !== undefined) demand.attribute(values['name-field']);
  return demand;
}

/** The sites of `path` with the shared column options, ids from `idField` (--supply-id-field, --candidates-id-field, none). */
function readSitesInput(command: string, path: string, values: InputValues, warn: (line: string) => void, bounds: Bounds | undefined, idField: string | undefined): Sites {
  return readSitesFile(path, { idField, idColumn: idField, capacityField: values['capacity-field'], capacityColumn: values['capacity-field'], bounds, coordinates: coordinatesFor(values), onWarning: fileWarnings(command, warn) });
}

/**
 * The GPs of --gps (site, report), read as those commands read them (report: ids from --supply-id-field), held to
 * --bounds: the readers below check them for swapped coordinates with the other inputs.
 */
function readGpsInput(command: string, values: InputValues & { gps?: string }, warn: (line: string) => void, bounds?: Bounds): Sites | undefined {
  if (!values.gps) return undefined;
  return readSitesInput(command, values.gps, values, warn, bounds, command === 'report' ? values['supply-id-field'] : undefined);
}

/**
 * Reads --demand (with the population join when asked), --supply and --gps when given, and checks them for
 * swapped coordinates.
 */
export function readInputs(command: string, values: InputValues & { gps?: string }, warn: (line: string) => void): { demand: Demand; sites: Sites; gps?: Sites } {
  const demand = readDemandInput(command, values, warn);
  const bounds = boundsOption(command, values.bounds);
  const sites = readSitesInput(command, values.supply!, values, warn, bounds, values['supply-id-field']);
  const gps = readGpsInput(command, values, warn, bounds);
  // With --bounds the study area is given: points are checked against it (swaps included), and nothing else.
  if (values.bounds === undefined) {
    checkSwapped([placed(demand, 'demand points', values['id-field']), placed(sites, 'sites', values['supply-id-field']), ...(gps ? [placed(gps, 'GP sites', command === 'report' ? values['supply-id-field'] : undefined)] : [])]);
  }
  return { demand, sites, ...(gps ? { gps } : {}) };
}

/** A set read from a file, for checkSwapped: an error names the line (CSV) or feature (GeoJSON) of the point. */
export const placed = placedFile;

/** Names of the points of a set, by index: --name-field (demand), else a `name` attribute, else the id. */
export function pointNames(set: Demand | Sites, field?: string): readonly string[] {
  const column = field !== undefined ? set.attribute(field) : set.attributes.name;
  return column ? set.ids.map((id, i) => (column[i] === '' ? id : column[i])) : set.ids;
}

/**
 * A numeric demand column (the age-standardised population), checked like a population.
 *
 * @example
 * standardised(communes, 'pop_standardisee');
 */
export function standardised(demand: Demand, field: string): Float64Array {
  const column = demand.attribute(field);
  return Float64Array.from(column, (text, i) => readNonNegative(text, { source: demand.source, id: demand.ids[i], field }, 'INVALID_POPULATION', 'standardised population', MAX_AT_ONE_POINT));
}

/**
 * Says on stderr which demand points have no value of a --by attribute (an empty cell): they are not dropped
 * but grouped as one territory of their own, named "(none)" and ranked after every territory (see
 * `rankTerritories`), and the user should know which rows those are.
 */
export function reportEmptyKeys(command: string, demand: Demand, attribute: string, warn: (line: string) => void): void {
  const keys = demand.attribute(attribute);
  const empty: number[] = [];
  keys.forEach((key, i) => {
    if (key.trim() === '') empty.push(i);
  });
  if (empty.length === 0) return;
  const where = placed(demand, 'demand points').locate;
  const lineOf = (i: number) => {
    try {
      return where?.(i);
    } catch {
      return undefined; // a demand built in code, or a file gone: the id alone
    }
  };
  const shown = empty.slice(0, 5).map((i) => {
    const at = lineOf(i);
    return `${demand.ids[i]}${at?.line !== undefined ? ` (line ${at.line})` : at?.feature !== undefined ? ` (feature ${at.feature})` : ''}`;
  });
  const people = empty.reduce((sum, i) => sum + demand.population[i], 0);
  warn(
    `careshed ${command}: ${count(empty.length, 'demand points')} of ${demand.source ?? 'the demand'} (${count(people, 'inhabitants')}) ${empty.length === 1 ? 'has' : 'have'} no ${attribute} (an empty value): grouped as the territory "(none)", after every territory: ${shown.join(', ')}${empty.length > 5 ? ', …' : ''}`,
  );
}

/** The territories of --territories: CSV id,name[,population]; rows the demand does not use are fine. */
export function readTerritories(path: string | undefined, warn: (line: string) => void = () => {}): ReadonlyMap<string, Territory> | undefined {
  if (path === undefined) return undefined;
  const table = parseTable(readText(path, (message) => warn(message)), path);
  requireColumn(table, 'id', 'territory ids');
  if (!table.columns.includes('name') && !table.columns.includes('population')) requireColumn(table, 'name', 'territory names');
  const territories = new Map<string, Territory>();
  table.rows.forEach((row, k) => {
    const line = table.lines[k];
    const id = row.id.trim();
    if (id === '') throw new CareshedError('INVALID_ID', 'is empty; every territory needs an id', { source: path, line, field: 'id', value: row.id });
    if (territories.has(id)) throw new CareshedError('DUPLICATE_ID', `territory "${id}" appears twice`, { source: path, line, field: 'id', value: id });
    const population = table.columns.includes('population') && row.population.trim() !== '' ? readNonNegative(row.population, { source: path, line, id, field: 'population' }, 'INVALID_POPULATION', 'population', MAX_IN_ONE_TERRITORY) : undefined;
    territories.set(id, { name: row.name?.trim() || undefined, population });
  });
  return territories;
}

/**
 * The demand with the territories of --territories written into the columns `<by>_name` and `<by>_population`,
 * the convention every ranking and grouping reads (so that coverage, rank, report and the library agree). Keys
 * of `by` that the file does not know are said on stderr, so that a code left unnamed is seen.
 */
export function withTerritories(command: string, demand: Demand, by: readonly string[], path: string | undefined, warn: (line: string) => void): Demand {
  if (path !== undefined && by.length === 0) throw new UsageError(`careshed ${command}: --territories goes with --by ATTRIBUTE`);
  for (const attribute of by) reportEmptyKeys(command, demand, attribute, warn);
  const territories = readTerritories(path, fileWarnings(command, warn));
  if (!territories) return demand;
  const columns: Record<string, string[]> = {};
  for (const attribute of by) {
    const keys = demand.attribute(attribute);
    const unknown = [...new Set(keys)].filter((key) => !territories.has(key));
    if (unknown.length > 0) warn(`careshed ${command}: ${count(unknown.length, `${attribute} values`)} of the demand ${unknown.length === 1 ? 'is' : 'are'} not in ${path} (they keep their code as name): ${firstFew(unknown)}`);
    const name = demand.attributes[`${attribute}_name`];
    const population = demand.attributes[`${attribute}_population`];
    columns[`${attribute}_name`] = keys.map((key, i) => territories.get(key)?.name ?? name?.[i] ?? '');
    columns[`${attribute}_population`] = keys.map((key, i) => {
      const value = territories.get(key)?.population;
      return value !== undefined ? String(value) : (population?.[i] ?? '');
    });
  }
  const names = [...new Set([...Object.keys(demand.attributes), ...Object.keys(columns)])];
  return createDemand(
    demand.ids.map((id, i) => ({
      id,
      lon: demand.lon[i],
      lat: demand.lat[i],
      population: demand.population[i],
      attributes: Object.fromEntries(names.map((n) => [n, columns[n]?.[i] ?? demand.attributes[n][i]])),
      area: demand.areas?.[i] ?? null,
    })),
    { source: demand.source },
  );
}

/** Existing and candidate sites as one set for siting, with the user's ids kept for the outputs. */
export interface SitingInputs {
  demand: Demand;
  existing: Sites | null;
  candidates: Sites;
  /** Existing sites first, then candidates; a candidate whose id is an existing site's is keyed `ID (new)`. */
  sites: Sites;
  /** The id each site has in its own file, by index in `sites`. */
  userIds: readonly string[];
  /** For a candidate with the id or the position of an existing site: that site's id; null otherwise. */
  atExisting: readonly (string | null)[];
  /** Names of the sites (a `name` column), by index in `sites`. */
  names: readonly string[];
  /** The GPs of --gps when given, checked for swapped coordinates with the other inputs. */
  gps?: Sites;
}

/**
 * Reads --demand, --candidates (ids from --candidates-id-field) and --supply (existing sites, ids from
 * --supply-id-field). A candidate may stand where a site already is, with the same id or at the same place: a
 * new centre where GPs already practise is a real option. It is kept, under a key of its own inside the run,
 * and said on stderr.
 */
export function readSitingInputs(command: string, values: InputValues & { candidates?: string; 'candidates-id-field'?: string; gps?: string }, warn: (line: string) => void): SitingInputs {
  const demand = readDemandInput(command, values, warn);
  const bounds = boundsOption(command, values.bounds);
  const candidateId = values['candidates-id-field'];
  const candidates = readSitesInput(command, values.candidates!, values, warn, bounds, candidateId);
  const existingId = values['supply-id-field'];
  const existing = values.supply ? readSitesInput(command, values.supply, values, warn, bounds, existingId) : null;
  const gps = readGpsInput(command, values, warn, bounds);
  if (!bounds) {
    checkSwapped([
      placed(demand, 'demand points', values['id-field']),
      ...(existing ? [placed(existing, 'existing sites', existingId)] : []),
      placed(candidates, 'candidate sites', candidateId),
      ...(gps ? [placed(gps, 'GP sites', command === 'report' ? existingId : undefined)] : []),
    ]);
  }
  const taken = new Set([...(existing?.ids ?? []), ...candidates.ids]);
  const atPlace = new Map<string, string>();
  existing?.ids.forEach((id, j) => {
    const key = placeKey(existing, j);
    if (key !== null && !atPlace.has(key)) atPlace.set(key, id);
  });
  const records: { id: string; lon: number; lat: number; capacity: number }[] = [];
  const userIds: string[] = [];
  const atExisting: (string | null)[] = [];
  const names: string[] = [];
  for (const [set, role] of [[existing, 'existing'], [candidates, 'candidate']] as const) {
    if (!set) continue;
    const own = pointNames(set);
    set.ids.forEach((id, j) => {
      let key = id;
      let at: string | null = null;
      if (role === 'candidate') {
        if (existing && existing.indexOf(id) >= 0) {
          at = id;
          key = `${id} (new)`;
          while (taken.has(key)) key = `${key}'`;
          taken.add(key);
        } else at = atPlace.get(placeKey(set, j) ?? '') ?? null;
      }
      records.push({ id: key, lon: set.lon[j], lat: set.lat[j], capacity: set.capacity[j] });
      userIds.push(id);
      atExisting.push(at);
      names.push(own[j]);
    });
  }
  const at = atExisting.map((e, j) => (e === null ? null : `${userIds[j]}${e === userIds[j] ? '' : ` (at ${e})`}`)).filter((x): x is string => x !== null);
  if (at.length > 0) {
    warn(`careshed ${command}: ${count(at.length, 'candidates')} ${at.length === 1 ? 'stands' : 'stand'} at an existing site (same id or same place), kept as ${at.length === 1 ? 'a candidate' : 'candidates'}: a new site where one already is (${firstFew(at)})`);
  }
  return { demand, existing, candidates, sites: createSites(records, { source: `${values.supply ? `${values.supply} and ` : ''}${values.candidates}` }), userIds, atExisting, names, ...(gps ? { gps } : {}) };
}

/** The options of the commands that take surroundings (access, rank). */
export const surroundingsOptions = {
  'surroundings-demand': { type: 'string' },
  'surroundings-supply': { type: 'string' },
} as const satisfies OptionSpec;

export const surroundingsHelp = `  --surroundings-demand FILE
                           demand around the study area (the same columns as --demand; not held to --bounds):
                           it competes for the sites, and is left out of the output
  --surroundings-supply FILE
                           sites around the study area (as --supply) that its demand can use too`;

type StudyValues = InputValues & { 'surroundings-demand'?: string; 'surroundings-supply'?: string };

/**
 * What access and rank begin with: the study's demand and sites joined with their surroundings when given
 * (study points first, see `withSurroundings`), the travel model, the reach table to `maxMinutes`.
 */
export async function studyInputs(command: string, values: StudyValues, context: CommandContext, maxMinutes: number) {
  const study = await studyArea(command, values, context);
  const reach = await studyReach(command, values, study, maxMinutes);
  return { area: study.area, travel: study.travel, reach, warn: study.warn, surroundings: study.surroundings };
}

/**
 * The reach table of a study area to `maxMinutes`, with the progress bar, and what the travel model left out
 * said on standard error (`reportTravel`, and the demand points that reach no site when placed by coordinates).
 */
export async function studyReach(command: string, values: StudyValues, study: Awaited<ReturnType<typeof studyArea>>, maxMinutes: number) {
  const { area, travel, warn, progress } = study;
  const reach = await travel.reach(area.demand, area.sites, { maxMinutes, onProgress: progress });
  reportTravel(command, travel, warn);
  if (coordinatesFor(values)) reportUnreached(command, reach, area.demand, warn);
  return reach;
}

/**
 * `studyInputs` without the reach table: the inputs read and checked, the travel model resolved, the progress
 * bar, for a command that builds the table itself or streams the demand through the travel model by blocks
 * (access at a country's scale); it then says what the travel model left out (`reportTravel`).
 */
export async function studyArea(command: string, values: StudyValues, context: CommandContext) {
  const warn = context.warn(values.quiet);
  const bounds = boundsOption(command, values.bounds);
  const around = values['surroundings-demand'] ? readDemandInput(command, values, warn, values['surroundings-demand'], undefined) : undefined;
  const study = readDemandInput(command, values, warn, values.demand, bounds, around);
  const studySites = readSitesInput(command, values.supply!, values, warn, bounds, values['supply-id-field']);
  const aroundSites = values['surroundings-supply'] ? readSitesInput(command, values['surroundings-supply'], values, warn, undefined, values['supply-id-field']) : undefined;
  if (!bounds) {
    checkSwapped([
      placed(study, 'demand points', values['id-field']),
      placed(studySites, 'sites', values['supply-id-field']),
      ...(around ? [placed(around, 'surrounding demand points', values['id-field'])] : []),
      ...(aroundSites ? [placed(aroundSites, 'surrounding sites', values['supply-id-field'])] : []),
    ]);
  }
  const area = withSurroundings(study, studySites, { demand: around, sites: aroundSites });
  const progress = context.progress(values.quiet);
  const travel = await resolveTravel(command, values, warn, progress);
  const surroundings = around || aroundSites ? { demandCount: around?.size ?? 0, population: around?.totalPopulation ?? 0, siteCount: aroundSites?.size ?? 0 } : null;
  return { area, travel, warn, progress, surroundings };
}

/**
 * The APL's demand weight from --standardised-field: a column, "none" for the population; by default the
 * standardised_population column when the demand has it. Said on standard error, as the summary says it.
 */
export function aplWeight(command: string, field: string | undefined, demand: Demand, warn: (line: string) => void): string | false | undefined {
  const weight = field === 'none' ? false : field;
  if (typeof weight === 'string') demand.attribute(weight); // a missing column is refused before the weight is said
  const used = weight === false ? 'population' : (weight ?? (demand.attributes[STANDARDISED_POPULATION_FIELD] ? STANDARDISED_POPULATION_FIELD : 'population'));
  warn(`careshed ${command}: the APL weighs demand by ${used === 'population' ? 'the population' : `the column ${used}`}${used === 'population' && field !== 'none' ? `; a ${STANDARDISED_POPULATION_FIELD} column or --standardised-field would weigh it by age as DREES does` : ''}`);
  return weight;
}

/**
 * What coverage, matrix, access and rank begin with: read --demand and --supply, resolve --travel, build the
 * reach table to `maxMinutes` (with a progress bar on a terminal), and report what the travel model left out.
 */
export async function reachInputs(command: string, values: InputValues, context: CommandContext, maxMinutes: number) {
  const { reach, ...inputs } = await travelInputs(command, values, context, (travel, demand, sites, onProgress) => travel.reach(demand, sites, { maxMinutes, onProgress }));
  return { ...inputs, reach };
}

/**
 * `reachInputs` for what needs each demand point's nearest site and nothing more (coverage): straight lines find
 * it with no pair table, one nearest-neighbour query a point; other travel models build their table.
 */
export async function nearestInputs(command: string, values: InputValues, context: CommandContext, maxMinutes: number) {
  const { reach: nearest, ...inputs } = await travelInputs(command, values, context, (travel, demand, sites, onProgress) => nearestSites(travel, demand, sites, { maxMinutes, onProgress }));
  return { ...inputs, nearest };
}

/** Reads the inputs, resolves the travel model, measures with it, and reports what it left out. */
async function travelInputs<T extends NearestSites>(
  command: string,
  values: InputValues,
  context: CommandContext,
  measure: (travel: TravelProvider, demand: Demand, sites: Sites, onProgress: Progress | undefined) => T | Promise<T>,
) {
  const warn = context.warn(values.quiet);
  const { demand, sites } = readInputs(command, values, warn);
  const progress = context.progress(values.quiet);
  const travel = await resolveTravel(command, values, warn, progress);
  const reach = await measure(travel, demand, sites, progress);
  reportTravel(command, travel, warn);
  // A matrix: who has no pair in it (a table; straight lines, which find the nearest alone, need positions).
  if (coordinatesFor(values) && isReachTable(reach)) reportUnreached(command, reach, demand, warn);
  return { demand, sites, travel, reach, warn };
}
