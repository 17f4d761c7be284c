import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { error } from './expect-error.js';
import { checkSwapped, createDemand, createSites, nearestName, seededRandom, type PlacedPoints } from '../src/index.js';


const ok = { id: 'a', lon: 1.44, lat: 43.6, population: 100 };

describe('createDemand', () => {
  it('packs records into typed arrays and sums the population', () => {
    const demand = createDemand([ok, { id: 'b', lon: '2.5', lat: '44', population: '50.5', attributes: { dep: '09' } }]);
    expect(demand.size).toBe(2);
    expect(Array.from(demand.lon)).toEqual([1.44, 2.5]);
    expect(demand.totalPopulation).toBe(150.5);
    expect(demand.attribute('dep')).toEqual(['', '09']);
    expect(demand.indexOf('b')).toBe(1);
    expect(demand.indexOf('zz')).toBe(-1);
  });

  it('rejects an empty input', () => {
    expect(error(() => createDemand([], { source: 'x.csv' })).code).toBe('EMPTY_INPUT');
  });

  it.each([
    ['lon', '', 'INVALID_COORDINATE', /is empty/],
    ['lon', 'abc', 'INVALID_COORDINATE', /not a number/],
    ['lat', NaN, 'INVALID_COORDINATE', /not a number/],
    ['lon', 181, 'INVALID_COORDINATE', /out of range/],
    ['lat', 90.5, 'SWAPPED_COORDINATES', /swapped/],
    ['lon', 574123.5, 'PROJECTED_COORDINATES', /projected metres/],
  ] as const)('rejects %s = %j with %s', (field, value, code, message) => {
    const e = error(() => createDemand([ok, { ...ok, id: 'b', [field]: value }], { source: 'communes.csv' }));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message).toContain('communes.csv');
    expect(e.message).toContain('row 2');
    expect(e.message).toContain('id "b"');
    expect(e.location.field).toBe(field);
  });

  it('names Lambert-93 coordinates as projected', () => {
    const e = error(() => createDemand([{ id: 'tls', lon: 574_000, lat: 6_280_000, population: 1 }]));
    expect(e.code).toBe('PROJECTED_COORDINATES');
    expect(e.message).toMatch(/EPSG:4326/);
  });

  it('names swapped coordinates when latitude is out of range but longitude would be a latitude', () => {
    // Seattle written lat, lon: (47.6, -122.3) read as lon 47.6, lat -122.3.
    expect(error(() => createDemand([{ id: 'x', lon: 47.6, lat: -122.3, population: 1 }])).code).toBe('SWAPPED_COORDINATES');
    // Out of range with no swap that would help: plain out of range.
    const e = error(() => createDemand([{ id: 'y', lon: 120, lat: -91, population: 1 }]));
    expect(e.code).toBe('INVALID_COORDINATE');
    expect(e.message).toMatch(/latitude in \[-90, 90\]/);
  });

  it('uses the study area to catch swaps that stay in range', () => {
    const bounds = [-0.5, 42.2, 5, 45.2] as const;
    const e = error(() => createDemand([{ id: '31555', lon: 43.6, lat: 1.44, population: 1 }], { bounds, source: 'c.csv' }));
    expect(e.code).toBe('SWAPPED_COORDINATES');
    expect(e.message).toContain('(1.44, 43.6) is inside');
    expect(error(() => createDemand([{ id: 'paris', lon: 2.35, lat: 48.85, population: 1 }], { bounds })).code).toBe('OUT_OF_BOUNDS');
  });

  it.each([
    [-1, /negative/],
    ['-3', /negative/],
    ['many', /not a number/],
    ['', /is empty/],
    [undefined, /is empty/],
    [Infinity, /not a number/],
    ['3,5', /use a point, not a comma/],
  ])('rejects population %j', (population, message) => {
    const e = error(() => createDemand([{ ...ok, population }]));
    expect(e.code).toBe('INVALID_POPULATION');
    expect(e.message).toMatch(message);
    expect(e.location.field).toBe('population');
  });

  it('rejects duplicate ids naming both places', () => {
    const e = error(() => createDemand([ok, { ...ok, id: 'b' }, ok], { source: 'c.csv' }));
    expect(e.code).toBe('DUPLICATE_ID');
    expect(e.message).toContain('row 3');
    expect(e.message).toContain('first at row 1');
  });

  it('rejects numeric and empty ids: ids are strings', () => {
    expect(error(() => createDemand([{ ...ok, id: 1001 }])).code).toBe('INVALID_ID');
    expect(error(() => createDemand([{ ...ok, id: ' ' }])).code).toBe('INVALID_ID');
  });

  it('never mutates its input and is frozen', () => {
    const records = [{ ...ok, attributes: { dep: '31' } }, { id: 'b', lon: '2', lat: '44', population: '3' }];
    const copy = structuredClone(records);
    const demand = createDemand(records);
    expect(records).toEqual(copy);
    expect(Object.isFrozen(demand)).toBe(true);
    expect(Object.isFrozen(demand.ids)).toBe(true);
  });

  it('withPopulation gives a new demand and leaves the old one', () => {
    const demand = createDemand([ok]);
    const other = demand.withPopulation(new Float64Array([7]));
    expect(other.totalPopulation).toBe(7);
    expect(demand.totalPopulation).toBe(100);
    expect(other.indexOf('a')).toBe(0);
  });

  it('names the known attributes when asked for an absent one', () => {
    const demand = createDemand([{ ...ok, attributes: { departement: '31' } }]);
    expect(() => demand.attribute('epci')).toThrow(/attributes found: departement/);
  });
});

