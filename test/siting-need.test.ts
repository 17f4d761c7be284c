import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capacityCoverage, createDemand, createSites, crowFly, explainSiting, measureNeed, nearestAssignment, apl, MaxFlow } from '../src/index.js';
import { problemFromCosts } from '../src/siting/costs.js';
import { sitingProblem } from '../src/siting/problem.js';
import { servedWeight } from '../src/siting/cmclp.js';
import { coveredWeight } from '../src/siting/mclp.js';
import { judge, site, yearlyPlan } from '../src/siting/site.js';
import { loadHighs } from '../src/siting/highs.js';

const KM = (6371.0088 * Math.PI) / 180;
const east = (km: number) => ({ lon: km / KM, lat: 0 });
/** One minute per km on straight lines: minutes are distances. */
const kmTravel = crowFly({ speedKmh: 60, detour: 1 });

/** Every set of p among `candidates`, by enumeration. */
function subsets(candidates: number[], p: number): number[][] {
  const out: number[][] = [];
  const choose = (from: number, chosen: number[]) => {
    if (chosen.length === p) return void out.push([...chosen]);
    for (let k = from; k < candidates.length; k++) choose(k + 1, [...chosen, candidates[k]]);
  };
  choose(0, []);
  return out;
}

/** A random capacitated instance: integer minutes, populations and places; the first `fixed` sites existing. */
const capacitated = fc.record({
  demand: fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 9 }),
  sites: fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 70 })), { minLength: 3, maxLength: 7 }),
  fixed: fc.integer({ min: 0, max: 2 }),
  target: fc.integer({ min: 5, max: 30 }),
  p: fc.integer({ min: 1, max: 3 }),
});

type Capacitated = { demand: [number, number, number][]; sites: [number, number, number][]; fixed: number; target: number; p: number };

/** Whether some candidate reaches some demand point within the target (site() refuses otherwise). */
function reachable(problem: ReturnType<typeof problemFromCosts>, target: number): boolean {
  for (let j = 0; j < problem.siteCount; j++) {
    if (!problem.candidate[j]) continue;
    for (let t = problem.siteOffsets[j]; t < problem.siteOffsets[j + 1]; t++) if (problem.siteCost[t] <= target) return true;
  }
  return false;
}

function build(x: Capacitated) {
  const n = x.demand.length;
  const m = x.sites.length;
  const costs = new Float64Array(n * m);
  x.demand.forEach(([a, b], i) => x.sites.forEach(([c, d], j) => (costs[i * m + j] = Math.abs(a - c) + Math.abs(b - d))));
  const fixed = Array.from({ length: Math.min(x.fixed, m - 1) }, (_, j) => j);
  const problem = problemFromCosts(costs, n, m, { weight: x.demand.map((d) => d[2]), fixed });
  const places = x.sites.map((s) => s[2]);
  const p = Math.min(x.p, m - fixed.length);
  return { problem, places, p, costs, n, m };
}

/** The LP of the transportation problem in HiGHS: the most people placed, then the fewest person-minutes. */
async function cheapestByLp(minutes: number[][], people: number[], places: number[], target: number): Promise<{ total: number; cost: number }> {
  const highs = await loadHighs();
  const pairs: [number, number][] = [];
  minutes.forEach((row, i) => row.forEach((c, j) => c <= target && people[i] > 0 && places[j] > 0 && pairs.push([i, j])));
  if (pairs.length === 0) return { total: 0, cost: 0 };
  const solve = (objective: 'count' | 'minutes', atLeast: number) => {
    const rows = people.length + places.length + 1;
    const starts = Int32Array.from({ length: pairs.length + 1 }, (_, k) => 3 * k);
    const indices = new Int32Array(3 * pairs.length);
    pairs.forEach(([i, j], k) => indices.set([i, people.length + j, rows - 1], 3 * k));
    const model = highs.createModel({
      numCols: pairs.length,
      numRows: rows,
      sense: objective === 'count' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: Float64Array.from(pairs, ([i, j]) => (objective === 'count' ? 1 : minutes[i][j])),
      colLower: new Float64Array(pairs.length),
      colUpper: new Float64Array(pairs.length).fill(highs.infinity),
      rowLower: Float64Array.from({ length: rows }, (_, r) => (r === rows - 1 ? atLeast : -highs.infinity)),
      rowUpper: Float64Array.from({ length: rows }, (_, r) => (r < people.length ? people[r] : r < rows - 1 ? places[r - people.length] : highs.infinity)),
      matrix: { format: 'csc', numRows: rows, numCols: pairs.length, starts, indices, values: new Float64Array(3 * pairs.length).fill(1) },
    });
    try {
      model.options.set({ output_flag: false });
      model.run();
      return model.getObjectiveValue();
    } finally {
      model.dispose();
    }
  };
  const total = solve('count', 0);
  return { total, cost: solve('minutes', total - 1e-7) };
}

