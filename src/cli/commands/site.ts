import type { Progress } from '../../model/progress.js';
import { CareshedError } from '../../model/errors.js';
import { createSites, siteRecords, type Demand, type Sites } from '../../model/points.js';
import { sitingProblem } from '../../siting/problem.js';
import { site, type SiteResult, type SitingModel, type Solver } from '../../siting/site.js';
import { DEFAULT_MAX_NODES, DEFAULT_TIME_LIMIT } from '../../siting/mip.js';
import { measureNeed } from '../../access/need.js';
import { DEFAULT_ACTIVITY_PER_GP, STANDARDISED_POPULATION_FIELD } from '../../access/apl.js';
import { DEFAULT_PATIENTS_PER_GP } from '../../access/capacity-coverage.js';
import { explainSiting, type ExplainedSite } from '../../scenario/explain.js';
import { aplWeight, coordinatesFor, inputHelp, inputOptions, placeKey, readSitingInputs } from '../inputs.js';
import { gainUnit, sitingRows, sitingSummary } from '../siting-output.js';
import { warnUnitCapacity } from '../capacity-note.js';
import { weightWords } from '../access-output.js';
import { describeTravel } from '../../travel/provider.js';
import { longestPair, reportTravel, reportUnreached, resolveTravel } from '../travel.js';
import { formatTable } from '../../io/table.js';
import { count, int, outputFormat, writeFile } from '../output.js';
import { choiceOption, numberOption, requireOption, UsageError, type OptionSpec } from '../usage.js';
import { needOption, parseCommand, SITING_MODELS, SOLVERS } from '../options.js';
import type { CommandContext } from '../context.js';

export const siteHelp = `careshed site: where new sites should open, existing ones kept

Usage:
  careshed site --demand FILE --candidates FILE [--supply FILE] --model mclp|lscp|pmedian|pcenter|cmclp
                [--p N] [--minutes 15] [--need population|unmet|low-apl[:APL]] [--gps FILE]
                [--solver heuristic|exact|auto] [--max-nodes N] [--time-limit S] [--out FILE]

Options:
${inputHelp.replace(/^ {2}--supply FILE .*\n/m, '')}
  --candidates FILE        sites that may open (CSV id,lon,lat[,capacity] or GeoJSON; capacity in GPs); one may
                           stand at an existing site (same id or place): it is kept, and marked at_existing_site
  --candidates-id-field NAME  column or property of the candidates' ids (default id)
  --supply FILE            existing sites, kept open (optional; CSV id,lon,lat[,capacity] or GeoJSON), e.g. the
                           health centres
  --model M                mclp (most population, or need, within the target), lscp (fewest sites covering
                           all that can be), pmedian (least weighted minutes), pcenter (least largest minutes),
                           cmclp (most people given a place within the target, each site taking at most
                           capacity × --patients-per-gp; with --gps, the GPs' places count as existing)
  --p N                    new sites to open, a whole number from 1 (all models but lscp, which finds the fewest
                           itself and takes no --p); more than the candidates is refused (exit status 1)
  --minutes M              target, inclusive (default 15)
  --need N                 what the models count at each demand point (cmclp: what breaks ties between
                           sites that serve as many):
                             population  everyone (default; cmclp: the people the existing sites leave
                                         without a place)
                             unmet       people without a GP place within the target, GPs taking
                                         --patients-per-gp each, nearest places first
                             low-apl     people where the APL to GPs is under 2.5 (DREES's under-served line)
                                         or no GP is within 20 minutes; low-apl:3 sets the threshold
  --gps FILE               the existing GPs, capacity = number of GPs, that need and APL are measured against
                           (default --supply: then the APL is to those sites, each counting its capacity in
                           GPs, 1 without a capacity column); cmclp counts their places as existing capacity,
                           and a candidate at a GP site (same id or place) is marked at_existing_site
  --patients-per-gp N      places per GP, for unmet need and cmclp (default 1000, the mean "patientele
                           medecin traitant" of a French GP: 1,001 in 2021, Assurance Maladie)
  --patients-per-unit N    the same, older name
  --candidate-capacity N   capacity of every candidate, in GPs (default the file's capacity column, else 1)
  --activity-per-gp N      consultations a year per GP for the APL, existing and new (default 3,900)
  --standardised-field F   demand column with the age-standardised population for the APL (default the column
                           standardised_population when the demand has it, else the population)
  --max-minutes M          pmedian and pcenter only: the table's cutoff, also the cost of reaching nothing
                           (default 60; with --travel matrix:FILE, every pair of the matrix, and reaching
                           nothing costs its longest pair)
  --solver S               heuristic, exact (HiGHS) or auto (default: exact when it fits)
  --max-nodes N            branch-and-bound nodes for the exact solver (default 5,000): where a hard solve
                           stops, the same on every machine (not with --solver heuristic)
  --time-limit S           seconds for the exact solver, a safety (default 600; 0 gives the heuristic); a
                           solve it stops depends on the machine, and the output says so (not with --solver
                           heuristic)
  --out FILE               .json (default, to standard output: every figure, and for each site the demand it
                           serves with its minutes and APL before and after), .csv (one row per site: id, name,
                           order, gain, at_existing_site and the site's figures) or .geojson (the sites as
                           points with the same properties; unlocated, geometry null, without lon and lat)

A site's gain is what it adds in its order: mclp, lscp and pcenter, the people (or --need) newly within the
target; cmclp, the people newly given a place; pmedian, the inhabitant-minutes saved. With --gps (or --supply)
and mclp or cmclp, each site's apl_served_before and apl_served_after (JSON aplBefore, aplAfter) are the APL,
in consultations per inhabitant a year, of the people it serves (their people-weighted mean over the demand
points it serves, not one commune's APL), before and after the new sites open; the JSON's "apl" says against
which sites. An option that does not apply to the model or solver asked for (--p with lscp, --max-minutes
with mclp...) is refused.

Example (where 10 centres of 5 GPs would give the most people a GP place within 15 minutes):
  careshed site --demand fixtures/occitanie/communes.csv --candidates fixtures/occitanie/communes.csv \\
    --gps fixtures/occitanie/gp-communes.csv --model cmclp --candidate-capacity 5 --p 10 --solver heuristic
`;

