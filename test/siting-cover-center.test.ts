import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { problemFromCosts } from '../src/siting/costs.js';
import { coversAll, lscpExact, lscpHeuristic } from '../src/siting/lscp.js';
import { centerCost, pcenter } from '../src/siting/pcenter.js';

/** A random instance: n demand points and m sites on a grid, Manhattan costs, some sites fixed. */
const instance = fc.record({
  demand: fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 12 }),
  sites: fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), { minLength: 2, maxLength: 8 }),
  fixed: fc.integer({ min: 0, max: 1 }),
  target: fc.integer({ min: 5, max: 40 }),
  p: fc.integer({ min: 1, max: 3 }),
});

function build(x: { demand: [number, number, number][]; sites: [number, number][]; fixed: number }) {
  const n = x.demand.length;
  const m = x.sites.length;
  const costs = new Float64Array(n * m);
  x.demand.forEach(([a, b], i) => x.sites.forEach(([c, d], j) => (costs[i * m + j] = Math.abs(a - c) + Math.abs(b - d))));
  return problemFromCosts(costs, n, m, { weight: x.demand.map((d) => d[2]), fixed: x.fixed ? [0] : [] });
}

function* subsets(items: number[], size: number, from = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === size) return yield chosen;
  for (let k = from; k < items.length; k++) yield* subsets(items, size, k + 1, [...chosen, items[k]]);
}

describe('LSCP', () => {
  it('covers every coverable point, reports the others, and the exact cover is the smallest', async () => {
    await fc.assert(
      fc.asyncProperty(instance, async (x) => {
        const problem = build(x);
        const greedy = lscpHeuristic(problem, x.target);
        expect(coversAll(problem, x.target, greedy.open)).toBe(true);
        // Uncoverable: no site at all within the target.
        const expectedUncoverable = x.demand.map((_, i) => i).filter((i) => x.sites.every((_, j) => Math.abs(x.demand[i][0] - x.sites[j][0]) + Math.abs(x.demand[i][1] - x.sites[j][1]) > x.target));
        expect(greedy.uncoverable).toEqual(expectedUncoverable);
        const exact = await lscpExact(problem, x.target, greedy.open, { timeLimit: 10 });
        expect(exact.stoppedBy).toBe('gap');
        expect(coversAll(problem, x.target, exact.open)).toBe(true);
        expect(exact.open.length).toBeLessThanOrEqual(greedy.open.length);
        const candidates = Array.from({ length: problem.siteCount }, (_, j) => j).filter((j) => problem.candidate[j]);
        let smallest = Infinity;
        for (let size = 0; size <= candidates.length && smallest === Infinity; size++) for (const s of subsets(candidates, size)) if (coversAll(problem, x.target, s)) smallest = size;
        expect(exact.open.length).toBe(smallest);
      }),
      { numRuns: 40 },
    );
  });
});

describe('p-center', () => {
  it('exact equals enumeration, the heuristic is never better, and the objective is the largest assigned cost', async () => {
    await fc.assert(
      fc.asyncProperty(instance, async (x) => {
        const problem = build(x);
        const candidates = Array.from({ length: problem.siteCount }, (_, j) => j).filter((j) => problem.candidate[j]);
        const p = Math.min(x.p, candidates.length);
        const exact = await pcenter(problem, p, 'exact', { timeLimit: 10 });
        const heuristic = await pcenter(problem, p, 'heuristic');
        // The objective is the max over weighted points of the cost to the nearest open site, recomputed here.
        const open = new Set([...(x.fixed ? [0] : []), ...exact.open]);
        const largest = Math.max(0, ...x.demand.map(([a, b, w], i) => (w > 0 ? Math.min(...[...open].map((j) => Math.abs(a - x.sites[j][0]) + Math.abs(b - x.sites[j][1]))) : 0)));
        expect(exact.objective).toBe(largest);
        let best = Infinity;
        for (const s of subsets(candidates, p)) best = Math.min(best, centerCost(problem, s));
        expect(exact.objective).toBe(best);
        expect(heuristic.objective).toBeGreaterThanOrEqual(exact.objective);
        expect(exact.open).toHaveLength(p);
      }),
      { numRuns: 40 },
    );
  });
});
