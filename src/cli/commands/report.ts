import { mkdirSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { CareshedError } from '../../model/errors.js';
import { createSites, type Sites } from '../../model/points.js';
import { describeTravel } from '../../travel/provider.js';
import { readDemandFile, readSitesFile, readText, writeText } from '../../node/files.js';
import { DEFAULT_ACTIVITY_PER_GP } from '../../access/apl.js';
import { DEFAULT_PATIENTS_PER_GP } from '../../access/capacity-coverage.js';
import { buildReport, demandBoundaries } from '../../node/report.js';
import { svgToPng } from '../../node/png.js';
import { inputHelp, readInputs, surroundingsHelp, surroundingsOptions, territoriesHelp, territoriesOption, withTerritories } from '../inputs.js';
import { territoryNames } from '../../rank/rank.js';
import { int, pct } from '../output.js';
import { resolveTravel } from '../travel.js';
import { numberOption, parseCommand, requireOption, UsageError } from '../usage.js';
import { runSiting, sitingOptions } from './site.js';
import type { CommandContext } from '../context.js';

export const reportHelp = `careshed report: one self-contained HTML report (today first, the proposal a switch away; map, figures, ranking, planning in the page)

Usage:
  careshed report --demand FILE --supply FILE [--gps FILE] [--boundaries FILE] [--minutes 15] [--by ATTRIBUTE] --out report.html
  careshed report --demand FILE [--supply FILE] --candidates FILE --model cmclp --p N [...] --out report.html

The page needs no network: the data, the map and careshed itself are inside. It opens on today (the
--supply sites); with --candidates, the sites a siting model chooses are the proposal, a switch away. Every
figure (people within the target of a site, people without a place, people in under-served areas, the
ranking) is computed on the same sites: --gps, when given, and the sites open in the state shown; the page
recomputes them after each switch. With straight-line travel, the page also opens new sites where you click
and suggests the next ones; it saves the state shown as a scenario file for careshed compare.

Options:
${inputHelp}
  --gps FILE               supply that is always there and is not a site of the programme (the GPs of each
                           commune, capacity = GPs): counted for places and accessibility, never switched
  --boundaries FILE        GeoJSON polygons for the map, property "id" = demand id (default: the demand's own
                           polygons, when the demand is GeoJSON; else one disc per point, area ∝ population)
  --candidates FILE        candidate sites; with --model, --p, --solver, --time-limit as for careshed site
  --candidates-id-field NAME  column or property of the candidates' ids (default id)
  --model, --p, --need, --solver, --max-nodes, --time-limit, --patients-per-gp, --patients-per-unit,
  --candidate-capacity, --activity-per-gp, --standardised-field, --max-minutes   see careshed site --help
${surroundingsHelp}
  --minutes M              target, inclusive (default 15)
  --by ATTRIBUTE           territories of the ranking and of the table by territory (departement, epci)
${territoriesHelp}
  --title TEXT             the report's title
  --maps DIR               also write the maps there: coverage-map, access-map, places-map (.svg and .png)
  --out FILE.html          the report (required)

Example:
  careshed report --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/centres.csv \\
    --gps fixtures/occitanie/gp-communes.csv --boundaries fixtures/occitanie/boundaries.geojson \\
    --candidates fixtures/occitanie/communes.csv --model cmclp --p 10 --solver heuristic --by departement --out report.html
`;

export const reportOptions = { ...sitingOptions, ...surroundingsOptions, ...territoriesOption, boundaries: { type: 'string' }, by: { type: 'string' }, title: { type: 'string' }, maps: { type: 'string' }, out: { type: 'string' } } as const;

export async function runReport(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('report', argv, reportOptions);
  if (values.help) return context.stdout(reportHelp);
  const out = requireOption('report', 'out', values.out);
  if (extname(out).toLowerCase() !== '.html') throw new UsageError(`careshed report: --out must end in .html, got "${out}"`);
  requireOption('report', 'demand', values.demand);
  const warn = context.warn(values.quiet);
  const progress = context.progress(values.quiet);
  let existing: Sites | undefined;
  let proposed: Sites | undefined;
  let siting;
  let demand;
  let travel;
  const targetMinutes = numberOption('report', 'minutes', values.minutes, 15);
  if (values['patients-per-gp'] !== undefined && values['patients-per-unit'] !== undefined) throw new UsageError('careshed report: give --patients-per-gp or --patients-per-unit, not both');
  const patientsPerGp = numberOption('report', values['patients-per-unit'] !== undefined ? 'patients-per-unit' : 'patients-per-gp', values['patients-per-gp'] ?? values['patients-per-unit'], DEFAULT_PATIENTS_PER_GP);
  const aroundDemand = values['surroundings-demand'] ? readDemandFile(values['surroundings-demand']) : undefined;
  const aroundSites = values['surroundings-supply'] ? readSitesFile(values['surroundings-supply']) : undefined;
  if (Boolean(aroundDemand) !== Boolean(aroundSites)) throw new UsageError('careshed report: give --surroundings-demand and --surroundings-supply together');
  const surroundings = aroundDemand && aroundSites ? { demand: aroundDemand, sites: aroundSites } : undefined;
  const gps = values.gps ? readSitesFile(values.gps, { idField: values['supply-id-field'], idColumn: values['supply-id-field'], capacityField: values['capacity-field'], capacityColumn: values['capacity-field'] }) : undefined;
  if (values.candidates) {
    const run = await runSiting('report', values, warn, progress);
    ({ demand, travel, result: siting } = run);
    existing = run.existing ?? undefined;
    const chosen = siting.selected.map((s) => run.sites.indexOf(s.id));
    // A chosen site may share its id with a GP commune (candidates are often the communes): it becomes new-ID.
    const taken = new Set([...(gps?.ids ?? []), ...(existing?.ids ?? [])]);
    proposed = createSites(chosen.map((j) => ({ id: taken.has(run.sites.ids[j]) ? `new-${run.sites.ids[j]}` : run.sites.ids[j], lon: run.sites.lon[j], lat: run.sites.lat[j], capacity: run.sites.capacity[j] })), { source: values.candidates });
  } else {
    requireOption('report', 'supply', values.supply);
    ({ demand, sites: existing } = readInputs('report', values, warn));
    travel = await resolveTravel('report', values, warn, progress);
  }
  demand = withTerritories('report', demand, values.by ? [values.by] : [], values.territories, warn);
  let boundaries: FeatureCollection<Polygon | MultiPolygon> | undefined;
  if (values.boundaries) {
    try {
      boundaries = JSON.parse(readText(values.boundaries));
    } catch (error) {
      if (error instanceof CareshedError) throw error;
      throw new CareshedError('PARSE_ERROR', `not valid JSON (${(error as Error).message})`, { source: values.boundaries });
    }
    if (boundaries?.type !== 'FeatureCollection' || !Array.isArray(boundaries.features)) throw new CareshedError('PARSE_ERROR', 'expected a GeoJSON FeatureCollection', { source: values.boundaries, field: 'type', value: (boundaries as { type?: unknown } | undefined)?.type });
  }
  const name = siting ? `${siting.p} sites chosen by ${siting.model.toUpperCase()}` : '';
  const report = await buildReport({
    title: values.title ?? `Access to care: ${demand.size.toLocaleString('en-GB')} demand points, ${(existing?.size ?? 0) + (gps?.size ?? 0)} sites${siting ? `, ${siting.p} proposed` : ''}`,
    demand,
    boundaries: demandBoundaries(demand, boundaries),
    gps,
    existing,
    proposal: proposed && siting ? { sites: proposed, siting, label: `The ${name}`, button: `Proposal: ${name}` } : undefined,
    travel,
    targetMinutes,
    patientsPerGp,
    activityPerGp: numberOption('report', 'activity-per-gp', values['activity-per-gp'], DEFAULT_ACTIVITY_PER_GP),
    surroundings,
    rankBy: values.by ? { attribute: values.by, label: values.by, names: territoryNames(demand, values.by) } : undefined,
    groupBy: values.by ? { attribute: values.by, label: values.by, names: territoryNames(demand, values.by) } : undefined,
    scenario: { name: values.title ?? 'report', demand: resolve(values.demand!), supply: resolve((gps ? values.gps : values.supply) ?? values.demand!), travel: describeTravel(travel).spec, ...(values.by ? { by: values.by } : {}) },
    sitingMethod: siting ? [`${siting.model.toUpperCase()} for ${siting.p} sites from ${values.candidates}: status ${siting.status} (${siting.solver})${siting.reason ? `; ${siting.reason}` : ''}.`] : undefined,
    attribution: `Made with careshed from ${[values.demand, values.supply, values.gps, values.candidates].filter(Boolean).join(', ')}`,
    sources: [
      { what: 'demand points', when: 'as given', who: values.demand! },
      ...(values.supply ? [{ what: 'sites open today', when: 'as given', who: values.supply }] : []),
      ...(values.gps ? [{ what: 'supply always there', when: 'as given', who: values.gps }] : []),
      ...(values.candidates ? [{ what: 'candidate sites', when: 'as given', who: values.candidates }] : []),
      ...(values.boundaries ? [{ what: 'boundaries', when: 'as given', who: values.boundaries }] : []),
    ],
  });
  if (report.unmatchedFeatures.length) warn(`careshed report: ${report.unmatchedFeatures.length} boundary features match no demand id (drawn as no data), e.g. ${report.unmatchedFeatures.slice(0, 5).join(', ')}`);
  if (report.unmatchedDemand.length) warn(`careshed report: ${report.unmatchedDemand.length} demand points have no boundary (not drawn), e.g. ${report.unmatchedDemand.slice(0, 5).join(', ')}`);
  writeText(out, report.html);
  if (values.maps) {
    mkdirSync(values.maps, { recursive: true });
    for (const map of report.maps) {
      writeFileSync(join(values.maps, `${map.name}-map.svg`), map.svg);
      writeFileSync(join(values.maps, `${map.name}-map.png`), svgToPng(map.svg));
    }
  }
  const today = report.states[0].figures.headline;
  warn(`careshed report: ${int(demand.size)} demand points, ${int(today.population)} inhabitants; today, within ${targetMinutes} min of a site: ${int(today.withinCentre)} (${pct(today.withinCentre / today.population)}); without a place within ${targetMinutes} min: ${int(today.withoutPlace)}; worst served: ${report.states[0].figures.evaluation.ranking.slice(0, 3).map((r) => r.name).join(', ')}`);
  warn(`careshed report: wrote ${out}${report.mapStyle === 'symbols' ? ' (no areas given: one disc per demand point)' : ''}${values.maps ? ` and the maps in ${values.maps}` : ''}`);
}
