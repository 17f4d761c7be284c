import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { area } from '@turf/turf';
import { Resvg } from '@resvg/resvg-js';
import { coverage, coverageBy, createSites, crowFly, greatCircleKm, parseTable, site, sitingProblem } from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';
import { runDemo, type DemoResult } from '../src/node/demo.js';
import { choroplethSvg, TRAVEL_BANDS, travelBandClasses } from '../src/report/map.js';
import { openBrowser } from './browser.js';

const o = loadOccitanie();
const { communes, centres } = o;
const folder = mkdtempSync(join(tmpdir(), 'careshed-demo-'));
let demo: DemoResult;
let sites: { id: string; lon: number; lat: number }[];

/** Minutes by straight line × 1.5 at 45 km/h (2 minutes a km) to the nearest of `points`, brute force. */
function bruteMinutes(points: { lon: number; lat: number }[]): Float64Array {
  return Float64Array.from(communes.ids, (_, i) => Math.min(...points.map((p) => 2 * greatCircleKm(communes.lon[i], communes.lat[i], p.lon, p.lat))));
}
const bandOf = (m: number) => TRAVEL_BANDS.findIndex((b) => m <= b.max);
/** Population-weighted quantile by its definition: the smallest minutes within which at least q of the people live. */
function bruteQuantile(minutes: Float64Array, q: number): number {
  const order = Array.from(minutes.keys()).sort((a, b) => minutes[a] - minutes[b]);
  let cumulative = 0;
  for (const i of order) {
    cumulative += communes.population[i];
    if (cumulative >= q * communes.totalPopulation) return minutes[i];
  }
  return NaN;
}
const hex = (rgb: ArrayLike<number>) => `#${Array.from(rgb, (x) => x.toString(16).padStart(2, '0')).join('')}`;

