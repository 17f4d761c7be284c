import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { CareshedError, missingField, quoted, showValue, type InputLocation } from '../model/errors.js';
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
    const found = Array.isArray(collection) ? 'a JSON array' : collection && typeof collection === 'object' ? (type === undefined ? 'an object with no "type"' : `type ${showValue(type)}`) : showValue(collection);
    const hint = type === 'Feature' ? ' (a single Feature: put it in {"type": "FeatureCollection", "features": [...]})' : '';
    throw new CareshedError('PARSE_ERROR', `expected a GeoJSON FeatureCollection, found ${found}${hint}`, { source, field: 'type' });
  }
  if (!Array.isArray(collection.features)) {
    throw new CareshedError('PARSE_ERROR', `the FeatureCollection has no "features" array${collection.features === undefined ? '' : ` (found ${showValue(collection.features)})`}; expected "features": [ ...Feature objects ]`, { source, field: 'features' });
  }
  if (collection.features.length === 0) throw new CareshedError('EMPTY_INPUT', 'the FeatureCollection has no feature', { source });
  return collection as FeatureCollection;
}

/**
 * Checks the rings of one polygon as RFC 7946 §3.1.6 defines a linear ring: at least 4 positions, the first
 * and the last the same (closed). `polygon` names the polygon of a MultiPolygon. Errors name the feature, the
 * ring (0 is the outer one) and the positions.
 */
function checkRings(rings: unknown, at: InputLocation, polygon?: number): void {
  const of = polygon === undefined ? 'the polygon' : `polygon ${polygon} of the MultiPolygon`;
  const field = polygon === undefined ? 'geometry.coordinates' : `geometry.coordinates[${polygon}]`;
  if (!Array.isArray(rings) || rings.length === 0) throw new CareshedError('INVALID_GEOMETRY', `${of} needs at least one ring`, { ...at, field });
  (rings as unknown[]).forEach((ring, r) => {
    const which = `ring ${r} of ${of}${r === 0 ? ' (its outer ring)' : ''}`;
    if (!Array.isArray(ring) || ring.length < 4) {
      const found = Array.isArray(ring) ? `has ${ring.length} position${ring.length === 1 ? '' : 's'}` : 'is not an array of positions';
      throw new CareshedError('INVALID_GEOMETRY', `${which} ${found}; a ring needs at least 4 positions, the last the same as the first (RFC 7946 §3.1.6)`, { ...at, field: `${field}[${r}]`, value: ring });
    }
    for (const p of ring as unknown[]) {
      if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        throw new CareshedError('INVALID_GEOMETRY', `${which}: a position must be [longitude, latitude] numbers`, { ...at, field: `${field}[${r}]`, value: p });
      }
    }
    const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw new CareshedError(
        'INVALID_GEOMETRY',
        `${which} is not closed: it starts at [${first[0]}, ${first[1]}] and ends at [${last[0]}, ${last[1]}]; a ring's last position must be the same as its first (RFC 7946 §3.1.6): add the first position again at the end`,
        { ...at, field: `${field}[${r}]` },
      );
    }
  });
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
      geometry.coordinates.forEach((rings, k) => checkRings(rings, at, k));
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
    if (feature.properties !== null && feature.properties !== undefined && (typeof feature.properties !== 'object' || Array.isArray(feature.properties))) return; // and that one
    const properties = feature.properties ?? {};
    if (Object.hasOwn(properties, field)) return;
    if (featureIds && feature.id !== undefined && feature.id !== null) return;
    for (const key of Object.keys(properties)) found.add(key);
  }
  throw new CareshedError('MISSING_COLUMN', missingField('property', field, [...found], role), { source, field });
}

/** A feature's own property `name`, never a member of Object.prototype ("toString", "__proto__"). */
function ownProperty(feature: Feature, name: string): unknown {
  const properties = feature.properties;
  return properties && typeof properties === 'object' && Object.hasOwn(properties, name) ? properties[name] : undefined;
}

function idOf(feature: Feature, idField: string, at: InputLocation): unknown {
  const property = ownProperty(feature, idField);
  const raw = property ?? (idField === 'id' ? feature.id : undefined);
  // Ids are text: a JSON number has already lost any leading zero ("01001", the INSEE code of L'Abergement-Clémenciat, as 1001).
  if (typeof raw === 'number') {
    const lost = Number.isInteger(raw) && raw >= 1000 && raw <= 9999 ? `; ${raw} looks like a 5-character code (INSEE, postcode) that lost its leading zero: "0${raw}"` : '';
    const whose = property === undefined ? 'the feature\'s own id is a number (give ids as a text property, --id-field NAME)' : `is a number; ids must be text in GeoJSON ("${raw}", not ${raw})`;
    throw new CareshedError('INVALID_ID', `${whose}: a code written as a number loses its leading zeros${lost}`, { ...at, field: idField, value: raw });
  }
  if (raw === undefined || raw === null) {
    throw new CareshedError('INVALID_ID', `the feature has no id: no property ${quoted(idField)}${idField === 'id' ? ' and no feature id' : ''}`, { ...at, field: idField });
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
    if (feature.properties !== null && feature.properties !== undefined && (typeof feature.properties !== 'object' || Array.isArray(feature.properties))) {
      throw new CareshedError('PARSE_ERROR', 'the properties of a Feature must be an object or null (RFC 7946 §3.2)', { ...at, field: 'properties', value: feature.properties });
    }
    const id = idOf(feature, idField, at);
    const unlocated = options.coordinates === 'optional' && feature.geometry === null;
    const place = unlocated ? { lon: NaN, lat: NaN, area: null } : placeOf(feature.geometry, { ...at, id: typeof id === 'string' ? id : undefined });
    // No prototype: a property "__proto__" (JSON.parse makes it an own property) is kept as an attribute.
    const attributes: Record<string, string> = Object.create(null);
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
    population: field === false ? 0 : ownProperty(collection.features[i], field),
  }));
  return createDemand(records, { source: options.source, bounds: options.bounds, coordinates: options.coordinates, locate: (i) => ({ source: options.source, feature: i }) });
}

/** Reads sites from GeoJSON Point, Polygon or MultiPolygon features, with an optional capacity property. */
export function readSitesGeoJson(input: string | FeatureCollection, options: GeoJsonSitesOptions = {}): Sites {
  const collection = toFeatureCollection(input, options.source);
  const field = options.capacityField ?? 'capacity';
  // The default "capacity" may be absent (every site counts 1); a field asked for by name must be there.
  if (options.capacityField !== undefined) requireProperty(collection, field, 'the capacity', options.source);
  const records = pointRecords(collection, options, [field]).map((r, i) => ({ ...r, capacity: ownProperty(collection.features[i], field) }));
  return createSites(records, { source: options.source, bounds: options.bounds, coordinates: options.coordinates, locate: (i) => ({ source: options.source, feature: i }) });
}
