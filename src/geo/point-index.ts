import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { EARTH_RADIUS_KM, greatCircleKm, searchBox } from './geodesy.js';
import { checkArgument, isNumbers } from '../model/arguments.js';

const RAD = Math.PI / 180;

/**
 * A static spatial index over WGS84 points (kdbush), with the two queries careshed needs:
 * every point within a radius, and the nearest point at any distance.
 */
export class PointIndex {
  readonly #index: KDBush;
  readonly #lon: Float64Array;
  readonly #lat: Float64Array;
  /** Unit vectors (x, y, z) of the points: a chord length needs no trigonometry per pair. */
  readonly #xyz: Float64Array;
  /** Results of the last `query`: point indices and their km. */
  found = new Uint32Array(64);
  foundKm = new Float64Array(64);
  /** Nodes to visit, 3 numbers each; a walk holds at most one node per level of the tree (under 64 levels). */
  readonly #stack = new Uint32Array(3 * 64);
  /** The ids a box query found, before the exact test. */
  #candidates: Uint32Array = new Uint32Array(256);

  constructor(lon: Float64Array, lat: Float64Array) {
    checkArgument('PointIndex', 'lon', lon, isNumbers(lon), 'an array of longitudes');
    checkArgument('PointIndex', 'lat', lat, isNumbers(lat) && lat.length === lon.length, 'an array of latitudes as long as lon');
    this.#lon = lon;
    this.#lat = lat;
    this.#xyz = new Float64Array(3 * lon.length);
    for (let i = 0; i < lon.length; i++) unitVector(lon[i], lat[i], this.#xyz, 3 * i);
    this.#index = new KDBush(Math.max(1, lon.length), 16, Float64Array);
    for (let i = 0; i < lon.length; i++) this.#index.add(lon[i], lat[i]);
    if (lon.length === 0) this.#index.add(0, -90); // kdbush needs one item; it is never returned (see below)
    this.#index.finish();
  }

  get size(): number {
    return this.#lon.length;
  }

  /**
   * Calls `visit(i, km)` for every indexed point within `maxKm` (inclusive) of (lon, lat), in no set order.
   * A box query on the tree, widened at the antimeridian and the poles, then the exact great-circle test.
   */
  within(lon: number, lat: number, maxKm: number, visit: (i: number, km: number) => void): void {
    const count = this.query(lon, lat, maxKm);
    for (let k = 0; k < count; k++) visit(this.found[k], this.foundKm[k]);
  }

  /**
   * The points in the box around (lon, lat) that holds every point within maxKm, written to the candidates
   * buffer; returns how many. The whole index near a pole or for a radius past a quarter of the globe.
   */
  #inBox(lon: number, lat: number, maxKm: number): number {
    const box = searchBox(lat, maxKm);
    if (box === null) return this.#range(-180, -90, 180, 90, 0);
    const west = lon - box.dLon;
    const east = lon + box.dLon;
    const south = lat - box.dLat;
    const north = lat + box.dLat;
    const candidates = this.#range(Math.max(west, -180), south, Math.min(east, 180), north, 0);
    // Across the antimeridian: the part of the box on the other side (disjoint: a box spans under 180°).
    if (west < -180) return this.#range(west + 360, south, 180, north, candidates);
    if (east > 180) return this.#range(-180, south, east - 360, north, candidates);
    return candidates;
  }

  /**
   * Like `within`, without a callback: writes the indices and km of the points found into `found` and
   * `foundKm` (valid until the next query) and returns how many there are. For hot loops.
   */
  query(lon: number, lat: number, maxKm: number): number {
    const candidates = this.#inBox(lon, lat, maxKm);
    // Compare chord lengths between unit vectors (2·sin(θ/2): exact great-circle geometry with no
    // trigonometry per pair); the arcsine only for the points that pass.
    const theta = maxKm / EARTH_RADIUS_KM;
    const maxChord2 = (theta >= Math.PI ? 4 : 4 * Math.sin(theta / 2) ** 2) * (1 + 1e-12);
    const cosLat = Math.cos(lat * RAD);
    const x = cosLat * Math.cos(lon * RAD);
    const y = cosLat * Math.sin(lon * RAD);
    const z = Math.sin(lat * RAD);
    const xyz = this.#xyz;
    const n = this.#lon.length;
    const box2 = this.#candidates;
    let count = 0;
    for (let h = 0; h < candidates; h++) {
      const i = box2[h];
      if (i >= n) continue; // the sentinel of an empty index
      const dx = xyz[3 * i] - x;
      const dy = xyz[3 * i + 1] - y;
      const dz = xyz[3 * i + 2] - z;
      const chord2 = dx * dx + dy * dy + dz * dz;
      if (chord2 > maxChord2) continue;
      const km = 2 * EARTH_RADIUS_KM * halfChordAngle(Math.sqrt(chord2) / 2);
      if (km > maxKm) continue;
      if (count === this.found.length) this.#grow();
      this.found[count] = i;
      this.foundKm[count] = km;
      count++;
    }
    return count;
  }

  /**
   * How many points `query(lon, lat, maxKm)` would find whose squared chord (between unit vectors) is at most
   * `maxChord2`, without measuring their km: for counting pairs before writing them (see `chord2Limit`).
   */
  count(lon: number, lat: number, maxKm: number, maxChord2: number): number {
    const candidates = this.#inBox(lon, lat, maxKm);
    const cosLat = Math.cos(lat * RAD);
    const x = cosLat * Math.cos(lon * RAD);
    const y = cosLat * Math.sin(lon * RAD);
    const z = Math.sin(lat * RAD);
    const xyz = this.#xyz;
    const n = this.#lon.length;
    const ids = this.#candidates;
    let count = 0;
    for (let h = 0; h < candidates; h++) {
      const i = ids[h];
      if (i >= n) continue;
      const dx = xyz[3 * i] - x;
      const dy = xyz[3 * i + 1] - y;
      const dz = xyz[3 * i + 2] - z;
      if (dx * dx + dy * dy + dz * dz <= maxChord2) count++;
    }
    return count;
  }

