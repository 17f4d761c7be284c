import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coverage, crowFly, nearestSites, PointIndex, ReachTableBuilder, type NearestSites, type TravelProvider } from '../src/index.js';
import { chord2Limit } from '../src/geo/point-index.js';
import { turfMinutes } from './brute.js';
import { demandOf, lonLat, sitesOf } from './scatter.js';


const travel = crowFly({ speedKmh: 45, detour: 1.5 });

// Sites often share a place (exact ties), demand points sometimes stand on a site; some land across the
// antimeridian and near a pole, where the search box wraps or covers every longitude.
const shared = [
  { lon: 1.5, lat: 43.5 },
  { lon: 2.5, lat: 44 },
  { lon: 179.99, lat: -16.5 },
  { lon: 30, lat: 89.9 },
];
const place = fc.oneof(
  { weight: 6, arbitrary: lonLat(0, 42.5, 4, 45) },
  { weight: 2, arbitrary: fc.constantFrom(...shared) },
  { weight: 1, arbitrary: lonLat(-180, -90, 180, 90) },
  { weight: 1, arbitrary: fc.tuple(lonLat(179.5, -17, 180, -16), fc.boolean()).map(([p, west]) => ({ lon: west ? -p.lon : p.lon, lat: p.lat })) },
);

describe('crowFly().nearest: coverage without a pair table', () => {
  it('gives the reach table nearest site and minutes, bit for bit, at any cutoff; and the same coverage', () => {
    fc.assert(
      fc.property(
        fc.array(place, { minLength: 1, maxLength: 60 }),
        fc.array(place, { minLength: 1, maxLength: 80 }),
        fc.oneof(fc.double({ min: 0, max: 90, noNaN: true }), fc.constant(Infinity)),
        fc.integer({ min: 0, max: 90 }),
        (d, s, maxMinutes, target) => {
          const demand = demandOf(d);
          const sites = sitesOf(s);
          const reach = travel.reach(demand, sites, { maxMinutes });
          const nearest = travel.nearest(demand, sites);
          expect(nearest.demandCount).toBe(demand.size);
          expect(nearest.maxMinutes).toBe(Infinity);
          expect(Array.from(nearest.nearestSite)).toEqual(Array.from(reach.nearestSite));
          // Bit for bit: Object.is tells 0 from -0 and compares Infinity as itself.
          nearest.nearestMinutes.forEach((m, i) => expect(Object.is(m, reach.nearestMinutes[i])).toBe(true));
          const targetMinutes = Math.min(target, maxMinutes);
          expect(coverage(nearest, demand, { targetMinutes })).toEqual(coverage(reach, demand, { targetMinutes }));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds the nearest site of a brute-force loop over all sites (turf.distance), ties to the lowest index', () => {
    fc.assert(
      fc.property(fc.array(place, { minLength: 1, maxLength: 40 }), fc.array(place, { minLength: 1, maxLength: 60 }), (d, s) => {
        const nearest = travel.nearest(demandOf(d), sitesOf(s));
        d.forEach((p, i) => {
          const all = s.map((q) => turfMinutes(p, q, 45, 1.5));
          const best = Math.min(...all);
          const j = nearest.nearestSite[i];
          // turf's haversine and careshed's chord agree to about 1e-12 relative: the site found is at the
          // brute-force minimum, within float32 rounding, and no site before it is strictly nearer.
          expect(Math.abs(all[j] - best)).toBeLessThanOrEqual(1e-6 * best + 1e-9);
          expect(Math.abs(nearest.nearestMinutes[i] - best)).toBeLessThanOrEqual(1e-6 * best + 1e-9);
          for (let k = 0; k < j; k++) expect(all[k]).toBeGreaterThanOrEqual(best - 1e-6 * best - 1e-9);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('breaks an exact tie by the lowest site index', () => {
    const demand = demandOf([{ lon: 1.44, lat: 43.6 }]);
    const here = { lon: 1.45, lat: 43.6 };
    const sites = sitesOf([{ lon: 3, lat: 45 }, here, { lon: 1.6, lat: 43.7 }, here, here]);
    expect(travel.nearest(demand, sites).nearestSite[0]).toBe(1);
    expect(travel.nearest(demand, sitesOf([here, here, here])).nearestSite[0]).toBe(0);
  });

  it('accepts any target: the nearest is known at any distance', () => {
    const demand = demandOf([{ lon: 1, lat: 43 }]);
    const far = travel.nearest(demand, sitesOf([{ lon: -70, lat: -30 }]));
    expect(coverage(far, demand, { targetMinutes: 1e6 }).summary.coveredPopulation).toBe(1);
  });

  it('does not mutate its inputs', () => {
    const demand = demandOf([{ lon: 1, lat: 43 }, { lon: 2, lat: 44 }]);
    const sites = sitesOf([{ lon: 1.1, lat: 43 }]);
    const before = [Array.from(demand.lon), Array.from(demand.lat), Array.from(sites.lon), Array.from(sites.lat)];
    travel.nearest(demand, sites);
    expect([Array.from(demand.lon), Array.from(demand.lat), Array.from(sites.lon), Array.from(sites.lat)]).toEqual(before);
  });

  it('reports its progress to the end', () => {
    const demand = demandOf(Array.from({ length: 500 }, (_, i) => ({ lon: (i % 50) / 10, lat: 43 + Math.floor(i / 50) / 10 })));
    const events: { done: number; total: number | null; finished?: boolean }[] = [];
    travel.nearest(demand, sitesOf([{ lon: 1, lat: 43 }]), { onProgress: (e) => events.push(e) });
    expect(events.at(-1)).toMatchObject({ done: 500, total: 500, finished: true });
  });
});

describe('nearestSites', () => {
  const demand = demandOf([{ lon: 1, lat: 43 }, { lon: 1.3, lat: 43.2 }]);
  const sites = sitesOf([{ lon: 1.05, lat: 43 }, { lon: 1.31, lat: 43.2 }]);

  it('takes the provider nearest when it has one, else its reach table', async () => {
    const viaNearest = await nearestSites(travel, demand, sites, { maxMinutes: 15 });
    expect(viaNearest.maxMinutes).toBe(Infinity);
    // A provider with reach only (the same straight lines): the nearest come from its table.
    const reachOnly: TravelProvider = { name: 'reach only', reach: (d, s, o) => travel.reach(d, s, o) };
    const viaReach: NearestSites = await nearestSites(reachOnly, demand, sites, { maxMinutes: 15 });
    expect(viaReach.maxMinutes).toBe(15);
    expect(Array.from(viaReach.nearestSite)).toEqual([0, 1]);
    expect(Array.from(viaNearest.nearestSite)).toEqual([0, 1]);
    expect(Array.from(viaNearest.nearestMinutes)).toEqual(Array.from(viaReach.nearestMinutes));
  });
});

describe('the reach builder: one allocation, rows sorted by (minutes, site)', () => {
  it('crow-fly counts its pairs first: the table arrays are exactly the pairs, no slack', () => {
    fc.assert(
      fc.property(fc.array(place, { minLength: 1, maxLength: 50 }), fc.array(place, { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 600, noNaN: true }), (d, s, maxMinutes) => {
        const reach = travel.reach(demandOf(d), sitesOf(s), { maxMinutes });
        expect(reach.site.buffer.byteLength).toBe(4 * reach.pairCount);
        expect(reach.minutes.buffer.byteLength).toBe(4 * reach.pairCount);
      }),
      { numRuns: 60 },
    );
  });

  it('counts on squared chords exactly the points a query finds and a cutoff in minutes keeps', () => {
    fc.assert(
      fc.property(fc.array(place, { minLength: 1, maxLength: 80 }), place, fc.double({ min: 0, max: 400, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), (s, p, maxMinutes, perKm) => {
        const index = new PointIndex(Float64Array.from(s, (q) => q.lon), Float64Array.from(s, (q) => q.lat));
        const radiusKm = (maxMinutes / perKm) * (1 + 1e-6);
        const keep = (km: number) => Math.fround(km * perKm) <= maxMinutes;
        const found = index.query(p.lon, p.lat, radiusKm);
        let kept = 0;
        for (let k = 0; k < found; k++) if (keep(index.foundKm[k])) kept++;
        expect(index.count(p.lon, p.lat, radiusKm, chord2Limit(radiusKm, keep))).toBe(kept);
      }),
      { numRuns: 300 },
    );
  });

  it('given the exact count, hands its arrays over without a copy; past it, grows and trims', () => {
    const exact = new ReachTableBuilder(2, 3, 10, 3);
    exact.add(2, 1);
    exact.add(0, 4);
    exact.endRow();
    exact.add(1, 2);
    exact.endRow();
    const table = exact.finish();
    expect(table.site.buffer.byteLength).toBe(12);
    expect(Array.from(table.site)).toEqual([2, 0, 1]);
    const grown = new ReachTableBuilder(1, 1000, 10, 0);
    for (let j = 0; j < 1000; j++) grown.add(999 - j, j % 7);
    grown.endRow();
    const long = grown.finish();
    expect(long.pairCount).toBe(1000);
    expect(long.site.buffer.byteLength).toBeLessThanOrEqual(4 * Math.ceil(1000 * 1.125));
  });

  it('sorts long rows of any minutes (0, -0, fractions, Infinity) and any site count like a comparator sort would', () => {
    const minutes = fc.oneof(
      fc.integer({ min: 0, max: 30 }),
      fc.double({ min: 0, max: 30, noNaN: true }),
      fc.constantFrom(0, -0, Infinity, 2 ** -140),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(300), minutes), { minLength: 40, maxLength: 400 }),
        fc.constantFrom(301, 2 ** 22, 2 ** 22 + 1),
        (pairs, siteCount) => {
          const builder = new ReachTableBuilder(1, siteCount, Infinity, pairs.length);
          // Sites scaled up so that indices beyond 2^21 take part when the site count allows them.
          const site = (j: number) => (siteCount > 301 ? Math.min(siteCount - 1, j * 13_981) : j);
          for (const [j, m] of pairs) builder.add(site(j), m);
          builder.endRow();
          const table = builder.finish();
          // The reference: float32 minutes, ordered by a comparator (-0 equal to 0, as the builder's rule has it).
          const expected = pairs.map(([j, m]) => [site(j), Math.fround(m)] as const).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
          expect(Array.from(table.site)).toEqual(expected.map((p) => p[0]));
          expect(Array.from(table.minutes, (m) => (m === 0 ? 0 : m))).toEqual(expected.map((p) => (p[1] === 0 ? 0 : p[1])));
          expect(table.nearestSite[0]).toBe(expected[0][0]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
