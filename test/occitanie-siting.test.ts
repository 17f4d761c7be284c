import { describe, expect, it } from 'vitest';
import { coverage, createSites } from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';
import { occitanieProblem, sideBySide, travel } from '../examples/occitanie-siting.js';
import { coverageCurve } from '../src/siting/site.js';

const { communes, centres } = loadOccitanie();

/** Population within 15 minutes of the centres and the chosen communes, by the coverage module. */
function coveredBy(ids: string[]): number {
  const chosen = ids.map((id) => communes.indexOf(id));
  const sites = createSites([
    ...Array.from(centres.ids, (id, j) => ({ id, lon: centres.lon[j], lat: centres.lat[j] })),
    ...chosen.map((i) => ({ id: communes.ids[i], lon: communes.lon[i], lat: communes.lat[i] })),
  ]);
  return coverage(travel.reach(communes, sites, { maxMinutes: 15 }), communes, { targetMinutes: 15 }).summary.coveredPopulation;
}

describe('siting on Occitanie (every commune a candidate, the 8 centres kept, 15 minutes)', () => {
  it('the heuristic is within 0.5 % of the exact optimum for 10 and 20 new centres', async () => {
    const rows = await sideBySide('centres', [10, 20]);
    console.log(rows.map((r) => `p = ${r.p}: heuristic ${r.heuristic.objective} (${r.heuristic.seconds.toFixed(2)} s), exact ${r.exact.objective} ${r.exact.status} (${r.exact.seconds.toFixed(1)} s), heuristic ${(100 * r.heuristicGap).toFixed(3)} % below`).join('\n'));
    for (const r of rows) {
      expect(r.exact.status).toBe('optimal');
      expect(r.heuristicGap).toBeGreaterThanOrEqual(0);
      expect(r.heuristicGap).toBeLessThanOrEqual(0.005);
      // Both objectives are the population the coverage module counts for the centres and the chosen communes.
      expect(coveredBy(r.exact.selected.map((s) => s.id))).toBeCloseTo(r.exact.objective, 6);
      expect(coveredBy(r.heuristic.selected.map((s) => s.id))).toBeCloseTo(r.heuristic.objective, 6);
      expect(new Set(r.exact.selected.map((s) => s.id)).size).toBe(r.p);
    }
  });

  it('the coverage curve gains never grow, and its end is what the coverage module counts', () => {
    const curve = coverageCurve(occitanieProblem('centres'), 50, 15);
    expect(curve).toHaveLength(50);
    for (let k = 1; k < curve.length; k++) expect(curve[k].gain).toBeLessThanOrEqual(curve[k - 1].gain + 1e-9);
    expect(coveredBy(curve.map((c) => c.id))).toBeCloseTo(curve[49].covered, 6);
  });
});
