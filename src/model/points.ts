import type { MultiPolygon, Polygon } from 'geojson';
import { CareshedError, missingField, type InputLocation } from './errors.js';
import { checkPosition, MAX_AT_ONE_POINT, readId, readNonNegative, readNumber, requirePositions, type Bounds } from './validate.js';

/** The area a point stands for (a commune's boundary), kept for maps; null for plain points. */
export type Area = Polygon | MultiPolygon | null;

/** One record as it comes from a file or from code; numbers may still be text. */
export interface PointRecord {
  id: unknown;
  lon: unknown;
  lat: unknown;
  /** Extra columns (département, EPCI, name...), kept as text. */
  attributes?: Readonly<Record<string, string>>;
  area?: Area;
}

export interface DemandRecord extends PointRecord {
  population: unknown;
}

export interface SiteRecord extends PointRecord {
  /** How much the site can serve (GPs, patients...). Defaults to 1. */
  capacity?: unknown;
}

export interface BuildOptions {
  /** Label of the input, named in errors (a file name). */
  source?: string;
  /** Where record i sits in the input; by default row i + 1 of `source` (row 0 is a header). */
  locate?: (index: number) => InputLocation;
  /** [west, south, east, north]: points outside are an error (catches swapped coordinates inside range). */
  bounds?: Bounds;
  /**
   * 'optional': a record with lon and lat both empty (absent, null, "") is a point without a position, its lon
   * and lat NaN: for travel by ids (a matrix), where nothing needs one. Default 'required'. Both NaN (a number,
   * as such a point's copy carries) always means no position; what needs one refuses it (`requireCoordinates`).
   */
  coordinates?: 'required' | 'optional';
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const isNaNumber = (value: unknown) => typeof value === 'number' && Number.isNaN(value);

/**
 * Ids, WGS84 positions and text attributes of a set of points, in flat arrays.
 * Built once by `createDemand` or `createSites` from validated records and never changed after:
 * treat the typed arrays as read-only (they are private copies, so inputs are never touched).
 */
export abstract class PointSet {
  readonly ids: readonly string[];
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** Areas for maps, when the input had polygons. */
  readonly areas: readonly Area[] | undefined;
  readonly source: string | undefined;
  readonly #indexById: Map<string, number>;

  protected constructor(parts: PointParts) {
    this.ids = parts.ids;
    this.lon = parts.lon;
    this.lat = parts.lat;
    this.attributes = parts.attributes;
    this.areas = parts.areas;
    this.source = parts.source;
    this.#indexById = parts.indexById;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Position of `id` in the arrays, or -1. */
  indexOf(id: string): number {
    return this.#indexById.get(id) ?? -1;
  }

  /** The text attribute `name` of every point; throws naming the attributes that exist (and the nearest) when it is absent. */
  attribute(name: string): readonly string[] {
    const column = this.attributes[name];
    if (!column) {
      throw new CareshedError('MISSING_COLUMN', missingField('attribute', name, Object.keys(this.attributes)), {
        source: this.source,
        field: name,
      });
    }
    return column;
  }
}

/** Demand points (communes, grid cells) with the population living there. */
export class Demand extends PointSet {
  readonly kind = 'demand' as const;
  readonly population: Float64Array;
  readonly totalPopulation: number;

  /** @internal use createDemand */
  constructor(parts: PointParts, population: Float64Array) {
    super(parts);
    this.population = population;
    let total = 0;
    for (let i = 0; i < population.length; i++) total += population[i];
    this.totalPopulation = total;
    Object.freeze(this);
  }

  /** The same points with another population (one value per point, already validated). */
  withPopulation(population: Float64Array): Demand {
    return new Demand(partsOf(this), population);
  }

