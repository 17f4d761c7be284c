import { mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { CareshedError } from '../../model/errors.js';
import { createSites, siteRecords, type Sites } from '../../model/points.js';
import { evaluate } from '../../scenario/evaluate.js';
import { readText, writeText } from '../../node/files.js';
import { buildReport, demandBoundaries, reportCutoff } from '../../node/report.js';
import { svgToPng } from '../../node/png.js';
import { inputHelp, readInputs, territoriesHelp, territoriesOption, withTerritories } from '../inputs.js';
import { territoryNames } from '../../rank/rank.js';
import { resolveTravel } from '../travel.js';
import { numberOption, parseCommand, requireOption, UsageError } from '../usage.js';
import { runSiting, sitingOptions } from './site.js';
import { int, pct } from '../output.js';
import type { CommandContext } from '../context.js';

export const reportHelp = `careshed report: one self-contained HTML report (map, summary, ranking, siting; sites switchable in the page)

Usage:
  careshed report --demand FILE --supply FILE [--boundaries FILE] [--minutes 15] [--by ATTRIBUTE] --out report.html
  careshed report --demand FILE [--supply FILE] --candidates FILE --model mclp --p N [...] --out report.html

The page needs no network: the data, the maps and careshed itself are inside. Switching a site off or on
recomputes coverage in the page. With --candidates, the sites a siting model chooses are added as proposed.

Options:
${inputHelp}
  --boundaries FILE        GeoJSON polygons for the map, property "id" = demand id (default: the demand's own
                           polygons, when the demand is GeoJSON)
  --candidates FILE        candidate sites; with --model, --p, --solver, --time-limit as for careshed site
  --candidates-id-field NAME  column or property of the candidates' ids (default id)
  --model, --p, --need, --gps, --solver, --max-nodes, --time-limit, --patients-per-gp, --patients-per-unit,
  --candidate-capacity, --activity-per-gp, --standardised-field, --max-minutes   see careshed site --help
  --minutes M              target, inclusive (default 15)
  --by ATTRIBUTE           territories of the ranking (departement, epci); each demand point when omitted
${territoriesHelp}
  --title TEXT             the report's title
  --maps DIR               also write the maps there: coverage-map.svg/.png, access-map.svg/.png
  --out FILE.html          the report (required)

Example:
  careshed report --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/centres.csv \\
    --boundaries fixtures/occitanie/boundaries.geojson --candidates fixtures/occitanie/communes.csv \\
    --model mclp --p 10 --solver heuristic --by departement --out report.html
`;

export const reportOptions = { ...sitingOptions, ...territoriesOption, boundaries: { type: 'string' }, by: { type: 'string' }, title: { type: 'string' }, maps: { type: 'string' }, out: { type: 'string' } } as const;

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
  if (values.candidates) {
    const run = await runSiting('report', values, warn, progress);
    ({ demand, travel, result: siting } = run);
    existing = run.existing ?? undefined;
    const chosen = siting.selected.map((s) => run.sites.indexOf(s.id));
    proposed = createSites(chosen.map((j) => ({ id: run.sites.ids[j], lon: run.sites.lon[j], lat: run.sites.lat[j], capacity: run.sites.capacity[j] })), { source: values.candidates });
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
  const open = createSites([existing, proposed].flatMap((set) => (set ? siteRecords(set) : [])), { source: 'open sites' });
  // One table serves the evaluation (its APL needs 20 minutes) and the page (its bands need 30; every pair
  // when travel is not straight lines, so that switching sites off in the page stays exact).
  const reach = await travel.reach(demand, open, { maxMinutes: reportCutoff(travel, demand.size, open.size, Math.max(30, targetMinutes)), onProgress: progress });
  const evaluation = evaluate(reach, demand, open, { targetMinutes, rankBy: values.by, access: { method: 'apl' } });
  const report = await buildReport({
    title: values.title ?? `Access to care: ${demand.size} demand points, ${open.size} sites`,
    subtitle: `Within ${targetMinutes} minutes (${travel.name})${siting ? `; ${siting.p} sites proposed by ${siting.model.toUpperCase()} (${siting.status})` : ''}`,
    demand,
    boundaries: demandBoundaries(demand, boundaries),
    existing,
    proposed,
    travel,
    reach,
    targetMinutes,
    evaluation,
    siting,
    groupBy: values.by ? { attribute: values.by, names: territoryNames(demand, values.by) } : undefined,
    attribution: `Made with careshed from ${[values.demand, values.supply, values.candidates].filter(Boolean).join(', ')}`,
    sources: [values.demand!, values.supply, values.candidates, values.boundaries].filter((x): x is string => Boolean(x)),
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
  const s = evaluation.coverage.summary;
  warn(`careshed report: ${int(s.demandCount)} demand points, ${int(s.population)} inhabitants; within ${targetMinutes} min of one of the ${int(open.size)} open sites: ${int(s.coveredPopulation)} (${pct(s.coveredShare)}); worst served: ${evaluation.ranking.slice(0, 3).map((r) => r.name).join(', ')}`);
  warn(`careshed report: wrote ${out}${values.maps ? ` and the maps in ${values.maps}` : ''}`);
}
