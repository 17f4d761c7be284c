import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDemand, createSites, crowFly } from '../src/index.js';
import { sitingProblem } from '../src/siting/problem.js';
import { coveredWeight, mclpExact, mclpHeuristic } from '../src/siting/mclp.js';

const place = fc.record({ lon: fc.double({ min: 1, max: 1.5, noNaN: true }), lat: fc.double({ min: 43, max: 43.5, noNaN: true }) });

function instance(d: { lon: number; lat: number; population: number }[], s: { lon: number; lat: number }[], fixedCount: number) {
  const demand = createDemand(d.map((p, i) => ({ id: `d${i}`, ...p })));
  const sites = createSites(s.map((p, j) => ({ id: `s${j}`, ...p })));
  const reach = crowFly().reach(demand, sites, { maxMinutes: 15 });
  return sitingProblem(reach, demand, sites, { existing: sites.ids.slice(0, fixedCount) });
}

/** The best coverage over every set of p candidates, by enumeration. */
function bruteForce(problem: ReturnType<typeof instance>, p: number, target: number): number {
  const candidates = Array.from({ length: problem.siteCount }, (_, j) => j).filter((j) => problem.candidate[j]);
  let best = coveredWeight(problem, target, []);
  const choose = (start: number, chosen: number[]) => {
    if (chosen.length === p) {
      best = Math.max(best, coveredWeight(problem, target, chosen));
      return;
    }
    for (let k = start; k < candidates.length; k++) choose(k + 1, [...chosen, candidates[k]]);
  };
  choose(0, []);
  return best;
}

const demandArb = fc.array(fc.tuple(place, fc.integer({ min: 0, max: 1000 })).map(([p, population]) => ({ ...p, population })), { minLength: 1, maxLength: 25 });
const sitesArb = fc.array(place, { minLength: 3, maxLength: 9 });

describe('MCLP', () => {
  it('the exact optimum equals brute force, is never worse than the heuristic, and the heuristic is a feasible choice of p', async () => {
    await fc.assert(
      fc.asyncProperty(demandArb, sitesArb, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 }), async (d, s, fixedCount, p) => {
        const problem = instance(d, s, fixedCount);
        const candidates = problem.candidate.reduce((t, x) => t + x, 0);
        const q = Math.min(p, candidates);
        const heuristic = mclpHeuristic(problem, q, 15, {});
        expect(heuristic.open).toHaveLength(q);
        expect(new Set(heuristic.open).size).toBe(q);
        heuristic.open.forEach((j) => expect(problem.candidate[j]).toBe(1));
        expect(heuristic.covered).toBeCloseTo(coveredWeight(problem, 15, heuristic.open), 6);
        const exact = await mclpExact(problem, q, 15, heuristic.open, { timeLimit: 10 });
        expect(exact.stoppedBy).toBe('gap');
        expect(exact.covered).toBeGreaterThanOrEqual(heuristic.covered - 1e-6);
        expect(exact.covered).toBeCloseTo(bruteForce(problem, q, 15), 6);
      }),
      { numRuns: 40 },
    );
  });

  it('stacked places (demand points reached by the same sites, sites covering the same demand) keep the brute-force optimum', async () => {
    // Four spots 0.2° apart (beyond 15 minutes of each other), so rows of equal reach and dominated sites abound.
    const spot = fc.constantFrom({ lon: 1, lat: 43 }, { lon: 1.2, lat: 43 }, { lon: 1, lat: 43.2 }, { lon: 1.02, lat: 43.01 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(spot, fc.integer({ min: 0, max: 100 })).map(([p, population]) => ({ ...p, population })), { minLength: 1, maxLength: 12 }), fc.array(spot, { minLength: 3, maxLength: 8 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 3 }), async (d, s, fixedCount, p) => {
        const problem = instance(d, s, fixedCount);
        const q = Math.min(p, problem.candidate.reduce((t, x) => t + x, 0));
        const heuristic = mclpHeuristic(problem, q, 15, {});
        const exact = await mclpExact(problem, q, 15, heuristic.open, { timeLimit: 10 });
        expect(exact.open).toHaveLength(q);
        expect(exact.covered).toBeCloseTo(bruteForce(problem, q, 15), 6);
        expect(exact.dualBound ?? Infinity).toBeGreaterThanOrEqual(exact.covered - 1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('from a poor start (the first p candidates), with the kernel of the LP relaxation or without, the optimum is brute force’s', async () => {
    let kernelRan = 0;
    let provenByRelaxation = 0;
    await fc.assert(
      fc.asyncProperty(demandArb, sitesArb, fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 3 }), async (d, s, fixedCount, p) => {
        const problem = instance(d, s, fixedCount);
        const candidates = Array.from({ length: problem.siteCount }, (_, j) => j).filter((j) => problem.candidate[j]);
        const q = Math.min(p, candidates.length);
        const poor = candidates.slice(0, q);
        const best = bruteForce(problem, q, 15);
        for (const kernel of [true, false]) {
          const exact = await mclpExact(problem, q, 15, poor, { timeLimit: 10, kernel });
          expect(exact.stoppedBy).toBe('gap');
          expect(exact.open).toHaveLength(q);
          expect(exact.covered).toBeCloseTo(best, 6);
          expect(exact.covered).toBeCloseTo(coveredWeight(problem, 15, exact.open), 6);
          expect(exact.dualBound ?? Infinity).toBeGreaterThanOrEqual(best - 1e-6);
          if (kernel && exact.nodes === 0) provenByRelaxation++;
          if (kernel && coveredWeight(problem, 15, poor) < best - 1e-6) kernelRan++;
        }
      }),
      { numRuns: 60 },
    );
    // The cases the test means to reach were reached: starts below the optimum, and proofs by the relaxation alone.
    expect(kernelRan).toBeGreaterThan(5);
    expect(provenByRelaxation).toBeGreaterThan(5);
  });

  it('keeping an existing site never lowers coverage', () => {
    fc.assert(
      fc.property(demandArb, sitesArb, fc.integer({ min: 1, max: 2 }), (d, s, p) => {
        const without = instance(d, s, 0);
        const withFixed = instance(d, s, 1);
        const q = Math.min(p, s.length - 1);
        expect(mclpHeuristic(withFixed, q, 15, {}).covered).toBeGreaterThanOrEqual(coveredWeight(without, 15, mclpHeuristic(without, q, 15, {}).open.filter((j) => j !== 0)) - 1e-6);
        // The law itself: the same new sites plus a kept existing one cover at least as much.
        const chosen = mclpHeuristic(without, q, 15, {}).open;
        expect(coveredWeight(withFixed, 15, chosen.filter((j) => j !== 0))).toBeGreaterThanOrEqual(coveredWeight(without, 15, chosen.filter((j) => j !== 0)) - 1e-6);
      }),
      { numRuns: 100 },
    );
  });

  it('gains add up to the coverage over the fixed sites', () => {
    const problem = instance(
      [
        { lon: 1, lat: 43, population: 100 },
        { lon: 1.3, lat: 43, population: 50 },
        { lon: 1.45, lat: 43.4, population: 10 },
      ],
      [
        { lon: 1, lat: 43 },
        { lon: 1.3, lat: 43 },
        { lon: 1.45, lat: 43.4 },
      ],
      0,
    );
    const result = mclpHeuristic(problem, 2, 15);
    // By hand: the sites stand on the demand points, 0.3° apart (> 15 min), so the two heaviest win: 100, then 50.
    expect(result.gains).toEqual([100, 50]);
    expect(result.covered).toBe(150);
  });
});
