import { accessibility, type Accessibility, type FcaMethod } from '../../access/floating-catchment.js';
import { apl, APL_DECAY, DEFAULT_ACTIVITY_PER_GP } from '../../access/apl.js';
import { binaryDecay, parseDecay, type Decay } from '../../access/decay.js';
import { aplWeight, inputHelp, inputOptions, pointNames, studyInputs, surroundingsHelp, surroundingsOptions } from '../inputs.js';
import { accessOutput } from '../access-output.js';
import { describeTravel } from '../../travel/provider.js';
import { writeOutput } from '../output.js';
import { choiceOption, numberOption, parseCommand, requireOption, UsageError, type OptionSpec } from '../usage.js';
import type { CommandContext } from '../context.js';

export const accessHelp = `careshed access: how much care capacity each demand point can reach (floating catchments)

Usage:
  careshed access --demand FILE --supply FILE --method 2sfca|e2sfca|gravity|3sfca|bfca|apl [--decay SPEC]
                  [--surroundings-demand FILE] [--surroundings-supply FILE] [--out FILE]

Options:
${inputHelp}
${surroundingsHelp}
  --method M               2sfca, e2sfca, gravity, 3sfca (Wan et al. 2012), bfca (Paez et al. 2019), or apl (DREES)
  --decay SPEC             binary:MAX, step:10=1,15=0.6667,20=0.3333, linear:MAX, exponential:RATE[:MAX],
                           gaussian:WIDTH[:MAX], gravity:BETA[:MAX]; several values with | (gravity:1|1.5|2:30)
                           give one result each. Default: binary:30 for 2sfca, the DREES steps for apl
  --activity-per-gp N      apl: consultations a year per unit of capacity (GP), default ${DEFAULT_ACTIVITY_PER_GP}
  --standardised-field F   apl: demand column with the age-standardised population; default the column
                           standardised_population when the demand has it, else the population; "none": the population
  --out FILE               .json (default, to standard output), .csv (id, name, population, then the value, or
                           one column per decay) or .geojson (the same properties on each point or area)

Sites' capacity is their supply (GPs). A demand point with no site within reach gets null, not 0. With
surroundings, their demand and sites take part in the sums (as DREES computes the APL nationally) and the
output holds the --demand points only; summary.demandWeight says what weighed the demand.

Examples:
  careshed access --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/gp-communes.csv --method apl
  careshed access --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/gp-communes.csv --method apl \\
    --surroundings-demand fixtures/occitanie/neighbour-communes.csv \\
    --surroundings-supply fixtures/occitanie/neighbour-gp-communes.csv --travel crow:45:1.5
`;

const METHODS = ['2sfca', 'e2sfca', 'gravity', '3sfca', 'bfca', 'apl'] as const;

export const accessOptions = {
  ...inputOptions,
  method: { type: 'string' },
  decay: { type: 'string' },
  'activity-per-gp': { type: 'string' },
  'standardised-field': { type: 'string' },
  out: { type: 'string' },
  ...surroundingsOptions,
} as const satisfies OptionSpec;

export async function runAccess(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('access', argv, accessOptions);
  if (values.help) return context.stdout(accessHelp);
  requireOption('access', 'demand', values.demand);
  requireOption('access', 'supply', values.supply);
  const method = choiceOption('access', 'method', requireOption('access', 'method', values.method), METHODS);
  if (method === 'apl' && values.decay !== undefined) throw new UsageError('careshed access: --method apl has its own decay (the DREES steps); --decay goes with the other methods');
  const decays: Decay[] = values.decay ? parseDecay(values.decay) : method === 'apl' ? [APL_DECAY] : method === 'gravity' ? parseDecay('gravity:1:30') : [binaryDecay(30)];
  const maxMinutes = Math.max(...decays.map((d) => d.max));
  if (!Number.isFinite(maxMinutes)) throw new UsageError(`careshed access: the decay ${decays[0].name} needs a cutoff, e.g. ${decays[0].name.split(':').slice(0, 2).join(':')}:60`);
  const { area, travel, reach, warn, surroundings } = await studyInputs('access', values, context, maxMinutes);
  const { sites, studyCount } = area;
  const demand = area.study;
  let results: Accessibility[];
  if (method === 'apl') {
    const activityPerGp = numberOption('access', 'activity-per-gp', values['activity-per-gp'], DEFAULT_ACTIVITY_PER_GP);
    const standardisedPopulation = aplWeight('access', values['standardised-field'], area.demand, warn);
    results = [apl(reach, area.demand, sites, { activityPerGp, standardisedPopulation, studyCount })];
  } else {
    results = accessibility(reach, area.demand, sites, { method: method as FcaMethod, decay: decays, studyCount });
  }
  const output = accessOutput(method, results, demand, pointNames(demand, values['name-field']), area.studySites.size, maxMinutes);
  writeOutput('access', values.out, { ...output, json: { travel: travel.name, travelModel: describeTravel(travel), surroundings, ...(output.json as object) } }, context.stdout, warn);
}
