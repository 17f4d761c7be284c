import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { CareshedError } from '../model/errors.js';
import { createSites, requireCoordinates, type Demand, type Sites } from '../model/points.js';
import { describeTravel, type TravelProvider } from '../travel/provider.js';
import { territoryNames } from '../rank/rank.js';
import { CrowFly, CROW_FLY_ERRORS } from '../travel/crow-fly.js';
import type { ReachTable } from '../travel/reach-table.js';
import type { SiteResult } from '../siting/site.js';
import { DEFAULT_ACTIVITY_PER_GP, APL_UNDER_SERVED, standardisedPopulationOf, STANDARDISED_POPULATION_FIELD } from '../access/apl.js';
import { DEFAULT_PATIENTS_PER_GP } from '../access/capacity-coverage.js';
import { choroplethSvg, type MapSite } from '../report/map.js';
import { reportHtml, type ReportSource } from '../report/html.js';
import type { FrameSite, StateFigures } from '../report/frame.js';
import { classesOf, pageModel, presetFigures, type PageModel, type ReportData, type ReportSite } from '../report/model.js';
import { GP_TERMS, siteNote, SITE_TERMS, type Terms } from '../report/words.js';
import type { MarkKind } from '../report/marks.js';
import { VERSION } from '../model/version.js';
import { checkArgument, checkOptions, isRecord } from '../model/arguments.js';
import { checkDemand } from '../travel/arguments.js';
import { int } from '../model/figures.js';

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
 * With straight lines the page computes its tables itself and embeds none.
 */
export const REPORT_COMPLETE_TABLE_PAIRS = 500_000;

/**
 * The cutoff of a report's table: `maxMinutes` with straight-line travel, else Infinity (every pair), when
 * that stays within `REPORT_COMPLETE_TABLE_PAIRS`; beyond, an INVALID_OPTION error that says what to do.
 * Switching sites off in the page must give a fresh computation's numbers: straight lines can find the
 * nearest open site beyond the cutoff in the page; any other travel model needs every pair embedded.
 */
export function reportCutoff(travel: TravelProvider, demandCount: number, siteCount: number, maxMinutes = 30): number {
  checkArgument('reportCutoff', 'travel', travel, isRecord(travel) && typeof travel.reach === 'function', 'a travel provider');
  checkArgument('reportCutoff', 'demandCount', demandCount, Number.isInteger(demandCount) && demandCount >= 0, 'a whole number');
  checkArgument('reportCutoff', 'siteCount', siteCount, Number.isInteger(siteCount) && siteCount >= 0, 'a whole number');
  checkArgument('reportCutoff', 'maxMinutes', maxMinutes, typeof maxMinutes === 'number' && maxMinutes >= 0, 'a number of minutes');
  if (travel instanceof CrowFly) return maxMinutes;
  if (demandCount * siteCount > REPORT_COMPLETE_TABLE_PAIRS) {
    throw new CareshedError(
      'INVALID_OPTION',
      `with ${travel.name} travel the report embeds every pair so that switching sites off stays exact: ${demandCount} demand points × ${siteCount} sites is ${demandCount * siteCount} pairs, over the limit of ${int(REPORT_COMPLETE_TABLE_PAIRS)}; make the report with straight-line travel (crow), or with fewer sites`,
      { field: 'travel', value: travel.name },
    );
  }
  return Infinity;
}

/** Boundaries for the map: the given ones, else the demand's own areas (GeoJSON demand), else none (the map draws proportional symbols). */
export function demandBoundaries(demand: Demand, boundaries?: FeatureCollection<Polygon | MultiPolygon>): FeatureCollection<Polygon | MultiPolygon> | undefined {
  checkDemand('demandBoundaries', demand);
  checkArgument('demandBoundaries', 'boundaries', boundaries, boundaries === undefined || (isRecord(boundaries) && Array.isArray(boundaries.features)), 'a GeoJSON FeatureCollection of polygons');
  if (boundaries) return boundaries;
  if (demand.areas && demand.areas.every((a) => a)) {
    return { type: 'FeatureCollection', features: demand.ids.map((id, i) => ({ type: 'Feature', properties: { id }, geometry: demand.areas![i]! })) };
  }
  return undefined;
}

/** A set of centres the report can show as a state: the sites and the siting that chose them. */
export interface CentreSet {
  sites: Sites;
  /** The siting's answer (its order and the words of the Method section). */
  siting?: SiteResult;
  /** In sentences ("The 10 proposed centres"). */
  label: string;
  /** On the button ("Proposal: 10 centres where GP places are short"). */
  button: string;
}

