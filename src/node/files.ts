import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { CareshedError, type InputLocation } from '../model/errors.js';
import { parseTable } from '../io/table.js';
import type { Demand, Sites } from '../model/points.js';
import { readDemandCsv, readSitesCsv, type CsvDemandOptions, type CsvSitesOptions } from '../io/csv.js';
import { readDemandGeoJson, readSitesGeoJson, type GeoJsonDemandOptions, type GeoJsonSitesOptions } from '../io/geojson.js';
import { readPopulationTable, type PopulationTable, type PopulationTableOptions } from '../io/join.js';

/** Reads a text file, turning a missing or unreadable file into a CareshedError that names it. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CareshedError('IO_ERROR', `cannot read the file: ${reason}`, { source: path });
  }
}

type Format = 'csv' | 'geojson';

function formatOf(path: string): Format {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  throw new CareshedError('INVALID_OPTION', `cannot tell the format from the extension "${ext}"; expected .csv, .geojson or .json`, { source: path });
}

export type DemandFileOptions = Omit<CsvDemandOptions & GeoJsonDemandOptions, 'source'>;
export type SitesFileOptions = Omit<CsvSitesOptions & GeoJsonSitesOptions, 'source'>;

/**
 * Reads demand from a .csv or .geojson file; errors name the file as given and the line or feature.
 *
 * @example
 * const demand = readDemandFile('fixtures/occitanie/communes.csv');
 */
export function readDemandFile(path: string, options: DemandFileOptions = {}): Demand {
  const text = readText(path);
  const source = path;
  return formatOf(path) === 'csv'
    ? readDemandCsv(text, { ...options, source, populationColumn: options.populationColumn ?? options.populationField })
    : readDemandGeoJson(text, { ...options, source, populationField: options.populationField ?? options.populationColumn });
}

/** Reads sites from a .csv or .geojson file. */
export function readSitesFile(path: string, options: SitesFileOptions = {}): Sites {
  const text = readText(path);
  const source = path;
  return formatOf(path) === 'csv'
    ? readSitesCsv(text, { ...options, source, capacityColumn: options.capacityColumn ?? options.capacityField })
    : readSitesGeoJson(text, { ...options, source, capacityField: options.capacityField ?? options.capacityColumn });
}

/** Reads an `id,population` CSV file for `joinPopulation`. */
export function readPopulationFile(path: string, options: Omit<PopulationTableOptions, 'source'> = {}): PopulationTable {
  return readPopulationTable(readText(path), { ...options, source: path });
}

/**
 * Where the record with an id sits in a file: its line in a CSV, its feature in GeoJSON. The file is read
 * again, and only when asked: for an error found after reading (swapped coordinates seen against another file).
 *
 * @example
 * locateRecord('gps.csv')('09029'); // { source: 'gps.csv', line: 2 }
 */
export function locateRecord(path: string, idField = 'id'): (id: string) => InputLocation {
  let index: Map<string, InputLocation> | undefined;
  return (id) => {
    if (!index) {
      index = new Map();
      const text = readText(path);
      if (formatOf(path) === 'csv') {
        const table = parseTable(text, path);
        table.rows.forEach((row, k) => index!.set(String(row[idField] ?? '').trim(), { source: path, line: table.lines[k] }));
      } else {
        const features = (JSON.parse(text) as { features?: { id?: unknown; properties?: Record<string, unknown> | null }[] }).features ?? [];
        features.forEach((f, k) => index!.set(String(f?.properties?.[idField] ?? (idField === 'id' ? f?.id : '')).trim(), { source: path, feature: k }));
      }
    }
    return index.get(id) ?? { source: path };
  };
}

/** Writes text, creating the folder when needed. */
export function writeText(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new CareshedError('IO_ERROR', `cannot write the file: ${(error as Error).message}`, { source: path });
  }
}
