import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coverage, coverageBy, coverageRows, createDemand, createSites, crowFly, minutesStatistics, ReachTableBuilder } from '../src/index.js';
import { bruteNearest } from './brute.js';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
/** A point `km` east of (0, 0) along the equator. */
const east = (km: number) => ({ lon: km / KM_PER_DEGREE, lat: 0 });
/** Minutes equal kilometres. */
const kmTravel = crowFly({ speedKmh: 60, detour: 1 });

describe('coverage by hand', () => {
  // Demand at 0, 10, 20 and 40 km from the one site, populations 100, 200, 300, 400.
  const demand = createDemand(
    [0, 10, 20, 40].map((km, i) => ({ id: 'ABCD'[i], ...east(km), population: (i + 1) * 100, attributes: { zone: i < 2 ? 'x' : 'y' } })),
  );
  const sites = createSites([{ id: 'centre', ...east(0) }]);
  const reach = kmTravel.reach(demand, sites, { maxMinutes: 15 });
  const result = coverage(reach, demand, { targetMinutes: 15 });

  it('covers the points within 15 minutes and finds the others beyond the cutoff', () => {
    expect(Array.from(result.covered)).toEqual([1, 1, 0, 0]);
    expect(Array.from(result.nearest)).toEqual([0, 0, 0, 0]);
    expect(result.minutes[2]).toBeCloseTo(20, 4);
    expect(result.minutes[3]).toBeCloseTo(40, 4);
  });

  it('summarises: 300 of 1,000 covered, mean 24, median 20, p90 40, worst 40', () => {
    const s = result.summary;
    expect(s.demandCount).toBe(4);
    expect(s.population).toBe(1000);
    expect(s.coveredPopulation).toBe(300);
    expect(s.coveredShare).toBe(0.3);
    expect(s.uncoveredCount).toBe(2);
    expect(s.uncoveredPopulation).toBe(700);
    expect(s.unreachableCount).toBe(0);
    // (0·100 + 10·200 + 20·300 + 40·400) / 1000
    expect(s.meanMinutes).toBeCloseTo(24, 4);
    // cumulative 100, 300, 600, 1000: half (500) is reached at 20 minutes, 90 % (900) at 40
    expect(s.medianMinutes).toBeCloseTo(20, 4);
    expect(s.p90Minutes).toBeCloseTo(40, 4);
    expect(s.worstMinutes).toBeCloseTo(40, 4);
  });

  it('aggregates by an attribute', () => {
    const [x, y] = coverageBy(result, demand, 'zone');
    expect(x.key).toBe('x');
    expect(x.population).toBe(300);
    expect(x.coveredShare).toBe(1);
    expect(x.meanMinutes).toBeCloseTo(2000 / 300, 4);
    expect(x.medianMinutes).toBeCloseTo(10, 4);
    expect(y.coveredPopulation).toBe(0);
    expect(y.meanMinutes).toBeCloseTo(22000 / 700, 4);
    expect(y.medianMinutes).toBeCloseTo(40, 4);
  });

  it('is inclusive: a point at exactly the target is covered', () => {
    const onTarget = coverage(reach, demand, { targetMinutes: result.minutes[1] });
    expect(onTarget.covered[1]).toBe(1);
  });

  it('writes rows with site ids, rounded minutes and null when unreachable', () => {
    const rows = coverageRows(result, demand, sites);
    expect(rows[2]).toEqual({ id: 'C', nearest: 'centre', minutes: 20, covered: false });
  });

  it('refuses a target beyond the table cutoff and a table of other demand', () => {
    expect(() => coverage(reach, demand, { targetMinutes: 20 })).toThrow(/cutoff of 15 minutes/);
    const other = createDemand([{ id: 'z', lon: 0, lat: 0, population: 1 }]);
    expect(() => coverage(reach, other)).toThrow(/4 demand rows/);
    expect(() => coverage(reach, demand, { targetMinutes: -1 })).toThrow(/targetMinutes/);
  });
});

