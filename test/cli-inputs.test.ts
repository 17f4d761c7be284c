import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTable } from '../src/index.js';
import { careshed } from './cli-run.js';

// Inputs that meet the planner halfway: every kind of bad input named by file, line, field and value.
const dir = mkdtempSync(join(tmpdir(), 'careshed-inputs-'));
const communes = 'fixtures/occitanie/communes.csv';
const gps = 'fixtures/occitanie/gp-communes.csv';
const centres = 'fixtures/occitanie/centres.csv';

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('--missing-population', () => {
  const demand = file('three.csv', 'id,lon,lat\na,1.18,43.11\nb,1.27,44.69\nc,2.0,43.5\n');
  const population = file('pop.csv', 'id,population\na,100\nb,50\n');
  const run = (...more: string[]) => careshed('coverage', '--demand', demand, '--supply', centres, '--population', population, ...more);

  it('refuses by default, naming the demand points and the options', () => {
    const refused = run();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${population}, field "id": 1 of 3 demand points of ${demand} has no population in the table: "c"; count them as 0 or leave them out (missing: 'zero' or 'drop'; on the command line --missing-population zero|drop) [JOIN_MISSING]`);
  });

  it('counts them as 0 or leaves them out, and says how many and which', () => {
    const zero = run('--missing-population', 'zero');
    expect(zero.status, zero.stderr).toBe(0);
    expect(JSON.parse(zero.stdout).summary).toMatchObject({ demandCount: 3, population: 150 });
    expect(zero.stderr).toContain(`careshed coverage: 1 demand point of ${demand} has no population in ${population}: counted with a population of 0 (c)`);
    const drop = run('--missing-population', 'drop');
    expect(drop.status, drop.stderr).toBe(0);
    const out = JSON.parse(drop.stdout);
    expect(out.summary).toMatchObject({ demandCount: 2, population: 150 });
    expect(out.demand.map((d: { id: string }) => d.id)).toEqual(['a', 'b']);
    expect(drop.stderr).toContain(`careshed coverage: 1 demand point of ${demand} has no population in ${population}: left out (c)`);
  });

  it('is bad usage with an unknown choice or without --population', () => {
    expect(run('--missing-population', 'guess').stderr).toContain('--missing-population must be one of error, zero, drop; got "guess"');
    const alone = careshed('coverage', '--demand', communes, '--supply', centres, '--missing-population', 'zero');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--missing-population goes with --population FILE');
  });
});

describe('an id field per file, and a candidate where a site already is', () => {
  it('reads the candidates\' ids from --candidates-id-field and the existing sites\' from --supply-id-field', () => {
    const candidates = file('cand-code.csv', 'code,lon,lat\nnew-east,3.88,43.61\nnew-west,1.44,43.6\n');
    const existing = file('existing-ref.csv', 'ref,lon,lat\nold,1.17838,43.11444\n');
    const out = join(dir, 'ids.csv');
    const run = careshed('site', '--demand', communes, '--candidates', candidates, '--candidates-id-field', 'code', '--supply', existing, '--supply-id-field', 'ref', '--model', 'mclp', '--p', '1', '--solver', 'heuristic', '--out', out, '-q');
    expect(run.status, run.stderr).toBe(0);
    expect(parseTable(readFileSync(out, 'utf8')).rows[0].id).toMatch(/^new-(east|west)$/);
    // The candidates' field is not looked for in the existing sites' file, nor the other way round.
    const mixed = careshed('site', '--demand', communes, '--candidates', candidates, '--supply-id-field', 'code', '--supply', existing, '--model', 'mclp', '--p', '1');
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toContain(`${candidates}, line 1, field "id": no column "id" for the ids; columns found: code, lon, lat [MISSING_COLUMN]`);
    const other = careshed('site', '--demand', communes, '--candidates', candidates, '--candidates-id-field', 'code', '--supply-id-field', 'code', '--supply', existing, '--model', 'mclp', '--p', '1');
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(`${existing}, line 1, field "code": no column "code" for the ids; columns found: ref, lon, lat [MISSING_COLUMN]`);
  });

  it('builds a report with every commune a candidate and every GP commune an existing site (ids shared)', () => {
    const out = join(dir, 'gp-report.html');
    const run = careshed('report', '--demand', communes, '--supply', gps, '--candidates', communes, '--model', 'mclp', '--p', '2', '--solver', 'heuristic', '--boundaries', 'fixtures/occitanie/boundaries.geojson', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const gpCount = parseTable(readFileSync(gps, 'utf8')).rows.length;
    expect(run.stderr).toContain(`careshed report: ${gpCount.toLocaleString('en-GB')} candidates stand at an existing site (same id or same place), kept as candidates: a new site where one already is (09029, 09032, 09042, 09061, 09070, …)`);
    expect(run.stderr).toContain(`careshed report: wrote ${out}`);
  });
});

describe('swapped longitude and latitude, found without --bounds', () => {
  // The GP communes with their lon and lat values exchanged under an unchanged header.
  const rows = parseTable(readFileSync(gps, 'utf8')).rows;
  const swapped = file('gp-swapped.csv', `id,lon,lat,capacity\n${rows.map((r) => `${r.id},${r.lat},${r.lon},${r.capacity}`).join('\n')}\n`);

  it('refuses a sites file written lat,lon, naming the file, its first line, id and value, and the fix', () => {
    const run = careshed('coverage', '--demand', communes, '--supply', swapped);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`careshed coverage: ${swapped}, line 2, id "${rows[0].id}", field "lon", value ${Number(rows[0].lat)}: the ${rows.length.toLocaleString('en-GB')} sites of ${swapped} lie away from the 4,446 demand points of ${communes} (none within their area), but fall among them with longitude and latitude swapped. This file is the one written latitude first:`);
    expect(run.stderr).toContain(`swap the names of the lon and lat columns of ${swapped}`);
    expect(run.stderr).toContain('[SWAPPED_COORDINATES]');
    expect(run.stdout).toBe('');
    // With --bounds, the study area decides: the swapped points are outside it, and named as swapped.
    const bounded = careshed('coverage', '--demand', communes, '--supply', swapped, '--bounds=-0.5,42.2,5,45.2');
    expect(bounded.status).toBe(1);
    expect(bounded.stderr).toContain(`${swapped}, line 2, id "${rows[0].id}", field "lon", value ${Number(rows[0].lat)}: position (${Number(rows[0].lat)}, ${Number(rows[0].lon)}) is outside the study area [-0.5, 42.2, 5, 45.2] but (${Number(rows[0].lon)}, ${Number(rows[0].lat)}) is inside`);
    // In siting too, where the candidates are a third file.
    const site = careshed('site', '--demand', communes, '--supply', centres, '--candidates', swapped, '--model', 'mclp', '--p', '1');
    expect(site.status).toBe(1);
    expect(site.stderr).toContain(`candidate sites of ${swapped} lie away from`);
  });

  it('refuses one row typed the other way round, naming its line', () => {
    const lines = readFileSync(communes, 'utf8').trimEnd().split('\n');
    const k = 100; // line 101 of the file
    const cells = lines[k].split(',');
    const [lon, lat] = [cells[4], cells[5]];
    cells[4] = lat;
    cells[5] = lon;
    lines[k] = cells.join(',');
    const demand = file('communes-one-swapped.csv', lines.join('\n') + '\n');
    const run = careshed('coverage', '--demand', demand, '--supply', centres);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${demand}, line ${k + 1}, id "${cells[0]}", field "lon", value ${Number(lat)}: position (${Number(lat)}, ${Number(lon)}) lies far from the area of the other points`);
    expect(run.stderr).toContain(`but (${Number(lon)}, ${Number(lat)}) is inside it: are longitude and latitude swapped on this row?`);
  });

  it('names the feature of a GeoJSON point', () => {
    const features = rows.slice(0, 30).map((r, k) => ({ type: 'Feature', properties: { id: r.id, population: 1 }, geometry: { type: 'Point', coordinates: k === 7 ? [Number(r.lat), Number(r.lon)] : [Number(r.lon), Number(r.lat)] } }));
    const demand = file('points.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
    const run = careshed('coverage', '--demand', demand, '--supply', centres);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${demand}, feature 7, id "${rows[7].id}", field "lon", value ${Number(rows[7].lat)}:`);
  });
});

describe('a field that is not there: the fields there are, and the nearest name', () => {
  const demand = file('pop-typo.csv', 'code,lon,lat,habitants,epci\na,1.18,43.11,10,X\n');
  it.each([
    [['coverage', '--demand', demand, '--supply', centres, '--id-field', 'cod', '--population-field', 'habitants'], `${demand}, line 1, field "cod": no column "cod" for the ids; columns found: code, lon, lat, habitants, epci (did you mean "code"?)`],
    [['coverage', '--demand', demand, '--supply', centres, '--id-field', 'code', '--population-field', 'habitant'], `${demand}, line 1, field "habitant": no column "habitant" for the population; columns found: code, lon, lat, habitants, epci (did you mean "habitants"?)`],
    [['coverage', '--demand', communes, '--supply', centres, '--by', 'departemnt'], `${communes}, field "departemnt": no attribute "departemnt"; attributes found: name, departement, epci, standardised_population, gps, epci_name, epci_population, departement_name, departement_population (did you mean "departement"?)`],
    [['rank', '--demand', communes, '--supply', gps, '--by', 'epic'], '(did you mean "epci"?)'],
    [['rank', '--demand', communes, '--supply', gps, '--by', 'canton'], 'no attribute "canton"; attributes found: name, departement, epci, standardised_population, gps, epci_name, epci_population, departement_name, departement_population [MISSING_COLUMN]'],
    [['access', '--demand', communes, '--supply', gps, '--method', 'apl', '--standardised-field', 'pop_standardise'], 'no attribute "pop_standardise"'],
    [['access', '--demand', communes, '--supply', gps, '--method', 'apl', '--capacity-field', 'capacty'], `${gps}, line 1, field "capacty": no column "capacty" for the capacity; columns found: id, name, departement, lon, lat, capacity (did you mean "capacity"?)`],
    [['coverage', '--demand', demand, '--supply', centres, '--id-field', 'code', '--population', file('p.csv', 'CODGEO,P21_POP\na,3\n'), '--population-id', 'codgeo', '--population-field', 'P21_POP'], 'no column "codgeo" for the ids; columns found: CODGEO, P21_POP (did you mean "CODGEO"?)'],
  ])('careshed %j', (args, message) => {
    const run = careshed(...args);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('[MISSING_COLUMN]');
  });

  it('refuses a whole-territory population that is not a number, naming file, id, field and value', () => {
    const bad = file('bad-whole.csv', 'id,lon,lat,population,epci,epci_population\na,1.18,43.11,10,X,lots\n');
    const run = careshed('rank', '--demand', bad, '--supply', centres, '--by', 'epci');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${bad}, line 2, id "a", field "epci_population", value "lots": is not a number; expected a population of the whole territory >= 0 [INVALID_POPULATION]`);
  });

  it('refuses a territories file with a territory twice, an empty id, or no id column', () => {
    const twice = file('twice.csv', 'id,name\n09,Ariège\n09,Ariege\n');
    expect(careshed('rank', '--demand', communes, '--supply', gps, '--by', 'departement', '--territories', twice).stderr).toContain(`${twice}, line 3, field "id", value "09": territory "09" appears twice [DUPLICATE_ID]`);
    const empty = file('empty-id.csv', 'id,name\n,Nowhere\n');
    expect(careshed('rank', '--demand', communes, '--supply', gps, '--by', 'departement', '--territories', empty).stderr).toContain(`${empty}, line 2, field "id", value "": is empty; every territory needs an id [INVALID_ID]`);
    const noId = file('no-id.csv', 'code,name\n09,Ariège\n');
    expect(careshed('coverage', '--demand', communes, '--supply', centres, '--by', 'departement', '--territories', noId).stderr).toContain(`${noId}, line 1, field "id": no column "id" for the territory ids; columns found: code, name [MISSING_COLUMN]`);
  });

  it('refuses a standardised population that is not a number, naming file, id, field and value', () => {
    const bad = file('bad-std.csv', 'id,lon,lat,population,std\na,1.18,43.11,10,3,5\n'.replace('3,5', '3.5') + 'b,1.27,44.69,5,\n');
    const run = careshed('access', '--demand', bad, '--supply', centres, '--method', 'apl', '--standardised-field', 'std');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${bad}, line 3, id "b", field "std", value "": is empty; with this column every demand point needs an age-standardised population >= 0 (surroundings too), or weigh by the population [INVALID_POPULATION]`);
  });
});

describe('swapped longitude and latitude, wherever a command reads points', () => {
  const swapRows = (path: string, name: string, swapped: (k: number) => boolean) => {
    const table = parseTable(readFileSync(path, 'utf8'));
    const cols = table.columns;
    const lines = table.rows.map((r, k) => cols.map((c) => (c === 'lon' && swapped(k) ? r.lat : c === 'lat' && swapped(k) ? r.lon : r[c])).map((v) => (v.includes(',') ? `"${v}"` : v)).join(','));
    return { path: file(name, `${cols.join(',')}\n${lines.join('\n')}\n`), rows: table.rows };
  };

  it('checks --gps with the other inputs (site), naming its line', () => {
    const { path, rows } = swapRows(gps, 'gps-one-swapped.csv', (k) => k === 99);
    const run = careshed('site', '--demand', communes, '--candidates', communes, '--gps', path, '--model', 'cmclp', '--p', '2', '--solver', 'heuristic');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path}, line 101, id "${rows[99].id}", field "lon", value ${Number(rows[99].lat)}: position (${Number(rows[99].lat)}, ${Number(rows[99].lon)}) lies far from the area of the other points`);
    expect(run.stdout).toBe('');
  });

  it('blames the demand file when it is the one written lat,lon, not the sites', () => {
    const { path } = swapRows(communes, 'communes-swapped.csv', () => true);
    const run = careshed('coverage', '--demand', path, '--supply', centres);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`careshed coverage: ${path}, line 2, id "09001"`);
    expect(run.stderr).toContain(`the 4,446 demand points of ${path} lie away from the 8 sites of ${centres} (none within their area), but fall among them with longitude and latitude swapped. This file is the one written latitude first`);
    expect(run.stderr).toContain(`swap the names of the lon and lat columns of ${path}`);
  });

  it('refuses every file written lat,lon, and names both files of one point each when it cannot tell which', () => {
    const demand = swapRows(communes, 'communes-swapped-too.csv', () => true).path;
    const sites = swapRows(centres, 'centres-swapped.csv', () => true).path;
    const both = careshed('coverage', '--demand', demand, '--supply', sites);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain(`every file seems written latitude, longitude: the 4,454 points of ${demand}, ${sites} lie at |latitude| < |longitude|`);
    // Written the right way round, with --bounds, the same study area passes.
    const bounded = careshed('coverage', '--demand', demand, '--supply', sites, '--bounds=40,-2,47,6', '-q');
    expect(bounded.status).toBe(0);
    const one = file('one-demand.csv', 'id,lon,lat,population\na,43.1,1.2,5\n');
    const site = file('one-site.csv', 'id,lon,lat\ns,1.2,43.1\n');
    const run = careshed('coverage', '--demand', one, '--supply', site);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`the 1 demand point of ${one} and the 1 site of ${site} lie apart`);
    expect(run.stderr).toContain(`(${one} line 2 reads (43.1, 1.2); ${site} line 2 reads (1.2, 43.1))`);
  });
});

