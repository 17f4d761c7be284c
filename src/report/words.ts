/**
 * The report's figures in a planner's words: the cards, the change since today, how sure the figures are,
 * the tables by territory and the ranking's reasons. Pure functions from figures to HTML text, run by Node
 * to write the page as it opens and by the page's script after every switch: one wording, one code path.
 */
import type { TerritoryRank } from '../rank/rank.js';
import type { SiteResult } from '../siting/site.js';
import type { Headline, StateFigures } from './frame.js';

/** What the page calls things: a GP report, or any sites of care. */
export interface Terms {
  /** One centre of the programme ("centre", "site"). */
  centre: string;
  centres: string;
  /** What capacity-aware coverage hands out ("GP place", "place"). */
  place: string;
  /** The supply that is always there, in a phrase ("GP", "site"). */
  gp: string;
  /** The demand points ("commune", "demand point"). */
  area: string;
  areas: string;
}

export const GP_TERMS: Terms = { centre: 'centre', centres: 'centres', place: 'GP place', gp: 'GP', area: 'commune', areas: 'communes' };
export const SITE_TERMS: Terms = { centre: 'site', centres: 'sites', place: 'place', gp: 'site', area: 'demand point', areas: 'demand points' };

import { int } from '../model/figures.js';
export { int };
export const pct = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '–');
export const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const signed = (x: number): string => (Math.round(x) === 0 ? 'no change' : `${x > 0 ? '+' : '−'}${int(Math.abs(x))}`);

/** A list in words: "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The three headline figures: name, definition, value. */
export interface CardSpec {
  key: keyof Pick<Headline, 'withinCentre' | 'withoutPlace' | 'underServed'>;
  title: string;
  definition: string;
  /** Is more of it better (the change is then good news)? */
  moreIsBetter: boolean;
}

export function cardSpecs(terms: Terms, target: number, frame: { patientsPerGp: number; aplThreshold: number }): CardSpec[] {
  return [
    {
      key: 'withinCentre',
      title: `Within ${target} minutes of a ${terms.centre}`,
      definition: `People whose ${terms.area} is at most ${target} minutes by car (estimated) from a ${terms.centre} open in the state shown.`,
      moreIsBetter: true,
    },
    {
      key: 'withoutPlace',
      title: `Without a ${terms.place} within ${target} minutes`,
      definition: `People who cannot all be given a place with a ${terms.gp} within ${target} minutes, each ${terms.gp === 'GP' ? 'GP' : 'unit of capacity'} taking ${int(frame.patientsPerGp)} patients: the need that new ${terms.centres} can meet.`,
      moreIsBetter: false,
    },
    {
      key: 'underServed',
      title: `In under-served ${terms.areas}`,
      definition: `People living in ${terms.areas} whose APL (GP consultations within reach per inhabitant a year, as DREES measures it) is under ${frame.aplThreshold}, DREES's line for under-served ("sous-dense"), or with no ${terms.gp} within 20 minutes.`,
      moreIsBetter: false,
    },
  ];
}

/** The headline cards of a state, with the change since today when it is not today. */
export function cardsHtml(specs: readonly CardSpec[], now: Headline, today: Headline | null): string {
  return specs
    .map((spec) => {
      const value = now[spec.key];
      const change = today ? value - today[spec.key] : 0;
      const better = spec.moreIsBetter ? change > 0 : change < 0;
      const changeText = today && Math.round(change) !== 0 ? `<span class="change ${better ? 'better' : 'worse'}">${signed(change)} against today (${better ? 'better' : 'worse'})</span>` : today ? '<span class="change">as today</span>' : '';
      return `<div class="card" data-card="${spec.key}"><h3>${escapeHtml(spec.title)}</h3><p class="figure"><span data-value="${spec.key}" data-raw="${value}">${int(value)}</span> <span class="share">${pct(value, now.population)} of ${int(now.population)}</span></p>${changeText}<p class="definition">${escapeHtml(spec.definition)}</p></div>`;
    })
    .join('\n');
}

/** A territory's figures in one state. */
export interface GroupFigures {
  key: string;
  name: string;
  population: number;
  withinCentre: number;
  withoutPlace: number;
  underServed: number;
}

/** The figures of each territory (a demand attribute's values, in `keys` order). */
export function groupFigures(figures: StateFigures, population: ArrayLike<number>, of: ArrayLike<number>, keys: readonly string[], names: readonly string[], aplThreshold: number): GroupFigures[] {
  const rows = keys.map((key, g) => ({ key, name: names[g], population: 0, withinCentre: 0, withoutPlace: 0, underServed: 0 }));
  const { centres, evaluation } = figures;
  for (let i = 0; i < population.length; i++) {
    const row = rows[of[i]];
    row.population += population[i];
    if (centres.covered[i]) row.withinCentre += population[i];
    row.withoutPlace += evaluation.capacity.unserved[i];
    if (!(evaluation.access.value[i] >= aplThreshold)) row.underServed += population[i];
  }
  return rows;
}

