// Inputs as a careless or hostile user gives them (issue 14): exports safe to open in a spreadsheet, names that
// are data and never code, nothing silently corrupted, nothing that hangs, GeoJSON as RFC 7946 says.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { error } from './expect-error.js';
import { careshedIn } from './cli-run.js';
import {
  createDemand,
  formatTable,
  parseTable,
  readDemandCsv,
  readDemandGeoJson,
  readPopulationTable,
  readSitesCsv,
  readSitesGeoJson,
} from '../src/index.js';
import { decodeText } from '../src/io/json.js';
import { clipped, missingField, nearestName, quoted } from '../src/model/errors.js';
import { isDecimal } from '../src/model/validate.js';
import { readRoadsCsv } from '../src/travel/network/roads-csv.js';
import { readRoadsGeoJson } from '../src/travel/network/roads-geojson.js';
import { readRoadsOsmXml } from '../src/travel/network/roads-osm-xml.js';
import { MatrixFileTravel } from '../src/node/matrix-file.js';
import { OsrmTravel } from '../src/travel/osrm.js';
import { readDemandFile } from '../src/node/files.js';
import { greatCircleKm } from '../src/geo/geodesy.js';
import { CAR_PROFILE, judgeWay } from '../src/travel/network/profile.js';

const folder = () => mkdtempSync(join(tmpdir(), 'careshed-hostile-'));
const run = (dir: string, ...args: string[]) => careshedIn(dir, args);
/** A careshed message never shows a stack trace: "    at f (file:…)". */
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);

describe('exports are safe to open in a spreadsheet (OWASP CSV injection)', () => {
  const dangerous = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://example.com","click")', '=1+1\nsecond line'];

  it('puts a quote before every text cell that starts with =, +, -, @, tab or CR, header included; numbers stay numbers', () => {
    const rows = dangerous.map((name, k) => [`id${k}`, name, -3.5 - k, k]);
    const text = formatTable(['id', '=name', 'minutes', 'order'], rows);
    const back = parseTable(text, 'out.csv');
    expect(back.columns).toEqual(['id', "'=name", 'minutes', 'order']);
    dangerous.forEach((name, k) => {
      expect(back.rows[k]["'=name"]).toBe(`'${name}`);
      // A number written by the code is a number in the file: -3.5 is not text, so no quote.
      expect(back.rows[k].minutes).toBe(String(-3.5 - k));
      expect(back.rows[k].order).toBe(String(k));
    });
  });

  it('leaves text that starts otherwise as it is, including a minus or equals sign further in', () => {
    const safe = ['Montréal-de-l’Aude', 'a=b', '1-2', ' =x', "'quoted"];
    const back = parseTable(formatTable(['name'], safe.map((s) => [s])), 'out.csv');
    expect(back.rows.map((r) => r.name)).toEqual(safe);
  });

  it('property: any text cell read back is the text, with a quote in front exactly when it starts with = + - @ tab or CR', () => {
    const cell = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', 'a', 'é', '1', ' '), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
        // A row whose every cell is blank is skipped on reading: keep one cell that is not.
        const rows = cells.map((c, k) => [`r${k}`, c]);
        const text = formatTable(['id', 'name'], rows);
        const back = parseTable(text);
        // Papaparse trims nothing: what comes back is exactly the cell, prefixed when it starts dangerously.
        expect(back.rows.map((r) => r.name)).toEqual(cells.map((c) => ('=+-@\t\r'.includes(c.charAt(0)) && c !== '' ? `'${c}` : c)));
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it('every CSV the command line writes: coverage, rank, site and matrix', () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'd.csv'),
      'id,lon,lat,population,name,dep\n=a,1.44,43.60,100,"=HYPERLINK(""http://x"")",+31\nb,1.50,43.62,200,-2,@09\n',
    );
    writeFileSync(join(dir, 's.csv'), 'id,lon,lat\n@s1,1.45,43.61\n');
    const travel = ['--travel', 'crow:45:1.5'];
    expect(run(dir, 'coverage', '--demand', 'd.csv', '--supply', 's.csv', ...travel, '--out', 'c.csv').status).toBe(0);
    const coverage = parseTable(readFileSync(join(dir, 'c.csv'), 'utf8'));
    expect(coverage.rows.map((r) => [r.id, r.name, r.nearest])).toEqual([
      ["'=a", `'=HYPERLINK("http://x")`, "'@s1"],
      ['b', "'-2", "'@s1"],
    ]);
    // Minutes by hand: 2.0 min per straight-line km (45 km/h × 1.5), rounded to 2 decimals as the CSV writes.
    expect(Number(coverage.rows[0].minutes)).toBeCloseTo(Math.round(greatCircleKm(1.44, 43.6, 1.45, 43.61) * 2 * 100) / 100, 2);
    expect(run(dir, 'rank', '--demand', 'd.csv', '--supply', 's.csv', ...travel, '--by', 'dep', '--out', 'r.csv').status).toBe(0);
    const rank = parseTable(readFileSync(join(dir, 'r.csv'), 'utf8'));
    expect(rank.rows.map((r) => r.key).sort()).toEqual(["'+31", "'@09"]);
    expect(rank.rows.every((r) => isDecimal(r.score))).toBe(true);
    expect(run(dir, 'site', '--demand', 'd.csv', '--candidates', 's.csv', '--model', 'mclp', '--p', '1', ...travel, '--out', 'p.csv').status).toBe(0);
    expect(parseTable(readFileSync(join(dir, 'p.csv'), 'utf8')).rows[0].id).toBe("'@s1");
    expect(run(dir, 'matrix', '--demand', 'd.csv', '--supply', 's.csv', ...travel, '--max-minutes', '60', '--out', 'm.csv').status).toBe(0);
    const matrix = parseTable(readFileSync(join(dir, 'm.csv'), 'utf8'));
    expect(matrix.rows.map((r) => [r.from, r.to])).toEqual([
      ["'=a", "'@s1"],
      ['b', "'@s1"],
    ]);
    // The matrix careshed wrote reads back: "'=a" is the id "=a", every pair found, no row unknown.
    const back = run(dir, 'coverage', '--demand', 'd.csv', '--supply', 's.csv', '--travel', 'matrix:m.csv');
    expect(back.status).toBe(0);
    expect(back.stderr).not.toContain('at no demand point');
    expect(JSON.parse(back.stdout).demand.map((d: { id: string; nearest: string; minutes: number }) => [d.id, d.nearest, d.minutes])).toEqual(
      coverage.rows.map((r) => [r.id.replace(/^'/, ''), r.nearest.replace(/^'/, ''), Number(r.minutes)]),
    );
  });
});

