/**
 * The report page's model: what the page embeds (`ReportData`, plain JSON), the planning frame built from
 * it, and the HTML of every part that follows the state shown. Node builds the model from the same JSON the
 * page parses, and writes the page with these renderers; the page's script reruns them after each switch.
 * So the page opens with exactly the figures its script computes, and both are the library's.
 */
import { createDemand, createSites, type Demand } from '../model/points.js';
import { STANDARDISED_POPULATION_FIELD } from '../access/apl.js';
import { ReachTable } from '../travel/reach-table.js';
import { measureState, type FrameSite, type PlanningFrame, type StateFigures } from './frame.js';
import { mapLayers, type Layer, type LayerKey } from './layers.js';
import { NO_DATA } from './palette.js';
import { MARK_KINDS, type MarkKind } from './marks.js';
import type { TerritoryRank } from '../rank/rank.js';
import { cardSpecs, cardsHtml, changeWords, escapeHtml, groupFigures, int, pct, reasonWords, type CardSpec, type GroupFigures, type Terms } from './words.js';

/** A site as the page lists it: the frame's site, and what a siting said of it. */
export interface ReportSite extends FrameSite {
  /** Its order in the siting that chose it. */
  order?: number;
  /** What the siting said it adds, in words ("gives 4,000 people a GP place, 5 minutes away on average"). */
  note?: string;
}

/** A preset state: which centres are open (the GPs always are). */
export interface ReportState {
  key: string;
  /** The state's name in sentences ("The 10 proposed centres"). */
  label: string;
  /** The button's words. */
  button: string;
  open: string[];
}

/** What the report embeds in `<script type="application/json" id="careshed-data">`. */
export interface ReportData {
  version: string;
  terms: Terms;
  targetMinutes: number;
  patientsPerGp: number;
  activityPerGp: number;
  aplThreshold: number;
  /** GPs a centre opened in the page gets unless the planner says otherwise. */
  gpsPerCentre: number;
  study: {
    ids: string[];
    names?: string[];
    lon: number[];
    lat: number[];
    population: number[];
    standardised?: number[];
    /** Where each point falls on the map (SVG units), x then y, for the marks of centres opened in the page. */
    xy: number[];
  };
  /** The people and GPs around the study area: they share the sites (places and APL); figures stay the study's. */
  surroundings?: {
    ids: string[];
    lon: number[];
    lat: number[];
    population: number[];
    standardised?: number[];
    sites: { ids: string[]; lon: number[]; lat: number[]; gps: number[] };
  };
  sites: ReportSite[];
  /** Today first. */
  states: ReportState[];
  /**
   * Straight lines (the page computes every table itself, and can open centres anywhere), or a table of
   * the demand to every site (ReachTable.toBuffer(), base64) that switches restrict.
   */
  travel: { kind: 'crow'; speedKmh: number; detour: number; error?: { low: number; high: number } } | { kind: 'table'; reach: string };
  /** The travel model in words, with its known error. */
  travelWords: string;
  /** Territories of the ranking: their keys and names, and each study point's territory (index into them). */
  rank?: { by: string; label: string; keys: string[]; names: string[]; of: number[]; populations?: number[] };
  groups?: { label: string; keys: string[]; names: string[]; of: number[] };
  /** What the saved scenario names as its demand and supply (files or occitanie:...). */
  scenario?: { name: string; demand: string; supply: string; travel: string; by?: string };
  mapStyle: 'areas' | 'symbols';
}

export interface PageModel {
  data: ReportData;
  study: Demand;
  frame: PlanningFrame;
  layers: Layer[];
  cards: CardSpec[];
  /** Open mask of each preset state (same order as data.states). */
  presets: Uint8Array[];
}

function decode(base64: string): ArrayBuffer {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return bytes.buffer;
}

/** The open mask of a list of open centres: GPs always open. */
export function openMask(sites: readonly FrameSite[], openCentres: readonly string[]): Uint8Array {
  const open = new Set(openCentres);
  return Uint8Array.from(sites, (s) => (s.kind === 'gp' || open.has(s.id) ? 1 : 0));
}

