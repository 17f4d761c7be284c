import { CareshedError } from '../model/errors.js';
import type { TravelProvider } from '../travel/provider.js';
import { travelFromSpec } from '../travel/spec.js';
import { NetworkTravel } from '../travel/network/network-travel.js';
import { carProfile } from '../travel/network/profile.js';
import type { SnapOptions } from '../travel/network/snap.js';
import type { NetworkBuildReport } from '../travel/network/build-report.js';
import type { OsrmOptions } from '../travel/osrm.js';
import type { Progress } from '../model/progress.js';
import { MatrixFileTravel, type MatrixFileOptions } from './matrix-file.js';
import { MATRIX_UNITS, type MatrixUnit } from '../travel/matrix.js';
import { readRoadNetworkFile } from './roads-file.js';
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

/** `network:FILE[,maxspeed=F]`: the file, and the share of posted maxspeeds driven (default 0.8, OSRM's). */
function networkSpec(spec: string, rest: string): { path: string; maxspeedFactor?: number } {
  const match = /^(.*?),maxspeed=([^,]*)$/.exec(rest);
  if (!match) return { path: rest };
  const value = Number(match[2]);
  if (match[2].trim() === '' || !(value > 0 && value <= 1.5)) {
    throw new CareshedError('INVALID_OPTION', `maxspeed factor "${match[2]}" is not a number in (0, 1.5]; expected network:FILE,maxspeed=0.8 (1 drives at the posted limit)`, { field: 'travel', value: spec });
  }
  return { path: match[1], maxspeedFactor: value };
}

/** `matrix:FILE[,unit=seconds|minutes|hours]`: the file, and the unit of its times when given. */
export function matrixSpec(spec: string, rest: string): { path: string; unit?: MatrixUnit } {
  const match = /^(.*?),unit=([^,]*)$/.exec(rest);
  if (!match) return { path: rest };
  if (!(MATRIX_UNITS as readonly string[]).includes(match[2])) {
    throw new CareshedError('INVALID_OPTION', `unit "${match[2]}" is not one of ${MATRIX_UNITS.join(', ')}; expected matrix:FILE,unit=seconds (careshed reads minutes by default)`, { field: 'travel', value: spec });
  }
  return { path: match[1], unit: match[2] as MatrixUnit };
}

/**
 * Any travel provider from its command-line spelling: `crow[:SPEED_KMH[:DETOUR]]`, `network:FILE[,maxspeed=F]`
 * (.geojson, .osm, .osm.pbf, *_arcs.csv), `matrix:FILE[,unit=seconds|minutes|hours]` (long CSV, .csv.gz,
 * .parquet or OSRM table JSON) or `osrm:URL[,resume=FILE]` (FILE keeps the batches done, for a run stopped to
 * start again after them: see OsrmFileCheckpoint).
 *
 * @example
 * const { travel } = await travelFromSpecNode('network:andorra.osm.pbf');
 */
export async function travelFromSpecNode(spec: string, options: TravelSpecOptions = {}): Promise<ResolvedTravel> {
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
      const resume = /^(.*?),resume=(.+)$/.exec(rest);
      if (!resume) return { travel: travelFromSpec(spec, options) };
      return { travel: travelFromSpec(`osrm:${resume[1]}`, { osrm: { ...options.osrm, checkpoint: new OsrmFileCheckpoint(resume[2]) } }) };
    }
    case 'crow':
      return { travel: travelFromSpec(spec, options) };
    default:
      throw new CareshedError('INVALID_OPTION', `unknown travel model "${kind}"; expected crow[:SPEED_KMH[:DETOUR]], network:FILE, matrix:FILE or osrm:URL`, { field: 'travel', value: spec });
  }
}
