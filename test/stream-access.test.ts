import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import './fast-check-seed.js';
import {
  accessibility,
  binaryDecay,
  CareshedError,
  createDemand,
  createSites,
  crowFly,
  gaussianDecay,
  gravityDecay,
  stepDecay,
  streamAccessibility,
  type FcaMethod,
  type ProgressEvent,
} from '../src/index.js';
import { sameBits, scatter } from './scatter.js';

const travel = crowFly({ speedKmh: 45, detour: 1.5 });



describe('streamAccessibility', () => {
  it('gives a site its supply over the demand in reach, by hand (2SFCA)', async () => {
    // Two points 1 km and 2 km from one site (2 and 4 minutes at 2.0 min/km), a third 40 km away.
    const demand = createDemand([
      { id: 'a', lon: 0, lat: 0.008993216, population: 300 },
      { id: 'b', lon: 0, lat: 0.017986432, population: 100 },
      { id: 'c', lon: 0, lat: 0.359728, population: 50 },
    ]);
    const sites = createSites([{ id: 's', lon: 0, lat: 0, capacity: 2 }]);
    const result = await streamAccessibility(travel, demand, sites, { method: '2sfca', maxMinutes: 30, blockSize: 1 });
    expect(result.ratio[0]).toBeCloseTo(2 / 400, 15);
    expect(result.value[0]).toBeCloseTo(2 / 400, 15);
    expect(result.value[1]).toBeCloseTo(2 / 400, 15);
    expect(result.value[2]).toBeNaN();
    expect(result.summary.noSupplyPopulation).toBe(50);
    expect(result.stream).toMatchObject({ blocks: 3, pairCount: 2, largestBlockPairs: 1 });
  });

  it('matches accessibility() on the whole table bit for bit, for every method, block size and memory kept', async () => {
    const decays = [binaryDecay(30), gaussianDecay(10, 30), gravityDecay(1.5, 30), stepDecay([[10, 1], [20, 0.5], [30, 0.25]])];
    const { demand, sites } = scatter(7, 700, 60);
    const whole = travel.reach(demand, sites, { maxMinutes: 30 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<FcaMethod>('2sfca', 'e2sfca', 'gravity', '3sfca', 'bfca'),
        fc.integer({ min: 0, max: decays.length - 1 }),
        fc.integer({ min: 1, max: 800 }),
        fc.constantFrom(0, 400_000, Infinity),
        async (method, d, blockSize, keepBytes) => {
          const decay = method === '2sfca' ? decays[0] : decays[d];
          const expected = accessibility(whole, demand, sites, { method, decay });
          const streamed = await streamAccessibility(travel, demand, sites, { method, decay, blockSize, keepBytes });
          sameBits(streamed.value, expected.value);
          sameBits(streamed.ratio, expected.ratio);
          expect(streamed.summary).toEqual(expected.summary);
          expect(streamed.stream.pairCount).toBe(whole.pairCount);
          expect(streamed.stream.blocks).toBe(Math.ceil(700 / blockSize));
          if (keepBytes === Infinity) expect(streamed.stream.keptBlocks).toBe(streamed.stream.blocks);
          if (keepBytes === 0) expect(streamed.stream.keptBlocks).toBe(0);
          expect(streamed.stream.keptBlocks).toBeLessThanOrEqual(streamed.stream.blocks);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps only the study points with studyCount, the surroundings still competing', async () => {
    const { demand, sites } = scatter(11, 300, 25);
    const decay = gaussianDecay(10, 30);
    const expected = accessibility(travel.reach(demand, sites, { maxMinutes: 30 }), demand, sites, { method: 'e2sfca', decay, studyCount: 200 });
    const streamed = await streamAccessibility(travel, demand, sites, { method: 'e2sfca', decay, studyCount: 200, blockSize: 64 });
    expect(streamed.value.length).toBe(200);
    sameBits(streamed.value, expected.value);
    sameBits(streamed.ratio, expected.ratio);
  });

  it('tells its progress: two steps, each rising to the demand size and finished once', async () => {
    const { demand, sites } = scatter(3, 250, 20);
    const events: (ProgressEvent & { finished?: boolean })[] = [];
    await streamAccessibility(travel, demand, sites, { method: 'e2sfca', decay: gaussianDecay(10, 30), blockSize: 100, onProgress: (e) => events.push(e) });
    const steps = [...new Set(events.map((e) => e.step))];
    expect(steps).toHaveLength(2);
    for (const step of steps) {
      const mine = events.filter((e) => e.step === step);
      for (let k = 1; k < mine.length; k++) expect(mine[k].done).toBeGreaterThanOrEqual(mine[k - 1].done);
      expect(mine.every((e) => e.total === 250)).toBe(true);
      expect(mine.filter((e) => e.finished)).toHaveLength(1);
      expect(mine.at(-1)).toMatchObject({ done: 250, finished: true });
    }
  });

  it('does not change its inputs', async () => {
    const { demand, sites } = scatter(5, 120, 15);
    const before = [Float64Array.from(demand.lon), Float64Array.from(demand.population), Float64Array.from(sites.capacity)];
    await streamAccessibility(travel, demand, sites, { method: 'bfca', decay: gaussianDecay(10, 30), blockSize: 17 });
    expect([demand.lon, demand.population, sites.capacity]).toEqual(before);
  });

  it('refuses what it cannot stream, saying what was expected', async () => {
    const { demand, sites } = scatter(5, 20, 5);
    const refused = async (options: Parameters<typeof streamAccessibility>[3]) => {
      const e = await streamAccessibility(travel, demand, sites, options).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(CareshedError);
      return e as CareshedError;
    };
    expect((await refused({ method: 'e2sfca', decay: gravityDecay(1.5), blockSize: 10 })).code).toBe('INVALID_OPTION');
    const block = await refused({ method: 'e2sfca', decay: gaussianDecay(10, 30), blockSize: 0 });
    expect(block.message).toMatch(/blockSize/);
    expect((await refused({ method: '2sfca', decay: gaussianDecay(10, 30) })).message).toMatch(/binary/);
    expect((await refused({ method: 'e2sfca', decay: gaussianDecay(10, 30), keepBytes: -1 })).message).toMatch(/keepBytes/);
    const beyond = await refused({ method: 'e2sfca', decay: gaussianDecay(10, 30), maxMinutes: 20 });
    expect(beyond.message).toMatch(/30 minutes/);
  });
});

describe('Demand.rows', () => {
  it('views a block of rows, ids and attributes with it, and refuses rows out of range', () => {
    const demand = createDemand(['a', 'b', 'c', 'd'].map((id, i) => ({ id, lon: i, lat: 40 + i, population: 10 * (i + 1), attributes: { departement: `0${i}` } })));
    const block = demand.rows(1, 3);
    expect(block.ids).toEqual(['b', 'c']);
    expect([...block.lon]).toEqual([1, 2]);
    expect([...block.population]).toEqual([20, 30]);
    expect(block.totalPopulation).toBe(50);
    expect(block.attribute('departement')).toEqual(['01', '02']);
    expect(block.indexOf('c')).toBe(1);
    expect(() => demand.rows(3, 5)).toThrow(CareshedError);
    expect(() => demand.rows(2, 1)).toThrow(/not within the 4 demand points/);
  });
});
