import { extname } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import type { Demand } from '../model/points.js';
import { formatTable } from '../io/table.js';
import { writeText } from '../node/files.js';
import { UsageError } from './usage.js';

/** A command's result in the three shapes `--out` can take. */
export interface CommandOutput {
  json: unknown;
  /** Per-demand (or per-site) rows for .csv. */
  table: { columns: string[]; rows: unknown[][] };
  /** Per-demand properties for .geojson, drawn on each demand point's area or point. */
  features?: { demand: Demand; properties: (i: number) => Record<string, unknown> };
}

export function outputFormat(command: string, out: string | undefined): 'json' | 'csv' | 'geojson' {
  if (out === undefined) return 'json';
  const ext = extname(out).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.geojson') return 'geojson';
  throw new UsageError(`careshed ${command}: --out must end in .json, .csv or .geojson, got "${out}"`);
}

function toFeatures(demand: Demand, properties: (i: number) => Record<string, unknown>): FeatureCollection {
  const features: Feature[] = demand.ids.map((id, i) => ({
    type: 'Feature',
    properties: { id, ...properties(i) },
    geometry: demand.areas?.[i] ?? { type: 'Point', coordinates: [demand.lon[i], demand.lat[i]] },
  }));
  return { type: 'FeatureCollection', features };
}

/** Writes to --out by its extension, or JSON to standard output. */
export function writeOutput(command: string, out: string | undefined, output: CommandOutput, stdout: (text: string) => void): void {
  const format = outputFormat(command, out);
  let text: string;
  if (format === 'json') text = JSON.stringify(output.json, null, 2) + '\n';
  else if (format === 'csv') text = formatTable(output.table.columns, output.table.rows);
  else {
    if (!output.features) throw new UsageError(`careshed ${command}: this command has no GeoJSON output; use .json or .csv`);
    text = JSON.stringify(toFeatures(output.features.demand, output.features.properties)) + '\n';
  }
  if (out === undefined) stdout(text);
  else writeText(out, text);
}
