import { describeTravel } from '../../travel/provider.js';
import { compareEvaluations, type Comparison } from '../../scenario/compare.js';
import { dirname } from 'node:path';
import { embeddedTerritoryNames, runScenario, type ScenarioRun } from '../../node/scenario-run.js';
import { parseScenario } from '../../scenario/spec.js';
import { readText } from '../../node/files.js';
import { CareshedError } from '../../model/errors.js';
import { writeOutput } from '../output.js';
import { guardPaths } from '../output-paths.js';
import { scenarioInputs } from '../../node/output-guard.js';
import { UsageError } from '../usage.js';
import { parseCommand } from '../options.js';
import { weightWords } from '../access-output.js';
import type { CommandContext } from '../context.js';
import { int } from '../../model/figures.js';

export const compareHelp = `careshed compare: what a scenario changes against a baseline

Usage:
  careshed compare BASELINE.json SCENARIO.json [--out FILE] [--by ATTRIBUTE]

A scenario file describes one run (paths relative to the file, a travel matrix or network too;
occitanie:communes, occitanie:gp-communes, occitanie:centres, occitanie:neighbour-communes and
occitanie:neighbour-gp-communes name the embedded data):
  {
    "name": "ten more centres",
    "demand": "occitanie:communes",
    "supply": "occitanie:centres",             existing sites
    "add": [{"id": "new-1", "lon": 2.35, "lat": 43.21, "capacity": 4}],   or a sites file
    "close": ["msmr-09257"],
    "move": [{"id": "msmr-46297", "lon": 1.44, "lat": 44.45}],   same site, new place
    "targetMinutes": 15,
    "travel": "crow",                          crow[:KMH:DETOUR], network:FILE, matrix:FILE, osrm:URL
    "access": {"method": "apl"},               or {"method": "e2sfca", "decay": "gravity:1.5:30"}
    "by": "departement",                       territories of the comparison and the ranking
    "patientsPerUnit": 1000,
    "surroundings": {"demand": "around.csv", "supply": "around-gps.csv"},   or false; by default the embedded
                                               communes bring their neighbours (and gp-communes their GPs)
    "site": {"model": "mclp", "p": 10, "candidates": "occitanie:communes", "solver": "heuristic", "capacity": 4}
  }
Only demand and supply are required; "name" defaults to the file's path as given. With "travel":
"matrix:FILE" (FILE from where careshed runs, not from the scenario), demand and sites need no lon and lat,
and the matrix is its own cutoff.

Output: JSON {baseline, scenario, summary, definitions, territories, demand} (population newly covered and
newly uncovered; mean, median, 90th percentile and worst minutes before and after over the same people, those
who reach a site in both runs, with the unreachable counted apart; accessibility and capacity-aware coverage
before and after; ranks); .csv: one row per territory. Accessibility is the APL in consultations per
inhabitant a year (the default "access"), else capacity (GPs) per inhabitant: summary.meanAccessBefore and
After are over everybody (0 for people who reach no site), baseline and scenario.meanAccessReached over the
people who reach a site. With --out, the summary and what each figure means are also printed on standard error.

Options:
  --out FILE        .json or .csv (default JSON on standard output)
  --by ATTRIBUTE    territories (default: the scenario's "by", else each demand point)
  --quiet, -q       no warnings and no summary on standard error
  --help, -h        this help

Example:
  careshed compare examples/scenarios/baseline.json examples/scenarios/ten-centres.json --by departement
`;

/** The unit of an accessibility figure: the APL's, or the floating catchments' capacity per inhabitant. */
export const accessUnit = (method: string) => (method === 'apl' ? 'consultations per inhabitant a year' : 'capacity (GPs) per inhabitant');

function describe(run: ScenarioRun) {
  const s = run.evaluation.coverage.summary;
  const access = run.evaluation.access.summary;
  return {
    name: run.scenario.name,
    sites: run.sites.size,
    surroundings: { demandCount: run.area.demand.size - run.area.studyCount, siteCount: run.area.sites.size - run.area.studySites.size },
    added: run.added,
    closed: run.closed,
    moved: run.moved,
    targetMinutes: run.scenario.targetMinutes,
    travel: run.travel.name,
    travelModel: describeTravel(run.travel),
    coveredPopulation: s.coveredPopulation,
    coveredShare: s.coveredShare,
    meanMinutes: s.meanMinutes,
    unreachablePopulation: s.unreachablePopulation,
    accessMethod: run.scenario.access.method,
    accessUnit: accessUnit(run.scenario.access.method),
    /** Over the people who reach a site within the accessibility's reach; summary.meanAccessBefore/After count everybody. */
    meanAccessReached: access.meanValue,
    accessWeight: access.demandWeight,
    assignedPopulation: run.evaluation.capacity.summary.assignedPopulation,
    ...(run.siting ? { siting: { model: run.siting.model, status: run.siting.status, objective: run.siting.objective, gap: run.siting.gap } } : {}),
  };
}

export const compareOptions = { out: { type: 'string' }, by: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } } as const;

