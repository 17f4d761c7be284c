import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  checkSwapped,
  createDemand,
  createSites,
  crowFly,
  MatrixAccumulator,
  osrm,
  readRoadsCsv,
  roadNetwork,
  parseTable,
  placedOnly,
  readDemandCsv,
  readDemandGeoJson,
  readSitesCsv,
  suspectUnit,
  ValueSpread,
} from '../src/index.js';
import { readOrLibraryPmedian } from '../src/siting/costs.js';
import { careshed } from './cli-run.js';
import { error } from './expect-error.js';

// DESIGN.md's matrix contract: "With a matrix, lon and lat are optional"; a matrix is its own cutoff unless one
// is given; standard error says which demand points reach nothing within the cutoff, and when a matrix's values
// look like seconds or metres. And DESIGN.md's command-line contract agrees with `careshed help`.

const dir = mkdtempSync(join(tmpdir(), 'careshed-matrix-contract-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const csv = (columns: string[], rows: (string | number)[][]) => [columns.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';

/** Belo Horizonte cells (IPEA accessibility package): ids, population and jobs, no coordinates at all. */
const FCA = '../shared/data/fca-reference';
const landUse = parseTable(readFileSync(`${FCA}/ipea_accessibility_land_use_data.csv`, 'utf8'));
const cell = new Map(landUse.rows.map((r) => [r.id, r]));
/** The five ids of the package's floating-catchment test, in its order, and its 25 pairs (travel_time, minutes). */
const FIVE = ['89a88cdb57bffff', '89a88cdb597ffff', '89a88cdb5b3ffff', '89a88cdb5cfffff', '89a88cd909bffff'];
const FIVE_MATRIX = `${FCA}/ipea_accessibility_travel_matrix_5ids.csv`;
const fivePairs = parseTable(readFileSync(FIVE_MATRIX, 'utf8')).rows.map((r) => ({ from: r.from_id, to: r.to_id, minutes: Number(r.travel_time) }));

describe('library: points without lon and lat', () => {
  it('a CSV without lon and lat columns, or with both cells empty, reads as points without a position (NaN)', () => {
    const text = 'id,population\n01001,10\n01002,20\n';
    const demand = readDemandCsv(text, { source: 'cells.csv', coordinates: 'optional' });
    expect([...demand.ids]).toEqual(['01001', '01002']);
    expect(Array.from(demand.lon).every(Number.isNaN)).toBe(true);
    expect(Array.from(demand.population)).toEqual([10, 20]);
    const mixed = readSitesCsv('id,lon,lat\nA,,\nB,1.5,43.2\n', { coordinates: 'optional' });
    expect(Number.isNaN(mixed.lon[0]) && Number.isNaN(mixed.lat[0])).toBe(true);
    expect([mixed.lon[1], mixed.lat[1]]).toEqual([1.5, 43.2]);
  });

  it('without the option, a CSV lacking lon and lat is refused, saying that a matrix makes them optional', () => {
    const e = error(() => readDemandCsv('id,population\n01001,10\n', { source: 'cells.csv' }));
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.message).toContain('cells.csv');
    expect(e.message).toContain('matrix');
  });

  it('half a position is refused, naming the line and the empty field', () => {
    const e = error(() => readDemandCsv('id,lon,lat,population\na,1.5,,3\n', { source: 'half.csv', coordinates: 'optional' }));
    expect(e.code).toBe('INVALID_COORDINATE');
    expect(e.location).toMatchObject({ source: 'half.csv', line: 2, field: 'lat' });
  });

  it('GeoJSON: an unlocated feature (geometry null, RFC 7946 3.2) is a point without a position, only when asked', () => {
    const collection = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { id: 'a', population: 5 }, geometry: null }] };
    const before = JSON.stringify(collection);
    const demand = readDemandGeoJson(collection as never, { coordinates: 'optional' });
    expect(Number.isNaN(demand.lon[0])).toBe(true);
    expect(error(() => readDemandGeoJson(collection as never)).code).toBe('MISSING_GEOMETRY');
    expect(JSON.stringify(collection)).toBe(before);
  });

  it('what needs positions refuses them by name: straight lines, roads, OSRM, the swap check (placedOnly leaves them out)', async () => {
    const demand = readDemandCsv('id,population\nx,1\n', { source: 'cells.csv', coordinates: 'optional' });
    const sites = createSites([{ id: 's', lon: 1.44, lat: 43.6 }]);
    const e = error(() => crowFly({ speedKmh: 45, detour: 1.5 }).reach(demand, sites, { maxMinutes: 30 }));
    expect(e.code).toBe('MISSING_COORDINATES');
    expect(e.location).toMatchObject({ source: 'cells.csv', id: 'x' });
    expect(e.message).toContain('crow-fly');
    // A road network and a routing server place points too: refused before any search or request.
    const { graph } = readRoadsCsv(readFileSync('../shared/data/osm-toulouse-insa/insa_nodes.csv', 'utf8'), readFileSync('../shared/data/osm-toulouse-insa/insa_arcs.csv', 'utf8'));
    expect(error(() => roadNetwork(graph).reach(demand, sites, { maxMinutes: 30 })).code).toBe('MISSING_COORDINATES');
    await expect(osrm('http://127.0.0.1:9').reach(demand, sites, { maxMinutes: 30 })).rejects.toMatchObject({ code: 'MISSING_COORDINATES' });
    const placed = { source: 'cells.csv', what: 'demand points', ids: demand.ids, lon: demand.lon, lat: demand.lat };
    expect(error(() => checkSwapped([placed])).code).toBe('MISSING_COORDINATES');
    expect(() => checkSwapped([placedOnly(placed)])).not.toThrow();
    // Copies keep the missing position (NaN in, NaN out), as the readers' joins and surroundings make them.
    const copy = createDemand(demand.ids.map((id, i) => ({ id, lon: demand.lon[i], lat: demand.lat[i], population: demand.population[i] })));
    expect(Number.isNaN(copy.lon[0])).toBe(true);
  });
});

