import { describe, expect, it } from 'vitest';
import { error } from './expect-error.js';
import { createDemand, createSites } from '../src/index.js';


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
