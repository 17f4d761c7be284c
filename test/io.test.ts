import { describe, expect, it } from 'vitest';
import { error } from './expect-error.js';
import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection } from 'geojson';
import {
  createDemand,
  createSites,
  decodeText,
  joinPopulation,
  MAX_AT_ONE_POINT,
  readDemandCsv,
  readDemandGeoJson,
  readPopulationTable,
  readSitesCsv,
  readSitesGeoJson,
} from '../src/index.js';
import { leadingZeroMatches } from '../src/io/join.js';


const csv = 'id,lon,lat,population,departement\n09257,1.1784,43.1144,641,09\n46297,1.2671,44.6863,1200,46\n';

describe('readDemandCsv', () => {
  it('keeps ids as strings with their leading zeros and other columns as attributes', () => {
    const demand = readDemandCsv(csv, { source: 'c.csv' });
    expect(demand.ids).toEqual(['09257', '46297']);
    expect(demand.attribute('departement')).toEqual(['09', '46']);
    expect(demand.totalPopulation).toBe(1841);
  });

  it('reads semicolon-separated files, a byte-order mark, CRLF and blank lines', () => {
    const text = '\uFEFFid;lon;lat;population\r\n01001;5.0;46.1;10\r\n\r\n01002;5.1;46.2;20\r\n';
    const demand = readDemandCsv(text);
    expect(demand.ids).toEqual(['01001', '01002']);
    expect(demand.totalPopulation).toBe(30);
  });

  it('renames columns', () => {
    const demand = readDemandCsv('code,x,y,pop\n31555,1.44,43.6,500000\n', { idColumn: 'code', lonColumn: 'x', latColumn: 'y', populationColumn: 'pop' });
    expect(demand.ids).toEqual(['31555']);
  });

  it('names the file, line, field and value of a bad cell', () => {
    const e = error(() => readDemandCsv('id,lon,lat,population\na,1,43,5\nb,1,43,-5\n', { source: 'communes.csv' }));
    expect(e.code).toBe('INVALID_POPULATION');
    expect(e.message).toBe('communes.csv, line 3, id "b", field "population", value "-5": is negative; expected a population >= 0');
  });

  it('reports a missing column with the columns found', () => {
    const e = error(() => readDemandCsv('id,lon,lat,pop\na,1,43,5\n', { source: 'c.csv' }));
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.message).toContain('no column "population"');
    expect(e.message).toContain('columns found: id, lon, lat, pop');
    const typo = error(() => readDemandCsv('id,lon,lat,population\na,1,43,5\n', { source: 'c.csv', populationColumn: 'popluation' }));
    expect(typo.message).toBe('c.csv, line 1, field "popluation": no column "popluation" for the population; columns found: id, lon, lat, population (did you mean "population"?)');
    const join = error(() => readPopulationTable('CODGEO,P21_POP\n09257,641\n', { source: 'pop.csv', idColumn: 'codgeo', populationColumn: 'P21_POP' }));
    expect(join.message).toContain('no column "codgeo" for the ids; columns found: CODGEO, P21_POP (did you mean "CODGEO"?)');
  });

  it('rejects an empty file and a header without rows', () => {
    expect(error(() => readDemandCsv('', { source: 'c.csv' })).code).toBe('EMPTY_INPUT');
    expect(error(() => readDemandCsv('  \n\n', { source: 'c.csv' })).code).toBe('EMPTY_INPUT');
    expect(error(() => readDemandCsv('id,lon,lat,population\n', { source: 'c.csv' })).code).toBe('EMPTY_INPUT');
  });

  it('rejects rows with too few or too many fields, naming the line', () => {
    const few = error(() => readDemandCsv('id,lon,lat,population\na,1,43,5\nb,1,43\n', { source: 'c.csv' }));
    expect(few.code).toBe('PARSE_ERROR');
    expect(few.message).toContain('line 3');
    const many = error(() => readDemandCsv('id,lon,lat,population\na,1,43,5,9\n', { source: 'c.csv' }));
    expect(many.code).toBe('PARSE_ERROR');
    expect(many.message).toContain('line 2');
  });

  it('rejects a duplicated column name', () => {
    const e = error(() => readDemandCsv('id,lon,lat,population,lon\na,1,43,5,2\n', { source: 'c.csv' }));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toContain('"lon" appears twice');
  });

  it('rejects duplicate ids naming both lines', () => {
    const e = error(() => readDemandCsv('id,lon,lat,population\na,1,43,5\nb,1,43,5\na,1,43,6\n', { source: 'c.csv' }));
    expect(e.code).toBe('DUPLICATE_ID');
    expect(e.message).toContain('line 4');
    expect(e.message).toContain('first at line 2');
  });

  it('reads without a population column when the population comes from a join', () => {
    const demand = readDemandCsv('id,lon,lat\na,1,43\n', { populationColumn: false });
    expect(demand.totalPopulation).toBe(0);
  });
});

