import type { MultiPolygon, Polygon } from 'geojson';
import { CareshedError, missingField, quoted, type InputLocation } from './errors.js';
import { checkPosition, MAX_AT_ONE_POINT, readId, readNonNegative, readNumber, requirePositions, type Bounds } from './validate.js';
import { checkArgument, isRecord } from './arguments.js';

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
    checkArgument('PointSet', 'parts', parts, isRecord(parts) && Array.isArray(parts.ids) && parts.lon instanceof Float64Array && parts.lat instanceof Float64Array, 'point parts {ids, lon, lat} (build points with createDemand or createSites)');
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

  /**
   * The text attribute `name` of every point; throws naming the attributes that exist (and the nearest) when it is
   * absent. Any name is data: "toString" or "__proto__" is an attribute like any other, or absent.
   */
  attribute(name: string): readonly string[] {
    const column = typeof name === 'string' && Object.hasOwn(this.attributes, name) ? this.attributes[name] : undefined;
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
    checkArgument('Demand', 'population', population, population instanceof Float64Array, 'a Float64Array (build demand with createDemand)');
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
    checkArgument('Sites', 'capacity', capacity, capacity instanceof Float64Array, 'a Float64Array (build sites with createSites)');
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
    claimId(indexById, id, i, locate);
    ids[i] = id;
    const [x, y] = positionOf(record.lon, record.lat, { ...at, id }, options);
    lon[i] = x;
    lat[i] = y;
    if (record.attributes) for (const name of Object.keys(record.attributes)) attributeNames.add(name);
    if (record.area) anyArea = true;
  }
  // Names are data, never code: a column "__proto__" or "toString" is kept as a column, and a name one record
  // lacks reads '' there, not Object.prototype's member of that name.
  const attributes: Record<string, readonly string[]> = Object.create(null);
  for (const name of attributeNames) {
    attributes[name] = Object.freeze(records.map((r) => (r.attributes && Object.hasOwn(r.attributes, name) ? (r.attributes[name] ?? '') : '')));
  }
  const areas = anyArea ? Object.freeze(records.map((r) => r.area ?? null)) : undefined;
  return { ids: Object.freeze(ids), lon, lat, attributes: Object.freeze(attributes), areas, source, indexById };
}

/** Records `id` at index i, or throws DUPLICATE_ID naming both places. */
function claimId(indexById: Map<string, number>, id: string, i: number, locate: (index: number) => InputLocation): void {
  const seen = indexById.get(id);
  if (seen !== undefined) {
    const first = locate(seen);
    const firstPlace = first.line !== undefined ? `line ${first.line}` : first.feature !== undefined ? `feature ${first.feature}` : `row ${first.row}`;
    throw new CareshedError('DUPLICATE_ID', `id ${quoted(id)} appears again (first at ${firstPlace}); ids must be unique`, { ...locate(i), field: 'id', value: id });
  }
  indexById.set(id, i);
}

/** A record's position as [lon, lat], checked; [NaN, NaN] for a point without one where that is allowed. */
function positionOf(rawLon: unknown, rawLat: unknown, where: InputLocation, options: BuildOptions): [number, number] {
  if ((isNaNumber(rawLon) && isNaNumber(rawLat)) || (options.coordinates === 'optional' && blank(rawLon) && blank(rawLat))) return [NaN, NaN];
  if (options.coordinates === 'optional' && blank(rawLon) !== blank(rawLat)) {
    const empty = blank(rawLon) ? 'lon' : 'lat';
    throw new CareshedError('INVALID_COORDINATE', `is empty while ${empty === 'lon' ? 'lat' : 'lon'} is given; give both, or neither (with a matrix a point may have no position)`, { ...where, field: empty, value: empty === 'lon' ? rawLon : rawLat });
  }
  const lon = readNumber(rawLon, { ...where, field: 'lon' }, 'INVALID_COORDINATE', 'a longitude in degrees');
  const lat = readNumber(rawLat, { ...where, field: 'lat' }, 'INVALID_COORDINATE', 'a latitude in degrees');
  checkPosition(lon, lat, where, options.bounds);
  return [lon, lat];
}

