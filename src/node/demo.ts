import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSites, siteRecords, type Sites } from '../model/points.js';
import { withSurroundings } from '../model/surroundings.js';
import { crowFly } from '../travel/crow-fly.js';
import { coverage, type CoverageSummary } from '../coverage/coverage.js';
import { formatTable } from '../io/table.js';
import { evaluate, type Evaluation } from '../scenario/evaluate.js';
import { sitingProblem } from '../siting/problem.js';
import { coveredWeight } from '../siting/mclp.js';
import { APL_UNDER_SERVED } from '../access/apl.js';
import { measureNeed } from '../access/need.js';
import { rankingTable } from '../rank/rank.js';
import { site, yearlyPlan, type PlanYear, type SiteResult } from '../siting/site.js';
import { loadOccitanie } from './occitanie.js';
import { buildReport } from './report.js';
import { svgToPng } from './png.js';

export const OCCITANIE_ATTRIBUTION = 'Communes: IGN Admin Express, INSEE COG (Licence Ouverte) · GPs: INSEE BPE (Licence Ouverte) · APL: DREES (Licence Ouverte 2.0)';
export const OCCITANIE_SOURCES = [
  'communes, populations and EPCIs: INSEE Code officiel géographique and populations légales via Etalab découpage administratif (Licence Ouverte)',
  'boundaries: IGN Admin Express COG 2018 via gregoiredavid/france-geojson (Licence Ouverte)',
  'GPs per commune: INSEE Base permanente des équipements, D201 (Licence Ouverte)',
  'APL 2022 and age-standardised populations: DREES (Licence Ouverte 2.0)',
  'communes and GPs of the 15 départements around the region, within 60 km: IGN Admin Express, INSEE COG and BPE, DREES (Licence Ouverte)',
  '"Ma santé, Ma Région" centres: Région Occitanie announcements and regional press',
];

export interface DemoResult {
  folder: string;
  files: string[];
  /** Coverage by the 8 centres, by the centres and the 10 proposed, and by any GP commune. */
  centres: CoverageSummary;
  withProposed: CoverageSummary;
  gpPresence: CoverageSummary;
  siting: SiteResult;
  /** APL and capacity to the GP communes, ranking by EPCI. */
  gps: Evaluation;
  /** `p` openings a year for three years, each year's kept (heuristic). */
  plan: PlanYear[];
  /**
   * The same siting weighted by need: only people in communes DREES would call under-served (APL under 2.5,
   * or no GP within 20 minutes) count. Under-served people within 15 minutes of a centre: with the 8 centres,
   * with the population-based proposal, and with this one.
   */
  /** Names of the sites (centres and proposed communes), by id. */
  names: ReadonlyMap<string, string>;
  byNeed: { underServed: number; centres: number; populationBased: number; needBased: number; selected: string[] };
  seconds: number;
}

/**
 * The whole pipeline on the embedded Occitanie data: coverage by the 8 regional centres (15 minutes), the
 * accessibility to GPs (DREES APL, with the communes and GPs around the region) and capacity-aware coverage, the ranking of EPCIs, the next `p` centres by
 * MCLP (exact when it fits in the time limit), then the report, the maps (SVG and PNG), the ranking CSV and the
 * sites GeoJSON in `folder`.
 */