describe('names are data, never code', () => {
  const prototypeNames = ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf'];

  it('keeps columns named like members of Object.prototype, __proto__ included, with their values', () => {
    const header = `id,lon,lat,population,${prototypeNames.join(',')}`;
    const table = parseTable(`${header}\na,1,43,5,p,t,c,h,v\n`, 'c.csv');
    expect(table.columns).toEqual(['id', 'lon', 'lat', 'population', ...prototypeNames]);
    expect(Object.keys(table.rows[0])).toEqual(table.columns);
    expect(prototypeNames.map((n) => table.rows[0][n])).toEqual(['p', 't', 'c', 'h', 'v']);
    const demand = readDemandCsv(`${header}\na,1,43,5,p,t,c,h,v\nb,1.1,43,6,p2,t2,c2,h2,v2\n`, { source: 'c.csv' });
    expect(Object.keys(demand.attributes)).toEqual(prototypeNames);
    expect(demand.attribute('__proto__')).toEqual(['p', 'p2']);
    expect(demand.attribute('toString')).toEqual(['t', 't2']);
    const sites = readSitesCsv('id,lon,lat,__proto__\ns,1,43,x\n');
    expect(sites.attribute('__proto__')).toEqual(['x']);
  });

  it('refuses a field named like a member of Object.prototype that is not there, naming what there is', () => {
    const demand = readDemandCsv('id,lon,lat,population,dep\na,1,43,5,09\n', { source: 'c.csv' });
    for (const name of prototypeNames) {
      const e = error(() => demand.attribute(name));
      expect(e.code).toBe('MISSING_COLUMN');
      expect(e.message).toBe(`c.csv, field "${name}": no attribute "${name}"; attributes found: dep`);
      expect(error(() => readDemandCsv('id,lon,lat,population\na,1,43,5\n', { populationColumn: name })).code).toBe('MISSING_COLUMN');
      expect(error(() => readDemandCsv('id,lon,lat,population\na,1,43,5\n', { idColumn: name })).code).toBe('MISSING_COLUMN');
    }
  });

  it('takes ids named like members of Object.prototype, and finds them repeated', () => {
    const records = prototypeNames.map((id, k) => ({ id, lon: 1 + k / 10, lat: 43, population: k }));
    const demand = createDemand(records);
    expect(prototypeNames.map((id) => demand.indexOf(id))).toEqual([0, 1, 2, 3, 4]);
    expect(demand.indexOf('isPrototypeOf')).toBe(-1);
    const e = error(() => createDemand([...records, { id: 'constructor', lon: 2, lat: 43, population: 1 }]));
    expect(e.code).toBe('DUPLICATE_ID');
    expect(e.message).toContain('id "constructor" appears again (first at row 3)');
    expect(readPopulationTable('id,population\n__proto__,5\ntoString,6\n').population.get('__proto__')).toBe(5);
  });

  it('gives an attribute a record lacks as "", never the member of Object.prototype of that name', () => {
    const demand = createDemand([
      { id: 'a', lon: 1, lat: 43, population: 1, attributes: { toString: 'x' } },
      { id: 'b', lon: 1.1, lat: 43, population: 1, attributes: {} },
    ]);
    expect(demand.attribute('toString')).toEqual(['x', '']);
  });

  it('keeps GeoJSON properties named __proto__ or toString, and reads ids and populations only from own properties', () => {
    const text = (features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
    const feature = (properties: string, lon = 1) => `{"type":"Feature","properties":${properties},"geometry":{"type":"Point","coordinates":[${lon},43]}}`;
    const demand = readDemandGeoJson(text([feature('{"id":"a","population":5,"__proto__":"p","toString":"t"}')]));
    expect(demand.attribute('__proto__')).toEqual(['p']);
    expect(demand.attribute('toString')).toEqual(['t']);
    // "constructor" as the id field: the first feature has it, the second does not (and must not get Object).
    const e = error(() => readDemandGeoJson(text([feature('{"constructor":"a","population":5}'), feature('{"population":6}', 1.1)]), { source: 'g.geojson', idField: 'constructor' }));
    expect(e.code).toBe('INVALID_ID');
    expect(e.message).toBe('g.geojson, feature 1, field "constructor": the feature has no id: no property "constructor"');
    const population = error(() => readDemandGeoJson(text([feature('{"id":"a","population":5}')]), { source: 'g.geojson', populationField: 'valueOf' }));
    expect(population.code).toBe('MISSING_COLUMN');
    expect(readSitesGeoJson(text([feature('{"id":"s","capacity":3}')]), { capacityField: 'capacity' }).capacity[0]).toBe(3);
    expect(error(() => readSitesGeoJson(text([feature('{"id":"s"}')]), { capacityField: 'toString' })).code).toBe('MISSING_COLUMN');
  });

  it('counts road tags named like members of Object.prototype as values, never as code', () => {
    const line = (highway: string, extra: Record<string, string> = {}) => ({ type: 'Feature' as const, properties: { highway, ...extra }, geometry: { type: 'LineString' as const, coordinates: [[1, 43], [1.01, 43]] } });
    const { report } = readRoadsGeoJson({
      type: 'FeatureCollection',
      features: [line('toString'), line('constructor'), line('__proto__'), line('primary', { maxspeed: 'valueOf' }), line('residential', { maxspeed: 'hasOwnProperty' })],
    });
    expect(report.leftOut.unknownHighway).toBe(3);
    expect(Object.entries(report.unknownHighway)).toEqual([['toString', 1], ['constructor', 1], ['__proto__', 1]]);
    expect(Object.keys(report.maxspeedUnparsed)).toEqual(['valueOf', 'hasOwnProperty']);
    expect(report.waysUsed).toBe(2);
    const csv = readRoadsCsv('id,lon,lat\n1,1,43\n2,1.01,43\n', 'from,to,length_m,highway,oneway\n1,2,100,toString,0\n2,1,100,primary,1\n');
    expect(csv.report.leftOut.unknownHighway).toBe(1);
    expect(csv.graph.arcCount).toBe(1);
  });

  it('on the command line: --by, --standardised-field, --name-field, --id-field and --population-field of any name', () => {
    const dir = folder();
    writeFileSync(join(dir, 'd.csv'), 'id,lon,lat,population,__proto__,dep\na,1.44,43.60,100,x,__proto__\nb,1.50,43.62,200,y,toString\nc,1.46,43.65,300,y,constructor\n');
    writeFileSync(join(dir, 's.csv'), 'id,lon,lat\ns1,1.45,43.61\n');
    const base = ['--demand', 'd.csv', '--supply', 's.csv', '--travel', 'crow:45:1.5'];
    // A __proto__ column is a territory column like any other.
    const byProto = run(dir, 'rank', ...base, '--by', '__proto__');
    expect(byProto.status).toBe(0);
    expect(JSON.parse(byProto.stdout).territories.map((t: { key: string }) => t.key).sort()).toEqual(['x', 'y']);
    // Territory values named like members of Object.prototype are territories.
    const byDep = run(dir, 'rank', ...base, '--by', 'dep');
    expect(byDep.status).toBe(0);
    expect(JSON.parse(byDep.stdout).territories.map((t: { key: string }) => t.key).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    for (const name of ['toString', 'constructor', 'hasOwnProperty']) {
      for (const args of [['rank', ...base, '--by', name], ['rank', ...base, '--by', 'dep', '--standardised-field', name], ['coverage', ...base, '--name-field', name], ['coverage', ...base, '--id-field', name], ['coverage', ...base, '--population-field', name]]) {
        const r = run(dir, ...args);
        expect(r.status, args.join(' ')).toBe(1);
        expect(r.stderr).toContain(`"${name}"`);
        expect(r.stderr).toContain('[MISSING_COLUMN]');
        noStack(r.stderr);
      }
    }
  });
});

describe('nothing silently corrupted', () => {
  /** Windows-1252 bytes of a text, from the standard's table (no TextEncoder: it writes UTF-8 only). */
  const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  const windows1252 = (text: string) =>
    Uint8Array.from(text, (ch) => {
      const code = ch.charCodeAt(0);
      if (code < 0x80 || (code >= 0xa0 && code < 0x100)) return code;
      const high = HIGH.indexOf(ch);
      if (high < 0) throw new Error(`no Windows-1252 byte for ${ch}`);
      return 0x80 + high;
    });

  it('reads the real communes table saved as Windows-1252 (Excel on a French Windows) as its UTF-8 self, with a warning', () => {
    const utf8 = readFileSync('fixtures/occitanie/communes.csv', 'utf8');
    const dir = folder();
    writeFileSync(join(dir, 'latin.csv'), windows1252(utf8));
    writeFileSync(join(dir, 'bom.csv'), '\uFEFF' + utf8);
    const said: string[] = [];
    const latin = readDemandFile(join(dir, 'latin.csv'), { onWarning: (m) => said.push(m) });
    const reference = readDemandFile('fixtures/occitanie/communes.csv', { onWarning: () => { throw new Error('UTF-8 needs no warning'); } });
    const bom = readDemandFile(join(dir, 'bom.csv'), { onWarning: () => { throw new Error('UTF-8 with a BOM needs no warning'); } });
    expect(latin.attribute('name')).toEqual(reference.attribute('name'));
    expect(bom.attribute('name')).toEqual(reference.attribute('name'));
    expect(reference.attribute('name')).toContain('Montréal');
    expect(reference.attribute('departement_name')).toContain('Ariège');
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('latin.csv is not UTF-8');
    expect(said[0]).toContain('read as Windows-1252');
  });

  it('gets the accents of "Montréal-de-l’Aude" right through the command line, and says it guessed', () => {
    const dir = folder();
    writeFileSync(join(dir, 'd.csv'), windows1252('id,lon,lat,population,name\n11245,2.14,43.23,1842,Montréal-de-l’Aude\n'));
    writeFileSync(join(dir, 's.csv'), 'id,lon,lat\ns1,2.15,43.2\n');
    const r = run(dir, 'coverage', '--demand', 'd.csv', '--supply', 's.csv', '--travel', 'crow:45:1.5', '--out', 'c.csv');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('d.csv is not UTF-8 (line 2, byte 0xE9): read as Windows-1252');
    expect(parseTable(readFileSync(join(dir, 'c.csv'), 'utf8')).rows[0].name).toBe('Montréal-de-l’Aude');
    expect(decodeText(windows1252('Montréal-de-l’Aude'), { onWarning: () => {} })).toBe('Montréal-de-l’Aude');
  });

  it('names the right line after quoted fields that hold line breaks (LF and CRLF)', () => {
    for (const nl of ['\n', '\r\n']) {
      // Line 2 holds a name over 3 lines (2, 3, 4); line 5 a good row; line 6 a bad population.
      const text = ['id,lon,lat,population,name', 'a,1,43,5,"Le Mas-', "d'Azil", 'centre"', 'b,1.1,43,5,x', 'c,1.2,43,oops,y', ''].join(nl);
      const e = error(() => readDemandCsv(text, { source: 'c.csv' }));
      expect(e.location.line).toBe(6);
      expect(readDemandCsv(text.replace('oops', '7')).attribute('name')[0]).toBe(`Le Mas-${nl}d'Azil${nl}centre`);
      expect(parseTable(text).lines).toEqual([2, 5, 6]);
      const twice = error(() => readDemandCsv(text.replace('oops', '7').replace('c,1.2', 'a,1.2'), { source: 'c.csv' }));
      expect(twice.message).toContain('c.csv, line 6, field "id", value "a": id "a" appears again');
      expect(twice.message).toContain('first at line 2');
    }
  });

  it('property: the line of every row is one plus the lines before it, counted by hand', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', ' ', 'é'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(field, fc.boolean()), { minLength: 1, maxLength: 8 }), (cells) => {
        // Every field quoted (quotes doubled), some rows followed by a blank line.
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        let text = 'id,name\n';
        let line = 2;
        const expected: number[] = [];
        cells.forEach(([name, blankAfter], k) => {
          expected.push(line);
          text += `${quote(`r${k}`)},${quote(name)}\n`;
          line += 1 + name.split('\n').length - 1;
          if (blankAfter) {
            text += '\n';
            line++;
          }
        });
        const table = parseTable(text);
        expect(table.lines).toEqual(expected);
        expect(table.rows.map((r) => r.name)).toEqual(cells.map(([name]) => name));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('refuses a field count that does not fit the header, naming the line after a multi-line field', () => {
    const e = error(() => parseTable('id,name\na,"x\ny"\nb\n', 'c.csv'));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toBe('c.csv, line 4: too few fields: the row has 1 and the header 2 (id, name)');
    const open = error(() => parseTable('id,name\na,b\nc,"never closed\nd,e\n', 'c.csv'));
    expect(open.location.line).toBe(3);
    expect(open.message).toContain('never closes');
  });

  it('keeps an OSM way that refers to missing nodes up to the gap, and counts it', () => {
    // Way 10: nodes 1 2 (99) 3 4, a residential road: kept as 1-2 and 3-4, both ways; nothing to or across 99.
    // Way 11: nodes 1 (98) 4: no two known nodes in a row, left out. Way 12: all known.
    const xml = `<osm><node id="1" lon="1" lat="43"/><node id="2" lon="1.01" lat="43"/><node id="3" lon="1.03" lat="43"/><node id="4" lon="1.04" lat="43"/>
      <node id="5" lon="1.04" lat="43.01"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="99"/><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/></way>
      <way id="11"><nd ref="1"/><nd ref="98"/><nd ref="4"/><tag k="highway" v="residential"/></way>
      <way id="12"><nd ref="4"/><nd ref="5"/><tag k="highway" v="residential"/></way></osm>`;
    const { graph, report } = readRoadsOsmXml(xml);
    expect(report.missingNodeRefs).toBe(2);
    expect(report.waysCut).toBe(1);
    expect(report.leftOut.missingNodes).toBe(1);
    expect(report.waysUsed).toBe(2);
    expect(graph.arcCount).toBe(6); // 1-2, 3-4, 4-5, each both ways
    // Minutes of 1-2 by hand: the great-circle km at 25 km/h (residential).
    const minutes = Array.from(graph.minutes).sort((a, b) => a - b);
    expect(minutes[0]).toBeCloseTo((greatCircleKm(1.03, 43, 1.04, 43) / 25) * 60, 4);
    // No arc spans the gap: every arc is at most 0.011 degree long, as are 1-2, 3-4 and 4-5.
    expect(Math.max(...minutes)).toBeCloseTo((greatCircleKm(1.04, 43, 1.04, 43.01) / 25) * 60, 4);
  });

  it('on the command line, says how many roads refer to missing nodes', () => {
    const dir = folder();
    const nodes = Array.from({ length: 6 }, (_, k) => `<node id="${k + 1}" lon="${1.4 + k * 0.02}" lat="43.6"/>`).join('');
    writeFileSync(join(dir, 'roads.osm'), `<osm>${nodes}<way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="77"/><nd ref="4"/><nd ref="5"/><nd ref="6"/><tag k="highway" v="primary"/></way></osm>`);
    writeFileSync(join(dir, 'd.csv'), 'id,lon,lat,population\na,1.4,43.6,10\n');
    writeFileSync(join(dir, 's.csv'), 'id,lon,lat\ns,1.42,43.6\n');
    const r = run(dir, 'coverage', '--demand', 'd.csv', '--supply', 's.csv', '--travel', 'network:roads.osm');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 road refers to 1 node missing from the file (an extract cut at its border?): 1 kept up to the gap, 0 left out');
  });

  it('counts, on the real Andorra extract cut at a meridian, exactly the references to the nodes cut off', () => {
    const xml = readFileSync('../shared/data/osm-andorra/andorra-drive-highways.osm', 'utf8');
    const cut = 1.55;
    const dropped = new Set<string>();
    const kept = xml.replace(/<node id="(-?\d+)" lat="[-\d.]+" lon="([-\d.]+)"(?:\/>|>[\s\S]*?<\/node>)/g, (node, id: string, lon: string) => (Number(lon) > cut ? (dropped.add(id), '') : node));
    expect(dropped.size).toBeGreaterThan(1000);
    // The references to dropped nodes in ways that are roads a car may use, counted from the text.
    const whole = readRoadsOsmXml(xml);
    const { report, graph } = readRoadsOsmXml(kept);
    let refs = 0;
    let ways = 0;
    for (const way of xml.matchAll(/<way [^>]*>([\s\S]*?)<\/way>/g)) {
      const missing = [...way[1].matchAll(/<nd ref="(-?\d+)"\/>/g)].filter((m) => dropped.has(m[1])).length;
      if (missing === 0) continue;
      const tags = Object.fromEntries([...way[1].matchAll(/<tag k="([^"]*)" v="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]));
      // Only roads a car may drive are read node by node: the tags decide first (judged as for the whole file).
      if (!judgeWay(tags, CAR_PROFILE).use) continue;
      refs += missing;
      ways++;
    }
    expect(report.missingNodeRefs).toBe(refs);
    expect(report.waysCut + report.leftOut.missingNodes).toBe(ways);
    // The ways cut are still used: only those with no stretch left are lost.
    expect(report.waysUsed).toBe(whole.report.waysUsed - report.leftOut.missingNodes);
    // Every node of the cut graph lies west of the cut: no road was drawn across the gap.
    for (let n = 0; n < graph.nodeCount; n++) expect(graph.lon[n]).toBeLessThanOrEqual(cut);
  });

  it('refuses numbers no double holds, and every total stays finite', () => {
    const big = error(() => readDemandCsv('id,lon,lat,population\na,1,43,5\nb,1,43,1e400\n', { source: 'c.csv' }));
    expect(big.code).toBe('INVALID_POPULATION');
    expect(big.message).toBe('c.csv, line 3, id "b", field "population", value "1e400": is beyond the largest number a computer holds (about 1.8e308); expected a population >= 0');
    expect(error(() => readDemandCsv('id,lon,lat,population\na,1,43,1e308\n')).code).toBe('INVALID_POPULATION');
    expect(error(() => readSitesCsv('id,lon,lat\na,1e400,43\n')).code).toBe('INVALID_COORDINATE');
    const dir = folder();
    writeFileSync(join(dir, 'd.csv'), 'id,lon,lat,population\na,1.44,43.60,1e308\nb,1.5,43.6,1e308\n');
    writeFileSync(join(dir, 's.csv'), 'id,lon,lat\ns1,1.45,43.61\n');
    const r = run(dir, 'coverage', '--demand', 'd.csv', '--supply', 's.csv');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('d.csv, line 2, id "a", field "population", value "1e308": is above 1e9');
    // The largest population each point may hold, at every point: the total is finite and exact.
    const many = createDemand(Array.from({ length: 1000 }, (_, k) => ({ id: `c${k}`, lon: 1 + k / 1000, lat: 43, population: 1e9 })));
    expect(many.totalPopulation).toBe(1e12);
  });

  it('reads a matrix whose columns are named like members of Object.prototype, and names its lines right', async () => {
    const dir = folder();
    const demand = readDemandCsv('id,lon,lat,population\na,1,43,5\nb,1.1,43,6\n');
    const sites = readSitesCsv('id,lon,lat\ns,1,43\n');
    writeFileSync(join(dir, 'm.csv'), '\uFEFF__proto__,toString,constructor,note\na,s,5,"two\nlines"\n\nb,s,7,x\n');
    const travel = new MatrixFileTravel(join(dir, 'm.csv'), { columns: ['__proto__', 'toString', 'constructor'] });
    const reach = await travel.reach(demand, sites, { maxMinutes: 60 });
    expect(Array.from(reach.minutes)).toEqual([5, 7]);
    // Line 2 spans 2 and 3, line 4 is blank: the bad time is on line 5.
    writeFileSync(join(dir, 'm.csv'), '__proto__,toString,constructor,note\na,s,5,"two\nlines"\n\nb,s,oops,x\n');
    const e = await new MatrixFileTravel(join(dir, 'm.csv'), { columns: ['__proto__', 'toString', 'constructor'] }).reach(demand, sites, { maxMinutes: 60 }).catch((x) => x);
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.location.line).toBe(5);
    const few = await new MatrixFileTravel(join(dir, 'm.csv')).reach(demand, sites, { maxMinutes: 60 }).catch((x) => x);
    expect(few.code).toBe('MISSING_COLUMN');
  });

  it('refuses a road arc longer than the equator, which would overflow its 32-bit minutes', () => {
    const e = error(() => readRoadsCsv('id,lon,lat\n1,1,43\n2,1.01,43\n', 'from,to,length_m,highway,oneway\n1,2,100,primary,0\n1,2,1e300,primary,0\n', { arcsSource: 'arcs.csv' }));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toContain('arcs.csv, line 3, field "length_m", value "1e300": is longer than the equator');
  });

  it('refuses a matrix time beyond 1e9 minutes (a unit slip or a placeholder), naming the line', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'm.csv'), 'from,to,minutes\na,s,5\nb,s,1e300\n');
    const demand = readDemandCsv('id,lon,lat,population\na,1,43,5\nb,1.1,43,6\n');
    const sites = readSitesCsv('id,lon,lat\ns,1,43\n');
    const e = await new MatrixFileTravel(join(dir, 'm.csv')).reach(demand, sites, { maxMinutes: Infinity }).catch((x) => x);
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toContain('line 3');
    expect(e.message).toContain('is above 1e9 minutes');
  });
});

