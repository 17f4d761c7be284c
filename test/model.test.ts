import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { error } from './expect-error.js';
import { checkSwapped, createDemand, createSites, greatCircleKm, nearestName, neighbourAnisotropy, seededRandom, type PlacedPoints } from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';


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
  /** n points spread over a box at random (no spacing to read), as a set for checkSwapped. */
  const spread = (source: string, n: number, [w, s, e, north]: number[], seed: number): PlacedPoints => {
    const random = seededRandom(seed);
    const lon = Float64Array.from({ length: n }, () => w + (e - w) * random());
    const lat = Float64Array.from({ length: n }, () => s + (north - s) * random());
    return { source, what: 'points', ids: Array.from({ length: n }, (_, i) => `${source}-${i}`), lon, lat };
  };
  /**
   * About n points spaced evenly in km over a box, each moved at random by up to a third of the spacing: how
   * villages and communes lie (settlements keep apart), unlike points drawn at random.
   */
  const regular = (source: string, n: number, [w, s, e, north]: number[], seed: number): PlacedPoints => {
    const random = seededRandom(seed);
    const cos = Math.cos((((s + north) / 2) * Math.PI) / 180);
    const spacingKm = Math.sqrt(((e - w) * 111.2 * cos * (north - s) * 111.2) / n);
    const lon: number[] = [];
    const lat: number[] = [];
    for (let y = s; y <= north; y += spacingKm / 111.2) {
      const step = spacingKm / (111.2 * Math.cos((y * Math.PI) / 180));
      for (let x = w; x <= e; x += step) {
        lon.push(x + (random() - 0.5) * 0.66 * step);
        lat.push(y + ((random() - 0.5) * 0.66 * spacingKm) / 111.2);
      }
    }
    return { source, what: 'points', ids: lon.map((_, i) => `${source}-${i}`), lon, lat };
  };
  const swap = (set: PlacedPoints, rows?: number[]): PlacedPoints => {
    const lon = Float64Array.from(set.lon);
    const lat = Float64Array.from(set.lat);
    for (const i of rows ?? set.ids.map((_, k) => k)) [lon[i], lat[i]] = [lat[i], lon[i]];
    return { ...set, lon, lat };
  };
  const occitanie = [-0.3, 42.3, 4.8, 45];

  it('names both files, with a row of each, when the points alone cannot tell which one is written lat,lon', () => {
    // Points drawn at random have no spacing to read: either file may be the one written the other way round.
    const demand = spread('communes.csv', 400, occitanie, 1);
    const sites = swap(spread('gps.csv', 50, occitanie, 2));
    const e = error(() => checkSwapped([demand, sites]));
    expect(e.code).toBe('SWAPPED_COORDINATES');
    expect(e.location.source).toBeUndefined();
    expect(e.message).toContain('the 400 points of communes.csv and the 50 points of gps.csv lie apart (none within the other\'s area), but meet when one of them is read with longitude and latitude swapped');
    expect(e.message).toContain('the points alone cannot tell which');
    expect(e.message).toContain(`communes.csv row 1 reads (${demand.lon[0]}, ${demand.lat[0]}); gps.csv row 1 reads (${sites.lon[0]}, ${sites.lat[0]})`);
    // One point against one point: the same, and with the lines of the files when the caller knows them.
    const one = (source: string, lon: number, lat: number): PlacedPoints => ({ source, what: 'points', ids: ['x'], lon: [lon], lat: [lat], locate: () => ({ source, line: 2 }) });
    expect(error(() => checkSwapped([one('d.csv', 43.1, 1.2), one('s.csv', 1.2, 43.1)])).message).toContain('d.csv line 2 reads (43.1, 1.2); s.csv line 2 reads (1.2, 43.1)');
  });

  it('blames the file whose points are spaced as places drawn at the wrong latitude, or the other whose are even', () => {
    const communes = regular('communes.csv', 400, occitanie, 3);
    const gps = spread('gps.csv', 50, occitanie, 4);
    // The communes evenly spaced as given (and not swapped): the sites are the file written lat,lon.
    const sitesWrong = error(() => checkSwapped([communes, swap(gps)]));
    expect(sitesWrong.location).toMatchObject({ source: 'gps.csv', row: 1, id: 'gps.csv-0', field: 'lon', value: gps.lat[0] });
    expect(sitesWrong.message).toContain(`the 50 points of gps.csv lie away from the ${communes.ids.length} points of communes.csv (none within their area), but fall among them with longitude and latitude swapped. This file is the one written latitude first: the points of communes.csv are evenly spaced in every direction as given`);
    expect(sitesWrong.message).toContain('swap the names of the lon and lat columns of gps.csv');
    // The communes written lat,lon: measured in km where they then stand, their neighbours line up along one axis.
    const demandWrong = error(() => checkSwapped([swap(communes), gps]));
    expect(demandWrong.location).toMatchObject({ source: 'communes.csv', id: 'communes.csv-0' });
    expect(demandWrong.message).toContain("This file is the one written latitude first: its points' nearest neighbours line up along one axis in km");
    expect(demandWrong.message).toContain('swap the names of the lon and lat columns of communes.csv');
  });

  it('blames the set at odds with the two others', () => {
    const demand = swap(spread('communes.csv', 300, occitanie, 3));
    const e = error(() => checkSwapped([demand, spread('existing.csv', 40, occitanie, 4), spread('candidates.csv', 60, occitanie, 5)]));
    expect(e.location.source).toBe('communes.csv');
    expect(e.message).toContain('lie away from the 40 points of existing.csv and the 60 points of candidates.csv (none within their area)');
    expect(e.message).toContain('Are longitude and latitude swapped there?');
  });

  it('refuses every file written lat,lon when the points lie at |lat| < |lon| and their spacing says so', () => {
    const demand = swap(regular('communes.csv', 400, occitanie, 6));
    const sites = swap(spread('gps.csv', 50, occitanie, 7));
    const e = error(() => checkSwapped([demand, sites]));
    expect(e.code).toBe('SWAPPED_COORDINATES');
    expect(e.location).toMatchObject({ source: 'communes.csv', id: 'communes.csv-0', field: 'lon' });
    expect(e.message).toContain(`every file seems written latitude, longitude: the ${(demand.ids.length + 50).toLocaleString('en-GB')} points of communes.csv, gps.csv lie at |latitude| < |longitude|`);
    expect(e.message).toContain('If the points really lie there, give the study area');
    // The same places written the right way round, or drawn at random (nothing to read), pass.
    expect(() => checkSwapped([swap(demand), swap(sites)])).not.toThrow();
    expect(() => checkSwapped([swap(spread('random.csv', 400, occitanie, 8)), sites])).not.toThrow();
  });

  it('leaves real places alone where a swap would land: East Africa, Arabia, Brazil, India', () => {
    // Evenly spaced villages around Nairobi, Addis Ababa, Riyadh, Recife and Chennai: |lat| < |lon| as given.
    for (const [lon, lat] of [[36.8, -1.3], [38.7, 9], [46.7, 24.7], [-34.9, -8], [80.3, 13.1]]) {
      const villages = regular('villages.csv', 500, [lon - 1.5, lat - 1.5, lon + 1.5, lat + 1.5], 9);
      expect(() => checkSwapped([villages, spread('clinics.csv', 30, [lon - 1.5, lat - 1.5, lon + 1.5, lat + 1.5], 10)])).not.toThrow();
    }
    // A few real places of the world in one file, and the capitals of East Africa.
    const places = { source: 'places.csv', what: 'points', ids: [] as string[], lon: [] as number[], lat: [] as number[] };
    for (const [lon, lat] of [[36.82, -1.29], [38.75, 9.03], [32.58, 0.35], [39.28, -6.79], [45.34, 2.04], [30.06, -1.95], [3.38, 6.52], [-0.19, 5.6], [-17.47, 14.72], [15.27, -4.44], [28.05, -26.2], [31.24, 30.04], [46.72, 24.69], [55.27, 25.2], [51.39, 35.69], [67.01, 24.86], [72.88, 19.08], [79.86, 6.93], [-34.88, -8.05], [-46.63, -23.55], [-74.07, 4.71], [-78.47, -0.18], [-99.13, 19.43], [2.35, 48.86], [-3.7, 40.42], [12.5, 41.9], [13.4, 52.52], [139.69, 35.69], [103.82, 1.35], [151.21, -33.87]]) {
      places.ids.push(`${lon},${lat}`);
      places.lon.push(lon);
      places.lat.push(lat);
    }
    expect(() => checkSwapped([places])).not.toThrow();
    expect(() => checkSwapped([{ ...places, ids: places.ids.slice(0, 6), lon: places.lon.slice(0, 6), lat: places.lat.slice(0, 6) }])).not.toThrow();
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

  it('names the field of a point given by name (a scenario\'s add[0]), and says to swap its two values', () => {
    const added = { source: 'plan.json', what: 'added sites', ids: ['n1'], lon: [43.1], lat: [1.2], locate: (k: number) => ({ source: 'plan.json', field: `add[${k}].lon` }) };
    const e = error(() => checkSwapped([spread('communes.csv', 300, occitanie, 11), spread('centres.csv', 8, occitanie, 12), added]));
    expect(e.location).toMatchObject({ source: 'plan.json', id: 'n1', field: 'add[0].lon', value: 43.1 });
    expect(e.message).toContain('the 1 added site of plan.json lies away from the 300 points of communes.csv and the 8 points of centres.csv (none within their area), but falls among them');
    expect(e.message).toContain('swap the two values of add[0]');
  });

  it('never refuses points as given, and never blames the file written the right way round', () => {
    const area = fc.record({ lon: fc.double({ min: -10, max: 25, noNaN: true }), lat: fc.double({ min: 36, max: 60, noNaN: true }), width: fc.double({ min: 0.2, max: 5, noNaN: true }), height: fc.double({ min: 0.2, max: 5, noNaN: true }) }).filter((a) => a.lat - (a.lon + a.width) > 6);
    fc.assert(
      fc.property(area, fc.integer({ min: 20, max: 400 }), fc.integer({ min: 1, max: 60 }), fc.integer(), (a, n, m, seed) => {
        const box = [a.lon, a.lat, a.lon + a.width, a.lat + a.height];
        const demand = regular('d', n, box, seed);
        const sites = spread('s', m, box, seed + 1);
        checkSwapped([demand, sites]);
        // Either file swapped is found; the blame falls on it, or on neither (both named) when the points cannot tell.
        const sitesSwapped = error(() => checkSwapped([demand, swap(sites)]));
        expect(sitesSwapped.code).toBe('SWAPPED_COORDINATES');
        expect(sitesSwapped.location.source).not.toBe('d');
        const demandSwapped = error(() => checkSwapped([swap(demand), sites]));
        expect(demandSwapped.code).toBe('SWAPPED_COORDINATES');
        expect(demandSwapped.location.source).not.toBe('s');
      }),
      { numRuns: 60 },
    );
  });
});

