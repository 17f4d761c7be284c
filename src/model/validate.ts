import { CareshedError, type CareshedErrorCode, type InputLocation } from './errors.js';

/** A decimal number as people write it in data files: "12", "-0.5", "1e3". Not "", "0x10", "Infinity" or "3,5". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a numeric field that may arrive as text (CSV) or as a number (GeoJSON, code).
 * Anything that is not a finite decimal raises `code` naming the field and the value as written.
 */
export function readNumber(raw: unknown, at: InputLocation, code: CareshedErrorCode, expected: string): number {
  let value = NaN;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && DECIMAL.test(raw.trim())) value = Number(raw.trim());
  if (!Number.isFinite(value)) {
    const hint = typeof raw === 'string' && /^[+-]?\d+,\d+$/.test(raw.trim()) ? ' (use a point, not a comma, for decimals)' : '';
    const problem = raw === undefined || raw === null || raw === '' ? `is empty; expected ${expected}` : `is not a number; expected ${expected}${hint}`;
    throw new CareshedError(code, problem, { ...at, value: raw });
  }
  return value;
}

export function readNonNegative(raw: unknown, at: InputLocation, code: CareshedErrorCode, what: string): number {
  const value = readNumber(raw, at, code, `a ${what} >= 0`);
  if (value < 0) throw new CareshedError(code, `is negative; expected a ${what} >= 0`, { ...at, value: raw });
  return value;
}

/** Ids are strings, always: the INSEE code "01001" must never become the number 1001. */
export function readId(raw: unknown, at: InputLocation): string {
  if (typeof raw === 'number') {
    throw new CareshedError('INVALID_ID', 'is a number; ids must be strings (a code such as "01001" would lose its leading zero)', { ...at, value: raw });
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new CareshedError('INVALID_ID', 'is empty; every record needs a non-empty string id', { ...at, value: raw });
  }
  return raw.trim();
}

/** [west, south, east, north] in degrees. */
export type Bounds = readonly [number, number, number, number];

function inside(lon: number, lat: number, b: Bounds): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/**
 * Checks one WGS84 position and says what is likely wrong when it is off: projected metres
 * (Lambert-93 and the like give values in the hundreds of thousands), longitude and latitude swapped,
 * or simply out of range. With `bounds`, a point outside the study area is an error too.
 */
export function checkPosition(lon: number, lat: number, at: InputLocation, bounds?: Bounds): void {
  const lonOk = lon >= -180 && lon <= 180;
  const latOk = lat >= -90 && lat <= 90;
  if (!lonOk || !latOk) {
    const position = `(${lon}, ${lat})`;
    if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) {
      throw new CareshedError(
        'PROJECTED_COORDINATES',
        `position ${position} looks like projected metres (Lambert-93, UTM, Web Mercator); expected WGS84 longitude and latitude in degrees: reproject the input to EPSG:4326`,
        { ...at, field: !lonOk ? 'lon' : 'lat', value: !lonOk ? lon : lat },
      );
    }
    if (!latOk && Math.abs(lat) <= 180 && Math.abs(lon) <= 90) {
      throw new CareshedError(
        'SWAPPED_COORDINATES',
        `latitude ${lat} is out of [-90, 90] while longitude ${lon} would be a valid latitude: are longitude and latitude swapped? careshed expects lon, lat (RFC 7946 order)`,
        { ...at, field: 'lat', value: lat },
      );
    }
    const field = !lonOk ? 'lon' : 'lat';
    const range = !lonOk ? '[-180, 180]' : '[-90, 90]';
    throw new CareshedError('INVALID_COORDINATE', `is out of range; expected a ${field === 'lon' ? 'longitude' : 'latitude'} in ${range}`, {
      ...at,
      field,
      value: !lonOk ? lon : lat,
    });
  }
  if (bounds && !inside(lon, lat, bounds)) {
    if (inside(lat, lon, bounds)) {
      throw new CareshedError(
        'SWAPPED_COORDINATES',
        `position (${lon}, ${lat}) is outside the study area [${bounds.join(', ')}] but (${lat}, ${lon}) is inside: are longitude and latitude swapped?`,
        { ...at, field: 'lon', value: lon },
      );
    }
    throw new CareshedError('OUT_OF_BOUNDS', `position (${lon}, ${lat}) is outside the study area [${bounds.join(', ')}]`, { ...at, field: 'lon', value: lon });
  }
}

/** A set of points to check against the others for swapped coordinates. */
export interface PlacedPoints {
  /** The file or label, named in the error. */
  source: string | undefined;
  /** What the points are, in the plural: "demand points", "sites", "candidate sites". */
  what: string;
  ids: readonly string[];
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  /** Where point i sits in its input (default: row i + 1 of `source`). */
  locate?: (index: number) => InputLocation;
}

type Box = [number, number, number, number];

/** The q-th quantile of some values (nearest rank), for an extent that one stray point does not stretch. */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

/**
 * Where most points lie: the 2nd to 98th percentile of longitudes and latitudes (all of them under 20 points),
 * widened by a tenth of its size and at least half a degree (about 50 km) each way: a swap moves a point
 * thousands of km, so the margin costs nothing and keeps a set of one or two points from being missed.
 */
function extentOf(lon: ArrayLike<number>, lat: ArrayLike<number>, trim: number): Box {
  const xs = Float64Array.from(lon).sort();
  const ys = Float64Array.from(lat).sort();
  const q = xs.length >= 20 ? trim : 0;
  const [w, e, s, n] = [quantile(xs, q), quantile(xs, 1 - q), quantile(ys, q), quantile(ys, 1 - q)];
  const margin = Math.max(0.5, 0.1 * Math.max(e - w, n - s));
  return [w - margin, s - margin, e + margin, n + margin];
}