describe('readSitesCsv', () => {
  it('reads capacity when present and counts 1 without the column', () => {
    expect(Array.from(readSitesCsv('id,lon,lat,capacity\na,1,43,3\n').capacity)).toEqual([3]);
    expect(Array.from(readSitesCsv('id,lon,lat\na,1,43\n').capacity)).toEqual([1]);
  });

  it('rejects an empty capacity cell in a capacity column', () => {
    expect(error(() => readSitesCsv('id,lon,lat,capacity\na,1,43,\n', { source: 's.csv' })).code).toBe('INVALID_CAPACITY');
  });

  it('requires a capacity column that was named explicitly', () => {
    expect(error(() => readSitesCsv('id,lon,lat\na,1,43\n', { capacityColumn: 'gps' })).code).toBe('MISSING_COLUMN');
  });
});

const square = (x: number, y: number, size: number) => [
  [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ],
];

function collection(features: unknown[]): FeatureCollection {
  return { type: 'FeatureCollection', features } as FeatureCollection;
}

describe('readDemandGeoJson', () => {
  it('reads points, polygons and multipolygons; polygons keep their geometry', () => {
    const crescent = {
      type: 'Polygon',
      // A C shape whose centroid falls in the empty middle.
      coordinates: [
        [
          [1, 43],
          [1.3, 43],
          [1.3, 43.05],
          [1.05, 43.05],
          [1.05, 43.25],
          [1.3, 43.25],
          [1.3, 43.3],
          [1, 43.3],
          [1, 43],
        ],
      ],
    };
    const demand = readDemandGeoJson(
      collection([
        { type: 'Feature', properties: { id: '01001', population: 10 }, geometry: { type: 'Point', coordinates: [5, 46] } },
        { type: 'Feature', properties: { id: 'c', population: 20, dep: '31' }, geometry: crescent },
        { type: 'Feature', id: '7', properties: { population: 30 }, geometry: { type: 'MultiPolygon', coordinates: [square(2, 44, 0.01), square(3, 44, 0.2)] } },
      ]),
    );
    expect(demand.ids).toEqual(['01001', 'c', '7']);
    expect(demand.areas?.[0]).toBeNull();
    expect(demand.areas?.[1]).toEqual(crescent);
    const inside = booleanPointInPolygon([demand.lon[1], demand.lat[1]], crescent as never);
    expect(inside).toBe(true);
    // The multipolygon stands in its larger part.
    expect(demand.lon[2]).toBeGreaterThan(3);
    expect(demand.lon[2]).toBeLessThan(3.2);
    expect(demand.attribute('dep')).toEqual(['', '31', '']);
  });

  it('accepts text and names a JSON syntax error', () => {
    expect(error(() => readDemandGeoJson('{"type": "FeatureCollection", ', { source: 'c.geojson' })).code).toBe('PARSE_ERROR');
  });

  it('rejects what is not a FeatureCollection and an empty one', () => {
    expect(error(() => readDemandGeoJson('{"type":"Feature"}', { source: 'c.geojson' })).message).toContain('found type "Feature"');
    expect(error(() => readDemandGeoJson(collection([]))).code).toBe('EMPTY_INPUT');
  });

  it.each([
    ['LineString', { type: 'LineString', coordinates: [[1, 43], [2, 44]] }],
    ['MultiPoint', { type: 'MultiPoint', coordinates: [[1, 43]] }],
    ['GeometryCollection', { type: 'GeometryCollection', geometries: [] }],
  ])('rejects a %s geometry, naming the feature', (type, geometry) => {
    const e = error(() =>
      readDemandGeoJson(collection([{ type: 'Feature', properties: { id: 'ok', population: 1 }, geometry: { type: 'Point', coordinates: [1, 43] } }, { type: 'Feature', properties: { id: 'bad', population: 1 }, geometry }]), {
        source: 'c.geojson',
      }),
    );
    expect(e.code).toBe('UNSUPPORTED_GEOMETRY');
    expect(e.message).toContain('feature 1');
    expect(e.message).toContain('id "bad"');
    expect(e.message).toContain(type);
  });

  it('rejects a feature without geometry, a broken ring and a bad position', () => {
    const f = (geometry: unknown) => collection([{ type: 'Feature', properties: { id: 'x', population: 1 }, geometry }]);
    expect(error(() => readDemandGeoJson(f(null))).code).toBe('MISSING_GEOMETRY');
    expect(error(() => readDemandGeoJson(f({ type: 'Polygon', coordinates: [[[1, 43], [2, 43], [1, 43]]] }))).code).toBe('INVALID_GEOMETRY');
    expect(error(() => readDemandGeoJson(f({ type: 'Polygon', coordinates: [] }))).code).toBe('INVALID_GEOMETRY');
    expect(error(() => readDemandGeoJson(f({ type: 'Polygon', coordinates: [[[1, 43], [2, 'x'], [2, 44], [1, 43]]] }))).code).toBe('INVALID_GEOMETRY');
    expect(error(() => readDemandGeoJson(f({ type: 'Point', coordinates: [1] }))).code).toBe('INVALID_GEOMETRY');
  });

  it('names polygons drawn in projected metres', () => {
    const e = error(() => readDemandGeoJson(collection([{ type: 'Feature', properties: { id: 'l93', population: 1 }, geometry: { type: 'Polygon', coordinates: square(574000, 6280000, 1000) } }])));
    expect(e.code).toBe('PROJECTED_COORDINATES');
  });

  it('requires an id and a population on every feature', () => {
    const point = { type: 'Point', coordinates: [1, 43] } as const;
    const noId = error(() => readDemandGeoJson(collection([{ type: 'Feature', properties: { id: 'a', population: 1 }, geometry: point }, { type: 'Feature', properties: { population: 1 }, geometry: point }])));
    expect(noId.code).toBe('INVALID_ID');
    expect(noId.message).toContain('feature 1');
    const noPop = error(() => readDemandGeoJson(collection([{ type: 'Feature', properties: { id: 'a', population: 2 }, geometry: point }, { type: 'Feature', properties: { id: 'b' }, geometry: point }]), { source: 'c.geojson' }));
    expect(noPop.code).toBe('INVALID_POPULATION');
    expect(noPop.message).toBe('c.geojson, feature 1, id "b", field "population", value (missing): is empty; expected a population >= 0');
  });

  it('says a property no feature has is not there, listing those there are and the nearest name', () => {
    const features = [{ type: 'Feature' as const, properties: { code: 'a', pop: 3, nom: 'A' }, geometry: { type: 'Point' as const, coordinates: [1, 43] } }];
    const noId = error(() => readDemandGeoJson(collection(features), { source: 'c.geojson', populationField: 'pop' }));
    expect(noId.code).toBe('MISSING_COLUMN');
    expect(noId.message).toBe('c.geojson, field "id": no property "id" for the ids; properties found: code, pop, nom');
    const typo = error(() => readDemandGeoJson(collection(features), { source: 'c.geojson', idField: 'code', populationField: 'popp' }));
    expect(typo.message).toBe('c.geojson, field "popp": no property "popp" for the population; properties found: code, pop, nom (did you mean "pop"?)');
    const capacity = error(() => readSitesGeoJson(collection(features), { source: 's.geojson', idField: 'code', capacityField: 'gps' }));
    expect(capacity.code).toBe('MISSING_COLUMN');
    expect(capacity.message).toContain('no property "gps" for the capacity; properties found: code, pop, nom');
  });

  it('reads sites with capacity', () => {
    const sites = readSitesGeoJson(collection([{ type: 'Feature', properties: { code: 's', gps: 4 }, geometry: { type: 'Point', coordinates: [1, 43] } }]), { idField: 'code', capacityField: 'gps' });
    expect(sites.ids).toEqual(['s']);
    expect(Array.from(sites.capacity)).toEqual([4]);
  });

  it('never mutates the collection it reads', () => {
    const input = collection([{ type: 'Feature', properties: { id: 'p', population: 5 }, geometry: { type: 'Polygon', coordinates: square(1, 43, 0.1) } }]);
    const copy = structuredClone(input);
    readDemandGeoJson(input);
    expect(input).toEqual(copy);
  });
});

