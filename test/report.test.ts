import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { area } from '@turf/turf';
import { Resvg } from '@resvg/resvg-js';
import type { Page } from 'playwright-core';
import { coverage, createSites, crowFly, evaluate, parseTable, siteRecords, withSurroundings, type Demand, type Sites } from '../src/index.js';
import { loadOccitanie } from '../src/node/index.js';
import { runDemo, type DemoResult } from '../src/node/demo.js';
import { choroplethSvg, TRAVEL_BANDS } from '../src/report/map.js';
import { proposeCentres, type FrameSite } from '../src/report/frame.js';
import { openMask, pageModel, type ReportData } from '../src/report/model.js';
import { loadHighs } from '../src/siting/highs.js';
import { openBrowser } from './browser.js';
import { turfMinutes } from './brute.js';
import { flowAsLp } from './flow-lp.js';

const o = loadOccitanie();
const { communes } = o;
const travel = crowFly({ speedKmh: 45, detour: 1.5 });
const folder = mkdtempSync(join(tmpdir(), 'careshed-demo-'));
/** Where the browser tests leave their screenshots and the printed PDF (git-ignored). */
const SHOTS = join('test', '.screenshots');
let demo: DemoResult;

interface Centre {
  id: string;
  lon: number;
  lat: number;
  gps: number;
}
const centresToday: Centre[] = Array.from(o.centres.ids, (id, j) => ({ id, lon: o.centres.lon[j], lat: o.centres.lat[j], gps: 4 }));
const atCommune = (code: string, gps = 4): Centre => {
  const i = communes.indexOf(code);
  return { id: `new-${code}`, lon: communes.lon[i], lat: communes.lat[i], gps };
};

interface Figures {
  withinCentre: number;
  withoutPlace: number;
  underServed: number;
  /** Per commune: minutes to the nearest centre, people without a place, APL. */
  minutes: Float32Array;
  unserved: Float64Array;
  apl: Float64Array;
  ranking: { key: string; rank: number; partial: boolean }[];
}

/**
 * The three figures on the GPs and the given centres, computed here with the library's public functions
 * (not the report's code): coverage by the centres, then capacity and APL on the GPs and centres with the
 * communes and GPs around the region, as careshed compare counts them.
 */
function fresh(centres: Centre[]): Figures {
  const centreSites = createSites(centres.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, capacity: c.gps })));
  const cov = coverage(travel.reach(communes, centreSites, { maxMinutes: 15 }), communes, { targetMinutes: 15 });
  const sites = createSites([...siteRecords(o.gpCommunes), ...siteRecords(centreSites)]);
  const joined = withSurroundings(communes, sites, { demand: o.surroundings.communes, sites: o.surroundings.gpCommunes });
  const ev = evaluate(travel.reach(joined.demand, joined.sites, { maxMinutes: 20 }), joined.demand, joined.sites, { study: communes, rankBy: 'epci', names: o.epciNames });
  let underServed = 0;
  communes.population.forEach((p, i) => (underServed += ev.access.value[i] >= 2.5 ? 0 : p));
  return {
    withinCentre: cov.summary.coveredPopulation,
    withoutPlace: ev.capacity.summary.unservedPopulation,
    underServed,
    minutes: cov.minutes,
    unserved: ev.capacity.unserved,
    apl: ev.access.value,
    ranking: ev.ranking.map((r) => ({ key: r.key, rank: r.rank, partial: r.partial })),
  };
}

/** People within 15 minutes of a centre, by brute force: every commune against every centre with turf's distance. */
function bruteWithinCentre(centres: Centre[]): number {
  let people = 0;
  for (let i = 0; i < communes.size; i++) {
    const here = { lon: communes.lon[i], lat: communes.lat[i] };
    if (centres.some((c) => turfMinutes(here, c) <= 15)) people += communes.population[i];
  }
  return people;
}

/** Pairs within `max` minutes of every demand point, by brute force (a box first, then turf's distance). */
function brutePairs(demand: Demand, sites: Sites, max: number): [number, number][][] {
  const degLat = (max / 2 / 111) * 1.01;
  return Array.from(demand.ids, (_, i) => {
    const row: [number, number][] = [];
    const degLon = degLat / Math.cos((demand.lat[i] * Math.PI) / 180);
    for (let j = 0; j < sites.size; j++) {
      if (Math.abs(sites.lat[j] - demand.lat[i]) > degLat || Math.abs(sites.lon[j] - demand.lon[i]) > degLon) continue;
      const m = turfMinutes({ lon: demand.lon[i], lat: demand.lat[i] }, { lon: sites.lon[j], lat: sites.lat[j] });
      if (m <= max) row.push([j, m]);
    }
    return row;
  });
}

