import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { writeFilesAtomically } from './output-files.js';
import { CareshedError, type InputLocation } from '../model/errors.js';
import type { PlacedPoints } from '../model/validate.js';
import { parseTable } from '../io/table.js';
import { decodeText } from '../io/json.js';
import type { Demand, Sites } from '../model/points.js';
import { readDemandCsv, readSitesCsv, type CsvDemandOptions, type CsvSitesOptions } from '../io/csv.js';
import { readDemandGeoJson, readSitesGeoJson, type GeoJsonDemandOptions, type GeoJsonSitesOptions } from '../io/geojson.js';
import { readPopulationTable, type PopulationTable, type PopulationTableOptions } from '../io/join.js';
import { checkArgument, checkOptions } from '../model/arguments.js';
import { checkPoints } from '../travel/arguments.js';

/** Told of what reading a file guessed (an encoding): the command line prints it on standard error. */
export type WarningSink = (message: string) => void;

/**
 * Reads a text file, turning a missing or unreadable file (or a folder) into a CareshedError that names it.
 * UTF-8 (with or without a byte-order mark) and UTF-16 with its mark are read as such; other bytes as
 * Windows-1252, the encoding of Excel's "CSV" on a Western European Windows, said to `onWarning` (default
 * console.warn). See `decodeText`.
 *
 * @example
 * const text = readText('communes.csv', (message) => process.stderr.write(`${message}\n`));
 */
export function readText(path: string, onWarning?: WarningSink): string {
  checkArgument('readText', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkArgument('readText', 'onWarning', onWarning, onWarning === undefined || typeof onWarning === 'function', 'a function told of each warning');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CareshedError('IO_ERROR', `cannot read the file: ${reason}`, { source: path });
  }
  return decodeText(bytes, { source: path, onWarning });
}

type Format = 'csv' | 'geojson';

function formatOf(path: string): Format {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  throw new CareshedError('INVALID_OPTION', `cannot tell the format from the extension "${ext}"; expected .csv, .geojson or .json`, { source: path });
}

export type DemandFileOptions = Omit<CsvDemandOptions & GeoJsonDemandOptions, 'source'> & { onWarning?: WarningSink };
export type SitesFileOptions = Omit<CsvSitesOptions & GeoJsonSitesOptions, 'source'> & { onWarning?: WarningSink };

/**
 * Reads demand from a .csv or .geojson file; errors name the file as given and the line or feature.
 *
 * @example
 * const demand = readDemandFile('fixtures/occitanie/communes.csv');
 */
export function readDemandFile(path: string, options: DemandFileOptions = {}): Demand {
  checkArgument('readDemandFile', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkOptions('readDemandFile', options, ['populationColumn', 'idColumn', 'lonColumn', 'latColumn', 'bounds', 'coordinates', 'populationField', 'idField', 'onWarning']);
  const text = readText(path, options.onWarning);
  const source = path;
  return formatOf(path) === 'csv'
    ? readDemandCsv(text, { ...options, source, populationColumn: options.populationColumn ?? options.populationField })
    : readDemandGeoJson(text, { ...options, source, populationField: options.populationField ?? options.populationColumn });
}

/** Reads sites from a .csv or .geojson file. */
export function readSitesFile(path: string, options: SitesFileOptions = {}): Sites {
  checkArgument('readSitesFile', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkOptions('readSitesFile', options, ['idColumn', 'lonColumn', 'latColumn', 'bounds', 'coordinates', 'idField', 'capacityColumn', 'capacityField', 'onWarning']);
  const text = readText(path, options.onWarning);
  const source = path;
  return formatOf(path) === 'csv'
    ? readSitesCsv(text, { ...options, source, capacityColumn: options.capacityColumn ?? options.capacityField })
    : readSitesGeoJson(text, { ...options, source, capacityField: options.capacityField ?? options.capacityColumn });
}

/** Reads an `id,population` CSV file for `joinPopulation`. */
export function readPopulationFile(path: string, options: Omit<PopulationTableOptions, 'source'> & { onWarning?: WarningSink } = {}): PopulationTable {
  checkArgument('readPopulationFile', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkOptions('readPopulationFile', options, ['idColumn', 'populationColumn', 'onWarning']);
  return readPopulationTable(readText(path, options.onWarning), { ...options, source: path });
}

/**
 * Where the record with an id sits in a file: its line in a CSV, its feature in GeoJSON. The file is read
 * again, and only when asked: for an error found after reading (swapped coordinates seen against another file).
 *
 * @example
 * locateRecord('gps.csv')('09029'); // { source: 'gps.csv', line: 2 }
 */
export function locateRecord(path: string, idField = 'id'): (id: string) => InputLocation {
  checkArgument('locateRecord', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkArgument('locateRecord', 'idField', idField, typeof idField === 'string', 'a column name (text)');
  let index: Map<string, InputLocation> | undefined;
  return (id) => {
    if (!index) {
      index = new Map();
      const text = readText(path, () => {}); // said when the file was read
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

/**
 * A set read from a file, for `checkSwapped`: an error names the line (CSV) or feature (GeoJSON) of the point.
 *
 * @example
 * checkSwapped([placedFile(communes, 'demand points'), placedFile(gps, 'sites')]);
 */
export function placedFile(set: Demand | Sites, what: string, idField?: string): PlacedPoints {
  checkPoints('placedFile', set, 'set');
  checkArgument('placedFile', 'what', what, typeof what === 'string', 'what the points are, in words (text)');
  checkArgument('placedFile', 'idField', idField, idField === undefined || typeof idField === 'string', 'a column name (text)');
  const locate = set.source === undefined ? undefined : locateRecord(set.source, idField);
  return { source: set.source, what, ids: set.ids, lon: set.lon, lat: set.lat, locate: locate && ((i) => locate(set.ids[i])) };
}

/**
 * The same error with the line (CSV) or feature (GeoJSON) of its record when it names a file and an id but no
 * place: errors found after reading (a site's capacity refused by the accessibility) then point at the row.
 *
 * @example
 * catch (error) { if (error instanceof CareshedError) console.error(locateError(error).message); }
 */
export function locateError(error: CareshedError): CareshedError {
  checkArgument('locateError', 'error', error, error instanceof CareshedError, 'a CareshedError');
  const at = error.location;
  if (at.source === undefined || at.id === undefined || at.line !== undefined || at.feature !== undefined || at.row !== undefined) return error;
  try {
    formatOf(at.source);
    const found = locateRecord(at.source)(at.id);
    if (found.line === undefined && found.feature === undefined) return error;
    return new CareshedError(error.code, error.problem, { ...at, ...found });
  } catch {
    return error;
  }
}

/**
 * Writes text, creating the folder when needed: into a hidden temporary file beside `path`, flushed to the
 * disk, then renamed into place, so that a full disk or a killed run leaves the old file as it was (see
 * `OutputFiles` for several files at once). A failure is an IO_ERROR naming the file and the cause.
 *
 * @example
 * writeText('out/coverage.json', JSON.stringify(result));
 */
export function writeText(path: string, text: string): void {
  checkArgument('writeText', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkArgument('writeText', 'text', text, typeof text === 'string', 'the text to write');
  writeFilesAtomically([{ path, content: text }]);
}
