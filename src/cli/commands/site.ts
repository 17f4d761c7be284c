import type { Progress } from '../../model/progress.js';
import { createSites, siteRecords } from '../../model/points.js';
import { writeText } from '../../node/files.js';
import { sitingProblem } from '../../siting/problem.js';
import { site, type SiteResult, type SitingModel, type Solver } from '../../siting/site.js';
import { DEFAULT_MAX_NODES, DEFAULT_TIME_LIMIT } from '../../siting/mip.js';
import { measureNeed, NEED_MEASURES, type NeedMeasure } from '../../access/need.js';
import { APL_UNDER_SERVED, DEFAULT_ACTIVITY_PER_GP } from '../../access/apl.js';
import { DEFAULT_PATIENTS_PER_GP } from '../../access/capacity-coverage.js';
import { explainSiting, type ExplainedSite } from '../../scenario/explain.js';
import { aplWeight, inputHelp, inputOptions, readSitingInputs } from '../inputs.js';
import { sitingRows, sitingSummary } from '../siting-output.js';
import { describeTravel } from '../../travel/provider.js';
import { reportTravel, resolveTravel } from '../travel.js';
import { formatTable } from '../../io/table.js';
import { outputFormat } from '../output.js';
import { choiceOption, numberOption, parseCommand, requireOption, UsageError, type OptionSpec } from '../usage.js';
import type { CommandContext } from '../context.js';

export const siteHelp = `careshed site: where new sites should open, existing ones kept

Usage:
  careshed site --demand FILE --candidates FILE [--supply FILE] --model mclp|lscp|pmedian|pcenter|cmclp
                [--p N] [--minutes 15] [--need population|unmet|low-apl[:APL]] [--gps FILE]
                [--solver heuristic|exact|auto] [--max-nodes N] [--time-limit S] [--out FILE]

Options:
${inputHelp}
  --candidates FILE        sites that may open (CSV id,lon,lat[,capacity] or GeoJSON; capacity in GPs); one may
                           stand at an existing site (same id or place): it is kept, and marked at_existing_site
  --candidates-id-field NAME  column or property of the candidates' ids (default id)
  --supply FILE            existing sites, kept open (optional), e.g. the health centres
  --model M                mclp (most population, or need, within the target), lscp (fewest sites covering
                           all that can be), pmedian (least weighted minutes), pcenter (least largest minutes),
                           cmclp (most people given a place within the target, each site taking at most
                           capacity × --patients-per-gp; with --gps, the GPs' places count as existing)
  --p N                    new sites to open (all models but lscp)
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
                           (default --supply); cmclp counts their places as existing capacity
  --patients-per-gp N      places per GP, for unmet need and cmclp (default 1000, the mean "patientele
                           medecin traitant" of a French GP: 1,001 in 2021, Assurance Maladie)
  --patients-per-unit N    the same, older name
  --candidate-capacity N   capacity of every candidate, in GPs (default the file's capacity column, else 1)
  --activity-per-gp N      consultations a year per GP for the APL, existing and new (default 3900)
  --standardised-field F   demand column with the age-standardised population for the APL
  --max-minutes M          pmedian and pcenter: the table's cutoff, also the cost of reaching nothing (default 60)
  --solver S               heuristic, exact (HiGHS) or auto (default: exact when it fits)
  --max-nodes N            branch-and-bound nodes for the exact solver (default 5000): where a hard solve
                           stops, the same on every machine
  --time-limit S           seconds for the exact solver, a safety (default 600; 0 gives the heuristic); a
                           solve it stops depends on the machine, and the output says so
  --out FILE               .json (default: every figure, and for each site the demand it serves with its
                           minutes and APL before and after), .csv (one row per site: id, name, order, gain,
                           at_existing_site and the site's figures) or .geojson (the sites as points with the
                           same properties)

Example (where 10 centres of 5 GPs would give the most people a GP place within 15 minutes):
  careshed site --demand fixtures/occitanie/communes.csv --candidates fixtures/occitanie/communes.csv \\
    --gps fixtures/occitanie/gp-communes.csv --model cmclp --candidate-capacity 5 --p 10 --solver heuristic
`;

