import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { greatCircleKm, searchBox } from './geodesy.js';

/**
 * A static spatial index over WGS84 points (kdbush), with the two queries careshed needs:
 * every point within a radius, and the nearest point at any distance.
 */
export class PointIndex {
  readonly #index: KDBush;
  readonly #lon: Float64Array;
  readonly #lat: Float64Array;
  readonly #hits: number[] = [];

  constructor(lon: Float64Array, lat: Float64Array) {
    this.#lon = lon;
    this.#lat = lat;
    this.#index = new KDBush(Math.max(1, lon.length), 64, Float64Array);
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
    const hits = this.#hits;
    hits.length = 0;
    const box = searchBox(lat, maxKm);
    if (box === null) {
      this.#collect(-180, -90, 180, 90);
    } else {
      const west = lon - box.dLon;
      const east = lon + box.dLon;
      const south = lat - box.dLat;
      const north = lat + box.dLat;
      this.#collect(Math.max(west, -180), south, Math.min(east, 180), north);
      if (west < -180) this.#collect(west + 360, south, 180, north);
      if (east > 180) this.#collect(-180, south, east - 360, north);
    }
    for (let h = 0; h < hits.length; h++) {
      const i = hits[h];
      const km = greatCircleKm(lon, lat, this.#lon[i], this.#lat[i]);
      if (km <= maxKm) visit(i, km);
    }
  }

  /** Index of the nearest point (great circle) and its distance in km; -1 and Infinity when the index is empty. */
  nearest(lon: number, lat: number): { index: number; km: number } {
    if (this.#lon.length === 0) return { index: -1, km: Infinity };
    const [first] = around(this.#index, lon, lat, 1);
    // geokdbush ranks on its own earth radius; ties aside, the nearest is the same. Take the exact distance.
    return { index: first, km: greatCircleKm(lon, lat, this.#lon[first], this.#lat[first]) };
  }

  #collect(west: number, south: number, east: number, north: number): void {
    const ids = this.#index.range(west, south, east, north);
    const n = this.#lon.length;
    // A point can fall in two boxes only if they overlap, which they do not; guard the empty-index sentinel.
    for (const id of ids) if (id < n) this.#hits.push(id);
  }
}
