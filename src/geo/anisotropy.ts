import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { checkArgument, isNumbers } from '../model/arguments.js';

const RAD = Math.PI / 180;

/** Whether the nearest neighbours of a set of points line up along one axis, measured in km where they stand. */
export interface NeighbourAxis {
  /** Nearest-neighbour pairs measured (one per distinct position, or per sampled position). */
  pairs: number;
  /**
   * Mean resultant length of the doubled directions of the pairs, in [0, 1]: 0 when no axis is preferred, 1 when
   * every pair runs along the same axis. Doubled, because a pair is an axis: north and south are one direction.
   */
  anisotropy: number;
  /**
   * Rayleigh's statistic on half the pairs (two mutual nearest neighbours give one pair twice):
   * P(no preferred axis) ≈ exp(−z).
   */
  z: number;
  /** Share of pairs exactly on a meridian or a parallel: near 1 on a lattice of degrees, where the test means nothing. */
  onAxis: number;
  /**
   * Width over length of the set in km (square roots of the eigenvalues of the positions' covariance): near 0 for
   * points along a valley or a coast, whose neighbours line up whatever the order of longitude and latitude.
   */
  aspect: number;
}

/**
 * How much the nearest neighbours of some points line up along one axis, in local km (east-west distances
 * scaled by the cosine of the latitude). Real places (communes, villages, grid cells) are spaced about evenly in
 * every direction; read at the wrong latitude (longitude and latitude swapped) the same places are stretched by
 * 1 / cos(latitude) along one axis, which the nearest neighbours show. A point's neighbour is the nearest at
 * another position; past `sample` points, an evenly spaced sample of them is measured (all are indexed).
 *
 * @example
 * const axis = neighbourAnisotropy(communes.lon, communes.lat);
 * axis.anisotropy; // 0.03 for the Occitanie communes; 0.25 with longitude and latitude swapped
 */
export function neighbourAnisotropy(lon: ArrayLike<number>, lat: ArrayLike<number>, sample = 20_000): NeighbourAxis {
  checkArgument('neighbourAnisotropy', 'lon', lon, isNumbers(lon), 'an array of longitudes');
  checkArgument('neighbourAnisotropy', 'lat', lat, isNumbers(lat) && lat.length === lon.length, 'an array of latitudes as long as lon');
  checkArgument('neighbourAnisotropy', 'sample', sample, Number.isInteger(sample) && sample >= 1, 'a whole number of points, 1 or more');
  const n = lon.length;
  if (n < 2) return { pairs: 0, anisotropy: 0, z: 0, onAxis: 0, aspect: 0 };
  const x = Float64Array.from(lon);
  const y = Float64Array.from(lat);
  const index = new KDBush(n, 16, Float64Array);
  for (let i = 0; i < n; i++) index.add(x[i], y[i]);
  index.finish();
  const step = Math.max(1, Math.ceil(n / sample));
  let c = 0;
  let s = 0;
  let pairs = 0;
  let onAxis = 0;
  for (let i = 0; i < n; i += step) {
    // The nearest point at another position: a repeated position is one place.
    const [j] = around(index, x[i], y[i], 1, Infinity, (k: number) => x[k] !== x[i] || y[k] !== y[i]) as number[];
    if (j === undefined) continue;
    const dLon = ((x[j] - x[i] + 540) % 360) - 180;
    const dLat = y[j] - y[i];
    if (dLon === 0 || dLat === 0) onAxis++;
    const dx = dLon * Math.cos(((y[i] + y[j]) / 2) * RAD);
    const r2 = dx * dx + dLat * dLat;
    c += (dx * dx - dLat * dLat) / r2;
    s += (2 * dx * dLat) / r2;
    pairs++;
  }
  const anisotropy = pairs > 0 ? Math.hypot(c, s) / pairs : 0;
  return { pairs, anisotropy, z: (pairs / 2) * anisotropy * anisotropy, onAxis: pairs > 0 ? onAxis / pairs : 0, aspect: aspectOf(x, y) };
}

/** Width over length of a set of positions in local km, from the eigenvalues of their covariance. */
function aspectOf(lon: Float64Array, lat: Float64Array): number {
  const n = lon.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += lon[i] / n;
    my += lat[i] / n;
  }
  const k = Math.cos(my * RAD);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (lon[i] - mx) * k;
    const dy = lat[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const half = (sxx + syy) / 2;
  const root = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
  return half + root > 0 ? Math.sqrt(Math.max(0, half - root) / (half + root)) : 0;
}
