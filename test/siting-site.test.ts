import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDemand, createSites, crowFly } from '../src/index.js';
import { sitingProblem } from '../src/siting/problem.js';
import { coverageCurve, site, yearlyPlan } from '../src/siting/site.js';
import { coveredWeight } from '../src/siting/mclp.js';

const KM = (6371.0088 * Math.PI) / 180;
const east = (km: number) => ({ lon: km / KM, lat: 0 });
const travel = crowFly({ speedKmh: 60, detour: 1 });

/** Villages every 20 km along a road (populations 100, 200, ...), a candidate site on each, one existing centre at 0. */
function line(count: number) {
  const demand = createDemand(Array.from({ length: count }, (_, i) => ({ id: `v${i}`, ...east(20 * i), population: 100 * (i + 1) })));
  const sites = createSites([{ id: 'existing', ...east(0), capacity: 500 }, ...Array.from({ length: count }, (_, i) => ({ id: `c${i}`, ...east(20 * i), capacity: 500 }))]);
  const reach = travel.reach(demand, sites, { maxMinutes: 60 });
  return sitingProblem(reach, demand, sites, { existing: ['existing'], exclude: ['c0'] });
}

describe('site()', () => {
  it('by hand: villages 20 km apart, 15 minutes: each new site covers its own village, the heaviest first', async () => {
    const problem = line(5);
    const result = await site(problem, { model: 'mclp', p: 2, targetMinutes: 15, solver: 'exact' });
    expect(result.status).toBe('optimal');
    // existing covers v0 (100); the best two more are v4 (500) and v3 (400)
    expect(result.objective).toBe(100 + 500 + 400);
    expect(result.selected).toMatchObject([
      { id: 'c4', order: 1, gain: 500, people: 500, serves: [{ id: 'v4', people: 500, minutes: 0 }] },
      { id: 'c3', order: 2, gain: 400, people: 400, serves: [{ id: 'v3', people: 400, minutes: 0 }] },
    ]);
    expect(result.baseline).toBe(100);
    expect(result.stoppedBy).toBe('gap');
    expect(result.bound).toBeCloseTo(1000, 6);
    const heuristic = await site(problem, { model: 'mclp', p: 2, solver: 'heuristic' });
    expect(heuristic.status).toBe('heuristic');
    expect(heuristic.bound).toBeNull();
  });

  it('solves the other models with the same fields', async () => {
    const problem = line(5);
    const lscp = await site(problem, { model: 'lscp', targetMinutes: 15, solver: 'exact' });
    expect(lscp.objective).toBe(4); // v1..v4 need one site each
    expect(lscp.uncoverable).toEqual([]);
    const median = await site(problem, { model: 'pmedian', p: 2, solver: 'exact' });
    expect(median.status).toBe('optimal');
    const center = await site(problem, { model: 'pcenter', p: 2, solver: 'exact' });
    // v1..v4 are 20..80 min from the centre; two more sites cannot put all four under 20 minutes (each would
    // need its own), and c2 + c4 leave every village within 20: the optimum is 20.
    expect(center.objective).toBeCloseTo(20, 4);
    const capacitated = await site(problem, { model: 'cmclp', p: 1, targetMinutes: 15, solver: 'exact' });
    // the existing centre takes all of v0 (100 ≤ 500); c4 takes 500 of v4's 500
    expect(capacitated.objective).toBeCloseTo(600, 6);
  });

  it('refuses p larger than the candidates, no candidate in reach, bad p, and negative capacities; a time limit of 0 gives the heuristic and says so', async () => {
    const problem = line(4);
    await expect(site(problem, { model: 'mclp', p: 9 })).rejects.toThrow(/more than the 3 candidate sites/);
    await expect(site(problem, { model: 'mclp', p: 0 })).rejects.toThrow(/whole number >= 1/);
    await expect(site(problem, { model: 'mclp', p: 1.5 })).rejects.toThrow(/whole number >= 1/);
    await expect(site(problem, { model: 'cmclp', p: 1, places: [1, -2, 3, 4, 5] })).rejects.toThrow(/capacities/);
    const far = sitingProblem(travel.reach(createDemand([{ id: 'a', ...east(0), population: 1 }]), createSites([{ id: 'x', ...east(100) }]), { maxMinutes: 120 }), createDemand([{ id: 'a', ...east(0), population: 1 }]), createSites([{ id: 'x', ...east(100) }]));
    await expect(site(far, { model: 'mclp', p: 1 })).rejects.toThrow(/no candidate site reaches any demand point within 15 minutes/);
    const zero = await site(problem, { model: 'mclp', p: 1, timeLimit: 0 });
    expect(zero.solver).toBe('heuristic');
    expect(zero.reason).toMatch(/time limit of 0/);
  });
});

describe('coverage curve and yearly plan', () => {
  it('gains never grow along the curve and add up to the coverage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 1, max: 8 }), (count, k) => {
        const problem = line(count);
        const curve = coverageCurve(problem, k, 25);
        for (let t = 1; t < curve.length; t++) expect(curve[t].gain).toBeLessThanOrEqual(curve[t - 1].gain + 1e-9);
        if (curve.length) expect(curve[curve.length - 1].covered).toBeCloseTo(coveredWeight(problem, 25, curve.map((c) => problem.ids.indexOf(c.id))), 6);
      }),
      { numRuns: 30 },
    );
  });

  it('a plan keeps every year opening and never covers less', async () => {
    const plan = await yearlyPlan(line(8), 2, 3, { targetMinutes: 15, solver: 'heuristic' });
    expect(plan.map((y) => y.opened.length)).toEqual([2, 2, 2]);
    expect(new Set(plan.flatMap((y) => y.opened)).size).toBe(6);
    for (let y = 1; y < plan.length; y++) expect(plan[y].covered).toBeGreaterThanOrEqual(plan[y - 1].covered);
    // Heaviest villages first: 800 + 700, then 600 + 500, then 400 + 300, over the 100 the centre covers.
    expect(plan.map((y) => y.covered)).toEqual([1600, 2700, 3400]);
  });
});
