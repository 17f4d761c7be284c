import type { Demand, Sites } from '../model/points.js';
import { withSurroundings } from '../model/surroundings.js';
import type { Bounds } from '../model/validate.js';
import { STANDARDISED_POPULATION_FIELD } from '../access/apl.js';
import { joinPopulation } from '../io/join.js';
import { readDemandFile, readPopulationFile, readSitesFile } from '../node/files.js';
import { reportTravel, resolveTravel, travelHelp, travelOptions } from './travel.js';
import type { CommandContext } from './context.js';
import { boundsOption, type OptionSpec } from './usage.js';

/** Options every command that reads demand and sites shares. */
export const inputOptions = {
  demand: { type: 'string' },
  supply: { type: 'string' },
  'id-field': { type: 'string' },
  'supply-id-field': { type: 'string' },
  'population-field': { type: 'string' },
  'capacity-field': { type: 'string' },
  population: { type: 'string' },
  'population-id': { type: 'string' },
  bounds: { type: 'string' },
  ...travelOptions,
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const inputHelp = `  --demand FILE            demand points: CSV id,lon,lat,population or GeoJSON (Point, Polygon, MultiPolygon)
  --supply FILE            sites: CSV id,lon,lat[,capacity] or GeoJSON
${travelHelp}
  --id-field NAME          column or property of the demand ids (default id)
  --supply-id-field NAME   column or property of the site ids (default id)
  --population-field NAME  column or property of the population (default population)
  --capacity-field NAME    column or property of the capacity (default capacity)
  --population FILE        take the population from this CSV instead, joined by id
  --population-id NAME     id column of that CSV (default id; its population column is --population-field)
  --bounds=W,S,E,N         study area in degrees: points outside are an error (catches swapped lon/lat);
                           write it with "=" when it starts with a minus sign
  --quiet, -q              no warnings on standard error`;

type InputValues = { [K in keyof typeof inputOptions]?: (typeof inputOptions)[K]['type'] extends 'boolean' ? boolean : string };
export type { InputValues };

/** Reads --demand (with the population join when asked) and --supply; join leftovers are reported on stderr. */
export function readInputs(command: string, values: InputValues, warn: (line: string) => void): { demand: Demand; sites: Sites } {
  const bounds = boundsOption(command, values.bounds);
  const { demand, unmatched } = readDemandInput(values.demand!, values, bounds);
  reportUnmatched(command, values, unmatched, warn);
  return { demand, sites: readSitesInput(values.supply!, values, bounds) };
}

/** One demand file, read with the shared column options, its population joined from --population when given. */
function readDemandInput(path: string, values: InputValues, bounds?: Bounds): { demand: Demand; unmatched: string[] } {
  const idField = values['id-field'];
  const populationField = values['population-field'];
  const demand = readDemandFile(path, {
    idField,
    idColumn: idField,
    populationField: values.population ? false : populationField,
    populationColumn: values.population ? false : populationField,
    bounds,
  });
  if (!values.population) return { demand, unmatched: [] };
  const table = readPopulationFile(values.population, { idColumn: values['population-id'] ?? 'id', populationColumn: populationField ?? 'population' });
  return joinPopulation(demand, table);
}

function readSitesInput(path: string, values: InputValues, bounds?: Bounds): Sites {
  const siteIdField = values['supply-id-field'];
  return readSitesFile(path, { idField: siteIdField, idColumn: siteIdField, capacityField: values['capacity-field'], capacityColumn: values['capacity-field'], bounds });
}

function reportUnmatched(command: string, values: InputValues, unmatched: readonly string[], warn: (line: string) => void): void {
  if (unmatched.length > 0) warn(`careshed ${command}: ${unmatched.length} rows of ${values.population} match no demand point (first: ${unmatched.slice(0, 5).join(', ')})`);
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
  const warn = context.warn(values.quiet);
  const bounds = boundsOption(command, values.bounds);
  const study = readDemandInput(values.demand!, values, bounds);
  const around = values['surroundings-demand'] ? readDemandInput(values['surroundings-demand'], values) : undefined;
  reportUnmatched(command, values, around ? study.unmatched.filter((id) => around.demand.indexOf(id) < 0) : study.unmatched, warn);
  const studySites = readSitesInput(values.supply!, values, bounds);
  const aroundSites = values['surroundings-supply'] ? readSitesInput(values['surroundings-supply'], values) : undefined;
  const area = withSurroundings(study.demand, studySites, { demand: around?.demand, sites: aroundSites });
  const progress = context.progress(values.quiet);
  const travel = await resolveTravel(command, values, warn, progress);
  const reach = await travel.reach(area.demand, area.sites, { maxMinutes, onProgress: progress });
  reportTravel(command, travel, warn);
  const surroundings = around || aroundSites ? { demandCount: around?.demand.size ?? 0, population: around?.demand.totalPopulation ?? 0, siteCount: aroundSites?.size ?? 0 } : null;
  return { area, travel, reach, warn, surroundings };
}

/**
 * The APL's demand weight from --standardised-field: a column, "none" for the population; by default the
 * standardised_population column when the demand has it. Said on standard error, as the summary says it.
 */
export function aplWeight(command: string, field: string | undefined, demand: Demand, warn: (line: string) => void): string | false | undefined {
  const weight = field === 'none' ? false : field;
  const used = weight === false ? 'population' : (weight ?? (demand.attributes[STANDARDISED_POPULATION_FIELD] ? STANDARDISED_POPULATION_FIELD : 'population'));
  warn(`careshed ${command}: the APL weighs demand by ${used === 'population' ? 'the population' : `the column ${used}`}${used === 'population' && field !== 'none' ? `; a ${STANDARDISED_POPULATION_FIELD} column or --standardised-field would weigh it by age as DREES does` : ''}`);
  return weight;
}

/**
 * What coverage, matrix, access and rank begin with: read --demand and --supply, resolve --travel, build the
 * reach table to `maxMinutes` (with a progress bar on a terminal), and report what the travel model left out.
 */
export async function reachInputs(command: string, values: InputValues, context: CommandContext, maxMinutes: number) {
  const warn = context.warn(values.quiet);
  const { demand, sites } = readInputs(command, values, warn);
  const progress = context.progress(values.quiet);
  const travel = await resolveTravel(command, values, warn, progress);
  const reach = await travel.reach(demand, sites, { maxMinutes, onProgress: progress });
  reportTravel(command, travel, warn);
  return { demand, sites, travel, reach, warn };
}
