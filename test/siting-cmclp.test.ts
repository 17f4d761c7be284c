import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { problemFromCosts } from '../src/siting/costs.js';
import { cmclpExact, cmclpHeuristic, servedWeight } from '../src/siting/cmclp.js';

const instance = fc.record({
  demand: fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 10 }),
  sites: fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 })), { minLength: 2, maxLength: 7 }),
  target: fc.integer({ min: 5, max: 40 }),
  p: fc.integer({ min: 1, max: 3 }),
});

describe('capacitated MCLP', () => {
  it('the exact optimum equals enumeration and is never worse than the heuristic', async () => {
    await fc.assert(
      fc.asyncProperty(instance, async (x) => {
        const n = x.demand.length;
        const m = x.sites.length;
        const costs = new Float64Array(n * m);
        x.demand.forEach(([a, b], i) => x.sites.forEach(([c, d], j) => (costs[i * m + j] = Math.abs(a - c) + Math.abs(b - d))));
        const problem = problemFromCosts(costs, n, m, { weight: x.demand.map((d) => d[2]) });
        const places = x.sites.map((s) => s[2]);
        const p = Math.min(x.p, m);
        const heuristic = cmclpHeuristic(problem, p, x.target, places);
        expect(heuristic.served).toBeCloseTo(servedWeight(problem, x.target, places, heuristic.open), 6);
        const exact = await cmclpExact(problem, p, x.target, places, heuristic.open, { timeLimit: 10 });
        let best = 0;
        const choose = (from: number, chosen: number[]) => {
          if (chosen.length === p) return void (best = Math.max(best, servedWeight(problem, x.target, places, chosen)));
          for (let j = from; j < m; j++) choose(j + 1, [...chosen, j]);
        };
        choose(0, []);
        expect(exact.stoppedBy).toBe('gap');
        expect(exact.objective).toBeCloseTo(best, 5);
        expect(exact.served).toBeCloseTo(best, 5);
        expect(exact.objective).toBeGreaterThanOrEqual(heuristic.served - 1e-6);
      }),
      { numRuns: 40 },
    );
  });

  it('by hand: two sites of 30 places near 50 people serve 50; one serves 30', () => {
    const costs = Float64Array.of(1, 2, 1, 2); // 2 demand points × 2 sites
    const problem = problemFromCosts(costs, 2, 2, { weight: [25, 25] });
    expect(servedWeight(problem, 15, [30, 30], [0])).toBe(30);
    expect(servedWeight(problem, 15, [30, 30], [0, 1])).toBe(50);
    expect(cmclpHeuristic(problem, 2, 15, [30, 30]).served).toBe(50);
  });
});
