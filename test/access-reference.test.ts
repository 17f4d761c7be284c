import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { accessibility, binaryDecay, createDemand, createSites, gravityDecay, MatrixAccumulator, parseTable, type Decay } from '../src/index.js';

const ref = '../shared/data/fca-reference';
const relative = (actual: number, expected: number) => (expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected));

/** Demand points and sites that stand nowhere in particular: the reference cases give times, not places. */
function fromPairs(demandIds: string[], population: number[], siteIds: string[], supply: number[], pairs: [string, string, number][], maxMinutes = Infinity) {
  const demand = createDemand(demandIds.map((id, i) => ({ id, lon: 0, lat: 0, population: population[i] })));
  const sites = createSites(siteIds.map((id, j) => ({ id, lon: 0, lat: 0, capacity: supply[j] })));
  const accumulator = new MatrixAccumulator(demand, sites, maxMinutes);
  for (const [from, to, minutes] of pairs) accumulator.add(from, to, minutes);
  return { demand, sites, reach: accumulator.finish() };
}

describe('Luo & Wang (2003), Fig. 3, via twostepr', () => {
  const data = JSON.parse(readFileSync(`${ref}/twostepr_luo_wang_2003.json`, 'utf8'));
  const rows = data.luo_wang_2003_fig3_2sfca.rows as { o: number; d: string; distance: number; supply_vol: number; demand_vol: number }[];
  const ids = Array.from({ length: 11 }, (_, k) => String(k + 1));
  const { demand, sites, reach } = fromPairs(ids, ids.map(() => 1), ['a', 'b'], [1, 1], rows.map((r) => [String(r.o), r.d, r.distance]));

  it('reproduces the published 2SFCA values to 1e-9', () => {
    const { value } = accessibility(reach, demand, sites, { method: '2sfca', decay: binaryDecay(data.luo_wang_2003_fig3_2sfca.threshold) });
    const expected = [0.125, 0.125, 0.125, 0.375, 0.25, 0.125, 0.125, 0.25, 0.125, 0.125, 0.25];
    expected.forEach((e, i) => expect(relative(value[i], e)).toBeLessThan(1e-9));
  });
});

describe('the gravity triangle, via twostepr', () => {
  const data = JSON.parse(readFileSync(`${ref}/twostepr_luo_wang_2003.json`, 'utf8'));
  const rows = data.gravity_triangle.rows as { pop_id: number; doc_id: string; distance: number }[];
  const { demand, sites, reach } = fromPairs(['1', '2', '3'], [1, 1, 1], ['A', 'B'], [1, 1], rows.map((r) => [String(r.pop_id), r.doc_id, r.distance]));

  it('reproduces β = 1 and β = 2 in one pass', () => {
    const [one, two] = accessibility(reach, demand, sites, { method: 'gravity', decay: [gravityDecay(1), gravityDecay(2)] });
    [0.733333333333333, 0.733333333333333, 0.533333333333333].forEach((e, i) => expect(relative(one.value[i], e)).toBeLessThan(1e-9));
    [0.777777777777778, 0.777777777777778, 0.444444444444444].forEach((e, i) => expect(relative(two.value[i], e)).toBeLessThan(1e-9));
  });
});

