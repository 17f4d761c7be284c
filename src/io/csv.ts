import type { Bounds } from '../model/validate.js';
import { createDemand, createSites, type Demand, type PointRecord, type Sites } from '../model/points.js';
import { parseTable, requireColumn, type Table } from './table.js';
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

function pointRecords(table: Table, options: CsvPointOptions, used: readonly string[]): PointRecord[] {
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
  const extra = table.columns.filter((c) => !skip.has(c));
  return table.rows.map((row) => {
    const attributes: Record<string, string> = {};
    for (const c of extra) attributes[c] = row[c] ?? '';
    return { id: row[id], lon: placed ? row[lon] : undefined, lat: placed ? row[lat] : undefined, attributes };
  });
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
  const table = parseTable(text, options.source);
  const populationColumn = options.populationColumn ?? 'population';
  if (populationColumn !== false) requireColumn(table, populationColumn, 'population');
  const records = pointRecords(table, options, populationColumn === false ? [] : [populationColumn]).map((r, i) => ({
    ...r,
    population: populationColumn === false ? 0 : table.rows[i][populationColumn],
  }));
  return createDemand(records, { source: options.source, bounds: options.bounds, coordinates: options.coordinates, locate: (i) => ({ source: options.source, line: table.lines[i] }) });
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
  const table = parseTable(text, options.source);
  const capacityColumn = options.capacityColumn ?? 'capacity';
  if (options.capacityColumn !== undefined) requireColumn(table, capacityColumn, 'capacity');
  const hasCapacity = table.columns.includes(capacityColumn);
  const records = pointRecords(table, options, hasCapacity ? [capacityColumn] : []).map((r, i) => ({
    ...r,
    capacity: hasCapacity ? table.rows[i][capacityColumn] : undefined,
  }));
  return createSites(records, { source: options.source, bounds: options.bounds, coordinates: options.coordinates, locate: (i) => ({ source: options.source, line: table.lines[i] }) });
}
