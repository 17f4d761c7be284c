import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distance } from '@turf/turf';
import { coverage, crowFly, greatCircleKm, PointIndex, ReachTable, ReachTableBuilder, RoadGraphBuilder, roadNetwork } from '../src/index.js';
import { error } from './expect-error.js';
import { bruteNearest, brutePairs } from './brute.js';
import { demandOf, lonLat, sitesOf } from './scatter.js';


/** Pairs within `slack` minutes of the cutoff may fall either way after float32 rounding; leave them out. */
function comparable(rows: [number, number][][], maxMinutes: number, slack = 1e-4) {
  return rows.map((row) => row.filter(([, m]) => Math.abs(m - maxMinutes) > slack).map(([j]) => j).sort((a, b) => a - b));
}
function tableRows(reach: ReachTable, maxMinutes: number, slack = 1e-4) {
  const rows: number[][] = [];
  for (let i = 0; i < reach.demandCount; i++) {
    const row: number[] = [];
    for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) if (Math.abs(reach.minutes[k] - maxMinutes) > slack) row.push(reach.site[k]);
    rows.push(row.sort((a, b) => a - b));
  }
  return rows;
}

describe('greatCircleKm', () => {
  it('agrees with turf.distance', () => {
    fc.assert(
      fc.property(lonLat(-180, -89, 180, 89), lonLat(-180, -89, 180, 89), (a, b) => {
        const ours = greatCircleKm(a.lon, a.lat, b.lon, b.lat);
        // Never more than half the circumference, never NaN, even at the antipodes.
        expect(ours).toBeGreaterThanOrEqual(0);
        expect(ours).toBeLessThanOrEqual(Math.PI * 6371.0088 * (1 + 1e-12));
        const turf = distance([a.lon, a.lat], [b.lon, b.lat], { units: 'kilometers' });
        // turf's atan2 gives NaN for some near-antipodal pairs (the haversine term rounds above 1): no reference there.
        fc.pre(Number.isFinite(turf));
        // turf uses atan2, careshed asin: near antipodes asin keeps ~1e-9 relative, hence the tolerance.
        expect(Math.abs(ours - turf)).toBeLessThanOrEqual(1e-8 * turf + 1e-9);
      }),
      { numRuns: 2000 },
    );
  });

  it('is finite at the exact antipodes, where turf gives NaN', () => {
    expect(greatCircleKm(0, -89, 180, 89)).toBeCloseTo(Math.PI * 6371.0088, 6);
  });

  it('gives a known distance: Toulouse Capitole to Montpellier Comédie, about 196 km', () => {
    // Hand check: haversine of (1.4442, 43.6045) and (3.8797, 43.6085) with R = 6371.0088 km.
    expect(greatCircleKm(1.4442, 43.6045, 3.8797, 43.6085)).toBeGreaterThan(195);
    expect(greatCircleKm(1.4442, 43.6045, 3.8797, 43.6085)).toBeLessThan(197);
  });
});