describe('joinPopulation', () => {
  const points = readDemandCsv('id,lon,lat\n09257,1.18,43.11\n46297,1.27,44.69\n', { populationColumn: false });

  it('joins by id and reports the table rows that match nothing', () => {
    const table = readPopulationTable('code,pop\n09257,641\n46297,1200\n99999,5\n', { idColumn: 'code', populationColumn: 'pop', source: 'pop.csv' });
    const { demand, unmatched, missing } = joinPopulation(points, table);
    expect(Array.from(demand.population)).toEqual([641, 1200]);
    expect(unmatched).toEqual(['99999']);
    expect(missing).toEqual([]);
    expect(points.totalPopulation).toBe(0);
  });

  it('fails on demand points absent from the table, listing them, unless told to count them as 0', () => {
    const table = readPopulationTable('id,population\n09257,641\n', { source: 'pop.csv' });
    const e = error(() => joinPopulation(points, table));
    expect(e.code).toBe('JOIN_MISSING');
    expect(e.message).toContain('1 of 2 demand points');
    expect(e.message).toContain('"46297"');
    expect(e.message).toContain('pop.csv');
    expect(e.message).toContain("(missing: 'zero' or 'drop'; on the command line --missing-population zero|drop)");
    const zero = joinPopulation(points, table, { missing: 'zero' });
    expect(zero.missing).toEqual(['46297']);
    expect(Array.from(zero.demand.population)).toEqual([641, 0]);
  });

  it('leaves out the demand points absent from the table when told to drop them, keeping attributes and areas', () => {
    const square = [[[1.1, 43.1], [1.2, 43.1], [1.2, 43.2], [1.1, 43.2], [1.1, 43.1]]];
    const cells = readDemandGeoJson(
      collection(['a', 'b', 'c'].map((id, k) => ({ type: 'Feature', properties: { id, zone: `z${k}` }, geometry: { type: 'Polygon', coordinates: square } }))),
      { populationField: false, source: 'cells.geojson' },
    );
    const table = readPopulationTable('id,population\na,10\nc,30\n', { source: 'pop.csv' });
    const dropped = joinPopulation(cells, table, { missing: 'drop' });
    expect(dropped.missing).toEqual(['b']);
    expect(dropped.demand.ids).toEqual(['a', 'c']);
    expect(Array.from(dropped.demand.population)).toEqual([10, 30]);
    expect(dropped.demand.attribute('zone')).toEqual(['z0', 'z2']);
    expect(dropped.demand.areas).toHaveLength(2);
    expect(dropped.demand.source).toBe('cells.geojson');
    expect(cells.size).toBe(3);
    expect(error(() => joinPopulation(cells, readPopulationTable('id,population\nzz,1\n'), { missing: 'drop' })).code).toBe('JOIN_MISSING');
  });

  it('rejects duplicate ids and bad numbers in the table', () => {
    expect(error(() => readPopulationTable('id,population\na,1\na,2\n')).code).toBe('DUPLICATE_ID');
    const e = error(() => readPopulationTable('id,population\na,lots\n', { source: 'pop.csv' }));
    expect(e.code).toBe('INVALID_POPULATION');
    expect(e.message).toContain('line 2');
  });
});

