import { describe, expect, it } from 'vitest';
import { pearson, spearman } from '../src/index.js';
import { compareWithDrees } from '../examples/occitanie-access.js';

describe('rank correlations', () => {
  it('by hand', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // ties at their mean rank: x ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4 → Pearson of ranks = 0.9487
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(3 / Math.sqrt(10), 12);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(spearman([1, NaN, 3, 2], [1, 5, 3, 2])).toBe(1);
    expect(spearman([1], [2])).toBeNull();
  });
});

describe('the APL preset against the DREES APL 2022 on Occitanie', async () => {
  const r = await compareWithDrees('crow');

  it('ranks communes alike: Spearman above 0.33', () => {
    // Measured 0.358 with default straight lines (0.45 at 45 km/h × 1.4). Our supply is the 2017 BPE count
    // of GPs times one activity, DREES's is each GP's 2022 activity, road times and GPs across the border:
    // a modest correlation is what these inputs can give. The data are fixed, so the floor guards regressions.
    expect(r.spearman).toBeGreaterThan(0.33);
  });

  it('has the regional mean of DREES by construction of the default activity, and agrees on most of the population', () => {
    expect(Math.abs(r.meanOurs - r.meanDrees)).toBeLessThan(0.05);
    expect(r.sousDense.both + r.sousDense.onlyOurs + r.sousDense.onlyDrees + r.sousDense.neither).toBe(4446);
    // Measured 88.5 % of the population in the same "sous-dense" class.
    expect(r.sousDense.agreeingPopulationShare).toBeGreaterThan(0.85);
  });

  it('ranks twenty EPCIs with reasons, and capacity never beats presence', () => {
    expect(r.worstEpci).toHaveLength(20);
    for (const t of r.worstEpci) expect(t.reason).toMatch(/inhabitants beyond 15 min/);
    expect(r.capacity.assignedPopulation).toBeLessThanOrEqual(r.capacity.presencePopulation);
  });
});
