import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { problemFromCosts, readOrLibraryPmedian } from '../src/siting/costs.js';
import { medianCost, pmedianExact, pmedianHeuristic } from '../src/siting/pmedian.js';
import { beasleyPmedian } from '../src/siting/beasley.js';
import { SwapState } from '../src/siting/swap-state.js';

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

  it('the heuristic is within 0.2 % of each published optimum', () => {
    console.log(gaps.map((g) => `${g.name} ${(100 * g.gap).toFixed(3)} %`).join(', '));
    for (const g of gaps) {
      expect(g.gap).toBeGreaterThanOrEqual(-1e-12); // never below a proven optimum: the reader is right
      expect(g.gap).toBeLessThanOrEqual(0.002);
    }
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
        const heuristic = pmedianHeuristic(problem, q, { patience: 20 });
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

describe('the swap tables (Resende & Werneck)', () => {
  // Random sparse problems: some pairs missing, a beyond cost, some fixed sites, whole or fractional weights.
  const problemArb = fc.integer({ min: 4, max: 10 }).chain((m) =>
    fc.record({
      m: fc.constant(m),
      n: fc.integer({ min: 1, max: 12 }),
      seed: fc.integer({ min: 1, max: 1e6 }),
      fixedCount: fc.integer({ min: 0, max: 2 }),
      p: fc.integer({ min: 1, max: 3 }),
      fractional: fc.boolean(),
      moves: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
    }),
  );

  it('gain − loss + extra is what each swap saves, brute force, and stays so along swaps', () => {
    fc.assert(
      fc.property(problemArb, ({ m, n, seed, fixedCount, p, fractional, moves }) => {
        let x = seed;
        const next = () => ((x = (x * 48271) % 2147483647) / 2147483647);
        const costs = new Float64Array(n * m);
        for (let k = 0; k < n * m; k++) costs[k] = next() < 0.3 ? Infinity : fractional ? next() * 30 : Math.floor(next() * 30);
        const weight = Array.from({ length: n }, () => (fractional ? next() * 5 : Math.floor(next() * 5)));
        const fixed = Array.from({ length: fixedCount }, (_, f) => f);
        const problem = { ...problemFromCosts(costs, n, m, { weight, fixed }), beyondCost: 25 };
        const candidates = Array.from({ length: m }, (_, j) => j).filter((j) => problem.candidate[j]);
        const state = new SwapState(problem, p);
        state.reset(candidates.slice(0, p));
        const check = () => {
          const open = Array.from(state.open);
          const before = medianCost(problem, open);
          expect(state.total()).toBeCloseTo(before, 9);
          let bestSaving = -Infinity;
          for (const k of candidates) {
            if (state.isOpen[k]) continue;
            for (let s = 0; s < p; s++) {
              const after = medianCost(problem, open.map((j, t) => (t === s ? k : j)));
              expect(state.gain[k] - state.loss[s] + state.extra[k * p + s]).toBeCloseTo(before - after, 9);
              bestSaving = Math.max(bestSaving, before - after);
            }
          }
          // The best swap, whichever way the tables are read (all cells, or the row prefixes only).
          if (bestSaving > -Infinity) expect(state.best(Int32Array.from(candidates))).toBeCloseTo(bestSaving, 9);
        };
        check();
        for (const [a, b] of moves) {
          const closed = candidates.filter((j) => !state.isOpen[j]);
          if (closed.length === 0) break;
          state.swap(a % p, closed[b % closed.length]);
          check();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('instances of the OR-Library family beyond pmed10 (Beasley)', () => {
  it('are written as the published files are: the cycle first, then random edges, lengths 1–100', () => {
    const text = beasleyPmedian(50, 5, 7);
    const lines = text.trim().split('\n').map((line) => line.split(' ').map(Number));
    expect(lines[0]).toEqual([50, 50, 5]); // m = n² / 50 as in pmed1–40: 100 → 200, 900 → 16,200
    expect(lines).toHaveLength(51);
    for (let v = 1; v <= 50; v++) expect(lines[v].slice(0, 2)).toEqual([v, (v % 50) + 1]);
    for (const [a, b, c] of lines.slice(1)) {
      expect(a).not.toBe(b);
      expect(Number.isInteger(c) && c >= 1 && c <= 100).toBe(true);
    }
    expect(beasleyPmedian(900, 90, 1).split('\n')[0]).toBe('900 16200 90');
    expect(beasleyPmedian(50, 5, 7)).toBe(text);
    expect(beasleyPmedian(50, 5, 8)).not.toBe(text);
    // The cycle makes the graph connected: every distance is finite.
    const { costs } = readOrLibraryPmedian(beasleyPmedian(120, 10, 3));
    expect(costs.every(Number.isFinite)).toBe(true);
  });

  it('the heuristic reaches the exact optimum (HiGHS) of generated instances', async () => {
    for (const [n, p, seed] of [
      [80, 8, 1],
      [100, 20, 2],
      [120, 30, 3],
    ]) {
      const { costs } = readOrLibraryPmedian(beasleyPmedian(n, p, seed));
      const problem = problemFromCosts(costs, n, n);
      const heuristic = pmedianHeuristic(problem, p);
      const exact = await pmedianExact(problem, p, heuristic.open, { timeLimit: 120 });
      expect(exact.stoppedBy).toBe('gap');
      expect(heuristic.objective).toBe(Math.round(exact.objective));
    }
  });
});
