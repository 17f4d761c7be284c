import { describeTravel } from '../../travel/provider.js';
import { coverage, coverageBy, coverageRows, type Coverage, type GroupSummary } from '../../coverage/coverage.js';
import type { Demand } from '../../model/points.js';
import { territoryNames, territoryPopulations, WHOLE_SHARE } from '../../rank/rank.js';
import { inputHelp, inputOptions, nearestInputs, pointNames, territoriesHelp, territoriesOption, withTerritories } from '../inputs.js';
import { count, formatOutput, int, outputFormat, pct, round, writeOutput } from '../output.js';
import { numberOption, requireOption, UsageError, type OptionSpec } from '../usage.js';
import { parseCommand } from '../options.js';
import type { CommandContext } from '../context.js';

export const coverageOptions = {
  ...inputOptions,
  ...territoriesOption,
  minutes: { type: 'string' },
  by: { type: 'string', multiple: true },
  'by-out': { type: 'string' },
  out: { type: 'string' },
} as const satisfies OptionSpec;

export const coverageHelp = `careshed coverage: travel time to the nearest site for every demand point, and the population within the target

Usage:
  careshed coverage --demand FILE --supply FILE [--travel SPEC] [--minutes 15] [--by ATTRIBUTE]...
                    [--territories FILE] [--out FILE] [--by-out FILE]

Options:
${inputHelp}
  --minutes M              target in minutes, inclusive (default 15)
  --by ATTRIBUTE           also summarise by this demand attribute (repeatable), e.g. departement, epci
${territoriesHelp}
  --out FILE               .json (default, to standard output: summary, groups of --by, demand), .csv (one row
                           per demand point: id, name, population, nearest, nearest_name, minutes, covered, and
                           each --by attribute with its name) or .geojson (the same properties on each point or area)
  --by-out FILE            the summaries of the --by territories: .csv (one row per territory) or .json

With --out, a short summary goes to standard error (not with --quiet).

Example:
  careshed coverage --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/centres.csv --by departement
  careshed coverage --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/centres.csv --by epci \\
    --out coverage.csv --by-out coverage-epci.csv
`;

export interface NamedGroup extends GroupSummary {
  name: string;
  /** The territory's whole population, when known, and whether the demand holds only part of it. */
  territoryPopulation: number | null;
  partial: boolean;
}

/** coverageBy with each territory's name and whether the demand holds all of it. */
function namedGroups(result: Coverage, demand: Demand, by: string): NamedGroup[] {
  const names = territoryNames(demand, by);
  const whole = territoryPopulations(demand, by);
  return coverageBy(result, demand, by).map((g) => {
    const territoryPopulation = whole.get(g.key) ?? null;
    const { key, ...rest } = g;
    return { key, name: names?.get(key) ?? key, territoryPopulation, partial: territoryPopulation !== null && territoryPopulation > 0 && g.population / territoryPopulation < WHOLE_SHARE, ...rest };
  });
}