export async function runDemo(folder: string, options: { p?: number; timeLimit?: number; log?: (line: string) => void } = {}): Promise<DemoResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const p = options.p ?? 10;
  const targetMinutes = 15;
  const o = loadOccitanie();
  const { communes, centres, gpCommunes } = o;
  const travel = crowFly();
  const int = (x: number) => Math.round(x).toLocaleString('en-GB');
  log(`careshed demo: ${int(communes.size)} communes, ${int(communes.totalPopulation)} inhabitants; ${centres.size} regional centres; ${int(gpCommunes.size)} GP communes`);

  const centreCoverage = coverage(travel.reach(communes, centres, { maxMinutes: targetMinutes }), communes, { targetMinutes }).summary;
  // GPs as DREES counts them: with those across the border, shared with the people around (APL by standardised population).
  const gpArea = withSurroundings(communes, gpCommunes, { demand: o.surroundings.communes, sites: o.surroundings.gpCommunes });
  const gpReach = travel.reach(gpArea.demand, gpArea.sites, { maxMinutes: 20 });
  const gps = evaluate(gpReach, gpArea.demand, gpArea.sites, { targetMinutes, access: { method: 'apl' }, rankBy: 'epci', names: o.epciNames, study: communes });

  const taken = new Set(centres.ids);
  const all = createSites([...siteRecords(centres), ...siteRecords(communes, (i) => !taken.has(communes.ids[i]))]);
  const allReach = travel.reach(communes, all, { maxMinutes: targetMinutes });
  const problem = sitingProblem(allReach, communes, all, { existing: [...centres.ids] });
  const siting = await site(problem, { model: 'mclp', p, targetMinutes, solver: 'auto', timeLimit: options.timeLimit });
  log(`  siting: MCLP for ${p} new centres, ${siting.status} (${siting.solver}, ${siting.seconds.toFixed(1)} s)`);
  // The same question weighted by need: people in communes with an APL under 2.5 (or no GP in reach).
  const need = measureNeed('low-apl', communes, {}, { apl: gps.access.value, aplThreshold: APL_UNDER_SERVED }).weight;
  const needProblem = sitingProblem(allReach, communes, all, { existing: [...centres.ids], weight: need });
  const needSiting = await site(needProblem, { model: 'mclp', p, targetMinutes, solver: 'heuristic' });
  const underServedWithin = (ids: readonly string[]) => coveredWeight(needProblem, targetMinutes, ids.map((id) => all.indexOf(id)));
  const byNeed = {
    underServed: need.reduce((t, x) => t + x, 0),
    centres: underServedWithin([]),
    populationBased: underServedWithin(siting.selected.map((s) => s.id)),
    needBased: needSiting.objective,
    selected: needSiting.selected.map((s) => s.id),
  };
  log(`  by need (APL under 2.5): ${int(byNeed.needBased)} under-served people within 15 min, against ${int(byNeed.populationBased)} with the population-based sites`);
  const plan = await yearlyPlan(problem, p, 3, { targetMinutes, solver: 'heuristic' });
  const chosen = siting.selected.map((s) => communes.indexOf(s.id));
  const proposed: Sites = createSites(chosen.map((i) => ({ id: communes.ids[i], lon: communes.lon[i], lat: communes.lat[i] })));
  const [centreName, communeName, departement] = [centres.attribute('name'), communes.attribute('name'), communes.attribute('departement')];
  const names = new Map<string, string>([
    ...Array.from(centres.ids, (id, j) => [id, `${centreName[j]} (centre)`] as const),
    ...communes.ids.map((id, i) => [id, `${communeName[i]} (${departement[i]})`] as const),
  ]);

  const report = await buildReport({
    title: 'Occitanie: the regional health centres and the next ' + p,
    subtitle: `Within ${targetMinutes} minutes of a "Ma santé, Ma Région" centre: the ${centres.size} named centres and ${p} proposed by MCLP; accessibility to GPs by the DREES APL method`,
    demand: communes,
    boundaries: o.boundaries(),
    existing: centres,
    proposed,
    travel,
    targetMinutes,
    evaluation: gps,
    siting,
    plan: { perYear: p, years: plan },
    groupBy: { attribute: 'departement', names: o.departementNames },
    siteNames: names,
    attribution: OCCITANIE_ATTRIBUTION,
    sources: OCCITANIE_SOURCES,
  });
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  const write = (name: string, content: string | Uint8Array) => {
    writeFileSync(join(folder, name), content);
    files.push(name);
  };
  write('report.html', report.html);
  for (const map of report.maps) {
    write(`${map.name}-map.svg`, map.svg);
    write(`${map.name}-map.png`, svgToPng(map.svg));
  }
  const ranking = gps.ranking;
  // The same table as `careshed rank --by epci --out x.csv` on the same inputs (test/cli-names.test.ts checks it).
  const rankingRows = rankingTable(ranking, { accessLabel: 'APL' });
  write('ranking-epci.csv', formatTable(rankingRows.columns, rankingRows.rows));
  const gain = new Map(siting.selected.map((s) => [s.id, s]));
  write(
    'sites.geojson',
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        ...Array.from(centres.ids, (id, j) => ({ type: 'Feature', properties: { id, name: names.get(id), kind: 'existing' }, geometry: { type: 'Point', coordinates: [centres.lon[j], centres.lat[j]] } })),
        ...Array.from(proposed.ids, (id, j) => ({ type: 'Feature', properties: { id, name: names.get(id), kind: 'proposed', order: gain.get(id)!.order, newlyCovered: gain.get(id)!.gain }, geometry: { type: 'Point', coordinates: [proposed.lon[j], proposed.lat[j]] } })),
      ],
    }) + '\n',
  );
  const withProposed = report.coverage;
  const gpPresence = gps.coverage.summary;
  const result: DemoResult = { folder, files, centres: centreCoverage, withProposed, gpPresence, siting, gps, plan, byNeed, names, seconds: (performance.now() - started) / 1000 };
  write(
    'summary.json',
    JSON.stringify(
      {
        targetMinutes,
        centres: centreCoverage,
        withProposed,
        gpPresence,
        capacity: gps.capacity.summary,
        apl: gps.access.summary,
        siting: { model: siting.model, p: siting.p, status: siting.status, objective: siting.objective, bound: siting.bound, gap: siting.gap, selected: siting.selected.map((s) => ({ ...s, name: names.get(s.id) })) },
        plan: plan.map((y) => ({ ...y, opened: y.opened.map((id) => ({ id, name: names.get(id) })) })),
        byNeed: { ...byNeed, selected: byNeed.selected.map((id) => ({ id, name: names.get(id) })) },
        worstEpci: ranking.slice(0, 10).map((r) => ({ rank: r.rank, key: r.key, name: r.name, score: r.score, reason: r.reason })),
      },
      null,
      2,
    ) + '\n',
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