/** Builds the frame from the page's data (in Node, from the same JSON the page will parse). */
export function pageModel(data: ReportData): PageModel {
  const s = data.study;
  const rank = data.rank;
  // The APL reads the age-standardised population from this attribute (see apl's standardisedPopulation).
  const study = createDemand(
    s.ids.map((id, i) => ({
      id,
      lon: s.lon[i],
      lat: s.lat[i],
      population: s.population[i],
      attributes: {
        ...(s.names ? { name: s.names[i] } : {}),
        ...(rank ? { [rank.by]: rank.keys[rank.of[i]] } : {}),
        // A territory's whole population: the ranking marks one mostly outside the study area partial.
        ...(rank?.populations ? { [`${rank.by}_population`]: String(rank.populations[rank.of[i]]) } : {}),
        ...(s.standardised ? { [STANDARDISED_POPULATION_FIELD]: String(s.standardised[i]) } : {}),
      },
    })),
    { source: 'report demand' },
  );
  const a = data.surroundings;
  const surroundings = a
    ? {
        demand: createDemand(
          a.ids.map((id, i) => ({ id, lon: a.lon[i], lat: a.lat[i], population: a.population[i], attributes: a.standardised ? { [STANDARDISED_POPULATION_FIELD]: String(a.standardised[i]) } : undefined })),
          { source: 'report surroundings' },
        ),
        sites: createSites(
          a.sites.ids.map((id, j) => ({ id, lon: a.sites.lon[j], lat: a.sites.lat[j], capacity: a.sites.gps[j] })),
          { source: 'report surroundings sites' },
        ),
      }
    : undefined;
  const frame: PlanningFrame = {
    study,
    sites: data.sites,
    travel: data.travel.kind === 'crow' ? { kind: 'crow', speedKmh: data.travel.speedKmh, detour: data.travel.detour } : { kind: 'table', reach: ReachTable.from(decode(data.travel.reach)) },
    targetMinutes: data.targetMinutes,
    patientsPerGp: data.patientsPerGp,
    activityPerGp: data.activityPerGp,
    aplThreshold: data.aplThreshold,
    ...(surroundings ? { surroundings } : {}),
    rankBy: rank?.by,
    rankNames: rank ? new Map(rank.keys.map((key, k) => [key, rank.names[k]])) : undefined,
  };
  return {
    data,
    study: frame.study,
    frame,
    layers: mapLayers(data.targetMinutes, data.terms, data.aplThreshold),
    cards: cardSpecs(data.terms, data.targetMinutes, data),
    presets: data.states.map((state) => openMask(data.sites, state.open)),
  };
}

export interface Rendered {
  cards: string;
  change: string;
  groups: string;
  ranking: string;
}

/** The territories' figures of a state (null without groups). */
export function groupsOf(model: PageModel, figures: StateFigures): GroupFigures[] | null {
  const g = model.data.groups;
  return g ? groupFigures(figures, model.study.population, g.of, g.keys, g.names, model.data.aplThreshold) : null;
}

/** How many ranked territories the page lists. */
export const RANKING_ROWS = 12;

/** The parts of the page that follow the state. */
export function renderState(model: PageModel, label: string, figures: StateFigures, today: StateFigures, isToday: boolean): Rendered {
  const { data } = model;
  const groupsNow = groupsOf(model, figures);
  const groupsToday = groupsOf(model, today);
  const change = isToday
    ? `Today: ${figures.openCentres} ${data.terms.centres} open${model.frame.sites.some((s) => s.kind === 'gp') ? `, and the GPs of ${int(model.frame.sites.filter((s) => s.kind === 'gp').length)} ${data.terms.areas} (${int(model.frame.sites.reduce((t, s) => t + (s.kind === 'gp' ? s.gps : 0), 0))} GPs)` : ''}. ${data.states.length > 1 ? 'Choose a proposal above to see what it would change.' : ''}`
    : changeWords(label, figures, today, groupsNow && groupsToday ? { before: groupsToday, after: groupsNow } : null, data.terms, data.targetMinutes);
  const groups = groupsNow
    ? groupsNow
        .map((g, k) => {
          const cell = (key: 'withinCentre' | 'withoutPlace' | 'underServed') =>
            `<td class="n" data-group="${k}" data-figure="${key}" data-raw="${g[key]}">${int(g[key])} <small>${pct(g[key], g.population)}</small></td>`;
          return `<tr><th scope="row">${escapeHtml(g.name)}</th><td class="n">${int(g.population)}</td>${cell('withinCentre')}${cell('withoutPlace')}${cell('underServed')}</tr>`;
        })
        .join('\n')
    : '';
  const row = (r: TerritoryRank) =>
    `<tr data-rank-key="${escapeHtml(r.key)}"${r.partial ? ' class="partial"' : ''}><td class="n">${r.rank}</td><th scope="row">${escapeHtml(r.name)}${r.partial ? ' <small>(partial)</small>' : ''}</th><td class="n">${int(r.population)}</td><td class="n">${r.score.toFixed(0)}</td><td>${escapeHtml(reasonWords(r, data.terms, data.targetMinutes))}</td></tr>`;
  const whole = figures.evaluation.ranking.filter((r) => !r.partial);
  const partial = figures.evaluation.ranking.filter((r) => r.partial);
  // Territories cut by the study area's border are ranked apart: their score describes only their part inside.
  const ranking = [
    ...whole.slice(0, RANKING_ROWS).map(row),
    ...(partial.length
      ? [`<tr class="split"><th colspan="5" scope="rowgroup">Cut by the border of the study area: ranked among themselves, on their part inside only</th></tr>`, ...partial.map(row)]
      : []),
  ].join('\n');
  return { cards: cardsHtml(model.cards, figures.headline, isToday ? null : today.headline), change: escapeHtml(change), groups, ranking };
}

