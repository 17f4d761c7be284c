import type { StateFigures } from './frame.js';
import { markShape, MARK_KINDS, MARK_WORDS, type MarkKind } from './marks.js';
import { classesOf, compareHtml, legendHtml, RANKING_ROWS, renderState, sitesListHtml, sureWords, type PageModel, type ReportData } from './model.js';
import { escapeHtml as escape, int } from './words.js';

/** A data source as the Method section lists it. */
export interface ReportSource {
  what: string;
  /** The producer and the licence. */
  who: string;
  /** The date the data describe ("about 2017", "2022"). */
  when: string;
}

export interface ReportInput {
  title: string;
  /** One or two sentences under the title: what the page answers. */
  lead: string;
  /** The embedded data, and the model built from it (pageModel(JSON.parse(JSON.stringify(data))). */
  data: ReportData;
  model: PageModel;
  /** Figures of each preset state, today first (presetFigures(model)). */
  presets: StateFigures[];
  /** The map (choroplethSvg with panel false), coloured by the first layer in today's state. */
  map: string;
  /** Paragraphs on how the proposal and the alternative were chosen (model words allowed: this goes to Method). */
  sitingMethod?: string[];
  /** A rolling plan (N openings a year), as a table. */
  plan?: { title: string; words: string; head: string[]; rows: string[][] };
  /** What is assumed, in plain words: the caution under the figures. */
  cautions: string[];
  /** The Method section's paragraphs (method words live here). */
  method: string[];
  sources: ReportSource[];
  /** The bundled library and page script (dist/careshed-report.global.js). */
  script: string;
}