describe('text as files hold it', () => {
  const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

  it('reads UTF-8 as it is, without its byte-order mark, and says nothing', () => {
    const said: string[] = [];
    const text = decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('id,name\n09225,Ariège-Étang\n', 'utf8')]), { source: 'u.csv', onWarning: (m) => said.push(m) });
    expect(text).toBe('id,name\n09225,Ariège-Étang\n');
    expect(said).toEqual([]);
  });

  it('reads a Windows-1252 file (Excel "CSV" on a French Windows) as such, and says so naming the file, line and byte', () => {
    // "Ariège-Étang l’Hers, œuvre à 5 €" in Windows-1252: è E8, É C9, ’ 92, œ 9C, à E0, € 80 (Latin-1 has no ’, œ or €).
    const said: string[] = [];
    const text = decodeText(bytes('id,name\n09001,Aigues-Juntes\n09225,Ari', [0xe8], 'ge-', [0xc9], 'tang l', [0x92], 'Hers, ', [0x9c], 'uvre ', [0xe0], ' 5 ', [0x80], '\n'), { source: 'latin.csv', onWarning: (m) => said.push(m) });
    expect(text).toBe('id,name\n09001,Aigues-Juntes\n09225,Ariège-Étang l’Hers, œuvre à 5 €\n');
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('latin.csv is not UTF-8 (line 3, byte 0xE8): read as Windows-1252');
    expect(said[0]).toContain('line 3 reading "09225,Ariège-Étang l’Hers, œuvre à 5 €"');
    // Through the CSV reader: the names come out right.
    expect(readDemandCsv(decodeText(bytes('id,lon,lat,population,name\n09225,1.6,42.9,8400,Ari', [0xe8], 'ge\n'), { onWarning: () => {} })).attribute('name')).toEqual(['Ariège']);
  });

  it('reads UTF-16 with its byte-order mark (Excel "Unicode text")', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tname\n09225\tAriège\n', 'utf16le')]);
    expect(decodeText(Uint8Array.from(utf16), { onWarning: () => { throw new Error('no warning expected'); } })).toBe('id\tname\n09225\tAriège\n');
  });
});

