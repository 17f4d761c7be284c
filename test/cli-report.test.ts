import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { greatCircleKm, ReachTable } from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';
import { careshed } from './cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'careshed-cli-report-'));
const communes = 'fixtures/occitanie/communes.csv';
const centres = 'fixtures/occitanie/centres.csv';
const boundaries = 'fixtures/occitanie/boundaries.geojson';


describe('careshed report', () => {
  it('writes one HTML file with the data, the map and the library inside, and the maps on request', () => {
    const out = join(dir, 'report.html');
    const run = careshed('report', '--demand', communes, '--supply', centres, '--boundaries', boundaries, '--by', 'departement', '--out', out, '--maps', join(dir, 'maps'));
    expect(run.status, run.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('id="careshed-data"');
    expect(html.match(/<path [^>]*data-i="/g)).toHaveLength(4446); // one map, recoloured by the page for each layer
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    for (const name of ['coverage-map.svg', 'coverage-map.png', 'access-map.svg', 'access-map.png', 'places-map.svg', 'places-map.png']) expect(existsSync(join(dir, 'maps', name))).toBe(true);
    // The story speaks a planner's words; the model's names live in the Method section.
    const story = html.slice(html.indexOf('<main>'), html.indexOf('<section id="method"'));
    expect(story).not.toMatch(/crow:|E2SFCA|2SFCA|MCLP/);
  });

  it('adds the sites a siting model proposes as the proposal, a switch away from today, on the GPs given', () => {
    const out = join(dir, 'sited.html');
    const run = careshed('report', '--demand', communes, '--supply', centres, '--gps', 'fixtures/occitanie/gp-communes.csv', '--boundaries', boundaries, '--candidates', communes, '--model', 'mclp', '--p', '3', '--solver', 'heuristic', '--out', out, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const data = JSON.parse(readFileSync(out, 'utf8').match(/<script type="application\/json" id="careshed-data">(.*?)<\/script>/s)![1]);
    expect(data.sites.map((s: { kind: string }) => s.kind)).toEqual([...Array(1065).fill('gp'), ...Array(8).fill('existing'), 'proposed', 'proposed', 'proposed']);
    expect(data.states.map((s: { key: string; open: string[] }) => [s.key, s.open.length])).toEqual([['today', 8], ['proposal', 11]]);
    // A proposed commune that has GPs keeps its GPs and gets a centre beside them: new-CODE.
    for (const s of data.sites.slice(-3)) expect(s.id).toMatch(/^(new-)?\d{5}$/);
    expect(data.scenario).toMatchObject({ supply: expect.stringMatching(/gp-communes\.csv$/), travel: 'crow' });
  });

  it('draws GeoJSON demand on its own polygons, without --boundaries', () => {
    const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];
    const demand = join(dir, 'cells.geojson');
    writeFileSync(demand, JSON.stringify({ type: 'FeatureCollection', features: [0, 1, 2].map((k) => ({ type: 'Feature', properties: { id: `cell-${k}`, population: 100 * (k + 1) }, geometry: { type: 'Polygon', coordinates: square(1.4 + 0.1 * k, 43.6) } })) }));
    const sites = join(dir, 'one-site.csv');
    writeFileSync(sites, 'id,lon,lat\ns,1.45,43.65\n');
    const out = join(dir, 'cells.html');
    const run = careshed('report', '--demand', demand, '--supply', sites, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').match(/<path [^>]*data-id="cell-\d"/g)).toHaveLength(3);
  });

  it('embeds every pair when travel is not straight lines, so that switching sites off stays exact; refuses too many', () => {
    const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];
    const demand = join(dir, 'cells-m.geojson');
    writeFileSync(demand, JSON.stringify({ type: 'FeatureCollection', features: [0, 1, 2].map((k) => ({ type: 'Feature', properties: { id: `cell-${k}`, population: 100 * (k + 1) }, geometry: { type: 'Polygon', coordinates: square(1.4 + 0.1 * k, 43.6) } })) }));
    const sites = join(dir, 'two-sites.csv');
    writeFileSync(sites, 'id,lon,lat\ns,1.45,43.65\nt,1.65,43.65\n');
    // A matrix with a cell more than 30 minutes from both sites: a 30-minute table could not switch one off.
    const matrix = join(dir, 'cells-matrix.csv');
    writeFileSync(matrix, 'from,to,minutes\ncell-0,s,4\ncell-0,t,41\ncell-1,s,12\ncell-1,t,9\ncell-2,s,55\ncell-2,t,47\n');
    const dataOf = (html: string) => JSON.parse(html.match(/<script type="application\/json" id="careshed-data">(.*?)<\/script>/s)![1]);
    const tableOf = (data: { travel: { reach: string } }) => ReachTable.from(Uint8Array.from(Buffer.from(data.travel.reach, 'base64')).buffer);
    const out = join(dir, 'matrix.html');
    const run = careshed('report', '--demand', demand, '--supply', sites, '--travel', `matrix:${matrix}`, '--out', out, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const data = dataOf(readFileSync(out, 'utf8'));
    expect(data.travel.kind).toBe('table');
    const reach = tableOf(data);
    expect(reach.maxMinutes).toBe(Infinity);
    expect(reach.pairCount).toBe(6);
    // Site s off: cell-0 goes to t at 41 minutes, as the matrix says (never "unreachable").
    expect(Array.from(reach.restrictTo([0, 1]).nearestMinutes)).toEqual([41, 9, 47]);
    // With straight lines the page gets the model and the sites, and builds its tables itself: none embedded.
    const crowOut = join(dir, 'crow.html');
    expect(careshed('report', '--demand', demand, '--supply', sites, '--travel', 'crow:45:1.5', '--out', crowOut, '--quiet').status).toBe(0);
    const crowData = dataOf(readFileSync(crowOut, 'utf8'));
    expect(crowData.travel).toMatchObject({ kind: 'crow', speedKmh: 45, detour: 1.5 });
    expect(crowData.travel.reach).toBeUndefined();
    expect(crowData.sites.map((x: { lon: number; lat: number }) => [x.lon, x.lat])).toEqual([[1.45, 43.65], [1.65, 43.65]]);
    // Too many pairs for a complete table: 4,446 communes × 1,065 GP communes.
    const big = careshed('report', '--demand', communes, '--supply', 'fixtures/occitanie/gp-communes.csv', '--boundaries', boundaries, '--travel', `matrix:${matrix}`, '--out', join(dir, 'big.html'));
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(/field "travel", value "matrix:.*cells-matrix\.csv": with matrix:.* travel the report embeds every pair so that switching sites off stays exact: 4446 demand points × 1065 sites is 4734990 pairs, over the limit of 500,000; make the report with straight-line travel \(crow\), or with fewer sites \[INVALID_OPTION\]/);
  });

  it('exit 2 on bad usage and 1 on bad input, with the reason', () => {
    const noOut = careshed('report', '--demand', communes, '--supply', centres);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/--out is required/);
    const txt = careshed('report', '--demand', communes, '--supply', centres, '--out', join(dir, 'r.txt'));
    expect(txt.status).toBe(2);
    expect(txt.stderr).toMatch(/--out must end in \.html/);
    const broken = join(dir, 'broken.geojson');
    writeFileSync(broken, '{"type":"Feature"');
    const bad = careshed('report', '--demand', communes, '--supply', centres, '--boundaries', broken, '--out', join(dir, 'r.html'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/broken\.geojson: not valid JSON/);
    const notFc = join(dir, 'feature.geojson');
    writeFileSync(notFc, '{"type":"Feature","properties":{},"geometry":null}');
    expect(careshed('report', '--demand', communes, '--supply', centres, '--boundaries', notFc, '--out', join(dir, 'r.html')).stderr).toMatch(/feature\.geojson, field "type", value "Feature": expected a GeoJSON FeatureCollection/);
  });
});

describe('careshed demo', () => {
  it('runs the whole pipeline into a folder and prints the summary; the README quotes it', () => {
    const out = join(dir, 'demo');
    // As npm run demo runs it: the exact solves, stopped by their node limit (the same answer on any machine).
    const run = careshed('demo', '--out', out, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    // The population within 15 minutes of the 8 centres, by brute force: straight line × 1.5 at 45 km/h (2 minutes a km).
    const { communes: d, centres: c } = loadOccitanie();
    let near = 0;
    for (let i = 0; i < d.size; i++) if (Array.from(c.ids, (_, j) => 2 * greatCircleKm(d.lon[i], d.lat[i], c.lon[j], c.lat[j])).some((m) => m <= 15)) near += d.population[i];
    const today = run.stdout.slice(run.stdout.indexOf('Today:'), run.stdout.indexOf('Proposal:'));
    expect(today).toMatch(new RegExp(`within 15 minutes of a regional centre +${near.toLocaleString('en-GB')} +\\(${((100 * near) / d.totalPopulation).toFixed(1)} %\\)`));
    expect(run.stdout).toMatch(/wrote report\.html, coverage-map\.svg, coverage-map\.png, access-map\.svg, access-map\.png, places-map\.svg, places-map\.png, ranking-epci\.csv, sites\.geojson, summary\.json/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.proposalSiting.selected).toHaveLength(10);
    expect(summary.alternativeSiting.selected).toHaveLength(10);
    // The printed figures are summary.json's (which the report test checks against the library and brute forces).
    for (const [state, h] of [['Today:', summary.today], ['Proposal:', summary.proposal], ['Alternative:', summary.alternative]] as const) {
      const block = run.stdout.slice(run.stdout.indexOf(state));
      for (const value of [h.withinCentre, h.withoutPlace, h.underServed]) expect(block).toContain(Math.round(value).toLocaleString('en-GB'));
    }
    // The README's "What it finds" table is this run's summary.json, state by state.
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('What it finds:'), readme.indexOf('In words, as the demo'));
    const cell = (x: number) => `${Math.round(x).toLocaleString('en-GB')} (${((100 * x) / summary.today.population).toFixed(1)} %)`;
    for (const [label, key] of [['within 15 minutes of a centre', 'withinCentre'], ['without a GP place within 15 minutes', 'withoutPlace'], ['in under-served communes', 'underServed']] as const) {
      const row = table.split('\n').find((line) => line.startsWith(`| ${label}`))!;
      expect(row, label).toContain(`| ${cell(summary.today[key])} | ${cell(summary.proposal[key])} | ${cell(summary.alternative[key])} |`);
    }
    // And the paragraph under it: the ranges of "how sure" and the plan.
    const words = readme.slice(readme.indexOf('In words, as the demo'), readme.indexOf('`examples/occitanie-coverage.ts`'));
    const int = (x: number) => Math.round(x).toLocaleString('en-GB');
    for (const [low, high] of Object.values(summary.todayRanges) as [number, number][]) expect(words).toContain(`${int(low)} to ${int(high)}`);
    const left = summary.plan.map((y: { withoutPlace: number }) => int(y.withoutPlace));
    expect(words).toContain(`${left.slice(0, -1).join(', ')} and ${left.at(-1)}`);
    expect(careshed('demo', '--p', 'ten').status).toBe(2);
    expect(careshed('demo', '--p', 'ten').stderr).toMatch(/--p must be a whole number of new sites, 1 or more \(written in decimal\); got "ten"/);
  });

  it('lists every command in the help, and answers help for each', () => {
    const help = careshed('--help');
    for (const name of ['coverage', 'matrix', 'access', 'rank', 'site', 'report', 'demo', 'compare']) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${name} `));
      const one = careshed('help', name);
      expect(one.status).toBe(0);
      expect(one.stdout).toMatch(new RegExp(`^careshed ${name}: `));
      expect(one.stdout).toMatch(/Example/);
    }
  });
});
