import { CareshedError, type CareshedErrorCode, type InputLocation } from './errors.js';
import { neighbourAnisotropy, type NeighbourAxis } from '../geo/anisotropy.js';
import { checkArgument, isNumbers, isRecord } from './arguments.js';
import { int } from './figures.js';
import quickselect from 'quickselect';

/**
 * A decimal number as people write it in data files: "12", "-0.5", "1e3". Not "", "0x10", "Infinity" or "3,5".
 * Each character can be read one way only (the digits before a point are never split between two runs), so
 * the test runs in time linear in the text: a 3 MB field of digits ending in a letter fails at once.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Whether text is a decimal number as people write it: digits, an optional point and fraction, an optional
 * exponent; no hex, binary or octal prefix, no "Infinity", no comma. Linear in the text's length.
 *
 * @example
 * isDecimal('-0.5'); // true
 * isDecimal('0x10'); // false
 */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/**
 * Reads a numeric field that may arrive as text (CSV) or as a number (GeoJSON, code).
 * Anything that is not a finite decimal raises `code` naming the field and the value as written.
 */
export function readNumber(raw: unknown, at: InputLocation, code: CareshedErrorCode, expected: string): number {
  let value = NaN;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && DECIMAL.test(raw.trim())) value = Number(raw.trim());
  if (typeof raw === 'string' && Math.abs(value) === Infinity) {
    // "1e400" is written as a decimal but is beyond what a double holds: said as such, not as "not a number".
    throw new CareshedError(code, `is beyond the largest number a computer holds (about 1.8e308); expected ${expected}`, { ...at, value: raw });
  }
  if (!Number.isFinite(value)) {
    const hint = typeof raw === 'string' && /^[+-]?\d+,\d+$/.test(raw.trim()) ? ' (use a point, not a comma, for decimals)' : '';
    const problem = raw === undefined || raw === null || raw === '' ? `is empty; expected ${expected}` : `is not a number; expected ${expected}${hint}`;
    throw new CareshedError(code, problem, { ...at, value: raw });
  }
  return value;
}

/**
 * The most people at one demand point, or capacity at one site, that careshed takes: more is a typo or a unit
 * slip (1e300, a total pasted into a row), as no city comes near (the largest hold about 40 million). Fractions
 * are fine (grid cells hold 12.7 people).
 */
export const MAX_AT_ONE_POINT = 1e9;

/**
 * The most minutes of one trip careshed takes from a matrix (about 1,900 years): more is a unit slip or a
 * placeholder for "no route" (9e99), and times it would weigh by a population could sum past what a number holds.
 */
export const MAX_TRAVEL_MINUTES = 1e9;

/** The most people in one territory (its whole population): more than the world's. */
export const MAX_IN_ONE_TERRITORY = 1e10;

/**
 * Reads a number >= 0 (a population, a capacity); with `max`, one above it is refused too, saying why.
 *
 * @example
 * readNonNegative('641', { source: 'communes.csv', line: 2, field: 'population' }, 'INVALID_POPULATION', 'population', MAX_AT_ONE_POINT); // 641
 */
export function readNonNegative(raw: unknown, at: InputLocation, code: CareshedErrorCode, what: string, max = Infinity): number {
  const value = readNumber(raw, at, code, `a ${what} >= 0`);
  if (value < 0) throw new CareshedError(code, `is negative; expected a ${what} >= 0`, { ...at, value: raw });
  if (value > max) {
    const why = max === MAX_IN_ONE_TERRITORY ? "more than the world's population" : 'more than at any one place on Earth (the largest cities hold about 40 million)';
    throw new CareshedError(code, `is above ${max.toExponential().replace('e+', 'e')}, ${why}: a typo or a unit slip? expected a ${what} from 0 to ${max.toExponential().replace('e+', 'e')}`, { ...at, value: raw });
  }
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
        { ...at, field: at.field ?? 'lon', value: lon },
      );
    }
    throw new CareshedError('OUT_OF_BOUNDS', `position (${lon}, ${lat}) is outside the study area [${bounds.join(', ')}]`, { ...at, field: at.field ?? 'lon', value: lon });
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
  /**
   * Where point i sits in its input (default: row i + 1 of `source`). A `field` it gives is the one named in
   * the error (a scenario's "add[0].lon"); otherwise "lon".
   */
  locate?: (index: number) => InputLocation;
}