export interface ReportOptions {
  title: string;
  /** One or two sentences under the title. */
  lead?: string;
  /** The study's demand points. */
  demand: Demand;
  /** Areas for the map (property id = demand id); without them the map draws proportional symbols. */
  boundaries?: FeatureCollection<Polygon | MultiPolygon>;
  /** Supply that is always there and not a centre (the GPs of each commune, capacity = GPs): counted for places and APL. */
  gps?: Sites;
  /** Centres open today (capacity = GPs); switchable. */
  existing?: Sites;
  /** The proposal: centres a siting chose where places are short. */
  proposal?: CentreSet;
  /** The population-only alternative, shown beside the proposal. */
  alternative?: CentreSet;
  /** Whether `existing` sites are the scenario's supply file (true when there are no `gps`). */
  travel: TravelProvider;
  /**
   * The table of the demand to every site (gps, existing, proposal, alternative, in that order) with every
   * pair (maxMinutes Infinity): travel other than straight lines (built here when absent; see
   * `reportCutoff`). With straight lines the page computes its own tables.
   */
  reach?: ReachTable;
  targetMinutes: number;
  patientsPerGp?: number;
  activityPerGp?: number;
  aplThreshold?: number;
  /**
   * People and sites around the study area (neighbour communes and their GPs): they share the sites' places
   * and APL supply; figures stay the study's. The APL weighs people by the `standardised_population`
   * attribute when the demand (and the surroundings) have one.
   */
  surroundings?: { demand: Demand; sites: Sites };
  /** GPs a centre opened in the page gets (default 4). */
  gpsPerCentre?: number;
  /** Territories of the ranking: a demand attribute, what to call one, their names. */
  rankBy?: { attribute: string; label: string; names?: ReadonlyMap<string, string> };
  /** Territories of the table that follows the switches. */
  groupBy?: { attribute: string; label: string; names?: ReadonlyMap<string, string> };
  siteNames?: ReadonlyMap<string, string>;
  terms?: Terms;
  /** What a saved scenario names as its demand and supply. */
  scenario?: ReportData['scenario'];
  /** A rolling plan, as a table. */
  plan?: { title: string; words: string; head: string[]; rows: string[][] };
  /** How the proposal and alternative were chosen (model words welcome: the Method section). */
  sitingMethod?: string[];
  /** What the figures take as true, in plain words. */
  cautions?: string[];
  /** More paragraphs for the Method section. */
  method?: string[];
  attribution: string;
  sources: ReportSource[];
}

export interface Report {
  html: string;
  /** The page's model and the figures of each state (today first), as the page opens with them. */
  model: PageModel;
  states: { key: string; figures: StateFigures }[];
  /** SVG maps for files: time to a centre, APL and places, in the last state (the proposal when there is one). */
  maps: { name: string; svg: string }[];
  mapStyle: 'areas' | 'symbols';
  unmatchedFeatures: string[];
  unmatchedDemand: string[];
}

const DEFAULT_GPS_PER_CENTRE = 4;

/** Each point's group (index into the sorted keys), the keys and their names (given, else the demand's `<attribute>_name`). */
function groupsOf(demand: Demand, attribute: string, names?: ReadonlyMap<string, string>) {
  const column = demand.attribute(attribute);
  const keys = [...new Set(column)].sort();
  const index = new Map(keys.map((k, g) => [k, g]));
  const known = names ?? territoryNames(demand, attribute);
  return { keys, names: keys.map((k) => known?.get(k) ?? k), of: column.map((k) => index.get(k)!) };
}

/** The whole population of each territory, from the demand's `<attribute>_population` column, when it has one. */
function territoryPopulation(demand: Demand, attribute: string, keys: readonly string[]): number[] | undefined {
  const column = demand.attributes[`${attribute}_population`];
  if (!column) return undefined;
  const byKey = new Map<string, number>();
  demand.attribute(attribute).forEach((key, i) => {
    if (!byKey.has(key) && column[i] !== '') byKey.set(key, Number(column[i]));
  });
  const out = keys.map((k) => byKey.get(k) ?? NaN);
  return out.every((x) => x >= 0) ? out : undefined;
}

/**
 * The HTML report: today first, the proposal and the alternative a switch away, every figure computed on
 * one frame (the GPs and the centres open in the state shown) by the page itself with careshed; plus SVG maps
 * for files.
 *
 * @example
 * const { html } = await buildReport({ title: 'Occitanie', demand: communes, boundaries, gps: gpCommunes, existing: centres, travel: crowFly(), targetMinutes: 15, attribution: '…', sources: [] });
 */