describe('weighted minutes statistics', () => {
  it('leaves unreachable points out of every statistic alike', () => {
    const s = minutesStatistics(Float32Array.of(5, Infinity, 10, 7), Float64Array.of(1, 2, 1, 0));
    // Over the 2 people who reach a site: 5 (1), 7 (0), 10 (1). Half of 2 is reached at 5, 90 % at 10; the
    // worst is 10 (the point at 7 has nobody; the 2 people at ∞ are counted apart, in a coverage summary).
    expect(s).toEqual({ meanMinutes: 7.5, medianMinutes: 5, p90Minutes: 10, worstMinutes: 10 });
    expect(minutesStatistics(Float32Array.of(Infinity, 3), Float64Array.of(5, 0))).toEqual({ meanMinutes: null, medianMinutes: null, p90Minutes: null, worstMinutes: null });
  });

  it('matches the definition on random data: over the points that reach a site, the smallest value whose cumulative weight reaches q of theirs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(Infinity)), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 50 }), (pairs) => {
        const minutes = Float32Array.from(pairs, (p) => p[0]);
        const weight = Float64Array.from(pairs, (p) => p[1]);
        const reachable = pairs.filter((p) => Number.isFinite(p[0]));
        const total = reachable.reduce((t, p) => t + p[1], 0);
        const definition = (q: number) => {
          if (total === 0) return null;
          const values = [...new Set(reachable.map((p) => p[0]))].sort((a, b) => a - b);
          return values.find((x) => reachable.filter((p) => p[0] <= x).reduce((t, p) => t + p[1], 0) >= q * total)!;
        };
        const s = minutesStatistics(minutes, weight);
        expect(s.medianMinutes).toBe(definition(0.5));
        expect(s.p90Minutes).toBe(definition(0.9));
        expect(s.worstMinutes).toBe(total === 0 ? null : Math.max(...reachable.filter((p) => p[1] > 0).map((p) => p[0])));
        expect(s.meanMinutes).toBe(total === 0 ? null : reachable.reduce((t, p) => t + p[0] * p[1], 0) / total);
      }),
      { numRuns: 300 },
    );
  });

  it('is null without population', () => {
    expect(minutesStatistics(Float32Array.of(5), Float64Array.of(0))).toEqual({ meanMinutes: null, medianMinutes: null, p90Minutes: null, worstMinutes: null });
  });
});

describe('coverage when a provider knows no site for a point', () => {
  it('counts it unreachable, apart from every minutes statistic, with null minutes in rows', () => {
    // A matrix-like table: point a reaches s at 5 minutes, point b reaches nothing the provider knows.
    const builder = new ReachTableBuilder(2, 1, 15);
    builder.add(0, 5);
    builder.endRow();
    builder.endRow();
    const demand = createDemand([
      { id: 'a', lon: 1, lat: 43, population: 30 },
      { id: 'b', lon: 1, lat: 43, population: 10 },
    ]);
    const sites = createSites([{ id: 's', lon: 1, lat: 43 }]);
    const result = coverage(builder.finish(), demand);
    expect(result.summary.unreachableCount).toBe(1);
    expect(result.summary.unreachablePopulation).toBe(10);
    expect(result.summary.coveredShare).toBe(0.75);
    expect(result.summary.meanMinutes).toBe(5);
    expect(result.summary.medianMinutes).toBe(5);
    expect(result.summary.p90Minutes).toBe(5);
    expect(result.summary.worstMinutes).toBe(5);
    expect(coverageRows(result, demand, sites)[1]).toEqual({ id: 'b', nearest: null, minutes: null, covered: false });
  });
});

const place = fc.record({ lon: fc.double({ min: 1, max: 2, noNaN: true }), lat: fc.double({ min: 43, max: 44, noNaN: true }) });
const weighted = fc.record({ lon: fc.double({ min: 1, max: 2, noNaN: true }), lat: fc.double({ min: 43, max: 44, noNaN: true }), population: fc.integer({ min: 0, max: 10_000 }) });

function build(d: { lon: number; lat: number; population: number }[], s: { lon: number; lat: number }[]) {
  return {
    demand: createDemand(d.map((p, i) => ({ id: `d${i}`, ...p }))),
    sites: createSites(s.map((p, i) => ({ id: `s${i}`, ...p }))),
  };
}

describe('inputs are never mutated', () => {
  it('by the reach table, coverage and aggregation', () => {
    const demand = createDemand([0, 10, 20].map((km, i) => ({ id: `d${i}`, ...east(km), population: 10 * (i + 1), attributes: { zone: 'z' } })));
    const sites = createSites([{ id: 's', ...east(5), capacity: 2 }]);
    const snapshot = (x: typeof demand | typeof sites) => JSON.stringify([x.ids, Array.from(x.lon), Array.from(x.lat), x.attributes, 'population' in x ? Array.from(x.population) : Array.from(x.capacity)]);
    const before = [snapshot(demand), snapshot(sites)];
    const reach = kmTravel.reach(demand, sites, { maxMinutes: 30 });
    const tableBefore = reach.toBuffer();
    const result = coverage(reach, demand, { targetMinutes: 15 });
    coverageBy(result, demand, 'zone');
    coverageRows(result, demand, sites);
    reach.catchments();
    expect([snapshot(demand), snapshot(sites)]).toEqual(before);
    expect(new Uint8Array(reach.toBuffer())).toEqual(new Uint8Array(tableBefore));
  });
});

