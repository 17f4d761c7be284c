import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadHighs } from '../src/siting/highs.js';
import { flowAsLp } from './flow-lp.js';
import {
  accessibility,
  apl,
  APL_DECAY,
  capacityCoverage,
  coverage,
  createDemand,
  createSites,
  crowFly,
  evaluate,
  readDemandCsv,
  standardisedPopulationOf,
  withSurroundings,
} from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';
import { error } from './expect-error.js';
import { turfMinutes } from './brute.js';

const KM = (6371.0088 * Math.PI) / 180;
const east = (km: number) => ({ lon: km / KM, lat: 0 });
const kmTravel = crowFly({ speedKmh: 60, detour: 1 }); // one minute per km

describe('withSurroundings', () => {
  const study = createDemand(
    [
      { id: 'a', ...east(0), population: 100, attributes: { epci: 'E1' } },
      { id: 'b', ...east(3), population: 50, attributes: { epci: 'E1' } },
    ],
    { source: 'study.csv' },
  );
  const around = createDemand([{ id: 'x', ...east(14), population: 300, attributes: { dep: '84' } }], { source: 'around.csv' });
  const sites = createSites([{ id: 'gp-a', ...east(0), capacity: 2 }], { source: 'gps.csv' });
  const aroundSites = createSites([{ id: 'gp-x', ...east(16), capacity: 1 }], { source: 'around-gps.csv' });

  it('puts the study first, keeps every attribute (empty where a set lacks it) and leaves the inputs alone', () => {
    const area = withSurroundings(study, sites, { demand: around, sites: aroundSites });
    expect(area.demand.ids).toEqual(['a', 'b', 'x']);
    expect(Array.from(area.demand.population)).toEqual([100, 50, 300]);
    expect(area.demand.attribute('epci')).toEqual(['E1', 'E1', '']);
    expect(area.demand.attribute('dep')).toEqual(['', '', '84']);
    expect(area.sites.ids).toEqual(['gp-a', 'gp-x']);
    expect(Array.from(area.sites.capacity)).toEqual([2, 1]);
    expect(area.studyCount).toBe(2);
    expect(area.study).toBe(study);
    expect(study.ids).toEqual(['a', 'b']);
    expect(withSurroundings(study, sites, {}).demand).toBe(study);
  });

  it('refuses an id in both sets, naming both', () => {
    const clash = createDemand([{ id: 'b', ...east(20), population: 1 }], { source: 'around.csv' });
    const e = error(() => withSurroundings(study, sites, { demand: clash }));
    expect(e.code).toBe('DUPLICATE_ID');
    expect(e.message).toBe('around.csv, id "b", field "id": is both in the study\'s demand (study.csv) and in its surroundings; ids must be unique across the two');
    expect(error(() => withSurroundings(study, sites, { sites: createSites([{ id: 'gp-a', ...east(1) }]) })).message).toContain("study's sites (gps.csv)");
  });

  it('by hand: a village across the border shares the study\'s GPs and brings its own', () => {
    // a (100) at 0 km, b (50) at 3 km, x (300) across the border at 14 km; gp-a (2 GPs) at 0 km, gp-x (1 GP) at 16 km.
    // Minutes = km. APL steps: ≤10 → 1, ≤15 → 2/3, ≤20 → 1/3.
    const area = withSurroundings(study, sites, { demand: around, sites: aroundSites });
    const reach = kmTravel.reach(area.demand, area.sites, { maxMinutes: 20 });
    const result = apl(reach, area.demand, area.sites, { activityPerGp: 3000, studyCount: area.studyCount });
    // gp-a faces 100 + 50 + 300·2/3 = 350; gp-x (at 16 from a, 13 from b, 2 from x) faces 100/3 + 50·2/3 + 300 = 366.67.
    const ra = 6000 / 350;
    const rx = 3000 / (100 / 3 + 100 / 3 + 300);
    expect(result.value).toHaveLength(2);
    expect(result.value[0]).toBeCloseTo(ra + rx / 3, 9);
    expect(result.value[1]).toBeCloseTo(ra + (rx * 2) / 3, 9);
    expect(result.ratio[1]).toBeCloseTo(rx, 9);
    expect(result.summary.meanValue).toBeCloseTo((100 * result.value[0] + 50 * result.value[1]) / 150, 9);
    // Without the surroundings: gp-a faces 150 only, and gp-x is not there.
    const alone = apl(kmTravel.reach(study, sites, { maxMinutes: 20 }), study, sites, { activityPerGp: 3000 });
    expect(alone.value[0]).toBeCloseTo(6000 / 150, 9);
  });
});