describe('files as Windows and Excel write them, and files that cannot be read', () => {
  const site = file('one-site-ok.csv', 'id,lon,lat\nS1,1.17838,43.11444\n');

  it('reads a Windows-1252 CSV, saying so on standard error, with the names right', () => {
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('id,name,lon,lat,population\n09257,Sainte-Croix-Volvestre,1.1784,43.1144,641\n09225,Ari'), Buffer.from([0xe8]), Buffer.from('ge-'), Buffer.from([0xc9]), Buffer.from('tang,1.6066,42.9641,8400\n')]));
    const out = join(dir, 'latin1-out.csv');
    const run = careshed('coverage', '--demand', path, '--supply', site, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`careshed coverage: ${path} is not UTF-8 (line 3, byte 0xE8): read as Windows-1252`);
    expect(parseTable(readFileSync(out, 'utf8')).rows[1].name).toBe('Ariège-Étang');
  });

  it('reads GeoJSON and scenarios that start with a byte-order mark', () => {
    const path = file('bom.geojson', `\uFEFF${JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: '09257', population: 641 }, geometry: { type: 'Point', coordinates: [1.1784, 43.1144] } }] })}`);
    const run = careshed('coverage', '--demand', path, '--supply', site, '-q');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).summary.population).toBe(641);
    const scenario = file('bom.json', `\uFEFF${JSON.stringify({ demand: path, supply: site })}`);
    const compare = careshed('compare', scenario, scenario, '-q');
    expect(compare.status, compare.stderr).toBe(0);
  });

  it.each([
    ['an empty GeoJSON file', () => file('empty.geojson', ''), 'the file is empty; expected a GeoJSON FeatureCollection [EMPTY_INPUT]'],
    ['an empty CSV file', () => file('empty.csv', ''), 'the file is empty; expected a header line and data rows [EMPTY_INPUT]'],
    ['a folder', () => {
      const folder = join(dir, 'a-folder.csv');
      mkdirSync(folder, { recursive: true });
      return folder;
    }, 'cannot read the file: it is a directory, not a file [IO_ERROR]'],
    ['a collection without features', () => file('nofeatures.geojson', '{"type":"FeatureCollection"}'), 'field "features": the FeatureCollection has no "features" array'],
    ['a numeric id', () => file('numid.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":1001,"population":5},"geometry":{"type":"Point","coordinates":[1.2,43.2]}}]}'), 'feature 0, field "id", value 1001: is a number; ids must be text in GeoJSON'],
    ['a population of 1e300', () => file('huge.csv', 'id,lon,lat,population\n09257,1.1784,43.1144,1e300\n'), 'line 2, id "09257", field "population", value "1e300": is above 1e9'],
  ])('refuses %s, naming the file', (_, make, message) => {
    const path = make();
    const run = careshed('coverage', '--demand', path, '--supply', site);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`careshed coverage: ${path}`);
    expect(run.stderr).toContain(message);
  });

  it('names the line of a site whose capacity the accessibility refuses', () => {
    const zero = file('cap0.csv', 'id,lon,lat,capacity\nS0,1.2,43.2\nS1,1.17838,43.11444,0\n'.replace('S0,1.2,43.2', 'S0,1.2,43.2,1'));
    const run = careshed('access', '--demand', communes, '--supply', zero, '--method', '2sfca', '--decay', 'binary:30');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${zero}, line 3, id "S1", field "capacity", value 0:`);
  });

  it('says when the population table lost the leading zeros of its codes', () => {
    const demand = file('two.csv', 'id,lon,lat\n09257,1.1784,43.1144\n09225,1.6066,42.9641\n');
    const population = file('pop-no-zeros.csv', 'id,population\n9257,641\n9225,8400\n');
    const run = careshed('coverage', '--demand', demand, '--supply', site, '--population', population);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${population}, field "id": 2 of 2 demand points of ${demand} have no population in the table: "09257", "09225"; all of them match once leading zeros are put back ("9257" is "09257"): the table lost them`);
  });
});

