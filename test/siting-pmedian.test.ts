import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { problemFromCosts, readOrLibraryPmedian } from '../src/siting/costs.js';
import { medianCost, pmedianExact, pmedianHeuristic } from '../src/siting/pmedian.js';

const dir = '../shared/data/orlib-pmed';
const optimum = Object.fromEntries(
  readFileSync(`${dir}/pmedopt.txt`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .map(([name, value]) => [name, Number(value)]),
);

describe('OR-Library pmed1–pmed10 (Beasley 1990)', () => {
  const instances = Array.from({ length: 10 }, (_, k) => {
    const name = `pmed${k + 1}`;
    const { n, p, costs } = readOrLibraryPmedian(readFileSync(`${dir}/${name}.txt`, 'utf8'), name);
    return { name, n, p, problem: problemFromCosts(costs, n, n) };
  });
  const gaps = instances.map(({ name, p, problem }) => {
    const { objective, open } = pmedianHeuristic(problem, p);
    expect(open).toHaveLength(p);
    expect(medianCost(problem, open)).toBe(objective);
    return { name, gap: (objective - optimum[name]) / optimum[name], open };
  });

  it('the heuristic is within 0.5 % of each published optimum, 0.1 % on average', () => {
    console.log(gaps.map((g) => `${g.name} ${(100 * g.gap).toFixed(3)} %`).join(', '));
    for (const g of gaps) {
      expect(g.gap).toBeGreaterThanOrEqual(-1e-12); // never below a proven optimum: the reader is right
      expect(g.gap).toBeLessThanOrEqual(0.005);
    }
    expect(gaps.reduce((t, g) => t + g.gap, 0) / gaps.length).toBeLessThanOrEqual(0.001);
  });

  it('the exact solver reaches the published optimum of pmed1–pmed5 and pmed8', async () => {
    for (const k of [0, 1, 2, 3, 4, 7]) {
      const { name, p, problem } = instances[k];
      const result = await pmedianExact(problem, p, gaps[k].open, { timeLimit: 60 });
      expect(result.stoppedBy).toBe('gap');
      expect(Math.round(result.objective)).toBe(optimum[name]);
      expect(medianCost(problem, result.open)).toBeCloseTo(optimum[name], 6);
    }
  });

  it('reads duplicate edges as OR-Library does: the last one wins', () => {
    const { costs } = readOrLibraryPmedian('3 3 1\n1 2 5\n2 3 4\n1 2 9\n');
    // 1–2 costs 9 (last), so 1 → 3 is 9 + 4 = 13
    expect(costs[0 * 3 + 1]).toBe(9);
    expect(costs[0 * 3 + 2]).toBe(13);
    expect(() => readOrLibraryPmedian('3 5 1\n1 2 5\n')).toThrow(/not an OR-Library p-median file/);
  });
});

describe('p-median laws', () => {
  const instance = fc.integer({ min: 3, max: 9 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      points: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: n, maxLength: n }),
      weights: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: n, maxLength: n }),
      p: fc.integer({ min: 1, max: 3 }),
    }),
  );

  it('the exact optimum equals enumeration and is never worse than the heuristic', async () => {
    await fc.assert(
      fc.asyncProperty(instance, async ({ n, points, weights, p }) => {
        const costs = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) costs[i * n + j] = Math.abs(points[i][0] - points[j][0]) + Math.abs(points[i][1] - points[j][1]);
        const problem = problemFromCosts(costs, n, n, { weight: weights });
        const q = Math.min(p, n);
        const heuristic = pmedianHeuristic(problem, q, { starts: 3 });
        const exact = await pmedianExact(problem, q, heuristic.open, { timeLimit: 10 });
        let best = Infinity;
        const choose = (from: number, chosen: number[]) => {
          if (chosen.length === q) return void (best = Math.min(best, medianCost(problem, chosen)));
          for (let j = from; j < n; j++) choose(j + 1, [...chosen, j]);
        };
        choose(0, []);
        expect(exact.objective).toBeCloseTo(best, 6);
        expect(exact.objective).toBeLessThanOrEqual(heuristic.objective + 1e-6);
      }),
      { numRuns: 40 },
    );
  });
});
