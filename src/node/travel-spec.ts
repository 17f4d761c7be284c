import { CareshedError } from '../model/errors.js';
import type { TravelProvider } from '../travel/provider.js';
import { OSRM_SPEC_SETTINGS, specSettings, travelFromSpec } from '../travel/spec.js';
import { parseDecimal } from '../model/decimal.js';
import { quote } from '../model/quote.js';
import { NetworkTravel } from '../travel/network/network-travel.js';
import { carProfile } from '../travel/network/profile.js';
import type { SnapOptions } from '../travel/network/snap.js';
import type { NetworkBuildReport } from '../travel/network/build-report.js';
import type { OsrmOptions } from '../travel/osrm.js';
import type { Progress } from '../model/progress.js';
import { MatrixFileTravel, type MatrixFileOptions } from './matrix-file.js';
import { MATRIX_UNITS, type MatrixUnit } from '../travel/matrix.js';
import { readRoadNetworkFile } from './roads-file.js';
import { checkArgument } from '../model/arguments.js';
import { OsrmFileCheckpoint } from './osrm-checkpoint.js';

export interface TravelSpecOptions extends MatrixFileOptions, SnapOptions {
  osrm?: OsrmOptions;
  /** Told how far reading a road network has gone. */
  onProgress?: Progress;
}

export interface ResolvedTravel {
  travel: TravelProvider;
  /** How the road network was built, for `network:` specs. */
  networkReport?: NetworkBuildReport;
}

/**
 * `network:FILE[,maxspeed=F]`: the file, and the share of posted maxspeeds driven (default 0.8, OSRM's).
 * `rest` is what follows `network:`. Throws INVALID_OPTION for an unknown setting or a factor out of (0, 1.5].
 *
 * @example
 * networkSpec('network:roads.osm,maxspeed=1', 'roads.osm,maxspeed=1'); // { path: 'roads.osm', maxspeedFactor: 1 }
 */
export function networkSpec(spec: string, rest: string): { path: string; maxspeedFactor?: number } {
  checkArgument('networkSpec', 'spec', spec, typeof spec === 'string', 'a travel spec network:FILE[,maxspeed=F] (text)');
  checkArgument('networkSpec', 'rest', rest, typeof rest === 'string', 'what follows network: (text)');
  const { head, settings } = specSettings(spec, rest, ['maxspeed']);
  const text = settings.get('maxspeed');
  if (text === undefined) return { path: head };
  const value = parseDecimal(text);
  if (value === undefined || !(value > 0 && value <= 1.5)) {
    throw new CareshedError('INVALID_OPTION', `maxspeed factor ${quote(text)} is not a number in (0, 1.5], in decimal; expected network:FILE,maxspeed=0.8 (1 drives at the posted limit)`, { field: 'travel', value: spec });
  }
  if (head === '') throw new CareshedError('INVALID_OPTION', 'expected network:FILE,maxspeed=F with the file before the comma', { field: 'travel', value: spec });
  return { path: head, maxspeedFactor: value };
}

/**
 * `matrix:FILE[,unit=seconds|minutes|hours]`: the file, and the unit of its times when given. An unknown
 * setting is refused with the nearest (`,units=` → unit).
 *
 * @example
 * matrixSpec('matrix:times.csv,unit=seconds', 'times.csv,unit=seconds'); // { path: 'times.csv', unit: 'seconds' }
 */
export function matrixSpec(spec: string, rest: string): { path: string; unit?: MatrixUnit } {
  checkArgument('matrixSpec', 'spec', spec, typeof spec === 'string', 'a travel spec matrix:FILE[,unit=U] (text)');
  checkArgument('matrixSpec', 'rest', rest, typeof rest === 'string', 'what follows matrix: (text)');
  const { head, settings } = specSettings(spec, rest, ['unit']);
  const unit = settings.get('unit');
  if (unit === undefined) return { path: head };
  if (!(MATRIX_UNITS as readonly string[]).includes(unit)) {
    throw new CareshedError('INVALID_OPTION', `unit ${quote(unit)} is not one of ${MATRIX_UNITS.join(', ')}; expected matrix:FILE,unit=seconds (careshed reads minutes by default)`, { field: 'travel', value: spec });
  }
  if (head === '') throw new CareshedError('INVALID_OPTION', 'expected matrix:FILE,unit=U with the file before the comma', { field: 'travel', value: spec });
  return { path: head, unit: unit as MatrixUnit };
}

