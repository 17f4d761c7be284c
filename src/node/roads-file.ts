import { createReadStream, existsSync, statSync } from 'node:fs';
import { progressTicker, type Progress } from '../model/progress.js';
import { basename, dirname, join } from 'node:path';
import { CareshedError } from '../model/errors.js';
import { CAR_PROFILE, type SpeedProfile } from '../travel/network/profile.js';
import { readRoadsCsv } from '../travel/network/roads-csv.js';
import { readRoadsGeoJson } from '../travel/network/roads-geojson.js';
import { WayNetworkBuilder, type RoadNetwork } from '../travel/network/way-network.js';
import { readText } from './files.js';
import { checkArgument, checkOptions } from '../model/arguments.js';
import { checkProfile } from '../travel/arguments.js';

/** The OSM tags a road graph needs; the PBF reader keeps no others. */
const ROAD_TAGS = ['highway', 'maxspeed', 'oneway', 'junction', 'access', 'motorcar', 'motor_vehicle', 'vehicle'];

/** Streams an .osm.pbf file (osm-pbf-parser-node) into a road graph: node positions, then ways. */
export async function readRoadsPbf(path: string, profile: SpeedProfile = CAR_PROFILE, onProgress?: Progress): Promise<RoadNetwork> {
  checkArgument('readRoadsPbf', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkProfile('readRoadsPbf', profile);
  if (!existsSync(path)) throw new CareshedError('IO_ERROR', 'cannot read the file: no such file', { source: path });
  // The PBF reader waits for ever on a folder.
  if (!statSync(path).isFile()) throw new CareshedError('IO_ERROR', 'cannot read the file: it is a folder', { source: path });
  const builder = new WayNetworkBuilder(profile);
  // The PBF stream does not tell its position: count what it gives.
  const ticker = progressTicker(onProgress, 'reading roads (.osm.pbf)', null, 'nodes and ways', 100_000);
  let items = 0;
  try {
    // Loaded when a .pbf is read: the parser and its protobuf code cost every other command's start-up otherwise.
    const { createOSMStream } = await import('osm-pbf-parser-node');
    for await (const item of createOSMStream(path, { withTags: { node: false, way: ROAD_TAGS, relation: false } })) {
      ticker.tick(++items);
      const entity = item as { type?: string; id: number; lon: number; lat: number; refs: number[]; tags?: Record<string, string> };
      if (entity.type === 'node') builder.osmNode(entity.id, entity.lon, entity.lat);
      else if (entity.type === 'way') builder.osmWay(entity.refs, entity.tags ?? {});
    }
  } catch (error) {
    if (error instanceof CareshedError) throw error;
    throw new CareshedError('PARSE_ERROR', `not a readable .osm.pbf file: ${(error as Error).message}`, { source: path });
  }
  ticker.end();
  return builder.finish();
}

/** Streams an .osm (XML) file into a road graph. */
export async function readRoadsOsmFile(path: string, profile: SpeedProfile = CAR_PROFILE, onProgress?: Progress): Promise<RoadNetwork> {
  checkArgument('readRoadsOsmFile', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkProfile('readRoadsOsmFile', profile);
  if (!existsSync(path)) throw new CareshedError('IO_ERROR', 'cannot read the file: no such file', { source: path });
  const { OsmXmlRoads } = await import('../travel/network/roads-osm-xml.js'); // the XML parser, loaded for an .osm
  const reader = new OsmXmlRoads({ source: path, profile });
  const ticker = progressTicker(onProgress, 'reading roads (.osm)', statSync(path).size / 1e6, 'MB');
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const text = new TextDecoder();
  for await (const chunk of stream) {
    bytes += (chunk as Buffer).length;
    reader.write(text.decode(chunk as Buffer, { stream: true }));
    ticker.tick(bytes / 1e6);
  }
  reader.write(text.decode());
  ticker.end();
  return reader.finish();
}

/**
 * Reads a road network by its extension: .geojson or .json (LineStrings with OSM tags), .osm (XML),
 * .osm.pbf or .pbf, or an arcs table .csv whose nodes table sits beside it (`*_arcs.csv` and `*_nodes.csv`,
 * or `nodesPath`).
 *
 * @example
 * const { graph, report } = await readRoadNetworkFile('andorra-latest.osm.pbf');
 */
export async function readRoadNetworkFile(path: string, options: { profile?: SpeedProfile; nodesPath?: string; onProgress?: Progress } = {}): Promise<RoadNetwork> {
  checkArgument('readRoadNetworkFile', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
  checkOptions('readRoadNetworkFile', options, ['profile', 'nodesPath', 'onProgress']);
  const profile = options.profile ?? CAR_PROFILE;
  const name = basename(path).toLowerCase();
  if (name.endsWith('.pbf')) return readRoadsPbf(path, profile, options.onProgress);
  if (name.endsWith('.osm')) return readRoadsOsmFile(path, profile, options.onProgress);
  if (name.endsWith('.geojson') || name.endsWith('.json')) return readRoadsGeoJson(readText(path), { source: path, profile });
  if (name.endsWith('.csv')) {
    const nodesPath = options.nodesPath ?? join(dirname(path), basename(path).replace(/arcs(?=[^/]*\.csv$)/i, 'nodes'));
    if (nodesPath === path) {
      throw new CareshedError('INVALID_OPTION', 'a road table needs its nodes table: name the files *_arcs.csv and *_nodes.csv, or give nodesPath', { source: path });
    }
    return readRoadsCsv(readText(nodesPath), readText(path), { nodesSource: nodesPath, arcsSource: path, profile });
  }
  throw new CareshedError('INVALID_OPTION', 'cannot tell the road network format from the extension; expected .geojson, .osm, .osm.pbf or *_arcs.csv', { source: path });
}