describe('library: a matrix is its own cutoff, and its values are judged', () => {
  it('with maxMinutes Infinity every pair is kept, whatever the unit', () => {
    const ids = FIVE.map((id) => ({ id, lon: NaN, lat: NaN }));
    const demand = createDemand(ids.map((r) => ({ ...r, population: 1 })));
    const sites = createSites(ids);
    const accumulator = new MatrixAccumulator(demand, sites, Infinity);
    for (const p of fivePairs) accumulator.add(p.from, p.to, String(p.minutes * 1000));
    const reach = accumulator.finish();
    expect(reach.pairCount).toBe(fivePairs.length);
  });

  it('the median of the values is within 0.6 % of the middle value, the largest exact (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const spread = new ValueSpread();
        values.forEach((v) => spread.add(v));
        const sorted = [...values].sort((a, b) => a - b);
        // The lower middle value: the one at which half the values are reached.
        const middle = sorted[Math.ceil(sorted.length / 2) - 1];
        expect(spread.max).toBe(sorted[sorted.length - 1]);
        expect(Math.abs(spread.median! - middle) / middle).toBeLessThanOrEqual(0.006);
      }),
    );
  });

  it('values that look like minutes pass; the same times in seconds, or a distance in metres, are named', () => {
    const minutes = fivePairs.map((p) => p.minutes);
    const spreadOf = (values: number[]) => {
      const s = new ValueSpread();
      values.forEach((v) => s.add(v));
      return { count: s.count, median: s.median, max: s.max };
    };
    expect(suspectUnit(spreadOf(minutes))).toBeUndefined();
    expect(suspectUnit(spreadOf(minutes.map((m) => m * 60)))).toMatch(/look like seconds/);
    // 45 km/h: a minute is 750 m.
    expect(suspectUnit(spreadOf(minutes.map((m) => m * 750)))).toMatch(/look like metres/);
  });
});

/** Demand and sites CSVs of some cells, by id and a count, no lon and lat. */
function cellsCsv(name: string, ids: readonly string[], column: 'population' | 'capacity', from: 'population' | 'jobs') {
  return file(name, csv(['id', column], ids.map((id) => [id, cell.get(id)![from]])));
}

