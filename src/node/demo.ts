import { join } from 'node:path';
import { createSites, siteRecords, type Sites } from '../model/points.js';
import { crowFly } from '../travel/crow-fly.js';
import { formatTable } from '../io/table.js';
import type { SiteResult } from '../siting/site.js';
import { rankingTable, type TerritoryRank } from '../rank/rank.js';
import { proposeCentres, rollingPlan, type FrameSite, type Headline, type PlanningFrame, type PlanStep } from '../report/frame.js';
import { groupsOf, sureWords } from '../report/model.js';
import { changeWords, GP_TERMS, reasonWords } from '../report/words.js';
import { loadOccitanie } from './occitanie.js';
import { DEMO_FILES, demoInputs } from './demo-files.js';
import { OutputFiles } from './output-files.js';
import { checkWritable, guardOutputs } from './output-guard.js';
import { buildReport } from './report.js';
import { mapFiles } from './map-files.js';
import type { ReportSource } from '../report/html.js';
import { checkArgument, checkOptions } from '../model/arguments.js';
import { int } from '../model/figures.js';

export const OCCITANIE_ATTRIBUTION = 'Communes: IGN Admin Express, INSEE COG (Licence Ouverte) · GPs: INSEE BPE (Licence Ouverte) · APL: DREES (Licence Ouverte 2.0)';

/** The data behind the Occitanie figures, with the date each describes. */
export const OCCITANIE_SOURCES: ReportSource[] = [
  { what: 'Communes, their population, département and EPCI', when: 'populations légales 2022; communes and EPCIs as of 2026', who: 'INSEE Code officiel géographique and populations légales, via Etalab découpage administratif 6.0 (Licence Ouverte)' },
  { what: 'Commune boundaries (for the map)', when: '2018', who: 'IGN Admin Express COG 2018, via gregoiredavid/france-geojson (Licence Ouverte)' },
  { what: 'GPs per commune (6,282 in 1,065 communes)', when: 'about 2017', who: 'INSEE Base permanente des équipements, D201 "médecin omnipraticien" (Licence Ouverte)' },
  { what: 'Age-standardised populations (the APL weighs demand by them)', when: '2022', who: 'DREES, APL to GPs, 2024 edition (Licence Ouverte 2.0)' },
  { what: 'Communes and GPs of the 15 départements around the region, within 60 km (they share the GPs near the border)', when: 'as above', who: 'INSEE COG and BPE, DREES (Licence Ouverte)' },
  { what: 'The 8 "Ma santé, Ma Région" centres named in public sources (of 22 by April 2025), and the programme\'s 100 GPs in 22 centres', when: '2022–2025', who: 'Région Occitanie announcements and regional press' },
];

/** GPs assumed in a regional centre: the programme had 100 GPs in 22 centres in April 2025 (4.5 each). */
export const GPS_PER_CENTRE = 4;

/** What the demo writes into its folder. */
export { DEMO_FILES, demoInputs };

export interface DemoResult {
  folder: string;
  files: string[];
  /** The frame: communes, GPs, centres. */
  population: number;
  gpCount: number;
  gpCommunes: number;
  centres: number;
  /** The three figures today, with the proposal (need-aware) and with the alternative (population only). */
  today: Headline;
  proposal: Headline;
  alternative: Headline;
  /** How sure: today's figures with every trip shorter or longer by the travel model's larger median error. */
  todayRanges: Record<string, [number, number]>;
  /** The proposal (CMCLP: the most people given a GP place) and the alternative (MCLP: the most people within 15 minutes of a centre). */
  proposalSiting: SiteResult;
  alternativeSiting: SiteResult;
  proposalSites: FrameSite[];
  alternativeSites: FrameSite[];
  /** The proposal and the alternative against today, in words. */
  proposalWords: string;
  alternativeWords: string;
  comparisonWords: string;
  /** Need-aware rolling plan: `p` centres a year for three years. */
  plan: PlanStep[];
  /** EPCIs ranked today, on the GPs and the centres. */
  ranking: TerritoryRank[];
  names: ReadonlyMap<string, string>;
  seconds: number;
}