export async function runCoverage(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('coverage', argv, coverageOptions);
  if (values.help) return context.stdout(coverageHelp);
  requireOption('coverage', 'demand', values.demand);
  requireOption('coverage', 'supply', values.supply);
  const targetMinutes = numberOption('coverage', 'minutes', values.minutes, 15);
  const format = outputFormat('coverage', values.out);
  const byOut = values['by-out'];
  if (byOut !== undefined && !values.by) throw new UsageError('careshed coverage: --by-out needs --by ATTRIBUTE');
  const byFormat = byOut === undefined ? undefined : outputFormat('coverage', byOut);
  if (byFormat === 'geojson') throw new UsageError(`careshed coverage: --by-out must end in .csv or .json, got "${byOut}"`);
  const { demand: read, sites, travel, nearest, warn } = await nearestInputs('coverage', values, context, targetMinutes);
  const by = values.by ?? [];
  const demand = withTerritories('coverage', read, by, values.territories, warn);
  const result = coverage(nearest, demand, { targetMinutes });
  const groups = Object.fromEntries(by.map((attribute) => [attribute, namedGroups(result, demand, attribute)]));
  const names = pointNames(demand, values['name-field']);
  const siteNames = pointNames(sites);
  const territory = by.map((attribute) => {
    const keys = demand.attribute(attribute);
    const named = new Map(groups[attribute].map((g) => [g.key, g.name]));
    return { attribute, keys, name: (i: number) => named.get(keys[i]) ?? keys[i] };
  });
  // Each point's figures as coverageRows gives them, made when written: no object a point is held for a large run.
  const nearestId = (i: number) => (result.nearest[i] >= 0 ? sites.ids[result.nearest[i]] : null);
  const minutes = (i: number) => (Number.isFinite(result.minutes[i]) ? Math.round(result.minutes[i] * 100) / 100 : null);
  const properties = (i: number) => {
    const out: Record<string, unknown> = { name: names[i], population: demand.population[i], nearest: nearestId(i), nearest_name: result.nearest[i] >= 0 ? siteNames[result.nearest[i]] : null, minutes: minutes(i), covered: result.covered[i] === 1 };
    for (const t of territory) {
      out[t.attribute] = t.keys[i];
      out[`${t.attribute}_name`] = t.name(i);
    }
    return out;
  };
  const s = result.summary;
  const summary = [
    `careshed coverage: ${count(s.demandCount, 'demand point')}, ${count(s.population, 'inhabitant')}; within ${targetMinutes} min of ${sites.size === 1 ? 'the one site' : `one of ${int(sites.size)} sites`}: ${int(s.coveredPopulation)} (${pct(s.coveredShare)}); mean ${round(s.meanMinutes, 1) ?? '–'} min, 90 % within ${round(s.p90Minutes, 1) ?? '–'} min${s.unreachablePopulation > 0 ? `; ${int(s.unreachablePopulation)} reach no site` : ''}`,
    ...by.map((attribute) => {
      const worst = groups[attribute]
        .filter((g) => !g.partial)
        .sort((a, b) => (a.coveredShare ?? 0) - (b.coveredShare ?? 0) || b.population - a.population)
        .slice(0, 3);
      return `  by ${attribute}, least covered: ${worst.map((g) => `${g.name} ${pct(g.coveredShare)}`).join(', ')}`;
    }),
  ];
  // --by-out with --out, all or none: the territories' summaries are formatted first.
  const list = by.flatMap((attribute) => groups[attribute].map((g) => ({ by: attribute, ...g })));
  const byText =
    byOut === undefined
      ? undefined
      : formatOutput('coverage', byFormat!, {
          json: { travel: travel.name, travelModel: describeTravel(travel), targetMinutes, groups },
          table: {
            columns: ['by', 'key', 'name', 'partial', 'territory_population', 'population', 'demand_count', 'covered_population', 'covered_share', 'mean_minutes', 'median_minutes', 'p90_minutes', 'unreachable_population'],
            rows: list.map((g) => [g.by, g.key, g.name, g.partial, g.territoryPopulation, g.population, g.demandCount, g.coveredPopulation, round(g.coveredShare, 4), round(g.meanMinutes, 2), round(g.medianMinutes, 2), round(g.p90Minutes, 2), g.unreachablePopulation]),
          },
        });
  writeOutput(
    'coverage',
    values.out,
    {
      json: () => ({ travel: travel.name, travelModel: describeTravel(travel), summary: result.summary, ...(values.by ? { groups } : {}), demand: coverageRows(result, demand, sites) }),
      table: {
        columns: ['id', 'name', 'population', 'nearest', 'nearest_name', 'minutes', 'covered', ...by.flatMap((a) => [a, `${a}_name`])],
        rows: {
          count: demand.size,
          row: (i) => {
            const p = properties(i);
            return [demand.ids[i], p.name, p.population, p.nearest, p.nearest_name, p.minutes, p.covered, ...by.flatMap((a) => [p[a], p[`${a}_name`]])];
          },
        },
      },
      features: { points: demand, properties },
      summary,
    },
    context.stdout,
    warn,
    byOut === undefined ? [] : [{ path: byOut, content: byText! }],
  );
  // The per-point CSV and GeoJSON carry each point's territory, not the territories' summaries: say where those are.
  if (by.length > 0 && byOut === undefined && format !== 'json') warn(`careshed coverage: the summaries of the --by territories are not in ${values.out}: add --by-out FILE (.csv or .json) to write them`);
}