/** The GPs' sites, added to a capacitated problem as existing capacity, under ids of their own ("gp:ID"). */
export const GP_SITE_PREFIX = 'gp:';

/** The options of a siting run, shared by careshed site and careshed report. */
export const sitingOptions = {
  ...inputOptions,
  candidates: { type: 'string' },
  model: { type: 'string' },
  p: { type: 'string' },
  minutes: { type: 'string' },
  'max-minutes': { type: 'string' },
  solver: { type: 'string' },
  'time-limit': { type: 'string' },
  'max-nodes': { type: 'string' },
  'patients-per-unit': { type: 'string' },
  'patients-per-gp': { type: 'string' },
  need: { type: 'string' },
  gps: { type: 'string' },
  'candidate-capacity': { type: 'string' },
  'activity-per-gp': { type: 'string' },
  'standardised-field': { type: 'string' },
  'candidates-id-field': { type: 'string' },
} as const satisfies OptionSpec;

type SitingValues = { [K in keyof typeof sitingOptions]?: (typeof sitingOptions)[K]['type'] extends 'boolean' ? boolean : string };

/**
 * The options given that the model, the solver and the need asked for would not use: bad usage, so that
 * nothing is silently ignored (--p with lscp, --max-minutes with mclp, --time-limit with the heuristic).
 * `aplUsed`: whether the APL is computed (the low-apl need, or mclp and cmclp explained against GPs).
 */
