import { accessibility, type Accessibility, type FcaMethod } from '../../access/floating-catchment.js';
import { apl, APL_DECAY, aplTerms, DEFAULT_ACTIVITY_PER_GP } from '../../access/apl.js';
import { binaryDecay, parseDecay, type Decay } from '../../access/decay.js';
import { streamAccessibility, type StreamedAccessibility } from '../../access/stream.js';
import { aplWeight, coordinatesFor, inputHelp, inputOptions, pointNames, studyArea, studyReach, surroundingsHelp, surroundingsOptions } from '../inputs.js';
import { accessOutput } from '../access-output.js';
import { describeTravel, type TravelProvider } from '../../travel/provider.js';
import { CrowFly } from '../../travel/crow-fly.js';
import { estimatePairs } from '../../travel/estimate.js';
import { reportTravel } from '../travel.js';
import { count, int, writeOutput } from '../output.js';
import { choiceOption, numberOption, requireOption, UsageError, type OptionSpec } from '../usage.js';
import { ACCESS_METHODS, decayOption, parseCommand } from '../options.js';
import { warnUnitCapacity } from '../capacity-note.js';
import type { CommandContext } from '../context.js';
import type { Demand, Sites } from '../../model/points.js';
import type { Progress } from '../../model/progress.js';

/** What the reach table may take before access streams the demand by blocks, MB (--reach-memory). */
export const DEFAULT_REACH_MEMORY_MB = 1024;
/** Demand points whose pairs are counted to estimate the whole table's. */
const SAMPLE = 2000;
const MB = 1024 * 1024;

export const accessHelp = `careshed access: how much care capacity each demand point can reach (floating catchments)

Usage:
  careshed access --demand FILE --supply FILE --method 2sfca|e2sfca|gravity|3sfca|bfca|apl [--decay SPEC]
                  [--surroundings-demand FILE] [--surroundings-supply FILE] [--block-size N]
                  [--reach-memory MB] [--out FILE]

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
  --block-size N           stream the demand through the travel model N points at a time (straight lines,
                           crow, only): each block's reach table is built twice, once for the demand each site
                           faces and once for what each point reaches, and one block is held at a time. The
                           values are the same, bit for bit; the JSON says how in "stream"
  --reach-memory MB        what the reach table may take, default ${DEFAULT_REACH_MEMORY_MB}. With straight lines, access first
                           counts the pairs of ${int(SAMPLE)} evenly spaced demand points and, when the whole table
                           and accessibility's weights (16 bytes a pair) would take more, streams the demand in
                           blocks whose pairs take about a quarter of it, saying so on standard error. Other
                           travel models build the whole table, and say when it takes more
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
  'block-size': { type: 'string' },
  'reach-memory': { type: 'string' },
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
  const blockSize = values['block-size'] === undefined ? undefined : numberOption('access', 'block-size', values['block-size'], 0);
  const memory = numberOption('access', 'reach-memory', values['reach-memory'], DEFAULT_REACH_MEMORY_MB);
  if (blockSize !== undefined && !(values.travel ?? 'crow').startsWith('crow')) {
    throw new UsageError(`careshed access: --block-size streams the demand through straight lines (--travel crow); --travel ${values.travel} builds the whole table (a road network's searches and reports, a matrix file or a server's batches take every point at once)`);
  }
  const study = await studyArea('access', values, context);
  const { area, travel, warn, progress, surroundings } = study;
  const { sites, studyCount } = area;
  const demand = area.study;
  const field = values['capacity-field'];
  warnUnitCapacity('access', [{ path: values.supply, capacity: area.studySites.capacity, field }, { path: values['surroundings-supply'], capacity: sites.capacity.subarray(area.studySites.size), field }], warn);
  const standardisedPopulation = method === 'apl' ? aplWeight('access', values['standardised-field'], area.demand, warn) : undefined;
  const blocks = await streamPlan(travel, area.demand, sites, maxMinutes, memory, blockSize, warn);
  let results: Accessibility[];
  let stream: StreamedAccessibility['stream'] | undefined;
  if (blocks !== undefined) {
    ({ results, stream } = await streamedAccess(travel, area.demand, sites, { method, decays, blockSize: blocks, activityPerGp, standardisedPopulation, studyCount, progress }));
    reportTravel('access', travel, warn);
    warn(`careshed access: streamed in ${count(stream.blocks, 'block')} of ${count(stream.blockSize, 'demand point')}, each built twice: ${int(stream.pairCount)} pairs in all, at most ${int(stream.largestBlockPairs)} held at once (${bytes(8 * stream.largestBlockPairs)})`);
  } else {
    const reach = await studyReach('access', values, study, maxMinutes);
    const held = wholeTableBytes(reach.pairCount, reach.demandCount);
    if (held > memory * MB && !(travel instanceof CrowFly)) {
      warn(`careshed access: the reach table holds ${int(reach.pairCount)} pairs, ${bytes(held)} with accessibility's weights, over --reach-memory (${memory} MB): ${travel.name} builds it whole; straight lines (--travel crow) stream the demand by blocks`);
    }
    results = method === 'apl' ? [apl(reach, area.demand, sites, { activityPerGp, standardisedPopulation, studyCount })] : accessibility(reach, area.demand, sites, { method: method as FcaMethod, decay: decays, studyCount });
  }
  const output = accessOutput(method, results, demand, pointNames(demand, values['name-field']), area.studySites.size, method === 'apl' ? [maxMinutes] : decays.map((d) => d.max));
  writeOutput('access', values.out, { ...output, json: { travel: travel.name, travelModel: describeTravel(travel), surroundings, ...(output.json as object), ...(stream ? { stream } : {}) } }, context.stdout, warn);
}