export async function buildReport(options: ReportOptions): Promise<Report> {
  checkArgument('buildReport', 'options', options, isRecord(options), 'an object {demand, gps, travel, ...} (see ReportOptions)');
  checkOptions('buildReport', options, ['title', 'lead', 'demand', 'boundaries', 'gps', 'existing', 'proposal', 'alternative', 'travel', 'reach', 'targetMinutes', 'patientsPerGp', 'activityPerGp', 'aplThreshold', 'surroundings', 'gpsPerCentre', 'rankBy', 'groupBy', 'siteNames', 'terms', 'scenario', 'plan', 'sitingMethod', 'cautions', 'method', 'attribution', 'sources']);
  checkDemand('buildReport', options.demand, 'options.demand');
  const { demand, targetMinutes } = options;
  // Points read without lon and lat (for a matrix) cannot be drawn: refused by name, not drawn at NaN.
  for (const set of [demand, options.gps, options.existing, options.proposal?.sites, options.alternative?.sites, options.surroundings?.demand, options.surroundings?.sites]) {
    if (set) requireCoordinates(set, 'the report, whose maps place every demand point and site,', 'a map needs coordinates or boundaries: give lon and lat (or, for demand points, GeoJSON polygons)');
  }
  const terms = options.terms ?? (options.gps ? GP_TERMS : SITE_TERMS);
  const gpsPerCentre = options.gpsPerCentre ?? DEFAULT_GPS_PER_CENTRE;
  const name = (id: string) => options.siteNames?.get(id) ?? id;
  const sites: ReportSite[] = [];
  const push = (set: Sites | undefined, kind: FrameSite['kind'], inSupply: boolean, siting?: SiteResult) => {
    if (!set) return;
    const order = new Map(siting?.selected.map((s) => [s.id, s.order]) ?? []);
    const notes = new Map(siting?.selected.map((s) => [s.id, siteNote(siting, s, terms, targetMinutes)]) ?? []);
    for (let j = 0; j < set.size; j++) {
      const id = set.ids[j];
      const at = demand.indexOf(id.startsWith('new-') ? id.slice(4) : id);
      sites.push({ id, name: name(id), lon: set.lon[j], lat: set.lat[j], gps: set.capacity[j], kind, inSupply, ...(at >= 0 && kind !== 'gp' ? { at } : {}), ...(order.has(id) ? { order: order.get(id) } : {}), ...(notes.get(id) ? { note: notes.get(id) } : {}) });
    }
  };
  push(options.gps, 'gp', true);
  push(options.existing, 'existing', !options.gps);
  push(options.proposal?.sites, 'proposed', false, options.proposal?.siting);
  push(options.alternative?.sites, 'alternative', false, options.alternative?.siting);
  const seen = new Set<string>();
  for (const s of sites) {
    if (seen.has(s.id)) throw new CareshedError('DUPLICATE_ID', 'a site id appears twice among the GPs, centres, proposal and alternative', { id: s.id, field: 'id' });
    seen.add(s.id);
  }
  const idsOf = (set?: Sites) => (set ? [...set.ids] : []);
  const existingIds = idsOf(options.existing);
  const states: ReportData['states'] = [{ key: 'today', label: 'Today', button: 'Today', open: existingIds }];
  if (options.proposal) states.push({ key: 'proposal', label: options.proposal.label, button: options.proposal.button, open: [...existingIds, ...idsOf(options.proposal.sites)] });
  if (options.alternative) states.push({ key: 'alternative', label: options.alternative.label, button: options.alternative.button, open: [...existingIds, ...idsOf(options.alternative.sites)] });

  const crow = options.travel instanceof CrowFly ? options.travel : null;
  let travel: ReportData['travel'];
  if (crow) {
    const preset = crow.preset ?? 'regional';
    const e = CROW_FLY_ERRORS[preset];
    const [low, high] = [e.toulouse.medianRelative, e.andorra.medianRelative].sort((a, b) => a - b);
    travel = { kind: 'crow', speedKmh: crow.speedKmh, detour: crow.detour, error: { low, high } };
  } else {
    const all = createSites(sites.map((s) => ({ id: s.id, lon: s.lon, lat: s.lat, capacity: s.gps })), { source: 'report sites' });
    const maxMinutes = reportCutoff(options.travel, demand.size, all.size, Math.max(30, targetMinutes));
    if (options.reach && (options.reach.siteCount !== all.size || options.reach.demandCount !== demand.size || options.reach.maxMinutes < maxMinutes)) {
      throw new CareshedError('INVALID_REACH_TABLE', `the report needs a table of ${demand.size} demand points × ${all.size} sites (GPs, existing, proposal, alternative) with every pair (maxMinutes Infinity); got ${options.reach.demandCount} × ${options.reach.siteCount} to ${options.reach.maxMinutes}`);
    }
    const reach = options.reach ?? (await options.travel.reach(demand, all, { maxMinutes }));
    travel = { kind: 'table', reach: Buffer.from(reach.toBuffer()).toString('base64') };
  }

  const boundaries = options.boundaries;
  // The map first (its projection places the marks of centres opened in the page), coloured afterwards.
  const mapOf = (classOf: ArrayLike<number>, classes: { label: string; colour: string }[], open: Uint8Array | null, panel: boolean, title: string, subtitle: string | undefined, legendTitle: string) =>
    choroplethSvg({
      boundaries,
      points: boundaries ? undefined : demand,
      ids: demand.ids,
      classOf,
      classes,
      sites: sites.flatMap((s, j): MapSite[] => (s.kind !== 'gp' && (open === null || open[j]) ? [{ id: s.id, lon: s.lon, lat: s.lat, kind: s.kind as MarkKind, label: s.order === undefined ? undefined : String(s.order) }] : [])),
      title,
      subtitle,
      legendTitle,
      attribution: options.attribution,
      panel,
    });
  const probe = mapOf(new Uint8Array(demand.size), [{ label: '', colour: '#ffffff' }], null, false, options.title, undefined, 'map');
  const xy: number[] = [];
  for (let i = 0; i < demand.size; i++) {
    const [x, y] = probe.project(demand.lon[i], demand.lat[i]);
    xy.push(Math.round(x * 10) / 10, Math.round(y * 10) / 10);
  }
  const standardised = standardisedPopulationOf(demand);
  const around = options.surroundings;
  if (around && !crow) throw new CareshedError('INVALID_OPTION', 'surroundings in the report need straight-line travel (the page builds their tables)', { field: 'surroundings' });
  const rankGroups = options.rankBy ? groupsOf(demand, options.rankBy.attribute, options.rankBy.names) : undefined;
  const populations = options.rankBy && rankGroups ? territoryPopulation(demand, options.rankBy.attribute, rankGroups.keys) : undefined;
  const rank = options.rankBy ? { by: options.rankBy.attribute, label: options.rankBy.label, ...rankGroups!, ...(populations ? { populations } : {}) } : undefined;
  const data: ReportData = {
    version: VERSION,
    terms,
    targetMinutes,
    patientsPerGp: options.patientsPerGp ?? DEFAULT_PATIENTS_PER_GP,
    activityPerGp: options.activityPerGp ?? DEFAULT_ACTIVITY_PER_GP,
    aplThreshold: options.aplThreshold ?? APL_UNDER_SERVED,
    gpsPerCentre,
    study: {
      ids: [...demand.ids],
      ...(demand.attributes.name ? { names: [...demand.attributes.name] } : {}),
      lon: Array.from(demand.lon),
      lat: Array.from(demand.lat),
      population: Array.from(demand.population),
      ...(standardised ? { standardised: Array.from(standardised) } : {}),
      xy,
    },
    ...(around
      ? {
          surroundings: {
            ids: [...around.demand.ids],
            lon: Array.from(around.demand.lon),
            lat: Array.from(around.demand.lat),
            population: Array.from(around.demand.population),
            ...(standardised ? { standardised: Array.from(standardisedPopulationOf(around.demand, STANDARDISED_POPULATION_FIELD)!) } : {}),
            sites: { ids: [...around.sites.ids], lon: Array.from(around.sites.lon), lat: Array.from(around.sites.lat), gps: Array.from(around.sites.capacity) },
          },
        }
      : {}),
    sites,
    states,
    travel,
    travelWords: describeTravel(options.travel).words,
    ...(rank ? { rank } : {}),
    ...(options.groupBy ? { groups: { label: options.groupBy.label, ...groupsOf(demand, options.groupBy.attribute, options.groupBy.names) } } : {}),
    ...(options.scenario ? { scenario: options.scenario } : {}),
    mapStyle: boundaries ? 'areas' : 'symbols',
  };
  // The page parses this JSON: build the model from the same text, so that Node writes what the page computes.
  const model = pageModel(JSON.parse(JSON.stringify(data)) as ReportData);
  const figures = presetFigures(model);
  const first = model.layers[0];
  const pageMap = mapOf(classesOf(model, first, figures[0]), first.classes, model.presets[0], false, `${first.title}, today`, undefined, first.title);

  const last = figures.length - 1 >= 1 && states[1].key === 'proposal' ? 1 : 0;
  const stateWords = last === 0 ? 'today' : `with ${states[last].label.replace(/^The /, 'the ')}`;
  const maps = (['centre', 'apl', 'places'] as const).map((key) => {
    const layer = model.layers.find((l) => l.key === key)!;
    const svg = mapOf(classesOf(model, layer, figures[last]), layer.classes, model.presets[last], true, layer.title, `${stateWords}; ${describeTravel(options.travel).spec}`, 'Share of population').svg;
    return { name: key === 'centre' ? 'coverage' : key === 'apl' ? 'access' : 'places', svg };
  });
  const html = reportHtml({
    title: options.title,
    lead: options.lead ?? `Who lives within ${targetMinutes} minutes of a ${terms.centre} and who has a ${terms.place} within ${targetMinutes} minutes, today${options.proposal ? ' and with the proposal' : ''}; where the need is greatest.`,
    data,
    model,
    presets: figures,
    map: pageMap.svg,
    sitingMethod: options.sitingMethod,
    plan: options.plan,
    cautions: options.cautions ?? defaultCautions(terms, data),
    method: [...methodWords(data, options), ...(options.method ?? [])],
    sources: options.sources,
    script: reportScript(),
  });
  return {
    html,
    model,
    states: states.map((s, k) => ({ key: s.key, figures: figures[k] })),
    maps,
    mapStyle: data.mapStyle,
    unmatchedFeatures: pageMap.unmatchedFeatures,
    unmatchedDemand: pageMap.unmatchedDemand,
  };
}