function refuseUnused(command: string, values: SitingValues, model: SitingModel, solver: Solver, need: string | undefined, aplUsed: boolean): void {
  const inReport = command === 'report'; // the page counts places and the APL whatever the siting
  const unused: [keyof SitingValues, boolean, string][] = [
    ['p', model === 'lscp', 'lscp opens the fewest sites that cover everyone it can: it takes no --p'],
    ['max-minutes', model !== 'pmedian' && model !== 'pcenter', `--max-minutes is the cutoff of pmedian and pcenter; ${model} counts within --minutes`],
    ['max-nodes', solver === 'heuristic', '--solver heuristic runs no exact solve: --max-nodes goes with --solver exact or auto'],
    ['time-limit', solver === 'heuristic', '--solver heuristic runs no exact solve: --time-limit goes with --solver exact or auto'],
    ['patients-per-gp', !inReport && model !== 'cmclp' && need !== 'unmet', '--patients-per-gp counts GP places, for --model cmclp or --need unmet'],
    ['patients-per-unit', !inReport && model !== 'cmclp' && need !== 'unmet', '--patients-per-unit counts GP places, for --model cmclp or --need unmet'],
    ['activity-per-gp', !inReport && !aplUsed, 'the APL is computed with --need low-apl, or for mclp and cmclp with --gps (or --supply)'],
    ['standardised-field', !aplUsed, 'the APL is computed with --need low-apl, or for mclp and cmclp with --gps (or --supply)'],
  ];
  for (const [flag, notHere, why] of unused) if (notHere && values[flag] !== undefined) throw new UsageError(`careshed ${command}: --${flag} does not apply here: ${why}`);
}

/**
 * With cmclp and --gps, the GPs' places are existing capacity: a candidate with a GP site's id or place is a
 * new centre where GPs already practise, marked with that site's id as a candidate at a --supply site is.
 */
function markAtGps(command: string, atExisting: readonly (string | null)[], userIds: readonly string[], sites: { lon: ArrayLike<number>; lat: ArrayLike<number> }, from: number, gps: Sites, gpsPath: string, warn: (line: string) => void): (string | null)[] {
  const atPlace = new Map<string, string>();
  gps.ids.forEach((id, j) => {
    const key = placeKey(gps, j);
    if (key !== null && !atPlace.has(key)) atPlace.set(key, id);
  });
  const marked = atExisting.map((at, j) => (j < from || at !== null ? at : gps.indexOf(userIds[j]) >= 0 ? userIds[j] : (atPlace.get(placeKey(sites, j) ?? '') ?? null)));
  const newly = marked.flatMap((at, j) => (at !== null && atExisting[j] === null ? [`${userIds[j]}${at === userIds[j] ? '' : ` (at ${at})`}`] : []));
  if (newly.length > 0) {
    warn(`careshed ${command}: ${count(newly.length, 'candidate stands', 'candidates stand')} at a GP site of ${gpsPath} (same id or same place), whose places count as existing: kept as candidates, a new centre where GPs already practise (${newly.slice(0, 5).join(', ')}${newly.length > 5 ? ', …' : ''})`);
  }
  return marked;
}

/** Against which sites the APL of the explanation is measured, and how demand is weighed, for the outputs. */
export interface AplBasis {
  /** The flag whose sites count as GPs: --gps, else --supply. */
  against: '--gps' | '--supply';
  file: string;
  demandWeight: string;
  activityPerGp: number;
}

/**
 * Reads demand, candidates, existing sites and GPs, measures the need, builds the problem and solves it, as
 * --model, --p and --need say; then explains each chosen site (APL before and after, when GPs are known).
 */
