import { compareEvaluations } from '../../scenario/compare.js';
import { embeddedTerritoryNames, runScenarioFile, type ScenarioRun } from '../../node/scenario-run.js';
import { CareshedError } from '../../model/errors.js';
import { writeOutput } from '../output.js';
import { parseCommand, UsageError } from '../usage.js';
import type { CommandContext } from '../context.js';

export const compareHelp = `careshed compare: what a scenario changes against a baseline

Usage:
  careshed compare BASELINE.json SCENARIO.json [--out FILE] [--by ATTRIBUTE]

A scenario file describes one run (paths relative to the file; occitanie:communes, occitanie:gp-communes and
occitanie:centres name the embedded data):
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
    "site": {"model": "mclp", "p": 10, "candidates": "occitanie:communes", "solver": "heuristic", "capacity": 4}
  }
Only demand and supply are required.

Output: JSON {baseline, scenario, summary, territories, demand} (population newly covered and newly uncovered,
mean minutes, accessibility and capacity-aware coverage before and after, ranks); .csv: one row per territory.

Options:
  --out FILE        .json or .csv (default JSON on standard output)
  --by ATTRIBUTE    territories (default: the scenario's "by", else each demand point)
  --quiet, -q       no warnings and no summary on standard error
  --help, -h        this help

Example:
  careshed compare examples/scenarios/baseline.json examples/scenarios/ten-centres.json --by departement
`;

function describe(run: ScenarioRun) {
  const s = run.evaluation.coverage.summary;
  return {
    name: run.scenario.name,
    sites: run.sites.size,
    added: run.added,
    closed: run.closed,
    moved: run.moved,
    targetMinutes: run.scenario.targetMinutes,
    travel: run.travel.name,
    coveredPopulation: s.coveredPopulation,
    coveredShare: s.coveredShare,
    meanMinutes: s.meanMinutes,
    meanAccess: run.evaluation.access.summary.meanValue,
    assignedPopulation: run.evaluation.capacity.summary.assignedPopulation,
    ...(run.siting ? { siting: { model: run.siting.model, status: run.siting.status, objective: run.siting.objective, gap: run.siting.gap } } : {}),
  };
}

export const compareOptions = { out: { type: 'string' }, by: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } } as const;

export async function runCompare(argv: string[], context: CommandContext): Promise<void> {
  const { values, positionals } = parseCommand('compare', argv, compareOptions, true);
  if (values.help) return context.stdout(compareHelp);
  if (positionals.length !== 2) throw new UsageError(`careshed compare: expected two scenario files, BASELINE.json SCENARIO.json; got ${positionals.length} (careshed compare --help)`);
  const [baseline, scenario] = [await runScenarioFile(positionals[0]), await runScenarioFile(positionals[1])];
  const [a, b] = [baseline.demand, scenario.demand];
  if (a.size !== b.size || a.ids.some((id, i) => b.ids[i] !== id)) {
    throw new CareshedError('INVALID_SCENARIO', `the two runs have different demand points (${a.size} and ${b.size}); compare runs on the same demand`, { source: positionals[1], field: 'demand' });
  }
  const by = values.by ?? scenario.scenario.by ?? baseline.scenario.by;
  const names = embeddedTerritoryNames({ by, demand: scenario.scenario.demand });
  const change = compareEvaluations(a, baseline.evaluation, scenario.evaluation, { by, names });
  const round = (x: number | null, d = 3) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
  writeOutput(
    'compare',
    values.out,
    {
      json: { baseline: describe(baseline), scenario: describe(scenario), by: by ?? 'id', ...change },
      table: {
        columns: ['key', 'name', 'population', 'covered_before', 'covered_after', 'newly_covered', 'newly_uncovered', 'mean_minutes_before', 'mean_minutes_after', 'access_before', 'access_after', 'rank_before', 'rank_after'],
        rows: change.territories.map((t) => [t.key, t.name, t.population, t.coveredBefore, t.coveredAfter, t.newlyCovered, t.newlyUncovered, round(t.meanMinutesBefore, 2), round(t.meanMinutesAfter, 2), round(t.meanAccessBefore), round(t.meanAccessAfter), t.rankBefore, t.rankAfter]),
      },
      summary: [`careshed compare: ${baseline.scenario.name} → ${scenario.scenario.name}: ${change.summary.newlyCovered.toLocaleString('en-GB')} newly covered, ${change.summary.newlyUncovered.toLocaleString('en-GB')} newly uncovered within ${scenario.scenario.targetMinutes} min`],
    },
    context.stdout,
    context.warn(values.quiet),
  );
}