type Box = [number, number, number, number];

/** Whether point i has no position: read without lon and lat for a travel matrix, which goes by ids. */
export const unplaced = (lon: ArrayLike<number>, lat: ArrayLike<number>, i: number): boolean => Number.isNaN(lon[i]) || Number.isNaN(lat[i]);

/**
 * Refuses points without a position (NaN lon and lat: points read without coordinates for a travel matrix)
 * where `use` needs positions: straight lines, snapping to roads, a routing server, maps, the swap check. The
 * error names the first such point and how many there are; `fix` says what to do instead.
 *
 * @example
 * requirePositions({ source: 'communes.csv', what: 'demand points', ids: demand.ids, lon: demand.lon, lat: demand.lat }, 'crow-fly travel (straight lines between positions)');
 */
export function requirePositions(set: PlacedPoints, use: string, fix = 'give every point its lon and lat (in GeoJSON, a geometry)'): void {
  checkArgument('requirePositions', 'set', set, isRecord(set) && Array.isArray(set.ids) && isNumbers(set.lon) && isNumbers(set.lat), 'a placed point set {source, what, ids, lon, lat}');
  checkArgument('requirePositions', 'use', use, typeof use === 'string', 'what the positions are for (text)');
  let missing = 0;
  let first = -1;
  for (let i = 0; i < set.ids.length; i++) {
    if (!unplaced(set.lon, set.lat, i)) continue;
    missing++;
    if (first < 0) first = i;
  }
  if (missing === 0) return;
  const at = set.locate ? set.locate(first) : { source: set.source };
  const which = missing === set.ids.length ? `none of the ${count(set.ids.length, set.what)} of ${set.source ?? 'the input'} has` : `${int(missing)} of the ${count(set.ids.length, set.what)} of ${set.source ?? 'the input'} ${missing === 1 ? 'has' : 'have'}`;
  throw new CareshedError('MISSING_COORDINATES', `${which} a position (no lon and lat; this one first), and ${use} needs one for each: ${fix}`, { ...at, id: set.ids[first], field: at.field ?? 'lon' });
}

/** The points of a set that have a position (all of them, the set itself, when none lacks one). */
export function placedOnly(set: PlacedPoints): PlacedPoints {
  checkArgument('placedOnly', 'set', set, isRecord(set) && Array.isArray(set.ids) && isNumbers(set.lon) && isNumbers(set.lat), 'a placed point set {source, what, ids, lon, lat}');
  const keep: number[] = [];
  for (let i = 0; i < set.ids.length; i++) if (!unplaced(set.lon, set.lat, i)) keep.push(i);
  if (keep.length === set.ids.length) return set;
  const locate = set.locate;
  return {
    ...set,
    ids: keep.map((i) => set.ids[i]),
    lon: Float64Array.from(keep, (i) => set.lon[i]),
    lat: Float64Array.from(keep, (i) => set.lat[i]),
    locate: locate ? (k) => locate(keep[k]) : (k) => ({ source: set.source, row: keep[k] + 1 }),
  };
}


/**
 * Two quantiles of some values (nearest rank), the lower first, for an extent that one stray point does not
 * stretch: selected (Floyd–Rivest, the quickselect package) in a copy, linear where a sort is n log n; the swap
 * check runs on every input, so its cost is every command's.
 */