export async function runSiting(command: string, values: SitingValues, warn: (line: string) => void, progress?: Progress, onDemand?: (demand: Demand) => void) {
  requireOption(command, 'demand', values.demand);
  requireOption(command, 'candidates', values.candidates);
  const model: SitingModel = choiceOption(command, 'model', requireOption(command, 'model', values.model), SITING_MODELS);
  const solver: Solver = choiceOption(command, 'solver', values.solver ?? 'auto', SOLVERS);
  if (model !== 'lscp') requireOption(command, 'p', values.p);
  const needAsked = needOption(command, values.need);
  const gpsPath = values.gps ?? values.supply;
  const aplUsed = needAsked?.measure === 'low-apl' || (gpsPath !== undefined && (model === 'mclp' || model === 'cmclp'));
  if (values['patients-per-gp'] !== undefined && values['patients-per-unit'] !== undefined) throw new UsageError(`careshed ${command}: give --patients-per-gp or --patients-per-unit, not both`);
  refuseUnused(command, values, model, solver, needAsked?.measure, aplUsed);
  const p = numberOption(command, 'p', values.p, 0);
  const targetMinutes = numberOption(command, 'minutes', values.minutes, 15);
  // A matrix is its own cutoff: without --max-minutes every pair it holds is kept (60 minutes would cut a
  // matrix in other units, or of longer trips, to nothing); straight lines and roads have no end, so 60.
  const byIds = coordinatesFor(values) === 'optional';
  const maxMinutes = model === 'pmedian' || model === 'pcenter' ? numberOption(command, 'max-minutes', values['max-minutes'], byIds ? Infinity : 60) : targetMinutes;
  const timeLimit = numberOption(command, 'time-limit', values['time-limit'], DEFAULT_TIME_LIMIT);
  const maxNodes = numberOption(command, 'max-nodes', values['max-nodes'], DEFAULT_MAX_NODES);
  const patientsPerGp = numberOption(command, values['patients-per-unit'] !== undefined ? 'patients-per-unit' : 'patients-per-gp', values['patients-per-gp'] ?? values['patients-per-unit'], DEFAULT_PATIENTS_PER_GP);
  const candidateCapacity = values['candidate-capacity'] === undefined ? undefined : numberOption(command, 'candidate-capacity', values['candidate-capacity'], 1);
  const activityPerGp = numberOption(command, 'activity-per-gp', values['activity-per-gp'], DEFAULT_ACTIVITY_PER_GP);
  // Existing sites first, then candidates (one at an existing site kept under a key of its own: inputs.ts).
  const read = readSitingInputs(command, values, warn);
  const { demand, existing } = read;
  onDemand?.(demand);
  // Depends on the file, not on the command line: bad input (exit status 1), said before any work.
  if (model !== 'lscp' && p > read.candidates.size) {
    throw new CareshedError('INVALID_OPTION', `--p ${p} asks for more new sites than the ${count(read.candidates.size, 'candidate')} in this file`, { source: values.candidates });
  }
  const existingCount = existing?.size ?? 0;
  const sites = candidateCapacity === undefined ? read.sites : createSites(siteRecords(read.sites).map((r, j) => (j >= existingCount ? { ...r, capacity: candidateCapacity } : r)), { source: read.sites.source });
  const gps = read.gps ?? existing; // --gps, read and checked for swaps with the other inputs
  const needsGps = needAsked !== null && needAsked.measure !== 'population';
  if (needsGps && !gps) throw new UsageError(`careshed ${command}: --need ${needAsked.measure} is measured against the existing GPs: give --gps FILE (or --supply)`);
  const field = values['capacity-field'];
  warnUnitCapacity(command, [
    ...(gps && gpsPath !== undefined ? [{ path: gpsPath, capacity: gps.capacity, field }] : []),
    ...(model === 'cmclp' && existing && values.gps !== undefined ? [{ path: values.supply, capacity: existing.capacity, field }] : []),
    ...(model === 'cmclp' && candidateCapacity === undefined ? [{ path: values.candidates, capacity: read.candidates.capacity, field }] : []),
  ], warn);
  // CMCLP counts the GPs' places as existing capacity (under ids of their own), when they are not the --supply.
  const gpCapacity = model === 'cmclp' && values.gps && gps ? gps : null;
  const atExisting = gpCapacity ? markAtGps(command, read.atExisting, read.userIds, read.sites, existingCount, gpCapacity, values.gps!, warn) : read.atExisting;
  const problemSites = gpCapacity ? createSites([...siteRecords(gpCapacity).map((r) => ({ ...r, id: GP_SITE_PREFIX + r.id })), ...siteRecords(sites)]) : sites;
  const travel = await resolveTravel(command, values, warn, progress);
  const reach = await travel.reach(demand, problemSites, { maxMinutes, onProgress: progress });
  // The APL reaches 20 minutes; one table to the GPs serves the need and the "before" of the explanation.
  const gpReach = gps ? await travel.reach(demand, gps, { maxMinutes: Math.max(20, targetMinutes), onProgress: progress }) : null;
  reportTravel(command, travel, warn);
  const standardisedPopulation = aplUsed ? aplWeight(command, values['standardised-field'], demand, warn) : undefined;
  const need = needAsked ? measureNeed(needAsked.measure, demand, { reach: gpReach ?? undefined, gps: gps ?? undefined }, { targetMinutes, patientsPerGp, aplThreshold: needAsked.aplThreshold, activityPerGp, standardisedPopulation }) : null;
  const existingIds = [...(gpCapacity ? gpCapacity.ids.map((id) => GP_SITE_PREFIX + id) : []), ...(existing ? existing.ids : [])];
  if (byIds || model === 'pmedian' || model === 'pcenter') reportUnreached(command, reach, demand, warn);
  const problem = sitingProblem(reach, demand, problemSites, {
    existing: existingIds,
    // Every pair kept: a demand point none of whose pairs is open costs the matrix's longest pair, not Infinity.
    ...(maxMinutes === Infinity ? { beyondCost: longestPair(reach) } : {}),
    capacity: Float64Array.from(problemSites.capacity, (c) => c * patientsPerGp),
    weight: model === 'cmclp' ? undefined : need?.weight,
  });
  const result = await site(problem, { model, p, targetMinutes, solver, timeLimit, maxNodes, need: model === 'cmclp' ? need?.weight : undefined, onProgress: progress });
  if (result.reason) warn(`careshed ${command}: ${result.reason}`);
  // The chosen sites' APL before and after, against the GPs, new centres counting their capacity in GPs.
  let selected: (SiteResult['selected'][number] | ExplainedSite)[] = result.selected;
  let apl: AplBasis | null = null;
  if (gps && result.selected.length > 0 && (model === 'mclp' || model === 'cmclp')) {
    const added = createSites(result.selected.map((s) => siteRecords(sites, (j) => sites.ids[j] === s.id)[0]));
    const both = createSites([...siteRecords(gps).map((r, j) => ({ ...r, id: `gp ${j}` })), ...siteRecords(added)]);
    const explainReach = await travel.reach(demand, both, { maxMinutes: Math.max(20, targetMinutes) });
    selected = explainSiting(result, explainReach, demand, gps, added, { activityPerGp, standardisedPopulation });
    const demandWeight = standardisedPopulation === false ? 'population' : (standardisedPopulation ?? (demand.attributes[STANDARDISED_POPULATION_FIELD] ? STANDARDISED_POPULATION_FIELD : 'population'));
    apl = { against: values.gps ? '--gps' : '--supply', file: gpsPath!, demandWeight, activityPerGp };
  }
  return { demand, existing, sites, travel, targetMinutes, patientsPerGp, need, apl, gpCount: gps?.size ?? 0, result: { ...result, selected }, userIds: read.userIds, atExisting, names: read.names };
}

