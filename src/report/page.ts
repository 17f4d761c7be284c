/**
 * The script of the HTML report, bundled with the core library into one IIFE (global `careshed`) that the
 * report inlines. It reads the data the report embeds, and after every switch (the state shown, a centre
 * on or off, a centre opened or suggested here) computes every figure again with the library, on the same
 * frame, and rewrites the parts of the page that follow the state with the same functions Node wrote them with.
 */
import { measureState, proposeCentres, type Headline, type StateFigures } from './frame.js';
import { classesOf, legendHtml, openMask, pageModel, renderState, siteRowHtml, sureWords, type PageModel, type ReportData, type ReportSite } from './model.js';
import { markLabel, markShape } from './marks.js';
import { NO_DATA, NO_DATA_COLOUR } from './palette.js';
import { int, siteNote } from './words.js';

export * from '../index.js';
export type { ReportData } from './model.js';

/** What the page exposes as `globalThis.careshedReport` after each computation (the tests read it). */
export interface PageState {
  /** The preset state shown, or null when the planner changed it. */
  state: string | null;
  open: string[];
  headline: Headline;
  /**
   * How sure: the headline figures with trips shorter and longer by the travel model's error (computed just
   * after the figures, so that they show at once); null until then, and for travel other than straight lines.
   */
  ranges: Record<string, [number, number]> | null;
  /** True once the ranges are in as well. */
  settled: boolean;
  ranking: { key: string; rank: number; score: number }[];
  layer: string;
  /** Milliseconds of the last computation and rewrite. */
  ms: number;
  /** Increases with every computation. */
  version: number;
}

declare global {
  // eslint-disable-next-line no-var
  var careshedReport: PageState | undefined;
}

function download(name: string, text: string, doc: Document): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The scenario file of a state: what `careshed compare` reads. */
export function scenarioOf(data: ReportData, open: ArrayLike<number>, name: string): object {
  const sc = data.scenario;
  if (!sc) throw new Error('this report has no scenario template');
  return {
    name,
    demand: sc.demand,
    supply: sc.supply,
    add: data.sites.flatMap((s, j) => (!s.inSupply && open[j] ? [{ id: s.id, lon: s.lon, lat: s.lat, capacity: s.gps }] : [])),
    close: data.sites.flatMap((s, j) => (s.inSupply && !open[j] ? [s.id] : [])),
    targetMinutes: data.targetMinutes,
    travel: sc.travel,
    ...(sc.by ? { by: sc.by } : {}),
    patientsPerUnit: data.patientsPerGp,
  };
}