/**
 * The access of every decay with the demand streamed by blocks (`streamAccessibility`); the APL as the E2SFCA it
 * is (the DREES steps, supply in consultations, demand weighed by age: `aplTerms`), its summary naming the weight
 * as `apl` does.
 */
async function streamedAccess(
  travel: TravelProvider,
  demand: Demand,
  sites: Sites,
  options: { method: string; decays: Decay[]; blockSize: number; activityPerGp: number; standardisedPopulation: string | false | undefined; studyCount: number; progress: Progress | undefined },
): Promise<{ results: Accessibility[]; stream: StreamedAccessibility['stream'] }> {
  const { method, activityPerGp, standardisedPopulation } = options;
  const terms = method === 'apl' ? aplTerms(demand, sites, { activityPerGp, standardisedPopulation }) : undefined;
  const streamed = await streamAccessibility(travel, demand, sites, {
    method: method === 'apl' ? 'e2sfca' : (method as FcaMethod),
    decay: options.decays,
    supply: terms?.supply,
    demandWeight: terms?.weight,
    studyCount: options.studyCount,
    blockSize: options.blockSize,
    onProgress: options.progress,
  });
  const results = streamed.map(({ stream: _, ...r }) => (terms ? { ...r, summary: { ...r.summary, demandWeight: terms.weightName } } : r));
  return { results, stream: streamed[0].stream };
}

/**
 * What whole-table accessibility holds: the table, 8 bytes a pair and 12 a demand point (`ReachTable.byteLength`),
 * and the weight of each pair (8 bytes) that `accessibility` computes for a decay.
 */
export const wholeTableBytes = (pairs: number, demandCount: number) => 16 * pairs + 12 * demandCount;

/**
 * The block size to stream the demand with, or undefined for the whole table: `blockSize` when given; else, with
 * straight lines (which build a block's rows as they build the whole's, and cheaply: the table of a sample
 * says how large the whole would be), blocks whose pairs take about a quarter of `memory` (MB) when the whole
 * would take more. Other travel models build the whole table. What it decides is said on standard error.
 */
async function streamPlan(travel: TravelProvider, demand: Demand, sites: Sites, maxMinutes: number, memory: number, blockSize: number | undefined, warn: (line: string) => void): Promise<number | undefined> {
  if (blockSize !== undefined) return Math.min(blockSize, Math.max(1, demand.size));
  if (!(travel instanceof CrowFly)) return undefined;
  const estimate = await estimatePairs(travel, demand, sites, { maxMinutes, sampleSize: SAMPLE });
  const whole = wholeTableBytes(estimate.pairs, demand.size);
  if (whole <= memory * MB) return undefined;
  // A quarter: a block of denser rows than the sample's holds more than its share of the pairs.
  const blockPairs = (memory * MB) / 4 / 8;
  const size = Math.max(1, Math.min(demand.size, Math.floor((demand.size * blockPairs) / Math.max(1, estimate.pairs))));
  warn(
    `careshed access: the reach table would hold ${estimate.exact ? '' : 'about '}${int(estimate.pairs)} pairs within ${maxMinutes} min${estimate.exact ? '' : ` (counted for ${int(estimate.sampled)} of the ${int(demand.size)} demand points)`}, ${bytes(whole)} with accessibility's weights, over --reach-memory (${memory} MB): the demand goes through in blocks of ${count(size, 'point')}`,
  );
  return size;
}

/** "3.7 GB", "170 MB", "0.6 kB". */
const bytes = (n: number) => (n >= 1024 * MB ? `${(n / (1024 * MB)).toFixed(1)} GB` : n >= MB ? `${int(n / MB)} MB` : `${(n / 1024).toFixed(1)} kB`);