describe('PointIndex', () => {
  it('finds exactly the points within a radius, anywhere on Earth, across the antimeridian and near the poles', () => {
    fc.assert(
      fc.property(fc.array(lonLat(-180, -90, 180, 90), { minLength: 1, maxLength: 60 }), lonLat(-180, -90, 180, 90), fc.double({ min: 1, max: 3000, noNaN: true }), (pts, q, km) => {
        const index = new PointIndex(Float64Array.from(pts, (p) => p.lon), Float64Array.from(pts, (p) => p.lat));
        const found: number[] = [];
        index.within(q.lon, q.lat, km, (i) => found.push(i));
        const expected = pts.map((p, i) => [i, distance([q.lon, q.lat], [p.lon, p.lat], { units: 'kilometers' })] as const).filter(([, d]) => d <= km && Math.abs(d - km) > 1e-6).map(([i]) => i);
        const foundClear = found.filter((i) => Math.abs(greatCircleKm(q.lon, q.lat, pts[i].lon, pts[i].lat) - km) > 1e-6);
        expect(foundClear.sort((a, b) => a - b)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('finds points on both sides of the antimeridian', () => {
    const index = new PointIndex(Float64Array.of(179.9, -179.9, 0), Float64Array.of(0, 0, 0));
    const found: number[] = [];
    index.within(-179.95, 0, 20, (i) => found.push(i));
    expect(found.sort()).toEqual([0, 1]);
    expect(index.nearest(179.99, 0).index).toBe(0);
  });

  it('reports an empty index', () => {
    const index = new PointIndex(new Float64Array(0), new Float64Array(0));
    const found: number[] = [];
    index.within(0, 0, 1e4, (i) => found.push(i));
    expect(found).toEqual([]);
    expect(index.nearest(0, 0)).toEqual({ index: -1, km: Infinity });
  });
});

describe('crow-fly reach table', () => {
  it('equals the brute-force pairs within the cutoff, sorted by minutes, with the nearest site at any distance', () => {
    fc.assert(
      fc.property(
        fc.array(lonLat(0, 42.5, 4, 45), { minLength: 1, maxLength: 80 }),
        fc.array(lonLat(0, 42.5, 4, 45), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 1, max: 90, noNaN: true }),
        (d, s, maxMinutes) => {
          const reach = crowFly().reach(demandOf(d), sitesOf(s), { maxMinutes });
          expect(tableRows(reach, maxMinutes)).toEqual(comparable(brutePairs(d, s, maxMinutes), maxMinutes));
          const nearest = bruteNearest(d, s);
          for (let i = 0; i < d.length; i++) {
            for (let k = reach.offsets[i] + 1; k < reach.offsets[i + 1]; k++) expect(reach.minutes[k]).toBeGreaterThanOrEqual(reach.minutes[k - 1]);
            expect(reach.nearestMinutes[i]).toBeCloseTo(nearest[i][1], 3);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('restricted to open sites, equals the brute-force table of the open sites alone, nearest open site beyond the cutoff included', () => {
    fc.assert(
      fc.property(
        fc.array(lonLat(0, 42.5, 4, 45), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(lonLat(0, 42.5, 4, 45), fc.boolean()), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 1, max: 90, noNaN: true }),
        (d, s, maxMinutes) => {
          const reach = crowFly().reach(demandOf(d), sitesOf(s.map(([p]) => p)), { maxMinutes });
          const restricted = reach.restrictTo(s.map(([, open]) => open));
          const openIndex = s.flatMap(([, open], j) => (open ? [j] : []));
          const pairs = brutePairs(d, openIndex.map((j) => s[j][0]), maxMinutes).map((row) => row.map(([j, m]) => [openIndex[j], m] as [number, number]));
          expect(tableRows(restricted, maxMinutes)).toEqual(comparable(pairs, maxMinutes));
          const nearest = openIndex.length ? bruteNearest(d, openIndex.map((j) => s[j][0])) : [];
          for (let i = 0; i < d.length; i++) {
            if (openIndex.length === 0) expect([restricted.nearestSite[i], restricted.nearestMinutes[i]]).toEqual([-1, Infinity]);
            else expect(restricted.nearestMinutes[i]).toBeCloseTo(nearest[i][1], 3);
          }
        },
      ),
      { numRuns: 100 },
    );
    expect(() => crowFly().reach(demandOf([{ lon: 1, lat: 43 }]), sitesOf([{ lon: 1, lat: 43 }]), { maxMinutes: 5 }).restrictTo([1, 0])).toThrow(/open has 2 entries for 1 sites/);
  });

  it('takes speed and detour: 30 km straight at 50 km/h and detour 1.2 is 43.2 minutes', () => {
    // Two points on the equator 30 km apart: Δlon = 30 / (R·π/180) degrees.
    const dLon = 30 / ((6371.0088 * Math.PI) / 180);
    const reach = crowFly({ speedKmh: 50, detour: 1.2 }).reach(demandOf([{ lon: 0, lat: 0 }]), sitesOf([{ lon: dLon, lat: 0 }]), { maxMinutes: 60 });
    expect(reach.minutes[0]).toBeCloseTo(43.2, 4);
  });

  it('keeps a pair at exactly the cutoff (inclusive) and leaves one just beyond', () => {
    const travel = crowFly({ speedKmh: 60, detour: 1 });
    // 1° of longitude on the equator is R·π/180 km; at 60 km/h that many minutes.
    const minutesPerDegree = (6371.0088 * Math.PI) / 180;
    const reach = travel.reach(demandOf([{ lon: 0, lat: 0 }]), sitesOf([{ lon: 0.1, lat: 0 }, { lon: 0.1001, lat: 0 }]), { maxMinutes: Math.fround(0.1 * minutesPerDegree) });
    expect(Array.from(reach.site)).toEqual([0]);
  });

  it('has no pairs but still a nearest site when everything is beyond the cutoff', () => {
    const reach = crowFly().reach(demandOf([{ lon: 1, lat: 43 }]), sitesOf([{ lon: 3, lat: 44 }]), { maxMinutes: 10 });
    expect(reach.pairCount).toBe(0);
    expect(reach.nearestSite[0]).toBe(0);
    expect(reach.nearestMinutes[0]).toBeGreaterThan(100);
  });

  it('rejects bad options', () => {
    expect(() => crowFly({ speedKmh: 0 })).toThrow(/speedKmh/);
    expect(() => crowFly({ detour: 0.5 })).toThrow(/detour/);
    expect(() => crowFly().reach(demandOf([{ lon: 1, lat: 43 }]), sitesOf([{ lon: 1, lat: 43 }]), { maxMinutes: -1 })).toThrow(/maxMinutes/);
    expect(() => crowFly().reach(demandOf([{ lon: 1, lat: 43 }]), sitesOf([{ lon: 1, lat: 43 }]), { maxMinutes: NaN })).toThrow(/maxMinutes/);
  });
});

describe('ReachTable', () => {
  const d = [
    { lon: 1, lat: 43 },
    { lon: 1.1, lat: 43 },
    { lon: 2, lat: 44 },
  ];
  const s = [
    { lon: 1.05, lat: 43 },
    { lon: 1, lat: 43.02 },
    { lon: 2.5, lat: 44 },
  ];
  const reach = crowFly().reach(demandOf(d), sitesOf(s), { maxMinutes: 40 });

  it('round-trips through one ArrayBuffer', () => {
    const back = ReachTable.from(reach.toBuffer());
    expect(back.demandCount).toBe(3);
    expect(back.siteCount).toBe(3);
    expect(back.maxMinutes).toBe(40);
    expect(Array.from(back.offsets)).toEqual(Array.from(reach.offsets));
    expect(Array.from(back.site)).toEqual(Array.from(reach.site));
    expect(Array.from(back.minutes)).toEqual(Array.from(reach.minutes));
    expect(Array.from(back.nearestSite)).toEqual(Array.from(reach.nearestSite));
    expect(Array.from(back.nearestMinutes)).toEqual(Array.from(reach.nearestMinutes));
  });

  it('rejects a buffer that is not a reach table', () => {
    expect(() => ReachTable.from(new ArrayBuffer(8))).toThrow(/too short/);
    expect(() => ReachTable.from(new ArrayBuffer(64))).toThrow(/magic/);
    const truncated = reach.toBuffer().slice(0, 40);
    expect(() => ReachTable.from(truncated)).toThrow(/bytes/);
  });

  it('transposes into catchments that list the same pairs', () => {
    const c = reach.catchments();
    const pairs = new Set<string>();
    for (let j = 0; j < reach.siteCount; j++) for (let k = c.offsets[j]; k < c.offsets[j + 1]; k++) pairs.add(`${c.demand[k]}-${j}-${c.minutes[k]}`);
    const expected = new Set<string>();
    for (let i = 0; i < reach.demandCount; i++) for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) expected.add(`${i}-${reach.site[k]}-${reach.minutes[k]}`);
    expect(pairs).toEqual(expected);
    expect(reach.catchments()).toBe(c);
  });

  it('builder sorts rows by minutes then site and cuts at the cutoff', () => {
    const builder = new ReachTableBuilder(2, 5, 10, 1);
    for (const [j, m] of [[4, 3], [1, 3], [2, 11], [0, 1]]) builder.add(j, m);
    builder.endRow();
    builder.endRow({ site: 3, minutes: 25 });
    const table = builder.finish();
    expect(Array.from(table.site)).toEqual([0, 1, 4]);
    expect(Array.from(table.offsets)).toEqual([0, 3, 3]);
    expect(Array.from(table.nearestSite)).toEqual([0, 3]);
    expect(Array.from(table.nearestMinutes)).toEqual([1, 25]);
  });

  it('builder sorts any row by (minutes, site), duplicates included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.integer({ min: 0, max: 20 })), { maxLength: 300 }), (pairs) => {
        const builder = new ReachTableBuilder(1, 51, 100, 1);
        for (const [j, m] of pairs) builder.add(j, m);
        builder.endRow();
        const table = builder.finish();
        const expected = [...pairs].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        expect(Array.from(table.site)).toEqual(expected.map((p) => p[0]));
        expect(Array.from(table.minutes)).toEqual(expected.map((p) => p[1]));
      }),
      { numRuns: 300 },
    );
  });

  it('builder sorts long rows too', () => {
    const builder = new ReachTableBuilder(1, 200, 1000, 4);
    const minutes = Array.from({ length: 200 }, (_, j) => (j * 7919) % 200);
    minutes.forEach((m, j) => builder.add(j, m));
    builder.endRow();
    const table = builder.finish();
    expect(Array.from(table.minutes)).toEqual([...minutes].sort((a, b) => a - b));
  });
});

/** Asserts that `restricted` is, array for array and bit for bit, `fresh` (built on the open sites alone) with its site indices mapped back. */
function expectFresh(restricted: ReachTable, fresh: ReachTable, openIndex: number[]) {
  const back = (j: number) => (j < 0 ? -1 : openIndex[j]);
  expect(Array.from(restricted.offsets)).toEqual(Array.from(fresh.offsets));
  expect(Array.from(restricted.site)).toEqual(Array.from(fresh.site, back));
  expect(Array.from(restricted.minutes)).toEqual(Array.from(fresh.minutes));
  expect(Array.from(restricted.nearestSite)).toEqual(Array.from(fresh.nearestSite, back));
  expect(Array.from(restricted.nearestMinutes)).toEqual(Array.from(fresh.nearestMinutes));
}

/** The table of `travel` on the sites at `places`; with no site at all, what that means: no pair, no nearest site. */
function freshOn(travel: { reach: (d: ReturnType<typeof demandOf>, s: ReturnType<typeof sitesOf>, o: { maxMinutes: number }) => ReachTable }, demand: ReturnType<typeof demandOf>, places: { lon: number; lat: number }[], maxMinutes: number): ReachTable {
  if (places.length > 0) return travel.reach(demand, sitesOf(places), { maxMinutes });
  const none = new ReachTableBuilder(demand.size, 0, maxMinutes);
  for (let i = 0; i < demand.size; i++) none.endRow();
  return none.finish();
}

describe('restrictTo equals a fresh build on the open sites', () => {
  const travel = crowFly({ speedKmh: 45, detour: 1.5 });
  // Sites sometimes share a place (ties), and enough of them that the resolver takes its spatial index (32 open or more).
  const shared = [
    { lon: 1.5, lat: 43.5 },
    { lon: 2.5, lat: 44 },
  ];
  const sitePlace = fc.oneof({ weight: 5, arbitrary: lonLat(0, 42.5, 4, 45) }, { weight: 1, arbitrary: fc.constantFrom(...shared) });

  it('crow-fly, for random subsets: every array bit for bit, and the coverage summary', () => {
    fc.assert(
      fc.property(
        fc.array(lonLat(0, 42.5, 4, 45), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(sitePlace, fc.boolean()), { minLength: 1, maxLength: 80 }),
        fc.double({ min: 1, max: 60, noNaN: true }),
        fc.integer({ min: 0, max: 60 }),
        (d, s, maxMinutes, target) => {
          const demand = demandOf(d);
          const sites = sitesOf(s.map(([p]) => p));
          const openIndex = s.flatMap(([, open], j) => (open ? [j] : []));
          const restricted = travel.reach(demand, sites, { maxMinutes }).restrictTo(s.map(([, open]) => open));
          const fresh = freshOn(travel, demand, openIndex.map((j) => s[j][0]), maxMinutes);
          expectFresh(restricted, fresh, openIndex);
          const targetMinutes = Math.min(target, maxMinutes);
          expect(coverage(restricted, demand, { targetMinutes }).summary).toEqual(coverage(fresh, demand, { targetMinutes }).summary);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('crow-fly with 32 open sites or more (the resolver takes its spatial index), far demand points included', () => {
    fc.assert(
      fc.property(
        fc.array(lonLat(0, 42.5, 4, 45), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(sitePlace.map((p) => ({ lon: p.lon / 4, lat: 42.5 + (p.lat - 42.5) / 2 })), fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false))), { minLength: 50, maxLength: 90 }),
        fc.double({ min: 1, max: 30, noNaN: true }),
        (d, s, maxMinutes) => {
          const demand = demandOf(d);
          const openIndex = s.flatMap(([, open], j) => (open ? [j] : []));
          fc.pre(openIndex.length >= 32);
          const restricted = travel.reach(demand, sitesOf(s.map(([p]) => p)), { maxMinutes }).restrictTo(s.map(([, open]) => open));
          expectFresh(restricted, freshOn(travel, demand, openIndex.map((j) => s[j][0]), maxMinutes), openIndex);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('restricted twice, is the table of the sites open in both; a site closed by the first cannot reopen', () => {
    fc.assert(
      fc.property(
        fc.array(lonLat(0, 42.5, 4, 45), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(lonLat(0, 42.5, 4, 45), fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        (d, s, maxMinutes) => {
          const sites = sitesOf(s.map(([p]) => p));
          const first = travel.reach(demandOf(d), sites, { maxMinutes }).restrictTo(s.map(([, a]) => a));
          const openIndex = s.flatMap(([, a, b], j) => (a && b ? [j] : []));
          expectFresh(first.restrictTo(s.map(([, a, b]) => a && b)), freshOn(travel, demandOf(d), openIndex.map((j) => s[j][0]), maxMinutes), openIndex);
          const reopened = s.findIndex(([, a]) => !a);
          if (reopened >= 0) expect(() => first.restrictTo(s.map((_, j) => j === reopened))).toThrow(/site \d+ was closed when this table was restricted/);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('on a small random road network, for random subsets (points off the network reach nothing)', () => {
    // A grid of nodes 0.04° apart (about 3–4 km) with random two-way, one-way and missing streets.
    const network = fc
      .tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 6 }))
      .chain(([w, h]) => fc.tuple(fc.constant(w), fc.constant(h), fc.array(fc.tuple(fc.constantFrom('both', 'forward', 'backward', 'none'), fc.double({ min: 0.2, max: 12, noNaN: true })), { minLength: 2 * w * h, maxLength: 2 * w * h })));
    const place = lonLat(1, 43, 1.3, 43.3);
    fc.assert(
      fc.property(network, fc.array(place, { minLength: 1, maxLength: 10 }), fc.array(fc.tuple(place, fc.boolean()), { minLength: 1, maxLength: 12 }), fc.double({ min: 1, max: 25, noNaN: true }), ([w, h, streets], d, s, maxMinutes) => {
        const b = new RoadGraphBuilder();
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) b.addNode(1 + 0.04 * x, 43 + 0.04 * y);
        let k = 0;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            for (const [dx, dy] of [[1, 0], [0, 1]]) {
              const [kind, minutes] = streets[k++];
              if (x + dx >= w || y + dy >= h || kind === 'none') continue;
              const [u, v] = [y * w + x, (y + dy) * w + x + dx];
              if (kind !== 'backward') b.addArc(u, v, 3, minutes);
              if (kind !== 'forward') b.addArc(v, u, 3, minutes);
            }
          }
        }
        const roads = roadNetwork(b.finish());
        const demand = demandOf(d);
        const openIndex = s.flatMap(([, open], j) => (open ? [j] : []));
        const restricted = roads.reach(demand, sitesOf(s.map(([p]) => p)), { maxMinutes }).restrictTo(s.map(([, open]) => open));
        const fresh = freshOn(roads, demand, openIndex.map((j) => s[j][0]), maxMinutes);
        expectFresh(restricted, fresh, openIndex);
        expect(coverage(restricted, demand, { targetMinutes: maxMinutes }).summary).toEqual(coverage(fresh, demand, { targetMinutes: maxMinutes }).summary);
      }),
      { numRuns: 150 },
    );
  });

  const d = [
    { lon: 1, lat: 43 },
    { lon: 1.1, lat: 43 },
    { lon: 3, lat: 44.5 },
  ];
  const s = [
    { lon: 1.05, lat: 43 },
    { lon: 2.9, lat: 44.4 },
    { lon: 3.5, lat: 44.5 },
  ];

  it('refuses, rather than answer "unreachable", when a row needs a nearest open site the table cannot tell', () => {
    // Row 2 (lon 3) has site 1 within 20 minutes; closing it leaves site 2, 40 km away, known to nobody.
    const reach = travel.reach(demandOf(d), sitesOf(s), { maxMinutes: 20 });
    const bare = ReachTable.from(reach.toBuffer());
    expect(bare.nearestOpen).toBeUndefined();
    expect(Array.from(bare.restrictTo([1, 1, 0]).nearestSite)).toEqual([0, 0, 1]); // nothing to resolve
    const e = error(() => bare.restrictTo([1, 0, 1]));
    expect(e.code).toBe('INCOMPLETE_REACH_TABLE');
    expect(e.message).toMatch(/^field "open": 1 demand points \(the first is row 2\) have no open site within the table's 20-minute cutoff and their nearest site beyond it is closed; .* Build it with a travel provider that can \(crow-fly, road network, matrix file\), or with maxMinutes Infinity$/);
    // The resolver, re-attached, answers as a fresh build does: site 2 at 2 minutes per straight-line km.
    const again = ReachTable.from(reach.toBuffer(), { nearestOpen: travel.nearestOpen(demandOf(d), sitesOf(s)) }).restrictTo([1, 0, 1]);
    expect(again.nearestSite[2]).toBe(2);
    expect(again.nearestMinutes[2]).toBe(Math.fround(2 * greatCircleKm(3, 44.5, 3.5, 44.5)));
    expectFresh(again, travel.reach(demandOf(d), sitesOf([s[0], s[2]]), { maxMinutes: 20 }), [0, 2]);
  });

  it('needs no resolver when the table holds every pair (maxMinutes Infinity)', () => {
    const complete = ReachTable.from(travel.reach(demandOf(d), sitesOf(s), { maxMinutes: Infinity }).toBuffer());
    expect(complete.maxMinutes).toBe(Infinity);
    expect(complete.pairCount).toBe(9);
    for (const open of [[1, 0, 1], [0, 0, 1], [0, 0, 0]]) {
      const openIndex = open.flatMap((o, j) => (o ? [j] : []));
      expectFresh(complete.restrictTo(open), freshOn(travel, demandOf(d), openIndex.map((j) => s[j]), Infinity), openIndex);
    }
    expect(Array.from(complete.restrictTo([0, 0, 0]).nearestSite)).toEqual([-1, -1, -1]);
  });
});