/**
 * People of the study in communes under APL 2.5, by brute force: the E2SFCA of DREES written out (weights 1,
 * 2/3, 1/3 for ≤ 10, ≤ 15, ≤ 20 minutes; 3,900 consultations per GP; demand in standardised inhabitants).
 */
function bruteUnderServed(centres: Centre[]): number {
  const sites = createSites([...siteRecords(o.gpCommunes), ...centres.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, capacity: c.gps }))]);
  const joined = withSurroundings(communes, sites, { demand: o.surroundings.communes, sites: o.surroundings.gpCommunes });
  const weight = (m: number) => (m <= 10 ? 1 : m <= 15 ? 2 / 3 : m <= 20 ? 1 / 3 : 0);
  const std = joined.demand.attribute('standardised_population').map(Number);
  const pairs = brutePairs(joined.demand, joined.sites, 20);
  const demandAt = new Float64Array(joined.sites.size);
  pairs.forEach((row, i) => row.forEach(([j, m]) => (demandAt[j] += std[i] * weight(m))));
  let people = 0;
  for (let i = 0; i < communes.size; i++) {
    let apl = 0;
    for (const [j, m] of pairs[i]) apl += weight(m) * ((3900 * joined.sites.capacity[j]) / demandAt[j]);
    if (!(pairs[i].length > 0 && apl >= 2.5)) people += communes.population[i];
  }
  return people;
}

/**
 * The least and the most of the region's people who can be given a place, by linear programming (HiGHS, not
 * careshed's flow code): the neighbours served first (the region gets what is left of the largest total), or
 * the region first. A maximum assignment may split the places across the border anywhere in between; careshed
 * takes the nearest-first one.
 */
async function bruteAssignedRange(centres: Centre[]): Promise<{ least: number; most: number }> {
  const highs = await loadHighs();
  const sites = createSites([...siteRecords(o.gpCommunes), ...centres.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, capacity: c.gps }))]);
  const joined = withSurroundings(communes, sites, { demand: o.surroundings.communes, sites: o.surroundings.gpCommunes });
  const reach = travel.reach(joined.demand, joined.sites, { maxMinutes: 15 });
  const only = (region: boolean) => joined.demand.withPopulation(Float64Array.from(joined.demand.population, (p, i) => ((i < communes.size) === region ? p : 0)));
  const total = flowAsLp(highs, reach, joined.demand, joined.sites, 1000, 15);
  const neighbours = flowAsLp(highs, reach, only(false), joined.sites, 1000, 15);
  return { least: total - neighbours, most: flowAsLp(highs, reach, only(true), joined.sites, 1000, 15) };
}