describe('no input can make it hang, and messages quote a readable prefix', () => {
  const MB3 = 3 * 1024 * 1024;
  const digits = '9'.repeat(MB3) + 'x';
  const long = 'n'.repeat(MB3);
  /** A message of at most a few hundred characters, whatever the input held. */
  const bounded = (message: string) => expect(message.length).toBeLessThan(600);

  it('tests decimals in linear time and cuts quoted values', () => {
    expect(isDecimal(digits)).toBe(false);
    expect(isDecimal('9'.repeat(MB3))).toBe(true);
    expect(isDecimal('0'.repeat(MB3) + '.' + '0'.repeat(MB3) + 'e')).toBe(false);
    expect(clipped(long)).toBe(`${'n'.repeat(60)}… (3,145,728 characters)`);
    expect(quoted(digits)).toBe(`"${'9'.repeat(60)}…" (3,145,729 characters)`);
    expect(quoted('0123')).toBe('"0123"');
    // A cut never splits a surrogate pair.
    expect(clipped('a'.repeat(59) + '😀' + 'b'.repeat(100))).toBe(`${'a'.repeat(59)}… (161 characters)`);
    bounded(missingField('column', long, [long, 'population', ...Array.from({ length: 1000 }, (_, k) => `c${k}`)], 'the ids'));
    expect(nearestName(long, ['population', long.slice(1)])).toBe(long.slice(1));
  });

  it('every CSV reader: 3 MB of digits then a letter, a 3 MB id twice, 3 MB names', () => {
    const csv = (rows: string[]) => ['id,lon,lat,population,name', ...rows].join('\n');
    for (const read of [(t: string) => readDemandCsv(t, { source: 'd.csv' }), (t: string) => readSitesCsv(t.replace(',population,', ',capacity,'), { source: 's.csv' })]) {
      const number = error(() => read(csv([`a,1,43,${digits},x`])));
      expect(['INVALID_POPULATION', 'INVALID_CAPACITY']).toContain(number.code);
      bounded(number.message);
      const twice = error(() => read(csv([`${long},1,43,5,x`, `${long},1,43,5,y`])));
      expect(twice.code).toBe('DUPLICATE_ID');
      bounded(twice.message);
      expect(twice.message).toContain('(3,145,728 characters)');
      expect(read(csv([`a,1,43,5,${long}`])).attribute('name')[0]).toHaveLength(MB3);
      bounded(error(() => read(csv([`a,${digits},43,5,x`]))).message);
    }
    bounded(error(() => readPopulationTable(`id,population\na,${digits}\n`)).message);
    bounded(error(() => readPopulationTable(`id,population\n${long},1\n${long},2\n`)).message);
    // A header of a million columns, the one asked for missing.
    bounded(error(() => readDemandCsv(`${Array.from({ length: 1_000_000 }, (_, k) => `c${k}`).join(',')}\n`)).message);
    bounded(error(() => parseTable(`id,${long},${long}\na,1,2\n`)).message);
    // Ids made only of zeros and digits: the leading-zero test is linear too.
    const zeros = '0'.repeat(MB3) + 'x';
    bounded(error(() => readDemandCsv(`id,lon,lat,population\n${zeros},1,43,5\n${zeros},1,43,5\n`)).message);
  });

  it('every GeoJSON reader: a 3 MB id twice, 3 MB text for a population, 3 MB property names', () => {
    const point = (properties: object, lon = 1) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, 43] } });
    const collection = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });
    bounded(error(() => readDemandGeoJson(collection([point({ id: long, population: 1 }), point({ id: long, population: 2 })]))).message);
    bounded(error(() => readDemandGeoJson(collection([point({ id: 'a', population: digits })]))).message);
    bounded(error(() => readDemandGeoJson(collection([point({ id: 'a', [long]: 1 })]))).message);
    bounded(error(() => readSitesGeoJson(collection([point({ id: 'a', capacity: digits })]))).message);
    bounded(error(() => readDemandGeoJson(`{"type":"FeatureCollection","features":[${digits}]}`)).message);
    bounded(error(() => readRoadsGeoJson(collection([{ type: 'Feature', properties: { highway: 'primary' }, geometry: { type: 'LineString', coordinates: [[1, 43], [long, 43]] } }]))).message);
  });

  it('the OSM XML, roads CSV and matrix CSV readers', async () => {
    bounded(error(() => readRoadsOsmXml(`<osm><node id="1" lon="${digits}" lat="43"/></osm>`)).message);
    bounded(error(() => readRoadsOsmXml(`<osm><node id="${digits}" lon="1" lat="43"/></osm>`)).message);
    const nodes = 'id,lon,lat\n1,1,43\n2,1.01,43\n';
    bounded(error(() => readRoadsCsv(nodes, `from,to,length_m,highway,oneway\n1,2,${digits},primary,0\n`)).message);
    bounded(error(() => readRoadsCsv(nodes, `from,to,length_m,highway,oneway\n1,${long},5,primary,0\n`)).message);
    bounded(error(() => readRoadsCsv(`id,lon,lat\n${long},1,43\n${long},1,43\n`, 'from,to,length_m,highway,oneway\n1,2,5,primary,0\n')).message);
    const dir = folder();
    const demand = readDemandCsv(`id,lon,lat,population\n${long},1,43,5\n`);
    const sites = readSitesCsv('id,lon,lat\ns,1,43\n');
    writeFileSync(join(dir, 'm.csv'), `from,to,minutes\n${long},s,${digits}\n`);
    const number = await new MatrixFileTravel(join(dir, 'm.csv')).reach(demand, sites, { maxMinutes: 60 }).catch((x) => x);
    expect(number.code).toBe('PARSE_ERROR');
    bounded(number.message);
    writeFileSync(join(dir, 'm.csv'), `from,to,minutes\n${long},s,1\n${long},s,2\n`);
    const twice = await new MatrixFileTravel(join(dir, 'm.csv')).reach(demand, sites, { maxMinutes: 60 }).catch((x) => x);
    expect(twice.code).toBe('DUPLICATE_ID');
    bounded(twice.message);
  });

  it('an OSRM URL ending in a long run of slashes', () => {
    // /\/+$/ took 14 s for 50,000 slashes before a letter (quadratic): this one is 3 million.
    expect(new OsrmTravel(`http://example.org${'/'.repeat(MB3)}x//`).url).toBe(`http://example.org${'/'.repeat(MB3)}x`);
  });

  it('the command line, with a 3 MB field in a file', () => {
    const dir = folder();
    writeFileSync(join(dir, 'd.csv'), `id,lon,lat,population\na,1.44,43.6,${digits}\n`);
    writeFileSync(join(dir, 's.csv'), 'id,lon,lat\ns1,1.45,43.61\n');
    const r = run(dir, 'coverage', '--demand', 'd.csv', '--supply', 's.csv');
    expect(r.status).toBe(1);
    bounded(r.stderr);
    expect(r.stderr).toContain('(3,145,729 characters)');
    noStack(r.stderr);
  });
});

