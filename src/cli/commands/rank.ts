import { apl, DEFAULT_ACTIVITY_PER_GP } from '../../access/apl.js';
import { capacityCoverage } from '../../access/capacity-coverage.js';
import { coverage } from '../../coverage/coverage.js';
import { rankingTable, rankTerritories } from '../../rank/rank.js';
import { aplWeight, inputHelp, inputOptions, pointNames, studyInputs, surroundingsHelp, surroundingsOptions, territoriesHelp, territoriesOption, withTerritories } from '../inputs.js';
import { count, int, writeOutput } from '../output.js';
import { numberOption, requireOption, type OptionSpec } from '../usage.js';
import { parseCommand } from '../options.js';
import { warnUnitCapacity } from '../capacity-note.js';
import { describeTravel } from '../../travel/provider.js';
import type { CommandContext } from '../context.js';

export const rankOptions = {
  ...inputOptions,
  ...territoriesOption,
  by: { type: 'string' },
  minutes: { type: 'string' },
  'patients-per-gp': { type: 'string' },
  'activity-per-gp': { type: 'string' },
  'access-threshold': { type: 'string' },
  'standardised-field': { type: 'string' },
  top: { type: 'string' },
  out: { type: 'string' },
  ...surroundingsOptions,
} as const satisfies OptionSpec;

export const rankHelp = `careshed rank: territories from worst to best served, each component beside the score, with reasons

Usage:
  careshed rank --demand FILE --supply FILE [--by ATTRIBUTE] [--minutes 15] [--top N]
                [--surroundings-demand FILE] [--surroundings-supply FILE] [--out FILE]

Options:
${inputHelp}
${surroundingsHelp}
  --by ATTRIBUTE           territories by this demand attribute (departement, epci); each demand point when omitted
${territoriesHelp}
  --minutes M              target, inclusive (default 15)
  --patients-per-gp N      places per unit of site capacity for capacity-aware coverage (default 1000)
  --activity-per-gp N      consultations a year per GP for the APL (default ${DEFAULT_ACTIVITY_PER_GP})
  --access-threshold A     APL under this is low (default 2.5, DREES's "sous-dense")
  --standardised-field F   demand column with the age-standardised population for the APL; default the column
                           standardised_population when the demand has it, else the population; "none": the population
  --top N                  keep the N worst (default all)
  --out FILE               .json (default, to standard output), .csv (one row per territory: rank, key, name,
                           partial, share_inside, score, population, beyond_target, mean_minutes, apl, low_apl,
                           without_place, gini, palma, reason) or .geojson (each demand point or area with its
                           id, name and population, the --by attribute, and its territory's row prefixed
                           territory_: territory_name, territory_population, territory_rank, territory_score...)

Score (0 best, 100 worst): the mean of four shares: population beyond the target, mean minutes to the
nearest site over twice the target (capped at 1), population with APL under the threshold or none, and
population without a place within the target once capacity counts. With surroundings, their demand and
sites count in the APL and the capacity (their people served first: see the README), and the territories are
those of --demand only.

A territory of which the demand holds less than 99.5 % of the population (known from --territories or the
<by>_population column) is partial: its score describes only its part inside, so it is ranked after every
whole territory (partial: true in the outputs, with the share inside).

Example:
  careshed rank --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/gp-communes.csv --by epci --top 20
`;

export async function runRank(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('rank', argv, rankOptions);
  if (values.help) return context.stdout(rankHelp);
  requireOption('rank', 'demand', values.demand);
  requireOption('rank', 'supply', values.supply);
  const targetMinutes = numberOption('rank', 'minutes', values.minutes, 15);
  const patientsPerUnit = numberOption('rank', 'patients-per-gp', values['patients-per-gp'], 1000);
  const activityPerGp = numberOption('rank', 'activity-per-gp', values['activity-per-gp'], DEFAULT_ACTIVITY_PER_GP);
  const accessThreshold = numberOption('rank', 'access-threshold', values['access-threshold'], 2.5);
  const top = numberOption('rank', 'top', values.top, Infinity);
  const { area, travel, reach, warn, surroundings } = await studyInputs('rank', values, context, Math.max(20, targetMinutes));
  const { sites, studyCount } = area;
  const field = values['capacity-field'];
  warnUnitCapacity('rank', [{ path: values.supply, capacity: area.studySites.capacity, field }, { path: values['surroundings-supply'], capacity: sites.capacity.subarray(area.studySites.size), field }], warn);
  const by = values.by;
  const demand = withTerritories('rank', area.study, by ? [by] : [], values.territories, warn);
  const cov = coverage(reach, area.demand, { targetMinutes, studyCount });
  const standardisedPopulation = aplWeight('rank', values['standardised-field'], area.demand, warn);
  const access = apl(reach, area.demand, sites, { activityPerGp, standardisedPopulation, studyCount });
  const capacity = capacityCoverage(reach, area.demand, sites, { targetMinutes, patientsPerUnit, studyCount });
  const pointName = pointNames(demand, values['name-field']);
  const names = !by && values['name-field'] ? new Map(demand.ids.map((id, i) => [id, pointName[i]])) : undefined;
  const all = rankTerritories(demand, { coverage: cov, access, capacity }, { by, accessThreshold, accessLabel: 'APL', names });
  const ranked = all.slice(0, top);
  const table = rankingTable(ranked, { accessLabel: 'APL' });
  // The map: each demand point with its own id, name and population, and its territory's row under territory_.
  const rowOf = new Map(ranked.map((r, k) => [r.key, table.rows[k]]));
  const territoryColumns = table.columns.map((c, k) => [c, k] as const).filter(([c]) => c !== 'key');
  const keys = by ? demand.attribute(by) : demand.ids;
  const territoryName = new Map(all.map((r) => [r.key, r.name]));
  const partial = all.filter((r) => r.partial);
  const whole = all.length - partial.length;
  const summary = [
    `careshed rank: ${count(all.length, `${by ?? 'demand point'} territory`, `${by ?? 'demand point'} territories`)} ranked, score 0 (best) to 100 (worst)${partial.length ? `; ${int(partial.length)} partial (cut by the study area's border) ranked after the ${count(whole, 'whole one', 'whole ones')}` : ''}; worst:`,
    ...ranked.slice(0, 3).map((r) => `  ${r.rank}. ${r.name}${r.partial ? ' (partial)' : ''}: ${r.score.toFixed(1)}; ${r.reason}`),
  ];
  writeOutput(
    'rank',
    values.out,
    {
      json: { travel: travel.name, travelModel: describeTravel(travel), surroundings, demandWeight: access.summary.demandWeight, by: by ?? 'id', targetMinutes, accessThreshold, territories: ranked },
      table,
      features: {
        points: demand,
        properties: (i) => {
          const row = rowOf.get(keys[i]);
          return {
            name: pointName[i],
            population: demand.population[i],
            ...(by ? { [by]: keys[i] } : {}),
            ...Object.fromEntries(territoryColumns.map(([c, k]) => [`territory_${c}`, row ? row[k] : null])),
            // Named even when --top leaves its territory out of the rows.
            territory_name: territoryName.get(keys[i]) ?? keys[i],
          };
        },
      },
      summary,
    },
    context.stdout,
    warn,
  );
}
