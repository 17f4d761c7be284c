import { CareshedError } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import type { CoverageSummary } from '../coverage/coverage.js';
import type { Evaluation } from '../scenario/evaluate.js';
import type { PlanYear, SiteResult } from '../siting/site.js';
import { TRAVEL_BANDS } from './map.js';
import type { ReportData } from './page.js';

export interface ReportInput {
  title: string;
  subtitle?: string;
  demand: Demand;
  /** Every site the page can switch: existing and proposed, in the reach table's order. */
  sites: Sites;
  kinds: readonly ('existing' | 'proposed')[];
  /** Names of the sites, by id (default the id). */
  siteNames?: ReadonlyMap<string, string>;
  /**
   * Demand × sites, cutoff at least 30 minutes so that every band of the map is known; with `crow`, the page
   * finds the nearest open site beyond the cutoff itself, else the table must hold every pair (maxMinutes Infinity).
   */
  reach: ReachTable;
  /** The straight-line travel model of the table, when it is one. */
  crow?: { speedKmh: number; detour: number };
  targetMinutes: number;
  /** Coverage with every site open (the reach table's), as the page first shows it. */
  coverage: CoverageSummary;
  /** The coverage map (choroplethSvg of the travel-time bands, all sites open), with data-i on each area. */
  coverageMap: string;
  /** Other maps shown below (accessibility...), each with a caption. */
  maps?: { caption: string; svg: string }[];
  evaluation?: Evaluation;
  siting?: SiteResult;
  /** A rolling plan (N openings a year), shown as a table. */
  plan?: { perYear: number; years: PlanYear[]; population: number };
  /** A demand attribute whose territories get a table that follows the switches, with their names. */
  groupBy?: { attribute: string; names?: ReadonlyMap<string, string> };
  /** Travel model in words. */
  travel: string;
  /** Data sources and licences, one line each. */
  sources: string[];
  /** The bundled library and page script (dist/careshed-report.global.js). */
  script: string;
  version: string;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const int = (x: number) => Math.round(x).toLocaleString('en-GB');
const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
const min = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} min`);

function base64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  const chunk = 0x8000;
  for (let k = 0; k < bytes.length; k += chunk) out += String.fromCharCode(...bytes.subarray(k, k + chunk));
  return btoa(out);
}

/**
 * One self-contained HTML file: the coverage map and summary, the sites with switches, the ranking and the
 * siting results, the data and the library inlined (no network needed to open it). Switching a site
 * recomputes coverage in the page with the same library.
 */
export function reportHtml(input: ReportInput): string {
  const { demand, sites, reach, targetMinutes } = input;
  if (!input.crow && reach.maxMinutes !== Infinity) {
    throw new CareshedError('INVALID_REACH_TABLE', `the page switches sites off: without straight-line travel it needs every pair (maxMinutes Infinity), not a table cut at ${reach.maxMinutes} minutes`);
  }
  const initial = input.coverage;
  const data: ReportData = {
    targetMinutes,
    demand: { ids: [...demand.ids], lon: Array.from(demand.lon), lat: Array.from(demand.lat), population: Array.from(demand.population) },
    sites: Array.from(sites.ids, (id, j) => ({ id, name: input.siteNames?.get(id) ?? id, kind: input.kinds[j], open: true, lon: sites.lon[j], lat: sites.lat[j] })),
    reach: base64(reach.toBuffer()),
    ...(input.crow ? { crow: { speedKmh: input.crow.speedKmh, detour: input.crow.detour } } : {}),
    bands: TRAVEL_BANDS.map((b) => ({ max: Number.isFinite(b.max) ? b.max : null, colour: b.colour })),
  };
  let groupTable = '';
  if (input.groupBy) {
    const column = demand.attribute(input.groupBy.attribute);
    const keys = [...new Set(column)].sort();
    const index = new Map(keys.map((k, g) => [k, g]));
    const names = keys.map((k) => input.groupBy!.names?.get(k) ?? k);
    const of = column.map((k) => index.get(k)!);
    data.groups = { attribute: input.groupBy.attribute, keys, names, of };
    const population = new Float64Array(keys.length);
    of.forEach((g, i) => (population[g] += demand.population[i]));
    groupTable = `<section id="territories"><h2>Within ${targetMinutes} minutes, by ${escape(input.groupBy.attribute)}</h2>