describe('any bytes: a result or a CareshedError, never another error', () => {
  /** Runs `read`; a throw must be a CareshedError with a code and a bounded message. */
  const settles = (read: () => unknown) => {
    try {
      read();
    } catch (e) {
      if (!(e instanceof Error) || e.name !== 'CareshedError') throw e;
      expect((e as Error).message.length).toBeLessThan(2600);
    }
  };
  // Bytes drawn mostly from what these formats are made of, so that the readers get past their first check.
  const csvBytes = fc.array(fc.oneof(fc.constantFrom(...Buffer.from('id,lon,lat,population\n"; \r\t=-.e1234567890x')), fc.integer({ min: 0, max: 255 })), { maxLength: 200 });

  it('CSV readers, over bytes in any encoding', () => {
    fc.assert(
      fc.property(csvBytes, fc.boolean(), (bytes, withHeader) => {
        const text = (withHeader ? 'id,lon,lat,population,name\n' : '') + decodeText(Uint8Array.from(bytes), { onWarning: () => {} });
        settles(() => readDemandCsv(text, { source: 'd.csv' }));
        settles(() => readSitesCsv(text, { source: 's.csv' }));
        settles(() => readPopulationTable(text, { source: 'p.csv' }));
        settles(() => parseTable(text));
      }),
      { seed: 1414, numRuns: 400 },
    );
  });

  it('GeoJSON readers, given features that are not features or coordinates that are not positions', () => {
    const roads = (feature: unknown) => ({ type: 'FeatureCollection', features: [feature] }) as FeatureCollection;
    const line = (coordinates: unknown, type = 'LineString') => ({ type: 'Feature', properties: { highway: 'primary' }, geometry: { type, coordinates } });
    expect(error(() => readRoadsGeoJson(roads(null), { source: 'r.geojson' })).message).toBe('r.geojson, feature 0, value null: expected a GeoJSON Feature');
    expect(error(() => readRoadsGeoJson(roads(line(5)))).code).toBe('INVALID_GEOMETRY');
    expect(error(() => readRoadsGeoJson(roads(line([5], 'MultiLineString')))).code).toBe('INVALID_GEOMETRY');
    const text = error(() => readDemandGeoJson(roads({ type: 'Feature', properties: 'x', geometry: { type: 'Point', coordinates: [1, 43] } }), { source: 'd.geojson' }));
    expect(text.message).toBe('d.geojson, feature 0, field "properties", value "x": the properties of a Feature must be an object or null (RFC 7946 §3.2)');
  });

  it('GeoJSON and OSM XML readers, over text cut and spliced from valid files', () => {
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'a', population: 5, highway: 'primary' }, geometry: { type: 'Polygon', coordinates: [[[1, 43], [1.1, 43], [1.1, 43.1], [1, 43]]] } }] });
    const xml = '<osm><node id="1" lon="1" lat="43"/><node id="2" lon="1.01" lat="43"/><way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>';
    const spliced = (text: string) => fc.tuple(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 12 })).map(([a, b, insert]) => text.slice(0, Math.min(a, b)) + insert + text.slice(Math.max(a, b)));
    fc.assert(
      fc.property(spliced(geojson), spliced(xml), (g, x) => {
        settles(() => readDemandGeoJson(g, { source: 'g.geojson' }));
        settles(() => readSitesGeoJson(g, { source: 'g.geojson' }));
        settles(() => readRoadsGeoJson(g, { source: 'r.geojson' }));
        settles(() => readRoadsOsmXml(x, { source: 'r.osm' }));
      }),
      { seed: 7946, numRuns: 400 },
    );
  });
});

