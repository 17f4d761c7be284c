// Independent references for the tests: all pairs, with turf's distance, no spatial index.
import { distance } from '@turf/turf';

export interface Pt {
  lon: number;
  lat: number;
}

/** Straight-line minutes as the README defines them, computed with turf.distance. */
export function turfMinutes(a: Pt, b: Pt, speedKmh = 45, detour = 1.5): number {
  return (distance([a.lon, a.lat], [b.lon, b.lat], { units: 'kilometers' }) * detour * 60) / speedKmh;
}

/** For each demand point, every site within maxMinutes as [site, minutes], by brute force. */
export function brutePairs(demand: Pt[], sites: Pt[], maxMinutes: number, speedKmh = 45, detour = 1.5): [number, number][][] {
  return demand.map((d) => {
    const row: [number, number][] = [];
    sites.forEach((s, j) => {
      const m = turfMinutes(d, s, speedKmh, detour);
      if (m <= maxMinutes) row.push([j, m]);
    });
    return row;
  });
}

/** Nearest site (index, minutes) of each demand point, by brute force; [-1, Infinity] without sites. */
export function bruteNearest(demand: Pt[], sites: Pt[], speedKmh = 45, detour = 1.5): [number, number][] {
  return demand.map((d) => {
    let best: [number, number] = [-1, Infinity];
    sites.forEach((s, j) => {
      const m = turfMinutes(d, s, speedKmh, detour);
      if (m < best[1]) best = [j, m];
    });
    return best;
  });
}

export function points(set: { lon: Float64Array; lat: Float64Array }): Pt[] {
  return Array.from(set.lon, (lon, i) => ({ lon, lat: set.lat[i] }));
}
