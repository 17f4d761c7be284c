import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACTIVITY_PER_GP, pearson, spearman } from '../src/index.js';
import { aplScatterSvg, compareWithDrees, rhoTable, spearmanByTravel, writeAplScatter } from '../examples/occitanie-access.js';

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
  // The preset as DREES computes it: standardised population, the communes and GPs within 60 km around the
  // region as competing demand and supply, straight lines at 45 km/h × 1.5 (passed explicitly).
  const r = await compareWithDrees('crow:45:1.5');

  it('ranks communes alike: Spearman at least 0.45 (DREES APL 2022 is the published reference)', () => {
    // Measured 0.462; the ceiling with these 2017 GP counts (one activity for every GP) is about 0.47.
    expect(r.travel).toBe('crow:45:1.5');
    expect(r.demandWeight).toBe('standardised_population');
    expect(r.surroundings).toEqual({ communes: 2582, gpCommunes: 640 });
    expect(r.spearman).toBeGreaterThanOrEqual(0.45);
  });

  it('ranks better with the surroundings and with the standardised population than without; the README shows each preset\'s ρ', async () => {
    const rows = await spearmanByTravel(['crow', 'crow:urban', 'crow:mountain', 'crow:lowland']);
    const readme = readFileSync('README.md', 'utf8');
    for (const line of rhoTable(rows)) expect(readme).toContain(line);
    const [row] = rows;
    expect(row.withSurroundings.standardised).toBe(r.spearman);
    expect(row.withSurroundings.standardised).toBeGreaterThan(row.regionOnly.standardised);
    expect(row.withSurroundings.standardised).toBeGreaterThan(row.withSurroundings.population);
    expect(row.regionOnly.standardised).toBeGreaterThan(row.regionOnly.population);
  });

  it('has the regional mean of DREES by construction of the default activity, and agrees on most of the population', () => {
    expect(Math.abs(r.meanOurs - r.meanDrees)).toBeLessThan(0.05);
    expect(Math.abs(r.fittedActivity - DEFAULT_ACTIVITY_PER_GP)).toBeLessThan(50); // 3,920 fitted, 3,900 kept
    expect(r.sousDense.both + r.sousDense.onlyOurs + r.sousDense.onlyDrees + r.sousDense.neither).toBe(4446);
    // Measured 86.7 % of the population in the same "sous-dense" class.
    expect(r.sousDense.agreeingPopulationShare).toBeGreaterThan(0.85);
  });

  it('ranks twenty EPCIs with reasons, and capacity never beats presence', () => {
    expect(r.worstEpci).toHaveLength(20);
    for (const t of r.worstEpci) expect(t.reason).toMatch(/inhabitants beyond 15 min/);
    expect(r.capacity.assignedPopulation).toBeLessThanOrEqual(r.capacity.assignedPopulationAtMost!);
    expect(r.capacity.assignedPopulationAtMost!).toBeLessThanOrEqual(r.capacity.presencePopulation);
  });

  it('draws the scatter plot with the ρ it computed', () => {
    const folder = mkdtempSync(join(tmpdir(), 'careshed-scatter-'));
    const [svgFile, pngFile] = writeAplScatter(folder, r);
    const svg = readFileSync(svgFile, 'utf8');
    const stated = Number(/Spearman ρ = (\d\.\d{3})/.exec(svg)![1]);
    expect(stated).toBe(Number(spearman(r.points.ours, r.points.drees)!.toFixed(3)));
    const drawn = r.points.ours.filter((v, i) => Number.isFinite(v) && Number.isFinite(r.points.drees[i])).length;
    expect(svg.match(/<circle /g)).toHaveLength(drawn);
    expect(svg).toContain('DREES APL 2022 (consultations a year per standardised inhabitant)');
    expect(Array.from(readFileSync(pngFile).subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

describe('the scatter plot in docs/', () => {
  it('is the one the example draws on the embedded data, and states the same ρ', async () => {
    const r = await compareWithDrees('crow:45:1.5');
    expect(readFileSync('docs/apl-vs-drees.svg', 'utf8')).toBe(aplScatterSvg(r));
  });
});