  /**
   * Rows [start, end) as a set of their own: positions and population are views (no copy of the numbers), ids
   * and attributes sliced. For streaming a large demand through a travel provider a block at a time.
   *
   * @example
   * const firstBlock = demand.rows(0, 100_000);
   */
  rows(start: number, end: number): Demand {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.size || start > end) {
      throw new CareshedError('INVALID_OPTION', `rows ${start} to ${end} are not within the ${this.size} demand points`, { source: this.source, field: 'rows', value: `${start}-${end}` });
    }
    const ids = this.ids.slice(start, end);
    const indexById = new Map<string, number>();
    ids.forEach((id, i) => indexById.set(id, i));
    const attributes: Record<string, readonly string[]> = {};
    for (const [name, column] of Object.entries(this.attributes)) attributes[name] = column.slice(start, end);
    const parts: PointParts = { ids, lon: this.lon.subarray(start, end), lat: this.lat.subarray(start, end), attributes, areas: this.areas?.slice(start, end), source: this.source, indexById };
    return new Demand(parts, this.population.subarray(start, end));
  }
}

/** Sites of care (centres, GP practices) with a capacity. */
export class Sites extends PointSet {
  readonly kind = 'sites' as const;
  readonly capacity: Float64Array;

  /** @internal use createSites */
  constructor(parts: PointParts, capacity: Float64Array) {
    super(parts);
    this.capacity = capacity;
    Object.freeze(this);
  }
}

interface PointParts {
  ids: readonly string[];
  lon: Float64Array;
  lat: Float64Array;
  attributes: Readonly<Record<string, readonly string[]>>;
  areas: readonly Area[] | undefined;
  source: string | undefined;
  indexById: Map<string, number>;
}

function partsOf(points: PointSet): PointParts {
  const indexById = new Map<string, number>();
  points.ids.forEach((id, i) => indexById.set(id, i));
  return { ids: points.ids, lon: points.lon, lat: points.lat, attributes: points.attributes, areas: points.areas, source: points.source, indexById };
}

function buildParts(records: readonly PointRecord[], what: string, options: BuildOptions): PointParts {
  const { source } = options;
  if (!Array.isArray(records) || records.length === 0) {
    throw new CareshedError('EMPTY_INPUT', `no ${what}: the input holds no record`, { source });
  }
  const locate = options.locate ?? ((i: number): InputLocation => ({ source, row: i + 1 }));
  const n = records.length;
  const ids: string[] = new Array(n);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const indexById = new Map<string, number>();
  const attributeNames = new Set<string>();
  let anyArea = false;
  for (let i = 0; i < n; i++) {
    const record = records[i];
    const at = locate(i);
    const id = readId(record.id, { ...at, field: 'id' });
    const seen = indexById.get(id);
    if (seen !== undefined) {
      const first = locate(seen);
      const firstPlace = first.line !== undefined ? `line ${first.line}` : first.feature !== undefined ? `feature ${first.feature}` : `row ${first.row}`;
      throw new CareshedError('DUPLICATE_ID', `id "${id}" appears again (first at ${firstPlace}); ids must be unique`, { ...at, field: 'id', value: id });
    }
    indexById.set(id, i);
    ids[i] = id;
    const where = { ...at, id };
    if ((isNaNumber(record.lon) && isNaNumber(record.lat)) || (options.coordinates === 'optional' && blank(record.lon) && blank(record.lat))) {
      lon[i] = NaN;
      lat[i] = NaN;
    } else {
      if (options.coordinates === 'optional' && blank(record.lon) !== blank(record.lat)) {
        const empty = blank(record.lon) ? 'lon' : 'lat';
        throw new CareshedError('INVALID_COORDINATE', `is empty while ${empty === 'lon' ? 'lat' : 'lon'} is given; give both, or neither (with a matrix a point may have no position)`, { ...where, field: empty, value: empty === 'lon' ? record.lon : record.lat });
      }
      lon[i] = readNumber(record.lon, { ...where, field: 'lon' }, 'INVALID_COORDINATE', 'a longitude in degrees');
      lat[i] = readNumber(record.lat, { ...where, field: 'lat' }, 'INVALID_COORDINATE', 'a latitude in degrees');
      checkPosition(lon[i], lat[i], where, options.bounds);
    }
    if (record.attributes) for (const name of Object.keys(record.attributes)) attributeNames.add(name);
    if (record.area) anyArea = true;
  }
  const attributes: Record<string, readonly string[]> = {};
  for (const name of attributeNames) {
    attributes[name] = Object.freeze(records.map((r) => r.attributes?.[name] ?? ''));
  }
  const areas = anyArea ? Object.freeze(records.map((r) => r.area ?? null)) : undefined;
  return { ids: Object.freeze(ids), lon, lat, attributes: Object.freeze(attributes), areas, source, indexById };
}

/**
 * Validates demand records and packs them into typed arrays.
 *
 * @example
 * const demand = createDemand([
 *   { id: '09257', lon: 1.1771, lat: 43.1249, population: 641 },
 *   { id: '09225', lon: 1.6066, lat: 42.9641, population: 8400 },
 * ]);
 * demand.totalPopulation; // 9041
 */
export function createDemand(records: readonly DemandRecord[], options: BuildOptions = {}): Demand {
  const parts = buildParts(records, 'demand points', options);
  const locate = options.locate ?? ((i: number): InputLocation => ({ source: options.source, row: i + 1 }));
  const population = new Float64Array(records.length);
  for (let i = 0; i < records.length; i++) {
    population[i] = readNonNegative(records[i].population, { ...locate(i), id: parts.ids[i], field: 'population' }, 'INVALID_POPULATION', 'population', MAX_AT_ONE_POINT);
  }
  return new Demand(parts, population);
}

/**
 * The points of a set as site records (id, lon, lat, and capacity when the set has one), those `keep` accepts:
 * to join existing and candidate sites into one set, or to take some of them.
 *
 * @example
 * const all = createSites([...siteRecords(centres), ...siteRecords(communes, (i) => communes.population[i] > 1000)]);
 */
export function siteRecords(set: PointSet, keep: (index: number) => boolean = () => true): { id: string; lon: number; lat: number; capacity?: number }[] {
  const capacity = set instanceof Sites ? set.capacity : undefined;
  const records: { id: string; lon: number; lat: number; capacity?: number }[] = [];
  for (let j = 0; j < set.size; j++) if (keep(j)) records.push({ id: set.ids[j], lon: set.lon[j], lat: set.lat[j], ...(capacity ? { capacity: capacity[j] } : {}) });
  return records;
}

/**
 * Validates site records and packs them into typed arrays; a missing capacity counts 1.
 *
 * @example
 * const sites = createSites([{ id: 'centre-1', lon: 1.1771, lat: 43.1249, capacity: 3 }]);
 * sites.capacity[0]; // 3
 */
export function createSites(records: readonly SiteRecord[], options: BuildOptions = {}): Sites {
  const parts = buildParts(records, 'sites', options);
  const locate = options.locate ?? ((i: number): InputLocation => ({ source: options.source, row: i + 1 }));
  const capacity = new Float64Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const raw = records[i].capacity;
    capacity[i] = raw === undefined || raw === null ? 1 : readNonNegative(raw, { ...locate(i), id: parts.ids[i], field: 'capacity' }, 'INVALID_CAPACITY', 'capacity', MAX_AT_ONE_POINT);
  }
  return new Sites(parts, capacity);
}

/**
 * Refuses a set with points without a position (read without lon and lat, for a matrix) where `use` needs
 * positions; the error names the set's source, the first such point and how many there are.
 *
 * @example
 * requireCoordinates(demand, 'crow-fly travel (straight lines between positions)', 'give lon and lat, or travel by ids (a matrix)');
 */
export function requireCoordinates(set: PointSet, use: string, fix?: string): void {
  requirePositions({ source: set.source, what: set instanceof Demand ? 'demand points' : 'sites', ids: set.ids, lon: set.lon, lat: set.lat }, use, fix);
}
