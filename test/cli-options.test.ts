import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTable, travelFromSpec, CareshedError } from '../src/index.js';
import { checkNumberOption } from '../src/model/errors.js';
import { loadOccitanie } from '../src/node/index.js';
import { commands } from '../src/cli/main.js';
import { careshedIn } from './cli-run.js';

// The options side of the command line: every value checked before any work (exit status 2, the flag as the
// user typed it, what it takes in a planner's words), nothing silently ignored, outputs named for what they are.
const dir = mkdtempSync(join(tmpdir(), 'careshed-options-'));
const communes = 'fixtures/occitanie/communes.csv';
const gps = 'fixtures/occitanie/gp-communes.csv';
const centres = 'fixtures/occitanie/centres.csv';
// A file that does not exist: an option checked "before any work" answers before it is found missing.
const nowhere = join(dir, 'no-such-demand.csv');

const careshed = (...args: string[]) => careshedIn(process.cwd(), args);
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('option values are checked before any work: exit status 2, the flag named as typed', () => {
  const coverage = ['coverage', '--demand', nowhere, '--supply', centres];
  const site = ['site', '--demand', nowhere, '--candidates', centres];
  const access = ['access', '--demand', nowhere, '--supply', centres];
  it.each([
    [[...coverage, '--minutes=-5'], 'careshed coverage: --minutes must be a number of minutes, 0 or more; got "-5"'],
    // A negative number after its flag is its value, not an option: the same answer.
    [[...coverage, '--minutes', '-5'], 'careshed coverage: --minutes must be a number of minutes, 0 or more; got "-5"'],
    [[...coverage, '--minutes', 'abc'], '--minutes must be a number of minutes, 0 or more (written in decimal); got "abc"'],
    [['matrix', '--demand', nowhere, '--supply', centres, '--max-minutes=-1', '--out', join(dir, 'm.csv')], 'careshed matrix: --max-minutes must be a number of minutes, 0 or more; got "-1"'],
    [[...site, '--model', 'mclp', '--p', '0'], 'careshed site: --p must be a whole number of new sites, 1 or more; got "0"'],
    [[...site, '--model', 'mclp', '--p', '1.5'], '--p must be a whole number of new sites, 1 or more; got "1.5"'],
    [[...site, '--model', 'mclp', '--p=-1'], '--p must be a whole number of new sites, 1 or more; got "-1"'],
    [[...site, '--model', 'mclp', '--p', '2', '--time-limit', '-1'], '--time-limit must be a number of seconds, 0 or more; got "-1"'],
    [[...site, '--model', 'mclp', '--p', '2', '--max-nodes', '2.5'], '--max-nodes must be a whole number of branch-and-bound nodes, 1 or more; got "2.5"'],
    [[...site, '--model', 'cmclp', '--p', '2', '--candidate-capacity', '0'], '--candidate-capacity must be a capacity in GPs, more than 0; got "0"'],
    [[...site, '--model', 'cmclp', '--p', '2', '--patients-per-gp', '0'], '--patients-per-gp must be a number of patients per GP, more than 0; got "0"'],
    [[...site, '--model', 'mclp', '--p', '2', '--need', 'low-apl:-1'], '--need must be low-apl:APL with an APL (consultations per inhabitant a year), 0 or more; got "-1"'],
    [[...site, '--model', 'mlcp', '--p', '2'], '--model must be one of mclp, lscp, pmedian, pcenter, cmclp; got "mlcp" (did you mean mclp?)'],
    [['rank', '--demand', nowhere, '--supply', gps, '--top', '0'], 'careshed rank: --top must be a whole number of territories, 1 or more; got "0"'],
    [['rank', '--demand', nowhere, '--supply', gps, '--access-threshold', '-2'], '--access-threshold must be an APL (consultations per inhabitant a year), 0 or more; got "-2"'],
    [[...access, '--method', 'apl', '--activity-per-gp', '0'], '--activity-per-gp must be a number of consultations a year per GP, more than 0; got "0"'],
    [[...coverage, '--travel', 'crow:0:1.5'], 'careshed coverage: --travel "crow:0:1.5": speed 0 must be a speed in km/h, more than 0'],
    [[...coverage, '--travel', 'crow:45:0.9'], '--travel "crow:45:0.9": detour 0.9 must be 1 or more'],
    [[...coverage, '--travel', 'teleport'], '--travel "teleport": unknown travel model "teleport"; expected crow, crow:SPEED_KMH[:DETOUR], crow:regional'],
    [[...coverage, '--travel', 'matrix:'], '--travel matrix:FILE needs the file\'s path'],
    [[...access, '--method', 'e2sfca', '--decay', 'binary:abc'], 'careshed access: --decay "binary:abc": cutoff "abc" is not a number'],
    [[...access, '--method', 'e2sfca', '--decay', 'gravity:-1:30'], '--decay "gravity:-1:30": the exponent of a gravity decay must be a positive number (value -1)'],
    [[...access, '--method', 'e2sfca', '--decay', 'gravity:1'], 'the decay gravity:1 needs a cutoff, e.g. gravity:1:60'],
    [[...coverage, '--bounds=5,42,-1,45'], '--bounds must be WEST,SOUTH,EAST,NORTH in degrees, and its west edge (5) is east of its east edge (-1); got "5,42,-1,45"'],
    [[...coverage, '--bounds', '-1,45,5,42'], 'and its south edge (45) is north of its north edge (42); got "-1,45,5,42"'],
    [[...coverage, '--bounds=-200,42,5,45'], 'longitudes go from -180 to 180'],
    [[...coverage, '--matrix-columns', 'a,b'], '--matrix-columns must name three columns FROM,TO,TIME; got "a,b"'],
    [['demo', '--p', '0'], 'careshed demo: --p must be a whole number of new sites, 1 or more; got "0"'],
  ])('careshed %j', (args, message) => {
    const run = careshed(...args);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
    // The flag, never the library's name for it.
    expect(run.stderr).not.toMatch(/maxMinutes|targetMinutes|speedKmh|5e-324/);
  });

  it('names every flag of every number rule as some command accepts it', () => {
    const accepted = new Set(Object.values(commands).flatMap((c) => Object.keys(c.options)));
    for (const flag of ['minutes', 'max-minutes', 'p', 'time-limit', 'max-nodes', 'patients-per-gp', 'candidate-capacity', 'activity-per-gp', 'access-threshold', 'top']) expect(accepted.has(flag), flag).toBe(true);
  });

  it('still answers --help when a value is bad', () => {
    const run = careshed('coverage', '--minutes', '-5', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('careshed coverage:');
  });

  it('takes a negative number after its flag as its value (--bounds -0.5,...)', () => {
    const demand = file('one.csv', 'id,lon,lat,population\na,1.18,43.11,10\n');
    const run = careshed('coverage', '--demand', demand, '--supply', centres, '--bounds', '-0.5,42.2,5,45.2');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).summary.coveredPopulation).toBe(10);
  });

  it('--p larger than the candidates depends on the file: bad input, exit status 1, naming the file', () => {
    const run = careshed('site', '--demand', communes, '--candidates', centres, '--model', 'mclp', '--p', '9');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`careshed site: ${centres}: --p 9 asks for more new sites than the 8 candidates in this file [INVALID_OPTION]\n`);
    // As many as the candidates is fine.
    expect(careshed('site', '--demand', communes, '--candidates', centres, '--model', 'mclp', '--p', '8', '--solver', 'heuristic', '-q').status).toBe(0);
  });

  it('words the library\'s own checks for a planner', () => {
    expect(() => checkNumberOption('speedKmh', 0, Number.MIN_VALUE, Infinity, 'a speed in km/h')).toThrow('option speedKmh must be a speed in km/h, more than 0');
    expect(() => checkNumberOption('retries', 11, 0, 10)).toThrow('option retries must be a number from 0 to 10');
    expect(() => travelFromSpec('crow:-3:1.5')).toThrow(/speed -3 must be a speed in km\/h, more than 0/);
    try {
      travelFromSpec('crow:45:0.5');
    } catch (error) {
      expect((error as CareshedError).problem).toMatch(/^detour 0\.5 must be 1 or more/);
      expect((error as CareshedError).message).toMatch(/^field "travel", value "crow:45:0\.5": detour 0\.5/);
    }
  });
});

