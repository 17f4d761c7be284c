import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { CareshedError, missingField, showValue, type InputLocation } from '../model/errors.js';
import { parseJsonText } from './json.js';
import type { Bounds } from '../model/validate.js';
import { createDemand, createSites, type Area, type Demand, type PointRecord, type Sites } from '../model/points.js';
import { representativePoint } from '../geo/representative-point.js';

export interface GeoJsonPointOptions {
  source?: string;
  /** Property holding the id (default "id"; the feature's own `id` is used when the property is absent). */
  idField?: string;
  bounds?: Bounds;
  /** 'optional': a feature may have a null geometry (RFC 7946's unlocated feature), for travel by a matrix. */
  coordinates?: 'required' | 'optional';
}

export interface GeoJsonDemandOptions extends GeoJsonPointOptions {
  /** Property holding the population (default "population"); false when it comes later from `joinPopulation`. */
  populationField?: string | false;
}

export interface GeoJsonSitesOptions extends GeoJsonPointOptions {
  /** Property holding the capacity (default "capacity"; absent means 1). */
  capacityField?: string;
}

/** Parses GeoJSON text, or checks an object, as a FeatureCollection. */
export function toFeatureCollection(input: string | FeatureCollection, source?: string): FeatureCollection {
  const value = typeof input === 'string' ? parseJsonText(input, source, 'PARSE_ERROR', 'a GeoJSON FeatureCollection') : input;
  const collection = value as Partial<FeatureCollection> | null;
  if (!collection || typeof collection !== 'object' || Array.isArray(collection) || collection.type !== 'FeatureCollection') {
    const type = collection && typeof collection === 'object' && !Array.isArray(collection) ? (collection as { type?: unknown }).type : undefined;
    const found = Array.isArray(collection) ? 'a JSON array' : collection && typeof collection === 'object' ? (type === undefined ? 'an object with no "type"' : `type ${JSON.stringify(type)}`) : `${JSON.stringify(collection)}`;
    const hint = type === 'Feature' ? ' (a single Feature: put it in {"type": "FeatureCollection", "features": [...]})' : '';
    throw new CareshedError('PARSE_ERROR', `expected a GeoJSON FeatureCollection, found ${found}${hint}`, { source, field: 'type' });
  }
  if (!Array.isArray(collection.features)) {
    throw new CareshedError('PARSE_ERROR', `the FeatureCollection has no "features" array${collection.features === undefined ? '' : ` (found ${showValue(collection.features)})`}; expected "features": [ ...Feature objects ]`, { source, field: 'features' });
  }
  if (collection.features.length === 0) throw new CareshedError('EMPTY_INPUT', 'the FeatureCollection has no feature', { source });
  return collection as FeatureCollection;
}

function checkRings(rings: unknown, at: InputLocation): void {
  if (!Array.isArray(rings) || rings.length === 0) throw new CareshedError('INVALID_GEOMETRY', 'a polygon needs at least one ring', at);
  for (const ring of rings as unknown[]) {
    if (!Array.isArray(ring) || ring.length < 4) {
      throw new CareshedError('INVALID_GEOMETRY', 'a polygon ring needs at least 4 positions (closed)', { ...at, value: ring });
    }
    for (const p of ring as unknown[]) {
      if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        throw new CareshedError('INVALID_GEOMETRY', 'a position must be [longitude, latitude] numbers', { ...at, value: p });
      }
    }
  }
}

/** The point a feature stands at and the area it stands for. */
function placeOf(geometry: Geometry | null, at: InputLocation): { lon: unknown; lat: unknown; area: Area } {
  if (!geometry) throw new CareshedError('MISSING_GEOMETRY', 'the feature has no geometry; expected a Point, Polygon or MultiPolygon', at);
  switch (geometry.type) {
    case 'Point': {
      const c = geometry.coordinates as Position | undefined;
      if (!Array.isArray(c) || c.length < 2) throw new CareshedError('INVALID_GEOMETRY', 'a Point needs [longitude, latitude]', { ...at, value: c });
      return { lon: c[0], lat: c[1], area: null };
    }
    case 'Polygon':
      checkRings(geometry.coordinates, at);
      return withPoint(geometry, at);
    case 'MultiPolygon':
      if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) {
        throw new CareshedError('INVALID_GEOMETRY', 'a MultiPolygon needs at least one polygon', at);
      }
      for (const rings of geometry.coordinates) checkRings(rings, at);
      return withPoint(geometry, at);
    default:
      throw new CareshedError('UNSUPPORTED_GEOMETRY', `geometry type ${geometry.type} is not supported; expected a Point, Polygon or MultiPolygon`, {
        ...at,
        field: 'geometry.type',
        value: geometry.type,
      });
  }
}

function withPoint(area: Polygon | MultiPolygon, at: InputLocation): { lon: number; lat: number; area: Area } {
  const [lon, lat] = representativePoint(area);
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new CareshedError('INVALID_GEOMETRY', 'the polygon has no interior', at);
  return { lon, lat, area };
}