describe('command line: every command that takes --travel works without lon and lat', () => {
  const demand = cellsCsv('five.csv', FIVE, 'population', 'population');
  // A site needs a supply above 0 for accessibility; the fifth cell has no jobs, and adds nothing to any sum.
  const withJobs = FIVE.filter((id) => Number(cell.get(id)!.jobs) > 0);
  const jobs = cellsCsv('jobs.csv', withJobs, 'capacity', 'jobs');
  const travel = ['--travel', `matrix:${FIVE_MATRIX}`, '--matrix-columns', 'from_id,to_id,travel_time'];

  it('access: 2SFCA and BFCA of the IPEA accessibility package (binary 45 minutes, inclusive)', () => {
    // tests/testthat/test-floating_catchment_area.R of ipeaGIT/accessibility, via ../shared/data/fca-reference/SOURCE.md.
    const twoStep = [0.015173945225758698, 0.14910111549202681, 0.14910111549202681, 0.10678202958428243, 0];
    const balanced = [0.0094, 0.1993, 0.1993, 0.1147, 0];
    for (const [method, expected, digits] of [['2sfca', twoStep, 12], ['bfca', balanced, 4]] as const) {
      const run = careshed('access', '--demand', demand, '--supply', jobs, '--method', method, '--decay', 'binary:45', ...travel);
      expect(run.status, run.stderr).toBe(0);
      const values = (JSON.parse(run.stdout).demand as { id: string; value: number | null }[]).map((d) => d.value ?? 0);
      values.forEach((v, k) => expect(v).toBeCloseTo(expected[k], digits));
    }
  });

  it('access: the default gravity decay keeps every pair of the matrix (no 30-minute cut), as a brute force does', () => {
    const run = careshed('access', '--demand', demand, '--supply', jobs, '--method', 'gravity', ...travel);
    expect(run.status, run.stderr).toBe(0);
    // A_i = Σ_j S_j d_ij^-1 / V_j, V_j = Σ_k P_k d_kj^-1, over every pair.
    const d = (a: string, b: string) => fivePairs.find((p) => p.from === a && p.to === b)!.minutes;
    const population = (id: string) => Number(cell.get(id)!.population);
    const V = new Map(withJobs.map((j) => [j, FIVE.reduce((t, k) => t + population(k) / d(k, j), 0)]));
    const expected = FIVE.map((i) => withJobs.reduce((t, j) => t + Number(cell.get(j)!.jobs) / d(i, j) / V.get(j)!, 0));
    expect(fivePairs.some((p) => p.minutes > 30)).toBe(true); // else the test would not tell
    const values = (JSON.parse(run.stdout).demand as { value: number }[]).map((x) => x.value);
    // Minutes are float32 in the reach table: equal to 1e-6 relative.
    values.forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThanOrEqual(1e-6 * expected[k]));
  });

  it('coverage, rank, site and matrix run; GeoJSON writes the points unlocated (geometry null)', () => {
    const out = join(dir, 'coverage.geojson');
    const cov = careshed('coverage', '--demand', demand, '--supply', jobs, '--minutes', '30', '--out', out, ...travel);
    expect(cov.status, cov.stderr).toBe(0);
    const features = JSON.parse(readFileSync(out, 'utf8')).features as { geometry: unknown; properties: { id: string; minutes: number | null } }[];
    expect(features.map((f) => f.geometry)).toEqual(FIVE.map(() => null));
    // The nearest of the sites with jobs, by brute force over the pairs.
    const nearest = FIVE.map((i) => Math.min(...fivePairs.filter((p) => p.from === i && withJobs.includes(p.to)).map((p) => p.minutes)));
    features.forEach((f, k) => expect(f.properties.minutes).toBeCloseTo(nearest[k], 5));
    const rank = careshed('rank', '--demand', demand, '--supply', jobs, ...travel);
    expect(rank.status, rank.stderr).toBe(0);
    const sited = join(dir, 'site.geojson');
    const site = careshed('site', '--demand', demand, '--candidates', jobs, '--model', 'mclp', '--p', '1', '--minutes', '30', '--solver', 'heuristic', '--out', sited, ...travel);
    expect(site.status, site.stderr).toBe(0);
    expect(JSON.parse(readFileSync(sited, 'utf8')).features.map((f: { geometry: unknown }) => f.geometry)).toEqual([null]);
    const matrix = careshed('matrix', '--demand', demand, '--supply', jobs, '--max-minutes', '30', '--out', join(dir, 'pairs.csv'), ...travel);
    expect(matrix.status, matrix.stderr).toBe(0);
  });

  it('compare: scenario files whose travel is a matrix read demand and sites without lon and lat', () => {
    // A scenario names no matrix columns: a copy of the matrix with the columns careshed reads.
    const renamed = file('five-matrix.csv', csv(['from', 'to', 'minutes'], fivePairs.map((p) => [p.from, p.to, p.minutes])));
    const scenario = (name: string, extra: object) =>
      file(name, JSON.stringify({ name, demand, supply: jobs, travel: `matrix:${renamed}`, targetMinutes: 30, access: { method: '2sfca', decay: 'binary:45' }, surroundings: false, ...extra }));
    const base = scenario('base.json', {});
    const fewer = scenario('fewer.json', { close: [withJobs[0]] });
    const run = careshed('compare', base, fewer);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).scenario.closed).toEqual([withJobs[0]]);
  });

  it('report says that a map needs coordinates or boundaries (exit 1), naming the file', () => {
    const run = careshed('report', '--demand', demand, '--supply', jobs, '--out', join(dir, 'r.html'), ...travel);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('a map needs coordinates or boundaries');
    expect(run.stderr).toContain('five.csv');
    expect(run.stderr).toContain('[MISSING_COORDINATES]');
  });

  it('crow-fly travel on the same files says what is missing (exit 1), not a stack trace', () => {
    const run = careshed('coverage', '--demand', demand, '--supply', jobs);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/five\.csv.*"lon".*matrix/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('command line: a matrix is its own cutoff (OR-Library pmed1, Beasley 1990)', () => {
  // Costs of 1 to some hundred units, not minutes: as spopt's San Francisco example (metres), a 60-minute default
  // would cut them and leave p-median's objective population × 60.
  const { n, p, costs } = readOrLibraryPmedian(readFileSync('../shared/data/orlib-pmed/pmed1.txt', 'utf8'), 'pmed1');
  const optimum = Number(/pmed1 (\d+)/.exec(readFileSync('../shared/data/orlib-pmed/pmedopt.txt', 'utf8'))![1]);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rows.push([i + 1, j + 1, costs[i * n + j]]);
  const matrix = file('pmed1.csv', csv(['from', 'to', 'minutes'], rows));
  const vertices = file('vertices.csv', csv(['id', 'population'], Array.from({ length: n }, (_, i) => [i + 1, 1])));
  const cost = (open: number[], cutoff = Infinity) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.min(cutoff, ...open.map((j) => costs[i * n + j - 1]));
    return total;
  };

  it('p-median without --max-minutes reaches the published optimum, every gain positive', () => {
    expect(Math.max(...costs)).toBeGreaterThan(60); // else the test would not tell
    const run = careshed('site', '--demand', vertices, '--candidates', vertices, '--model', 'pmedian', '--p', String(p), '--solver', 'exact', '--travel', `matrix:${matrix}`);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(optimum);
    const open = (result.selected as { id: string }[]).map((s) => Number(s.id));
    expect(cost(open)).toBe(optimum);
    for (const s of result.selected as { gain: number }[]) expect(s.gain).toBeGreaterThan(0);
  });

  it('p-center without --max-minutes: the largest distance to the nearest open vertex, as a brute force finds it', () => {
    const run = careshed('site', '--demand', vertices, '--candidates', vertices, '--model', 'pcenter', '--p', String(p), '--solver', 'heuristic', '--travel', `matrix:${matrix}`);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    const open = (result.selected as { id: string }[]).map((s) => Number(s.id));
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.min(...open.map((j) => costs[i * n + j - 1])));
    expect(result.objective).toBe(largest);
    expect(largest).toBeGreaterThan(60);
  });

  it('a matrix in metres (spopt San Francisco in spirit): p-median weighs every metre, and the unit is named', () => {
    // The five Belo Horizonte cells, their minutes turned into metres at 45 km/h (750 m a minute).
    const metres = file('five-metres.csv', csv(['from', 'to', 'minutes'], fivePairs.map((q) => [q.from, q.to, q.minutes * 750])));
    const people = file('five-people.csv', csv(['id', 'population'], FIVE.map((id) => [id, cell.get(id)!.population])));
    const candidates = file('five-candidates.csv', csv(['id'], FIVE.map((id) => [id])));
    const run = careshed('site', '--demand', people, '--candidates', candidates, '--model', 'pmedian', '--p', '1', '--solver', 'exact', '--travel', `matrix:${metres}`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/look like metres/);
    const d = (a: string, b: string) => fivePairs.find((q) => q.from === a && q.to === b)!.minutes * 750;
    const objectiveOf = (j: string) => FIVE.reduce((t, i) => t + Number(cell.get(i)!.population) * d(i, j), 0);
    const best = Math.min(...FIVE.map(objectiveOf));
    const result = JSON.parse(run.stdout);
    expect(result.objective).toBeCloseTo(best, 0);
    const total = FIVE.reduce((t, i) => t + Number(cell.get(i)!.population), 0);
    expect(result.objective).not.toBe(total * 60);
    expect(result.selected[0].gain).toBeGreaterThan(0);
  });

  it('given --max-minutes, the cutoff applies: the cost of each vertex is capped there', () => {
    const run = careshed('site', '--demand', vertices, '--candidates', vertices, '--model', 'pmedian', '--p', String(p), '--solver', 'exact', '--max-minutes', '60', '--travel', `matrix:${matrix}`);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    const open = (result.selected as { id: string }[]).map((s) => Number(s.id));
    expect(result.objective).toBeCloseTo(cost(open, 60), 6);
    expect(result.objective).toBeLessThan(optimum);
  });
});