/** Each study point's class in a layer. */
export function classesOf(model: PageModel, layer: Layer, figures: StateFigures): Uint8Array {
  const population = model.study.population;
  return Uint8Array.from({ length: model.study.size }, (_, i) => layer.classify(figures, population, i));
}

/** The legend of a layer: a table of its classes with the people and the areas in each (the map's text alternative). */
export function legendHtml(model: PageModel, layer: Layer, classOf: Uint8Array): string {
  const people = new Float64Array(layer.classes.length);
  const count = new Uint32Array(layer.classes.length);
  let noData = 0;
  const population = model.study.population;
  for (let i = 0; i < classOf.length; i++) {
    if (classOf[i] === NO_DATA) noData++;
    else {
      people[classOf[i]] += population[i];
      count[classOf[i]]++;
    }
  }
  const total = model.study.totalPopulation;
  const rows: string[] = [];
  // Best served first, as people read a legend from the top.
  for (let k = layer.classes.length - 1; k >= 0; k--) {
    if (layer.split && k === layer.classes.length - 1) rows.push(`<tr class="split"><th colspan="4" scope="rowgroup">${escapeHtml(layer.split.above)}</th></tr>`);
    if (layer.split && k === layer.split.at - 1) rows.push(`<tr class="split"><th colspan="4" scope="rowgroup">${escapeHtml(layer.split.below)}</th></tr>`);
    const c = layer.classes[k];
    rows.push(`<tr><th scope="row"><span class="swatch" style="background:${c.colour}"></span>${escapeHtml(c.label)}</th><td class="n" data-class-people="${k}" data-raw="${people[k]}">${int(people[k])}</td><td class="n">${pct(people[k], total)}</td><td class="n">${int(count[k])}</td></tr>`);
  }
  if (noData) rows.push(`<tr><th scope="row"><span class="swatch nodata"></span>no data</th><td class="n"></td><td class="n"></td><td class="n">${int(noData)}</td></tr>`);
  return rows.join('\n');
}

/** The preset states side by side (today, the proposal, the alternative), with the difference in words. */
export function compareHtml(model: PageModel, figures: readonly StateFigures[]): { table: string; words: string } {
  const { data } = model;
  const specs = model.cards;
  const head = `<tr><th scope="col">figure</th>${data.states.map((s) => `<th scope="col" class="n">${escapeHtml(s.button)}</th>`).join('')}</tr>`;
  const rows = specs
    .map((spec) => `<tr><th scope="row">${escapeHtml(spec.title)}</th>${figures.map((f, k) => `<td class="n" data-compare="${escapeHtml(data.states[k].key)}" data-figure="${spec.key}" data-raw="${f.headline[spec.key]}">${int(f.headline[spec.key])} <small>${pct(f.headline[spec.key], f.headline.population)}</small></td>`).join('')}</tr>`)
    .join('\n');
  const centres = `<tr><th scope="row">${escapeHtml(data.terms.centres)} open</th>${figures.map((f) => `<td class="n">${f.openCentres}</td>`).join('')}</tr>`;
  const table = `<thead>${head}</thead><tbody>${rows}\n${centres}</tbody>`;
  let words = '';
  const proposal = data.states.findIndex((s) => s.key === 'proposal');
  const alternative = data.states.findIndex((s) => s.key === 'alternative');
  if (proposal > 0 && alternative > 0) {
    const [t, p, a] = [figures[0].headline, figures[proposal].headline, figures[alternative].headline];
    const served = (h: typeof t) => t.withoutPlace - h.withoutPlace;
    const within = (h: typeof t) => h.withinCentre - t.withinCentre;
    const target = data.targetMinutes;
    words =
      `${data.states[proposal].label} would give ${int(served(p))} more people a ${data.terms.place} within ${target} minutes, against ${int(served(a))} for ${data.states[alternative].label.replace(/^The /, 'the ')}; ` +
      `the alternative would bring ${int(within(a))} more people within ${target} minutes of a ${data.terms.centre}, against ${int(within(p))} for the proposal. ` +
      (within(a) > within(p) && served(p) > served(a)
        ? `Sited for population, centres go where people are many but ${data.terms.gp === 'GP' ? 'GPs' : 'places'} are already near: more people live near a ${data.terms.centre}, fewer get a ${data.terms.place} they lacked.`
        : '');
  }
  return { table, words: escapeHtml(words) };
}