describe('createSites', () => {
  it('defaults capacity to 1 and reads it when given', () => {
    const sites = createSites([
      { id: 's1', lon: 1, lat: 43 },
      { id: 's2', lon: 1, lat: 43, capacity: '4' },
    ]);
    expect(Array.from(sites.capacity)).toEqual([1, 4]);
  });

  it.each([[-2], ['x'], ['']])('rejects capacity %j', (capacity) => {
    const e = error(() => createSites([{ id: 's', lon: 1, lat: 43, capacity }]));
    expect(e.code).toBe('INVALID_CAPACITY');
  });
});

describe('nearestName', () => {
  it.each([
    ['popluation', ['id', 'lon', 'lat', 'population'], 'population'],
    ['Population', ['id', 'population'], 'population'],
    ['epic', ['epci', 'departement'], 'epci'],
    ['pop', ['id', 'pop_standardisee', 'population'], 'population'],
    ['departemnt', ['name', 'departement', 'departement_name'], 'departement'],
    ['canton', ['name', 'departement', 'epci', 'gps'], undefined],
    ['x', ['lon', 'lat'], undefined],
  ] as const)('%s among %j: %s', (name, known, expected) => {
    expect(nearestName(name, known)).toBe(expected);
  });

  it('a missing attribute lists those there are and suggests the nearest', () => {
    const demand = createDemand([{ ...ok, attributes: { departement: '31', epci: '243100518' } }], { source: 'c.csv' });
    expect(error(() => demand.attribute('epic')).message).toBe('c.csv, field "epic": no attribute "epic"; attributes found: departement, epci (did you mean "epci"?)');
  });
});