const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(1)} %`;

/**
 * The whole pipeline on the embedded Occitanie data, on one frame (the GPs of every commune and the regional
 * centres): today's three figures (within 15 minutes of a centre; without a GP place within 15 minutes; in
 * under-served communes), the next `p` centres where GP places are short (capacitated siting, exact when it
 * fits the time limit) beside the population-only answer, a need-aware plan for three years, the ranking of
 * EPCIs; then the report, the maps (SVG and PNG), the ranking CSV, the sites GeoJSON and summary.json.
 */
export async function runDemo(folder: string, options: { p?: number; timeLimit?: number; log?: (line: string) => void } = {}): Promise<DemoResult> {
  checkArgument('runDemo', 'folder', folder, typeof folder === 'string' && folder !== '', 'a file path (text)');
  checkOptions('runDemo', options, ['p', 'timeLimit', 'log']);
  const started = performance.now();
  // Before any work: the folder's files must not be the embedded data, and must be writable.
  const outputs = [{ label: 'the demo folder', path: folder, files: DEMO_FILES }];
  guardOutputs(demoInputs(), outputs);
  checkWritable(outputs);
  const log = options.log ?? (() => {});
  const p = options.p ?? 10;
  const targetMinutes = 15;
  const o = loadOccitanie();
  const { communes, gpCommunes } = o;
  const centres: Sites = createSites(siteRecords(o.centres).map((s) => ({ ...s, capacity: GPS_PER_CENTRE })), { source: 'centres.csv' });
  const travel = crowFly();
  const gpCount = gpCommunes.capacity.reduce((t, x) => t + x, 0);
  log(`careshed demo: ${int(communes.size)} communes, ${int(communes.totalPopulation)} inhabitants; ${int(gpCount)} GPs in ${int(gpCommunes.size)} communes; ${centres.size} regional centres`);

  const [centreName, communeName, departement] = [o.centres.attribute('name'), communes.attribute('name'), communes.attribute('departement')];
  const names = new Map<string, string>([
    ...Array.from(centres.ids, (id, j) => [id, `${centreName[j]} (centre)`] as const),
    ...communes.ids.map((id, i) => [`new-${id}`, `${communeName[i]} (${departement[i]})`] as const),
    ...communes.ids.map((id, i) => [id, `${communeName[i]} (${departement[i]})`] as const),
  ]);
  const frameSite = (set: Sites, kind: FrameSite['kind'], inSupply: boolean) =>
    Array.from(set.ids, (id, j): FrameSite => ({ id, name: names.get(id) ?? id, lon: set.lon[j], lat: set.lat[j], gps: set.capacity[j], kind, inSupply }));
  const frame: PlanningFrame = {
    study: communes,
    sites: [...frameSite(gpCommunes, 'gp', true), ...frameSite(centres, 'existing', false)],
    travel: { kind: 'crow', speedKmh: travel.speedKmh, detour: travel.detour },
    targetMinutes,
    patientsPerGp: 1000,
    activityPerGp: 3900,
    aplThreshold: 2.5,
    surroundings: { demand: o.surroundings.communes, sites: o.surroundings.gpCommunes },
    rankBy: 'epci',
    rankNames: o.epciNames,
  };
  const todayOpen = frame.sites.map(() => 1);
  const need = await proposeCentres(frame, todayOpen, { p, gps: GPS_PER_CENTRE, weighting: 'need', kind: 'proposed', solver: 'auto', timeLimit: options.timeLimit });
  log(`  proposal: ${p} centres where GP places are short, ${need.result.status} (${need.result.solver}, ${need.result.seconds.toFixed(1)} s)`);
  const population = await proposeCentres(frame, todayOpen, { p, gps: GPS_PER_CENTRE, weighting: 'population', kind: 'alternative', solver: 'auto', timeLimit: options.timeLimit });
  log(`  alternative: ${p} centres where most people live, ${population.result.status} (${population.result.solver}, ${population.result.seconds.toFixed(1)} s)`);
  const plan = await rollingPlan(frame, todayOpen, { perYear: p, years: 3, gps: GPS_PER_CENTRE, weighting: 'need', solver: 'heuristic' });
  const asSites = (list: FrameSite[]) => createSites(list.map((s) => ({ id: s.id, lon: s.lon, lat: s.lat, capacity: s.gps })));
  for (const s of [...need.sites, ...population.sites]) names.set(s.id, names.get(s.id.slice(4)) ?? s.name);

  const report = await buildReport({
    title: `Occitanie: a GP within ${targetMinutes} minutes, today and with ${p} more centres`,
    lead: `"Ma santé, Ma Région" opens salaried-GP centres so that everyone has a GP ideally less than ${targetMinutes} minutes away. How many people are within ${targetMinutes} minutes of a centre today, how many have no GP place within ${targetMinutes} minutes, and what ${p} more centres would change, chosen where GP places are short.`,
    demand: communes,
    boundaries: o.boundaries(),
    gps: gpCommunes,
    existing: centres,
    proposal: { sites: asSites(need.sites), siting: need.result, label: `The ${p} proposed centres`, button: `Proposal: ${p} centres where GP places are short` },
    alternative: { sites: asSites(population.sites), siting: population.result, label: `The ${p} centres of the population-only alternative`, button: `Alternative: ${p} centres where most people live` },
    travel,
    targetMinutes,
    surroundings: frame.surroundings,
    gpsPerCentre: GPS_PER_CENTRE,
    rankBy: { attribute: 'epci', label: 'EPCI', names: o.epciNames },
    groupBy: { attribute: 'departement', label: 'département', names: o.departementNames },
    siteNames: names,
    terms: GP_TERMS,
    scenario: { name: 'Occitanie', demand: 'occitanie:communes', supply: 'occitanie:gp-communes', travel: 'crow', by: 'epci' },
    plan: {
      title: `A plan of ${p} centres a year, where GP places are short`,
      words: `Each year's ${p} chosen, like the proposal, where their places give the most people a GP place within ${targetMinutes} minutes, the earlier ones open, ${GPS_PER_CENTRE} GPs each: as a region that commits year by year would.`,
      head: ['year', 'opened', `people with no GP place within ${targetMinutes} min, after`, `within ${targetMinutes} min of a centre, after`],
      rows: plan.map((y) => [String(y.year), y.opened.map((s) => s.name).join(', '), int(y.headline.withoutPlace), `${int(y.headline.withinCentre)} (${pct(y.headline.withinCentre, y.headline.population)})`]),
    },
    sitingMethod: [
      `The proposal: a capacitated maximal covering model (CMCLP). Each of the ${p} new centres has ${GPS_PER_CENTRE} GPs, so ${int(GPS_PER_CENTRE * 1000)} places; every GP and centre open today keeps its places; the model picks the ${p} communes where the new places give the most people a GP place within ${targetMinutes} minutes. Solver: ${need.result.solver}, status ${need.result.status}${need.result.bound !== null ? `, bound ${int(need.result.bound)}` : ''}${need.result.reason ? ` (${need.result.reason})` : ''}.`,
      `The alternative: a maximal covering model (MCLP) on population alone, the 8 centres kept: the ${p} communes that bring the most people within ${targetMinutes} minutes of a centre, GPs ignored. Solver: ${population.result.solver}, status ${population.result.status}${population.result.bound !== null ? `, bound ${int(population.result.bound)}` : ''}.`,
      `The plan, and "Suggest" in the page: the same capacitated model, by its heuristic, on the state shown.`,
      `Candidates: every commune of the region without a centre.`,
    ],
    cautions: [
      `GP counts are those of the INSEE BPE of about 2017; GPs who retired or arrived since are not counted.`,
      `Each GP is assumed to take 1,000 patients (the mean "patientèle médecin traitant"), and a regional centre ${GPS_PER_CENTRE} GPs (the programme had 100 GPs in 22 centres in April 2025).`,
      `Only 8 of the programme's 22 centres are named in public sources: today's figure for centres is a floor.`,
      `A commune stands at one point inside it; its people are all that many minutes away.`,
      `The proposal and the alternative are a model's suggestions, not decisions.`,
    ],
    attribution: OCCITANIE_ATTRIBUTION,
    sources: OCCITANIE_SOURCES,
  });
  const [today, proposal, alternative] = report.states.map((s) => s.figures);
  const model = report.model;
  const groups = (f: typeof today) => groupsOf(model, f)!;
  const proposalWords = changeWords(model.data.states[1].label, proposal, today, { before: groups(today), after: groups(proposal) }, GP_TERMS, targetMinutes);
  const alternativeWords = changeWords(model.data.states[2].label, alternative, today, { before: groups(today), after: groups(alternative) }, GP_TERMS, targetMinutes);
  const comparisonWords = comparison(today.headline, proposal.headline, alternative.headline, p, targetMinutes);
  const sure = sureWords(model, today);

  // Every file into a hidden temporary file first, then all renamed into place: the folder's old files stay
  // whole until the new set is complete (see OutputFiles).
  const output = new OutputFiles();
  const files: string[] = [];
  const write = (name: string, content: string | Uint8Array) => {
    if (!DEMO_FILES.includes(name)) throw new Error(`careshed: ${name} is not in DEMO_FILES, which the guard checked`);
    output.write(join(folder, name), content);
    files.push(name);
  };
  try {
    write('report.html', report.html);
    const ranking = today.evaluation.ranking;
    for (const map of mapFiles(report.maps)) write(map.name, map.content());
    // The same table as `careshed rank --by epci --out x.csv` on the same sites (test/cli-names.test.ts checks it).
    const rankingRows = rankingTable(ranking, { accessLabel: 'APL' });
    write('ranking-epci.csv', formatTable(rankingRows.columns, rankingRows.rows));
    const point = (s: FrameSite, extra: Record<string, unknown>) => ({ type: 'Feature', properties: { id: s.id, name: s.name, gps: s.gps, ...extra }, geometry: { type: 'Point', coordinates: [s.lon, s.lat] } });
    const order = (result: SiteResult, id: string) => result.selected.find((x) => x.id === id)?.order;
    write(
      'sites.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          ...frame.sites.filter((s) => s.kind === 'existing').map((s) => point(s, { kind: 'existing' })),
          ...need.sites.map((s) => point(s, { kind: 'proposed', order: order(need.result, s.id) })),
          ...population.sites.map((s) => point(s, { kind: 'alternative', order: order(population.result, s.id) })),
        ],
      }) + '\n',
    );
    const result: DemoResult = {
      folder,
      files,
      population: communes.totalPopulation,
      gpCount,
      gpCommunes: gpCommunes.size,
      centres: centres.size,
      today: today.headline,
      proposal: proposal.headline,
      alternative: alternative.headline,
      todayRanges: sure.ranges!,
      proposalSiting: need.result,
      alternativeSiting: population.result,
      proposalSites: need.sites,
      alternativeSites: population.sites,
      proposalWords,
      alternativeWords,
      comparisonWords,
      plan,
      ranking,
      names,
      seconds: 0,
    };
    const siting = (r: SiteResult, sites: FrameSite[]) => ({ model: r.model, p: r.p, status: r.status, solver: r.solver, objective: r.objective, bound: r.bound, gap: r.gap, selected: r.selected.map((s, k) => ({ ...s, name: sites[k].name })) });
    write(
      'summary.json',
      JSON.stringify(
        {
          targetMinutes,
          frame: { communes: communes.size, population: communes.totalPopulation, gps: gpCount, gpCommunes: gpCommunes.size, centres: centres.size, gpsPerCentre: GPS_PER_CENTRE, patientsPerGp: 1000, travel: travel.describe().words },
          today: today.headline,
          proposal: proposal.headline,
          alternative: alternative.headline,
          todayRanges: sure.ranges,
          words: { proposal: proposalWords, alternative: alternativeWords, comparison: comparisonWords },
          proposalSiting: siting(need.result, need.sites),
          alternativeSiting: siting(population.result, population.sites),
          plan: plan.map((y) => ({ year: y.year, opened: y.opened.map((s) => ({ id: s.id, name: s.name })), ...y.headline })),
          worstEpci: ranking.slice(0, 10).map((r) => ({ rank: r.rank, key: r.key, name: r.name, score: r.score, reason: reasonWords(r, GP_TERMS, targetMinutes) })),
        },
        null,
        2,
      ) + '\n',
    );
    output.commit();
    result.seconds = (performance.now() - started) / 1000;
    return result;
  } finally {
    output.abandon();
  }
}

/** The need-aware proposal beside the population-only alternative, in words. */
function comparison(today: Headline, proposal: Headline, alternative: Headline, p: number, target: number): string {
  const served = (h: Headline) => today.withoutPlace - h.withoutPlace;
  const within = (h: Headline) => h.withinCentre - today.withinCentre;
  return (
    `Sited where GP places are short, ${p} centres give ${int(served(proposal))} more people a GP place within ${target} minutes and bring ${int(within(proposal))} more within ${target} minutes of a centre. ` +
    `Sited where most people live, they would bring ${int(within(alternative))} more within ${target} minutes of a centre but give only ${int(served(alternative))} more people a GP place: ` +
    `${within(alternative) > within(proposal) ? 'they would stand where GPs are already near.' : 'the two answers agree.'}`
  );
}