export function quantiles(values: ArrayLike<number>, low: number, high: number): [number, number] {
  const copy = Float64Array.from(values);
  const rank = (q: number) => Math.min(copy.length - 1, Math.max(0, Math.round(q * (copy.length - 1))));
  const [a, b] = [rank(low), rank(high)];
  const items = copy as unknown as number[];
  quickselect(items, a);
  const lower = copy[a];
  // Everything after a is at least copy[a]: the higher rank is selected there (the selection moves what it spans).
  if (b > a) quickselect(items, b, a + 1);
  return [lower, copy[b]];
}

/**
 * Where most points lie: the 2nd to 98th percentile of longitudes and latitudes (all of them under 20 points),
 * widened by a tenth of its size and at least half a degree (about 50 km) each way: a swap moves a point
 * thousands of km, so the margin costs nothing and keeps a set of one or two points from being missed.
 */
function extentOf(lon: ArrayLike<number>, lat: ArrayLike<number>, trim: number): Box {
  const q = lon.length >= 20 ? trim : 0;
  const [w, e] = quantiles(lon, q, 1 - q);
  const [s, n] = quantiles(lat, q, 1 - q);
  const margin = Math.max(0.5, 0.1 * Math.max(e - w, n - s));
  return [w - margin, s - margin, e + margin, n + margin];
}

/**
 * Where nearly all points lie, robust to a quarter of them astray: Tukey's fences (quartiles widened by 1.5 times
 * the interquartile range) and half a degree more, on longitudes and latitudes.
 */
function fences(lon: ArrayLike<number>, lat: ArrayLike<number>): Box {
  const range = (values: ArrayLike<number>) => {
    const [q1, q3] = quantiles(values, 0.25, 0.75);
    return [q1 - 1.5 * (q3 - q1) - 0.5, q3 + 1.5 * (q3 - q1) + 0.5];
  };
  const [w, e] = range(lon);
  const [s, n] = range(lat);
  return [w, s, e, n];
}

const within = (lon: number, lat: number, box: Box) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
/** "the 4,446 demand points", "the 1 site": `what` is plural. */
const count = (n: number, what: string) => `${int(n)} ${n === 1 ? what.replace(/s$/, '') : what}`;
/** How to put it right: the columns of a file, or the fields of a point given by name (a scenario's "add[0].lon"). */
const fix = (source: string | undefined, at?: InputLocation) =>
  at?.field !== undefined && at.field !== 'lon'
    ? `careshed reads "lon" as the longitude and "lat" as the latitude: swap the two values of ${at.field.replace(/\.lon$/, '')}`
    : `careshed reads longitude then latitude (RFC 7946): in a CSV, swap the names of the lon and lat columns of ${source ?? 'the input'} (its values are latitude, longitude); in GeoJSON, write each position [longitude, latitude]`;

/** "a", "a and b", "a, b and c". */
const inWords = (parts: readonly string[]) => (parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);

/** Where point i of a set is, for an error: its file, line or feature, id, and the field to name. */
function locate(set: PlacedPoints, i: number): InputLocation {
  const at = set.locate ? set.locate(i) : { source: set.source, row: i + 1 };
  return { ...at, id: set.ids[i], field: at.field ?? 'lon', value: set.lon[i] };
}

/** "line 2", "feature 0", "row 1", "field "add[0].lon"": where a point is, in words. */
function place(at: InputLocation): string {
  if (at.line !== undefined) return `line ${at.line}`;
  if (at.feature !== undefined) return `feature ${at.feature}`;
  if (at.field !== undefined && at.field !== 'lon') return `"${at.field.replace(/\.lon$/, '')}"`;
  return `row ${at.row ?? '?'}`;
}

/**
 * What the spacing of some points says of their order, from the axis their nearest neighbours line up along
 * (see `neighbourAnisotropy`): 'swapped' when they line up read as given but not read the other way round,
 * 'given' in the opposite case, undefined when the points cannot tell (too few, a lattice of degrees, both
 * readings alike). `sure` asks for evidence strong enough to refuse input on it alone.
 */
