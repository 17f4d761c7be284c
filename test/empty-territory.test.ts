import { describe, expect, it } from 'vitest';
import { coverage, coverageBy, createDemand, createSites, crowFly, greatCircleKm, rankTerritories, territoryNames } from '../src/index.js';

// Demand points with no value of the grouping attribute (an empty cell) are kept as one group of their own,
// key "", named "(none)", after every territory: counted, never dropped, never ranked as a territory.
const demand = createDemand([
  { id: 'a', lon: 1.0, lat: 43.0, population: 100, attributes: { dep: '09' } },
  { id: 'b', lon: 1.05, lat: 43.0, population: 50, attributes: { dep: '09' } },
  { id: 'c', lon: 2.0, lat: 43.5, population: 400, attributes: { dep: '' } },
  { id: 'd', lon: 1.04, lat: 43.04, population: 30, attributes: { dep: '31' } },
]);
const sites = createSites([{ id: 's', lon: 1.0, lat: 43.0 }]);
const travel = crowFly({ speedKmh: 45, detour: 1.5 });

describe('demand points with no value of the attribute', () => {
  it('form the last group of coverageBy, with their own population and coverage', async () => {
    const result = coverage(await travel.reach(demand, sites, { maxMinutes: 60 }), demand, { targetMinutes: 15 });
    const groups = coverageBy(result, demand, 'dep');
    expect(groups.map((g) => g.key)).toEqual(['09', '31', '']);
    // c is 92 km from the site at 2 minutes a km: beyond 15 minutes; its group holds it alone.
    expect(2 * greatCircleKm(2.0, 43.5, 1.0, 43.0)).toBeGreaterThan(15);
    expect(groups[2]).toMatchObject({ demandCount: 1, population: 400, coveredPopulation: 0 });
    expect(territoryNames(demand, 'dep')?.get('')).toBe('(none)');
  });

  it('are ranked after every territory, named "(none)", however badly they are served', async () => {
    const result = coverage(await travel.reach(demand, sites, { maxMinutes: 60 }), demand, { targetMinutes: 15 });
    const ranked = rankTerritories(demand, { coverage: result }, { by: 'dep' });
    expect(ranked.map((r) => [r.rank, r.key, r.name])).toEqual([
      [1, '31', '31'],
      [2, '09', '09'],
      [3, '', '(none)'],
    ]);
    // Worse served than any territory (all 400 beyond the target), yet last.
    expect(ranked[2].components.beyondTarget.population).toBe(400);
    expect(ranked[2].score).toBeGreaterThan(ranked[0].score);
  });
});