describe('GeoJSON as RFC 7946 has it', () => {
  const square = [[1, 43], [1.1, 43], [1.1, 43.1], [1, 43.1], [1, 43]];
  const feature = (geometry: object, id = 'a') => ({ type: 'Feature', properties: { id, population: 5 }, geometry });
  const collection = (...features: object[]) => ({ type: 'FeatureCollection', features }) as FeatureCollection;

  it('accepts a byte-order mark before the text, in demand, sites and roads files', () => {
    const text = '\uFEFF' + JSON.stringify(collection(feature({ type: 'Polygon', coordinates: [square] })));
    expect(readDemandGeoJson(text).ids).toEqual(['a']);
    expect(readSitesGeoJson(text).ids).toEqual(['a']);
    const roads = '\uFEFF' + JSON.stringify(collection({ type: 'Feature', properties: { highway: 'primary' }, geometry: { type: 'LineString', coordinates: [[1, 43], [1.01, 43]] } }));
    expect(readRoadsGeoJson(roads).graph.arcCount).toBe(2);
  });

  it('refuses a ring that is not closed, naming the feature, the polygon and the ring', () => {
    const open = square.slice(0, 4).concat([[1, 43.05]]);
    const e = error(() => readDemandGeoJson(collection(feature({ type: 'Point', coordinates: [1, 43] }, 'p'), feature({ type: 'Polygon', coordinates: [square, open] }, 'b')), { source: 'c.geojson' }));
    expect(e.code).toBe('INVALID_GEOMETRY');
    expect(e.message).toBe(
      'c.geojson, feature 1, id "b", field "geometry.coordinates[1]": ring 1 of the polygon is not closed: it starts at [1, 43] and ends at [1, 43.05]; a ring\'s last position must be the same as its first (RFC 7946 §3.1.6): add the first position again at the end',
    );
    const multi = error(() => readDemandGeoJson(collection(feature({ type: 'MultiPolygon', coordinates: [[square], [open]] })), { source: 'm.geojson' }));
    expect(multi.message).toContain('m.geojson, feature 0, id "a", field "geometry.coordinates[1][0]": ring 0 of polygon 1 of the MultiPolygon (its outer ring) is not closed');
    const short = error(() => readDemandGeoJson(collection(feature({ type: 'Polygon', coordinates: [[[1, 43], [1.1, 43], [1, 43]]] }))));
    expect(short.message).toContain('ring 0 of the polygon (its outer ring) has 3 positions; a ring needs at least 4 positions');
  });

  it('reads every real commune boundary of Occitanie: all rings closed', () => {
    const boundaries = JSON.parse(readFileSync('fixtures/occitanie/boundaries.geojson', 'utf8')) as FeatureCollection;
    const demand = readDemandGeoJson(boundaries, { populationField: false });
    expect(demand.size).toBe(boundaries.features.length);
  });
});
