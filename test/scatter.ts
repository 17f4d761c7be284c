import fc from 'fast-check';
import { expect } from 'vitest';
import { createDemand, createSites, seededRandom } from '../src/index.js';

/** Demand and sites scattered over 80 × 80 km (some points far from any site), seeded. */
export function scatter(seed: number, n: number, m: number) {
  const random = seededRandom(seed);
  const at = () => ({ lon: 1 + random() * 1, lat: 43 + random() * 0.7 });
  const demand = createDemand(Array.from({ length: n }, (_, i) => ({ id: `d${i}`, ...at(), population: Math.floor(random() * 3000) })));
  const sites = createSites(Array.from({ length: m }, (_, j) => ({ id: `s${j}`, ...at(), capacity: 1 + Math.floor(random() * 6) })));
  return { demand, sites };
}

/** Bit for bit: the same doubles, NaN where NaN. */
export function sameBits(a: Float64Array, b: Float64Array) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`entry ${i}: ${a[i]} vs ${b[i]}`);
}

/** Points drawn in a box of longitudes and latitudes. */
export const lonLat = (west: number, south: number, east: number, north: number) =>
  fc.record({ lon: fc.double({ min: west, max: east, noNaN: true }), lat: fc.double({ min: south, max: north, noNaN: true }) });

/** Demand at those points, ids d0, d1, …, population 1, 2, …. */
export function demandOf(pts: { lon: number; lat: number }[]) {
  return createDemand(pts.map((p, i) => ({ id: `d${i}`, lon: p.lon, lat: p.lat, population: i + 1 })));
}

/** Sites at those points, ids s0, s1, …. */
export function sitesOf(pts: { lon: number; lat: number }[]) {
  return createSites(pts.map((p, i) => ({ id: `s${i}`, lon: p.lon, lat: p.lat })));
}
