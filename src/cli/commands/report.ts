import { extname, join, resolve } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { CareshedError } from '../../model/errors.js';
import { createSites, requireCoordinates, type Demand, type Sites } from '../../model/points.js';
import { describeTravel } from '../../travel/provider.js';
import { readDemandFile, readSitesFile, readText } from '../../node/files.js';
import { DEFAULT_ACTIVITY_PER_GP } from '../../access/apl.js';
import { DEFAULT_PATIENTS_PER_GP } from '../../access/capacity-coverage.js';
import { mapFiles } from '../../node/map-files.js';
import { inputHelp, readInputs, surroundingsHelp, surroundingsOptions, territoriesHelp, territoriesOption, withTerritories } from '../inputs.js';
import { territoryNames } from '../../rank/rank.js';
import { count, int, pct, writeFiles } from '../output.js';
import { resolveTravel } from '../travel.js';
import { numberOption, requireOption, UsageError } from '../usage.js';
import { parseCommand } from '../options.js';
import { warnUnitCapacity } from '../capacity-note.js';
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
${inputHelp.replace(/^ {2}--supply FILE .*\n/m, '  --supply FILE            the sites open today (CSV id,lon,lat[,capacity] or GeoJSON; capacity in GPs), each a\n                           switch in the page\n')}
  --gps FILE               supply that is always there and is not a site of the programme (the GPs of each
                           commune, capacity = GPs): counted for places and accessibility, never switched
  --boundaries FILE        GeoJSON polygons for the map, property "id" = demand id; optional: without it, the
                           demand's own polygons when the demand is GeoJSON, else one disc per demand point
                           (area ∝ population), so a CSV of points needs none. Checked before any work
  --candidates FILE        candidate sites; with --model, --p, --solver, --time-limit as for careshed site
                           (those options need --candidates)
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

/** The options of the siting, which say nothing without --candidates. */
const SITING_ONLY = ['model', 'p', 'need', 'solver', 'max-nodes', 'time-limit', 'candidate-capacity', 'max-minutes', 'candidates-id-field', 'standardised-field'] as const;

/**
 * The --boundaries file, checked whole before any work: a FeatureCollection of Polygon and MultiPolygon
 * features, errors naming the file and the feature.
 */
function readBoundaries(path: string): FeatureCollection<Polygon | MultiPolygon> {
  let collection: FeatureCollection<Polygon | MultiPolygon>;
  try {
    collection = JSON.parse(readText(path).replace(/^\uFEFF/, ''));
  } catch (error) {
    if (error instanceof CareshedError) throw error;
    throw new CareshedError('PARSE_ERROR', `not valid JSON (${(error as Error).message})`, { source: path });
  }
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) throw new CareshedError('PARSE_ERROR', 'expected a GeoJSON FeatureCollection', { source: path, field: 'type', value: (collection as { type?: unknown } | undefined)?.type });
  if (collection.features.length === 0) throw new CareshedError('EMPTY_INPUT', 'has no features; a map needs at least one boundary polygon', { source: path });
  collection.features.forEach((feature, f) => {
    const type = (feature?.geometry as { type?: string } | null | undefined)?.type ?? null;
    if (type !== 'Polygon' && type !== 'MultiPolygon') throw new CareshedError('INVALID_GEOMETRY', 'a boundary must be a Polygon or MultiPolygon', { source: path, feature: f, field: 'geometry', value: type });
  });
  return collection;
}

/** Boundaries none of which is a demand point's are surely the wrong file or the wrong id property. */
function checkBoundaryIds(path: string, boundaries: FeatureCollection<Polygon | MultiPolygon>, demand: Demand): void {
  const ids = boundaries.features.map((f) => String(f.properties?.id ?? ''));
  if (ids.some((id) => demand.indexOf(id) >= 0)) return;
  throw new CareshedError('JOIN_MISSING', `${ids.length === 1 ? 'its one feature has no' : `none of its ${int(ids.length)} features has a`} property "id" that is a demand point's id (features: ${ids.slice(0, 3).map((id) => JSON.stringify(id)).join(', ')}…; demand: ${demand.ids.slice(0, 3).map((id) => JSON.stringify(id)).join(', ')}…)`, { source: path, field: 'id' });
}

/**
 * The page draws every demand point and site: points read without lon and lat (allowed with a matrix, which
 * goes by ids) are refused, naming the file and the first of them.
 */
function requireMapped(sets: readonly (Demand | Sites | undefined)[]): void {
  const fix = 'a map needs coordinates or boundaries: give lon and lat, or demand points as GeoJSON polygons (their boundaries); with a matrix and no coordinates, coverage, access, rank, site and compare work, and --out FILE.geojson writes the points unlocated';
  for (const set of sets) if (set) requireCoordinates(set, 'the report, whose maps place every demand point and site,', fix);
}

