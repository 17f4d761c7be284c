import type { Progress } from '../../model/progress.js';
import { writeText } from '../../node/files.js';
import { sitingProblem } from '../../siting/problem.js';
import { site, type SitingModel, type Solver } from '../../siting/site.js';
import { inputHelp, inputOptions, readSitingInputs } from '../inputs.js';
import { reportTravel, resolveTravel } from '../travel.js';
import { formatTable } from '../../io/table.js';
import { outputFormat } from '../output.js';
import { sitingRows, sitingSummary } from '../siting-output.js';
import { choiceOption, numberOption, parseCommand, requireOption, type OptionSpec } from '../usage.js';
import type { CommandContext } from '../context.js';

export const siteHelp = `careshed site: where new sites should open, existing ones kept

Usage:
  careshed site --demand FILE --candidates FILE [--supply FILE] --model mclp|lscp|pmedian|pcenter|cmclp
                [--p N] [--minutes 15] [--solver heuristic|exact|auto] [--time-limit S] [--out FILE]

Options:
${inputHelp}
  --candidates FILE        sites that may open (CSV id,lon,lat[,capacity] or GeoJSON); one may stand at an
                           existing site (same id or place): it is kept, and marked at_existing_site
  --candidates-id-field NAME  column or property of the candidates' ids (default id)
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
  --out FILE               .json (default), .csv (the chosen sites: id, name, order, gain, at_existing_site) or
                           .geojson (the chosen sites as points, with the same properties)

Example:
  careshed site --demand fixtures/occitanie/communes.csv --candidates fixtures/occitanie/gp-communes.csv \\
    --supply fixtures/occitanie/centres.csv --model mclp --p 10 --solver heuristic
`;

const MODELS = ['mclp', 'lscp', 'pmedian', 'pcenter', 'cmclp'] as const;
const SOLVERS = ['heuristic', 'exact', 'auto'] as const;

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
  'candidates-id-field': { type: 'string' },
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
  // Existing sites first, then candidates (one at an existing site kept under a key of its own: inputs.ts).
  const { demand, existing, sites, userIds, atExisting, names } = readSitingInputs(command, values, warn);
  const travel = await resolveTravel(command, values, warn, progress);
  const reach = await travel.reach(demand, sites, { maxMinutes, onProgress: progress });
  reportTravel(command, travel, warn);
  const problem = sitingProblem(reach, demand, sites, {
    existing: existing ? [...existing.ids] : [],
    capacity: Float64Array.from(sites.capacity, (c) => c * perUnit),
  });
  const result = await site(problem, { model, p, targetMinutes, solver, timeLimit, onProgress: progress });
  if (result.reason) warn(`careshed ${command}: ${result.reason}`);
  return { demand, existing, sites, travel, targetMinutes, result, userIds, atExisting, names };
}

export const siteOptions = { ...sitingOptions, out: { type: 'string' } } as const;

export async function runSite(argv: string[], context: CommandContext): Promise<void> {
  const { values } = parseCommand('site', argv, siteOptions);
  if (values.help) return context.stdout(siteHelp);
  const format = outputFormat('site', values.out);
  const warn = context.warn(values.quiet);
  const run = await runSiting('site', values, warn, context.progress(values.quiet));
  const { sites, travel, targetMinutes, result } = run;
  const selected = sitingRows(run);
  const json = { travel: travel.name, targetMinutes, ...result, selected };
  let text: string;
  if (format === 'json') text = JSON.stringify(json, null, 2) + '\n';
  else if (format === 'csv') text = formatTable(['id', 'name', 'order', 'gain', 'at_existing_site'], selected.map((s) => [s.id, s.name, s.order, s.gain, s.atExistingSite]));
  else {
    text =
      JSON.stringify({
        type: 'FeatureCollection',
        features: selected.map((s, k) => {
          const j = sites.indexOf(result.selected[k].id);
          return { type: 'Feature', properties: { id: s.id, name: s.name, order: s.order, gain: s.gain, at_existing_site: s.atExistingSite, model: result.model }, geometry: { type: 'Point', coordinates: [sites.lon[j], sites.lat[j]] } };
        }),
      }) + '\n';
  }
  if (values.out === undefined) return context.stdout(text);
  writeText(values.out, text);
  sitingSummary('site', run, selected).forEach((line) => warn(line));
  warn(`careshed site: wrote ${values.out}`);
}