describe('ipeaGIT accessibility: Belo Horizonte, 5 cells, jobs for population, binary 45 minutes', () => {
  const land = parseTable(readFileSync(`${ref}/ipea_accessibility_land_use_data.csv`, 'utf8')).rows;
  const order = ['89a88cdb57bffff', '89a88cdb597ffff', '89a88cdb5b3ffff', '89a88cdb5cfffff', '89a88cd909bffff'];
  const of = (id: string) => land.find((r) => r.id === id)!;
  const pairs = parseTable(readFileSync(`${ref}/ipea_accessibility_travel_matrix_5ids.csv`, 'utf8')).rows.map((r) => [r.from_id, r.to_id, Number(r.travel_time)] as [string, string, number]);
  const { demand, sites, reach } = fromPairs(order, order.map((id) => Number(of(id).population)), order, order.map((id) => Number(of(id).jobs)), pairs);
  const run = (method: '2sfca' | 'bfca', decay: Decay) => accessibility(reach, demand, sites, { method, decay, allowZeroSupply: true }).value;

  it('has the populations and jobs SOURCE.md lists', () => {
    expect(Array.from(demand.population)).toEqual([852, 394, 1969, 2189, 0]);
    expect(Array.from(sites.capacity)).toEqual([82, 308, 100, 109, 0]);
  });

  it('reproduces 2SFCA at full precision', () => {
    const expected = [0.015173945225758698, 0.14910111549202681, 0.14910111549202681, 0.10678202958428243, 0];
    const value = run('2sfca', binaryDecay(45));
    expected.forEach((e, i) => expect(relative(value[i], e)).toBeLessThan(1e-9));
  });

  it('reproduces BFCA (Paez et al. 2019) to the 4 decimals published', () => {
    const value = run('bfca', binaryDecay(45));
    [0.0094, 0.1993, 0.1993, 0.1147, 0].forEach((e, i) => expect(Math.abs(value[i] - e)).toBeLessThan(5e-5));
  });

  it('equals BFCA written out plainly over the 25 pairs, to 1e-9', () => {
    // Paez et al. (2019): demand shares normalised per population, supply shares per site.
    const pop = new Map(order.map((id) => [id, Number(of(id).population)]));
    const jobs = new Map(order.map((id) => [id, Number(of(id).jobs)]));
    const within = pairs.filter(([, , t]) => t <= 45);
    const rowSum = (i: string) => within.filter(([a]) => a === i).length;
    const colSum = (j: string) => within.filter(([, b]) => b === j).length;
    const ratio = (j: string) => {
      const faced = within.filter(([, b]) => b === j).reduce((t, [a]) => t + pop.get(a)! / rowSum(a), 0);
      return faced > 0 ? jobs.get(j)! / faced : 0;
    };
    const plain = order.map((i) => within.filter(([a]) => a === i).reduce((t, [, b]) => t + ratio(b) / colSum(b), 0));
    const value = run('bfca', binaryDecay(45));
    plain.forEach((e, i) => expect(relative(value[i], e)).toBeLessThan(1e-9));
  });

  it('reproduces the custom decay that weighs every pair 1', () => {
    const one: Decay = { name: 'one', max: Infinity, weight: () => 1 };
    const value = accessibility(reach, demand, sites, { method: 'e2sfca', decay: one, allowZeroSupply: true }).value;
    value.forEach((v) => expect(Math.abs(v - 0.1108)).toBeLessThan(5e-5));
    // And exactly: total jobs over total population, since everybody reaches everything.
    value.forEach((v) => expect(relative(v, (82 + 308 + 100 + 109) / (852 + 394 + 1969 + 2189))).toBeLessThan(1e-9));
  });
});

describe('PySAL access: a 5 × 5 grid of supply 1, five demand points of 1', () => {
  const grid = Array.from({ length: 25 }, (_, k) => [k % 5, Math.floor(k / 5)] as const);
  const demandAt = [0, 6, 12, 18, 24];
  const pairs: [string, string, number][] = [];
  for (const d of demandAt) grid.forEach(([x, y], j) => pairs.push([`d${d}`, `s${j}`, Math.hypot(x - grid[d][0], y - grid[d][1])]));
  const build = () => fromPairs(demandAt.map((d) => `d${d}`), demandAt.map(() => 1), grid.map((_, j) => `s${j}`), grid.map(() => 1), pairs);

  it('gives 25 supply ÷ 5 demand = 5 everywhere with a catchment that holds everything, for 2SFCA, E2SFCA and 3SFCA', () => {
    const { demand, sites, reach } = build();
    for (const method of ['2sfca', 'e2sfca', '3sfca'] as const) {
      const { value } = accessibility(reach, demand, sites, { method, decay: binaryDecay(100) });
      value.forEach((v) => expect(relative(v, 5)).toBeLessThan(1e-9));
    }
  });

  it('gives 1 with a 0.9 catchment (each point reaches only its own cell)', () => {
    const { demand, sites, reach } = build();
    accessibility(reach, demand, sites, { method: '2sfca', decay: binaryDecay(0.9) }).value.forEach((v) => expect(v).toBe(1));
  });

  it('gives NaN, not 0 or an error, where no supply is within reach', () => {
    const { demand, sites, reach } = build();
    const result = accessibility(reach, demand, sites, { method: '2sfca', decay: binaryDecay(0) });
    // At 0 minutes each demand point still reaches its own cell; a negative catchment reaches nothing:
    expect(Array.from(result.value)).toEqual([1, 1, 1, 1, 1]);
    const nothing: Decay = { name: 'nothing', max: 100, weight: () => 0 };
    const none = accessibility(reach, demand, sites, { method: 'e2sfca', decay: nothing });
    none.value.forEach((v) => expect(v).toBeNaN());
    expect(none.summary.noSupplyCount).toBe(5);
    expect(none.summary.meanValue).toBeNull();
  });
});
