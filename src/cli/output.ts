import { dirname, extname, resolve } from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { PointSet } from '../model/points.js';
import { formatTable, type RowSource } from '../io/table.js';
import { writeFilesAtomically } from '../node/output-files.js';
import { UsageError } from './usage.js';

/** A command's result in the three shapes `--out` can take. */
export interface CommandOutput {
  /** The JSON document, or a function that makes it only when JSON is asked (a large per-point list). */
  json: unknown;
  /** Per-demand (or per-site, per-territory) rows for .csv, or a source that makes each row when written. */
  table: { columns: string[]; rows: unknown[][] | RowSource };
  /** Properties for .geojson, one feature per point of `points`, drawn on its area or at its point. */
  features?: { points: PointSet; properties: (i: number) => Record<string, unknown> };
  /** A few lines for a person (names, key figures), on standard error when --out is given, unless --quiet. */
  summary?: string[];
}

export function outputFormat(command: string, out: string | undefined): 'json' | 'csv' | 'geojson' {
  if (out === undefined) return 'json';
  const ext = extname(out).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.geojson') return 'geojson';
  throw new UsageError(`careshed ${command}: --out must end in .json, .csv or .geojson, got "${out}"`);
}

function toFeatures(points: PointSet, properties: (i: number) => Record<string, unknown>): FeatureCollection<Geometry | null> {
  const features: Feature<Geometry | null>[] = points.ids.map((id, i) => ({
    type: 'Feature',
    properties: { id, ...properties(i) },
    // A point read without lon and lat (travel by a matrix) is an unlocated feature: null geometry (RFC 7946, 3.2).
    geometry: points.areas?.[i] ?? (Number.isNaN(points.lon[i]) ? null : { type: 'Point', coordinates: [points.lon[i], points.lat[i]] }),
  }));
  return { type: 'FeatureCollection', features };
}

/** The text of an output in one format. */
export function formatOutput(command: string, format: 'json' | 'csv' | 'geojson', output: CommandOutput): string {
  if (format === 'json') return JSON.stringify(typeof output.json === 'function' ? output.json() : output.json, null, 2) + '\n';
  if (format === 'csv') return formatTable(output.table.columns, output.table.rows);
  if (!output.features) throw new UsageError(`careshed ${command}: this command has no GeoJSON output; use .json or .csv`);
  return JSON.stringify(toFeatures(output.features.points, output.features.properties)) + '\n';
}

/**
 * Writes to --out by its extension, or JSON to standard output. With --out, the summary goes to standard error
 * through `warn` (which --quiet silences), so that a run to a file still tells a person what it found. `also`:
 * more files of the same run (coverage's --by-out), written with --out all or none.
 */
export function writeOutput(command: string, out: string | undefined, output: CommandOutput, stdout: (text: string) => void, warn?: (line: string) => void, also: readonly OutputFile[] = []): void {
  const text = formatOutput(command, outputFormat(command, out), output);
  if (out === undefined) stdout(text);
  const files = [...(out === undefined ? [] : [{ path: out, content: text }]), ...also];
  if (files.length === 0) return;
  writeFiles(command, files, warn);
  if (warn) {
    if (out !== undefined) for (const line of output.summary ?? []) warn(line);
    for (const file of files) warn(`careshed ${command}: wrote ${file.path}`);
  }
}

/** A file a command writes, and what goes in it. */
export interface OutputFile {
  path: string;
  /** The bytes, or a function that makes them when the file's turn comes (a map's PNG). */
  content: string | Uint8Array | (() => string | Uint8Array);
}

/**
 * Writes output files all or none (see `OutputFiles`: each into a hidden temporary file beside it, then all
 * renamed into place), creating their folders when missing, and says so: a mistyped folder name then shows
 * (the output is still written, as the demo's and --maps's folders are made).
 */
export function writeFiles(command: string, files: readonly OutputFile[], warn?: (line: string) => void): void {
  const made = writeFilesAtomically(files);
  if (made.length === 0) return;
  // Named as the user wrote it: the folder of the file whose path made the outermost one.
  const said = new Set<string>();
  for (const file of files) {
    const folder = resolve(dirname(file.path));
    if (made.includes(folder) && !said.has(folder)) warn?.(`careshed ${command}: created the folder ${dirname(file.path)}`);
    said.add(folder);
  }
}

/** Writes one output file (see `writeFiles`). */
export function writeFile(command: string, path: string, text: string, warn?: (line: string) => void): void {
  writeFiles(command, [{ path, content: text }], warn);
}

/** Numbers as a person reads them: 6,124,653; 2.4 %. */
import { int } from '../model/figures.js';
export { int };
/** A count with its noun, singular or plural: "1 point", "4,446 points", "2 territories". */
export const count = (n: number, singular: string, plural = `${singular}s`) => `${int(n)} ${Math.round(n) === 1 ? singular : plural}`;
export const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
/** A figure rounded for a table: `digits` decimals, null kept. */
export const round = (x: number | null | undefined, digits: number) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);
/** A figure of any size for a sentence: three significant digits (0.000471, 4.02, 153), thousands separated above. */
export const figure = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1000 ? int(x) : String(Number(x.toPrecision(3))));