  /**
   * The ids of the points in a box, written into `#candidates` from `count` on; returns the new count. kdbush's
   * own `range` walk, into a typed array kept from query to query rather than a new array each time.
   */
  #range(minX: number, minY: number, maxX: number, maxY: number, count: number): number {
    const { ids, coords, nodeSize } = this.#index;
    const stack = this.#stack;
    let out = this.#candidates;
    stack[0] = 0;
    stack[1] = ids.length - 1;
    stack[2] = 0;
    let sp = 3;
    while (sp > 0) {
      const axis = stack[--sp];
      const right = stack[--sp];
      const left = stack[--sp];
      if (right - left <= nodeSize) {
        if (count + nodeSize + 1 > out.length) out = this.#growCandidates();
        for (let h = left; h <= right; h++) {
          const x = coords[2 * h];
          const y = coords[2 * h + 1];
          if (x >= minX && x <= maxX && y >= minY && y <= maxY) out[count++] = ids[h];
        }
        continue;
      }
      const m = (left + right) >> 1;
      const x = coords[2 * m];
      const y = coords[2 * m + 1];
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
        if (count === out.length) out = this.#growCandidates();
        out[count++] = ids[m];
      }
      if (axis === 0 ? minX <= x : minY <= y) {
        stack[sp++] = left;
        stack[sp++] = m - 1;
        stack[sp++] = 1 - axis;
      }
      if (axis === 0 ? maxX >= x : maxY >= y) {
        stack[sp++] = m + 1;
        stack[sp++] = right;
        stack[sp++] = 1 - axis;
      }
    }
    return count;
  }

  #growCandidates(): Uint32Array {
    const wider = new Uint32Array(this.#candidates.length * 2);
    wider.set(this.#candidates);
    this.#candidates = wider;
    return wider;
  }

  #grow(): void {
    const found = new Uint32Array(this.found.length * 2);
    found.set(this.found);
    const foundKm = new Float64Array(this.foundKm.length * 2);
    foundKm.set(this.foundKm);
    this.found = found;
    this.foundKm = foundKm;
  }

  /** The indices of the `k` nearest points, nearest first. */
  nearestFew(lon: number, lat: number, k: number): number[] {
    if (this.#lon.length === 0 || k <= 0) return [];
    return around(this.#index, lon, lat, k);
  }

  /** Index of the nearest point (great circle) and its distance in km; -1 and Infinity when the index is empty. */
  nearest(lon: number, lat: number): { index: number; km: number } {
    if (this.#lon.length === 0) return { index: -1, km: Infinity };
    const [first] = around(this.#index, lon, lat, 1);
    // geokdbush ranks on its own earth radius; ties aside, the nearest is the same. Take the exact distance.
    return { index: first, km: greatCircleKm(lon, lat, this.#lon[first], this.#lat[first]) };
  }
}

/** Great-circle km of a squared chord between unit vectors, as `query` measures it. */
export function chordKm(chord2: number): number {
  return 2 * EARTH_RADIUS_KM * halfChordAngle(Math.sqrt(chord2) / 2);
}

/**
 * The largest squared chord whose km (as `query` measures them, within its radius `maxKm`) pass `keep`, a test
 * that holds up to some distance and not beyond (a cutoff in minutes): `count` with it counts exactly the points
 * `query` finds and `keep` keeps. Found by bisection on the float64 values themselves (positive doubles are
 * ordered as their bit patterns); Infinity when every chord passes.
 */
export function chord2Limit(maxKm: number, keep: (km: number) => boolean): number {
  const theta = maxKm / EARTH_RADIUS_KM;
  const queryLimit = (theta >= Math.PI ? 4 : 4 * Math.sin(theta / 2) ** 2) * (1 + 1e-12);
  const passes = (chord2: number) => chord2 <= queryLimit && chordKm(chord2) <= maxKm && keep(chordKm(chord2));
  if (passes(4)) return Infinity;
  if (!passes(0)) return -1;
  const bits = new BigUint64Array(1);
  const value = new Float64Array(bits.buffer);
  value[0] = 0;
  let low = bits[0]; // passes
  value[0] = 4;
  let high = bits[0]; // fails
  while (high - low > 1n) {
    const mid = (low + high) / 2n;
    bits[0] = mid;
    if (passes(value[0])) low = mid;
    else high = mid;
  }
  bits[0] = low;
  return value[0];
}

function unitVector(lon: number, lat: number, out: Float64Array, at: number): void {
  const cosLat = Math.cos(lat * RAD);
  out[at] = cosLat * Math.cos(lon * RAD);
  out[at + 1] = cosLat * Math.sin(lon * RAD);
  out[at + 2] = Math.sin(lat * RAD);
}

/**
 * asin(x), the half-angle of a chord: for the short chords of travel (x < 0.01, under 127 km) three terms
 * of the series are exact to 5e-14 relative, and several times faster than Math.asin.
 */
function halfChordAngle(x: number): number {
  if (x >= 0.01) return Math.asin(Math.min(1, x));
  const x2 = x * x;
  return x * (1 + x2 * (1 / 6 + x2 * (3 / 40)));
}
