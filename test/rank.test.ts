import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accessibility, binaryDecay, capacityCoverage, coverage, createDemand, createSites, crowFly, gini, palma, rankingTable, rankTerritories } from '../src/index.js';
import { error } from './expect-error.js';

describe('inequality', () => {
  it('Gini by hand', () => {
    expect(gini([1, 1, 1], [5, 2, 9])).toBe(0);
    expect(gini([0, 1], [1, 1])).toBeCloseTo(0.5, 12);
    // 3 people at 1 and 1 at 5: mean 2, Σ w_i w_j |x_i − x_j| = 2·3·1·4 = 24, G = 24 / (2 · 4² · 2) = 0.375
    expect(gini([1, 5], [3, 1])).toBeCloseTo(0.375, 12);
    expect(gini([0, 0], [1, 1])).toBeNull();
    // NaN (no supply in reach) counts as nothing
    expect(gini([NaN, 1], [1, 1])).toBeCloseTo(0.5, 12);
  });

  it('Gini equals the double-sum definition on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 30 }), (items) => {
        const v = items.map((x) => x[0]);
        const w = items.map((x) => x[1]);
        const W = w.reduce((a, b) => a + b, 0);
        const mean = v.reduce((t, x, i) => t + x * w[i], 0) / W;
        let s = 0;
        for (let i = 0; i < v.length; i++) for (let j = 0; j < v.length; j++) s += w[i] * w[j] * Math.abs(v[i] - v[j]);
        const expected = mean > 0 ? s / (2 * W * W * mean) : null;
        const actual = gini(v, w);
        if (expected === null) expect(actual).toBeNull();
        else expect(actual!).toBeCloseTo(expected, 10);
      }),
    );
  });

  it('Palma by hand: ten people holding 1 to 10', () => {
    // bottom 40 %: 1+2+3+4 = 10; top 10 %: 10; ratio 1
    expect(palma([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], new Array(10).fill(1))).toBeCloseTo(1, 12);
    // two people: the poorer (0.5 of the population) at 1, the richer at 3. Bottom 40 % holds 0.4·1 = 0.4 of 4;
    // top 10 % holds 0.1·3 = 0.3 of 4: ratio 0.75
    expect(palma([1, 3], [1, 1])).toBeCloseTo(0.75, 12);
    expect(palma([0, 0, 0, 0, 0, 9], [1, 1, 1, 1, 1, 1])).toBeNull();
  });

  it('Palma equals its definition on people expanded one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 12 }), (items) => {
        // Scale weights by 10 so that 40 % and 90 % fall on whole people.
        const people = items.flatMap(([v, w]) => new Array(w * 10).fill(v)).sort((a, b) => a - b);
        const total = people.reduce((a, b) => a + b, 0);
        const n = people.length;
        const bottom = people.slice(0, (4 * n) / 10).reduce((a, b) => a + b, 0) / total;
        const top = people.slice((9 * n) / 10).reduce((a, b) => a + b, 0) / total;
        expect(palma(items.map((x) => x[0]), items.map((x) => x[1]))!).toBeCloseTo(top / bottom, 9);
      }),
    );
  });
});

const KM = (6371.0088 * Math.PI) / 180;
const east = (km: number) => ({ lon: km / KM, lat: 0 });