function orientationOf(lon: ArrayLike<number>, lat: ArrayLike<number>, sure: boolean): { verdict: 'given' | 'swapped' | undefined; given: NeighbourAxis; swapped: NeighbourAxis } {
  const given = neighbourAnisotropy(lon, lat);
  const swapped = neighbourAnisotropy(lat, lon);
  // Enough points, spread in two dimensions with several across the narrow side (a strip of villages along a
  // valley lines up either way), not on a lattice of degrees, and a swap that gives valid latitudes.
  const aspect = Math.min(given.aspect, swapped.aspect);
  const usable =
    given.pairs >= (sure ? 100 : 30) && aspect >= 0.25 && given.pairs * aspect >= 25 && given.onAxis < 0.5 && swapped.onAxis < 0.5 && Array.prototype.every.call(lon, (x: number) => Math.abs(x) <= 90);
  // a lines up, b does not: P(a's axis by chance) < 1e-6 (sure) or 1e-2, b's under 1e-3 (sure) or half a's.
  const aligned = (a: NeighbourAxis, b: NeighbourAxis) =>
    sure ? a.z > 13.8 && a.anisotropy - b.anisotropy > 0.1 && b.z < 6.9 : a.z > 4.6 && a.anisotropy - b.anisotropy > 0.05 && b.anisotropy <= a.anisotropy / 2;
  const verdict = !usable ? undefined : aligned(given, swapped) ? 'swapped' : !sure && aligned(swapped, given) ? 'given' : undefined;
  return { verdict, given, swapped };
}

const axisWords = (a: NeighbourAxis, b: NeighbourAxis) => `anisotropy ${a.anisotropy.toFixed(2)}; ${b.anisotropy.toFixed(2)} read the other way round`;