const STYLE = `
:root { --ink: #1d1d1f; --muted: #555; --line: #d8d8d8; --panel: #ffffff; --bg: #f6f6f4; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0; color: var(--ink); background: var(--bg); line-height: 1.45; font-size: 16px; }
header, main, footer, nav { max-width: 1240px; margin: 0 auto; padding: 0 16px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; }
.skip:focus { left: 8px; z-index: 10; }
header h1 { font-size: clamp(22px, 4vw, 30px); margin: 18px 0 6px; line-height: 1.2; }
header .lead { color: var(--muted); margin: 0 0 10px; max-width: 70ch; }
nav ul { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 14px; }
nav a { color: var(--accent); }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 14px 0; }
h2 { font-size: 21px; margin: 0 0 10px; }
h3 { font-size: 16px; margin: 12px 0 6px; }
p { max-width: 80ch; }
button, input, select { font: inherit; }
.toggle { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 10px; }
.toggle button { border: 2px solid var(--accent); background: #fff; color: var(--accent); border-radius: 20px; padding: 6px 14px; cursor: pointer; min-height: 40px; }
.toggle button[aria-pressed="true"] { background: var(--accent); color: #fff; }
.toggle button[aria-pressed="true"]::before { content: "✓ "; }
button:focus-visible, input:focus-visible, a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #e8a200; outline-offset: 2px; }
.state-note { margin: 4px 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: #fbfbfa; }
.card h3 { margin: 0 0 4px; font-size: 15px; }
.card .figure { margin: 0; font-size: 28px; font-weight: 700; font-variant-numeric: tabular-nums; }
.card .share { font-size: 15px; font-weight: 400; color: var(--muted); }
.card .change { display: inline-block; font-size: 14px; font-weight: 600; margin: 2px 0; }
.card .change.worse { color: #8a3b00; }
.card .definition { font-size: 13.5px; color: var(--muted); margin: 6px 0 0; }
.change-words { font-size: 17px; border-left: 4px solid var(--accent); padding: 4px 0 4px 12px; }
.sure { font-size: 14.5px; background: #f3f1ea; border-radius: 6px; padding: 4px 12px 8px; margin-top: 10px; }
.sure ul { margin: 4px 0; padding-left: 20px; }
.where-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
@media (min-width: 900px) { .where-grid { grid-template-columns: minmax(0, 5fr) minmax(300px, 2fr); } }
figure.map { margin: 0; position: relative; }
figure.map svg { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
figure.map svg .areas > * { cursor: pointer; }
figure.map svg .areas > *:hover { stroke: #111; stroke-width: 1; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.tip { position: absolute; pointer-events: none; background: #fff; border: 1px solid #999; border-radius: 4px; padding: 4px 8px; font-size: 13px; max-width: 260px; display: none; box-shadow: 0 2px 6px rgba(0,0,0,.15); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
thead th { border-bottom: 2px solid #ccc; font-size: 13px; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td small { color: var(--muted); }
.legend { max-width: 520px; margin-top: 8px; }
#ranking-table .split th { font-weight: 600; font-size: 13px; color: var(--muted); padding-top: 10px; }
.legend .split th { font-weight: 600; font-size: 12.5px; color: var(--muted); padding-top: 6px; }
.swatch { display: inline-block; width: 18px; height: 12px; border: 1px solid #888; margin-right: 6px; vertical-align: -1px; }
.swatch.nodata { background: #d9d9d9; }
.marks-key { font-size: 13.5px; display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0; }
.marks-key svg { vertical-align: middle; }
.sites-list fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 10px; padding: 4px 10px 8px; }
.sites-list legend { font-weight: 600; font-size: 14px; padding: 0 4px; }
.site { display: flex; gap: 8px; align-items: flex-start; padding: 3px 0; font-size: 14.5px; }
.site input { width: 20px; height: 20px; margin: 1px 0 0; flex: none; }
.site small { color: var(--muted); display: block; }
@media screen and (min-width: 900px) { .sites-list { max-height: 560px; overflow: auto; padding-right: 4px; } }
.planning { border-top: 1px solid var(--line); margin-top: 10px; padding-top: 4px; font-size: 14.5px; }
.planning label { display: block; margin: 6px 0 2px; }
.planning input[type=text], .planning input[type=search] { width: 100%; padding: 6px; }
.planning input[type=number] { width: 5em; padding: 6px; }
.planning .row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.planning button { border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; padding: 6px 12px; cursor: pointer; min-height: 38px; }
.planning button[disabled] { opacity: .5; cursor: wait; }
.status { min-height: 1.4em; font-size: 14px; color: var(--accent); }
.caution { border-left: 4px solid #b26b00; padding-left: 10px; font-size: 14.5px; }
.method p, .method li { font-size: 14.5px; }
.timing { color: var(--muted); font-size: 12.5px; }
footer { color: var(--muted); font-size: 13px; padding-bottom: 30px; }
@media (max-width: 599px) {
  body { font-size: 15px; }
  section { padding: 10px; border-radius: 0; margin: 10px -16px; border-left: 0; border-right: 0; }
  .card .figure { font-size: 24px; }
  table { font-size: 12.5px; }
  th, td { padding: 3px 3px; }
  td.n small { display: block; }
  thead th { font-size: 12px; hyphens: auto; }
  .hide-narrow { display: none; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  body { background: #fff; font-size: 10pt; line-height: 1.3; }
  header, main, footer { max-width: none; padding: 0; }
  nav, .skip, .toggle, .planning, .tip, .timing, .screen-only { display: none !important; }
  .print-only { display: block !important; }
  section { border: 0; padding: 0; margin: 0; break-before: page; }
  main > section:first-child { break-before: avoid; }
  h2 { font-size: 15pt; }
  .cards { grid-template-columns: repeat(3, 1fr); gap: 6px; }
  .card { padding: 6px 8px; break-inside: avoid; }
  .card .figure { font-size: 17pt; }
  .card .definition { font-size: 8.5pt; }
  .change-words { font-size: 11pt; }
  .sure { font-size: 9pt; }
  .where-grid { display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: auto auto 1fr; column-gap: 6mm; row-gap: 2mm; }
  .map-column { display: contents; }
  figure.map { grid-column: 1 / -1; }
  figure.map svg { max-height: 105mm; width: auto; max-width: 100%; margin: 0 auto; border: 0; }
  .marks-key { grid-column: 1; grid-row: 2; }
  .legend { grid-column: 1; grid-row: 3; align-self: start; font-size: 8.5pt; max-width: none; }
  .sites-column { grid-column: 2; grid-row: 2 / span 2; }
  .sites-column > p { display: none; }
  .sites-column h3 { margin-top: 0; }
  .legend th, .legend td { padding: 1px 4px; }
  .sites-list { max-height: none !important; overflow: visible !important; columns: 2; column-gap: 8mm; font-size: 8.5pt; }
  .sites-list fieldset { break-inside: avoid-column; border: 0; padding: 0; margin: 0 0 4px; }
  .site { padding: 0; font-size: 8pt; line-height: 1.2; }
  .site small { display: inline; margin-left: 3px; }
  .site .note { display: none; }
  .site input { width: 10px; height: 10px; }
  .marks-key { font-size: 8.5pt; }
  table { font-size: 8.5pt; }
  th, td { padding: 1px 4px; }
  tr { break-inside: avoid; }
  .method p, .method li { font-size: 8.5pt; margin: 0 0 4px; }
  .method table { font-size: 8pt; }
  #ranking-table { font-size: 7.5pt; }
  #ranking p { font-size: 9pt; }
}
.print-only { display: none; }
`;