const MODELS = ['mclp', 'lscp', 'pmedian', 'pcenter', 'cmclp'] as const;
const SOLVERS = ['heuristic', 'exact', 'auto'] as const;

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

/** `--need population|unmet|low-apl[:THRESHOLD]`. */
export function needOption(command: string, value: string | undefined): { measure: NeedMeasure; aplThreshold?: number } | null {
  if (value === undefined) return null;
  const [measure, threshold, ...rest] = value.split(':');
  if (!(NEED_MEASURES as readonly string[]).includes(measure) || rest.length > 0 || (threshold !== undefined && measure !== 'low-apl')) {
    throw new UsageError(`careshed ${command}: --need must be population, unmet, low-apl or low-apl:THRESHOLD, got "${value}"`);
  }
  if (threshold === undefined) return { measure: measure as NeedMeasure };
  return { measure: 'low-apl', aplThreshold: numberOption(command, 'need', threshold, APL_UNDER_SERVED) };
}

/**
 * Reads demand, candidates, existing sites and GPs, measures the need, builds the problem and solves it, as
 * --model, --p and --need say; then explains each chosen site (APL before and after, when GPs are known).
 */
export async function runSiting(command: string, values: SitingValues, warn: (line: string) => void, progress?: Progress) {
  requireOption(command, 'demand', values.demand);
  requireOption(command, 'candidates', values.candidates);
  const model: SitingModel = choiceOption(command, 'model', requireOption(command, 'model', values.model), MODELS);
  const solver: Solver = choiceOption(command, 'solver', values.solver ?? 'auto', SOLVERS);
  if (model !== 'lscp') requireOption(command, 'p', values.p);
  const p = numberOption(command, 'p', values.p, 0);
  const targetMinutes = numberOption(command, 'minutes', values.minutes, 15);
  const maxMinutes = model === 'pmedian' || model === 'pcenter' ? numberOption(command, 'max-minutes', values['max-minutes'], 60) : targetMinutes;
  const timeLimit = numberOption(command, 'time-limit', values['time-limit'], DEFAULT_TIME_LIMIT);
  const maxNodes = numberOption(command, 'max-nodes', values['max-nodes'], DEFAULT_MAX_NODES);
  if (values['patients-per-gp'] !== undefined && values['patients-per-unit'] !== undefined) throw new UsageError(`careshed ${command}: give --patients-per-gp or --patients-per-unit, not both`);
  const patientsPerGp = numberOption(command, values['patients-per-unit'] !== undefined ? 'patients-per-unit' : 'patients-per-gp', values['patients-per-gp'] ?? values['patients-per-unit'], DEFAULT_PATIENTS_PER_GP);
  const candidateCapacity = values['candidate-capacity'] === undefined ? undefined : numberOption(command, 'candidate-capacity', values['candidate-capacity'], 1);
  const activityPerGp = numberOption(command, 'activity-per-gp', values['activity-per-gp'], DEFAULT_ACTIVITY_PER_GP);
  const needAsked = needOption(command, values.need);
  // Existing sites first, then candidates (one at an existing site kept under a key of its own: inputs.ts).
  const read = readSitingInputs(command, values, warn);
  const { demand, existing } = read;
  const existingCount = existing?.size ?? 0;
  const sites = candidateCapacity === undefined ? read.sites : createSites(siteRecords(read.sites).map((r, j) => (j >= existingCount ? { ...r, capacity: candidateCapacity } : r)), { source: read.sites.source });
  const gps = read.gps ?? existing; // --gps, read and checked for swaps with the other inputs
  const needsGps = needAsked !== null && needAsked.measure !== 'population';
  if (needsGps && !gps) throw new UsageError(`careshed ${command}: --need ${needAsked.measure} is measured against the existing GPs: give --gps FILE (or --supply)`);
  // CMCLP counts the GPs' places as existing capacity (under ids of their own), when they are not the --supply.
  const gpCapacity = model === 'cmclp' && values.gps && gps ? gps : null;
  const problemSites = gpCapacity ? createSites([...siteRecords(gpCapacity).map((r) => ({ ...r, id: GP_SITE_PREFIX + r.id })), ...siteRecords(sites)]) : sites;
  const travel = await resolveTravel(command, values, warn, progress);
  const reach = await travel.reach(demand, problemSites, { maxMinutes, onProgress: progress });
  // The APL reaches 20 minutes; one table to the GPs serves the need and the "before" of the explanation.
  const gpReach = gps ? await travel.reach(demand, gps, { maxMinutes: Math.max(20, targetMinutes), onProgress: progress }) : null;
  reportTravel(command, travel, warn);
  const standardisedPopulation = needAsked?.measure === 'low-apl' ? aplWeight(command, values['standardised-field'], demand, warn) : undefined;
  const need = needAsked ? measureNeed(needAsked.measure, demand, { reach: gpReach ?? undefined, gps: gps ?? undefined }, { targetMinutes, patientsPerGp, aplThreshold: needAsked.aplThreshold, activityPerGp, standardisedPopulation }) : null;
  const existingIds = [...(gpCapacity ? gpCapacity.ids.map((id) => GP_SITE_PREFIX + id) : []), ...(existing ? existing.ids : [])];
  const problem = sitingProblem(reach, demand, problemSites, {
    existing: existingIds,
    capacity: Float64Array.from(problemSites.capacity, (c) => c * patientsPerGp),
    weight: model === 'cmclp' ? undefined : need?.weight,
  });
  const result = await site(problem, { model, p, targetMinutes, solver, timeLimit, maxNodes, need: model === 'cmclp' ? need?.weight : undefined, onProgress: progress });
  if (result.reason) warn(`careshed ${command}: ${result.reason}`);
  // The chosen sites' APL before and after, against the GPs, new centres counting their capacity in GPs.
  let selected: (SiteResult['selected'][number] | ExplainedSite)[] = result.selected;
  if (gps && result.selected.length > 0 && (model === 'mclp' || model === 'cmclp')) {
    const added = createSites(result.selected.map((s) => siteRecords(sites, (j) => sites.ids[j] === s.id)[0]));
    const both = createSites([...siteRecords(gps).map((r, j) => ({ ...r, id: `gp ${j}` })), ...siteRecords(added)]);
    const explainReach = await travel.reach(demand, both, { maxMinutes: Math.max(20, targetMinutes) });
    selected = explainSiting(result, explainReach, demand, gps, added, { activityPerGp, standardisedPopulation });
  }
  return { demand, existing, sites, travel, targetMinutes, patientsPerGp, need, result: { ...result, selected }, userIds: read.userIds, atExisting: read.atExisting, names: read.names };
}

