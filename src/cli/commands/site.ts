import type { Progress } from '../../model/progress.js';
import { createSites, type Sites } from '../../model/points.js';
import { CareshedError } from '../../model/errors.js';
import { readSitesFile, writeText } from '../../node/files.js';
import { sitingProblem } from '../../siting/problem.js';
import { site, type SitingModel, type Solver } from '../../siting/site.js';
import { inputHelp, inputOptions, readInputs } from '../inputs.js';
import { reportTravel, resolveTravel } from '../travel.js';
import { formatTable } from '../../io/table.js';
import { outputFormat } from '../output.js';
import { choiceOption, numberOption, parseCommand, requireOption, type OptionSpec } from '../usage.js';
import type { CommandContext } from '../context.js';

export const siteHelp = `careshed site: where new sites should open, existing ones kept

Usage:
  careshed site --demand FILE --candidates FILE [--supply FILE] --model mclp|lscp|pmedian|pcenter|cmclp
                [--p N] [--minutes 15] [--solver heuristic|exact|auto] [--time-limit S] [--out FILE]

Options:
${inputHelp}
  --candidates FILE        sites that may open (CSV id,lon,lat[,capacity] or GeoJSON)
  --supply FILE            existing sites, kept open (optional)
  --model M                mclp (most population within the target), lscp (fewest sites covering all that can be),
                           pmedian (least population-weighted minutes), pcenter (least largest minutes),
                           cmclp (mclp where each site takes at most capacity × --patients-per-unit)
  --p N                    new sites to open (all models but lscp)
  --minutes M              target, inclusive (default 15)
  --max-minutes M          pmedian and pcenter: the table's cutoff, also the cost of reaching nothing (default 60)
  --solver S               heuristic, exact (HiGHS) or auto (default: exact when it fits)
  --time-limit S           seconds for the exact solver (default 60; 0 gives the heuristic)
  --patients-per-unit N    cmclp: places per unit of capacity (default 1000)
  --out FILE               .json (default), .csv (the chosen sites) or .geojson (the chosen sites as points)

Example:
  careshed site --demand fixtures/occitanie/communes.csv --candidates fixtures/occitanie/gp-communes.csv \\
    --supply fixtures/occitanie/centres.csv --model mclp --p 10 --solver heuristic
`;

const MODELS = ['mclp', 'lscp', 'pmedian', 'pcenter', 'cmclp'] as const;
const SOLVERS = ['heuristic', 'exact', 'auto'] as const;

/** Existing and candidate sites as one set; an id in both files is an error naming both. */
function combine(existing: Sites | null, candidates: Sites, existingFile: string | undefined): Sites {
  const records: { id: string; lon: number; lat: number; capacity: number; attributes: Record<string, string> }[] = [];
  const seen = new Set<string>();
  for (const [set, role] of [[existing, 'existing'], [candidates, 'candidate']] as const) {
    if (!set) continue;
    set.ids.forEach((id, j) => {
      if (seen.has(id)) throw new CareshedError('DUPLICATE_ID', `site "${id}" is both an existing site (${existingFile}) and a candidate; ids must be unique across both files`, { source: candidates.source, id, field: 'id', value: id });
      seen.add(id);
      records.push({ id, lon: set.lon[j], lat: set.lat[j], capacity: set.capacity[j], attributes: { role } });
    });
  }
  return createSites(records);
}

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
  'patients-per-unit': { type: 'string' },
} as const satisfies OptionSpec;

type SitingValues = { [K in keyof typeof sitingOptions]?: (typeof sitingOptions)[K]['type'] extends 'boolean' ? boolean : string };

/** Reads demand, candidates and existing sites, builds the problem and solves it, as --model and --p say. */
export async function runSiting(command: string, values: SitingValues, warn: (line: string) => void, progress?: Progress) {
  requireOption(command, 'demand', values.demand);
  requireOption(command, 'candidates', values.candidates);
  const model: SitingModel = choiceOption(command, 'model', requireOption(command, 'model', values.model), MODELS);
  const solver: Solver = choiceOption(command, 'solver', values.solver ?? 'auto', SOLVERS);
  if (model !== 'lscp') requireOption(command, 'p', values.p);
  const p = numberOption(command, 'p', values.p, 0);
  const targetMinutes = numberOption(command, 'minutes', values.minutes, 15);
  const maxMinutes = model === 'pmedian' || model === 'pcenter' ? numberOption(command, 'max-minutes', values['max-minutes'], 60) : targetMinutes;
  const timeLimit = numberOption(command, 'time-limit', values['time-limit'], 60);
  const perUnit = numberOption(command, 'patients-per-unit', values['patients-per-unit'], 1000);
  // Demand and candidates through the shared reader; the existing sites, when given, with the same options.
  const { demand, sites: candidates } = readInputs(command, { ...values, supply: values.candidates }, warn);
  const siteOptions = { idField: values['supply-id-field'], idColumn: values['supply-id-field'], capacityField: values['capacity-field'], capacityColumn: values['capacity-field'] };
  const existing = values.supply ? readSitesFile(values.supply, siteOptions) : null;
  const sites = combine(existing, candidates, values.supply);
  const travel = await resolveTravel(command, values, warn, progress);
  const reach = await travel.reach(demand, sites, { maxMinutes, onProgress: progress });
  reportTravel(command, travel, warn);
  const problem = sitingProblem(reach, demand, sites, {
    existing: existing ? [...existing.ids] : [],
    capacity: Float64Array.from(sites.capacity, (c) => c * perUnit),
  });
  const result = await site(problem, { model, p, targetMinutes, solver, timeLimit, onProgress: progress });
  if (result.reason) warn(`careshed ${command}: ${result.reason}`);
  return { demand, existing, sites, travel, targetMinutes, result };
}

export async function runSite(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('site', argv, { ...sitingOptions, out: { type: 'string' } });
  if (values.help) return context.stdout(siteHelp);
  const format = outputFormat('site', values.out);
  const { sites, travel, targetMinutes, result } = await runSiting('site', values, context.warn(values.quiet), context.progress(values.quiet));
  const model = result.model;
  const json = { travel: travel.name, targetMinutes, ...result };
  let text: string;
  if (format === 'json') text = JSON.stringify(json, null, 2) + '\n';
  else if (format === 'csv') text = formatTable(['id', 'order', 'gain'], result.selected.map((s) => [s.id, s.order, s.gain]));
  else {
    text =
      JSON.stringify({
        type: 'FeatureCollection',
        features: result.selected.map((s) => {
          const j = sites.indexOf(s.id);
          return { type: 'Feature', properties: { ...s, model }, geometry: { type: 'Point', coordinates: [sites.lon[j], sites.lat[j]] } };
        }),
      }) + '\n';
  }
  if (values.out === undefined) context.stdout(text);
  else writeText(values.out, text);
}