describe('demand points with no value of the --by attribute', () => {
  // Two communes, one with no département: it is kept, as the group "(none)", and named on stderr.
  const demand = file('empty-dep.csv', 'id,lon,lat,population,dep\n09257,1.1784,43.1144,641,09\n09225,1.6066,42.9641,8400,\n');
  const site = file('one-site-dep.csv', 'id,lon,lat\nS1,1.17838,43.11444\n');

  it('groups them as "(none)" after every territory in coverage, with their own figures', () => {
    const byOut = join(dir, 'by-dep.csv');
    const run = careshed('coverage', '--demand', demand, '--supply', site, '--by', 'dep', '--by-out', byOut, '--out', join(dir, 'cov-dep.csv'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`careshed coverage: 1 demand point of ${demand} (8,400 inhabitants) has no dep (an empty value): grouped as the territory "(none)", after every territory: 09225 (line 3)`);
    const rows = parseTable(readFileSync(byOut, 'utf8')).rows;
    expect(rows.map((r) => [r.key, r.name, r.population])).toEqual([['09', '09', '641'], ['', '(none)', '8400']]);
    // 09225 is 40 km from the site (2 minutes a km): not within 15 minutes.
    expect(rows[1].covered_population).toBe('0');
  });

  it('ranks them last in rank, named "(none)"', () => {
    const out = join(dir, 'rank-dep.csv');
    const run = careshed('rank', '--demand', demand, '--supply', site, '--by', 'dep', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    // rank, key, name lead each row (the reason, last, holds semicolons: read the three first cells only).
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',').slice(0, 3));
    expect(rows).toEqual([['1', '09', '09'], ['2', '', '(none)']]);
  });
});