describe('checkSwapped', () => {
  /** n points spread over a box, as a set for checkSwapped. */
  const spread = (source: string, n: number, [w, s, e, north]: number[], seed: number): PlacedPoints => {
    const random = seededRandom(seed);
    const lon = Float64Array.from({ length: n }, () => w + (e - w) * random());
    const lat = Float64Array.from({ length: n }, () => s + (north - s) * random());
    return { source, what: 'points', ids: Array.from({ length: n }, (_, i) => `${source}-${i}`), lon, lat };
  };
  const swap = (set: PlacedPoints, rows?: number[]): PlacedPoints => {
    const lon = Float64Array.from(set.lon);
    const lat = Float64Array.from(set.lat);
    for (const i of rows ?? set.ids.map((_, k) => k)) [lon[i], lat[i]] = [lat[i], lon[i]];
    return { ...set, lon, lat };
  };
  const occitanie = [-0.3, 42.3, 4.8, 45];

  it('finds a file of sites written lat,lon against demand written lon,lat, and names its first row', () => {
    const demand = spread('communes.csv', 400, occitanie, 1);
    const sites = swap(spread('gps.csv', 50, occitanie, 2));
    const e = error(() => checkSwapped([demand, sites]));
    expect(e.code).toBe('SWAPPED_COORDINATES');
    expect(e.location).toMatchObject({ source: 'gps.csv', row: 1, id: 'gps.csv-0', field: 'lon', value: sites.lon[0] });
    expect(e.message).toContain('the 50 points of gps.csv lie away from the 400 points of communes.csv (none within their area), but with longitude and latitude swapped 50 of them fall within it');
    expect(e.message).toContain('swap the names of the lon and lat columns of gps.csv');
    // Two sets in the same relation either way: the later one is blamed, the other named as the alternative.
    expect(e.message).toContain('(or, if it is communes.csv that is written the other way round, fix that one)');
  });

  it('blames the set at odds with the two others', () => {
    const demand = swap(spread('communes.csv', 300, occitanie, 3));
    const e = error(() => checkSwapped([demand, spread('existing.csv', 40, occitanie, 4), spread('candidates.csv', 60, occitanie, 5)]));
    expect(e.location.source).toBe('communes.csv');
    expect(e.message).not.toContain('(or, if it is');
  });

  it('finds single rows typed the other way round, and leaves far but plausible points alone', () => {
    const demand = spread('communes.csv', 300, occitanie, 6);
    const e = error(() => checkSwapped([swap(demand, [17])]));
    expect(e.location).toMatchObject({ source: 'communes.csv', row: 18, id: 'communes.csv-17', field: 'lon' });
    expect(e.message).toContain('are longitude and latitude swapped on this row?');
    // A site in Paris is far from Occitanie, but its swap is not inside it either.
    const paris = { source: 'far.csv', what: 'sites', ids: ['paris'], lon: [2.35], lat: [48.86] };
    expect(() => checkSwapped([demand, paris])).not.toThrow();
    // Without --bounds but with the line of the file when the caller knows it.
    const located = { ...swap(demand, [3]), locate: (i: number) => ({ source: 'communes.csv', line: i + 2 }) };
    expect(error(() => checkSwapped([located])).location).toMatchObject({ line: 5, id: 'communes.csv-3' });
  });

  it('never refuses points as given, and always finds a whole set swapped (away from the diagonal lon = lat)', () => {
    const area = fc.record({ lon: fc.double({ min: -10, max: 25, noNaN: true }), lat: fc.double({ min: 36, max: 60, noNaN: true }), width: fc.double({ min: 0.2, max: 5, noNaN: true }), height: fc.double({ min: 0.2, max: 5, noNaN: true }) }).filter((a) => a.lat - (a.lon + a.width) > 6);
    fc.assert(
      fc.property(area, fc.integer({ min: 20, max: 200 }), fc.integer({ min: 1, max: 60 }), fc.integer(), (a, n, m, seed) => {
        const box = [a.lon, a.lat, a.lon + a.width, a.lat + a.height];
        const demand = spread('d', n, box, seed);
        const sites = spread('s', m, box, seed + 1);
        checkSwapped([demand, sites]);
        const e = error(() => checkSwapped([demand, swap(sites)]));
        expect(e.code).toBe('SWAPPED_COORDINATES');
        // With fewer sites than demand points it is the sites, on a tie the later set: the sites too.
        expect(e.location.source).toBe('s');
      }),
      { numRuns: 60 },
    );
  });
});
