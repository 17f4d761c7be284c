import { apl, DEFAULT_ACTIVITY_PER_GP } from '../../access/apl.js';
import { capacityCoverage } from '../../access/capacity-coverage.js';
import { coverage } from '../../coverage/coverage.js';
import { rankTerritories } from '../../rank/rank.js';
import { aplWeight, inputHelp, inputOptions, studyInputs, surroundingsHelp, surroundingsOptions } from '../inputs.js';
import { writeOutput } from '../output.js';
import { numberOption, parseCommand, requireOption } from '../usage.js';
import type { CommandContext } from '../context.js';

export const rankHelp = `careshed rank: territories from worst to best served, each component beside the score, with reasons

Usage:
  careshed rank --demand FILE --supply FILE [--by ATTRIBUTE] [--minutes 15]
                [--surroundings-demand FILE] [--surroundings-supply FILE] [--out FILE]

Options:
${inputHelp}
${surroundingsHelp}
  --by ATTRIBUTE           territories by this demand attribute (departement, epci); each demand point when omitted
  --minutes M              target, inclusive (default 15)
  --patients-per-gp N      places per unit of site capacity for capacity-aware coverage (default 1000)
  --activity-per-gp N      consultations a year per GP for the APL (default ${DEFAULT_ACTIVITY_PER_GP})
  --access-threshold A     APL under this is low (default 2.5, DREES's "sous-dense")
  --standardised-field F   demand column with the age-standardised population for the APL; default the column
                           standardised_population when the demand has it, else the population; "none": the population
  --top N                  keep the N worst (default all)

Score (0 best, 100 worst): the mean of four shares: population beyond the target, mean minutes to the
nearest site over twice the target (capped at 1), population with APL under the threshold or none, and
population without a place within the target once capacity counts. With surroundings, their demand and
sites count in the APL and the capacity (their people served first: see the README), and the territories are
those of --demand only.

Example:
  careshed rank --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/gp-communes.csv --by epci --top 20
`;

export async function runRank(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('rank', argv, {
    ...inputOptions,
    ...surroundingsOptions,
    by: { type: 'string' },
    minutes: { type: 'string' },
    'patients-per-gp': { type: 'string' },
    'activity-per-gp': { type: 'string' },
    'access-threshold': { type: 'string' },
    'standardised-field': { type: 'string' },
    top: { type: 'string' },
    out: { type: 'string' },
  });
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
  const cov = coverage(reach, area.demand, { targetMinutes, studyCount });
  const standardisedPopulation = aplWeight('rank', values['standardised-field'], area.demand, warn);
  const access = apl(reach, area.demand, sites, { activityPerGp, standardisedPopulation, studyCount });
  const capacity = capacityCoverage(reach, area.demand, sites, { targetMinutes, patientsPerUnit, studyCount });
  const ranked = rankTerritories(area.study, { coverage: cov, access, capacity }, { by: values.by, accessThreshold, accessLabel: 'APL' }).slice(0, top);
  const round = (x: number | null | undefined, d = 4) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);
  writeOutput(
    'rank',
    values.out,
    {
      json: { travel: travel.name, surroundings, demandWeight: access.summary.demandWeight, by: values.by ?? 'id', targetMinutes, accessThreshold, territories: ranked },
      table: {
        columns: ['rank', 'key', 'name', 'score', 'population', 'beyond_target', 'mean_minutes', 'apl', 'low_apl', 'unserved', 'gini', 'palma', 'reason'],
        rows: ranked.map((r) => [
          r.rank,
          r.key,
          r.name,
          round(r.score, 2),
          r.population,
          r.components.beyondTarget.population,
          round(r.components.nearestMinutes.meanMinutes, 2),
          round(r.components.lowAccess?.meanAccess, 3),
          r.components.lowAccess?.population,
          round(r.components.unserved?.population, 0),
          round(r.gini),
          round(r.palma),
          r.reason,
        ]),
      },
    },
    context.stdout,
  );
}