const round = (x: number | null | undefined, digits: number) => (x === null || x === undefined ? '' : Number(x.toFixed(digits)));

export const siteOptions = { ...sitingOptions, out: { type: 'string' } } as const;

/** What the JSON says of its APL figures: against which sites, weighed how, in which unit. */
function aplWords(apl: AplBasis, siteCount: number) {
  const against = `the ${count(siteCount, 'site')} of ${apl.against} ${apl.file}${apl.against === '--supply' ? ' (no --gps given)' : ''}, each counting its capacity in GPs`;
  return {
    ...apl,
    unit: 'consultations per inhabitant a year',
    aplBefore: `for each site, the APL of the people it serves: the mean of its demand points' APL (serves[].aplBefore) weighted by the people it serves at each (serves[].people), against ${against}, before the new sites open; the APL of a demand point weighs demand by ${weightWords(apl.demandWeight)}`,
    aplAfter: `the same after the new sites open, each new site counting its capacity in GPs (at ${int(apl.activityPerGp)} consultations a year each)`,
  };
}

export async function runSite(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('site', argv, siteOptions);
  if (values.help) return context.stdout(siteHelp);
  const format = outputFormat('site', values.out);
  const warn = context.warn(values.quiet);
  const run = await runSiting('site', values, warn, context.progress(values.quiet));
  const { sites, travel, targetMinutes, patientsPerGp, need, result } = run;
  const model = result.model;
  const rows = sitingRows(run);
  const needSummary = need ? { measure: need.measure, total: need.total, description: need.description, ...(need.aplThreshold !== undefined ? { aplThreshold: need.aplThreshold } : {}) } : null;
  // Outputs show each site under the id of its own file, with its name and the existing site it stands at.
  const selected = result.selected.map((s, k) => ({ ...s, id: rows[k].id, name: rows[k].name, atExistingSite: rows[k].atExistingSite }));
  const apl = run.apl ? aplWords(run.apl, run.gpCount) : null;
  const json = { travel: travel.name, travelModel: describeTravel(travel), targetMinutes, patientsPerGp, need: needSummary, gainUnit: gainUnit(model, targetMinutes, need?.measure), apl, ...result, selected };
  const figures = (s: (typeof selected)[number]) => ({
    id: s.id,
    name: s.name,
    order: s.order,
    gain: s.gain,
    atExistingSite: s.atExistingSite,
    people: s.people ?? null,
    meanMinutes: s.meanMinutes ?? null,
    need: s.need ?? null,
    needMinutes: s.needMinutes ?? null,
    aplServedBefore: 'aplBefore' in s ? s.aplBefore : null,
    aplServedAfter: 'aplAfter' in s ? s.aplAfter : null,
    demandServed: s.serves?.length ?? null,
  });
  let text: string;
  if (format === 'json') text = JSON.stringify(json, null, 2) + '\n';
  else if (format === 'csv') {
    text = formatTable(
      ['id', 'name', 'order', 'gain', 'at_existing_site', 'people', 'mean_minutes', 'need', 'need_minutes', 'apl_served_before', 'apl_served_after', 'demand_served'],
      selected.map((s) => {
        const f = figures(s);
        return [f.id, f.name, f.order, f.gain, f.atExistingSite, round(f.people, 1), round(f.meanMinutes, 2), round(f.need, 1), round(f.needMinutes, 2), round(f.aplServedBefore, 3), round(f.aplServedAfter, 3), f.demandServed ?? ''];
      }),
    );
  } else {
    text =
      JSON.stringify({
        type: 'FeatureCollection',
        features: selected.map((s, k) => {
          const j = sites.indexOf(result.selected[k].id);
          return { type: 'Feature', properties: { ...figures(s), model }, geometry: Number.isNaN(sites.lon[j]) ? null : { type: 'Point', coordinates: [sites.lon[j], sites.lat[j]] } };
        }),
      }) + '\n';
  }
  if (values.out === undefined) return context.stdout(text);
  writeFile('site', values.out, text, warn);
  sitingSummary('site', run, rows).forEach((line) => warn(line));
  const aplNames = format === 'csv' ? 'apl_served_before and apl_served_after' : format === 'geojson' ? 'aplServedBefore and aplServedAfter' : 'aplBefore and aplAfter';
  if (run.apl) warn(`careshed site: ${aplNames}: the APL (consultations per inhabitant a year) of the people each site serves, against the ${count(run.gpCount, 'site')} of ${run.apl.against} ${run.apl.file}${run.apl.against === '--supply' ? ' (no --gps given)' : ''}`);
  warn(`careshed site: wrote ${values.out}`);
}