/**
 * `osrm:URL[,timeout=SECONDS][,retries=N][,resume=FILE]`: the spec the browser entry reads (without `resume`,
 * which needs a file) and the file that keeps the batches done, if given.
 *
 * @example
 * osrmSpec('osrm:http://localhost:5000,resume=osrm.jsonl,timeout=60', 'http://localhost:5000,resume=osrm.jsonl,timeout=60');
 * // { browserSpec: 'osrm:http://localhost:5000,timeout=60', resume: 'osrm.jsonl' }
 */
export function osrmSpec(spec: string, rest: string): { browserSpec: string; resume: string | undefined } {
  const { head, settings } = specSettings(spec, rest, [...OSRM_SPEC_SETTINGS, 'resume']);
  const resume = settings.get('resume');
  if (resume !== undefined && resume.trim() === '') throw new CareshedError('INVALID_OPTION', 'resume= needs the path of a file that keeps the batches done; expected osrm:URL,resume=FILE', { field: 'travel', value: spec });
  settings.delete('resume');
  return { browserSpec: `osrm:${head}${[...settings].map(([name, value]) => `,${name}=${value}`).join('')}`, resume };
}

/**
 * Any travel provider from its command-line spelling: `crow[:SPEED_KMH[:DETOUR]]`, `network:FILE[,maxspeed=F]`
 * (.geojson, .osm, .osm.pbf, *_arcs.csv), `matrix:FILE[,unit=seconds|minutes|hours]` (long CSV, .csv.gz,
 * .parquet or OSRM table JSON) or `osrm:URL[,timeout=SECONDS][,retries=N][,resume=FILE]` (FILE keeps the
 * batches done, for a run stopped to start again after them: see OsrmFileCheckpoint).
 *
 * @example
 * const { travel } = await travelFromSpecNode('network:andorra.osm.pbf');
 */
export async function travelFromSpecNode(spec: string, options: TravelSpecOptions = {}): Promise<ResolvedTravel> {
  if (typeof spec !== 'string') throw new CareshedError('INVALID_OPTION', 'a travel spec is a text: crow[:SPEED_KMH[:DETOUR]], network:FILE, matrix:FILE or osrm:URL', { field: 'travel', value: spec });
  if (options === null || typeof options !== 'object') throw new CareshedError('INVALID_OPTION', 'the options of travelFromSpecNode are an object', { field: 'options', value: options });
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if ((kind === 'network' || kind === 'matrix') && rest === '') throw new CareshedError('INVALID_OPTION', `expected ${kind}:FILE or ${kind}:URL`, { field: 'travel', value: spec });
  switch (kind) {
    case 'network': {
      const { path, maxspeedFactor } = networkSpec(spec, rest);
      const network = await readRoadNetworkFile(path, { onProgress: options.onProgress, profile: maxspeedFactor === undefined ? undefined : carProfile({ maxspeedFactor }) });
      return { travel: new NetworkTravel(network.graph, { ...options, source: path, build: network.report }), networkReport: network.report };
    }
    case 'matrix': {
      const { path, unit } = matrixSpec(spec, rest);
      return { travel: new MatrixFileTravel(path, unit === undefined ? options : { ...options, unit }) };
    }
    case 'osrm': {
      const { browserSpec, resume } = osrmSpec(spec, rest);
      if (resume === undefined) return { travel: travelFromSpec(browserSpec, options) };
      return { travel: travelFromSpec(browserSpec, { osrm: { ...options.osrm, checkpoint: new OsrmFileCheckpoint(resume) } }) };
    }
    case 'crow':
      return { travel: travelFromSpec(spec, options) };
    default:
      throw new CareshedError('INVALID_OPTION', `unknown travel model ${quote(kind)}; expected crow[:SPEED_KMH[:DETOUR]], network:FILE, matrix:FILE or osrm:URL`, { field: 'travel', value: spec });
  }
}