describe('rankTerritories', () => {
  // Zone "near": 1,000 people at 2 km from a practice; zone "far": 200 at 40 km and 300 at 5 km.
  const demand = createDemand([
    { id: 'n1', ...east(2), population: 1000, attributes: { zone: 'near' } },
    { id: 'f1', ...east(40), population: 200, attributes: { zone: 'far' } },
    { id: 'f2', ...east(5), population: 300, attributes: { zone: 'far' } },
  ]);
  const sites = createSites([{ id: 'p', ...east(0), capacity: 1 }]);
  const travel = crowFly({ speedKmh: 60, detour: 1 });
  const reach = travel.reach(demand, sites, { maxMinutes: 30 });
  const cov = coverage(reach, demand, { targetMinutes: 15 });

  it('puts the worse-served territory first with its components and a reason in numbers', () => {
    const [first, second] = rankTerritories(demand, { coverage: cov }, { by: 'zone' });
    expect(first.key).toBe('far');
    expect(first.rank).toBe(1);
    expect(first.components.beyondTarget).toEqual({ share: 0.4, population: 200 });
    // mean minutes over 500 people: (200·40 + 300·5) / 500 = 19, over 2 × 15 = 30 minutes
    expect(first.components.nearestMinutes.meanMinutes).toBeCloseTo(19, 3);
    expect(first.components.nearestMinutes.share).toBeCloseTo(19 / 30, 3);
    expect(first.score).toBeCloseTo((100 * (0.4 + 19 / 30)) / 2, 2);
    expect(first.beyond).toEqual({ 15: 0.4, 20: 0.4, 30: 0.4 });
    expect(first.reason).toBe('200 inhabitants beyond 15 min (40 %); 19.0 min to the nearest on average');
    expect(second.key).toBe('near');
    expect(second.components.beyondTarget.population).toBe(0);
  });

  it('adds accessibility and capacity components when given', () => {
    const access = accessibility(reach, demand, sites, { method: '2sfca', decay: binaryDecay(30) });
    const capacity = capacityCoverage(reach, demand, sites, { patientsPerUnit: 1000, targetMinutes: 15 });
    const [first] = rankTerritories(demand, { coverage: cov, access, capacity }, { by: 'zone', accessThreshold: 0.001, accessLabel: 'APL' });
    // 1 GP for the 1,300 people within 30 min: 1/1300 each, under 0.001; f1 at 40 km has none in reach.
    expect(first.components.lowAccess?.population).toBe(500);
    expect(first.components.unserved?.population).toBeGreaterThanOrEqual(200);
    expect(first.reason).toContain('APL 0.0, 500 under 0.001');
    expect(first.gini).not.toBeNull();
  });

  it('ranks each demand point without --by, and rejects bad weights', () => {
    expect(rankTerritories(demand, { coverage: cov }).map((r) => r.key)).toEqual(['f1', 'f2', 'n1']);
    expect(error(() => rankTerritories(demand, { coverage: cov }, { weights: { lowAccess: -1 } })).code).toBe('INVALID_OPTION');
    expect(error(() => rankTerritories(demand, { coverage: cov }, { by: 'canton' })).code).toBe('MISSING_COLUMN');
  });

  // The same points, each zone named, and "far" cut by the border: its 500 inhabitants are a tenth of its 5,000.
  const named = createDemand(
    demand.ids.map((id, i) => ({
      id,
      lon: demand.lon[i],
      lat: demand.lat[i],
      population: demand.population[i],
      attributes: { zone: demand.attributes.zone[i], zone_name: demand.attributes.zone[i] === 'far' ? 'Far valley' : 'Near town', zone_population: demand.attributes.zone[i] === 'far' ? '5000' : '1000' },
    })),
    { source: 'zones.csv' },
  );

  it('names territories from the <by>_name column and ranks a partial one after the whole ones', () => {
    const [first, second] = rankTerritories(named, { coverage: cov }, { by: 'zone' });
    expect([first.key, first.name, first.partial, first.rank]).toEqual(['near', 'Near town', false, 1]);
    expect(first.territoryPopulation).toBe(1000);
    expect(first.shareInside).toBe(1);
    // "far" scores worse (see above) but holds only a tenth of its territory: it comes after.
    expect([second.key, second.name, second.partial, second.rank]).toEqual(['far', 'Far valley', true, 2]);
    expect(second.shareInside).toBeCloseTo(0.1, 12);
    expect(second.score).toBeGreaterThan(first.score);
    expect(second.reason).toBe('partial: 500 of its 5,000 inhabitants in the study area (10 %); 200 inhabitants beyond 15 min (40 %); 19.0 min to the nearest on average');
    // Without the whole population nothing is partial; a territory at 99.6 % counts as whole.
    expect(rankTerritories(demand, { coverage: cov }, { by: 'zone' }).map((r) => [r.key, r.partial, r.shareInside])).toEqual([['far', false, null], ['near', false, null]]);
    const almost = rankTerritories(named, { coverage: cov }, { by: 'zone', territories: new Map([['far', { population: 502 }]]) });
    expect(almost.map((r) => [r.key, r.partial])).toEqual([['far', false], ['near', false]]);
  });

  it('takes names and whole populations given in code before the columns', () => {
    const ranked = rankTerritories(named, { coverage: cov }, { by: 'zone', territories: new Map([['near', { name: 'Bourg', population: 4000 }]]), names: new Map([['far', 'Vallée']]) });
    expect(ranked.map((r) => [r.key, r.name, r.partial])).toEqual([['far', 'Vallée', true], ['near', 'Bourg', true]]);
  });

  it('refuses two whole populations for one territory, naming both rows', () => {
    const bad = createDemand(
      [
        { id: 'a', lon: 0, lat: 0, population: 1, attributes: { epci: 'X', epci_population: '10' } },
        { id: 'b', lon: 0, lat: 0, population: 1, attributes: { epci: 'X', epci_population: '12' } },
      ],
      { source: 'communes.csv' },
    );
    const e = error(() => rankTerritories(bad, { coverage: coverage(travel.reach(bad, sites, { maxMinutes: 30 }), bad) }, { by: 'epci' }));
    expect(e.code).toBe('INVALID_POPULATION');
    expect(e.message).toBe('communes.csv, id "b", field "epci_population", value "12": differs from 10 at id "a" in the same epci "X"; the whole territory\'s population is one number');
  });

  it('turns a ranking into the one table every output writes', () => {
    const access = accessibility(reach, named, sites, { method: '2sfca', decay: binaryDecay(30) });
    const capacity = capacityCoverage(reach, named, sites, { patientsPerUnit: 1000, targetMinutes: 15 });
    const ranked = rankTerritories(named, { coverage: cov, access, capacity }, { by: 'zone', accessLabel: 'APL' });
    const table = rankingTable(ranked, { accessLabel: 'APL' });
    expect(table.columns).toEqual(['rank', 'key', 'name', 'partial', 'share_inside', 'score', 'population', 'beyond_target', 'mean_minutes', 'apl', 'low_apl', 'without_place', 'gini', 'palma', 'reason']);
    const far = table.rows[1];
    expect(far.slice(0, 9)).toEqual([2, 'far', 'Far valley', true, 0.1, Math.round(100 * ranked[1].score) / 100, 500, 200, 19]);
    // 1 GP for the 1,300 people within 30 min (f1 at 40 km reaches none): 1/1300 for f2's 300 people.
    expect(far[9]).toBe(0.0007692);
    expect(far[14]).toBe(ranked[1].reason);
    expect(rankingTable(ranked).columns.slice(9, 11)).toEqual(['accessibility', 'low_accessibility']);
    const bare = rankingTable(rankTerritories(named, { coverage: cov }, { by: 'zone' }));
    expect(bare.rows[0].slice(9, 12)).toEqual([null, null, null]);
  });
});
