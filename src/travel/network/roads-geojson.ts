import type { FeatureCollection } from 'geojson';
import { toFeatureCollection } from '../../io/geojson.js';
import { CAR_PROFILE, type SpeedProfile } from './profile.js';
import { WayNetworkBuilder, type RoadNetwork, type Tags } from './way-network.js';
import { checkArgument, checkOptions, isRecord } from '../../model/arguments.js';

export interface RoadsGeoJsonOptions {
  source?: string;
  profile?: SpeedProfile;
}

function tagsOf(properties: Record<string, unknown> | null): Tags {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties ?? {})) if (value !== null && value !== undefined) tags[key] = String(value);
  return tags;
}

/**
 * A road graph from GeoJSON LineStrings (and MultiLineStrings) whose properties are OSM tags (highway,
 * maxspeed, oneway, junction, access...), as exported by osmium or overpass. Lines join where they share a
 * position; other geometry types are counted and left out.
 *
 * @example
 * const { graph, report } = readRoadsGeoJson(text, { source: 'roads.geojson' });
 */
export function readRoadsGeoJson(input: string | FeatureCollection, options: RoadsGeoJsonOptions = {}): RoadNetwork {
  checkArgument('readRoadsGeoJson', 'input', input, typeof input === 'string' || isRecord(input), 'GeoJSON text or a FeatureCollection');
  checkOptions('readRoadsGeoJson', options, ['source', 'profile']);
  const collection = toFeatureCollection(input, options.source);
  const builder = new WayNetworkBuilder(options.profile ?? CAR_PROFILE);
  collection.features.forEach((feature, index) => {
    const where = { source: options.source, feature: index };
    const geometry = feature.geometry;
    const tags = tagsOf(feature.properties);
    if (geometry?.type === 'LineString') builder.lineWay(geometry.coordinates, tags, where);
    else if (geometry?.type === 'MultiLineString') for (const line of geometry.coordinates) builder.lineWay(line, tags, where);
    else builder.notALine();
  });
  return builder.finish();
}
