import { accessibility, type Accessibility, type FcaMethod } from '../../access/floating-catchment.js';
import { apl, APL_DECAY, DEFAULT_ACTIVITY_PER_GP } from '../../access/apl.js';
import { binaryDecay, parseDecay, type Decay } from '../../access/decay.js';
import { aplWeight, coordinatesFor, inputHelp, inputOptions, pointNames, studyInputs, surroundingsHelp, surroundingsOptions } from '../inputs.js';
import { accessOutput } from '../access-output.js';
import { describeTravel } from '../../travel/provider.js';
import { writeOutput } from '../output.js';
import { choiceOption, numberOption, requireOption, UsageError, type OptionSpec } from '../usage.js';
import { ACCESS_METHODS, decayOption, parseCommand } from '../options.js';
import { warnUnitCapacity } from '../capacity-note.js';
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
                           gaussian:WIDTH[:MAX], gravity:BETA[:MAX]; several values with | (quote it for the
                           shell: --decay 'gravity:1|1.5|2:30') or several --decay give one result each.
                           Default: binary:30 for 2sfca, e2sfca, 3sfca and bfca (e2sfca with a binary decay is
                           2sfca: give it zones, e.g. step:10=1,20=0.68,30=0.22), gravity:1:30 for gravity; apl
                           has its own, the DREES steps (step:10=1,15=0.6667,20=0.3333), and takes no --decay.
                           With --travel matrix:FILE the matrix is its own cutoff: a decay without MAX (and
                           the default gravity, gravity:1) keeps every pair of the matrix
  --activity-per-gp N      apl only: consultations a year per unit of capacity (GP), default ${DEFAULT_ACTIVITY_PER_GP}
  --standardised-field F   apl only: demand column with the age-standardised population; default the column
                           standardised_population when the demand has it, else the population; "none": the population
  --out FILE               .json (default, to standard output), .csv (id, name, population, then the value, or
                           one column per decay) or .geojson (the same properties on each point or area)

Sites' capacity is their supply (GPs); sites without a capacity column count 1 each, as standard error says.
The APL is in consultations per inhabitant a year, the other methods in capacity (GPs) per inhabitant. A
demand point with no site within reach gets null, not 0. With
surroundings, their demand and sites take part in the sums (as DREES computes the APL nationally) and the
output holds the --demand points only; summary.demandWeight says what weighed the demand.

Examples:
  careshed access --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/gp-communes.csv --method apl
  careshed access --demand fixtures/occitanie/communes.csv --supply fixtures/occitanie/gp-communes.csv --method apl \\
    --surroundings-demand fixtures/occitanie/neighbour-communes.csv \\
    --surroundings-supply fixtures/occitanie/neighbour-gp-communes.csv --travel crow:45:1.5
`;

export const accessOptions = {
  ...inputOptions,
  method: { type: 'string' },
  decay: { type: 'string', multiple: true },
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
  const method = choiceOption('access', 'method', requireOption('access', 'method', values.method), ACCESS_METHODS);
  if (method === 'apl' && values.decay !== undefined) throw new UsageError('careshed access: --method apl has its own decay (the DREES steps); --decay goes with the other methods');
  for (const flag of ['activity-per-gp', 'standardised-field'] as const) {
    if (method !== 'apl' && values[flag] !== undefined) throw new UsageError(`careshed access: --${flag} goes with --method apl; ${method} weighs demand by the population and counts capacity as given`);
  }
  // A matrix is its own cutoff: a decay without one (gravity:1) keeps every pair of it, the default gravity too.
  const byIds = coordinatesFor(values) === 'optional';
  const decays: Decay[] = values.decay ? decayOption('access', values.decay) : method === 'apl' ? [APL_DECAY] : method === 'gravity' ? parseDecay(byIds ? 'gravity:1' : 'gravity:1:30') : [binaryDecay(30)];
  if (method === '2sfca' && decays.some((d) => !d.name.startsWith('binary'))) throw new UsageError(`careshed access: --method 2sfca takes a binary decay (binary:MAX); for ${decays.find((d) => !d.name.startsWith('binary'))!.name} use --method e2sfca`);
  const maxMinutes = Math.max(...decays.map((d) => d.max));
  if (!Number.isFinite(maxMinutes) && !byIds) throw new UsageError(`careshed access: the decay ${decays[0].name} needs a cutoff, e.g. ${decays[0].name.split(':').slice(0, 2).join(':')}:60`);
  const activityPerGp = numberOption('access', 'activity-per-gp', values['activity-per-gp'], DEFAULT_ACTIVITY_PER_GP);
  const { area, travel, reach, warn, surroundings } = await studyInputs('access', values, context, maxMinutes);
  const { sites, studyCount } = area;
  const demand = area.study;
  const field = values['capacity-field'];
  warnUnitCapacity('access', [{ path: values.supply, capacity: area.studySites.capacity, field }, { path: values['surroundings-supply'], capacity: sites.capacity.subarray(area.studySites.size), field }], warn);
  let results: Accessibility[];
  if (method === 'apl') {
    const standardisedPopulation = aplWeight('access', values['standardised-field'], area.demand, warn);
    results = [apl(reach, area.demand, sites, { activityPerGp, standardisedPopulation, studyCount })];
  } else {
    results = accessibility(reach, area.demand, sites, { method: method as FcaMethod, decay: decays, studyCount });
  }
  const output = accessOutput(method, results, demand, pointNames(demand, values['name-field']), area.studySites.size, method === 'apl' ? [maxMinutes] : decays.map((d) => d.max));
  writeOutput('access', values.out, { ...output, json: { travel: travel.name, travelModel: describeTravel(travel), surroundings, ...(output.json as object) } }, context.stdout, warn);
}