export async function runCompare(argv: string[], context: CommandContext): Promise<void> {
  const { values, positionals } = parseCommand('compare', argv, compareOptions, true);
  if (values.help) return context.stdout(compareHelp);
  if (positionals.length !== 2) throw new UsageError(`careshed compare: expected two scenario files, BASELINE.json SCENARIO.json; got ${positionals.length} (careshed compare --help)`);
  // The files the scenarios name are inputs too: --out must be none of them (the scenario files were checked with the options).
  if (values.out !== undefined) guardPaths('compare', positionals.flatMap(scenarioInputs), [{ label: '--out', path: values.out }]);
  // Both files read and checked before either runs: a typo in the second is told at once.
  const specs = positionals.map((path) => parseScenario(readText(path), path));
  const [baseline, scenario] = [await runScenario(specs[0], dirname(positionals[0])), await runScenario(specs[1], dirname(positionals[1]))];
  const [a, b] = [baseline.demand, scenario.demand];
  if (a.size !== b.size || a.ids.some((id, i) => b.ids[i] !== id)) {
    throw new CareshedError('INVALID_SCENARIO', `the two runs have different demand points (${a.size} and ${b.size}); compare runs on the same demand`, { source: positionals[1], field: 'demand' });
  }
  const differs = a.population.findIndex((p, i) => b.population[i] !== p);
  if (differs >= 0) {
    throw new CareshedError('INVALID_SCENARIO', `the two runs weigh demand point "${a.ids[differs]}" differently (population ${a.population[differs]} and ${b.population[differs]}); compare runs on the same population`, { source: positionals[1], field: 'demand' });
  }
  const by = values.by ?? scenario.scenario.by ?? baseline.scenario.by;
  const names = embeddedTerritoryNames({ by, demand: scenario.scenario.demand });
  const change = compareEvaluations(a, baseline.evaluation, scenario.evaluation, { by, names });
  const round = (x: number | null, d = 3) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
  const m = (x: number | null) => round(x, 2);
  const unit = accessUnit(scenario.scenario.access.method);
  const definitions = {
    ...change.definitions,
    meanAccessReached: `baseline and scenario: the mean accessibility (${unit}) over the people who reach a site within the accessibility's reach, weighted by ${weightWords(scenario.evaluation.access.summary.demandWeight)}; summary.meanAccessBefore and meanAccessAfter are over everybody, 0 for those who reach none`,
    accessUnit: unit,
  };
  writeOutput(
    'compare',
    values.out,
    {
      json: { baseline: describe(baseline), scenario: describe(scenario), by: by ?? 'id', ...change, definitions },
      table: {
        columns: [
          'key', 'name', 'population', 'covered_before', 'covered_after', 'newly_covered', 'newly_uncovered', 'mean_minutes_before', 'mean_minutes_after', 'access_before', 'access_after', 'rank_before', 'rank_after',
          'minutes_population', 'median_minutes_before', 'median_minutes_after', 'p90_minutes_before', 'p90_minutes_after', 'worst_minutes_before', 'worst_minutes_after', 'unreachable_before', 'unreachable_after',
        ],
        rows: change.territories.map((t) => [
          t.key, t.name, t.population, t.coveredBefore, t.coveredAfter, t.newlyCovered, t.newlyUncovered, m(t.meanMinutesBefore), m(t.meanMinutesAfter), round(t.meanAccessBefore), round(t.meanAccessAfter), t.rankBefore, t.rankAfter,
          t.minutesPopulation, m(t.medianMinutesBefore), m(t.medianMinutesAfter), m(t.p90MinutesBefore), m(t.p90MinutesAfter), m(t.worstMinutesBefore), m(t.worstMinutesAfter), t.unreachableBefore, t.unreachableAfter,
        ]),
      },
      summary: [
        `careshed compare: ${baseline.scenario.name} → ${scenario.scenario.name}: ${change.summary.newlyCovered.toLocaleString('en-GB')} newly covered, ${change.summary.newlyUncovered.toLocaleString('en-GB')} newly uncovered within ${scenario.scenario.targetMinutes} min`,
        ...comparisonText(change, unit).trimEnd().split('\n'),
      ],
    },
    context.stdout,
    context.warn(values.quiet),
  );
}

/** The summary in words, each figure with what it means: for a terminal, beside the file written. */
export function comparisonText(change: Comparison, unit?: string): string {
  const s = change.summary;
  const d = change.definitions;
  const min = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} min`);
  const target = change.targetMinutes.before === change.targetMinutes.after ? `${change.targetMinutes.after} min` : `${change.targetMinutes.before} → ${change.targetMinutes.after} min`;
  const lines = [
    `population ${int(s.population)}: ${d.population}`,
    `covered (${target}): ${int(s.coveredBefore)} → ${int(s.coveredAfter)}, newly covered ${int(s.newlyCovered)}, newly uncovered ${int(s.newlyUncovered)}: ${d.covered}`,
    `minutes over ${int(s.minutesPopulation)} people: ${d.minutesPopulation}`,
    `  mean ${min(s.meanMinutesBefore)} → ${min(s.meanMinutesAfter)}: ${d.meanMinutes}`,
    `  median ${min(s.medianMinutesBefore)} → ${min(s.medianMinutesAfter)}: ${d.medianMinutes}`,
    `  90th percentile ${min(s.p90MinutesBefore)} → ${min(s.p90MinutesAfter)}: ${d.p90Minutes}`,
    `  worst ${min(s.worstMinutesBefore)} → ${min(s.worstMinutesAfter)}: ${d.worstMinutes}`,
    `unreachable ${int(s.unreachableBefore)} → ${int(s.unreachableAfter)}: ${d.unreachable}`,
    `mean accessibility over everybody ${s.meanAccessBefore?.toFixed(3) ?? '–'} → ${s.meanAccessAfter?.toFixed(3) ?? '–'}${unit ? ` ${unit}` : ''}: ${d.meanAccess}; no site within reach ${int(s.noAccessBefore)} → ${int(s.noAccessAfter)}`,
    `accessibility rose for ${int(s.accessImprovedPopulation)}, fell for ${int(s.accessWorsenedPopulation)} people`,
    `capacity-aware coverage ${int(s.assignedBefore)} → ${int(s.assignedAfter)}: ${d.assigned}`,
  ];
  return lines.join('\n') + '\n';
}
