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