/** Where a change happened: the territories that make most of it, largest first ("Aveyron (12,000) and Lot (8,000)"). */
export function whereWords(before: readonly GroupFigures[], after: readonly GroupFigures[], key: 'withinCentre' | 'withoutPlace' | 'underServed', sign: 1 | -1): string {
  const gains = after.map((g, k) => ({ name: g.name, gain: sign * (g[key] - before[k][key]) })).filter((g) => Math.round(g.gain) > 0);
  gains.sort((a, b) => b.gain - a.gain || a.name.localeCompare(b.name));
  const total = gains.reduce((t, g) => t + g.gain, 0);
  const picked: string[] = [];
  let sum = 0;
  for (const g of gains) {
    if (picked.length === 3 || (picked.length > 0 && sum >= 0.6 * total)) break;
    picked.push(`${g.name} (${int(g.gain)})`);
    sum += g.gain;
  }
  if (picked.length === 0) return '';
  return `${sum >= 0.6 * total && gains.length > picked.length ? 'mostly in ' : 'in '}${listWords(picked)}`;
}

/** What a state changes against today, in a sentence or two. */
export function changeWords(
  label: string,
  now: StateFigures,
  today: StateFigures,
  groups: { before: readonly GroupFigures[]; after: readonly GroupFigures[] } | null,
  terms: Terms,
  target: number,
): string {
  const h = now.headline;
  const t = today.headline;
  const served = t.withoutPlace - h.withoutPlace;
  const within = h.withinCentre - t.withinCentre;
  const under = t.underServed - h.underServed;
  if (Math.round(served) === 0 && Math.round(within) === 0 && Math.round(under) === 0 && now.openCentres === today.openCentres) {
    return `${label} is today's state: ${now.openCentres} ${terms.centres} open.`;
  }
  const where = (key: 'withinCentre' | 'withoutPlace' | 'underServed', sign: 1 | -1) => {
    const text = groups ? whereWords(groups.before, groups.after, key, sign) : '';
    return text ? `, ${text}` : '';
  };
  const parts: string[] = [];
  const more = (x: number) => (x >= 0 ? `${int(x)} more` : `${int(-x)} fewer`);
  parts.push(`${label} would give ${more(served)} people a ${terms.place} within ${target} minutes${served > 0 ? where('withoutPlace', -1) : ''}`);
  parts.push(`bring ${more(within)} within ${target} minutes of a ${terms.centre}${within > 0 ? where('withinCentre', 1) : ''}`);
  parts.push(`and leave ${under >= 0 ? `${int(under)} fewer` : `${int(-under)} more`} people in under-served ${terms.areas}`);
  return `${parts[0]}; ${parts[1]}; ${parts[2]}.`;
}

/** A ranked territory's reasons in words, its largest problem first ("2,390 people (61 %) live in under-served communes…"). */
export function reasonWords(r: TerritoryRank, terms: Terms, target: number): string {
  const c = r.components;
  const parts: { share: number; text: (people: string) => string }[] = [];
  const share = (x: number) => `${Math.round(100 * x)} %`;
  if (c.unserved && Math.round(c.unserved.population) > 0) parts.push({ share: c.unserved.share, text: (people) => `${int(c.unserved!.population)}${people} (${share(c.unserved!.share)}) have no ${terms.place} within ${target} minutes` });
  if (c.lowAccess && Math.round(c.lowAccess.population) > 0) {
    const mean = c.lowAccess.meanAccess;
    parts.push({ share: c.lowAccess.share, text: (people) => `${int(c.lowAccess!.population)}${people} (${share(c.lowAccess!.share)}) live in under-served ${terms.areas}${mean === null ? '' : ` (mean APL ${mean.toFixed(1)})`}` });
  }
  if (Math.round(c.beyondTarget.population) > 0) parts.push({ share: c.beyondTarget.share, text: (people) => `${int(c.beyondTarget.population)}${people} (${share(c.beyondTarget.share)}) live more than ${target} minutes from any ${terms.gp}` });
  parts.sort((a, b) => b.share - a.share);
  const minutes = c.nearestMinutes.meanMinutes;
  const tail = minutes === null ? `no ${terms.gp} within reach` : `the nearest ${terms.gp} is ${minutes.toFixed(1)} minutes away on average`;
  const partial = r.partial && r.territoryPopulation !== null ? `Partial: ${int(r.population)} of its ${int(r.territoryPopulation)} inhabitants live in the study area. ` : '';
  return partial + (parts.length ? `${parts.map((p, k) => p.text(k === 0 ? ' people' : '')).join('; ')}; ${tail}.` : `No one is short of a ${terms.place}; ${tail}.`);
}

/** What a chosen site adds, in words, from its siting: people given a place (CMCLP) or brought within the target (MCLP). */
export function siteNote(siting: SiteResult, s: SiteResult['selected'][number], terms: Terms, target: number): string | undefined {
  const away = s.meanMinutes === undefined || s.meanMinutes === null ? '' : `, ${Math.round(s.meanMinutes)} min away on average`;
  if (siting.model === 'cmclp') return `gives ${int(s.gain)} people a ${terms.place}${away}`;
  if (siting.model === 'mclp') return `brings ${int(s.gain)} people within ${target} min of a ${terms.centre}`;
  return undefined;
}
