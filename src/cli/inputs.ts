import type { Demand, Sites } from '../model/points.js';
import { joinPopulation } from '../io/join.js';
import { readDemandFile, readPopulationFile, readSitesFile } from '../node/files.js';
import { reportTravel, resolveTravel, travelHelp, travelOptions } from './travel.js';
import type { CommandContext } from './context.js';
import { boundsOption, UsageError, type OptionSpec } from './usage.js';

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
  const idField = values['id-field'];
  const populationField = values['population-field'];
  let demand = readDemandFile(values.demand!, {
    idField,
    idColumn: idField,
    populationField: values.population ? false : populationField,
    populationColumn: values.population ? false : populationField,
    bounds,
  });
  if (values.population) {
    const table = readPopulationFile(values.population, { idColumn: values['population-id'] ?? 'id', populationColumn: populationField ?? 'population' });
    const joined = joinPopulation(demand, table);
    demand = joined.demand;
    if (joined.unmatched.length > 0) {
      warn(`careshed ${command}: ${joined.unmatched.length} rows of ${values.population} match no demand point (first: ${joined.unmatched.slice(0, 5).join(', ')})`);
    }
  }
  const siteIdField = values['supply-id-field'];
  const sites = readSitesFile(values.supply!, { idField: siteIdField, idColumn: siteIdField, capacityField: values['capacity-field'], capacityColumn: values['capacity-field'], bounds });
  return { demand, sites };
}

/** A numeric demand column (the age-standardised population), checked like a population. */
export function standardised(demand: Demand, field: string): Float64Array {
  const column = demand.attribute(field);
  return Float64Array.from(column, (text, i) => {
    const value = Number(text);
    if (text.trim() === '' || !(value >= 0)) throw new UsageError(`careshed: demand ${demand.ids[i]}: ${field} "${text}" is not a population >= 0`);
    return value;
  });
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