describe('nearest assignment (minimum-cost maximum flow)', () => {
  it('by hand: one practice of 1,000 places, 1,000 people at 5 minutes and 1,000 at 14: the nearer are placed', () => {
    const pairs = { offsets: [0, 1, 2], site: [0, 0], minutes: [5, 14] };
    const a = nearestAssignment(pairs, [1000, 1000], [1000], 15);
    expect(a.total).toBe(1000);
    expect(Array.from(a.assigned)).toEqual([1000, 0]);
    expect(a.personMinutes).toBe(5000);
    // A plain maximum flow may give the place to either: the total is the same.
    const f = new MaxFlow(4);
    f.addArc(2, 0, 1000);
    f.addArc(2, 1, 1000);
    f.addArc(0, 3, Infinity);
    f.addArc(1, 3, Infinity);
    expect(Math.min(f.solve(2, 3), 1000)).toBe(1000);
  });

  it('by hand: the most people first, then the fewest minutes (a near practice is left to those who have no other)', () => {
    // a reaches P (2 min) and Q (10 min); b reaches only P (3 min). P and Q have 100 places; a and b 100 people.
    const pairs = { offsets: [0, 2, 3], site: [0, 1, 0], minutes: [2, 10, 3] };
    const a = nearestAssignment(pairs, [100, 100], [100, 100], 15);
    expect(a.total).toBe(200);
    expect(Array.from(a.pairPeople)).toEqual([0, 100, 100]);
    expect(a.personMinutes).toBe(100 * 10 + 100 * 3);
  });

  it('places as many as the LP, with the LP\'s fewest person-minutes (HiGHS), on random instances', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 8, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 3, max: 20 }),
        async (minutes, people8, places, target) => {
          const people = people8.slice(0, minutes.length);
          // Each row sorted by minutes, as a reach table is.
          const offsets = [0];
          const site: number[] = [];
          const mins: number[] = [];
          for (const row of minutes) {
            const order = [0, 1, 2, 3].sort((x, y) => row[x] - row[y] || x - y);
            for (const j of order) {
              site.push(j);
              mins.push(row[j]);
            }
            offsets.push(site.length);
          }
          const a = nearestAssignment({ offsets, site, minutes: mins }, people, places, target);
          const lp = await cheapestByLp(minutes, people, places, target);
          expect(a.total).toBeCloseTo(lp.total, 6);
          expect(a.personMinutes).toBeCloseTo(lp.cost, 4);
          for (let j = 0; j < 4; j++) expect(a.load[j]).toBeLessThanOrEqual(places[j] + 1e-9);
          people.forEach((x, i) => expect(a.assigned[i]).toBeLessThanOrEqual(x + 1e-9));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('need', () => {
  const demand = createDemand([
    { id: 'near', ...east(0), population: 1000 },
    { id: 'mid', ...east(9), population: 1000 },
    { id: 'far', ...east(40), population: 300 },
  ]);
  const gps = createSites([{ id: 'practice', ...east(2), capacity: 1 }]);
  const reach = kmTravel.reach(demand, gps, { maxMinutes: 20 });

  it('unmet: one GP of 1,000 patients takes the nearer village; the other and the one beyond reach are the need', () => {
    const unmet = measureNeed('unmet', demand, { reach, gps }, { targetMinutes: 15, patientsPerGp: 1000 });
    expect(Array.from(unmet.weight)).toEqual([0, 1000, 300]);
    expect(unmet.total).toBe(1300);
    expect(Array.from(capacityCoverage(reach, demand, gps, { patientsPerUnit: 1000 }).unserved)).toEqual([0, 1000, 300]);
  });

  it('low-apl: everyone where the APL is under the threshold or no GP is in reach; population: everyone', () => {
    const byApl = measureNeed('low-apl', demand, {}, { apl: [3, 2.4, NaN] });
    expect(Array.from(byApl.weight)).toEqual([0, 1000, 300]);
    expect(Array.from(measureNeed('low-apl', demand, {}, { apl: [3, 2.4, NaN], aplThreshold: 3.5 }).weight)).toEqual([1000, 1000, 300]);
    // Computed: 3,900 consultations for 2,000 people within 10 minutes (weight 1) and 'far' beyond 20: 1.95 and none.
    const computed = measureNeed('low-apl', demand, { reach, gps });
    expect(Array.from(computed.apl!.subarray(0, 2))).toEqual([1.95, 1.95]);
    expect(Array.from(computed.weight)).toEqual([1000, 1000, 300]);
    expect(Array.from(measureNeed('population', demand).weight)).toEqual([1000, 1000, 300]);
    expect(() => measureNeed('unmet', demand)).toThrow(/measured against the existing GPs/);
  });

  it('a siting problem counts the need given as weight, and refuses a weight of the wrong length', () => {
    const sites = createSites([{ id: 'a', ...east(9) }, { id: 'b', ...east(40) }]);
    const r = kmTravel.reach(demand, sites, { maxMinutes: 15 });
    const problem = sitingProblem(r, demand, sites, { weight: [0, 1000, 300] });
    expect(coveredWeight(problem, 15, [1])).toBe(300);
    expect(Array.from(problem.population)).toEqual([1000, 1000, 300]);
    expect(() => sitingProblem(r, demand, sites, { weight: [1, 2] })).toThrow(/weight has 2 values for 3 demand points/);
  });
});

describe('capacitated MCLP: gains, ties and explanations', () => {
  it('gains are the people newly served: > 0 while need is left, adding up to objective − baseline', async () => {
    await fc.assert(
      fc.asyncProperty(capacitated, async (x) => {
        const { problem, places, p } = build(x);
        if (p < 1 || !reachable(problem, x.target)) return;
        for (const solver of ['heuristic', 'exact'] as const) {
          const result = await site(problem, { model: 'cmclp', p, targetMinutes: x.target, solver, places });
          const total = result.selected.reduce((t, s) => t + s.gain, 0);
          expect(total).toBeCloseTo(result.objective - result.baseline!, 6);
          expect(result.baseline).toBeCloseTo(servedWeight(problem, x.target, places, []), 6);
          for (const s of result.selected) {
            expect(s.gain).toBeGreaterThanOrEqual(0);
            // The people a site takes in the final assignment, and their minutes, add up.
            expect(s.serves!.reduce((t, d) => t + d.people, 0)).toBeCloseTo(s.people!, 6);
            expect(s.people!).toBeLessThanOrEqual(places[problem.ids.indexOf(s.id)] + 1e-6);
          }
          // A site that adds no one comes only after every site that adds someone.
          const gains = result.selected.map((s) => s.gain);
          expect(gains.findIndex((g) => g <= 0) === -1 || gains.slice(gains.findIndex((g) => g <= 0)).every((g) => g <= 0)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('served is a maximum flow (checked against Dinic on the open sites)', () => {
    fc.assert(
      fc.property(capacitated, fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (x, pick) => {
        const { problem, places, n, m } = build(x);
        const open = Array.from({ length: m }, (_, j) => j).filter((j) => problem.candidate[j] && pick[j]);
        const flow = new MaxFlow(n + m + 2);
        const isOpen = (j: number) => problem.fixed[j] || open.includes(j);
        for (let i = 0; i < n; i++) {
          flow.addArc(n + m, i, problem.weight[i]);
          for (let k = problem.offsets[i]; k < problem.offsets[i + 1]; k++) if (problem.cost[k] <= x.target && isOpen(problem.site[k])) flow.addArc(i, n + problem.site[k], Infinity);
        }
        for (let j = 0; j < m; j++) if (isOpen(j)) flow.addArc(n + j, n + m + 1, places[j]);
        expect(servedWeight(problem, x.target, places, open)).toBeCloseTo(flow.solve(n + m, n + m + 1), 6);
      }),
      { numRuns: 100 },
    );
  });

  it('by hand: sites serving as many are told apart by the need within their reach, then by its minutes', async () => {
    // One village of 100 people, no existing site: three candidates of 50 places each serve 50, all reach the
    // need (100 people); 'b' is nearest. For the second, 'a' and 'c' tie on need and minutes.
    const demand = createDemand([
      { id: 'v', ...east(0), population: 100 },
      { id: 'w', ...east(22), population: 0 },
    ]);
    const sites = createSites([
      { id: 'a', ...east(-10), capacity: 50 },
      { id: 'c', ...east(10), capacity: 50 },
      { id: 'b', ...east(5), capacity: 50 },
    ]);
    const problem = sitingProblem(kmTravel.reach(demand, sites, { maxMinutes: 15 }), demand, sites);
    for (const solver of ['heuristic', 'exact'] as const) {
      // Need only in v: every site reaches it; b is nearest.
      const near = await site(problem, { model: 'cmclp', p: 1, targetMinutes: 15, solver });
      expect(near.selected.map((s) => s.id)).toEqual(['b']);
      expect(near.selected[0]).toMatchObject({ gain: 50, need: 100, needMinutes: 5, people: 50, serves: [{ id: 'v', people: 50, minutes: 5 }] });
      const two = await site(problem, { model: 'cmclp', p: 2, targetMinutes: 15, solver });
      expect(two.selected[0].id).toBe('b');
      expect(['a', 'c']).toContain(two.selected[1].id);
      expect(two.objective).toBe(100);
    }
    // Need only where 'c' reaches (w, 22 km east: 12 from c, beyond a and b), and every site serving v alike.
    const needNearC = [0, 100];
    for (const solver of ['heuristic', 'exact'] as const) {
      const byNeed = await site(problem, { model: 'cmclp', p: 1, targetMinutes: 15, solver, need: needNearC });
      expect(byNeed.selected.map((s) => s.id)).toEqual(['c']);
    }
  });

  it('by hand: the need within reach counts once, so two sites do not crowd the same need when another need waits', async () => {
    // Need: 300 people at v (0 km) and 200 at w (40 km). Candidates of 100 places: a (2 km) and b (−2 km) both
    // reach v only; c (40 km) reaches w only. Every pair serves 200 people. Summed per site, {a, b} would count
    // 600 of need; counted once, {a, b} covers 300 and {a, c} or {b, c} 500: one site goes to w.
    const demand = createDemand([
      { id: 'v', ...east(0), population: 300 },
      { id: 'w', ...east(40), population: 200 },
    ]);
    const sites = createSites([
      { id: 'a', ...east(2), capacity: 100 },
      { id: 'b', ...east(-2), capacity: 100 },
      { id: 'c', ...east(40), capacity: 100 },
    ]);
    const problem = sitingProblem(kmTravel.reach(demand, sites, { maxMinutes: 15 }), demand, sites);
    for (const solver of ['heuristic', 'exact'] as const) {
      const two = await site(problem, { model: 'cmclp', p: 2, targetMinutes: 15, solver });
      expect(two.objective).toBe(200);
      expect(two.selected.map((s) => s.id)).toContain('c');
    }
  });

  it('explains each site with the APL of those it serves, before and after its GPs are added', async () => {
    // 2,000 people at one point, a practice of 1 GP 2 km away; a centre of 5 GPs opens at the village.
    const demand = createDemand([{ id: 'v', ...east(0), population: 2000 }]);
    const gps = createSites([{ id: 'gp', ...east(2), capacity: 1 }]);
    const candidates = createSites([{ id: 'centre', ...east(0), capacity: 5 }]);
    const all = createSites([{ id: 'gp', ...east(2), capacity: 1 }, { id: 'centre', ...east(0), capacity: 5 }]);
    const problem = sitingProblem(kmTravel.reach(demand, all, { maxMinutes: 15 }), demand, all, { existing: ['gp'], capacity: [1000, 5000] });
    const result = await site(problem, { model: 'cmclp', p: 1, targetMinutes: 15, solver: 'heuristic' });
    expect(result.baseline).toBe(1000);
    expect(result.selected[0]).toMatchObject({ id: 'centre', gain: 1000 });
    const explained = explainSiting(result, kmTravel.reach(demand, all, { maxMinutes: 20 }), demand, gps, candidates);
    // APL = 3,900 consultations per GP / 2,000 people: 1.95 before, 6 × 1.95 = 11.7 after.
    expect(explained[0].aplBefore).toBeCloseTo(1.95, 9);
    expect(explained[0].aplAfter).toBeCloseTo(11.7, 9);
    expect(explained[0].serves[0]).toMatchObject({ id: 'v', aplBefore: 1.95 });
    expect(apl(kmTravel.reach(demand, gps, { maxMinutes: 20 }), demand, gps).value[0]).toBeCloseTo(1.95, 9);
  });
});

describe('exact solves: status, bound and gap agree, the bound is true, the node limit is deterministic', () => {
  it('on random instances stopped by one node or not: status iff gap; bound ≥ the optimum by enumeration', async () => {
    await fc.assert(
      fc.asyncProperty(capacitated, fc.constantFrom(1, 2, 5000), fc.constantFrom('mclp', 'cmclp'), async (x, maxNodes, model) => {
        const { problem, places, p } = build(x);
        if (p < 1 || !reachable(problem, x.target)) return;
        const result = await site(problem, { model, p, targetMinutes: x.target, solver: 'exact', maxNodes, places });
        const candidates = Array.from({ length: problem.siteCount }, (_, j) => j).filter((j) => problem.candidate[j]);
        const value = (open: number[]) => (model === 'cmclp' ? servedWeight(problem, x.target, places, open) : coveredWeight(problem, x.target, open));
        const optimum = Math.max(...subsets(candidates, p).map(value));
        expect(value(result.selected.map((s) => problem.ids.indexOf(s.id)))).toBeCloseTo(result.objective, 6);
        expect(result.objective).toBeLessThanOrEqual(optimum + 1e-6);
        if (result.bound !== null) {
          expect(result.bound).toBeGreaterThanOrEqual(optimum - 1e-6);
          expect(result.bound).toBeGreaterThanOrEqual(result.objective);
          const gap = result.objective === 0 ? (result.bound === 0 ? 0 : null) : (result.bound - result.objective) / result.objective;
          expect(result.gap).toBe(gap);
          // Whole people: optimal iff the bound is less than one person away.
          expect(result.status === 'optimal').toBe(result.bound - result.objective < 1);
        } else {
          expect(result.gap).toBeNull();
          expect(result.status).toBe('feasible');
        }
        if (result.status === 'optimal') expect(result.objective).toBeCloseTo(optimum, 6);
        expect(['gap', 'nodes', 'time', 'iterations']).toContain(result.stoppedBy);
      }),
      { numRuns: 60 },
    );
  });

  it('judge: the tightest bound, never one the objective passes; whole numbers round', () => {
    expect(judge(100, [120.7, null, 110.2], true, 1e-4, true)).toEqual({ status: 'feasible', bound: 110, gap: 0.1 });
    expect(judge(100, [99.9], true, 1e-4, false)).toEqual({ status: 'optimal', bound: 100, gap: 0 });
    expect(judge(100, [100.6], true, 0, true)).toEqual({ status: 'optimal', bound: 100, gap: 0 });
    expect(judge(100, [null], true, 1e-4, true)).toEqual({ status: 'feasible', bound: null, gap: null });
    expect(judge(50, [40.5], false, 1e-4, true)).toEqual({ status: 'feasible', bound: 41, gap: 0.18 });
  });

  it('an MCLP solve stopped by the node limit gives the same answer twice, not proven, with a true bound', async () => {
    // 100 demand points × 60 candidates, seeded random minutes: HiGHS needs more than 2 nodes here.
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 100;
    const m = 60;
    const costs = Float64Array.from({ length: n * m }, () => Math.round(1 + 99 * random()));
    const problem = problemFromCosts(costs, n, m, { weight: Array.from({ length: n }, () => Math.round(1 + 9 * random())) });
    const runs = [];
    for (let k = 0; k < 2; k++) runs.push(await site(problem, { model: 'mclp', p: 6, targetMinutes: 15, solver: 'exact', maxNodes: 2 }));
    const [a, b] = runs;
    expect(a.stoppedBy).toBe('nodes');
    expect(a.status).toBe('feasible');
    expect(b.selected).toEqual(a.selected);
    expect([b.objective, b.bound, b.gap, b.status, b.nodes, b.stoppedBy]).toEqual([a.objective, a.bound, a.gap, a.status, a.nodes, a.stoppedBy]);
    const full = await site(problem, { model: 'mclp', p: 6, targetMinutes: 15, solver: 'exact' });
    expect(full.status).toBe('optimal');
    expect(a.bound!).toBeGreaterThanOrEqual(full.objective);
    expect(a.bound! - a.objective).toBeGreaterThanOrEqual(1);
  });
});

describe('yearly plan with need', () => {
  it('by hand: CMCLP a year at a time, people newly served and the need left', async () => {
    // Villages of 100..500 people 20 km apart, a candidate of 300 places at each, one existing practice of 100 at v0.
    const demand = createDemand(Array.from({ length: 5 }, (_, i) => ({ id: `v${i}`, ...east(20 * i), population: 100 * (i + 1) })));
    const sites = createSites([{ id: 'existing', ...east(0), capacity: 100 }, ...Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, ...east(20 * i), capacity: 300 }))]);
    const problem = sitingProblem(kmTravel.reach(demand, sites, { maxMinutes: 15 }), demand, sites, { existing: ['existing'], exclude: ['c0'] });
    const plan = await yearlyPlan(problem, 1, 3, { model: 'cmclp', targetMinutes: 15, solver: 'heuristic' });
    // Each new site serves min(300, its village): 300 (v4, v3, v2 with 500, 400, 300; ties by need: the larger village first).
    expect(plan.map((y) => y.opened)).toEqual([['c4'], ['c3'], ['c2']]);
    expect(plan.map((y) => y.newlyServed)).toEqual([300, 300, 300]);
    expect(plan.map((y) => y.newlyWithinTarget)).toEqual([500, 400, 300]);
    // Total 1,500 people; served 100 + 300k.
    expect(plan.map((y) => y.needLeft)).toEqual([1500 - 400, 1500 - 700, 1500 - 1000]);
    const mclp = await yearlyPlan(problem, 1, 2, { targetMinutes: 15, solver: 'heuristic' });
    expect(mclp.map((y) => [y.newlyWithinTarget, y.newlyServed, y.needLeft])).toEqual([
      [500, null, 1500 - 600],
      [400, null, 1500 - 1000],
    ]);
  });
});
