import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadHighs } from '../src/siting/highs.js';
import { flowAsLp } from './flow-lp.js';
import {
  accessibility,
  apl,
  APL_DECAY,
  binaryDecay,
  capacityCoverage,
  coverage,
  createDemand,
  createSites,
  crowFly,
  dreesActivity,
  exponentialDecay,
  gaussianDecay,
  gravityDecay,
  linearDecay,
  MaxFlow,
  parseDecay,
  ReachTableBuilder,
  stepDecay,
} from '../src/index.js';
import { error } from './expect-error.js';

describe('decays', () => {
  it('weigh by hand-computed values', () => {
    expect(binaryDecay(15).weight(15)).toBe(1);
    expect(binaryDecay(15).weight(15.0001)).toBe(0);
    expect(linearDecay(30).weight(12)).toBeCloseTo(0.6, 12);
    expect(exponentialDecay(0.1).weight(10)).toBeCloseTo(Math.exp(-1), 12);
    expect(gaussianDecay(10).weight(10)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(gravityDecay(2).weight(4)).toBeCloseTo(1 / 16, 12);
    expect(gravityDecay(2).weight(0)).toBe(1); // floored at 1 minute
    expect(gravityDecay(1, 30).weight(31)).toBe(0);
    expect([5, 10, 12, 15, 18, 20, 21].map((t) => APL_DECAY.weight(t))).toEqual([1, 1, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 0]);
  });

  it('are read from their command-line spelling, several values at once', () => {
    expect(parseDecay('gravity:1|1.5|2:30').map((d) => d.name)).toEqual(['gravity:1:30', 'gravity:1.5:30', 'gravity:2:30']);
    expect(parseDecay('step:10=1,15=0.6667,20=0.3333')[0].weight(14)).toBe(0.6667);
    expect(parseDecay('binary:20')[0].max).toBe(20);
  });

  it('reject parameters out of range and steps that increase with time', () => {
    expect(error(() => gravityDecay(-1)).code).toBe('INVALID_OPTION');
    expect(error(() => exponentialDecay(0)).code).toBe('INVALID_OPTION');
    expect(error(() => gaussianDecay(NaN)).code).toBe('INVALID_OPTION');
    expect(error(() => linearDecay(0)).code).toBe('INVALID_OPTION');
    expect(error(() => binaryDecay(-5)).code).toBe('INVALID_OPTION');
    expect(error(() => stepDecay([[10, 0.5], [20, 0.8]])).message).toContain('must not increase with time');
    expect(error(() => stepDecay([[20, 1], [10, 0.5]])).message).toContain('bounds must increase');
    expect(error(() => stepDecay([[10, 1.5]])).code).toBe('INVALID_OPTION');
    expect(error(() => parseDecay('wiggly:3')).message).toContain('unknown decay "wiggly"');
    expect(error(() => parseDecay('gravity:x')).message).toContain('"x" is not a number');
  });
});

const KM = (6371.0088 * Math.PI) / 180;
const east = (km: number) => ({ lon: km / KM, lat: 0 });
const kmTravel = crowFly({ speedKmh: 60, detour: 1 });

describe('accessibility by hand', () => {
  // Two villages of 100 and 300 at 0 and 12 km; one practice of 2 GPs at 0 km.
  const demand = createDemand([
    { id: 'a', ...east(0), population: 100 },
    { id: 'b', ...east(12), population: 300 },
  ]);
  const sites = createSites([{ id: 'p', ...east(0), capacity: 2 }]);
  const reach = kmTravel.reach(demand, sites, { maxMinutes: 30 });

  it('E2SFCA with the APL steps: ratio 2 / (100 + 300·2/3), then weighted back', () => {
    const { value, ratio } = accessibility(reach, demand, sites, { method: 'e2sfca', decay: APL_DECAY });
    expect(ratio[0]).toBeCloseTo(2 / 300, 12);
    expect(value[0]).toBeCloseTo(2 / 300, 12);
    expect(value[1]).toBeCloseTo((2 / 300) * (2 / 3), 12);
  });

  it('APL: GPs × activity per standardised inhabitant', () => {
    const result = apl(reach, demand, sites, { activityPerGp: 4000, standardisedPopulation: [150, 300] });
    // faced demand 150·1 + 300·(2/3) = 350 ; supply 8,000 consultations
    expect(result.value[0]).toBeCloseTo(8000 / 350, 9);
    expect(result.value[1]).toBeCloseTo((8000 / 350) * (2 / 3), 9);
  });

  it('caps activity as DREES does', () => {
    expect([100, 249, 250, 251, 3600, 3601, 5000, 6000, 9000].map((x) => dreesActivity(x))).toEqual([0, 0, 3600, 3600, 3600, 3601, 5000, 6000, 6000]);
    expect(dreesActivity(9000, { healthCentre: true })).toBe(9000);
  });

  it('refuses zero or negative supply, zero demand everywhere, and a decay beyond the table', () => {
    const closed = createSites([{ id: 'p', ...east(0), capacity: 0 }]);
    const e = error(() => accessibility(kmTravel.reach(demand, closed, { maxMinutes: 30 }), demand, closed, { method: 'e2sfca', decay: APL_DECAY }));
    expect(e.code).toBe('INVALID_CAPACITY');
    expect(e.message).toContain('id "p"');
    expect(error(() => accessibility(reach, demand, sites, { method: 'e2sfca', decay: APL_DECAY, supply: [-1] })).code).toBe('INVALID_CAPACITY');
    const empty = demand.withPopulation(new Float64Array(2));
    expect(error(() => accessibility(reach, empty, sites, { method: 'e2sfca', decay: APL_DECAY })).message).toContain('0 everywhere');
    expect(error(() => accessibility(reach, demand, sites, { method: 'e2sfca', decay: gravityDecay(1, 60) })).message).toContain('stops at 30');
    expect(error(() => accessibility(reach, demand, sites, { method: '2sfca', decay: linearDecay(20) })).message).toContain('binary');
  });
});

describe('capacity-aware coverage', () => {
  it('by hand: a practice of 150 places within reach of 100 + 300 people serves 150', () => {
    const demand = createDemand([
      { id: 'a', ...east(0), population: 100 },
      { id: 'b', ...east(12), population: 300 },
      { id: 'far', ...east(40), population: 50 },
    ]);
    const sites = createSites([{ id: 'p', ...east(5), capacity: 3 }]);
    const result = capacityCoverage(kmTravel.reach(demand, sites, { maxMinutes: 15 }), demand, sites, { patientsPerUnit: 50 });
    expect(result.summary.assignedPopulation).toBe(150);
    expect(result.summary.presencePopulation).toBe(400);
    expect(result.unserved[2]).toBe(50);
    expect(result.load[0]).toBe(150);
  });

  const place = fc.record({ lon: fc.double({ min: 1, max: 1.3, noNaN: true }), lat: fc.double({ min: 43, max: 43.3, noNaN: true }) });

  it('equals the LP optimum solved by HiGHS, and never exceeds presence-only coverage', async () => {
    const highs = await loadHighs();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(place, fc.integer({ min: 0, max: 500 })), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(place, fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 5, max: 25 }),
        (d, s, target) => {
          const demand = createDemand(d.map(([p, pop], i) => ({ id: `d${i}`, ...p, population: pop })));
          const sites = createSites(s.map(([p, c], j) => ({ id: `s${j}`, ...p, capacity: c })));
          const reach = crowFly().reach(demand, sites, { maxMinutes: target });
          const result = capacityCoverage(reach, demand, sites, { targetMinutes: target, patientsPerUnit: 100 });
          // The LP: x_ij ≥ 0 on pairs within the target; Σ_j x_ij ≤ P_i; Σ_i x_ij ≤ 100·C_j; maximise Σ x_ij.
          const lp = flowAsLp(highs, reach, demand, sites, 100, target);
          expect(Math.abs(result.summary.assignedPopulation - lp)).toBeLessThan(1e-6 * Math.max(1, lp));
          const presence = coverage(reach, demand, { targetMinutes: target }).summary.coveredPopulation;
          expect(result.summary.assignedPopulation).toBeLessThanOrEqual(presence + 1e-9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('max flow by hand: the classic six-node network carries 23', () => {
    // CLRS figure 26.1: s=0, v1..v4 = 1..4, t=5.
    const f = new MaxFlow(6);
    for (const [u, v, c] of [[0, 1, 16], [0, 2, 13], [2, 1, 4], [1, 3, 12], [3, 2, 9], [2, 4, 14], [4, 3, 7], [3, 5, 20], [4, 5, 4]]) f.addArc(u, v, c);
    expect(f.solve(0, 5)).toBe(23);
  });

  it('rejects a target beyond the table and negative patients', () => {
    const demand = createDemand([{ id: 'a', ...east(0), population: 1 }]);
    const sites = createSites([{ id: 'p', ...east(0), capacity: 1 }]);
    const reach = kmTravel.reach(demand, sites, { maxMinutes: 15 });
    expect(error(() => capacityCoverage(reach, demand, sites, { targetMinutes: 20 })).code).toBe('INVALID_OPTION');
    expect(error(() => capacityCoverage(reach, demand, sites, { patients: [-5] })).code).toBe('INVALID_CAPACITY');
  });
});

describe('a builder-made table with a site nobody reaches', () => {
  it('gives that site a ratio of 0 and leaves the rest unchanged', () => {
    const b = new ReachTableBuilder(1, 2, 30);
    b.add(0, 5);
    b.endRow();
    const demand = createDemand([{ id: 'a', lon: 0, lat: 0, population: 10 }]);
    const sites = createSites([
      { id: 'x', lon: 0, lat: 0, capacity: 2 },
      { id: 'y', lon: 0, lat: 0, capacity: 3 },
    ]);
    const r = accessibility(b.finish(), demand, sites, { method: 'e2sfca', decay: binaryDecay(30) });
    expect(Array.from(r.ratio)).toEqual([0.2, 0]);
    expect(r.value[0]).toBeCloseTo(0.2, 12);
  });
});