beforeAll(async () => {
  // timeLimit 0: the heuristic, so that the test does not wait for HiGHS (the exact path has its own tests).
  demo = await runDemo(folder, { p: 10, timeLimit: 0 });
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const proposalCentres = () => [...centresToday, ...demo.proposalSites.map((s) => atCommune(s.id.slice(4)))];
const alternativeCentres = () => [...centresToday, ...demo.alternativeSites.map((s) => atCommune(s.id.slice(4)))];

describe('careshed demo (runDemo)', () => {
  it('writes the report, the maps, the ranking and the sites', () => {
    expect(readdirSync(folder).sort()).toEqual(['access-map.png', 'access-map.svg', 'coverage-map.png', 'coverage-map.svg', 'places-map.png', 'places-map.svg', 'ranking-epci.csv', 'report.html', 'sites.geojson', 'summary.json']);
    const geojson = JSON.parse(readFileSync(join(folder, 'sites.geojson'), 'utf8'));
    expect(geojson.features.map((f: { properties: { kind: string } }) => f.properties.kind)).toEqual([...Array(8).fill('existing'), ...Array(10).fill('proposed'), ...Array(10).fill('alternative')]);
    expect(geojson.features.slice(8, 18).map((f: { properties: { order: number } }) => f.properties.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const ranking = parseTable(readFileSync(join(folder, 'ranking-epci.csv'), 'utf8'), 'ranking-epci.csv');
    expect(ranking.rows.length).toBe(new Set(communes.attribute('epci')).size);
    expect(ranking.rows.map((r) => Number(r.rank))).toEqual(ranking.rows.map((_, k) => k + 1));
    expect(ranking.rows.map((r) => r.key)).toEqual(fresh(centresToday).ranking.map((r) => r.key));
    // The EPCIs cut by the region's border come last, marked partial, ranked among themselves.
    const partial = ranking.rows.filter((r) => r.partial === 'true');
    expect(partial.length).toBeGreaterThan(0);
    expect(ranking.rows.slice(-partial.length).every((r) => r.partial === 'true')).toBe(true);
  });

  it("today's, the proposal's and the alternative's figures are a fresh computation's and a brute force's", async () => {
    for (const [headline, centres] of [
      [demo.today, centresToday],
      [demo.proposal, proposalCentres()],
      [demo.alternative, alternativeCentres()],
    ] as const) {
      const f = fresh(centres);
      expect(headline.withinCentre).toBe(f.withinCentre);
      expect(headline.withoutPlace).toBe(f.withoutPlace);
      expect(headline.underServed).toBe(f.underServed);
      expect(headline.withinCentre).toBe(bruteWithinCentre(centres));
      expect(headline.underServed).toBe(bruteUnderServed(centres));
    }
    for (const [headline, centres] of [
      [demo.today, centresToday],
      [demo.proposal, proposalCentres()],
    ] as const) {
      const { least, most } = await bruteAssignedRange(centres);
      const assigned = communes.totalPopulation - headline.withoutPlace;
      expect(assigned).toBeGreaterThanOrEqual(least - 0.5);
      expect(assigned).toBeLessThanOrEqual(most + 0.5);
      expect(least).toBeLessThan(most);
    }
    // The need-aware proposal fills its 40 GPs' places: 40,000 more people with a place; the alternative far fewer.
    expect(demo.today.withoutPlace - demo.proposal.withoutPlace).toBeCloseTo(40_000, 0);
    expect(demo.today.withoutPlace - demo.alternative.withoutPlace).toBeLessThan(20_000);
    expect(demo.alternative.withinCentre).toBeGreaterThan(demo.proposal.withinCentre);
    expect(demo.proposalWords).toMatch(/^The 10 proposed centres would give 40,000 more people a GP place within 15 minutes, mostly in /);
    // The plan: each year's centres kept, 10 a year.
    expect(demo.plan.map((y) => y.opened.length)).toEqual([10, 10, 10]);
    expect(demo.plan[2].headline.withoutPlace).toBe(fresh([...centresToday, ...demo.plan.flatMap((y) => y.opened.map((s) => atCommune(s.id.slice(4))))]).withoutPlace);
  }, 120_000);

  it('how sure: the ranges are the figures with every trip 19 % shorter and 19 % longer', () => {
    const scaled = (factor: number) => {
      const t = crowFly({ speedKmh: 45 / factor, detour: 1.5 });
      const centreSites = createSites(centresToday.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, capacity: c.gps })));
      return coverage(t.reach(communes, centreSites, { maxMinutes: 15 }), communes, { targetMinutes: 15 }).summary.coveredPopulation;
    };
    // Longer trips, fewer people within 15 minutes: the range runs from the slow case to the fast one.
    expect(demo.todayRanges.withinCentre).toEqual([scaled(1.19), scaled(0.81)]);
    expect(demo.todayRanges.withinCentre[0]).toBeLessThan(demo.today.withinCentre);
    expect(demo.todayRanges.withinCentre[1]).toBeGreaterThan(demo.today.withinCentre);
  });
});

describe('maps', () => {
  it('the coverage PNG shows each large commune in the colour of its travel-time band to the nearest centre of the proposal', () => {
    const png = readFileSync(join(folder, 'coverage-map.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(960); // IHDR width
    const svg = readFileSync(join(folder, 'coverage-map.svg'), 'utf8');
    const image = new Resvg(svg).render();
    const { project } = choroplethSvg({ boundaries: o.boundaries(), ids: communes.ids, classOf: new Uint8Array(communes.size), classes: TRAVEL_BANDS, title: 't', subtitle: 's', legendTitle: 'l', attribution: 'a' });
    const sites = proposalCentres();
    const minutes = Float64Array.from(communes.ids, (_, i) => Math.min(...sites.map((s) => turfMinutes({ lon: communes.lon[i], lat: communes.lat[i] }, s))));
    const bandOf = (m: number) => TRAVEL_BANDS.findIndex((b) => m <= b.max);
    const marks = sites.map((s) => project(s.lon, s.lat));
    const hex = (rgb: ArrayLike<number>) => `#${Array.from(rgb, (x) => x.toString(16).padStart(2, '0')).join('')}`;
    const large = o
      .boundaries()
      .features.map((f) => ({ id: String(f.properties!.id), area: area(f) }))
      .sort((a, b) => b.area - a.area)
      .map((f) => communes.indexOf(f.id))
      .filter((i) => TRAVEL_BANDS.every((b) => Math.abs(minutes[i] - b.max) > 0.05))
      // Clear of the marks (7 px with their outline) and of their labels (right of and above each mark).
      .filter((i) => {
        const [px, py] = project(communes.lon[i], communes.lat[i]);
        return marks.every(([x, y]) => Math.hypot(px - x, py - y) > 10 && !(px > x + 4 && px < x + 32 && py > y - 20 && py < y + 2));
      })
      .filter((i, _, all) => all.filter((h) => bandOf(minutes[h]) === bandOf(minutes[i])).indexOf(i) < 15);
    const seen = new Set<number>();
    for (const i of large) {
      const [x, y] = project(communes.lon[i], communes.lat[i]).map(Math.round);
      const k = 4 * (y * image.width + x);
      expect(hex(image.pixels.subarray(k, k + 3)), `${communes.ids[i]} at ${minutes[i].toFixed(1)} min`).toBe(TRAVEL_BANDS[bandOf(minutes[i])].colour);
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
    expect(() => choroplethSvg({ ids: ['a'], classOf: [0], classes: TRAVEL_BANDS, title: 't', legendTitle: 'l', attribution: 'a' })).toThrow(/a map needs areas \(boundaries\) or points with their population/);
  });

  it('without areas, draws one disc per point, its area proportional to the population, largest first', () => {
    const points = { lon: [1.4, 1.5, 1.6], lat: [43.6, 43.7, 43.5], population: [100, 10_000, 2_500] };
    const map = choroplethSvg({ points, ids: ['a', 'b', 'c'], classOf: [0, 1, 2], classes: TRAVEL_BANDS, title: 't', legendTitle: 'l', attribution: 'a', panel: false });
    expect(map.style).toBe('symbols');
    const discs = [...map.svg.matchAll(/<circle cx="[^"]+" cy="[^"]+" r="([^"]+)" fill="([^"]+)" data-id="(\w)" data-i="(\d)"/g)].map((m) => ({ r: Number(m[1]), fill: m[2], id: m[3] }));
    expect(discs.map((d) => d.id)).toEqual(['b', 'c', 'a']);
    // Area ∝ population: radius ∝ √population (to the 2 decimals written).
    expect(discs[1].r / discs[0].r).toBeCloseTo(Math.sqrt(2_500 / 10_000), 2);
    expect(discs[2].r / discs[0].r).toBeCloseTo(Math.sqrt(100 / 10_000), 2);
    expect(discs.map((d) => d.fill)).toEqual([TRAVEL_BANDS[1].colour, TRAVEL_BANDS[2].colour, TRAVEL_BANDS[0].colour]);
    expect(map.svg).toContain('class="size-key"');
  });
});

/** What the page shows: the headline's raw numbers, the state, the centres open. */
async function shown(page: Page) {
  await page.waitForFunction(() => globalThis.careshedReport?.settled === true);
  return page.evaluate(() => {
    const raw = (name: string) => Number(document.querySelector(`[data-value="${name}"]`)!.getAttribute('data-raw'));
    return { state: globalThis.careshedReport!.state, open: globalThis.careshedReport!.open, withinCentre: raw('withinCentre'), withoutPlace: raw('withoutPlace'), underServed: raw('underServed'), ranges: globalThis.careshedReport!.ranges, version: globalThis.careshedReport!.version };
  });
}

/** The centres a page has open, with their place and GPs, from the page's own data. */
async function openCentres(page: Page): Promise<Centre[]> {
  return page.evaluate(() => {
    const data = JSON.parse(document.getElementById('careshed-data')!.textContent!);
    const added = (globalThis as unknown as { careshedReport: { open: string[] } }).careshedReport.open;
    // Centres opened in the page are not in the embedded JSON: they stand at their commune's point.
    return added.map((id) => {
      const s = data.sites.find((x: { id: string }) => x.id === id);
      if (s) return { id, lon: s.lon, lat: s.lat, gps: s.gps };
      const i = data.study.ids.indexOf(id.slice(4));
      return { id, lon: data.study.lon[i], lat: data.study.lat[i], gps: Number((document.getElementById('new-gps') as HTMLInputElement).value) };
    });
  });
}

function expectFresh(page: Awaited<ReturnType<typeof shown>>, centres: Centre[]) {
  const f = fresh(centres);
  expect(page.withinCentre).toBe(f.withinCentre);
  expect(page.withoutPlace).toBe(f.withoutPlace);
  expect(page.underServed).toBe(f.underServed);
  return f;
}

describe('the report in Chromium', () => {
  it('opens on today, switches to the proposal and back, and every switch gives a fresh computation', async () => {
    const { context, close } = await openBrowser();
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const url = pathToFileURL(join(folder, 'report.html')).href;
      await page.goto(url);
      let now = await shown(page);
      expect(errors).toEqual([]);
      expect(await page.locator('#map svg path[data-i]').count()).toBe(communes.size);
      // Today first: the state, the figures of a fresh computation and of a brute force, no "against today".
      expect(now.state).toBe('today');
      expect(await page.locator('[data-state="today"]').getAttribute('aria-pressed')).toBe('true');
      expectFresh(now, centresToday);
      expect(now.withinCentre).toBe(bruteWithinCentre(centresToday));
      expect(now.ranges!.withinCentre).toEqual(demo.todayRanges.withinCentre);
      expect(await page.locator('#cards .change').count()).toBe(0);
      expect(await page.locator('#change').textContent()).toMatch(/^Today: 8 centres open, and the GPs of 1,065 communes \(6,282 GPs\)/);

      await page.click('[data-state="proposal"]');
      now = await shown(page);
      expect(now.state).toBe('proposal');
      expectFresh(now, proposalCentres());
      expect(await page.locator('#change').textContent()).toBe(demo.proposalWords);
      expect(await page.locator('#cards [data-card="withoutPlace"] .change').textContent()).toBe('−40,000 against today (better)');
      await page.click('[data-state="today"]');
      now = await shown(page);
      expect(now.state).toBe('today');
      expect(now.withoutPlace).toBe(demo.today.withoutPlace);

      // The proposal without its first centre: the figures, the table by département and every commune's colour.
      await page.click('[data-state="proposal"]');
      const first = demo.proposalSites[0].id;
      const j = await page.evaluate((id) => JSON.parse(document.getElementById('careshed-data')!.textContent!).sites.findIndex((s: { id: string }) => s.id === id), first);
      await page.click(`input[data-site="${j}"]`);
      now = await shown(page);
      expect(now.state).toBeNull();
      const without = proposalCentres().filter((c) => c.id !== first);
      const f = expectFresh(now, without);
      const cells = await page.$$eval('#groups-body tr', (rows) => rows.map((tr) => [tr.querySelector('th')!.textContent, ...Array.from(tr.querySelectorAll('[data-raw]'), (td) => Number(td.getAttribute('data-raw')))] as const));
      const departement = communes.attribute('departement');
      expect(cells).toHaveLength(13);
      for (const [name, within, unserved, under] of cells) {
        const code = [...o.departementNames].find(([, n]) => n === name)![0];
        let [w, u, s] = [0, 0, 0];
        communes.population.forEach((p, i) => {
          if (departement[i] !== code) return;
          if (f.minutes[i] <= 15) w += p;
          u += f.unserved[i];
          if (!(f.apl[i] >= 2.5)) s += p;
        });
        expect([within, unserved, under], name!).toEqual([w, u, s]);
      }
      const fills = await page.$$eval('#map svg path[data-i]', (paths) => paths.map((p) => [Number(p.getAttribute('data-i')), p.getAttribute('fill')] as const));
      for (const [i, fill] of fills) expect(fill).toBe(TRAVEL_BANDS[TRAVEL_BANDS.findIndex((b) => f.minutes[i] <= b.max)].colour);
      const ranked = await page.$$eval('#ranking-body tr[data-rank-key]', (rows) => rows.map((tr) => tr.getAttribute('data-rank-key')));
      expect(ranked).toEqual([...f.ranking.filter((r) => !r.partial).slice(0, 12), ...f.ranking.filter((r) => r.partial)].map((r) => r.key));
      expect(await page.locator('#ranking-body tr.partial').count()).toBe(f.ranking.filter((r) => r.partial).length);

      // A centre opened by clicking a commune (Rodez, with 6 GPs), then two suggested by the page.
      await page.fill('#new-gps', '6');
      await page.locator('#map svg path[data-id="12202"]').dispatchEvent('click');
      now = await shown(page);
      expect(now.open).toContain('new-12202');
      expectFresh(now, [...without, atCommune('12202', 6)]);
      await page.fill('#new-gps', '4');
      await page.fill('#suggest-n', '2');
      const before = now.version;
      const openBefore = now.open;
      await page.click('#suggest');
      await page.waitForFunction((v) => (globalThis.careshedReport?.version ?? 0) > v, before, { timeout: 60_000 });
      now = await shown(page);
      const centres = await openCentres(page);
      expect(centres.filter((c) => c.id.startsWith('new-') && !proposalCentres().some((p) => p.id === c.id))).toHaveLength(3);
      // The two suggested are the library's choice on the same state, every commune without a centre a candidate.
      const data = JSON.parse(/<script type="application\/json" id="careshed-data">([\s\S]*?)<\/script>/.exec(readFileSync(join(folder, 'report.html'), 'utf8'))![1]) as ReportData;
      const rodez = communes.indexOf('12202');
      const sites: FrameSite[] = [...data.sites, { id: 'new-12202', name: 'Rodez', lon: data.study.lon[rodez], lat: data.study.lat[rodez], gps: 6, kind: 'added', inSupply: false, at: rodez }];
      const library = await proposeCentres({ ...pageModel(data).frame, sites }, openMask(sites, openBefore), { p: 2, gps: 4, weighting: 'need', kind: 'suggested' });
      expect(now.open.filter((id) => !openBefore.includes(id))).toEqual(library.sites.map((s) => s.id));
      expectFresh(now, centres.map((c) => (c.id === 'new-12202' ? { ...c, gps: 6 } : c)));
      expect(await page.locator('#status').textContent()).toMatch(/^Suggested .+: [\d,]+ more people with a GP place within 15 minutes\.$/);
      expect(errors).toEqual([]);
      expect(requests.every((r) => r === url)).toBe(true);
    } finally {
      await close();
    }
  }, 180_000);

  it('saves the scenario shown as a file careshed compare reads, with the same figures', async () => {
    const { context, close } = await openBrowser();
    const dir = mkdtempSync(join(tmpdir(), 'careshed-saved-'));
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(folder, 'report.html')).href);
      await shown(page);
      const save = async (name: string) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
        const path = join(dir, name);
        await download.saveAs(path);
        return path;
      };
      const baseline = await save('today.json');
      await page.click('[data-state="proposal"]');
      const proposal = await shown(page);
      const scenario = await save('proposal.json');
      expect(JSON.parse(readFileSync(scenario, 'utf8'))).toMatchObject({ demand: 'occitanie:communes', supply: 'occitanie:gp-communes', targetMinutes: 15, travel: 'crow', patientsPerUnit: 1000 });
      const run = spawnSync(process.execPath, ['dist/cli.js', 'compare', baseline, scenario, '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout);
      expect(out.summary.assignedBefore).toBe(communes.totalPopulation - demo.today.withoutPlace);
      expect(out.summary.assignedAfter).toBe(communes.totalPopulation - proposal.withoutPlace);
      // Under-served: the communes compare finds under 2.5 (or with no GP in reach), weighted by their people.
      const under = (key: 'accessBefore' | 'accessAfter') => (out.demand as { id: string; accessBefore: number | null; accessAfter: number | null }[]).reduce((t, d) => t + (d[key] !== null && d[key]! >= 2.5 ? 0 : communes.population[communes.indexOf(d.id)]), 0);
      expect(under('accessBefore')).toBe(demo.today.underServed);
      expect(under('accessAfter')).toBe(proposal.underServed);
    } finally {
      await close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('reads on a phone and on a laptop: no sideways scroll at 390 px, a map as wide as the screen; screenshots saved', async () => {
    const { context, close } = await openBrowser();
    try {
      for (const width of [390, 1280]) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.goto(pathToFileURL(join(folder, 'report.html')).href);
        await shown(page);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect(scrollWidth, `${width} px`).toBeLessThanOrEqual(innerWidth);
        const map = await page.locator('#map svg').boundingBox();
        if (width === 390) expect(map!.width).toBeGreaterThanOrEqual(0.9 * 390);
        else expect(map!.width).toBeGreaterThan(700);
        // The legend's text is as large as the page's, whatever the map's scale.
        const legendFont = await page.$eval('#legend td', (td) => parseFloat(getComputedStyle(td).fontSize));
        expect(legendFont).toBeGreaterThanOrEqual(12);
        await page.screenshot({ path: join(SHOTS, `report-${width}.png`), fullPage: true });
        await page.screenshot({ path: join(SHOTS, `report-${width}-top.png`) });
        await page.close();
      }
    } finally {
      await close();
    }
  }, 120_000);

  it('prints: one A4 page per section, the map in, every centre listed, nothing clipped; PDF saved', async () => {
    const { context, close } = await openBrowser();
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(folder, 'report.html')).href);
      await shown(page);
      await page.click('[data-state="proposal"]');
      await shown(page);
      await page.emulateMedia({ media: 'print' });
      const layout = await page.evaluate(() => {
        const list = document.querySelector('#sites')!;
        const rows = Array.from(list.querySelectorAll('.site'));
        const box = list.getBoundingClientRect();
        return {
          listClipped: list.scrollHeight > list.clientHeight + 1,
          rows: rows.length,
          rowsShown: rows.filter((r) => {
            const b = r.getBoundingClientRect();
            return b.height > 0 && b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
          }).length,
          sections: Array.from(document.querySelectorAll('main > section'), (s) => ({ id: s.id, clipped: s.scrollWidth > s.clientWidth + 1 || s.scrollHeight > s.clientHeight + 1 })),
          mapHeight: document.querySelector('#map svg')!.getBoundingClientRect().height,
          hidden: ['.toggle', '#planning', 'nav'].map((sel) => getComputedStyle(document.querySelector(sel)!).display),
        };
      });
      expect(layout.listClipped).toBe(false);
      expect(layout.rows).toBe(28);
      expect(layout.rowsShown).toBe(28);
      for (const s of layout.sections) expect(s.clipped, s.id).toBe(false);
      expect(layout.mapHeight).toBeGreaterThan(200);
      expect(layout.hidden).toEqual(['none', 'none', 'none']);
      const pdf = await page.pdf({ format: 'A4', path: join(SHOTS, 'report.pdf') });
      // Pages: one per section (Chromium writes each page object with /Type /Page).
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)!.length;
      expect(pages).toBe(layout.sections.length);
      await page.screenshot({ path: join(SHOTS, 'report-print.png'), fullPage: true });
    } finally {
      await close();
    }
  }, 120_000);

  it('keyboard and screen reader: every switch by Tab and Enter or Space, tables with headers, no serious axe-core violation', async () => {
    const { context, close } = await openBrowser();
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(folder, 'report.html')).href);
      await shown(page);
      await page.addScriptTag({ path: join('node_modules', 'axe-core', 'axe.min.js') });
      const audit = async () =>
        page.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
        });
      expect(await audit()).toEqual([]);

      // Tab reaches the state buttons; Enter and Space press them.
      const tabTo = async (selector: string) => {
        for (let k = 0; k < 60; k++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
        }
        throw new Error(`Tab never reached ${selector}`);
      };
      await tabTo('[data-state="proposal"]');
      await page.keyboard.press('Enter');
      expect((await shown(page)).state).toBe('proposal');
      await tabTo('[data-state="alternative"]');
      await page.keyboard.press('Space');
      expect((await shown(page)).state).toBe('alternative');
      await tabTo('[data-layer="apl"]');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => globalThis.careshedReport!.layer)).toBe('apl');
      // A centre's switch: Space toggles it.
      await tabTo('input[data-site]');
      const site = await page.evaluate(() => (document.activeElement as HTMLInputElement).dataset.site);
      await page.keyboard.press('Space');
      expect((await shown(page)).state).toBeNull();
      expect(await page.locator(`input[data-site="${site}"]`).isChecked()).toBe(false);
      // A centre opened by naming the commune and pressing Enter.
      await page.focus('#new-place');
      await page.keyboard.type('Rodez (12202)');
      await page.keyboard.press('Enter');
      expect((await shown(page)).open).toContain('new-12202');
      // Still clean after the changes (new rows, new marks).
      expect(await audit()).toEqual([]);

      // Tables: a caption, column headers with scope, row headers where a row has a name.
      const tables = await page.$$eval('main table', (all) => all.map((t) => ({ caption: Boolean(t.querySelector('caption')?.textContent?.trim()), scoped: Array.from(t.querySelectorAll('thead th')).every((th) => th.getAttribute('scope') === 'col') })));
      expect(tables.length).toBeGreaterThanOrEqual(5);
      for (const t of tables) expect(t).toEqual({ caption: true, scoped: true });
      // The map's text alternative: the legend table gives the people in each class, adding up to the population.
      const people = await page.$$eval('#legend [data-class-people]', (cells) => cells.reduce((t, c) => t + Number(c.getAttribute('data-raw')), 0));
      expect(people).toBe(communes.totalPopulation);
      expect(await page.getAttribute('#map svg', 'role')).toBe('img');
    } finally {
      await close();
    }
  }, 120_000);
});

