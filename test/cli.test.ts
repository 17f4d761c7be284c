import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capacityCoverage, coverage, createSites, crowFly, parseTable } from '../src/index.js';
import { bruteNearest, points, turfMinutes } from './brute.js';
import { loadOccitanie, readRoadNetworkFile } from '../src/node/index.js';
import { careshed } from './cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'careshed-cli-'));
const communes = 'fixtures/occitanie/communes.csv';
const centres = 'fixtures/occitanie/centres.csv';


function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('careshed coverage', () => {
  it('prints the JSON of the design contract, with the population near the 8 centres equal to brute force', () => {
    const run = careshed('coverage', '--demand', communes, '--supply', centres, '--by', 'departement');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out.summary)).toEqual(expect.arrayContaining(['demandCount', 'population', 'coveredPopulation', 'coveredShare', 'targetMinutes', 'meanMinutes', 'medianMinutes', 'p90Minutes']));
    expect(out.summary.demandCount).toBe(4446);
    expect(out.summary.targetMinutes).toBe(15);
    const { communes: demand, centres: sites } = loadOccitanie();
    const nearest = bruteNearest(points(demand), points(sites));
    const expected = nearest.reduce((t, [, m], i) => t + (m <= 15 ? demand.population[i] : 0), 0);
    expect(out.summary.coveredPopulation).toBe(expected);
    expect(out.demand).toHaveLength(4446);
    expect(out.demand[0]).toEqual({ id: '09001', nearest: expect.stringMatching(/^msmr-/), minutes: expect.any(Number), covered: expect.any(Boolean) });
    expect(out.groups.departement).toHaveLength(13);
  });

  it('writes CSV and GeoJSON by extension, and takes --minutes', () => {
    const csv = join(dir, 'out.csv');
    expect(careshed('coverage', '--demand', communes, '--supply', centres, '--minutes', '20', '--out', csv).status).toBe(0);
    const table = parseTable(readFileSync(csv, 'utf8'));
    expect(table.columns).toEqual(['id', 'name', 'population', 'nearest', 'nearest_name', 'minutes', 'covered']);
    expect(table.rows).toHaveLength(4446);
    expect(table.rows[0].id).toBe('09001');
    const own = table.rows.find((r) => r.id === '09257')!;
    const fixture = loadOccitanie().communes;
    expect(own).toEqual({ id: '09257', name: 'Sainte-Croix-Volvestre', population: String(fixture.population[fixture.indexOf('09257')]), nearest: 'msmr-09257', nearest_name: 'Sainte-Croix-Volvestre', minutes: '0', covered: 'true' });

    const geojson = join(dir, 'out.geojson');
    const demand = file('pts.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'p', population: 3 }, geometry: { type: 'Point', coordinates: [1.18, 43.11] } }] }));
    expect(careshed('coverage', '--demand', demand, '--supply', centres, '--out', geojson).status).toBe(0);
    const fc = JSON.parse(readFileSync(geojson, 'utf8'));
    expect(fc.features[0].properties).toMatchObject({ id: 'p', name: 'p', population: 3, nearest: 'msmr-09257', nearest_name: 'Sainte-Croix-Volvestre', covered: true });
  });

  it('joins the population from another file and warns of rows that match nothing', () => {
    const demand = file('d.csv', 'code,lon,lat\n09257,1.178,43.114\n46297,1.267,44.686\n');
    const pop = file('pop.csv', 'code,pop\n09257,641\n46297,1000\n99999,1\n');
    const run = careshed('coverage', '--demand', demand, '--supply', centres, '--id-field', 'code', '--population', pop, '--population-id', 'code', '--population-field', 'pop');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).summary.population).toBe(1641);
    expect(run.stderr).toContain(`1 row of ${pop} matches no demand point (first: 99999)`);
    expect(run.stderr).toContain('99999');
    const quiet = careshed('coverage', '--demand', demand, '--supply', centres, '--id-field', 'code', '--population', pop, '--population-id', 'code', '--population-field', 'pop', '--quiet');
    expect(quiet.stderr).toBe('');
  });

  it('exits 1 on bad input, naming file, line, field and value', () => {
    const bad = file('bad.csv', 'id,lon,lat,population\na,1.4,43.6,10\nb,574000,6280000,5\n');
    const run = careshed('coverage', '--demand', bad, '--supply', centres);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('bad.csv, line 3, id "b", field "lon", value 574000');
    expect(run.stderr).toContain('[PROJECTED_COORDINATES]');
    expect(run.stdout).toBe('');
    const missing = careshed('coverage', '--demand', join(dir, 'nope.csv'), '--supply', centres);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.csv: cannot read the file: no such file');
    const swapped = careshed('coverage', '--demand', file('sw.csv', 'id,lon,lat,population\na,43.6,1.44,10\n'), '--supply', centres, '--bounds=-0.5,42.2,5,45.2');
    expect(swapped.status).toBe(1);
    expect(swapped.stderr).toContain('SWAPPED_COORDINATES');
  });

  it.each([
    [['coverage', '--supply', centres], '--demand is required'],
    [['coverage', '--demand', communes], '--supply is required'],
    [['coverage', '--demand', communes, '--supply', centres, '--minutes', 'abc'], '--minutes must be a number'],
    [['coverage', '--demand', communes, '--supply', centres, '--out', 'x.xlsx'], '--out must end in .json, .csv or .geojson'],
    [['coverage', '--demand', communes, '--supply', centres, '--bounds', '1,2,3'], '--bounds must be'],
    [['coverage', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [[], 'Usage:'],
  ])('exits 2 on bad usage: careshed %j', (args, message) => {
    const run = careshed(...args);
    expect(run.status).toBe(2);
    expect(run.stdout + run.stderr).toContain(message);
  });

  it('exits 2 on a --travel the model cannot read, naming the flag and the value', () => {
    const run = careshed('coverage', '--demand', communes, '--supply', centres, '--travel', 'crow:fast:1.3');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('careshed coverage: --travel "crow:fast:1.3": speed "fast" is not a number');
    expect(careshed('coverage', '--demand', communes, '--supply', centres, '--travel', 'teleport').stderr).toContain('unknown travel model "teleport"');
  });

  it('answers --help and --version', () => {
    const help = careshed('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('coverage');
    const commandHelp = careshed('coverage', '--help');
    expect(commandHelp.status).toBe(0);
    expect(commandHelp.stdout).toContain('--minutes M');
    expect(careshed('help', 'rank').stdout).toContain('careshed rank:');
    const version = careshed('--version');
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('careshed with other travel models', () => {
  const andorraDemand = () => file('and-d.csv', 'id,lon,lat,population\nd1,1.5218,42.5063,100\nd2,1.5797,42.5357,50\nd3,1.7333,42.5426,20\nfar,1.0,43.0,5\n');
  const andorraSites = () => file('and-s.csv', 'id,lon,lat\nvella,1.5218,42.5063\n');

  it('routes on a road network from .osm.pbf and warns of what it left out', async () => {
    const { graph, report } = await readRoadNetworkFile('../shared/data/osm-andorra/andorra-latest-2025-01-19.osm.pbf');
    const run = careshed('coverage', '--demand', andorraDemand(), '--supply', andorraSites(), '--travel', 'network:../shared/data/osm-andorra/andorra-latest-2025-01-19.osm.pbf', '--minutes', '30');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.demand.find((d: { id: string }) => d.id === 'd1').minutes).toBeLessThan(2);
    expect(out.demand.find((d: { id: string }) => d.id === 'far')).toEqual({ id: 'far', nearest: null, minutes: null, covered: false });
    // The command line reports the graph the library builds (whose sameness across OSM formats network-real tests).
    const int = (x: number) => x.toLocaleString('en-GB');
    expect(run.stderr).toContain(`road network of ${int(graph.nodeCount)} nodes and ${int(graph.arcCount)} arcs from ${int(report.waysUsed)} of ${int(report.ways)} ways`);
    expect(run.stderr).toContain('too far from the road network and reach nothing: far');
  });

  it('writes the matrix of a network and reads it back as a matrix travel model with the same coverage', () => {
    const matrix = join(dir, 'and-matrix.csv');
    const network = ['--travel', 'network:../shared/data/osm-andorra/andorra-drive-highways.geojson'];
    const run = careshed('matrix', '--demand', andorraDemand(), '--supply', andorraSites(), ...network, '--max-minutes', '60', '--out', matrix, '--quiet');
    expect(run.status).toBe(0);
    const table = parseTable(readFileSync(matrix, 'utf8'));
    expect(table.columns).toEqual(['from', 'to', 'minutes']);
    expect(table.rows.map((r) => r.from)).toEqual(['d1', 'd2', 'd3']);
    const viaNetwork = JSON.parse(careshed('coverage', '--demand', andorraDemand(), '--supply', andorraSites(), ...network, '--minutes', '20', '-q').stdout);
    const viaMatrix = careshed('coverage', '--demand', andorraDemand(), '--supply', andorraSites(), '--travel', `matrix:${matrix}`, '--minutes', '20');
    expect(viaMatrix.status).toBe(0);
    expect(JSON.parse(viaMatrix.stdout).summary.coveredPopulation).toBe(viaNetwork.summary.coveredPopulation);
    // Minutes are written to float32 precision: every figure and every demand point's minutes come back exactly.
    expect(JSON.parse(viaMatrix.stdout).summary).toEqual(viaNetwork.summary);
    expect(JSON.parse(viaMatrix.stdout).demand).toEqual(viaNetwork.demand);
    expect(viaMatrix.stderr).toContain('1 demand point has no row in the matrix and reaches nothing: far');
  });

  it.each([
    [['--travel', 'network:nope.osm.pbf'], 1, 'no such file'],
    [['--travel', 'network:'], 2, '--travel network:FILE needs the file\'s path'],
    [['--travel', 'teleport:x'], 2, 'unknown travel model "teleport"'],
    [['--travel', 'matrix:x.csv', '--matrix-columns', 'a,b'], 2, '--matrix-columns must name three columns'],
  ])('fails clearly on a bad travel model: %j', (args, status, message) => {
    const run = careshed('coverage', '--demand', communes, '--supply', centres, ...args);
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
  });

  it('matrix needs --max-minutes and a .csv output', () => {
    expect(careshed('matrix', '--demand', communes, '--supply', centres, '--out', 'x.csv').stderr).toContain('--max-minutes is required');
    expect(careshed('matrix', '--demand', communes, '--supply', centres, '--max-minutes', '5', '--out', 'x.json').status).toBe(2);
  });
});

describe('careshed access and rank', () => {
  const gps = 'fixtures/occitanie/gp-communes.csv';

  it('computes the APL preset and writes one value per commune, null where no GP is within 20 minutes', () => {
    const run = careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.demand).toHaveLength(4446);
    expect(out.summary.method).toBe('apl');
    expect(out.summary.noSupplyCount).toBe(out.demand.filter((d: { value: number | null }) => d.value === null).length);
  });

  it('weighs the APL by the standardised_population column when the demand has it, and says so', () => {
    const run = careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl', '--travel', 'crow:45:1.5');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('careshed access: the APL weighs demand by the column standardised_population');
    const out = JSON.parse(run.stdout);
    expect(out.summary.demandWeight).toBe('standardised_population');
    expect(out.surroundings).toBeNull();
    const plain = careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl', '--travel', 'crow:45:1.5', '--standardised-field', 'none', '--quiet');
    expect(plain.stderr).toBe('');
    expect(JSON.parse(plain.stdout).summary.demandWeight).toBe('population');
    // One commune by hand: its GPs within 20 minutes share their consultations among the standardised people
    // around them (brute force over all pairs, turf distances).
    const { communes: demand, gpCommunes } = loadOccitanie();
    const weight = demand.attribute('standardised_population').map(Number);
    const i = demand.indexOf('09257');
    const step = (t: number) => (t <= 10 ? 1 : t <= 15 ? 2 / 3 : t <= 20 ? 1 / 3 : 0);
    const t = (k: number, j: number) => turfMinutes({ lon: demand.lon[k], lat: demand.lat[k] }, { lon: gpCommunes.lon[j], lat: gpCommunes.lat[j] }, 45, 1.5);
    let expected = 0;
    for (let j = 0; j < gpCommunes.size; j++) {
      if (step(t(i, j)) === 0) continue;
      let faced = 0;
      for (let k = 0; k < demand.size; k++) faced += weight[k] * step(t(k, j));
      expected += (step(t(i, j)) * gpCommunes.capacity[j] * 3900) / faced;
    }
    expect(out.demand[i].value).toBeCloseTo(expected, 6);
  });

  it('takes surroundings: their demand and sites count, the output holds the study only', () => {
    const around = ['--surroundings-demand', 'fixtures/occitanie/neighbour-communes.csv', '--surroundings-supply', 'fixtures/occitanie/neighbour-gp-communes.csv'];
    const run = careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl', '--travel', 'crow:45:1.5', ...around);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.demand).toHaveLength(4446);
    expect(out.demand[0].id).toBe('09001');
    expect(out.surroundings).toEqual({ demandCount: 2582, population: 3_176_386, siteCount: 640 });
    const alone = JSON.parse(careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl', '--travel', 'crow:45:1.5').stdout);
    // Villeneuve-lès-Avignon faces Avignon across the Rhône: its GPs count. Toulouse, far from the border, is untouched.
    const value = (result: { demand: { id: string; value: number }[] }, id: string) => result.demand.find((d) => d.id === id)!.value;
    expect(value(out, '30351') - value(alone, '30351')).toBeGreaterThan(1);
    expect(value(out, '31555')).toBe(value(alone, '31555'));
    expect(out.demand.filter((d: { value: number }, i: number) => d.value !== alone.demand[i].value).length).toBeGreaterThan(300);
    const rank = careshed('rank', '--demand', communes, '--supply', gps, '--by', 'departement', '--travel', 'crow:45:1.5', ...around);
    expect(rank.status, rank.stderr).toBe(0);
    const ranked = JSON.parse(rank.stdout);
    expect(ranked.territories.map((t: { key: string }) => t.key).sort()).toEqual(['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82']);
    expect(ranked.territories.reduce((total: number, t: { population: number }) => total + t.population, 0)).toBe(6_124_653);
    expect(ranked.demandWeight).toBe('standardised_population');
    for (const help of [careshed('access', '--help').stdout, careshed('rank', '--help').stdout]) {
      expect(help).toContain('--surroundings-demand FILE');
      expect(help).toContain('--surroundings-supply FILE');
      expect(help).toContain('--standardised-field F');
    }
  });

  it('gives one column per decay value', () => {
    const csv = join(dir, 'access.csv');
    expect(careshed('access', '--demand', communes, '--supply', gps, '--method', 'gravity', '--decay', 'gravity:1|2:30', '--out', csv).status).toBe(0);
    expect(parseTable(readFileSync(csv, 'utf8')).columns).toEqual(['id', 'name', 'population', 'gravity:1:30', 'gravity:2:30']);
  });

  it('ranks EPCIs with the components and reasons', () => {
    const run = careshed('rank', '--demand', communes, '--supply', gps, '--by', 'epci', '--top', '5');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.territories).toHaveLength(5);
    expect(out.territories[0].rank).toBe(1);
    expect(out.territories[0].score).toBeGreaterThanOrEqual(out.territories[4].score);
    expect(out.territories[0].reason).toMatch(/APL \d/);
  });

  it.each([
    [['access', '--demand', communes, '--supply', gps], 2, '--method is required'],
    [['access', '--demand', communes, '--supply', gps, '--method', 'magic'], 2, '--method must be one of'],
    [['access', '--demand', communes, '--supply', gps, '--method', 'e2sfca', '--decay', 'gravity:1'], 2, 'needs a cutoff'],
    [['access', '--demand', communes, '--supply', gps, '--method', 'e2sfca', '--decay', 'step:10=0.5,20=0.9'], 2, 'must not increase with time'],
    [['access', '--demand', communes, '--supply', centres, '--method', 'apl', '--supply-id-field', 'id', '--capacity-field', 'status'], 1, 'INVALID_CAPACITY'],
    [['rank', '--demand', communes, '--supply', gps, '--by', 'canton'], 1, 'no attribute "canton"'],
    [['access', '--demand', communes, '--supply', gps, '--method', 'apl', '--standardised-field', 'older'], 1, 'no attribute "older"'],
    [['access', '--demand', communes, '--supply', gps, '--method', 'apl', '--surroundings-demand', centres], 1, 'MISSING_COLUMN'],
    [['rank', '--demand', communes, '--supply', gps, '--surroundings-demand', communes], 1, 'is both in the study\'s demand'],
  ])('fails clearly: %j', (args, status, message) => {
    const run = careshed(...args);
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
  });
});

describe('careshed site', () => {
  const gps = 'fixtures/occitanie/gp-communes.csv';

  it('opens p sites with the centres kept; the objective is the population the coverage module finds within 15 minutes', () => {
    const run = careshed('site', '--demand', communes, '--candidates', gps, '--supply', centres, '--model', 'mclp', '--p', '3', '--solver', 'heuristic');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ model: 'mclp', p: 3, status: 'heuristic', bound: null, gap: null });
    expect(out.selected.map((s: { order: number }) => s.order)).toEqual([1, 2, 3]);
    const { communes: demand, centres: kept, gpCommunes } = loadOccitanie();
    const chosen = out.selected.map((s: { id: string }) => gpCommunes.indexOf(s.id));
    const open = createSites([
      ...kept.ids.map((id, j) => ({ id, lon: kept.lon[j], lat: kept.lat[j] })),
      ...chosen.map((j: number) => ({ id: gpCommunes.ids[j], lon: gpCommunes.lon[j], lat: gpCommunes.lat[j] })),
    ]);
    const covered = coverage(crowFly().reach(demand, open, { maxMinutes: 15 }), demand).summary.coveredPopulation;
    expect(out.objective).toBe(covered);
    expect(out.selected.reduce((t: number, s: { gain: number }) => t + s.gain, 0)).toBeLessThanOrEqual(covered);
  });

  it.each([
    [['--model', 'mclp'], 2, '--p is required'],
    [['--model', 'nearest', '--p', '2'], 2, '--model must be one of'],
    [['--model', 'mclp', '--p', '2', '--solver', 'magic'], 2, '--solver must be one of'],
    [['--model', 'mclp', '--p', '5000'], 1, `${gps}: --p 5000 asks for more new sites than the 1,065 candidates in this file [INVALID_OPTION]`],
  ])('fails clearly: %j', (args, status, message) => {
    const run = careshed('site', '--demand', communes, '--candidates', gps, '--supply', centres, ...args);
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
  });

  it('cmclp with --gps: the GPs\' places exist, gains are the people newly served, each site explained', () => {
    const args = ['--demand', communes, '--candidates', communes, '--gps', gps, '--model', 'cmclp', '--candidate-capacity', '5', '--p', '3', '--solver', 'heuristic', '--travel', 'crow:45:1.5'];
    const run = careshed('site', ...args);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    const { communes: demand, gpCommunes } = loadOccitanie();
    const travel = crowFly({ speedKmh: 45, detour: 1.5 });
    const gpCoverage = capacityCoverage(travel.reach(demand, gpCommunes, { maxMinutes: 15 }), demand, gpCommunes, { patientsPerUnit: 1000 });
    expect(out.baseline).toBe(gpCoverage.summary.assignedPopulation);
    expect(out.patientsPerGp).toBe(1000);
    expect(out.selected.reduce((t: number, s: { gain: number }) => t + s.gain, 0)).toBe(out.objective - out.baseline);
    for (const s of out.selected) {
      expect(s.gain).toBeGreaterThan(0);
      expect(s.people).toBeLessThanOrEqual(5000);
      expect(s.serves.reduce((t: number, d: { people: number }) => t + d.people, 0)).toBeCloseTo(s.people, 6);
      expect(s.aplAfter).toBeGreaterThan(s.aplBefore);
      expect(s.need).toBeGreaterThan(0);
    }
    const csv = careshed('site', ...args, '--out', join(dir, 'sites.csv'));
    expect(csv.status).toBe(0);
    const table = parseTable(readFileSync(join(dir, 'sites.csv'), 'utf8'), 'sites.csv');
    expect(table.columns).toEqual(['id', 'name', 'order', 'gain', 'at_existing_site', 'people', 'mean_minutes', 'need', 'need_minutes', 'apl_served_before', 'apl_served_after', 'demand_served']);
    expect(table.rows.map((r) => r.id)).toEqual(out.selected.map((s: { id: string }) => s.id));
  });

  it('--need unmet: MCLP counts the people without a GP place, as capacity coverage leaves them', () => {
    const run = careshed('site', '--demand', communes, '--candidates', gps, '--supply', centres, '--gps', gps, '--need', 'unmet', '--model', 'mclp', '--p', '2', '--solver', 'heuristic');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    const { communes: demand, gpCommunes } = loadOccitanie();
    const unserved = capacityCoverage(crowFly().reach(demand, gpCommunes, { maxMinutes: 15 }), demand, gpCommunes).summary.unservedPopulation;
    expect(out.need).toMatchObject({ measure: 'unmet' });
    expect(out.need.total).toBeCloseTo(unserved, 6);
    expect(out.objective).toBeLessThanOrEqual(out.need.total);
    expect(out.selected.reduce((t: number, s: { gain: number }) => t + s.gain, 0)).toBeCloseTo(out.objective - out.baseline, 6);
  });

  it.each([
    [['--need', 'poor'], '--need must be population, unmet, low-apl or low-apl:APL (e.g. low-apl:3); got "poor"'],
    [['--need', 'unmet:3'], '--need must be'],
    [['--need', 'low-apl:x'], '--need must be low-apl:APL with an APL (consultations per inhabitant a year), 0 or more (written in decimal); got "x"'],
    [['--need', 'unmet'], 'give --gps FILE (or --supply)'],
    [['--patients-per-gp', '900', '--patients-per-unit', '900'], 'not both'],
  ])('need options fail as bad usage: %j', (args, message) => {
    const run = careshed('site', '--demand', communes, '--candidates', gps, '--model', 'mclp', '--p', '1', ...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('accepts a candidate that is also an existing site, and says so', () => {
    const candidates = file('cand.csv', 'id,lon,lat\nmsmr-09257,1.17838,43.11444\nnew,1.5,43.5\n');
    const out = join(dir, 'cand-site.csv');
    const run = careshed('site', '--demand', communes, '--candidates', candidates, '--supply', centres, '--model', 'mclp', '--p', '2', '--solver', 'heuristic', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('1 candidate stands at an existing site (same id or same place), kept as a candidate: a new site where one already is (msmr-09257)');
    const rows = parseTable(readFileSync(out, 'utf8')).rows;
    // The new one first (the existing centre already covers what a second one there would).
    expect(rows.map((r) => [r.id, r.order, r.at_existing_site])).toEqual([
      ['new', '1', ''],
      ['msmr-09257', '2', 'msmr-09257'],
    ]);
    expect(rows[1].gain).toBe('0');
  });
});