/**
 * Throws MISSING_COLUMN when no feature has the property (a misspelt field, not one empty value), listing the
 * properties there are and the nearest name.
 */
function requireProperty(collection: FeatureCollection, field: string, role: string, source: string | undefined, featureIds = false): void {
  const found = new Set<string>();
  for (const feature of collection.features) {
    if (!feature || feature.type !== 'Feature') return; // the reader names that feature precisely
    const properties = feature.properties ?? {};
    if (Object.prototype.hasOwnProperty.call(properties, field)) return;
    if (featureIds && feature.id !== undefined && feature.id !== null) return;
    for (const key of Object.keys(properties)) found.add(key);
  }
  throw new CareshedError('MISSING_COLUMN', missingField('property', field, [...found], role), { source, field });
}

function idOf(feature: Feature, idField: string, at: InputLocation): unknown {
  const property = feature.properties?.[idField];
  const raw = property ?? (idField === 'id' ? feature.id : undefined);
  // Ids are text: a JSON number has already lost any leading zero ("01001", the INSEE code of L'Abergement-Clémenciat, as 1001).
  if (typeof raw === 'number') {
    const lost = Number.isInteger(raw) && raw >= 1000 && raw <= 9999 ? `; ${raw} looks like a 5-character code (INSEE, postcode) that lost its leading zero: "0${raw}"` : '';
    const whose = property === undefined ? 'the feature\'s own id is a number (give ids as a text property, --id-field NAME)' : `is a number; ids must be text in GeoJSON ("${raw}", not ${raw})`;
    throw new CareshedError('INVALID_ID', `${whose}: a code written as a number loses its leading zeros${lost}`, { ...at, field: idField, value: raw });
  }
  if (raw === undefined || raw === null) {
    throw new CareshedError('INVALID_ID', `the feature has no id: no property "${idField}"${idField === 'id' ? ' and no feature id' : ''}`, { ...at, field: idField });
  }
  return raw;
}

function pointRecords(collection: FeatureCollection, options: GeoJsonPointOptions, used: readonly string[]): PointRecord[] {
  const idField = options.idField ?? 'id';
  requireProperty(collection, idField, 'the ids', options.source, idField === 'id');
  const skip = new Set([idField, ...used]);
  return collection.features.map((feature, index) => {
    const at = { source: options.source, feature: index };
    if (!feature || feature.type !== 'Feature') throw new CareshedError('PARSE_ERROR', 'expected a GeoJSON Feature', { ...at, value: feature?.type });
    const id = idOf(feature, idField, at);
    const unlocated = options.coordinates === 'optional' && feature.geometry === null;
    const place = unlocated ? { lon: NaN, lat: NaN, area: null } : placeOf(feature.geometry, { ...at, id: typeof id === 'string' ? id : undefined });
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      if (skip.has(key)) continue;
      attributes[key] = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
    return { id, lon: place.lon, lat: place.lat, area: place.area, attributes };
  });
}

/**
 * Reads demand from GeoJSON: Point features, or Polygon and MultiPolygon features (communes) that stand
 * at a representative point inside them and keep their geometry for maps.
 *
 * @example
 * const demand = readDemandGeoJson({ type: 'FeatureCollection', features: [
 *   { type: 'Feature', properties: { id: 'a', population: 120 }, geometry: { type: 'Point', coordinates: [2.35, 48.85] } },
 * ] });
 * demand.population[0]; // 120
 */
export function readDemandGeoJson(input: string | FeatureCollection, options: GeoJsonDemandOptions = {}): Demand {
  const collection = toFeatureCollection(input, options.source);
  const field = options.populationField ?? 'population';
  if (field !== false) requireProperty(collection, field, 'the population', options.source);
  const records = pointRecords(collection, options, field === false ? [] : [field]).map((r, i) => ({
    ...r,
    population: field === false ? 0 : collection.features[i].properties?.[field],
  }));
  return createDemand(records, { source: options.source, bounds: options.bounds, coordinates: options.coordinates, locate: (i) => ({ source: options.source, feature: i }) });
}

/** Reads sites from GeoJSON Point, Polygon or MultiPolygon features, with an optional capacity property. */
export function readSitesGeoJson(input: string | FeatureCollection, options: GeoJsonSitesOptions = {}): Sites {
  const collection = toFeatureCollection(input, options.source);
  const field = options.capacityField ?? 'capacity';
  // The default "capacity" may be absent (every site counts 1); a field asked for by name must be there.
  if (options.capacityField !== undefined) requireProperty(collection, field, 'the capacity', options.source);
  const records = pointRecords(collection, options, [field]).map((r, i) => ({ ...r, capacity: collection.features[i].properties?.[field] }));
  return createSites(records, { source: options.source, bounds: options.bounds, coordinates: options.coordinates, locate: (i) => ({ source: options.source, feature: i }) });
}