const round = (x: number | null | undefined, digits: number) => (x === null || x === undefined ? '' : Number(x.toFixed(digits)));

export const siteOptions = { ...sitingOptions, out: { type: 'string' } } as const;

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
  const json = { travel: travel.name, travelModel: describeTravel(travel), targetMinutes, patientsPerGp, need: needSummary, ...result, selected };
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
    aplBefore: 'aplBefore' in s ? s.aplBefore : null,
    aplAfter: 'aplAfter' in s ? s.aplAfter : null,
    demandServed: s.serves?.length ?? null,
  });
  let text: string;
  if (format === 'json') text = JSON.stringify(json, null, 2) + '\n';
  else if (format === 'csv') {
    text = formatTable(
      ['id', 'name', 'order', 'gain', 'at_existing_site', 'people', 'mean_minutes', 'need', 'need_minutes', 'apl_before', 'apl_after', 'demand_served'],
      selected.map((s) => {
        const f = figures(s);
        return [f.id, f.name, f.order, f.gain, f.atExistingSite, round(f.people, 1), round(f.meanMinutes, 2), round(f.need, 1), round(f.needMinutes, 2), round(f.aplBefore, 3), round(f.aplAfter, 3), f.demandServed ?? ''];
      }),
    );
  } else {
    text =
      JSON.stringify({
        type: 'FeatureCollection',
        features: selected.map((s, k) => {
          const j = sites.indexOf(result.selected[k].id);
          return { type: 'Feature', properties: { ...figures(s), model }, geometry: { type: 'Point', coordinates: [sites.lon[j], sites.lat[j]] } };
        }),
      }) + '\n';
  }
  if (values.out === undefined) return context.stdout(text);
  writeText(values.out, text);
  sitingSummary('site', run, rows).forEach((line) => warn(line));
  warn(`careshed site: wrote ${values.out}`);
}