describe('command line: warnings on what a matrix holds', () => {
  // The package's whole matrix: 748,437 pairs of Belo Horizonte cells, minutes by public transport.
  const full = parseTable(gunzipSync(readFileSync(`${FCA}/ipea_accessibility_travel_matrix_full.csv.gz`)).toString('utf8'));
  const all = cellsCsv('cells.csv', landUse.rows.map((r) => r.id), 'population', 'population');
  // Sites: the cells with schools (as capacity), and the first 150 origins' rows only, to keep the files small.
  const schools = landUse.rows.filter((r) => Number(r.schools) > 0).map((r) => r.id);
  const sites = file('schools.csv', csv(['id', 'capacity'], schools.map((id) => [id, cell.get(id)!.schools])));
  const origins = new Set(landUse.rows.slice(0, 150).map((r) => r.id));
  const kept = full.rows.filter((r) => origins.has(r.from_id));
  const minutes = file('bh-minutes.csv', csv(['from', 'to', 'minutes'], kept.map((r) => [r.from_id, r.to_id, r.travel_time])));
  const seconds = file('bh-seconds.csv', csv(['from', 'to', 'minutes'], kept.map((r) => [r.from_id, r.to_id, Number(r.travel_time) * 60])));
  const toSchool = kept.filter((r) => schools.includes(r.to_id)).map((r) => Number(r.travel_time));

  it('how many demand points, and people, have no pair within the cutoff (brute force over the matrix)', () => {
    const run = careshed('coverage', '--demand', all, '--supply', sites, '--minutes', '20', '--travel', `matrix:${minutes}`);
    expect(run.status, run.stderr).toBe(0);
    const reached = new Set(kept.filter((r) => schools.includes(r.to_id) && Number(r.travel_time) <= 20).map((r) => r.from_id));
    const none = landUse.rows.filter((r) => !reached.has(r.id));
    const people = none.reduce((t, r) => t + Number(r.population), 0);
    expect(run.stderr).toContain(`${none.length.toLocaleString('en-GB')} demand points (${people.toLocaleString('en-GB')} inhabitants) have no pair within 20 min`);
    expect(run.stderr).not.toMatch(/look like/);
  });

  it('seconds read as minutes are named with their median; unit=seconds reads them as the minutes they are', () => {
    const warned = careshed('coverage', '--demand', all, '--supply', sites, '--minutes', '20', '--travel', `matrix:${seconds}`);
    expect(warned.status, warned.stderr).toBe(0);
    const sorted = toSchool.map((m) => m * 60).sort((a, b) => a - b);
    const median = sorted[Math.ceil(sorted.length / 2) - 1];
    const said = Number(/median ([\d,.]+)/.exec(warned.stderr)![1].replace(/,/g, ''));
    expect(warned.stderr).toMatch(/look like seconds/);
    expect(Math.abs(said - median) / median).toBeLessThan(0.01);
    const asMinutes = careshed('coverage', '--demand', all, '--supply', sites, '--minutes', '20', '--travel', `matrix:${minutes}`);
    const asSeconds = careshed('coverage', '--demand', all, '--supply', sites, '--minutes', '20', '--travel', `matrix:${seconds},unit=seconds`);
    expect(asSeconds.status, asSeconds.stderr).toBe(0);
    expect(asSeconds.stderr).not.toMatch(/look like/);
    expect(JSON.parse(asSeconds.stdout).summary).toEqual(JSON.parse(asMinutes.stdout).summary);
  });

  it('a unit careshed does not know is bad usage (exit 2)', () => {
    const run = careshed('coverage', '--demand', all, '--supply', sites, '--travel', `matrix:${minutes},unit=weeks`);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('seconds, minutes, hours');
  });
});