describe('coverage laws', () => {
  it('equals the brute-force covered population', () => {
    fc.assert(
      fc.property(fc.array(weighted, { minLength: 1, maxLength: 60 }), fc.array(place, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 60 }), (d, s, target) => {
        const { demand, sites } = build(d, s);
        const result = coverage(crowFly().reach(demand, sites, { maxMinutes: target }), demand, { targetMinutes: target });
        const nearest = bruteNearest(d, s);
        // Leave out points within 1e-4 minutes of the target, where float32 rounding may decide.
        for (let i = 0; i < d.length; i++) {
          if (Math.abs(nearest[i][1] - target) > 1e-4) expect(result.covered[i]).toBe(nearest[i][1] <= target ? 1 : 0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adding a site never lowers the covered population', () => {
    fc.assert(
      fc.property(fc.array(weighted, { minLength: 1, maxLength: 60 }), fc.array(place, { minLength: 1, maxLength: 20 }), place, fc.integer({ min: 1, max: 60 }), (d, s, extra, target) => {
        const before = build(d, s);
        const after = build(d, [...s, extra]);
        const covered = (x: typeof before) => coverage(crowFly().reach(x.demand, x.sites, { maxMinutes: target }), x.demand, { targetMinutes: target }).summary.coveredPopulation;
        expect(covered(after)).toBeGreaterThanOrEqual(covered(before));
      }),
      { numRuns: 150 },
    );
  });

  it('closing a site never improves any figure, opening one never worsens any (crow-fly: everybody reaches an open site)', () => {
    const travel = crowFly({ speedKmh: 45, detour: 1.5 });
    fc.assert(
      fc.property(
        fc.array(weighted, { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(place, fc.boolean()), { minLength: 2, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (d, s, pick, maxMinutes, target) => {
          const { demand, sites } = build(d, s.map(([p]) => p));
          const k = pick % s.length; // the site that closes, or opens
          const without = s.map(([, open], j) => j !== k && open);
          fc.pre(without.some(Boolean));
          const reach = travel.reach(demand, sites, { maxMinutes });
          const targetMinutes = Math.min(target, maxMinutes);
          const closed = coverage(reach.restrictTo(without), demand, { targetMinutes });
          const opened = coverage(reach.restrictTo(without.map((open, j) => open || j === k)), demand, { targetMinutes });
          for (let i = 0; i < demand.size; i++) {
            expect(opened.minutes[i]).toBeLessThanOrEqual(closed.minutes[i]);
            expect(opened.covered[i]).toBeGreaterThanOrEqual(closed.covered[i]);
          }
          const [a, b] = [opened.summary, closed.summary];
          expect(a.unreachablePopulation).toBe(0);
          expect(b.unreachablePopulation).toBe(0);
          expect(a.coveredPopulation).toBeGreaterThanOrEqual(b.coveredPopulation);
          if (demand.totalPopulation > 0) {
            for (const figure of ['meanMinutes', 'medianMinutes', 'p90Minutes', 'worstMinutes'] as const) expect(a[figure]!, figure).toBeLessThanOrEqual(b[figure]!);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a larger target never covers fewer people', () => {
    fc.assert(
      fc.property(fc.array(weighted, { minLength: 1, maxLength: 60 }), fc.array(place, { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 }), (d, s, t1, dt) => {
        const { demand, sites } = build(d, s);
        const reach = crowFly().reach(demand, sites, { maxMinutes: t1 + dt });
        expect(coverage(reach, demand, { targetMinutes: t1 + dt }).summary.coveredPopulation).toBeGreaterThanOrEqual(coverage(reach, demand, { targetMinutes: t1 }).summary.coveredPopulation);
      }),
      { numRuns: 150 },
    );
  });

  it('group summaries add up to the whole', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(weighted, fc.constantFrom('09', '31', '46')), { minLength: 1, maxLength: 60 }), fc.array(place, { minLength: 1, maxLength: 10 }), (d, s) => {
        const demand = createDemand(d.map(([p, dep], i) => ({ id: `d${i}`, ...p, attributes: { dep } })));
        const sites = createSites(s.map((p, i) => ({ id: `s${i}`, ...p })));
        const result = coverage(crowFly().reach(demand, sites, { maxMinutes: 15 }), demand);
        const groups = coverageBy(result, demand, 'dep');
        expect(groups.reduce((t, g) => t + g.coveredPopulation, 0)).toBe(result.summary.coveredPopulation);
        expect(groups.reduce((t, g) => t + g.demandCount, 0)).toBe(demand.size);
      }),
    );
  });
});
