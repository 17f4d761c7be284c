import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDemand, createSites, crowFly } from '../src/index.js';
import { sitingProblem } from '../src/siting/problem.js';
import { site } from '../src/siting/site.js';
import { mclpExact, mclpHeuristic } from '../src/siting/mclp.js';
import { solveMip, type MipExport } from '../src/siting/mip.js';
import { mipFromJson, mipJson, type MipJson } from '../bench/mip-json.js';
import { brutePairs, type Pt } from './brute.js';

const travel = crowFly({ speedKmh: 45, detour: 1.5 });
// A box of about 12 × 11 km, so that 15 minutes (7.5 km in a straight line) reach some demand and not all.
const place = fc.record({ lon: fc.double({ min: 1, max: 1.15, noNaN: true }), lat: fc.double({ min: 43, max: 43.1, noNaN: true }) });

/**
 * The best population within 15 minutes of the kept sites (the first `kept`) and p others, over every choice
 * of p, with turf's distances (test/brute.ts), not careshed's reach table.
 */
function bruteForce(demand: (Pt & { population: number })[], sites: Pt[], kept: number, p: number): number {
  const reach = brutePairs(demand, sites, 15).map((row) => row.map(([j]) => j));
  const covered = (open: Set<number>) => demand.reduce((t, d, i) => t + (reach[i].some((j) => open.has(j)) ? d.population : 0), 0);
  let best = -Infinity;
  const choose = (from: number, chosen: number[]) => {
    if (chosen.length === p) {
      best = Math.max(best, covered(new Set([...Array.from({ length: kept }, (_, j) => j), ...chosen])));
      return;
    }
    for (let j = from; j < sites.length; j++) choose(j + 1, [...chosen, j]);
  };
  choose(kept, []);
  return best;
}

describe('the exact MCLP model as exported (MipOptions.onModel, bench/mip-json.ts)', () => {
  it('solved again from its JSON by careshed\'s HiGHS, gives site()\'s exact objective, which is the brute-force optimum', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(place, fc.integer({ min: 0, max: 1000 })).map(([p, population]) => ({ ...p, population })), { minLength: 1, maxLength: 20 }),
        fc.array(place, { minLength: 3, maxLength: 8 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        async (d, s, kept, asked) => {
          const demand = createDemand(d.map((x, i) => ({ id: `d${i}`, ...x })));
          const sites = createSites(s.map((x, j) => ({ id: `s${j}`, ...x })));
          const problem = sitingProblem(travel.reach(demand, sites, { maxMinutes: 15 }), demand, sites, { existing: sites.ids.slice(0, kept) });
          const p = Math.min(asked, s.length - kept);
          // site() refuses candidates that reach nobody: such draws say nothing here.
          fc.pre(brutePairs(d, s, 15).some((row) => row.some(([j]) => j >= kept)));
          const optimum = bruteForce(d, s, kept, p);
          // What the sites kept open cover, by brute force too: the model leaves it out of its objective.
          const keptCovered = bruteForce(d, s, kept, 0);

          const start = mclpHeuristic(problem, p, 15).open;
          let exported: MipExport | undefined;
          const hooked = await mclpExact(problem, p, 15, start, { timeLimit: 10, onModel: (m) => (exported = m) });
          const plain = await mclpExact(problem, p, 15, start, { timeLimit: 10 });
          // Watching the model changes nothing.
          expect(hooked.open).toEqual(plain.open);
          expect(hooked.covered).toBe(plain.covered);

          const whole = await site(problem, { model: 'mclp', p, solver: 'exact' });
          expect(whole.objective).toBeCloseTo(optimum, 6);
          expect(exported).toBeDefined();
          const json = JSON.parse(JSON.stringify(mipJson(exported!, keptCovered))) as MipJson;
          const again = await solveMip(mipFromJson(json), { timeLimit: 10 });
          expect(again.stoppedBy).toBe('gap');
          expect(again.objective + json.offset).toBeCloseTo(whole.objective, 6);

          // The starting solution written beside it is feasible in the model: every row within its bounds.
          const x = json.incumbent!;
          for (let r = 0; r < json.numRows; r++) {
            let sum = 0;
            for (let k = json.starts[r]; k < json.starts[r + 1]; k++) sum += json.values[k] * x[json.indices[k]];
            expect(sum).toBeGreaterThanOrEqual((json.rowLower[r] ?? -Infinity) - 1e-9);
            expect(sum).toBeLessThanOrEqual((json.rowUpper[r] ?? Infinity) + 1e-9);
          }
          expect(json.highsOptions).toMatchObject({ presolve: 'off', mip_heuristic_run_feasibility_jump: false });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('writes infinite row bounds as null and reads them back as infinite', () => {
    const exported: MipExport = {
      mip: {
        numCols: 2, numRows: 1, maximize: true,
        colCost: Float64Array.of(1, 2), colLower: new Float64Array(2), colUpper: Float64Array.of(1, 1), integer: Uint8Array.of(1, 0),
        rowLower: Float64Array.of(-Infinity), rowUpper: Float64Array.of(1), starts: Int32Array.of(0, 2), indices: Int32Array.of(0, 1), values: Float64Array.of(1, 1),
      },
      incumbent: undefined,
      highsOptions: { presolve: 'off' },
    };
    const json = JSON.parse(JSON.stringify(mipJson(exported))) as MipJson;
    expect(json.rowLower).toEqual([null]);
    expect(json.incumbent).toBeNull();
    expect(json.offset).toBe(0);
    const back = mipFromJson(json);
    expect(back.rowLower[0]).toBe(-Infinity);
    expect(back.rowUpper[0]).toBe(1);
    expect(Array.from(back.integer)).toEqual([1, 0]);
  });
});
