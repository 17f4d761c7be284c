import type { FeatureCollection } from 'geojson';
import { toFeatureCollection } from '../../io/geojson.js';
import { CareshedError } from '../../model/errors.js';
import { CAR_PROFILE, type SpeedProfile } from './profile.js';
import { WayNetworkBuilder, type RoadNetwork, type Tags } from './way-network.js';
import { checkArgument, checkOptions, isRecord } from '../../model/arguments.js';

export interface RoadsGeoJsonOptions {
  source?: string;
  profile?: SpeedProfile;
}

function tagsOf(properties: Record<string, unknown> | null): Tags {
  const tags: Record<string, string> = Object.create(null); // keys from the input: no prototype
  const own = properties && typeof properties === 'object' ? properties : {};
  for (const [key, value] of Object.entries(own)) if (value !== null && value !== undefined) tags[key] = String(value);
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
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      throw new CareshedError('PARSE_ERROR', 'expected a GeoJSON Feature', { ...where, value: feature && typeof feature === 'object' ? (feature as { type?: unknown }).type : feature });
    }
    const geometry = feature.geometry;
    const tags = tagsOf(feature.properties);
    const lines = geometry?.type === 'LineString' ? [geometry.coordinates] : geometry?.type === 'MultiLineString' ? geometry.coordinates : null;
    if (lines === null) return builder.notALine();
    if (!Array.isArray(lines) || !lines.every(Array.isArray)) {
      throw new CareshedError('INVALID_GEOMETRY', `a ${geometry!.type}'s coordinates must be ${geometry!.type === 'LineString' ? 'an array' : 'arrays'} of [longitude, latitude] positions`, { ...where, field: 'geometry.coordinates' });
    }
    for (const line of lines) builder.lineWay(line, tags, where);
  });
  return builder.finish();
}