/**
 * A column of numbers as a reader found them: the plain ones as numbers, the others NaN with their text in
 * `irregular` (checked by the record rules, which accept them or say what is wrong).
 */
export interface NumbersRead {
  values: Float64Array;
  irregular: ReadonlyMap<number, string>;
}

/** What the fast path takes without a closer look: a position in range, an amount from 0 to the most at one place. */
export const PLAIN_LON = (v: number) => v >= -180 && v <= 180;
export const PLAIN_LAT = (v: number) => v >= -90 && v <= 90;
export const PLAIN_AMOUNT = (v: number) => v >= 0 && v <= MAX_AT_ONE_POINT;

/** Points read by column (a CSV): what `createDemandFromColumns` and `createSitesFromColumns` take. */
export interface PointColumns {
  ids: readonly string[];
  /** Absent when positions are optional and the table has no lon and lat columns. */
  lon?: NumbersRead;
  lat?: NumbersRead;
  /** Other columns, kept as text attributes (an object without prototype: any name is data). */
  attributes: Readonly<Record<string, readonly string[]>>;
}

/**
 * The parts of a point set read by column, by the same rules and with the same errors as records: each value
 * takes a fast path (a plain decimal within range) and anything else goes through the record rules, which
 * accept it or say what is wrong. No object is made per point unless a value needs a closer look.
 */
function columnParts(columns: PointColumns, what: string, options: BuildOptions): PointParts {
  const { source } = options;
  const n = columns.ids.length;
  if (n === 0) throw new CareshedError('EMPTY_INPUT', `no ${what}: the input holds no record`, { source });
  const locate = options.locate ?? ((i: number): InputLocation => ({ source, row: i + 1 }));
  const ids: string[] = new Array(n);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const indexById = new Map<string, number>();
  const bounds = options.bounds;
  for (let i = 0; i < n; i++) {
    let id = columns.ids[i].trim();
    if (id === '') id = readId(columns.ids[i], { ...locate(i), field: 'id' });
    claimId(indexById, id, i, locate);
    ids[i] = id;
    if (!columns.lon || !columns.lat) {
      lon[i] = lat[i] = NaN;
      continue;
    }
    const x = columns.lon.values[i];
    const y = columns.lat.values[i];
    if (PLAIN_LON(x) && PLAIN_LAT(y) && (!bounds || (x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3]))) {
      lon[i] = x;
      lat[i] = y;
    } else {
      [lon[i], lat[i]] = positionOf(columns.lon.irregular.get(i) ?? x, columns.lat.irregular.get(i) ?? y, { ...locate(i), id }, options);
    }
  }
  const attributes: Record<string, readonly string[]> = Object.create(null);
  for (const name of Object.keys(columns.attributes)) attributes[name] = Object.freeze(columns.attributes[name]);
  return { ids: Object.freeze(ids), lon, lat, attributes: Object.freeze(attributes), areas: undefined, source, indexById };
}

/** Reads a column of non-negative amounts (population, capacity) by the rules of `readNonNegative`, fast. */
function amounts(column: NumbersRead, parts: PointParts, locate: (i: number) => InputLocation, field: string, code: 'INVALID_POPULATION' | 'INVALID_CAPACITY'): Float64Array {
  const out = new Float64Array(column.values.length);
  for (let i = 0; i < out.length; i++) {
    const v = column.values[i];
    out[i] = PLAIN_AMOUNT(v) ? v : readNonNegative(column.irregular.get(i) ?? v, { ...locate(i), id: parts.ids[i], field }, code, field, MAX_AT_ONE_POINT);
  }
  return out;
}