/**
 * Finds longitudes and latitudes swapped, without a study area given, from the points themselves:
 *
 * 1. Two sets that lie apart (none of the points of one within the area of the other) but meet when one of them
 *    is read with longitude and latitude swapped: the sites of a file written lat,lon against communes written
 *    lon,lat. The relation is symmetric, so the set blamed is the one at odds with the most others; between
 *    two, the one the spacing of the points points to (real places are spaced evenly in every direction in km;
 *    read at the wrong latitude they line up along one axis, see `neighbourAnisotropy`); when the points cannot
 *    tell, both files are named, with a row of each.
 * 2. Every set written lat,lon: at least 98 % of all the points at |latitude| < |longitude| <= 72 (where places
 *    written latitude first land: Europe and the Maghreb read that way fall in East Africa, Arabia and the
 *    Arabian Sea), at least 100 points, spread in two dimensions, whose nearest neighbours line up along one
 *    axis (chance under 1e-6) and do not when read the other way round. Real places there
 *    (East Africa, Arabia, Brazil) are evenly spaced as given and pass; a small set, or one whose swap lands at
 *    |latitude| > |longitude|, cannot be told from real places and passes too.
 * 3. Single points far outside the area where nearly all points lie (pooled; Tukey's fences on longitudes and
 *    latitudes) whose swap lands inside it: a few rows typed the other way round.
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
  checkArgument('checkSwapped', 'sets', sets, Array.isArray(sets) && sets.every((s) => isRecord(s) && Array.isArray(s.ids) && isNumbers(s.lon) && isNumbers(s.lat)), 'a list of placed point sets {source, what, ids, lon, lat} (placedFile)');
  // A point without a position cannot be checked: the caller leaves it out (`placedOnly`) or gives it one.
  for (const set of sets) requirePositions(set, 'the check for swapped longitude and latitude', 'check only the points that have one (placedOnly), or give every point its lon and lat');
  const live = sets.filter((set) => set.ids.length > 0);
  checkSetsApart(live);
  checkAllSwapped(live);
  checkSingleRows(live);
}

/** 1. Whole sets against each other. */
function checkSetsApart(live: readonly PlacedPoints[]): void {
  const extents = live.map((set) => extentOf(set.lon, set.lat, 0.02));
  /** a's points: none within b's area as given, and half of them (at least one) within it swapped. */
  const meets = (a: number, b: number) => {
    let swapped = 0;
    for (let i = 0; i < live[a].ids.length; i++) {
      if (within(live[a].lon[i], live[a].lat[i], extents[b])) return false;
      if (within(live[a].lat[i], live[a].lon[i], extents[b])) swapped++;
    }
    return swapped >= Math.max(1, 0.5 * live[a].ids.length);
  };
  const apart = live.map(() => [] as number[]);
  for (let a = 0; a < live.length; a++) {
    for (let b = a + 1; b < live.length; b++) {
      if (meets(a, b) || meets(b, a)) {
        apart[a].push(b);
        apart[b].push(a);
      }
    }
  }
  const most = Math.max(0, ...apart.map((list) => list.length));
  if (most === 0) return;
  const odd = apart.map((list, x) => (list.length === most ? x : -1)).filter((x) => x >= 0);
  /** The first point of a set that, swapped, falls in the other's area: the row to name. */
  const firstMoved = (x: number, y: number) => {
    for (let i = 0; i < live[x].ids.length; i++) if (within(live[x].lat[i], live[x].lon[i], extents[y])) return i;
    return 0;
  };
  const lieAway = (x: number, others: readonly number[]) =>
    `the ${count(live[x].ids.length, live[x].what)} of ${live[x].source ?? 'the input'} ${live[x].ids.length === 1 ? 'lies' : 'lie'} away from ${inWords(others.map((y) => `the ${count(live[y].ids.length, live[y].what)} of ${live[y].source ?? 'the other input'}`))} (none within their area)`;
  const blame = (x: number, others: readonly number[], why: string) => {
    const fall = live[x].ids.length === 1 ? 'falls' : 'fall';
    const at = locate(live[x], firstMoved(x, others[0]));
    throw new CareshedError('SWAPPED_COORDINATES', `${lieAway(x, others)}, but ${fall} among them with longitude and latitude swapped. ${why}${fix(live[x].source, at)}`, at);
  };
  if (odd.length === 1) blame(odd[0], apart[odd[0]], 'Are longitude and latitude swapped there? ');
  // A tie, mostly two sets alone: the spacing of their points tells which one is drawn at the wrong latitude.
  const [x, y] = [odd[0], apart[odd[0]][0]];
  const [ex, ey] = [orientationOf(live[x].lon, live[x].lat, false), orientationOf(live[y].lon, live[y].lat, false)];
  const own = (e: typeof ex) => `its points' nearest neighbours line up along one axis in km (${axisWords(e.given, e.swapped)}), as places drawn at the wrong latitude do. `;
  const even = (z: number, e: typeof ex) => `the points of ${live[z].source ?? 'the other input'} are evenly spaced in every direction as given (${axisWords(e.given, e.swapped)}), as real places are, and these are not. `;
  if (ex.verdict === 'swapped' && ey.verdict !== 'swapped') blame(x, [y], `This file is the one written latitude first: ${own(ex)}`);
  if (ey.verdict === 'swapped' && ex.verdict !== 'swapped') blame(y, [x], `This file is the one written latitude first: ${own(ey)}`);
  if (ex.verdict === 'given' && ey.verdict === undefined) blame(y, [x], `This file is the one written latitude first: ${even(x, ex)}`);
  if (ey.verdict === 'given' && ex.verdict === undefined) blame(x, [y], `This file is the one written latitude first: ${even(y, ey)}`);
  const show = (z: number, i: number) => {
    const at = locate(live[z], i);
    return `${live[z].source ?? 'the input'} ${place(at)} reads (${live[z].lon[i]}, ${live[z].lat[i]})`;
  };
  throw new CareshedError(
    'SWAPPED_COORDINATES',
    `the ${count(live[x].ids.length, live[x].what)} of ${live[x].source ?? 'the input'} and the ${count(live[y].ids.length, live[y].what)} of ${live[y].source ?? 'the other input'} lie apart (none within the other's area), but meet when one of them is read with longitude and latitude swapped: one of the two is written latitude, longitude, and the points alone cannot tell which (${show(x, firstMoved(x, y))}; ${show(y, firstMoved(y, x))}). careshed reads longitude then latitude (RFC 7946): in the file written the other way round, swap the names of its lon and lat columns (CSV) or write each position [longitude, latitude] (GeoJSON)`,
  );
}