describe('studyCount (property): the study part of the whole computation, summaries of the study only', () => {
  const place = fc.record({ lon: fc.double({ min: 1, max: 1.4, noNaN: true }), lat: fc.double({ min: 43, max: 43.4, noNaN: true }) });
  it('accessibility, APL and coverage', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(place, fc.integer({ min: 0, max: 5000 })), { minLength: 2, maxLength: 30 }),
        fc.array(fc.tuple(place, fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom('e2sfca', '3sfca', 'bfca') as fc.Arbitrary<'e2sfca' | '3sfca' | 'bfca'>,
        (d, s, cut, method) => {
          fc.pre(d.some(([, p]) => p > 0));
          const demand = createDemand(d.map(([p, population], i) => ({ id: `d${i}`, ...p, population })));
          const sites = createSites(s.map(([p, capacity], j) => ({ id: `s${j}`, ...p, capacity })));
          const n = cut % (demand.size + 1);
          const reach = crowFly({ speedKmh: 45, detour: 1.5 }).reach(demand, sites, { maxMinutes: 20 });
          const whole = accessibility(reach, demand, sites, { method, decay: APL_DECAY });
          const part = accessibility(reach, demand, sites, { method, decay: APL_DECAY, studyCount: n });
          expect(Array.from(part.value)).toEqual(Array.from(whole.value.subarray(0, n)));
          expect(Array.from(part.ratio)).toEqual(Array.from(whole.ratio));
          let mass = 0;
          let weight = 0;
          let none = 0;
          for (let i = 0; i < n; i++) {
            if (Number.isNaN(whole.value[i])) none++;
            else {
              mass += whole.value[i] * demand.population[i];
              weight += demand.population[i];
            }
          }
          if (weight > 0) expect(part.summary.meanValue).toBeCloseTo(mass / weight, 9);
          else expect(part.summary.meanValue).toBeNull();
          expect(part.summary.noSupplyCount).toBe(none);
          const cov = coverage(reach, demand, { targetMinutes: 15, studyCount: n });
          const all = coverage(reach, demand, { targetMinutes: 15 });
          expect(Array.from(cov.minutes)).toEqual(Array.from(all.minutes.subarray(0, n)));
          expect(cov.summary.population).toBe(demand.population.subarray(0, n).reduce((t, p) => t + p, 0));
          expect(cov.summary.demandCount).toBe(n);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('capacity: the study gets at least the whole maximum minus the most the surroundings can take, at most its own maximum (HiGHS LPs), nearest first between', async () => {
    const highs = await loadHighs();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(place, fc.integer({ min: 0, max: 500 })), { minLength: 2, maxLength: 14 }),
        fc.array(fc.tuple(place, fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (d, s, cut) => {
          const demand = createDemand(d.map(([p, population], i) => ({ id: `d${i}`, ...p, population })));
          const sites = createSites(s.map(([p, capacity], j) => ({ id: `s${j}`, ...p, capacity })));
          const n = 1 + (cut % (demand.size - 1)); // a study and some surroundings
          const reach = crowFly({ speedKmh: 45, detour: 1.5 }).reach(demand, sites, { maxMinutes: 15 });
          const result = capacityCoverage(reach, demand, sites, { targetMinutes: 15, patientsPerUnit: 100, studyCount: n });
          const only = (keep: (i: number) => boolean) => demand.withPopulation(Float64Array.from(demand.population, (p, i) => (keep(i) ? p : 0)));
          const everyone = flowAsLp(highs, reach, demand, sites, 100, 15);
          const surroundings = flowAsLp(highs, reach, only((i) => i >= n), sites, 100, 15);
          const study = flowAsLp(highs, reach, only((i) => i < n), sites, 100, 15);
          const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6 * Math.max(1, b));
          close(result.summary.assignedPopulationAtLeast!, everyone - surroundings);
          close(result.summary.assignedPopulationAtMost!, study);
          // The nearest-first split lies between the two.
          expect(result.summary.assignedPopulation).toBeGreaterThanOrEqual(result.summary.assignedPopulationAtLeast! - 1e-6);
          expect(result.summary.assignedPopulation).toBeLessThanOrEqual(result.summary.assignedPopulationAtMost! + 1e-6);
          expect(result.assigned).toHaveLength(n);
          close(result.assigned.reduce((t, x) => t + x, 0), result.summary.assignedPopulation);
          expect(result.summary.population).toBe(demand.population.subarray(0, n).reduce((t, p) => t + p, 0));
          close(result.load.reduce((t, x) => t + x, 0), everyone);
          for (let j = 0; j < sites.size; j++) expect(result.load[j]).toBeLessThanOrEqual(100 * sites.capacity[j] + 1e-6);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('evaluate with a study area', () => {
  const { communes, gpCommunes, surroundings, epciNames } = loadOccitanie();
  const area = withSurroundings(communes, gpCommunes, { demand: surroundings.communes, sites: surroundings.gpCommunes });
  const reach = crowFly({ speedKmh: 45, detour: 1.5 }).reach(area.demand, area.sites, { maxMinutes: 20 });

  it('returns the study\'s coverage, APL, capacity and ranking, computed with the surroundings in', () => {
    const run = evaluate(reach, area.demand, area.sites, { study: communes, rankBy: 'epci', names: epciNames });
    const n = communes.size;
    expect(run.coverage.minutes).toHaveLength(n);
    expect(run.access.value).toHaveLength(n);
    expect(run.capacity.assigned).toHaveLength(n);
    expect(run.coverage.summary.population).toBe(communes.totalPopulation);
    expect(run.capacity.summary.population).toBe(communes.totalPopulation);
    expect(run.access.summary.demandWeight).toBe('standardised_population');
    // Every territory is an EPCI of Occitanie (the neighbours have none), and their people add up to the region's.
    expect(run.ranking.every((t) => epciNames.has(t.key))).toBe(true);
    expect(run.ranking.reduce((t, r) => t + r.population, 0)).toBe(communes.totalPopulation);
    const direct = apl(reach, area.demand, area.sites, { studyCount: n });
    expect(Array.from(run.access.value)).toEqual(Array.from(direct.value));
  });

  it('refuses a study that is not the first points of the demand', () => {
    const e = error(() => evaluate(reach, area.demand, area.sites, { study: surroundings.communes }));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toMatch(/point 1 is "04163" in the study but "09001" in the demand/);
  });

  it('the APL of the border communes equals an all-pairs brute force over both sides of the border', () => {
    // The 40 communes of Occitanie nearest a neighbour commune: their APL depends on GPs and people across the border.
    const nearestAcross = Array.from({ length: communes.size }, (_, i) => {
      let best = Infinity;
      for (let k = 0; k < surroundings.communes.size; k++) best = Math.min(best, Math.hypot(communes.lon[i] - surroundings.communes.lon[k], communes.lat[i] - surroundings.communes.lat[k]));
      return [i, best] as const;
    })
      .sort((a, b) => a[1] - b[1])
      .slice(0, 40)
      .map(([i]) => i);
    const result = apl(reach, area.demand, area.sites, { studyCount: communes.size });
    const weight = standardisedPopulationOf(area.demand)!;
    const pt = (set: { lon: Float64Array; lat: Float64Array }, i: number) => ({ lon: set.lon[i], lat: set.lat[i] });
    const minutes = (i: number, j: number) => turfMinutes(pt(area.demand, i), pt(area.sites, j), 45, 1.5);
    const step = (t: number) => (t <= 10 ? 1 : t <= 15 ? 2 / 3 : t <= 20 ? 1 / 3 : 0);
    const nearStep = (t: number) => [10, 15, 20].some((b) => Math.abs(t - b) < 1e-4);
    const faced = new Map<number, number>();
    let acrossBorder = 0;
    let checked = 0;
    for (const i of nearestAcross) {
      let value = 0;
      let ambiguous = false;
      for (let j = 0; j < area.sites.size; j++) {
        const t = minutes(i, j);
        if (nearStep(t)) ambiguous = true;
        if (step(t) === 0) continue;
        if (j >= gpCommunes.size) acrossBorder++;
        if (!faced.has(j)) {
          let sum = 0;
          for (let k = 0; k < area.demand.size; k++) {
            const tk = minutes(k, j);
            if (nearStep(tk)) ambiguous = true;
            sum += weight[k] * step(tk);
          }
          faced.set(j, sum);
        }
        value += (step(t) * area.sites.capacity[j] * 3900) / faced.get(j)!;
      }
      if (ambiguous) continue; // a pair within 1e-4 minutes of a step: float32 minutes may fall either side
      checked++;
      expect(result.value[i]).toBeCloseTo(value, 4);
    }
    expect(checked).toBeGreaterThanOrEqual(30);
    expect(acrossBorder).toBeGreaterThan(0);
  });
});

describe('the standardised population', () => {
  const csv = 'id,lon,lat,population,standardised_population,older\na,1.4,43.6,100,112.5,130\nb,1.5,43.6,200,190,150\n';
  const demand = readDemandCsv(csv, { source: 'd.csv' });
  const sites = createSites([{ id: 's', lon: 1.45, lat: 43.6, capacity: 1 }]);
  const reach = kmTravel.reach(demand, sites, { maxMinutes: 20 });

  it('is the standardised_population column by default, another column when named, the population when false', () => {
    expect(Array.from(standardisedPopulationOf(demand)!)).toEqual([112.5, 190]);
    expect(Array.from(standardisedPopulationOf(demand, 'older')!)).toEqual([130, 150]);
    expect(standardisedPopulationOf(readDemandCsv('id,lon,lat,population\na,1,43,5\n'))).toBeUndefined();
    // One site within 10 minutes of both: APL = 3,900 / Σ weights for each.
    expect(apl(reach, demand, sites).value[0]).toBeCloseTo(3900 / 302.5, 9);
    expect(apl(reach, demand, sites).summary.demandWeight).toBe('standardised_population');
    expect(apl(reach, demand, sites, { standardisedPopulation: 'older' }).value[0]).toBeCloseTo(3900 / 280, 9);
    expect(apl(reach, demand, sites, { standardisedPopulation: 'older' }).summary.demandWeight).toBe('older');
    expect(apl(reach, demand, sites, { standardisedPopulation: false }).value[0]).toBeCloseTo(3900 / 300, 9);
    expect(apl(reach, demand, sites, { standardisedPopulation: false }).summary.demandWeight).toBe('population');
    expect(apl(reach, demand, sites, { standardisedPopulation: [1, 2] }).summary.demandWeight).toBe('given');
  });

  it('must be there for every point, and be a number', () => {
    expect(error(() => standardisedPopulationOf(demand, 'young')).code).toBe('MISSING_COLUMN');
    const gap = readDemandCsv('id,lon,lat,population,standardised_population\na,1,43,5,4\nb,1,43,5,\n', { source: 'gap.csv' });
    const e = error(() => standardisedPopulationOf(gap));
    expect(e.code).toBe('INVALID_POPULATION');
    expect(e.message).toMatch(/^gap\.csv, id "b", field "standardised_population", value "": is empty/);
    const area = withSurroundings(demand, sites, { demand: readDemandCsv('id,lon,lat,population\nx,1.46,43.6,50\n', { source: 'around.csv' }) });
    expect(error(() => apl(kmTravel.reach(area.demand, area.sites, { maxMinutes: 20 }), area.demand, area.sites, { studyCount: 2 })).message).toMatch(/id "x", field "standardised_population", value "": is empty; .*surroundings too/);
    expect(error(() => standardisedPopulationOf(readDemandCsv('id,lon,lat,population,standardised_population\na,1,43,5,-1\n'))).message).toContain('is negative');
  });
});