describe('GeoJSON as files hold it', () => {
  const point = { type: 'Feature', properties: { id: '09225', population: 8400 }, geometry: { type: 'Point', coordinates: [1.6, 42.96] } };

  it('reads a file that starts with a byte-order mark (Windows tools write one)', () => {
    const text = `\uFEFF${JSON.stringify({ type: 'FeatureCollection', features: [point] })}`;
    expect(readDemandGeoJson(text, { source: 'bom.geojson' }).ids).toEqual(['09225']);
  });

  it('names an empty file, a collection without features, a single Feature and a JSON fault with its line', () => {
    const empty = error(() => readDemandGeoJson('  \n', { source: 'empty.geojson' }));
    expect(empty.code).toBe('EMPTY_INPUT');
    expect(empty.message).toBe('empty.geojson: the file is empty; expected a GeoJSON FeatureCollection');
    const noFeatures = error(() => readDemandGeoJson('{"type":"FeatureCollection"}', { source: 'nf.geojson' }));
    expect(noFeatures.code).toBe('PARSE_ERROR');
    expect(noFeatures.message).toBe('nf.geojson, field "features": the FeatureCollection has no "features" array; expected "features": [ ...Feature objects ]');
    expect(error(() => readDemandGeoJson('{"type":"FeatureCollection","features":{}}', { source: 'nf.geojson' })).message).toContain('no "features" array (found {})');
    expect(error(() => readDemandGeoJson(JSON.stringify(point), { source: 'f.geojson' })).message).toContain('found type "Feature" (a single Feature: put it in {"type": "FeatureCollection", "features": [...]})');
    // The fault is on line 3, after "population": 1 (a comma before the closing brace).
    const fault = error(() => readDemandGeoJson('{"type": "FeatureCollection",\n "features": [\n  {"population": 1,}\n]}', { source: 'bad.geojson' }));
    expect(fault.code).toBe('PARSE_ERROR');
    expect(fault.message).toMatch(/^bad\.geojson: not valid JSON: .*\(line 3, column \d+\); expected a GeoJSON FeatureCollection$/);
  });

  it('refuses numeric ids, naming the feature, field and value, and a code that lost its leading zero', () => {
    const numbered = (properties: object, id?: unknown) => collection([{ ...point, properties: { ...point.properties, cell: 'first' } }, { type: 'Feature', ...(id === undefined ? {} : { id }), properties, geometry: { type: 'Point', coordinates: [5.2, 46.1] } }]);
    const insee = error(() => readDemandGeoJson(numbered({ id: 1001, population: 5 }), { source: 'n.geojson' }));
    expect(insee.code).toBe('INVALID_ID');
    expect(insee.location).toMatchObject({ source: 'n.geojson', feature: 1, field: 'id', value: 1001 });
    expect(insee.message).toContain('ids must be text in GeoJSON ("1001", not 1001)');
    expect(insee.message).toContain('1001 looks like a 5-character code (INSEE, postcode) that lost its leading zero: "01001"');
    const cell = error(() => readDemandGeoJson(numbered({ cell: 42, population: 5 }), { source: 'n.geojson', idField: 'cell' }));
    expect(cell.location).toMatchObject({ feature: 1, field: 'cell', value: 42 });
    expect(cell.message).not.toContain('leading zero:');
    // A feature's own id that is a number: give the ids as a text property.
    const own = error(() => readDemandGeoJson(numbered({ population: 5 }, 7)));
    expect(own.message).toContain("the feature's own id is a number (give ids as a text property, --id-field NAME)");
  });
});