function defaultCautions(terms: Terms, data: ReportData): string[] {
  return [
    `Each ${terms.gp === 'GP' ? 'GP' : 'unit of capacity'} is assumed to take ${int(data.patientsPerGp)} patients, and a ${terms.centre} opened here ${data.gpsPerCentre} ${terms.gp === 'GP' ? 'GPs' : 'units'}.`,
    `A ${terms.area} stands at one point inside it: its people are all that many minutes away, though some live nearer and some farther.`,
  ];
}

/** The Method section: where every method word lives. */
function methodWords(data: ReportData, options: ReportOptions): string[] {
  const t = data.targetMinutes;
  const spec = describeTravel(options.travel).spec;
  return [
    `Travel: ${data.travelWords} (careshed travel model "${spec}").`,
    `Within ${t} minutes of a ${data.terms.centre}: the minutes from each ${data.terms.area}'s point to the nearest open ${data.terms.centre}, inclusive (coverage).`,
    `Without a ${data.terms.place}: capacity-aware coverage, the largest number of people who can each be given a place within ${t} minutes when every site takes at most its GPs × ${int(data.patientsPerGp)} patients (a maximum flow); those left are the need. The total is exact; how it splits between ${data.terms.areas} is one assignment among the best.${data.surroundings ? ` The ${int(data.surroundings.ids.length)} communes around the region (${int(data.surroundings.population.reduce((a, b) => a + b, 0))} people, with the GPs of ${int(data.surroundings.sites.ids.length)} of them) take part: their people are given places first, so the region's figure is the most it can lack.` : ''}`,
    `Under-served: the APL (accessibilité potentielle localisée) as DREES computes it, an enhanced two-step floating catchment (E2SFCA) with weights 1, 2/3 and 1/3 for under 10, 10–15 and 15–20 minutes; supply ${int(data.activityPerGp)} consultations a year per GP${data.study.standardised ? ', demand in age-standardised inhabitants' : ''}${data.surroundings ? ', the communes and GPs around the region counted as DREES counts them nationally' : ''}. DREES calls a commune under-served ("sous-dense") under ${data.aplThreshold}.`,
    `The ranking: each territory's score is the mean of four shares (people without a place within ${t} minutes, people in under-served ${data.terms.areas}, people beyond ${t} minutes of any site, mean minutes to the nearest over ${2 * t}), times 100.`,
    `The page recomputes every figure with careshed ${data.version} (the same code as in Node) after each switch${data.travel.kind === 'crow' ? ', building its travel tables afresh from straight lines' : ', restricting the embedded travel table to the open sites'}.`,
  ];
}