<table><thead><tr><th>${escape(input.groupBy.attribute)}</th><th class="n">population</th><th class="n">within ${targetMinutes} min of an open site</th></tr></thead><tbody>
${keys.map((k, g) => `<tr><td>${escape(names[g])}</td><td class="n">${int(population[g])}</td><td class="n" data-group="${g}" data-population="${population[g]}"></td></tr>`).join('\n')}
</tbody></table></section>`;
  }
  const gains = new Map(input.siting?.selected.map((s) => [s.id, s.gain]) ?? []);
  const value = (name: string, raw: number | null, text: string) => `<span data-value="${name}" data-raw="${raw ?? ''}">${escape(text)}</span>`;
  const siteRows = data.sites
    .map((s, j) => {
      const gain = gains.get(s.id);
      return `<tr><td><label><input type="checkbox" data-site="${j}" checked> ${escape(s.name)}</label></td><td>${s.kind}</td><td class="n">${gain === undefined ? '' : `+${int(gain)}`}</td></tr>`;
    })
    .join('\n');
  const ranking = input.evaluation?.ranking.slice(0, 20) ?? [];
  const rankRows = ranking
    .map((r) => `<tr><td class="n">${r.rank}</td><td>${escape(r.name)}</td><td class="n">${r.score.toFixed(1)}</td><td class="n">${int(r.population)}</td><td>${escape(r.reason)}</td></tr>`)
    .join('\n');
  const siting = input.siting;
  const access = input.evaluation?.access.summary;
  const capacity = input.evaluation?.capacity.summary;
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="careshed ${escape(input.version)}">
<title>${escape(input.title)}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0; color: #222; background: #fafafa; }
header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 20px; }
header h1 { font-size: 24px; margin: 20px 0 4px; }
header p { color: #555; margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0 20px; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card b { display: block; font-size: 20px; }
.card small { color: #666; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 1.2fr); gap: 20px; align-items: start; }
.layout svg { width: 100%; height: auto; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
.sites { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px; max-height: 640px; overflow: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; background: #fff; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
section { margin: 28px 0; }
h2 { font-size: 19px; }
#timing { color: #666; font-size: 13px; }
footer { color: #666; font-size: 13px; padding-bottom: 30px; }
</style>
</head>
<body>
<header>
<h1>${escape(input.title)}</h1>
<p>${escape(input.subtitle ?? '')}</p>
</header>
<main>
<div class="cards">
<div class="card"><small>population</small><b>${value('population', initial.population, int(initial.population))}</b></div>
<div class="card"><small>within ${targetMinutes} min of an open site</small><b>${value('coveredPopulation', initial.coveredPopulation, int(initial.coveredPopulation))}</b>${value('coveredShare', initial.coveredShare, pct(initial.coveredShare))}</div>
<div class="card"><small>beyond ${targetMinutes} min</small><b>${value('uncoveredPopulation', initial.uncoveredPopulation, int(initial.uncoveredPopulation))}</b></div>
<div class="card"><small>mean · median · 90th percentile · worst, of those who reach an open site</small><b>${value('meanMinutes', initial.meanMinutes, min(initial.meanMinutes))}</b>${value('medianMinutes', initial.medianMinutes, min(initial.medianMinutes))} · ${value('p90Minutes', initial.p90Minutes, min(initial.p90Minutes))} · ${value('worstMinutes', initial.worstMinutes, min(initial.worstMinutes))}<br><small>${value('unreachablePopulation', initial.unreachablePopulation, int(initial.unreachablePopulation))} reach none</small></div>
<div class="card"><small>open sites · change since opening the page</small><b>${value('openSites', sites.size, String(sites.size))}</b>${value('change', 0, '+0')} <span id="timing"></span></div>
</div>
<div class="layout">
<div id="coverage-map">${input.coverageMap}</div>
<div class="sites">
<h2>Sites</h2>
<p>Switch a site off or on: coverage is recomputed here, with careshed, from the reach table inside this file.</p>
<table><thead><tr><th>site</th><th>kind</th><th class="n">newly covered</th></tr></thead><tbody>
${siteRows}
</tbody></table>
</div>
</div>
${groupTable}
${
  siting
    ? `<section id="siting"><h2>Siting: ${escape(siting.model.toUpperCase())}, ${siting.p} new sites</h2>