beforeAll(async () => {
  // timeLimit 0: the heuristic, so that the test does not wait for HiGHS (the exact path has its own tests).
  demo = await runDemo(folder, { p: 10, timeLimit: 0 });
  const proposed = demo.siting.selected.map((s) => communes.indexOf(s.id));
  sites = [...Array.from(centres.ids, (id, j) => ({ id, lon: centres.lon[j], lat: centres.lat[j] })), ...proposed.map((i) => ({ id: communes.ids[i], lon: communes.lon[i], lat: communes.lat[i] }))];
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('careshed demo (runDemo)', () => {
  it('writes the report, the maps, the ranking and the sites, with numbers a brute force agrees with', () => {
    expect(readdirSync(folder).sort()).toEqual(['access-map.png', 'access-map.svg', 'coverage-map.png', 'coverage-map.svg', 'ranking-epci.csv', 'report.html', 'sites.geojson', 'summary.json']);
    const covered = (points: { lon: number; lat: number }[]) => bruteMinutes(points).reduce((t, m, i) => t + (m <= 15 ? communes.population[i] : 0), 0);
    expect(demo.centres.coveredPopulation).toBe(covered(sites.slice(0, 8)));
    expect(demo.withProposed.coveredPopulation).toBe(covered(sites));
    expect(demo.siting.objective).toBe(demo.withProposed.coveredPopulation);
    const geojson = JSON.parse(readFileSync(join(folder, 'sites.geojson'), 'utf8'));
    expect(geojson.features.map((f: { properties: { kind: string } }) => f.properties.kind)).toEqual([...Array(8).fill('existing'), ...Array(10).fill('proposed')]);
    expect(geojson.features.slice(8).map((f: { properties: { order: number } }) => f.properties.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The plan: 10 a year, each year's sites kept; its first year is the heuristic's 10, and coverage only grows.
    expect(demo.plan).toHaveLength(3);
    expect(new Set(demo.plan[0].opened)).toEqual(new Set(demo.siting.selected.map((s) => s.id)));
    const openedSoFar = demo.plan.flatMap((y) => y.opened).map((id) => communes.indexOf(id));
    expect(new Set(openedSoFar).size).toBe(30);
    expect(demo.plan[2].covered).toBe(covered([...sites.slice(0, 8), ...openedSoFar.map((i) => ({ lon: communes.lon[i], lat: communes.lat[i] }))]));
    for (let y = 1; y < 3; y++) expect(demo.plan[y].covered - demo.plan[y - 1].covered).toBe(demo.plan[y].gain);
    const ranking = parseTable(readFileSync(join(folder, 'ranking-epci.csv'), 'utf8'), 'ranking-epci.csv');
    expect(ranking.rows.length).toBe(new Set(communes.attribute('epci')).size);
    expect(ranking.rows.map((r) => Number(r.rank))).toEqual(ranking.rows.map((_, k) => k + 1));
  });
});

describe('maps', () => {
  it('the coverage PNG shows each large commune in the colour of its travel-time band', () => {
    const png = readFileSync(join(folder, 'coverage-map.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(960); // IHDR width
    const svg = readFileSync(join(folder, 'coverage-map.svg'), 'utf8');
    const image = new Resvg(svg).render();
    const { project } = choroplethSvg({ boundaries: o.boundaries(), ids: communes.ids, classOf: new Uint8Array(communes.size), classes: TRAVEL_BANDS, title: 't', subtitle: 's', legendTitle: 'l', attribution: 'a' });
    const minutes = bruteMinutes(sites);
    const marks = sites.map((s) => project(s.lon, s.lat));
    const features = o.boundaries().features;
    const large = features
      .map((f) => ({ id: String(f.properties!.id), area: area(f) }))
      .sort((a, b) => b.area - a.area)
      .map((f) => communes.indexOf(f.id))
      .filter((i) => TRAVEL_BANDS.every((b) => Math.abs(minutes[i] - b.max) > 0.05))
      // Clear of the marks (radius 6 px with their outline) and of their labels (right of and above each mark).
      .filter((i) => {
        const [px, py] = project(communes.lon[i], communes.lat[i]);
        return marks.every(([x, y]) => Math.hypot(px - x, py - y) > 9 && !(px > x + 4 && px < x + 32 && py > y - 20 && py < y + 2));
      })
      // The 15 largest communes of each band, so that every band is checked.
      .filter((i, _, all) => all.filter((h) => bandOf(minutes[h]) === bandOf(minutes[i])).indexOf(i) < 15);
    const seen = new Set<number>();
    for (const i of large) {
      const [x, y] = project(communes.lon[i], communes.lat[i]).map(Math.round);
      const k = 4 * (y * image.width + x);
      const colour = hex(image.pixels.subarray(k, k + 3));
      expect(colour, `${communes.ids[i]} at ${minutes[i].toFixed(1)} min`).toBe(TRAVEL_BANDS[bandOf(minutes[i])].colour);
      seen.add(bandOf(minutes[i]));
    }
    expect(seen.size).toBeGreaterThanOrEqual(TRAVEL_BANDS.length - 1);
  });

  it('refuses a boundary without a polygon, and lists features and demand that do not match', () => {
    const one = o.boundaries().features.slice(0, 2);
    const map = choroplethSvg({ boundaries: { type: 'FeatureCollection', features: one }, ids: [String(one[0].properties!.id), 'nowhere'], classOf: [0, 1], classes: TRAVEL_BANDS, title: 't', legendTitle: 'l', attribution: 'a' });
    expect(map.unmatchedFeatures).toEqual([String(one[1].properties!.id)]);
    expect(map.unmatchedDemand).toEqual(['nowhere']);
    expect(map.svg).toContain('no data');
    const broken = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'x' }, geometry: { type: 'Point', coordinates: [1, 43] } }] };
    expect(() => choroplethSvg({ boundaries: broken as never, ids: ['x'], classOf: [0], classes: TRAVEL_BANDS, title: 't', legendTitle: 'l', attribution: 'a' })).toThrow(/boundary feature 0 has no Polygon or MultiPolygon geometry/);
    expect(() => choroplethSvg({ boundaries: { type: 'FeatureCollection', features: one }, ids: ['a', 'b'], classOf: [0], classes: TRAVEL_BANDS, title: 't', legendTitle: 'l', attribution: 'a' })).toThrow(/classOf has 1 entries for 2 ids/);
    expect(() => choroplethSvg({ boundaries: { type: 'FeatureCollection', features: [] }, ids: [], classOf: [], classes: TRAVEL_BANDS, title: 't', legendTitle: 'l', attribution: 'a' })).toThrow(/a map needs at least one boundary feature/);
    expect(Array.from(travelBandClasses([0, 10, 10.01, 15, 20, 30, 30.5, Infinity, NaN]))).toEqual([0, 0, 1, 1, 2, 3, 4, 4, 255]);
  });
});

describe('the report in Chromium', () => {
  it('draws the map, shows the library numbers, recomputes on a switch, and asks nothing of the network', async () => {
    const { context, close } = await openBrowser();
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const url = pathToFileURL(join(folder, 'report.html')).href;
      await page.goto(url);
      await page.waitForFunction(() => (globalThis as { careshedReport?: unknown }).careshedReport !== undefined);
      expect(errors).toEqual([]);
      expect(await page.locator('#coverage-map path[data-i]').count()).toBe(communes.size);
      const box = await page.locator('#coverage-map svg').boundingBox();
      expect(box!.width).toBeGreaterThan(500);
      const raw = async (name: string) => Number(await page.locator(`[data-value="${name}"]`).first().getAttribute('data-raw'));
      expect(await raw('coveredPopulation')).toBe(demo.withProposed.coveredPopulation);
      expect(await raw('population')).toBe(communes.totalPopulation);

      // Switch off the first proposed site: the page must match the library (and a brute force) without it.
      const without = sites.filter((_, j) => j !== 8);
      const library = coverage(crowFly().reach(communes, createSites(without), { maxMinutes: 30 }), communes, { targetMinutes: 15 });
      await page.click('input[data-site="8"]');
      const after = await page.evaluate(() => (globalThis as unknown as { careshedReport: { summary: { coveredPopulation: number; meanMinutes: number }; ms: number } }).careshedReport);
      expect(after.summary.coveredPopulation).toBe(library.summary.coveredPopulation);
      expect(await raw('coveredPopulation')).toBe(library.summary.coveredPopulation);
      expect(library.summary.coveredPopulation).toBe(bruteMinutes(without).reduce((t, m, i) => t + (m <= 15 ? communes.population[i] : 0), 0));
      // The table by département follows the switch: each cell is what the library counts there.
      const cells = await page.$$eval('[data-group]', (tds) => tds.map((td) => [td.parentElement!.firstElementChild!.textContent, Number(td.getAttribute('data-raw'))] as const));
      const byDep = new Map(coverageBy(library, communes, 'departement').map((g) => [o.departementNames.get(g.key), g.coveredPopulation]));
      expect(cells).toHaveLength(13);
      for (const [name, value] of cells) expect(value).toBe(byDep.get(name!));
      // Every commune's fill is its band without that site.
      const fills = await page.$$eval('#coverage-map path[data-i]', (paths) => paths.map((p) => [Number(p.getAttribute('data-i')), p.getAttribute('fill')] as const));
      const bands = travelBandClasses(library.minutes);
      for (const [i, fill] of fills) expect(fill).toBe(TRAVEL_BANDS[bands[i]].colour);
      console.log(`report: switching a site recomputed coverage of ${communes.size} communes and recoloured the map in ${after.ms.toFixed(1)} ms (Chromium)`);
      await page.click('input[data-site="8"]');
      expect(await raw('coveredPopulation')).toBe(demo.withProposed.coveredPopulation);

      // Every proposed site off, then one centre closed too: every figure is a fresh computation's and a brute force's.
      type Summary = import('../src/index.js').CoverageSummary;
      const summaryNow = async () => (await page.evaluate(() => (globalThis as unknown as { careshedReport: { summary: unknown } }).careshedReport.summary)) as Summary;
      const figures = ['coveredPopulation', 'meanMinutes', 'medianMinutes', 'p90Minutes', 'worstMinutes', 'unreachablePopulation'] as const;
      for (let j = 8; j < sites.length; j++) await page.click(`input[data-site="${j}"]`);
      for (const closed of [[], [0]]) {
        if (closed.length) await page.click('input[data-site="0"]');
        const open = sites.slice(0, 8).filter((_, j) => !closed.includes(j));
        const fresh = coverage(crowFly().reach(communes, createSites(open), { maxMinutes: 30 }), communes, { targetMinutes: 15 }).summary;
        const shown = await summaryNow();
        expect(shown).toEqual(fresh);
        for (const figure of figures) expect(await raw(figure), figure).toBe(fresh[figure]);
        const brute = bruteMinutes(open);
        expect(shown.unreachablePopulation).toBe(0);
        expect(shown.coveredPopulation).toBe(brute.reduce((t, m, i) => t + (m <= 15 ? communes.population[i] : 0), 0));
        expect(shown.meanMinutes).toBeCloseTo(brute.reduce((t, m, i) => t + m * communes.population[i], 0) / communes.totalPopulation, 3);
        expect(shown.medianMinutes).toBeCloseTo(bruteQuantile(brute, 0.5), 3);
        expect(shown.p90Minutes).toBeCloseTo(bruteQuantile(brute, 0.9), 3);
        expect(shown.worstMinutes).toBeCloseTo(Math.max(...brute), 3);
        console.log(`report: ${open.length} centres open, no proposed site: mean ${shown.meanMinutes!.toFixed(1)}, median ${shown.medianMinutes!.toFixed(1)}, p90 ${shown.p90Minutes!.toFixed(1)}, worst ${shown.worstMinutes!.toFixed(1)} min, ${shown.coveredPopulation} within 15 min`);
      }
      await page.click('input[data-site="0"]');
      for (let j = 8; j < sites.length; j++) await page.click(`input[data-site="${j}"]`);
      expect(await summaryNow()).toEqual(demo.withProposed);
      // The same page bundle carries the whole library: siting runs in the browser; without HiGHS there, auto
      // falls back to the heuristic and says why.
      const inPage = await page.evaluate(async () => {
        const lib = (globalThis as unknown as { careshed: typeof import('../src/index.js') }).careshed;
        const data = JSON.parse(document.getElementById('careshed-data')!.textContent!);
        const demand = lib.createDemand(data.demand.ids.map((id: string, i: number) => ({ id, lon: data.demand.lon[i], lat: data.demand.lat[i], population: data.demand.population[i] })));
        const candidates = lib.createSites(data.demand.ids.flatMap((id: string, i: number) => (i % 10 === 0 ? [{ id, lon: data.demand.lon[i], lat: data.demand.lat[i] }] : [])));
        const problem = lib.sitingProblem(lib.crowFly().reach(demand, candidates, { maxMinutes: 15 }), demand, candidates);
        const result = await lib.site(problem, { model: 'mclp', p: 5, solver: 'auto' });
        return { objective: result.objective, ids: result.selected.map((s) => s.id), solver: result.solver, reason: result.reason };
      });
      expect(inPage.solver).toBe('heuristic');
      expect(inPage.reason).toMatch(/the exact solver HiGHS \(npm package "highs"\) could not be loaded: .*: heuristic instead/);
      const candidates = communes.ids.flatMap((id, i) => (i % 10 === 0 ? [{ id, lon: communes.lon[i], lat: communes.lat[i] }] : []));
      expect(inPage.objective).toBe(bruteMinutes(candidates.filter((c) => inPage.ids.includes(c.id))).reduce((t, m, i) => t + (m <= 15 ? communes.population[i] : 0), 0));
      const inNode = await site(sitingProblem(crowFly().reach(communes, createSites(candidates), { maxMinutes: 15 }), communes, createSites(candidates)), { model: 'mclp', p: 5, solver: 'heuristic' });
      expect(inPage.objective).toBeGreaterThanOrEqual(0.995 * inNode.objective);
      expect(requests.every((r) => r === url)).toBe(true);
    } finally {
      await close();
    }
  });
});
