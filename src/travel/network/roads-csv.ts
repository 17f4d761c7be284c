import { CareshedError, quoted } from '../../model/errors.js';
import { readNumber } from '../../model/validate.js';
import { parseTable, requireColumn } from '../../io/table.js';
import { emptyReport, tally } from './build-report.js';
import { CAR_PROFILE, type SpeedProfile } from './profile.js';
import { RoadGraphBuilder } from './road-graph.js';
import type { RoadNetwork } from './way-network.js';
import { checkArgument, checkOptions } from '../../model/arguments.js';

export interface RoadsCsvOptions {
  nodesSource?: string;
  arcsSource?: string;
  profile?: SpeedProfile;
}

/** The Earth's equator, km: no road arc is longer. */
const EQUATOR_KM = 40_075;

/** Car-access codes of the INSA "BE Graphes" tables (OSM2Graph): 1 yes, 3 destination, 5 customers, 15 unknown. */
const CAR_ACCESS_OK = new Set(['1', '3', '5', '15']);

/**
 * A road graph from a nodes table (`id,lon,lat`) and an arcs table
 * (`from,to,length_m,highway,maxspeed_kmh,oneway[,car_access]`), as in shared/data/osm-toulouse-insa.
 * A two-way arc (oneway 0) is stored once and gets its reverse here. Speed: maxspeed_kmh × the profile's
 * maxspeed factor when given, else the class speed; classes closed to cars, and car_access 0 (no),
 * 2 (private), 4 (delivery), 6 (forestry), are left out and counted.
 */
export function readRoadsCsv(nodesText: string, arcsText: string, options: RoadsCsvOptions = {}): RoadNetwork {
  checkArgument('readRoadsCsv', 'nodesText', nodesText, typeof nodesText === 'string', 'the text of the nodes CSV');
  checkArgument('readRoadsCsv', 'arcsText', arcsText, typeof arcsText === 'string', 'the text of the arcs CSV');
  checkOptions('readRoadsCsv', options, ['nodesSource', 'arcsSource', 'profile']);
  const profile = options.profile ?? CAR_PROFILE;
  const nodes = parseTable(nodesText, options.nodesSource);
  for (const c of ['id', 'lon', 'lat']) requireColumn(nodes, c, 'road nodes');
  const arcs = parseTable(arcsText, options.arcsSource);
  for (const c of ['from', 'to', 'length_m', 'highway', 'oneway']) requireColumn(arcs, c, 'road arcs');
  const hasSpeed = arcs.columns.includes('maxspeed_kmh');
  const hasAccess = arcs.columns.includes('car_access');

  const builder = new RoadGraphBuilder(nodes.rows.length, 2 * arcs.rows.length);
  const byId = new Map<string, number>();
  nodes.rows.forEach((row, i) => {
    const at = { source: options.nodesSource, line: nodes.lines[i], id: row.id };
    const lon = readNumber(row.lon, { ...at, field: 'lon' }, 'INVALID_COORDINATE', 'a longitude');
    const lat = readNumber(row.lat, { ...at, field: 'lat' }, 'INVALID_COORDINATE', 'a latitude');
    if (byId.has(row.id)) throw new CareshedError('DUPLICATE_ID', `node id ${quoted(row.id)} appears twice`, { ...at, field: 'id', value: row.id });
    byId.set(row.id, builder.addNode(lon, lat));
  });

  const report = emptyReport(profile.maxspeedFactor);
  arcs.rows.forEach((row, i) => {
    report.ways++;
    const at = { source: options.arcsSource, line: arcs.lines[i] };
    const from = byId.get(row.from);
    const to = byId.get(row.to);
    if (from === undefined || to === undefined) {
      throw new CareshedError('JOIN_MISSING', `arc refers to node ${quoted(from === undefined ? row.from : row.to)}, which is not in the nodes table`, { ...at, field: from === undefined ? 'from' : 'to', value: from === undefined ? row.from : row.to });
    }
    const highway = row.highway;
    if (profile.closed.has(highway)) return void report.leftOut.closedToCars++;
    if (hasAccess && !CAR_ACCESS_OK.has(row.car_access)) return void report.leftOut.noCarAccess++;
    const km = readNumber(row.length_m, { ...at, field: 'length_m' }, 'PARSE_ERROR', 'a length in metres') / 1000;
    if (km < 0) throw new CareshedError('PARSE_ERROR', 'is negative; expected a length in metres >= 0', { ...at, field: 'length_m', value: row.length_m });
    // Longer than the equator is a unit slip; it would also overflow the graph's 32-bit minutes to Infinity.
    if (km > EQUATOR_KM) throw new CareshedError('PARSE_ERROR', `is longer than the equator (40,075 km); expected a length in metres from 0 to ${EQUATOR_KM * 1000}`, { ...at, field: 'length_m', value: row.length_m });
    let kmh = Object.hasOwn(profile.speeds, highway) ? profile.speeds[highway] : undefined;
    const posted = hasSpeed && row.maxspeed_kmh !== '' ? readNumber(row.maxspeed_kmh, { ...at, field: 'maxspeed_kmh' }, 'PARSE_ERROR', 'a speed in km/h') : 0;
    if (posted > 0) kmh = posted * profile.maxspeedFactor;
    if (kmh === undefined) {
      report.leftOut.unknownHighway++;
      tally(report.unknownHighway, highway);
      return;
    }
    kmh = Math.min(kmh, profile.maxKmh);
    const minutes = (km / kmh) * 60;
    report.waysUsed++;
    builder.addArc(from, to, km, minutes);
    const oneway = row.oneway === '1' || row.oneway === 'yes' || row.oneway === 'true';
    // An oneway value that does not parse counts as two-way, as in OSM ways, and is reported.
    if (!oneway && !(row.oneway === '0' || row.oneway === 'no' || row.oneway === 'false')) tally(report.onewayUnparsed, row.oneway);
    if (!oneway) builder.addArc(to, from, km, minutes);
  });
  const graph = builder.finish();
  report.nodes = graph.nodeCount;
  report.arcs = graph.arcCount;
  if (graph.arcCount === 0) throw new CareshedError('EMPTY_INPUT', `no drivable arc among ${report.ways} arcs`, { source: options.arcsSource });
  return { graph, report };
}