<p>Status <b>${siting.status}</b> (${siting.solver}); objective ${int(siting.objective)}${siting.bound !== null ? `, bound ${int(siting.bound)}, gap ${((siting.gap ?? 0) * 100).toFixed(3)} %` : ''}; ${siting.seconds.toFixed(2)} s.${siting.reason ? ` ${escape(siting.reason)}` : ''}</p>
<table><thead><tr><th class="n">order</th><th>site</th><th class="n">newly covered</th></tr></thead><tbody>
${siting.selected.map((s) => `<tr><td class="n">${s.order}</td><td>${escape(input.siteNames?.get(s.id) ?? s.id)}</td><td class="n">+${int(s.gain)}</td></tr>`).join('\n')}
</tbody></table></section>`
    : ''
}
${
  input.plan
    ? `<section id="plan"><h2>A plan of ${input.plan.perYear} openings a year</h2>
<p>Each year's sites chosen with the earlier ones kept open (MCLP, ${targetMinutes} minutes).</p>
<table><thead><tr><th class="n">year</th><th>opened</th><th class="n">newly covered</th><th class="n">covered after the year</th></tr></thead><tbody>
${input.plan.years.map((y) => `<tr><td class="n">${y.year}</td><td>${y.opened.map((id) => escape(input.siteNames?.get(id) ?? id)).join(', ')}</td><td class="n">+${int(y.gain)}</td><td class="n">${int(y.covered)} (${pct(y.covered / input.plan!.population)})</td></tr>`).join('\n')}
</tbody></table></section>`
    : ''
}
${
  access && capacity
    ? `<section id="access"><h2>Accessibility</h2>
<p>${escape(access.method.toUpperCase())} (${escape(access.decay.replace(/(\d+\.\d{3})\d+/g, '$1'))}): population-weighted mean <span data-access="mean">${access.meanValue === null ? '–' : access.meanValue.toFixed(2)}</span>; ${int(access.noSupplyPopulation)} people reach no site. Capacity-aware coverage: ${int(capacity.assignedPopulation)} of ${int(capacity.population)} (${pct(capacity.assignedShare)}) can be given a place within ${targetMinutes} min, against ${int(capacity.presencePopulation)} by presence alone.</p>
${(input.maps ?? []).map((m) => `<figure>${m.svg}<figcaption>${escape(m.caption)}</figcaption></figure>`).join('\n')}
</section>`
    : ''
}
${
  ranking.length
    ? `<section id="ranking"><h2>Worst-served territories</h2>
<table><thead><tr><th class="n">rank</th><th>territory</th><th class="n">score</th><th class="n">population</th><th>why</th></tr></thead><tbody>
${rankRows}
</tbody></table></section>`
    : ''
}
</main>
<footer>
<p>Travel: ${escape(input.travel)}. Target: ${targetMinutes} minutes, inclusive.</p>
<p>Sources: ${input.sources.map(escape).join(' · ')}</p>
<p>Made with careshed ${escape(input.version)} (MIT).</p>
</footer>
<script type="application/json" id="careshed-data">${json}</script>
<script>${input.script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