/**
 * Where nearly all points lie, robust to a quarter of them astray: Tukey's fences (quartiles widened by 1.5 times
 * the interquartile range) and half a degree more, on longitudes and latitudes.
 */
function fences(lon: ArrayLike<number>, lat: ArrayLike<number>): Box {
  const range = (values: ArrayLike<number>) => {
    const sorted = Float64Array.from(values).sort();
    const [q1, q3] = [quantile(sorted, 0.25), quantile(sorted, 0.75)];
    return [q1 - 1.5 * (q3 - q1) - 0.5, q3 + 1.5 * (q3 - q1) + 0.5];
  };
  const [w, e] = range(lon);
  const [s, n] = range(lat);
  return [w, s, e, n];
}

const within = (lon: number, lat: number, box: Box) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
const int = (x: number) => x.toLocaleString('en-GB');
const fix = (source: string | undefined) =>
  `careshed reads longitude then latitude (RFC 7946): in a CSV, swap the names of the lon and lat columns of ${source ?? 'the input'} (its values are latitude, longitude); in GeoJSON, write each position [longitude, latitude]`;

/**
 * Finds longitudes and latitudes swapped, without a study area given, from the points themselves:
 *
 * - a whole set whose points lie away from another set's area as given (none within it) while, swapped, most of
 *   them fall inside it: the sites of a file written lat,lon against communes written lon,lat. The two sets
 *   are in the same relation either way, so the set blamed is the one at odds with the most others, and on a
 *   tie the later one (the demand, given first, is the reference);
 * - single points far outside the area where nearly all points lie (pooled; Tukey's fences on longitudes and
 *   latitudes) whose swap lands inside it: a few rows typed the other way round.
 *
 * Throws SWAPPED_COORDINATES naming the file, row, id and value, and the fix.
 *
 * @example
 * checkSwapped([
 *   { source: 'communes.csv', what: 'demand points', ids: communes.ids, lon: communes.lon, lat: communes.lat },
 *   { source: 'gps.csv', what: 'sites', ids: sites.ids, lon: sites.lon, lat: sites.lat },
 * ]);
 */
export function checkSwapped(sets: readonly PlacedPoints[]): void {
  const live = sets.filter((set) => set.ids.length > 0);
  const locate = (set: PlacedPoints, i: number): InputLocation => ({ ...(set.locate ? set.locate(i) : { source: set.source, row: i + 1 }), id: set.ids[i] });
  // 1. Whole sets against each other.
  const extents = live.map((set) => extentOf(set.lon, set.lat, 0.02));
  const odd = live.map(() => [] as { other: number; inside: number; first: number }[]);
  live.forEach((a, x) => {
    live.forEach((_, y) => {
      if (x === y) return;
      let asGiven = 0;
      let swapped = 0;
      let first = -1;
      for (let i = 0; i < a.ids.length; i++) {
        if (within(a.lon[i], a.lat[i], extents[y])) asGiven++;
        else if (within(a.lat[i], a.lon[i], extents[y])) {
          swapped++;
          if (first < 0) first = i;
        }
      }
      if (asGiven === 0 && swapped >= Math.max(1, 0.5 * a.ids.length)) odd[x].push({ other: y, inside: swapped, first });
    });
  });
  let blamed = -1;
  odd.forEach((list, x) => {
    if (list.length > 0 && (blamed < 0 || list.length >= odd[blamed].length)) blamed = x;
  });
  if (blamed >= 0) {
    const set = live[blamed];
    const { other, inside, first } = odd[blamed][0];
    const reference = live[other];
    const reverse = odd[other].some((o) => o.other === blamed) && odd[blamed].length === odd[other].length;
    throw new CareshedError(
      'SWAPPED_COORDINATES',
      `the ${int(set.ids.length)} ${set.what} of ${set.source ?? 'the input'} lie away from the ${int(reference.ids.length)} ${reference.what} of ${reference.source ?? 'the other input'} (none within their area), but with longitude and latitude swapped ${int(inside)} of them fall within it: are longitude and latitude swapped? ${fix(set.source)}${reverse ? ` (or, if it is ${reference.source ?? 'the other input'} that is written the other way round, fix that one)` : ''}`,
      { ...locate(set, first), field: 'lon', value: set.lon[first] },
    );
  }
  // 2. Single points, against where all the points lie.
  const total = live.reduce((t, set) => t + set.ids.length, 0);
  if (total < 20) return;
  const lon = new Float64Array(total);
  const lat = new Float64Array(total);
  let k = 0;
  for (const set of live) for (let i = 0; i < set.ids.length; i++, k++) [lon[k], lat[k]] = [set.lon[i], set.lat[i]];
  const area = fences(lon, lat);
  const far = Math.max(1, area[2] - area[0], area[3] - area[1]);
  for (const set of live) {
    for (let i = 0; i < set.ids.length; i++) {
      const [x, y] = [set.lon[i], set.lat[i]];
      const away = Math.max(area[0] - x, x - area[2], area[1] - y, y - area[3]);
      if (away > far && within(y, x, area)) {
        throw new CareshedError(
          'SWAPPED_COORDINATES',
          `position (${x}, ${y}) lies far from the area of the other points [${area.map((v) => v.toFixed(2)).join(', ')}], but (${y}, ${x}) is inside it: are longitude and latitude swapped on this row? careshed reads longitude then latitude (RFC 7946): swap the two values on this row`,
          { ...locate(set, i), field: 'lon', value: x },
        );
      }
    }
  }
}