describe('neighbourAnisotropy', () => {
  /** The same measure by brute force: each point's nearest other point by great circle, directions doubled. */
  const brute = (lon: number[], lat: number[]) => {
    let c = 0;
    let s = 0;
    for (let i = 0; i < lon.length; i++) {
      let best = -1;
      for (let j = 0; j < lon.length; j++) if (j !== i && (best < 0 || greatCircleKm(lon[i], lat[i], lon[j], lat[j]) < greatCircleKm(lon[i], lat[i], lon[best], lat[best]))) best = j;
      const dx = (lon[best] - lon[i]) * Math.cos((((lat[i] + lat[best]) / 2) * Math.PI) / 180);
      const dy = lat[best] - lat[i];
      c += (dx * dx - dy * dy) / (dx * dx + dy * dy);
      s += (2 * dx * dy) / (dx * dx + dy * dy);
    }
    return Math.hypot(c, s) / lon.length;
  };

  it('equals a brute-force nearest-neighbour count on random points', () => {
    const random = seededRandom(21);
    const lon = Array.from({ length: 300 }, () => 1 + 2 * random());
    const lat = Array.from({ length: 300 }, () => 43 + 1.5 * random());
    const measured = neighbourAnisotropy(lon, lat);
    expect(measured.pairs).toBe(300);
    expect(measured.anisotropy).toBeCloseTo(brute(lon, lat), 12);
    expect(measured.z).toBeCloseTo(150 * measured.anisotropy ** 2, 12);
  });

  it('finds the real communes even in every direction as given, and lined up read latitude first', () => {
    // What the swap check rests on: 1 / cos(43.7°) = 1.38 stretches the communes along one axis when swapped.
    const { communes } = loadOccitanie();
    const given = neighbourAnisotropy(communes.lon, communes.lat);
    const swapped = neighbourAnisotropy(communes.lat, communes.lon);
    expect(given.anisotropy).toBeLessThan(0.1);
    expect(swapped.anisotropy).toBeGreaterThan(4 * given.anisotropy);
    expect(swapped.z).toBeGreaterThan(13.8); // chance under 1e-6
    // A lattice of degrees is marked as such (every pair on a meridian or a parallel).
    const lattice = { lon: [] as number[], lat: [] as number[] };
    for (let x = 0; x < 2; x += 0.1) for (let y = 43; y < 44; y += 0.1) [lattice.lon.push(x), lattice.lat.push(y)];
    expect(neighbourAnisotropy(lattice.lon, lattice.lat).onAxis).toBe(1);
  });
});
