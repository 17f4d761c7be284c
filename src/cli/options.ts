import { parseDecay, type Decay } from '../access/decay.js';
import { APL_UNDER_SERVED } from '../access/apl.js';
import { NEED_MEASURES, type NeedMeasure } from '../access/need.js';
import { CROW_FLY_PRESETS } from '../travel/crow-fly.js';
import { travelFromSpec } from '../travel/spec.js';
import { guardCommandPaths } from './output-paths.js';
import { matrixSpec, networkSpec, osrmSpec } from '../node/travel-spec.js';
import { quote } from '../model/quote.js';
import { nearestName } from '../model/errors.js';
import { boundsOption, choiceOption, NUMBER_RULES, numberOption, optionValue, parseArgv, UsageError, type OptionSpec } from './usage.js';

// Every option value is checked here, as soon as the command line is read and before any file is: a bad value
// is bad usage (exit status 2) that names the flag as typed and says what it takes. What depends on the input
// (more new sites than candidates) is bad input (exit status 1), found when the input is read.

export const ACCESS_METHODS = ['2sfca', 'e2sfca', 'gravity', '3sfca', 'bfca', 'apl'] as const;
export const SITING_MODELS = ['mclp', 'lscp', 'pmedian', 'pcenter', 'cmclp'] as const;
export const SOLVERS = ['heuristic', 'exact', 'auto'] as const;

/** The options that take one of a few words, wherever they appear. */
const CHOICES: Readonly<Record<string, readonly string[]>> = { method: ACCESS_METHODS, model: SITING_MODELS, solver: SOLVERS };

const TRAVEL_KINDS = ['crow', 'network', 'matrix', 'osrm'];
const TRAVEL_FORMS = `crow, crow:SPEED_KMH[:DETOUR], ${Object.keys(CROW_FLY_PRESETS).map((p) => `crow:${p}`).join(', ')}, network:FILE[,maxspeed=F], matrix:FILE[,unit=U] or osrm:URL[,timeout=SECONDS][,retries=N][,resume=FILE]`;

/**
 * `--travel SPEC`, as far as it can be checked without reading a file: the kind, a crow spec's speed and
 * detour or preset, a network's settings, an OSRM URL and its settings. All bad usage (exit status 2).
 */
export function travelOption(command: string, spec: string): void {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if (kind === 'network' || kind === 'matrix') {
    if (rest.trim() === '') throw new UsageError(`careshed ${command}: --travel ${kind}:FILE needs the file's path; got ${quote(spec)}`);
    optionValue(command, 'travel', spec, () => (kind === 'network' ? networkSpec(spec, rest) : matrixSpec(spec, rest))); // their settings
    return;
  }
  if (kind !== 'crow' && kind !== 'osrm') {
    const near = kind.length <= 60 ? nearestName(kind, TRAVEL_KINDS) : undefined;
    throw new UsageError(`careshed ${command}: --travel ${quote(spec)}: unknown travel model ${quote(kind)}${near ? ` (did you mean ${near}?)` : ''}; expected ${TRAVEL_FORMS}`);
  }
  optionValue(command, 'travel', spec, () => travelFromSpec(kind === 'osrm' ? osrmSpec(spec, rest).browserSpec : spec));
}

/** `--decay SPEC`, repeatable: every decay of every value, one result each; the same decay twice is refused. */
export function decayOption(command: string, specs: readonly string[]): Decay[] {
  const decays = specs.flatMap((spec) => optionValue(command, 'decay', spec, () => parseDecay(spec)));
  const names = decays.map((d) => d.name);
  const twice = names.find((name, k) => names.indexOf(name) !== k);
  if (twice !== undefined) throw new UsageError(`careshed ${command}: --decay gives ${twice.length <= 60 ? twice : quote(twice)} twice; give each decay once`);
  return decays;
}

/** `--need population|unmet|low-apl[:THRESHOLD]`. */
export function needOption(command: string, value: string | undefined): { measure: NeedMeasure; aplThreshold?: number } | null {
  if (value === undefined) return null;
  const [measure, threshold, ...rest] = value.split(':');
  if (!(NEED_MEASURES as readonly string[]).includes(measure) || rest.length > 0 || (threshold !== undefined && measure !== 'low-apl')) {
    throw new UsageError(`careshed ${command}: --need must be population, unmet, low-apl or low-apl:APL (e.g. low-apl:3); got ${quote(value)}`);
  }
  if (threshold === undefined) return { measure: measure as NeedMeasure };
  const rule = { what: 'low-apl:APL with an APL (consultations per inhabitant a year)', min: 0 };
  return { measure: 'low-apl', aplThreshold: numberOption(command, 'need', threshold, APL_UNDER_SERVED, rule) };
}

/** `--matrix-columns FROM,TO,TIME`. */
export function matrixColumnsOption(command: string, value: string | undefined): [string, string, string] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((c) => c.trim());
  if (parts.length !== 3 || parts.some((c) => c === '')) throw new UsageError(`careshed ${command}: --matrix-columns must name three columns FROM,TO,TIME; got ${quote(value)}`);
  return parts as [string, string, string];
}

/** Checks every value given on the command line by its flag (NUMBER_RULES, CHOICES and the specs above). */
export function checkOptionValues(command: string, values: Record<string, string | boolean | (string | boolean)[] | undefined>): void {
  for (const [flag, value] of Object.entries(values)) {
    if (value === undefined || typeof value === 'boolean') continue;
    const text = Array.isArray(value) ? value.map(String) : [value];
    if (Object.hasOwn(NUMBER_RULES, flag)) numberOption(command, flag, text[0], 0);
    else if (Object.hasOwn(CHOICES, flag)) choiceOption(command, flag, text[0], CHOICES[flag]);
    else if (flag === 'bounds') boundsOption(command, text[0]);
    else if (flag === 'travel') travelOption(command, text[0]);
    else if (flag === 'decay') decayOption(command, text);
    else if (flag === 'need') needOption(command, text[0]);
    else if (flag === 'matrix-columns') matrixColumnsOption(command, text[0]);
  }
}

/**
 * A command's options read from its arguments (see `parseArgv`: strict, a mistyped option answered with the
 * nearest, a single-valued option given twice refused), and every value checked before any work.
 */
export function parseCommand<T extends OptionSpec>(command: string, argv: string[], options: T, allowPositionals = false) {
  const parsed = parseArgv(command, argv, options, allowPositionals);
  if ((parsed.values as Record<string, unknown>).help === true) return parsed;
  checkOptionValues(command, parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>);
  guardCommandPaths(command, options, parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>, parsed.positionals); // no output over an input
  return parsed;
}