/** The figures of every preset state, today first. */
export function presetFigures(model: PageModel): StateFigures[] {
  return model.presets.map((open) => measureState(model.frame, open));
}

/** The figures of a state with every trip `factor` times as long (straight lines only): how sure the figures are. */
export function scaledFigures(model: PageModel, open: Uint8Array, factor: number): StateFigures | null {
  const t = model.frame.travel;
  if (t.kind !== 'crow') return null;
  return measureState({ ...model.frame, travel: { kind: 'crow', speedKmh: t.speedKmh / factor, detour: t.detour } }, open);
}

/** How sure: the figures if every trip were shorter or longer by the travel model's larger median error. */
export function sureWords(model: PageModel, figures: StateFigures, open: Uint8Array = figures.open): { text: string; ranges: Record<string, [number, number]> | null } {
  const { data } = model;
  const error = data.travel.kind === 'crow' ? data.travel.error : undefined;
  const base = `Travel minutes: ${data.travelWords}`;
  if (!error) return { text: base, ranges: null };
  const fast = scaledFigures(model, open, 1 - error.high)!;
  const slow = scaledFigures(model, open, 1 + error.high)!;
  const ranges: Record<string, [number, number]> = {};
  const parts = model.cards.map((spec) => {
    const values = [fast.headline[spec.key], slow.headline[spec.key]].sort((a, b) => a - b) as [number, number];
    ranges[spec.key] = values;
    return `${spec.title[0].toLowerCase()}${spec.title.slice(1)}, ${int(values[0])} to ${int(values[1])}`;
  });
  const share = `${Math.round(100 * error.high)} %`;
  return { text: `${base} If every trip took ${share} less or ${share} more time than estimated, the three figures above would be: ${parts.join('; ')}.`, ranges };
}

/** The sites list: centres with a switch each, grouped by origin. */
export function siteRowHtml(data: ReportData, j: number, checked: boolean): string {
  const s = data.sites[j];
  const facts = [`${s.gps} ${data.terms.gp === 'GP' ? `GP${s.gps === 1 ? '' : 's'}` : 'capacity'}`];
  if (s.order !== undefined) facts.push(`choice ${s.order}`);
  const note = s.note ? `<span class="note"> · ${escapeHtml(s.note)}</span>` : '';
  return `<div class="site"><input type="checkbox" id="site-${j}" data-site="${j}"${checked ? ' checked' : ''}><label for="site-${j}">${escapeHtml(s.name)}<small>${escapeHtml(facts.join(' · '))}${note}</small></label></div>`;
}

const GROUP_TITLES: Readonly<Record<MarkKind, string>> = {
  existing: 'Open today',
  proposed: 'The proposal',
  alternative: 'The population-only alternative',
  added: 'Added here',
  suggested: 'Suggested here',
};

export function sitesListHtml(data: ReportData, open: Uint8Array): string {
  return MARK_KINDS.map((kind) => {
    const rows = data.sites.flatMap((s, j) => (s.kind === kind ? [siteRowHtml(data, j, open[j] === 1)] : []));
    return `<fieldset data-kind="${kind}"${rows.length ? '' : ' hidden'}><legend>${GROUP_TITLES[kind]}</legend>${rows.join('\n')}</fieldset>`;
  }).join('\n');
}


export type { LayerKey };