describe('the report on a travel table (a matrix file)', () => {
  it('switches sites off exactly with the embedded table of every pair, and says planning needs straight lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careshed-matrix-'));
    try {
      const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];
      const demand = join(dir, 'cells.geojson');
      writeFileSync(demand, JSON.stringify({ type: 'FeatureCollection', features: [0, 1, 2].map((k) => ({ type: 'Feature', properties: { id: `cell-${k}`, population: 100 * (k + 1) }, geometry: { type: 'Polygon', coordinates: square(1.4 + 0.1 * k, 43.6) } })) }));
      writeFileSync(join(dir, 'sites.csv'), 'id,lon,lat\ns,1.45,43.65\nt,1.65,43.65\n');
      writeFileSync(join(dir, 'matrix.csv'), 'from,to,minutes\ncell-0,s,4\ncell-0,t,41\ncell-1,s,12\ncell-1,t,9\ncell-2,s,55\ncell-2,t,14\n');
      const out = join(dir, 'matrix.html');
      const run = spawnSync(process.execPath, ['dist/cli.js', 'report', '--demand', demand, '--supply', join(dir, 'sites.csv'), '--travel', `matrix:${join(dir, 'matrix.csv')}`, '--out', out, '--quiet'], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const { context, close } = await openBrowser();
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(pathToFileURL(out).href);
        let now = await shown(page);
        // Both open: every cell within 15 minutes of a site (4, 9, 14 minutes).
        expect(now.withinCentre).toBe(600);
        await page.click('input[data-site="1"]');
        now = await shown(page);
        // t off: cell-1 at 12 minutes from s, cell-2 at 55.
        expect(now.withinCentre).toBe(300);
        expect(await page.locator('#suggest').count()).toBe(0);
        expect(await page.locator('#planning').textContent()).toMatch(/needs travel minutes to every demand point/);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the report from a CSV of points (no areas)', () => {
  it('draws proportional symbols and recomputes in the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careshed-points-'));
    try {
      const out = join(dir, 'points.html');
      const run = spawnSync(process.execPath, ['dist/cli.js', 'report', '--demand', 'fixtures/occitanie/communes.csv', '--supply', 'fixtures/occitanie/centres.csv', '--travel', 'crow:45:1.5', '--out', out], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/one disc per demand point/);
      const html = readFileSync(out, 'utf8');
      expect(html.match(/<circle [^>]*data-i="/g)).toHaveLength(communes.size);
      const { context, close } = await openBrowser();
      try {
        const page = await context.newPage();
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(pathToFileURL(out).href);
        let now = await shown(page);
        const sites = Array.from(o.centres.ids, (id, j) => ({ id, lon: o.centres.lon[j], lat: o.centres.lat[j], gps: 1 }));
        expect(now.withinCentre).toBe(bruteWithinCentre(sites));
        await page.click('input[data-site="0"]');
        now = await shown(page);
        expect(now.withinCentre).toBe(bruteWithinCentre(sites.slice(1)));
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await page.locator('#map').screenshot({ path: join(SHOTS, 'report-points-390.png') });
      } finally {
        await close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