export async function runReport(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('report', argv, reportOptions);
  if (values.help) return context.stdout(reportHelp);
  const out = requireOption('report', 'out', values.out);
  if (extname(out).toLowerCase() !== '.html') throw new UsageError(`careshed report: --out must end in .html, got "${out}"`);
  requireOption('report', 'demand', values.demand);
  if (!values.candidates) {
    const given = SITING_ONLY.filter((flag) => values[flag] !== undefined);
    if (given.length > 0) throw new UsageError(`careshed report: ${given.map((flag) => `--${flag}`).join(', ')} ${given.length === 1 ? 'goes' : 'go'} with --candidates FILE (the sites a siting model may open); without it the report shows the --supply sites`);
  }
  const boundaries = values.boundaries ? readBoundaries(values.boundaries) : undefined;
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
  const field = values['capacity-field'];
  if (values.candidates) {
    const run = await runSiting('report', values, warn, progress, (read) => {
      requireMapped([read]);
      if (boundaries) checkBoundaryIds(values.boundaries!, boundaries, read);
    });
    requireMapped([run.sites, run.existing ?? undefined]);
    // runSiting spoke of the sites it measures the APL against (--gps, else --supply); the page counts --supply too.
    if (values.gps && values.model !== 'cmclp') warnUnitCapacity('report', [{ path: values.supply, capacity: run.existing?.capacity ?? [], field }], warn);
    ({ demand, travel, result: siting } = run);
    existing = run.existing ?? undefined;
    const chosen = siting.selected.map((s) => run.sites.indexOf(s.id));
    // A chosen site may share its id with a GP commune (candidates are often the communes): it becomes new-ID.
    const taken = new Set([...(gps?.ids ?? []), ...(existing?.ids ?? [])]);
    proposed = createSites(chosen.map((j) => ({ id: taken.has(run.sites.ids[j]) ? `new-${run.sites.ids[j]}` : run.sites.ids[j], lon: run.sites.lon[j], lat: run.sites.lat[j], capacity: run.sites.capacity[j] })), { source: values.candidates });
  } else {
    requireOption('report', 'supply', values.supply);
    ({ demand, sites: existing } = readInputs('report', values, warn));
    requireMapped([demand, existing]);
    if (boundaries) checkBoundaryIds(values.boundaries!, boundaries, demand);
    warnUnitCapacity('report', [{ path: values.supply, capacity: existing.capacity, field }, { path: values.gps, capacity: gps?.capacity ?? [], field }], warn);
    travel = await resolveTravel('report', values, warn, progress);
  }
  demand = withTerritories('report', demand, values.by ? [values.by] : [], values.territories, warn);
  const name = siting ? `${siting.p} sites chosen by ${siting.model.toUpperCase()}` : '';
  const { buildReport, demandBoundaries } = await import('../../node/report.js'); // maps and projections, loaded when a report is made
  const report = await buildReport({
    title: values.title ?? `Access to care: ${count(demand.size, 'demand point')}, ${count((existing?.size ?? 0) + (gps?.size ?? 0), 'site')}${siting ? `, ${int(siting.p)} proposed` : ''}`,
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
  if (report.unmatchedFeatures.length) warn(`careshed report: ${count(report.unmatchedFeatures.length, 'boundary feature matches', 'boundary features match')} no demand id (drawn as no data), e.g. ${report.unmatchedFeatures.slice(0, 5).join(', ')}`);
  if (report.unmatchedDemand.length) warn(`careshed report: ${count(report.unmatchedDemand.length, 'demand point has', 'demand points have')} no boundary (not drawn), e.g. ${report.unmatchedDemand.slice(0, 5).join(', ')}`);
  // The report and the maps all or none: an unwritable --maps leaves no report behind, and the old ones stay.
  writeFiles('report', [{ path: out, content: report.html }, ...(values.maps ? mapFiles(report.maps).map((m) => ({ path: join(values.maps!, m.name), content: m.content })) : [])], warn);
  const today = report.states[0].figures.headline;
  warn(`careshed report: ${count(demand.size, 'demand point')}, ${count(today.population, 'inhabitant')}; today, within ${targetMinutes} min of a site: ${int(today.withinCentre)} (${pct(today.withinCentre / today.population)}); without a place within ${targetMinutes} min: ${int(today.withoutPlace)}; worst served: ${report.states[0].figures.evaluation.ranking.slice(0, 3).map((r) => r.name).join(', ')}`);
  warn(`careshed report: wrote ${out}${report.mapStyle === 'symbols' ? ' (no areas given: one disc per demand point)' : ''}${values.maps ? ` and the maps in ${values.maps}` : ''}`);
}