describe("DESIGN.md's command-line contract and careshed help agree", () => {
  const design = readFileSync('../shared/DESIGN.md', 'utf8');
  const section = /## Command line contract\n([\s\S]*?)(?=\n## |$)/.exec(design)![1];
  const help = (command?: string) => {
    const run = command ? careshed('help', command) : careshed('help');
    expect(run.status, run.stderr).toBe(0);
    return run.stdout;
  };
  const helps = new Map<string, string>();
  const helpOf = (command: string) => helps.get(command) ?? (helps.set(command, help(command)), helps.get(command)!);
  /** An option's paragraph in a help: its line and the lines indented under it. */
  const paragraph = (text: string, flag: string) => {
    const lines = text.split('\n');
    const start = lines.findIndex((line) => new RegExp(`^ {2}--${flag}(?![\\w-])`).test(line));
    if (start < 0) return '';
    let end = start + 1;
    while (end < lines.length && /^ {6,}\S/.test(lines[end])) end++;
    return lines.slice(start, end).join(' ').replace(/\s+/g, ' ');
  };

  // The usage lines: "careshed NAME ..." and the lines under it.
  const usage = [...section.matchAll(/^ {4}careshed (\w+)(.*(?:\n {6,}.*)*)/gm)].map((m) => ({ command: m[1], text: m[2].replace(/\s+/g, ' ') }));

  it('lists the eight commands of careshed help', () => {
    expect(usage.map((u) => u.command)).toEqual(['coverage', 'matrix', 'access', 'rank', 'site', 'compare', 'report', 'demo']);
    for (const { command } of usage) expect(help()).toContain(`  ${command} `);
  });

  for (const { command, text } of usage) {
    it(`careshed ${command}: each option, each choice and each default of the contract is in its help`, () => {
      const h = helpOf(command);
      for (const [, flag, value] of text.matchAll(/--([a-z][a-z-]*)(?: ([^\s[\]]+))?/g)) {
        expect(h, `--${flag}`).toMatch(new RegExp(`^ {2}--${flag}(?![\\w-])`, 'm'));
        if (value === undefined) continue;
        if (value.includes('|')) for (const choice of value.split('|')) expect(paragraph(h, flag), `--${flag} ${choice}`).toContain(choice);
        else if (/^\d+$/.test(value)) expect(paragraph(h, flag), `--${flag} default ${value}`).toContain(`default ${value}`);
      }
      // Positionals (compare's two files) and an output named by kind (report.html, FILE.csv).
      for (const word of text.match(/\b[A-Z]+\.json\b|\breport\.html\b|\bFILE\.csv\b/g) ?? []) expect(h).toContain(word);
    });
  }

  /** Each bullet of the section: what it says, and where careshed help says it. */
  const bullets = section.split('\n- ').slice(1).map((b) => b.replace(/\s+/g, ' ').trim());
  const commandsWith = (flag: string) => usage.map((u) => u.command).filter((c) => new RegExp(`^ {2}--${flag}(?![\\w-])`, 'm').test(helpOf(c)));
  const ticked = (bullet: string) => [...bullet.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

  it('has the bullets this test checks, and no other', () => {
    expect(bullets.map((b) => b.slice(0, 12))).toEqual(['Demand CSV: ', '`--travel`: ', '`--decay`: `', '`--out`: for', 'JSON shapes ', 'Exit status ']);
  });

  it('inputs: the CSV columns and the GeoJSON options, in the help of every command that reads --demand', () => {
    const [bullet] = bullets;
    for (const command of commandsWith('demand')) {
      const h = helpOf(command);
      for (const token of ticked(bullet)) expect(h, `${command}: ${token}`).toContain(token.replace(/^`|`$/g, ''));
      for (const geometry of ['Point', 'Polygon', 'MultiPolygon']) expect(paragraph(h, 'demand'), `${command}: ${geometry}`).toContain(geometry);
    }
  });

  it('--travel: every form, --matrix-columns, and "with a matrix, lon and lat are optional"', () => {
    const bullet = bullets[1];
    expect(bullet).toContain('With a matrix, lon and lat are optional.');
    const forms = ticked(bullet).filter((t) => t !== '--travel' && !t.startsWith('--'));
    expect(forms).toEqual(['crow', 'crow:SPEED_KMH:DETOUR', 'network:FILE', 'matrix:FILE', 'from,to,minutes', 'osrm:URL']);
    for (const command of commandsWith('travel')) {
      const travel = paragraph(helpOf(command), 'travel');
      for (const form of forms) expect(travel, `${command}: ${form}`).toContain(form);
      for (const extension of ['.geojson', '.osm', '.osm.pbf']) expect(travel).toContain(extension);
      expect(travel, command).toContain('With a matrix, lon and lat are optional');
      expect(paragraph(helpOf(command), 'matrix-columns'), command).toContain('A,B,C');
    }
    expect(commandsWith('travel').sort()).toEqual(['access', 'coverage', 'matrix', 'rank', 'report', 'site']);
  });

  it('--decay: every form, in the help of every command that takes it', () => {
    const forms = ticked(bullets[2]).filter((t) => t !== '--decay');
    expect(forms.length).toBe(6);
    for (const command of commandsWith('decay')) for (const form of forms) expect(paragraph(helpOf(command), 'decay'), form).toContain(form);
  });

  it('--out: format by extension, JSON on standard output without it; site\'s --supply keeps the existing sites open', () => {
    expect(bullets[3]).toMatch(/format by extension \(\.json, \.csv, \.geojson\); no `--out` writes JSON to standard output/);
    for (const command of ['coverage', 'access', 'rank', 'site']) {
      const out = paragraph(helpOf(command), 'out');
      for (const extension of ['.json', '.csv', '.geojson']) expect(out, `${command}: ${extension}`).toContain(extension);
      expect(out, command).toContain('standard output');
    }
    expect(paragraph(helpOf('compare'), 'out')).toMatch(/\.json.*\.csv.*standard output/);
    expect(bullets[3]).toContain('`--supply` of `site` holds the existing sites, kept open');
    expect(paragraph(helpOf('site'), 'supply')).toContain('existing sites, kept open');
  });

  it('JSON shapes: the fields of coverage, access and site are in their outputs', () => {
    const bullet = bullets[4];
    const fields = (name: string) => {
      const m = new RegExp(`- ${name}: \`([^\`]+)\``).exec(bullet)!;
      return [...m[1].matchAll(/(\w+)(?=[:,}\]])/g)].map((x) => x[1]);
    };
    const demand = cellsCsv('shape-demand.csv', FIVE, 'population', 'population');
    const sites = cellsCsv('shape-sites.csv', FIVE.slice(0, 4), 'capacity', 'jobs');
    const travel = ['--travel', `matrix:${FIVE_MATRIX}`, '--matrix-columns', 'from_id,to_id,travel_time'];
    const keysOf = (value: unknown): string[] =>
      value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(Array.isArray(v) ? v[0] : v)]) : [];
    const runs = {
      coverage: careshed('coverage', '--demand', demand, '--supply', sites, ...travel),
      access: careshed('access', '--demand', demand, '--supply', sites, '--method', '2sfca', '--decay', 'binary:45', ...travel),
      site: careshed('site', '--demand', demand, '--candidates', sites, '--model', 'mclp', '--p', '1', '--solver', 'exact', ...travel),
    };
    for (const [name, run] of Object.entries(runs)) {
      expect(run.status, run.stderr).toBe(0);
      const keys = new Set(keysOf(JSON.parse(run.stdout)));
      for (const field of fields(name).filter((f) => f !== '...')) expect([...keys], `${name}: ${field}`).toContain(field);
    }
    const status = /status is `(\w+)`, `(\w+)` or `(\w+)`/.exec(bullet)!.slice(1);
    expect(status).toContain(JSON.parse(runs.site.stdout).status);
  });

  it('exit status: 0, 1 and 2 as the contract says, in careshed help', () => {
    expect(bullets[5]).toMatch(/0 on success, 1 on bad input or failure \(message on standard error\), 2 on bad usage/);
    expect(help()).toMatch(/Exit status: 0 success; 1 bad input or failure \(message on standard error\); 2 bad usage/);
  });
});