describe('populations and capacities beyond any place', () => {
  const at = (population: unknown) => createDemand([{ id: '09257', lon: 1.18, lat: 43.11, population }], { source: 'c.csv', locate: () => ({ source: 'c.csv', line: 2 }) });

  it('keeps fractions (grid cells) and up to a billion at one point', () => {
    expect(at(641.7).totalPopulation).toBe(641.7);
    expect(at(MAX_AT_ONE_POINT).totalPopulation).toBe(1e9);
  });

  it.each([['1e300'], [5e300], [1e9 + 1], ['2000000000']])('refuses a population of %j, naming file, line, field and value', (population) => {
    const e = error(() => at(population));
    expect(e.code).toBe('INVALID_POPULATION');
    expect(e.location).toMatchObject({ source: 'c.csv', line: 2, id: '09257', field: 'population', value: population });
    expect(e.message).toContain('is above 1e9, more than at any one place on Earth');
  });

  it('refuses such a capacity, and such a population in a join table', () => {
    expect(error(() => createSites([{ id: 's', lon: 1, lat: 43, capacity: 1e12 }])).code).toBe('INVALID_CAPACITY');
    const e = error(() => readPopulationTable('id,population\n09257,641\n09225,1e300\n', { source: 'pop.csv' }));
    expect(e.code).toBe('INVALID_POPULATION');
    expect(e.location).toMatchObject({ source: 'pop.csv', line: 3, field: 'population', value: '1e300' });
  });
});

describe('codes that lost their leading zeros', () => {
  it('pairs ids that match once zeros are put back or taken off, and only those', () => {
    expect(leadingZeroMatches(['9257', '31555', 'x'], ['09257', '31555', '46297'])).toEqual([['9257', '09257']]);
    expect(leadingZeroMatches(['09257'], ['9257'])).toEqual([['09257', '9257']]);
    expect(leadingZeroMatches(['2A004'], ['02A004'])).toEqual([]);
  });

  it('says so in JOIN_MISSING when the table lost them, or the demand did', () => {
    const points = readDemandCsv('id,lon,lat\n09257,1.18,43.11\n09225,1.6,42.96\n31555,1.44,43.6\n', { populationColumn: false, source: 'communes.csv' });
    const e = error(() => joinPopulation(points, readPopulationTable('id,population\n9257,641\n9225,8400\n31555,500000\n', { source: 'pop.csv' })));
    expect(e.code).toBe('JOIN_MISSING');
    expect(e.message).toContain('2 of 3 demand points of communes.csv have no population in the table: "09257", "09225"; all of them match once leading zeros are put back ("9257" is "09257"): the table lost them');
    const stripped = readDemandCsv('id,lon,lat\n9257,1.18,43.11\n', { populationColumn: false, source: 'stripped.csv' });
    expect(error(() => joinPopulation(stripped, readPopulationTable('id,population\n09257,641\n'))).message).toContain('match once leading zeros are taken off ("09257" is "9257"): the demand lost them');
  });
});