/**
 * Demand read by column (a CSV's columns as text): the same checks, errors and result as `createDemand` on the
 * same rows, without an object per row; `population` absent counts 0 everywhere (joined later).
 *
 * @example
 * const read = (v: number) => ({ values: Float64Array.of(v), irregular: new Map() });
 * const demand = createDemandFromColumns({ ids: ['09257'], lon: read(1.1771), lat: read(43.1249), attributes: {} }, read(641));
 * demand.totalPopulation; // 641
 */
export function createDemandFromColumns(columns: PointColumns, population: NumbersRead | undefined, options: BuildOptions = {}): Demand {
  const parts = columnParts(columns, 'demand points', options);
  const locate = options.locate ?? ((i: number): InputLocation => ({ source: options.source, row: i + 1 }));
  return new Demand(parts, population ? amounts(population, parts, locate, 'population', 'INVALID_POPULATION') : new Float64Array(parts.ids.length));
}

/**
 * Sites read by column: the same checks, errors and result as `createSites` on the same rows; `capacity` absent
 * counts 1 at every site.
 *
 * @example
 * const read = (v: number) => ({ values: Float64Array.of(v), irregular: new Map() });
 * const sites = createSitesFromColumns({ ids: ['A'], lon: read(1.44), lat: read(43.6), attributes: {} }, read(12));
 * sites.capacity[0]; // 12
 */
export function createSitesFromColumns(columns: PointColumns, capacity: NumbersRead | undefined, options: BuildOptions = {}): Sites {
  const parts = columnParts(columns, 'sites', options);
  const locate = options.locate ?? ((i: number): InputLocation => ({ source: options.source, row: i + 1 }));
  return new Sites(parts, capacity ? amounts(capacity, parts, locate, 'capacity', 'INVALID_CAPACITY') : new Float64Array(parts.ids.length).fill(1));
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
  checkArgument('siteRecords', 'set', set, isPointSet(set), 'Sites or a Demand (createSites, readSitesCsv)');
  checkArgument('siteRecords', 'keep', keep, typeof keep === 'function', 'a function of the index');
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
 * Whether a value is a Demand, Sites or either: made by this copy of careshed or by another one (two versions
 * installed side by side, or the source and the built package in one program), told by its shape, so that
 * `instanceof` between copies does not refuse a good set.
 *
 * @example
 * isDemand(readDemandCsv(text)); // true
 */
export function isDemand(value: unknown): value is Demand {
  return value instanceof Demand || (isPointShaped(value) && (value as { kind?: unknown }).kind === 'demand' && (value as { population?: unknown }).population instanceof Float64Array);
}

/** Whether a value is Sites (see `isDemand`). */
export function isSites(value: unknown): value is Sites {
  return value instanceof Sites || (isPointShaped(value) && (value as { kind?: unknown }).kind === 'sites' && (value as { capacity?: unknown }).capacity instanceof Float64Array);
}

/** Whether a value is a Demand or Sites (see `isDemand`). */
export function isPointSet(value: unknown): value is PointSet {
  return isDemand(value) || isSites(value);
}

function isPointShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const set = value as { ids?: unknown; lon?: unknown; lat?: unknown; indexOf?: unknown };
  return Array.isArray(set.ids) && set.lon instanceof Float64Array && set.lat instanceof Float64Array && typeof set.indexOf === 'function';
}

/**
 * Refuses a set with points without a position (read without lon and lat, for a matrix) where `use` needs
 * positions; the error names the set's source, the first such point and how many there are.
 *
 * @example
 * requireCoordinates(demand, 'crow-fly travel (straight lines between positions)', 'give lon and lat, or travel by ids (a matrix)');
 */
export function requireCoordinates(set: PointSet, use: string, fix?: string): void {
  checkArgument('requireCoordinates', 'set', set, isPointSet(set), 'Sites or a Demand (createSites, readSitesCsv)');
  checkArgument('requireCoordinates', 'use', use, typeof use === 'string', 'what the coordinates are for (text)');
  requirePositions({ source: set.source, what: isDemand(set) ? 'demand points' : 'sites', ids: set.ids, lon: set.lon, lat: set.lat }, use, fix);
}
