import { apl } from '../../access/apl.js';
import { capacityCoverage } from '../../access/capacity-coverage.js';
import { coverage } from '../../coverage/coverage.js';
import { rankTerritories } from '../../rank/rank.js';
import { inputHelp, inputOptions, reachInputs, standardised } from '../inputs.js';
import { writeOutput } from '../output.js';
import { numberOption, parseCommand, requireOption } from '../usage.js';
import type { CommandContext } from '../context.js';

export const rankHelp = `careshed rank: territories from worst to best served, each component beside the score, with reasons

Usage:
  careshed rank --demand FILE --supply FILE [--by ATTRIBUTE] [--minutes 15] [--out FILE]

Options:
${inputHelp}
  --by ATTRIBUTE           territories by this demand attribute (departement, epci); each demand point when omitted
  --minutes M              target, inclusive (default 15)
  --patients-per-gp N      places per unit of site capacity for capacity-aware coverage (default 1000)
  --activity-per-gp N      consultations a year per GP for the APL (default 3900)
  --access-threshold A     APL under this is low (default 2.5, DREES's "sous-dense")
  --standardised-field F   demand column with the age-standardised population for the APL
  --top N                  keep the N worst (default all)

Score (0 best, 100 worst): the mean of four shares: population beyond the target, mean minutes to the
nearest site over twice the target (capped at 1), population with APL under the threshold or none, and
population without a place within the target once capacity counts.

Example:
  careshed rank --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/gp-communes.csv --by epci --top 20
`;

export async function runRank(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('rank', argv, {
    ...inputOptions,
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
  const activityPerGp = numberOption('rank', 'activity-per-gp', values['activity-per-gp'], 3900);
  const accessThreshold = numberOption('rank', 'access-threshold', values['access-threshold'], 2.5);
  const top = numberOption('rank', 'top', values.top, Infinity);
  const { demand, sites, travel, reach } = await reachInputs('rank', values, context, Math.max(20, targetMinutes));
  const cov = coverage(reach, demand, { targetMinutes });
  const standardisedPopulation = values['standardised-field'] ? standardised(demand, values['standardised-field']) : undefined;
  const access = apl(reach, demand, sites, { activityPerGp, standardisedPopulation });
  const capacity = capacityCoverage(reach, demand, sites, { targetMinutes, patientsPerUnit });
  const ranked = rankTerritories(demand, { coverage: cov, access, capacity }, { by: values.by, accessThreshold, accessLabel: 'APL' }).slice(0, top);
  const round = (x: number | null | undefined, d = 4) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);
  writeOutput(
    'rank',
    values.out,
    {
      json: { travel: travel.name, by: values.by ?? 'id', targetMinutes, accessThreshold, territories: ranked },
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