/** Starts the page: call once the document is loaded. */
export function startReport(doc: Document = document): { update: () => PageState } {
  const data = JSON.parse(doc.getElementById('careshed-data')!.textContent!) as ReportData;
  let model: PageModel = pageModel(data);
  const today: StateFigures = measureState(model.frame, model.presets[0]);
  let pending: ReturnType<typeof setTimeout> | undefined;
  let open: Uint8Array = Uint8Array.from(model.presets[0]);
  let stateIndex: number | null = 0;
  let layerIndex = 0;
  let figures = today;
  let version = 0;
  const $ = <T extends Element = HTMLElement>(selector: string) => doc.querySelector<T & Element>(selector);
  const all = <T extends Element = HTMLElement>(selector: string) => Array.from(doc.querySelectorAll<T & Element>(selector));
  const areas: SVGElement[] = [];
  all<SVGElement>('#map svg .areas [data-i]').forEach((el) => (areas[Number(el.dataset.i)] = el));
  const status = (text: string) => {
    const el = $('#status');
    if (el) el.textContent = text;
  };

  const recolour = () => {
    const layer = model.layers[layerIndex];
    const classOf = classesOf(model, layer, figures);
    for (let i = 0; i < areas.length; i++) {
      const el = areas[i];
      if (!el) continue;
      const k = classOf[i];
      const fill = k === NO_DATA ? NO_DATA_COLOUR : layer.classes[k].colour;
      if (el.getAttribute('fill') !== fill) el.setAttribute('fill', fill);
    }
    $('#legend-body')!.innerHTML = legendHtml(model, layer, classOf);
    $('#legend caption')!.textContent = `${layer.title}: people and ${data.terms.areas} in each class`;
    $('#map-title')!.textContent = layer.title;
    all('[data-layer]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.layer === layer.key)));
  };

  const update = (): PageState => {
    const started = performance.now();
    figures = version === 0 ? today : measureState(model.frame, open);
    const stateName = stateIndex === null ? 'Your changes' : data.states[stateIndex].button;
    const label = stateIndex === null ? 'Your changes' : data.states[stateIndex].label;
    const rendered = renderState(model, label, figures, today, stateIndex === 0);
    $('#cards')!.innerHTML = rendered.cards;
    $('#change')!.innerHTML = rendered.change;
    const groups = $('#groups-body');
    if (groups) groups.innerHTML = rendered.groups;
    $('#ranking-body')!.innerHTML = rendered.ranking;
    all('.state-name').forEach((el) => (el.textContent = stateName));
    all('[data-state]').forEach((b, k) => b.setAttribute('aria-pressed', String(k === stateIndex)));
    all<HTMLInputElement>('input[data-site]').forEach((box) => (box.checked = open[Number(box.dataset.site)] === 1));
    all<SVGElement>('#map svg .sites [data-site]').forEach((mark) => {
      const j = data.sites.findIndex((s) => s.id === mark.dataset.site);
      mark.style.display = j >= 0 && open[j] ? '' : 'none';
    });
    recolour();
    const ms = performance.now() - started;
    const timing = $('#timing');
    if (timing) timing.textContent = `(computed in ${ms.toFixed(0)} ms)`;
    const state: PageState = {
      state: stateIndex === null ? null : data.states[stateIndex].key,
      open: data.sites.flatMap((s, j) => (open[j] && s.kind !== 'gp' ? [s.id] : [])),
      headline: figures.headline,
      ranges: null,
      settled: data.travel.kind !== 'crow',
      ranking: figures.evaluation.ranking.map((r) => ({ key: r.key, rank: r.rank, score: r.score })),
      layer: model.layers[layerIndex].key,
      ms,
      version: ++version,
    };
    globalThis.careshedReport = state;
    // How sure, a moment later: two more computations, with every trip shorter and longer.
    clearTimeout(pending);
    if (data.travel.kind === 'crow') {
      const shown = figures;
      pending = setTimeout(() => {
        const sure = sureWords(model, shown, open);
        $('#sure')!.textContent = sure.text;
        if (globalThis.careshedReport?.version === state.version) globalThis.careshedReport = { ...state, ranges: sure.ranges, settled: true };
      }, 0);
    }
    return state;
  };

  /** The preset whose centres are exactly those open, if any. */
  const matchPreset = () => {
    const k = model.presets.findIndex((mask) => mask.every((x, j) => x === open[j]));
    return k >= 0 ? k : null;
  };

  const addSites = (sites: ReportSite[]) => {
    const svg = $('#map svg .sites');
    for (const site of sites) {
      data.sites.push(site);
      const j = data.sites.length - 1;
      if (site.at !== undefined && svg) {
        const [x, y] = [data.study.xy[2 * site.at], data.study.xy[2 * site.at + 1]];
        svg.insertAdjacentHTML('beforeend', markShape(site.kind === 'gp' ? 'added' : site.kind, x, y, `data-site="${site.id}"`) + (site.order !== undefined ? markLabel(String(site.order), x, y, `data-site="${site.id}"`) : ''));
      }
      const group = $(`#sites fieldset[data-kind="${site.kind}"]`);
      if (group) {
        group.hidden = false;
        group.insertAdjacentHTML('beforeend', siteRowHtml(data, j, true));
        group.querySelector<HTMLInputElement>(`input[data-site="${j}"]`)!.addEventListener('change', onSwitch);
      }
      $(`[data-mark-key="${site.kind}"]`)?.removeAttribute('hidden');
    }
    const grown = new Uint8Array(data.sites.length);
    grown.set(open);
    grown.fill(1, open.length);
    open = grown;
    model = pageModel(data);
    stateIndex = matchPreset();
  };

  const gpsWanted = () => {
    const value = Number(($('#new-gps') as HTMLInputElement | null)?.value ?? data.gpsPerCentre);
    return Number.isFinite(value) && value >= 1 ? Math.round(value) : data.gpsPerCentre;
  };

  const openAt = (i: number) => {
    if (data.travel.kind !== 'crow') return;
    const id = `new-${data.study.ids[i]}`;
    const name = data.study.names?.[i] ?? data.study.ids[i];
    const existing = data.sites.findIndex((s) => s.id === id);
    const before = figures.headline;
    if (existing >= 0) {
      open[existing] = 1;
      stateIndex = matchPreset();
    } else {
      addSites([{ id, name, lon: data.study.lon[i], lat: data.study.lat[i], gps: gpsWanted(), kind: 'added', inSupply: false, at: i }]);
    }
    const after = update().headline;
    status(`Opened a ${data.terms.centre} in ${name}: ${int(before.withoutPlace - after.withoutPlace)} more people with a ${data.terms.place} within ${data.targetMinutes} minutes, ${int(after.withinCentre - before.withinCentre)} more within ${data.targetMinutes} minutes of a ${data.terms.centre}.`);
  };

  function onSwitch(event: Event) {
    const box = event.currentTarget as HTMLInputElement;
    open[Number(box.dataset.site)] = box.checked ? 1 : 0;
    stateIndex = matchPreset();
    update();
  }

  all<HTMLInputElement>('input[data-site]').forEach((box) => box.addEventListener('change', onSwitch));
  all('[data-state]').forEach((button, k) =>
    button.addEventListener('click', () => {
      stateIndex = k;
      open = openMask(data.sites, data.states[k].open);
      update();
    }),
  );
  all('[data-layer]').forEach((button, k) =>
    button.addEventListener('click', () => {
      layerIndex = k;
      recolour();
      if (globalThis.careshedReport) globalThis.careshedReport = { ...globalThis.careshedReport, layer: model.layers[k].key, version: ++version };
    }),
  );

  // Opening centres in the page: by clicking the map, or by naming the place (keyboard).
  const planning = data.travel.kind === 'crow';
  const tip = $('#tip');
  const mapSvg = $('#map svg');
  if (mapSvg) {
    mapSvg.addEventListener('click', (event) => {
      const target = (event.target as Element).closest('[data-i]') as SVGElement | null;
      if (target && planning) openAt(Number(target.dataset.i));
    });
    mapSvg.addEventListener('mousemove', (event) => {
      const target = (event.target as Element).closest('[data-i]') as SVGElement | null;
      if (!tip) return;
      if (!target) {
        tip.style.display = 'none';
        return;
      }
      const i = Number(target.dataset.i);
      const layer = model.layers[layerIndex];
      tip.textContent = `${data.study.names?.[i] ?? data.study.ids[i]}: ${layer.describe(figures, model.study.population, i)}${planning ? '. Click to open a centre here.' : ''}`;
      const box = $('#map')!.getBoundingClientRect();
      tip.style.left = `${Math.min(event.clientX - box.left + 12, box.width - 200)}px`;
      tip.style.top = `${event.clientY - box.top + 12}px`;
      tip.style.display = 'block';
    });
    mapSvg.addEventListener('mouseleave', () => tip && (tip.style.display = 'none'));
  }
  const place = $('#new-place') as HTMLInputElement | null;
  const findPlace = (text: string): number => {
    const code = /\(([^()]+)\)\s*$/.exec(text)?.[1];
    if (code) return data.study.ids.indexOf(code);
    const wanted = text.trim().toLowerCase();
    const matches = data.study.ids.flatMap((id, i) => ((data.study.names?.[i] ?? id).toLowerCase() === wanted || id === text.trim() ? [i] : []));
    return matches.length === 1 ? matches[0] : -1;
  };
  const openNamed = () => {
    if (!place) return;
    const i = findPlace(place.value);
    if (i < 0) status(`No single ${data.terms.area} is called "${place.value}": pick one from the list (name and code).`);
    else {
      openAt(i);
      place.value = '';
    }
  };
  place?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      openNamed();
    }
  });
  $('#open-place')?.addEventListener('click', openNamed);
  const suggest = $('#suggest') as HTMLButtonElement | null;
  suggest?.addEventListener('click', async () => {
    const n = Math.max(1, Math.min(30, Math.round(Number(($('#suggest-n') as HTMLInputElement).value) || 1)));
    suggest.disabled = true;
    status(`Choosing ${n} ${data.terms.centres} where ${data.terms.place}s are short…`);
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      const before = figures.headline;
      const already = data.sites.filter((s) => s.kind === 'suggested').length;
      const proposal = await proposeCentres(model.frame, open, { p: n, gps: gpsWanted(), weighting: 'need', kind: 'suggested' });
      addSites(proposal.sites.map((s, k) => ({ ...s, order: already + k + 1, note: siteNote(proposal.result, proposal.result.selected[k], data.terms, data.targetMinutes) })));
      const after = update().headline;
      status(`Suggested ${listNames(proposal.sites.map((s) => s.name))}: ${int(before.withoutPlace - after.withoutPlace)} more people with a ${data.terms.place} within ${data.targetMinutes} minutes.`);
    } catch (error) {
      status(`Could not suggest: ${(error as Error).message}`);
    } finally {
      suggest.disabled = false;
    }
  });
  $('#save')?.addEventListener('click', () => {
    if (!data.scenario) return status('This report was made without a scenario template: nothing to save.');
    const key = stateIndex === null ? 'changes' : data.states[stateIndex].key;
    const name = stateIndex === null ? `${data.scenario.name}: your changes` : `${data.scenario.name}: ${data.states[stateIndex].button}`;
    download(`careshed-scenario-${key}.json`, JSON.stringify(scenarioOf(data, open, name), null, 2) + '\n', doc);
    status(`Saved careshed-scenario-${key}.json: run careshed compare on it and on the file of today.`);
  });
  if (!planning) all('#new-gps, #new-place, #open-place, #suggest, #suggest-n').forEach((el) => el.setAttribute('disabled', ''));

  update();
  return { update };
}

const listNames = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

if (typeof document !== 'undefined' && document.getElementById('careshed-data')) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => startReport());
  else startReport();
}
