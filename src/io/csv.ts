import type { Bounds } from '../model/validate.js';
import { createDemandFromColumns, createSitesFromColumns, PLAIN_AMOUNT, PLAIN_LAT, PLAIN_LON, type Demand, type PointColumns, type Sites } from '../model/points.js';
import { parseColumns, requireColumn, type ColumnTable } from './table.js';
import { checkArgument, isRecord } from '../model/arguments.js';
import { CareshedError, missingField } from '../model/errors.js';

export interface CsvPointOptions {
  /** Label of the input, named in errors (the file name). */
  source?: string;
  /** Column names; defaults id, lon, lat. */
  idColumn?: string;
  lonColumn?: string;
  latColumn?: string;
  bounds?: Bounds;
  /** 'optional': the lon and lat columns may be absent, and a row may leave both empty (travel by a matrix). */
  coordinates?: 'required' | 'optional';
}

export interface CsvDemandOptions extends CsvPointOptions {
  /** Column of the population (default "population"); false when it comes later from `joinPopulation`. */
  populationColumn?: string | false;
}

export interface CsvSitesOptions extends CsvPointOptions {
  /** Column of the capacity (default "capacity"); when the table has no such column every site counts 1. */
  capacityColumn?: string;
}

/** The columns a point reader reads as numbers, with what each takes without a closer look. */
function numberColumns(options: CsvPointOptions, amount: string | undefined): Map<string, (value: number) => boolean> {
  const columns = new Map([
    [options.lonColumn ?? 'lon', PLAIN_LON],
    [options.latColumn ?? 'lat', PLAIN_LAT],
  ]);
  if (amount !== undefined) columns.set(amount, PLAIN_AMOUNT);
  return columns;
}

/** The point columns of a table (ids, positions, other columns as attributes), checked for presence. */
function pointColumns(table: ColumnTable, options: CsvPointOptions, used: readonly string[]): PointColumns {
  const id = options.idColumn ?? 'id';
  const lon = options.lonColumn ?? 'lon';
  const lat = options.latColumn ?? 'lat';
  requireColumn(table, id, 'ids');
  // Optional coordinates: both columns or neither (one alone is a misspelt name, said as such).
  const placed = options.coordinates !== 'optional' || table.columns.includes(lon) || table.columns.includes(lat);
  if (placed && !table.columns.includes(lon) && !table.columns.includes(lat)) {
    throw new CareshedError('MISSING_COLUMN', `${missingField('column', lon, table.columns, 'the longitudes')}; a point needs "${lon}" and "${lat}" unless travel goes by ids: with a travel matrix (--travel matrix:FILE; readers take coordinates: 'optional') they may be left out`, { source: table.source, line: 1, field: lon });
  }
  if (placed) requireColumn(table, lon, 'longitudes');
  if (placed) requireColumn(table, lat, 'latitudes');
  const skip = new Set([id, lon, lat, ...used]);
  // No prototype: a column named "__proto__" is kept as one, not taken for the object's prototype.
  const attributes: Record<string, readonly string[]> = Object.create(null);
  table.columns.forEach((c, k) => {
    if (!skip.has(c)) attributes[c] = table.values[k];
  });
  return { ids: table.values[table.columns.indexOf(id)], lon: placed ? table.numbers.get(lon) : undefined, lat: placed ? table.numbers.get(lat) : undefined, attributes };
}

/**
 * Reads demand points from CSV text: `id,lon,lat,population`, other columns kept as text attributes.
 *
 * @example
 * const demand = readDemandCsv('id,lon,lat,population,dep\n09257,1.177,43.125,641,09\n', { source: 'communes.csv' });
 * demand.ids[0]; // "09257" (never 9257)
 */
export function readDemandCsv(text: string, options: CsvDemandOptions = {}): Demand {
  checkArgument('readDemandCsv', 'text', text, typeof text === 'string', 'the text of a CSV file');
  checkArgument('readDemandCsv', 'options', options, isRecord(options), 'an object {source, idColumn, populationColumn, ...}');
  const populationColumn = options.populationColumn ?? 'population';
  const table = parseColumns(text, options.source, numberColumns(options, populationColumn === false ? undefined : populationColumn));
  if (populationColumn !== false) requireColumn(table, populationColumn, 'population');
  const columns = pointColumns(table, options, populationColumn === false ? [] : [populationColumn]);
  const population = populationColumn === false ? undefined : table.numbers.get(populationColumn);
  return createDemandFromColumns(columns, population, { source: options.source, bounds: options.bounds, coordinates: options.coordinates, locate: (i) => ({ source: options.source, line: table.lines[i] }) });
}

/**
 * Reads sites from CSV text: `id,lon,lat` and an optional `capacity`.
 *
 * @example
 * const sites = readSitesCsv('id,lon,lat,capacity\nA,1.44,43.60,12\n');
 * sites.capacity[0]; // 12
 */
export function readSitesCsv(text: string, options: CsvSitesOptions = {}): Sites {
  checkArgument('readSitesCsv', 'text', text, typeof text === 'string', 'the text of a CSV file');
  checkArgument('readSitesCsv', 'options', options, isRecord(options), 'an object {source, idColumn, capacityColumn, ...}');
  const capacityColumn = options.capacityColumn ?? 'capacity';
  const table = parseColumns(text, options.source, numberColumns(options, capacityColumn));
  if (options.capacityColumn !== undefined) requireColumn(table, capacityColumn, 'capacity');
  const hasCapacity = table.columns.includes(capacityColumn);
  const columns = pointColumns(table, options, hasCapacity ? [capacityColumn] : []);
  const capacity = hasCapacity ? table.numbers.get(capacityColumn) : undefined;
  return createSitesFromColumns(columns, capacity, { source: options.source, bounds: options.bounds, coordinates: options.coordinates, locate: (i) => ({ source: options.source, line: table.lines[i] }) });
}