function marksKey(kinds: readonly MarkKind[]): string {
  return MARK_KINDS.map((kind) => `<span data-mark-key="${kind}"${kinds.includes(kind) ? '' : ' hidden'}><svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">${markShape(kind, 0, 0)}</svg> ${escape(MARK_WORDS[kind])}</span>`).join('');
}

/**
 * One self-contained HTML file: the answer for today first (three figures with their definitions, how sure
 * they are), a switch to the proposal and the alternative, the map with the centres and their switches,
 * planning tools (open a centre, suggest the next ones, save the scenario), the comparison, the territories,
 * the ranking and the method. Data and library inlined: no network needed. Every part that follows the state
 * is written by the same functions the page's script runs after a switch.
 */
export function reportHtml(input: ReportInput): string {
  const { data, model, presets } = input;
  const today = presets[0];
  const rendered = renderState(model, data.states[0].label, today, today, true);
  const layer = model.layers[0];
  const classOf = classesOf(model, layer, today);
  const sure = sureWords(model, today);
  const compare = presets.length > 1 ? compareHtml(model, presets) : null;
  const terms = data.terms;
  const target = data.targetMinutes;
  const gpSites = data.sites.filter((s) => s.kind === 'gp');
  const frameWords = gpSites.length
    ? `Every figure on this page counts the same sites: the ${int(gpSites.reduce((t, s) => t + s.gps, 0))} GPs of ${int(gpSites.length)} ${terms.areas}${data.surroundings ? ' (and those just across the border, shared with their neighbours)' : ''}, and the ${terms.centres} open in the state shown.`
    : `Every figure on this page counts the same sites: the ${terms.centres} open in the state shown.`;
  const kinds = MARK_KINDS.filter((k) => data.sites.some((s) => s.kind === k));
  const planning =
    data.travel.kind === 'crow'
      ? `<div class="planning" id="planning">
<h3>Plan here</h3>
<p>Click a ${terms.area} on the map, or name it below, to open a ${terms.centre} there; or let careshed suggest where the next ones would give the most people a ${terms.place}. Every figure on the page follows.</p>
<label for="new-gps">GPs in a new ${terms.centre}</label>
<input type="number" id="new-gps" min="1" max="50" step="1" value="${data.gpsPerCentre}">
<label for="new-place">Open a ${terms.centre} in (type a ${terms.area}, press Enter)</label>
<div class="row"><input type="search" id="new-place" list="places" autocomplete="off"><button type="button" id="open-place">Open</button></div>
<datalist id="places">${data.study.ids.map((id, i) => `<option value="${escape(`${data.study.names?.[i] ?? id} (${id})`)}">`).join('')}</datalist>
<label for="suggest-n">Suggest the next ${terms.centres}, where ${terms.place}s are short</label>
<div class="row"><input type="number" id="suggest-n" min="1" max="30" step="1" value="5"><button type="button" id="suggest">Suggest</button></div>
<h3>Save</h3>
<p>Saves the state shown as a scenario file that <code>careshed compare</code> reads.</p>
<button type="button" id="save">Save this scenario</button>
<p class="status" id="status" role="status" aria-live="polite"></p>
</div>`
      : `<div class="planning" id="planning"><h3>Plan here</h3><p>Opening new ${terms.centres} in the page needs travel minutes to every ${terms.area}: with straight-line travel the page computes them; with this report's travel model (${escape(data.travelWords)}) they must be precomputed. Switching the ${terms.centres} listed above is exact. To try new places, run <code>careshed site</code> or <code>careshed report --candidates</code>.</p><button type="button" id="save">Save this scenario</button><p class="status" id="status" role="status" aria-live="polite"></p></div>`;
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const groupSection = data.groups
    ? `<section id="territories" aria-labelledby="territories-title">
<h2 id="territories-title">By ${escape(data.groups.label)}</h2>
<table id="groups"><caption>The three figures in each ${escape(data.groups.label)}, in the state shown (<span class="state-name">${escape(data.states[0].button)}</span>)</caption>
<thead><tr><th scope="col">${escape(data.groups.label)}</th><th scope="col" class="n">people</th><th scope="col" class="n">within ${target} min of a ${terms.centre}</th><th scope="col" class="n">without a ${terms.place}</th><th scope="col" class="n">in under-served ${terms.areas}</th></tr></thead>
<tbody id="groups-body">${rendered.groups}</tbody></table></section>`
    : '';
  const rankSection = `<section id="ranking" aria-labelledby="ranking-title">
<h2 id="ranking-title">Where the need is greatest${data.rank ? `: ${escape(data.rank.label)}s ranked` : ''}</h2>
<p>Ranked on the same sites as the figures above, in the state shown (<span class="state-name">${escape(data.states[0].button)}</span>). Each ${data.rank ? escape(data.rank.label) : terms.area}'s score, from 0 (no one short of anything) to 100, is the mean of four shares of its people: without a ${terms.place} within ${target} minutes; in under-served ${terms.areas}; more than ${target} minutes from any ${terms.gp}; and the mean minutes to the nearest ${terms.gp} over ${2 * target}. The reasons say which weighs most.</p>
<table id="ranking-table"><caption>The ${Math.min(RANKING_ROWS, today.evaluation.ranking.filter((r) => !r.partial).length)} ${data.rank ? `${escape(data.rank.label)}s` : terms.areas} with the highest score${today.evaluation.ranking.some((r) => r.partial) ? ', then those cut by the border' : ''}</caption>
<thead><tr><th scope="col" class="n">rank</th><th scope="col">${data.rank ? escape(data.rank.label) : terms.area}</th><th scope="col" class="n">people</th><th scope="col" class="n">score</th><th scope="col">why</th></tr></thead>
<tbody id="ranking-body">${rendered.ranking}</tbody></table></section>`;
  const planSection = input.plan
    ? `<section id="plan" aria-labelledby="plan-title"><h2 id="plan-title">${escape(input.plan.title)}</h2><p>${escape(input.plan.words)}</p>
<table><caption>Year by year</caption><thead><tr>${input.plan.head.map((h, k) => `<th scope="col"${k === 1 ? '' : ' class="n"'}>${escape(h)}</th>`).join('')}</tr></thead><tbody>
${input.plan.rows.map((row) => `<tr>${row.map((cell, k) => (k === 0 ? `<th scope="row" class="n">${escape(cell)}</th>` : `<td${k === 1 ? '' : ' class="n"'}>${escape(cell)}</td>`)).join('')}</tr>`).join('\n')}
</tbody></table></section>`
    : '';
  const nav = [
    ['answer', 'The answer'],
    ['where', 'Where'],
    ...(compare ? [['compare', 'Proposal and alternative']] : []),
    ...(data.groups ? [['territories', `By ${data.groups.label}`]] : []),
    ['ranking', 'Ranking'],
    ...(input.plan ? [['plan', 'Plan']] : []),
    ['method', 'Method and sources'],
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="careshed ${escape(data.version)}">
<title>${escape(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#answer">Skip to the figures</a>
<header>
<h1>${escape(input.title)}</h1>
<p class="lead">${escape(input.lead)}</p>
</header>
<nav aria-label="Sections"><ul>${nav.map(([id, text]) => `<li><a href="#${id}">${escape(text)}</a></li>`).join('')}</ul></nav>
<main>
<section id="answer" aria-labelledby="answer-title">
<h2 id="answer-title">The answer at a glance</h2>
<div class="toggle" role="group" aria-label="Which state the page shows">
${data.states.map((s, k) => `<button type="button" data-state="${escape(s.key)}" aria-pressed="${k === 0}">${escape(s.button)}</button>`).join('\n')}
</div>
<p class="state-note">Showing: <b class="state-name" id="state-name">${escape(data.states[0].button)}</b>. ${escape(frameWords)}</p>
<div class="cards" id="cards">${rendered.cards}</div>
<p class="change-words" id="change" aria-live="polite">${rendered.change}</p>
<div class="sure"><h3>How sure are these figures?</h3>
<p id="sure">${escape(sure.text)}</p>
<ul>${input.cautions.map((c) => `<li>${escape(c)}</li>`).join('')}</ul></div>
</section>
<section id="where" aria-labelledby="where-title">
<h2 id="where-title">Where</h2>
<div class="toggle" role="group" aria-label="What the map shows">
${model.layers.map((l, k) => `<button type="button" data-layer="${l.key}" aria-pressed="${k === 0}">${escape(l.name)}</button>`).join('\n')}
</div>
<div class="where-grid">
<div class="map-column">
<figure class="map" id="map" aria-labelledby="map-caption">
${input.map}
<figcaption id="map-caption"><span id="map-title">${escape(layer.title)}</span>, <span class="state-name">${escape(data.states[0].button)}</span>. ${data.mapStyle === 'symbols' ? `One disc per ${terms.area}, its area proportional to the population. ` : ''}The darker, the better served. The table below gives the same figures.</figcaption>
<div class="tip" id="tip" aria-hidden="true"></div>
</figure>
<p class="marks-key" id="marks-key">${marksKey(kinds)}</p>
<table class="legend" id="legend"><caption>${escape(layer.title)}: people and ${terms.areas} in each class</caption>
<thead><tr><th scope="col">class</th><th scope="col" class="n">people</th><th scope="col" class="n">share</th><th scope="col" class="n">${terms.areas}</th></tr></thead>
<tbody id="legend-body">${legendHtml(model, layer, classOf)}</tbody></table>
</div>
<div class="sites-column">
<h3>${escape(terms.centres[0].toUpperCase() + terms.centres.slice(1))}</h3>
<p>Switch a ${terms.centre} off or on: every figure is computed again, here, by careshed. <span class="timing" id="timing"></span></p>
<div class="sites-list" id="sites">${sitesListHtml(data, model.presets[0])}</div>
${planning}
</div>
</div>
</section>
${
  compare
    ? `<section id="compare" aria-labelledby="compare-title">
<h2 id="compare-title">The proposal and the alternative</h2>
<p id="compare-words">${compare.words}</p>
<table id="compare-table"><caption>The three figures in each state</caption>${compare.table}</table>
<p class="caution">A siting is a model's suggestion, not a decision: it takes straight-line travel times, GP counts of about 2017 and ${int(data.patientsPerGp)} patients per GP as true, and knows nothing of premises, recruitment or local plans. Use it to ask where to look first.</p>
</section>`
    : ''
}
${groupSection}
${rankSection}
${planSection}
<section id="method" class="method" aria-labelledby="method-title">
<h2 id="method-title">Method and sources</h2>
${input.method.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${input.sitingMethod?.length ? `<h3>How the ${terms.centres} were chosen</h3>${input.sitingMethod.map((p) => `<p>${escape(p)}</p>`).join('\n')}` : ''}
<h3>Sources</h3>
<table><caption>Data, with the date they describe</caption><thead><tr><th scope="col">what</th><th scope="col">date</th><th scope="col">producer and licence</th></tr></thead><tbody>
${input.sources.map((s) => `<tr><td>${escape(s.what)}</td><td>${escape(s.when)}</td><td>${escape(s.who)}</td></tr>`).join('\n')}
</tbody></table>
</section>
</main>
<footer><p>Made with careshed ${escape(data.version)} (MIT). The page needs no network: its data and careshed itself are inside.</p></footer>
<script type="application/json" id="careshed-data">${json}</script>
<script>${input.script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
