import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { CareshedError } from '../model/errors.js';
import { createSites, siteRecords, type Demand, type Sites } from '../model/points.js';
import type { TravelProvider } from '../travel/provider.js';
import { CrowFly } from '../travel/crow-fly.js';
import { coverage, type CoverageSummary } from '../coverage/coverage.js';
import type { ReachTable } from '../travel/reach-table.js';
import type { Evaluation } from '../scenario/evaluate.js';
import type { PlanYear, SiteResult } from '../siting/site.js';
import { breakClasses, choroplethSvg, travelBandClasses, TRAVEL_BANDS, type MapSite } from '../report/map.js';
import { reportHtml } from '../report/html.js';
import { APL_DECAY } from '../access/apl.js';

import { VERSION } from '../model/version.js';

/** The report's script (library + page), built by tsup next to this module, or in dist/ when run from src/. */
export function reportScript(): string {
  for (const candidate of ['./careshed-report.global.js', '../../dist/careshed-report.global.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new CareshedError('IO_ERROR', 'the report script careshed-report.global.js is missing: run npm run build');
}

/**
 * The most pairs (demand points × switchable sites) of the complete table a report embeds when travel is not
 * straight lines: the page cannot ask a road network, a matrix file or a server for the nearest open site
 * beyond a cutoff, so it carries every pair; 500,000 pairs are about 4 MB in the table and 6 MB in the page.
 * With straight lines the page computes that nearest site itself and the table stops at 30 minutes.
 */
export const REPORT_COMPLETE_TABLE_PAIRS = 500_000;

/**
 * The cutoff of a report's table: `maxMinutes` with straight-line travel, else Infinity (every pair), when
 * that stays within `REPORT_COMPLETE_TABLE_PAIRS`; beyond, an INVALID_OPTION error that says what to do.
 * Switching sites off in the page must give a fresh computation's numbers: straight lines can find the
 * nearest open site beyond the cutoff in the page; any other travel model needs every pair embedded.
 */
export function reportCutoff(travel: TravelProvider, demandCount: number, siteCount: number, maxMinutes = 30): number {
  if (travel instanceof CrowFly) return maxMinutes;
  if (demandCount * siteCount > REPORT_COMPLETE_TABLE_PAIRS) {
    throw new CareshedError(
      'INVALID_OPTION',
      `with ${travel.name} travel the report embeds every pair so that switching sites off stays exact: ${demandCount} demand points × ${siteCount} sites is ${demandCount * siteCount} pairs, over the limit of ${REPORT_COMPLETE_TABLE_PAIRS.toLocaleString('en-GB')}; make the report with straight-line travel (crow), or with fewer sites`,
      { field: 'travel', value: travel.name },
    );
  }
  return Infinity;
}

/** Boundaries for the map: the demand's own areas (GeoJSON demand), else the given ones. */
export function demandBoundaries(demand: Demand, boundaries?: FeatureCollection<Polygon | MultiPolygon>): FeatureCollection<Polygon | MultiPolygon> {
  if (boundaries) return boundaries;
  if (demand.areas && demand.areas.every((a) => a)) {
    return { type: 'FeatureCollection', features: demand.ids.map((id, i) => ({ type: 'Feature', properties: { id }, geometry: demand.areas![i]! })) };
  }
  throw new CareshedError('INVALID_OPTION', 'a map needs areas: give demand as GeoJSON polygons, or boundaries (--boundaries FILE, property id = demand id)', { field: 'boundaries' });
}

export interface ReportOptions {
  title: string;
  subtitle?: string;
  demand: Demand;
  boundaries: FeatureCollection<Polygon | MultiPolygon>;
  /** Existing sites (none when every site is proposed). */
  existing?: Sites;
  /** Proposed sites (a siting's answer), switchable in the page like the existing ones. */
  proposed?: Sites;
  travel: TravelProvider;
  targetMinutes: number;
  /**
   * Reach cutoff of the page's table with straight-line travel (default 30: every band of the map is known).
   * With any other travel the page's table holds every pair (see `REPORT_COMPLETE_TABLE_PAIRS`).
   */
  maxMinutes?: number;
  /**
   * The table of the existing then the proposed sites, when the caller has built it: with straight-line
   * travel, by that provider (cutoff at least 30); with any other, with maxMinutes Infinity.
   */
  reach?: ReachTable;
  evaluation?: Evaluation;
  siting?: SiteResult;
  /** A rolling plan to show (yearlyPlan), with the openings per year. */
  plan?: { perYear: number; years: PlanYear[] };
  siteNames?: ReadonlyMap<string, string>;
  /** A demand attribute whose territories get a table in the page that follows the switches. */
  groupBy?: { attribute: string; names?: ReadonlyMap<string, string> };
  /** Data credits for the maps' attribution line and the page's footer. */
  attribution: string;
  sources: string[];
}

export interface Report {
  html: string;
  /** Coverage with every site open, as the page first shows it. */
  coverage: CoverageSummary;
  /** SVG maps: coverage by travel-time band, and accessibility when an evaluation is given. */
  maps: { name: string; svg: string }[];
  unmatchedFeatures: string[];
  unmatchedDemand: string[];
}

/**
 * The HTML report and its maps: coverage bands with existing and proposed sites, accessibility classes, the
 * summary, ranking and siting, with switchable sites recomputed in the page.
 *
 * @example
 * const { html, maps } = await buildReport({ title: 'Occitanie', demand: communes, boundaries, existing: centres, travel: crowFly(), targetMinutes: 15, attribution: '…', sources: [] });
 */
export async function buildReport(options: ReportOptions): Promise<Report> {
  const { demand, existing, proposed, targetMinutes } = options;
  const sites = createSites([...(existing ? siteRecords(existing) : []), ...(proposed ? siteRecords(proposed) : [])], { source: 'report sites' });
  const existingCount = existing?.size ?? 0;
  const kinds = Array.from(sites.ids, (_, j) => (j < existingCount ? 'existing' : 'proposed') as 'existing' | 'proposed');
  const crow = options.travel instanceof CrowFly ? options.travel : undefined;
  const maxMinutes = reportCutoff(options.travel, demand.size, sites.size, Math.max(options.maxMinutes ?? 30, targetMinutes));
  if (options.reach && (options.reach.siteCount !== sites.size || options.reach.demandCount !== demand.size || options.reach.maxMinutes < maxMinutes)) {
    throw new CareshedError('INVALID_REACH_TABLE', `the report needs a table of ${demand.size} demand points × ${sites.size} sites (existing, then proposed) to at least ${maxMinutes} minutes; got ${options.reach.demandCount} × ${options.reach.siteCount} to ${options.reach.maxMinutes}`);
  }
  const reach = options.reach ?? (await options.travel.reach(demand, sites, { maxMinutes }));
  const cov = coverage(reach, demand, { targetMinutes });
  const classOf = travelBandClasses(cov.minutes);
  const classPopulation = new Float64Array(TRAVEL_BANDS.length);
  classOf.forEach((k, i) => (classPopulation[k] += demand.population[i]));
  // Proposed sites carry their order in the siting, when there is one.
  const order = new Map(options.siting?.selected.map((s) => [s.id, String(s.order)]) ?? []);
  const mapSites: MapSite[] = Array.from(sites.ids, (id, j) => ({ id, lon: sites.lon[j], lat: sites.lat[j], kind: kinds[j], label: kinds[j] === 'proposed' ? order.get(id) : undefined }));
  const coverageMap = choroplethSvg({
    boundaries: options.boundaries,
    ids: demand.ids,
    classOf,
    classes: TRAVEL_BANDS,
    classPopulation,
    sites: mapSites,
    title: `Travel time to the nearest site`,
    subtitle: `${options.travel.name}; ${existingCount} existing${proposed ? `, ${proposed.size} proposed` : ''} sites`,
    legendTitle: 'Minutes (share of population)',
    attribution: options.attribution,
  });
  const maps = [{ name: 'coverage', svg: coverageMap.svg }];
  if (options.evaluation) {
    const { value, summary } = options.evaluation.access;
    const apl = summary.method === 'e2sfca' && summary.decay === APL_DECAY.name;
    const { classOf: accessClass, classes } = breakClasses(value, apl ? [1.5, 2.5, 3.5, 4.5] : quantileBreaks(value, demand.population), (x) => x.toFixed(apl ? 1 : 3));
    const accessMap = choroplethSvg({
      boundaries: options.boundaries,
      ids: demand.ids,
      classOf: accessClass,
      classes,
      sites: mapSites.filter((s) => s.kind === 'proposed'),
      title: apl ? 'Accessibility to GPs (APL, consultations per inhabitant a year)' : `Accessibility (${summary.method})`,
      subtitle: apl ? 'DREES calls a commune under-served ("sous-dense") under 2.5' : undefined,
      legendTitle: apl ? 'APL' : 'accessibility',
      attribution: options.attribution,
    });
    maps.push({ name: 'access', svg: accessMap.svg });
  }
  const html = reportHtml({
    title: options.title,
    subtitle: options.subtitle,
    demand,
    sites,
    kinds,
    siteNames: options.siteNames,
    reach,
    crow: crow ? { speedKmh: crow.speedKmh, detour: crow.detour } : undefined,
    targetMinutes,
    coverage: cov.summary,
    coverageMap: coverageMap.svg,
    maps: maps.slice(1).map((m) => ({ caption: 'Accessibility by commune, with the proposed sites', svg: m.svg })),
    evaluation: options.evaluation,
    siting: options.siting,
    groupBy: options.groupBy,
    plan: options.plan ? { ...options.plan, population: demand.totalPopulation } : undefined,
    travel: options.travel.name,
    sources: options.sources,
    script: reportScript(),
    version: VERSION,
  });
  return { html, coverage: cov.summary, maps, unmatchedFeatures: coverageMap.unmatchedFeatures, unmatchedDemand: coverageMap.unmatchedDemand };
}

/** Population-weighted quintile breaks of the finite values. */
function quantileBreaks(values: Float64Array, weight: Float64Array): number[] {
  const order = Array.from(values.keys()).filter((i) => Number.isFinite(values[i])).sort((a, b) => values[a] - values[b]);
  const total = order.reduce((t, i) => t + weight[i], 0);
  const breaks: number[] = [];
  let acc = 0;
  let q = 1;
  for (const i of order) {
    acc += weight[i];
    while (q < 5 && acc >= (q * total) / 5) {
      breaks.push(values[i]);
      q++;
    }
  }
  while (breaks.length < 4) breaks.push(breaks.at(-1) ?? 0);
  return breaks;
}