describe('unknown options and commands, and options given twice', () => {
  it.each([
    [['coverage', '--demand', communes, '--supply', centres, '--minute', '5'], "careshed coverage: Unknown option '--minute'; did you mean --minutes? (careshed coverage --help lists the options)"],
    [['site', '--demand', communes, '--candidate', centres], "Unknown option '--candidate'; did you mean --candidates?"],
    [['coverage', '--frobnicate'], "Unknown option '--frobnicate' (careshed coverage --help lists the options)"],
    [['help', 'nosuch'], 'careshed: unknown command "nosuch"; commands: coverage, matrix, access, rank, site, compare, report, demo'],
    [['covrage'], 'careshed: unknown command "covrage" (did you mean coverage?)'],
    [['coverage', '--demand', communes, '--supply', centres, '--minutes', '15', '--minutes', '20'], 'careshed coverage: --minutes is given twice ("15", "20"); give it once'],
    [['access', '--demand', communes, '--supply', centres, '--method', 'apl', '--method', '2sfca'], '--method is given twice ("apl", "2sfca")'],
    [['access', '--demand', communes, '--supply', centres, '--method', 'e2sfca', '--decay', 'binary:10', '--decay', 'binary:10|20'], '--decay gives binary:10 twice; give each decay once'],
  ])('careshed %j', (args, message) => {
    const run = careshed(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('combines several --decay as | does', () => {
    const base = ['access', '--demand', communes, '--supply', gps, '--method', 'e2sfca', '-q'];
    const repeated = careshed(...base, '--decay', 'gravity:1:30', '--decay', 'binary:20');
    const piped = careshed(...base, '--decay', 'gravity:1|2:30', '--decay', 'binary:20');
    expect(repeated.status, repeated.stderr).toBe(0);
    const a = JSON.parse(repeated.stdout);
    const b = JSON.parse(piped.stdout);
    expect(a.byDecay.map((d: { decay: string }) => d.decay)).toEqual(['gravity:1:30', 'binary:20']);
    expect(b.byDecay.map((d: { decay: string }) => d.decay)).toEqual(['gravity:1:30', 'gravity:2:30', 'binary:20']);
    expect(a.byDecay[0].values).toEqual(b.byDecay[0].values);
    expect(a.byDecay[1].values).toEqual(b.byDecay[2].values);
  });

  it('answers careshed help COMMAND with its help', () => {
    const run = careshed('help', 'site');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(commands.site.help);
  });
});

describe('an option that does not apply is refused, not ignored', () => {
  const site = ['site', '--demand', communes, '--candidates', gps];
  it.each([
    [[...site, '--model', 'lscp', '--p', '3'], 'careshed site: --p does not apply here: lscp opens the fewest sites that cover everyone it can: it takes no --p'],
    [[...site, '--model', 'mclp', '--p', '3', '--max-minutes', '60'], '--max-minutes does not apply here: --max-minutes is the cutoff of pmedian and pcenter; mclp counts within --minutes'],
    [[...site, '--model', 'mclp', '--p', '3', '--solver', 'heuristic', '--time-limit', '60'], '--time-limit does not apply here: --solver heuristic runs no exact solve'],
    [[...site, '--model', 'mclp', '--p', '3', '--solver', 'heuristic', '--max-nodes', '10'], '--max-nodes does not apply here'],
    [[...site, '--model', 'mclp', '--p', '3', '--patients-per-gp', '900'], '--patients-per-gp does not apply here: --patients-per-gp counts GP places, for --model cmclp or --need unmet'],
    [[...site, '--model', 'pmedian', '--p', '3', '--activity-per-gp', '3000'], '--activity-per-gp does not apply here: the APL is computed with --need low-apl, or for mclp and cmclp with --gps (or --supply)'],
    [[...site, '--model', 'mclp', '--p', '3', '--patients-per-gp', '900', '--patients-per-unit', '900'], 'give --patients-per-gp or --patients-per-unit, not both'],
    [['access', '--demand', communes, '--supply', gps, '--method', '2sfca', '--activity-per-gp', '3000'], 'careshed access: --activity-per-gp goes with --method apl'],
    [['access', '--demand', communes, '--supply', gps, '--method', 'gravity', '--standardised-field', 'standardised_population'], '--standardised-field goes with --method apl'],
    [['access', '--demand', communes, '--supply', gps, '--method', '2sfca', '--decay', 'gravity:1:30'], '--method 2sfca takes a binary decay (binary:MAX); for gravity:1:30 use --method e2sfca'],
    [['report', '--demand', communes, '--supply', centres, '--model', 'mclp', '--p', '3', '--out', join(dir, 'r.html')], 'careshed report: --model, --p go with --candidates FILE'],
  ])('careshed %j', (args, message) => {
    const run = careshed(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('the same options are taken where they apply', () => {
    const run = careshed(...site, '--supply', centres, '--model', 'pmedian', '--p', '1', '--max-minutes', '30', '--solver', 'heuristic', '-q');
    expect(run.status, run.stderr).toBe(0);
  });
});

describe('what a command does of its output is said', () => {
  it('coverage --by to a CSV without --by-out says where the territories\' summaries are', () => {
    const out = join(dir, 'by.csv');
    const run = careshed('coverage', '--demand', communes, '--supply', centres, '--by', 'departement', '--out', out);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`careshed coverage: the summaries of the --by territories are not in ${out}: add --by-out FILE (.csv or .json) to write them`);
    const both = careshed('coverage', '--demand', communes, '--supply', centres, '--by', 'departement', '--out', out, '--by-out', join(dir, 'by-dep.csv'));
    expect(both.stderr).not.toContain('summaries of the --by territories are not in');
    // JSON holds the groups: nothing to say.
    expect(careshed('coverage', '--demand', communes, '--supply', centres, '--by', 'departement', '--out', join(dir, 'by.json')).stderr).not.toContain('are not in');
  });

  it('creates a missing output folder and says so', () => {
    const out = join(dir, 'new-folder', 'deeper', 'x.csv');
    const run = careshed('coverage', '--demand', communes, '--supply', centres, '--out', out);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`careshed coverage: created the folder ${join(dir, 'new-folder', 'deeper')}`);
    expect(existsSync(out)).toBe(true);
    // A folder that is there is not mentioned.
    expect(careshed('coverage', '--demand', communes, '--supply', centres, '--out', out).stderr).not.toContain('created the folder');
  });

  it('says which sites files have no capacity column, each site counting 1 GP', () => {
    const run = careshed('access', '--demand', communes, '--supply', centres, '--method', 'apl', '--out', join(dir, 'apl-centres.csv'));
    expect(run.stderr).toContain(`careshed access: ${centres} has no capacity column: each of its 8 sites counts as 1 GP`);
    const one = file('one-site.csv', 'id,lon,lat\nmsmr-09257,1.17838,43.11444\n');
    expect(careshed('rank', '--demand', communes, '--supply', one, '--out', join(dir, 'r1.csv')).stderr).toContain(`${one} has no capacity column: its one site counts as 1 GP`);
    // A capacity column, even of ones, is the user's word.
    const ones = file('ones.csv', 'id,lon,lat,capacity\nmsmr-09257,1.17838,43.11444,1\n');
    expect(careshed('access', '--demand', communes, '--supply', ones, '--method', 'apl', '--out', join(dir, 'apl-ones.csv')).stderr).not.toContain('has no capacity column');
    expect(careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl', '--out', join(dir, 'apl-gps.csv')).stderr).not.toContain('has no capacity column');
  });

  it('says what weighs the APL\'s mean, and its unit', () => {
    const run = careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl', '--out', join(dir, 'apl.json'));
    expect(run.stderr).toMatch(/APL \(DREES\) over 4,446 demand points and 1,065 sites, in consultations per inhabitant a year: mean weighted by the age-standardised population \(standardised_population\) [\d.]+;/);
    const plain = careshed('access', '--demand', communes, '--supply', gps, '--method', 'apl', '--standardised-field', 'none', '--out', join(dir, 'apl-plain.json'));
    expect(plain.stderr).toMatch(/in consultations per inhabitant a year: population-weighted mean [\d.]+;/);
    // The figure said is the population-weighted mean of the values written, by hand.
    const { communes: demand } = loadOccitanie();
    const values = JSON.parse(readFileSync(join(dir, 'apl-plain.json'), 'utf8')).demand as { id: string; value: number | null }[];
    let sum = 0;
    let people = 0;
    values.forEach((d, i) => {
      if (d.value === null) return;
      sum += d.value * demand.population[i];
      people += demand.population[i];
    });
    expect(plain.stderr).toContain(`population-weighted mean ${Number((sum / people).toPrecision(3))};`);
  });

  it('singular and plural, thousands separated', () => {
    const demand = file('two.csv', 'id,lon,lat,population\na,1.18,43.11,1200\nb,1.19,43.12,5\n');
    const one = file('one.csv', 'id,lon,lat\nmsmr-09257,1.17838,43.11444\n');
    const matrix = careshed('matrix', '--demand', demand, '--supply', one, '--max-minutes', '2', '--out', join(dir, 'pairs.csv'));
    expect(matrix.status, matrix.stderr).toBe(0);
    expect(matrix.stderr).toContain('careshed matrix: 1 pair within 2 min, and the nearest site beyond for 1 demand point with none,');
    const coverage = careshed('coverage', '--demand', demand, '--supply', one, '--out', join(dir, 'two-coverage.csv')); // not two.csv: its input
    expect(coverage.stderr).toContain('careshed coverage: 2 demand points, 1,205 inhabitants; within 15 min of the one site: 1,205 (100.0 %)');
    const access = careshed('access', '--demand', file('far.csv', 'id,lon,lat,population\nfar,4.0,44.0,1200\nnear,1.18,43.11,5\n'), '--supply', one, '--method', '2sfca', '--out', join(dir, 'far-access.csv'));
    expect(access.stderr).toContain('; 1 point (1,200 inhabitants) with no site within 30 min');
  });
});

describe('site: the figures named for what they are', () => {
  const { communes: demand, gpCommunes } = loadOccitanie();

  it('cmclp with --gps marks a candidate at a GP site, and says so', () => {
    const out = join(dir, 'cmclp.csv');
    const run = careshed('site', '--demand', communes, '--candidates', communes, '--gps', gps, '--model', 'cmclp', '--candidate-capacity', '5', '--p', '4', '--solver', 'heuristic', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    // Every commune with a GP is a candidate at a GP site: 1,065 of them.
    expect(run.stderr).toContain(`careshed site: ${gpCommunes.size.toLocaleString('en-GB')} candidates stand at a GP site of ${gps} (same id or same place), whose places count as existing`);
    const rows = parseTable(readFileSync(out, 'utf8'), out).rows;
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.at_existing_site, r.id).toBe(gpCommunes.indexOf(r.id) >= 0 ? r.id : '');
    expect(run.stderr).toContain('people newly given a place within 15 min');
  });

  it('names the APL of the sites served, against --supply when there is no --gps, and it is the people-weighted mean of the served points', () => {
    const out = join(dir, 'apl-sites.json');
    const run = careshed('site', '--demand', communes, '--supply', centres, '--candidates', communes, '--model', 'mclp', '--p', '2', '--solver', 'heuristic', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`careshed site: aplBefore and aplAfter: the APL (consultations per inhabitant a year) of the people each site serves, against the 8 sites of --supply ${centres} (no --gps given)`);
    expect(run.stderr).toContain(`${centres} has no capacity column: each of its 8 sites counts as 1 GP`);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.apl).toMatchObject({ against: '--supply', file: centres, demandWeight: 'standardised_population', activityPerGp: 3900, unit: 'consultations per inhabitant a year' });
    expect(json.gainUnit).toBe('inhabitants newly within 15 min');
    for (const s of json.selected) {
      const served = s.serves.filter((d: { aplAfter: number | null }) => d.aplAfter !== null);
      const mean = served.reduce((t: number, d: { people: number; aplAfter: number }) => t + d.people * d.aplAfter, 0) / served.reduce((t: number, d: { people: number }) => t + d.people, 0);
      expect(s.aplAfter).toBeCloseTo(mean, 12);
      for (const d of s.serves) expect(demand.indexOf(d.id)).toBeGreaterThanOrEqual(0);
    }
    const csv = careshed('site', '--demand', communes, '--gps', gps, '--candidates', communes, '--model', 'mclp', '--p', '2', '--solver', 'heuristic', '--out', join(dir, 'apl-sites.csv'));
    expect(csv.stderr).toContain(`apl_served_before and apl_served_after: the APL (consultations per inhabitant a year) of the people each site serves, against the 1,065 sites of --gps ${gps}\n`);
    expect(parseTable(readFileSync(join(dir, 'apl-sites.csv'), 'utf8')).columns).toContain('apl_served_before');
  });

  it('gives the unit of pmedian and pcenter figures', () => {
    const pmedian = careshed('site', '--demand', communes, '--supply', gps, '--candidates', communes, '--model', 'pmedian', '--p', '2', '--solver', 'heuristic', '--out', join(dir, 'pm.csv'));
    expect(pmedian.stderr).toMatch(/PMEDIAN, 2 new sites \(heuristic\): [\d,]+ inhabitant-minutes to the nearest open site \(mean [\d.]+ min\)\n {2}1\. [^\n]+: \+[\d,]+ inhabitant-minutes saved\n/);
    const pcenter = careshed('site', '--demand', communes, '--supply', gps, '--candidates', communes, '--model', 'pcenter', '--p', '1', '--solver', 'heuristic', '--out', join(dir, 'pc.csv'));
    expect(pcenter.stderr).toMatch(/PCENTER, 1 new site \(heuristic\): every demand point within [\d.]+ min of an open site \(the largest minutes\)\n {2}1\. [^\n]+: \+[\d,]+ inhabitants newly within 15 min\n/);
  });
});

describe('compare: two mean accessibilities, named apart, with their unit', () => {
  it('meanAccessReached over the people who reach a site, meanAccessBefore over everybody', () => {
    const out = join(dir, 'compare.json');
    const run = careshed('compare', 'examples/scenarios/baseline.json', 'examples/scenarios/target-20.json', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.baseline).toMatchObject({ accessMethod: 'apl', accessUnit: 'consultations per inhabitant a year', accessWeight: 'standardised_population' });
    expect(json.baseline.meanAccess).toBeUndefined();
    expect(json.definitions.meanAccessReached).toContain('over the people who reach a site');
    expect(run.stderr).toMatch(/mean accessibility over everybody [\d.]+ → [\d.]+ consultations per inhabitant a year: /);
    // The same run by careshed access (the embedded communes bring their neighbours, the centres none).
    const access = careshed('access', '--demand', communes, '--supply', centres, '--method', 'apl', '--surroundings-demand', 'fixtures/occitanie/neighbour-communes.csv', '-q');
    const apl = JSON.parse(access.stdout);
    expect(json.baseline.meanAccessReached).toBe(apl.summary.meanValue);
    // Over everybody, by population, no site within reach counting 0: by hand from the same values.
    const { communes: demand } = loadOccitanie();
    let sum = 0;
    apl.demand.forEach((d: { value: number | null }, i: number) => (sum += (d.value ?? 0) * demand.population[i]));
    expect(json.summary.meanAccessBefore).toBeCloseTo(sum / demand.totalPopulation, 12);
    expect(json.summary.meanAccessBefore).toBeLessThan(json.baseline.meanAccessReached);
  });
});

describe('report: the map checked before any work', () => {
  it('names the --boundaries file of a bad feature, before the demand is read', () => {
    const line = file('line.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: '09001' }, geometry: { type: 'LineString', coordinates: [[1, 43], [1.1, 43.1]] } }] }));
    const run = careshed('report', '--demand', nowhere, '--supply', centres, '--boundaries', line, '--out', join(dir, 'r.html'));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`careshed report: ${line}, feature 0, field "geometry", value "LineString": a boundary must be a Polygon or MultiPolygon [INVALID_GEOMETRY]\n`);
  });

  it('refuses boundaries none of which is a demand point\'s, naming the file', () => {
    const other = file('other.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'x' }, geometry: { type: 'Polygon', coordinates: [[[1, 43], [1.1, 43.1], [1, 43.1], [1, 43]]] } }] }));
    const run = careshed('report', '--demand', communes, '--supply', centres, '--boundaries', other, '--out', join(dir, 'r.html'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`careshed report: ${other}, field "id": its one feature has no property "id" that is a demand point's id (features: "x"…; demand: "09001", "09002", "09003"…) [JOIN_MISSING]`);
  });
});

describe('help', () => {
  it('site --help lists --supply once, with one meaning', () => {
    expect(commands.site.help.match(/^ {2}--supply /gm)).toHaveLength(1);
    expect(commands.report.help.match(/^ {2}--supply /gm)).toHaveLength(1);
  });

  it('quotes a decay with | for the shell and names every method\'s default', () => {
    expect(commands.access.help).toContain("--decay 'gravity:1|1.5|2:30'");
    expect(commands.access.help).not.toMatch(/(?<!')gravity:1\|1\.5\|2:30(?!')/);
    for (const method of ['2sfca', 'e2sfca', '3sfca', 'bfca', 'gravity', 'apl']) expect(commands.access.help, method).toMatch(new RegExp(`Default:[^]*${method}`));
  });

  it('the README quotes every decay with |', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## The command line'), readme.indexOf('## Travel models'));
    for (const m of section.matchAll(/--decay ('?)([^\s`']+)/g)) if (m[2].includes('|')) expect(m[1], m[0]).toBe("'");
  });
});

describe('numbers in decimal only, specs read strictly, values quoted in part', () => {
  const coverage = ['coverage', '--demand', nowhere, '--supply', centres];
  const site = ['site', '--demand', nowhere, '--candidates', centres, '--model', 'mclp'];
  const access = ['access', '--demand', nowhere, '--supply', centres, '--method', 'e2sfca'];
  // Each of these parses with Number() (0x10 is 16, "" and " " are 0, 1e3 is 1000): every one is a slip.
  it.each([
    [[...coverage, '--minutes', '0x10'], '--minutes must be a number of minutes, 0 or more (written in decimal); got "0x10"'],
    [[...coverage, '--minutes', '0b1111'], '(written in decimal); got "0b1111"'],
    [[...coverage, '--minutes', '0o17'], '(written in decimal); got "0o17"'],
    [[...coverage, '--minutes', 'Infinity'], '(written in decimal); got "Infinity"'],
    [[...coverage, '--minutes', ' 5'], '(written in decimal); got " 5"'],
    [[...coverage, '--minutes', '5 '], '(written in decimal); got "5 "'],
    [[...coverage, '--minutes', ''], '(written in decimal); got ""'],
    [[...coverage, '--minutes', '1_000'], '(written in decimal); got "1_000"'],
    [[...coverage, '--minutes', '1e999'], '(written in decimal); got "1e999"'],
    [[...site, '--p', '1e3'], '--p must be a whole number of new sites, 1 or more (in digits only); got "1e3"'],
    [[...site, '--p', '5.0'], '--p must be a whole number of new sites, 1 or more (in digits only); got "5.0"'],
    [[...site, '--p', '0x10'], '--p must be a whole number of new sites, 1 or more (written in decimal); got "0x10"'],
    [['rank', '--demand', nowhere, '--supply', gps, '--top', '0b11'], '--top must be a whole number of territories, 1 or more (written in decimal); got "0b11"'],
    [[...coverage, '--bounds', '0x1,42,5,45'], '--bounds must be WEST,SOUTH,EAST,NORTH in degrees, in decimal'],
    [[...coverage, '--travel', 'crow:0x3c:1.3'], '--travel "crow:0x3c:1.3": speed "0x3c" is not a number in decimal'],
    [[...coverage, '--travel', 'crow:45:Infinity'], 'detour "Infinity" is not a number in decimal'],
    [[...coverage, '--travel', 'crow:toString'], '--travel "crow:toString": expected crow, crow:SPEED_KMH[:DETOUR] or a preset: crow:regional, crow:urban, crow:mountain, crow:lowland'],
    [[...coverage, '--travel', 'crow:constructor'], 'or a preset: crow:regional, crow:urban, crow:mountain, crow:lowland'],
    [[...coverage, '--travel', 'crow:__proto__'], 'or a preset: crow:regional, crow:urban, crow:mountain, crow:lowland'],
    [[...coverage, '--travel', 'crow:hasOwnProperty'], 'or a preset: crow:regional, crow:urban, crow:mountain, crow:lowland'],
    [[...coverage, '--travel', 'crow:mountian'], '(did you mean crow:mountain?)'],
    [[...coverage, '--travel', 'crow:45:1.5:2'], 'expected crow, crow:SPEED_KMH[:DETOUR] or a preset'],
    [[...coverage, '--travel', 'netwrok:roads.osm'], 'unknown travel model "netwrok" (did you mean network?)'],
    [[...coverage, '--travel', 'network:roads.osm,maxspeed=0x1'], '--travel "network:roads.osm,maxspeed=0x1": maxspeed factor "0x1" is not a number in (0, 1.5], in decimal'],
    [[...coverage, '--travel', 'network:roads.osm,maxsped=0.9'], 'unknown setting "maxsped" (did you mean maxspeed?); this spec takes ,maxspeed=…'],
    [[...coverage, '--travel', 'osrm:http://localhost:5000,timeout=0x3c'], 'timeout "0x3c" must be a number of seconds, more than 0, in decimal'],
    [[...coverage, '--travel', 'osrm:http://localhost:5000,timeout=0'], 'timeout "0" must be a number of seconds, more than 0'],
    [[...coverage, '--travel', 'osrm:http://localhost:5000,retries=1.5'], 'retries "1.5" must be a whole number from 0 to 10'],
    [[...coverage, '--travel', 'osrm:http://localhost:5000,timout=5'], 'unknown setting "timout" (did you mean timeout?)'],
    [[...access, '--decay', 'binary:0x1e'], '--decay "binary:0x1e": cutoff "0x1e" is not a number in decimal'],
    [[...access, '--decay', 'gravity:1e0:Infinity'], 'cutoff "Infinity" is not a number in decimal'],
    [[...access, '--decay', 'exponential: 0.1'], 'rate " 0.1" is not a number in decimal'],
    [[...access, '--decay', 'gaussian:0b1'], 'width "0b1" is not a number in decimal'],
    [[...access, '--decay', 'linear:0o7'], 'cutoff "0o7" is not a number in decimal'],
    [[...access, '--decay', 'step:10=0x1'], 'step weight "0x1" is not a number in decimal'],
    [[...access, '--decay', 'binary:30:60'], '--decay "binary:30:60": too many parts'],
    [[...access, '--decay', 'gravty:1:30'], 'unknown decay "gravty" (did you mean gravity?)'],
    [[...site, '--p', '2', '--need', 'low-apl:0x2'], '--need must be low-apl:APL with an APL (consultations per inhabitant a year), 0 or more (written in decimal); got "0x2"'],
  ])('careshed %j', (args, message) => {
    const run = careshed(...(args as string[]));
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('takes decimal numbers in every way a planner writes them', () => {
    const demand = file('decimal.csv', 'id,lon,lat,population\na,1.18,43.11,10\n');
    for (const minutes of ['15', '15.0', '+15', '.5e2', '1e1', '15.']) {
      const run = careshed('coverage', '--demand', demand, '--supply', centres, '--minutes', minutes, '--travel', 'crow:45.0:1.5');
      expect(run.status, `${minutes}: ${run.stderr}`).toBe(0);
      expect(JSON.parse(run.stdout).summary.targetMinutes).toBe(Number(minutes));
    }
  });

  it('quotes a long value in part: a 100,000-character option gives a short message', () => {
    // Linux takes at most 128 KiB in one argument; the readers' megabyte fields are tested with the files.
    const long = `${'9'.repeat(100_000)}x`;
    for (const args of [
      ['coverage', '--demand', nowhere, '--supply', centres, '--minutes', long],
      ['coverage', '--demand', nowhere, '--supply', centres, '--travel', `crow:${long}`],
      ['coverage', '--demand', nowhere, '--supply', centres, '--travel', long],
      ['access', '--demand', nowhere, '--supply', centres, '--method', 'e2sfca', '--decay', `binary:${long}`],
      ['site', '--demand', nowhere, '--candidates', centres, '--model', long],
      [long],
    ]) {
      const run = careshed(...args);
      expect(run.status, run.stderr.slice(0, 300)).toBe(2);
      expect(run.stderr.length).toBeLessThan(1000);
      expect(run.stderr).toContain('(100,001 characters)');
    }
  });

  it('careshed help frobnicate is bad usage, with the nearest command and the list', () => {
    const run = careshed('help', 'covrage');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('careshed: unknown command "covrage" (did you mean coverage?); commands: coverage, matrix, access, rank, site, compare, report, demo (careshed --help)\n');
    expect(careshed('help', 'frobnicate').status).toBe(2);
    expect(careshed('help', 'coverage').status).toBe(0);
  });
});

describe('the OSRM timeout is an option', () => {
  it('osrm:URL,timeout=SECONDS,retries=N gives up on a server that stalls, after the time asked', async () => {
    const { createServer } = await import('node:http');
    const { execFile } = await import('node:child_process');
    let requests = 0;
    // Takes each request and never answers.
    const server = createServer(() => {
      requests++;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const demand = file('osrm-demand.csv', 'id,lon,lat,population\na,1.18,43.11,10\n');
    try {
      const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, ['dist/cli.js', 'coverage', '--demand', demand, '--supply', centres, '--travel', `osrm:http://127.0.0.1:${port},timeout=0.2,retries=1`], { encoding: 'utf8' }, (_, __, stderr) => resolve({ status: child.exitCode, stderr }));
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`careshed coverage: http://127.0.0.1:${port}: the OSRM server did not answer after 2 tries: no answer within 200 ms [SERVICE_ERROR]`);
      expect(requests).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('the library takes the same settings from the spec', () => {
    const travel = travelFromSpec('osrm:http://localhost:5000/,timeout=60,retries=0');
    expect(travel.name).toBe('osrm:http://localhost:5000');
    expect(() => travelFromSpec('osrm:http://localhost:5000,timeout=-1')).toThrow(/timeout "-1" must be a number of seconds, more than 0/);
    expect(() => travelFromSpec('osrm:http://localhost:5000,timeout=5,timeout=6')).toThrow(/the setting timeout is given twice/);
  });
});

describe('scenario errors name the file and the field', () => {
  it.each([
    ['{"demand":"a","supply":"b","close":["x",9257]}', 'plan.json, field "close[1]", value 9257: expected a site id (text, in quotes: "09257", not 9257) [INVALID_SCENARIO]'],
    ['{"demand":"a","supply":"b","access":{"method":"e2sfca","decay":"gravity:0x1:30"}}', 'plan.json, field "access.decay", value "gravity:0x1:30": exponent "0x1" is not a number in decimal'],
    ['{"demand":"a","supply":"b","access":{"method":"e2sfca","decay":"gravity:1|2:30"}}', 'plan.json, field "access.decay", value "gravity:1|2:30": one decay, not a list of parameter values'],
    ['{"demand":"a","supply":"b","access":{"method":"apl","decay":"binary:20"}}', 'plan.json, field "access.decay", value "binary:20": the APL has its own decay'],
    ['{"demand":"a","supply":"b","access":{"method":"e2sfca","decay":"binary:20","dacay":1}}', 'plan.json, field "access.dacay", value 1: unknown field; access has method, decay (did you mean "decay"?)'],
    ['{"demand":"a","supply":"b","site":{"model":"mclp","p":2,"candidates":"c.csv","capcity":4}}', 'plan.json, field "site.capcity", value 4: unknown field; site has model, p, candidates, solver, timeLimit, capacity (did you mean "capacity"?)'],
    ['{"demand":"a","supply":"b","targetMinute":20}', 'plan.json, field "targetMinute", value 20: unknown field; a scenario has name, demand'],
    ['{"demand":"a","supply":"b","travel":"crow:toString"}', 'plan.json, field "travel", value "crow:toString": expected crow, crow:SPEED_KMH[:DETOUR] or a preset'],
    ['{"demand":"a","supply":"b","travel":"crow:0x3c"}', 'plan.json, field "travel", value "crow:0x3c": speed "0x3c" is not a number in decimal'],
    ['{"demand":"a","supply":"b","travel":"teleport:x"}', 'plan.json, field "travel", value "teleport:x": expected crow'],
  ])('%s', (text, message) => {
    const path = file('plan.json', text);
    const run = careshed('compare', path, path);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain(message.replace(/^plan\.json/, path));
  });

  it('runScenario names the scenario file in errors found while running, and checks a scenario built in code', async () => {
    const { runScenario, parseScenario } = await import('../src/node/index.js');
    const plan = parseScenario('{"demand":"occitanie:communes","supply":"occitanie:centres","close":["msmr-09257","nowhere"]}', 'plan.json');
    await expect(runScenario(plan)).rejects.toThrow(/^plan\.json, field "close\[1\]", value "nowhere": no existing site has this id \(in occitanie:centres\)$/);
    // A scenario built in code is checked field by field as a file is.
    await expect(runScenario({ ...plan, close: [], targetMinutes: -1 })).rejects.toThrow(/^plan\.json, field "targetMinutes", value -1: expected a number >= 0$/);
  });

  it('checks both files before running either: a typo in the second is told at once', () => {
    const good = file('good.json', '{"demand":"occitanie:communes","supply":"occitanie:centres"}');
    const bad = file('typo.json', '{"demand":"occitanie:communes","supply":"occitanie:centres","targetMinutes":"20"}');
    const run = careshed('compare', good, bad);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`careshed compare: ${bad}, field "targetMinutes", value "20": expected a number >= 0 [INVALID_SCENARIO]\n`);
  });

  it('takes a travel matrix relative to the scenario file', async () => {
    const { runScenario, parseScenario } = await import('../src/node/index.js');
    const sub = join(dir, 'plans');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'demand.csv'), 'id,lon,lat,population\na,1.44,43.6,100\nb,1.5,43.6,50\n');
    writeFileSync(join(sub, 'sites.csv'), 'id,lon,lat,capacity\ns,1.45,43.6,1\n');
    writeFileSync(join(sub, 'times.csv'), 'from,to,minutes\na,s,12\nb,s,25\n');
    const plan = parseScenario('{"demand":"demand.csv","supply":"sites.csv","travel":"matrix:times.csv","surroundings":false}', join(sub, 'plan.json'));
    const run = await runScenario(plan, sub);
    // By hand: a at 12 minutes is covered within 15, b at 25 is not.
    expect(run.evaluation.coverage.summary.coveredPopulation).toBe(100);
  });
});