/** 2. Every set written lat,lon: where the points lie and how their neighbours line up (see checkSwapped). */
function checkAllSwapped(live: readonly PlacedPoints[]): void {
  const total = live.reduce((t, set) => t + set.ids.length, 0);
  const lon: number[] = [];
  const lat: number[] = [];
  for (const set of live) {
    for (let i = 0; i < set.ids.length; i++) {
      const x = set.lon[i];
      const y = set.lat[i];
      if (Math.abs(y) < Math.abs(x) && Math.abs(x) <= 72) {
        lon.push(x);
        lat.push(y);
      }
    }
  }
  if (lon.length < 100 || lon.length < 0.98 * total) return;
  const { verdict, given, swapped } = orientationOf(lon, lat, true);
  if (verdict !== 'swapped') return;
  const largest = live.reduce((a, b) => (b.ids.length > a.ids.length ? b : a));
  const range = (values: number[]) => `${Math.min(...values).toFixed(1)} to ${Math.max(...values).toFixed(1)}`;
  throw new CareshedError(
    'SWAPPED_COORDINATES',
    `${live.length > 1 ? 'every file seems' : 'the file seems'} written latitude, longitude: the ${int(total)} points of ${live.map((set) => set.source ?? 'the input').join(', ')} lie at |latitude| < |longitude| (longitudes ${range(lon)}, latitudes ${range(lat)}), where places written latitude first land, and measured in km there their nearest neighbours line up along one axis (${axisWords(given, swapped)}), as places drawn at the wrong latitude do. careshed reads longitude then latitude (RFC 7946): swap the names of the lon and lat columns of ${live.length > 1 ? 'every file' : 'the file'} (in GeoJSON, write each position [longitude, latitude]). If the points really lie there, give the study area (--bounds=W,S,E,N; "bounds" in a scenario): they are then checked against it only`,
    locate(largest, 0),
  );
}

/** 3. Single points, against where all the points lie. */
function checkSingleRows(live: readonly PlacedPoints[]): void {
  const total = live.reduce((t, set) => t + set.ids.length, 0);
  if (total < 20) return;
  const lon = new Float64Array(total);
  const lat = new Float64Array(total);
  let k = 0;
  for (const set of live) {
    lon.set(set.lon, k);
    lat.set(set.lat, k);
    k += set.ids.length;
  }
  const area = fences(lon, lat);
  const far = Math.max(1, area[2] - area[0], area[3] - area[1]);
  for (const set of live) {
    for (let i = 0; i < set.ids.length; i++) {
      const x = set.lon[i];
      const y = set.lat[i];
      const away = Math.max(area[0] - x, x - area[2], area[1] - y, y - area[3]);
      if (away > far && within(y, x, area)) {
        throw new CareshedError(
          'SWAPPED_COORDINATES',
          `position (${x}, ${y}) lies far from the area of the other points [${area.map((v) => v.toFixed(2)).join(', ')}], but (${y}, ${x}) is inside it: are longitude and latitude swapped on this row? careshed reads longitude then latitude (RFC 7946): swap the two values on this row`,
          locate(set, i),
        );
      }
    }
  }
}
