/**
 * The script of the HTML report, bundled with the core library into one IIFE (global `careshed`) that the
 * report inlines: it reads the data the report embeds, and when a site is switched on or off recomputes
 * coverage with the library (the reach table restricted to the open sites) and recolours the map.
 */
import { createDemand, createSites } from '../model/points.js';
import { ReachTable } from '../travel/reach-table.js';
import { crowFly } from '../travel/crow-fly.js';
import { coverage, type CoverageSummary } from '../coverage/coverage.js';

export * from '../index.js';

/** What the report embeds in `<script type="application/json" id="careshed-data">`. */
export interface ReportData {
  targetMinutes: number;
  demand: { ids: string[]; lon: number[]; lat: number[]; population: number[] };
  sites: { id: string; name: string; kind: 'existing' | 'proposed'; open: boolean; lon: number; lat: number }[];
  /**
   * ReachTable.toBuffer(), base64. With `crow`, the page finds the nearest open site beyond the cutoff itself
   * (the crow-fly provider's `nearestOpen` on these coordinates); without, the table holds every pair
   * (maxMinutes Infinity).
   */
  reach: string;
  /** The straight-line travel model the table was built with, when it was one. */
  crow?: { speedKmh: number; detour: number };
  bands: { max: number | null; colour: string }[];
  /** Territories shown in a table that follows the switches: each demand point's territory (index into keys). */
  groups?: { attribute: string; keys: string[]; names: string[]; of: number[] };
}

export interface PageState {
  summary: CoverageSummary;
  /** Milliseconds of the last recomputation (coverage and recolouring). */
  ms: number;
  open: string[];
}

function decode(base64: string): ArrayBuffer {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return bytes.buffer;
}

const int = (x: number) => Math.round(x).toLocaleString('en-GB');
const minutes = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} min`);
const share = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

/** Starts the page: call once the document is loaded. Returns a function that recomputes. */
export function startReport(doc: Document = document): () => PageState {
  const data = JSON.parse(doc.getElementById('careshed-data')!.textContent!) as ReportData;
  const demand = createDemand(data.demand.ids.map((id, i) => ({ id, lon: data.demand.lon[i], lat: data.demand.lat[i], population: data.demand.population[i] })));
  // Switching a site off must give the numbers of a fresh computation: for straight lines the page finds
  // the nearest open site beyond the cutoff with the same code as Node; other tables come complete.
  const nearestOpen = data.crow ? crowFly(data.crow).nearestOpen(demand, createSites(data.sites.map(({ id, lon, lat }) => ({ id, lon, lat })))) : undefined;
  const reach = ReachTable.from(decode(data.reach), { nearestOpen });
  const open = Uint8Array.from(data.sites, (s) => (s.open ? 1 : 0));
  const paths: SVGPathElement[] = [];
  doc.querySelectorAll<SVGPathElement>('#coverage-map path[data-i]').forEach((p) => (paths[Number(p.dataset.i)] = p));
  const band = new Uint8Array(demand.size).fill(255);
  const baseline = { covered: NaN };

  const recompute = (): PageState => {
    const started = performance.now();
    const result = coverage(reach.restrictTo(open), demand, { targetMinutes: data.targetMinutes });
    for (let i = 0; i < demand.size; i++) {
      const m = result.minutes[i];
      let b = 0;
      while (b < data.bands.length - 1 && !(m <= (data.bands[b].max ?? Infinity))) b++;
      if (b !== band[i]) {
        band[i] = b;
        paths[i]?.setAttribute('fill', data.bands[b].colour);
      }
    }
    const people = new Float64Array(data.bands.length);
    for (let i = 0; i < demand.size; i++) people[band[i]] += demand.population[i];
    doc.querySelectorAll<SVGTextElement>('#coverage-map text[data-class]').forEach((text) => {
      const k = Number(text.dataset.class);
      text.textContent = `${text.dataset.label} (${((100 * people[k]) / demand.totalPopulation).toFixed(1)} %)`;
    });
    if (data.groups) {
      const covered = new Float64Array(data.groups.keys.length);
      for (let i = 0; i < demand.size; i++) if (result.covered[i]) covered[data.groups.of[i]] += demand.population[i];
      doc.querySelectorAll<HTMLElement>('[data-group]').forEach((cell) => {
        const g = Number(cell.dataset.group);
        const total = Number(cell.dataset.population);
        cell.dataset.raw = String(covered[g]);
        cell.textContent = `${int(covered[g])} (${total > 0 ? ((100 * covered[g]) / total).toFixed(1) : '–'} %)`;
      });
    }
    const s = result.summary;
    if (Number.isNaN(baseline.covered)) baseline.covered = s.coveredPopulation;
    const set = (name: string, raw: number | null, text: string) => {
      doc.querySelectorAll<HTMLElement>(`[data-value="${name}"]`).forEach((el) => {
        el.textContent = text;
        el.dataset.raw = raw === null ? '' : String(raw);
      });
    };
    set('coveredPopulation', s.coveredPopulation, int(s.coveredPopulation));
    set('coveredShare', s.coveredShare, share(s.coveredShare));
    set('uncoveredPopulation', s.uncoveredPopulation, int(s.uncoveredPopulation));
    set('meanMinutes', s.meanMinutes, minutes(s.meanMinutes));
    set('medianMinutes', s.medianMinutes, minutes(s.medianMinutes));
    set('p90Minutes', s.p90Minutes, minutes(s.p90Minutes));
    set('worstMinutes', s.worstMinutes, minutes(s.worstMinutes));
    set('unreachablePopulation', s.unreachablePopulation, int(s.unreachablePopulation));
    set('change', s.coveredPopulation - baseline.covered, `${s.coveredPopulation >= baseline.covered ? '+' : '−'}${int(Math.abs(s.coveredPopulation - baseline.covered))}`);
    set('openSites', open.reduce((t, x) => t + x, 0), String(open.reduce((t, x) => t + x, 0)));
    const ms = performance.now() - started;
    const timing = doc.getElementById('timing');
    if (timing) timing.textContent = `recomputed in ${ms.toFixed(1)} ms`;
    return { summary: s, ms, open: data.sites.filter((_, j) => open[j]).map((site) => site.id) };
  };

  doc.querySelectorAll<HTMLInputElement>('input[data-site]').forEach((box) => {
    box.addEventListener('change', () => {
      const j = Number(box.dataset.site);
      open[j] = box.checked ? 1 : 0;
      doc.querySelectorAll<SVGElement>(`#coverage-map [data-site="${CSS.escape(data.sites[j].id)}"]`).forEach((mark) => mark.setAttribute('opacity', box.checked ? '1' : '0.2'));
      (globalThis as { careshedReport?: PageState }).careshedReport = recompute();
    });
  });
  const state = recompute();
  (globalThis as { careshedReport?: PageState }).careshedReport = state;
  return recompute;
}

if (typeof document !== 'undefined' && document.getElementById('careshed-data')) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => startReport());
  else startReport();
}
