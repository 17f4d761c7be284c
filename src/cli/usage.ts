import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CareshedError, nearestName } from '../model/errors.js';
import { parseDecimal } from '../model/decimal.js';
import { quote } from '../model/quote.js';

/** Bad usage of the command line (exit status 2), as opposed to bad input (exit status 1). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * `--minutes -5` as `--minutes=-5`: a negative number is never an option's name, and parseArgs would otherwise
 * call it ambiguous, so that the value's own check ("0 or more") answers instead.
 */
function joinNegativeValues(argv: readonly string[], options: OptionSpec): string[] {
  const args: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k];
    if (token === '--') return [...args, ...argv.slice(k)];
    const next = argv[k + 1];
    const name = token.startsWith('--') && !token.includes('=') ? token.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      args.push(`${token}=${next}`);
      k++;
    } else args.push(token);
  }
  return args;
}

/** parseArgs's message, with a "did you mean" for a mistyped option and without its advice on positionals. */
function parseProblem(message: string, options: OptionSpec, command: string): string {
  const text = message.replace(/\. To specify a positional argument.*$/s, '');
  const unknown = /^Unknown option '--([^'=]+)'/.exec(text);
  if (!unknown) return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  // A name too long to be a typo is quoted in part and not compared (the edit distance grows with its square).
  const name = unknown[1];
  const near = name.length <= 60 ? nearestName(name, Object.keys(options)) : undefined;
  const said = name.length <= 60 ? text : `Unknown option --${quote(name)}`;
  return `${said}${near !== undefined ? `; did you mean --${near}?` : ''} (careshed ${command} --help lists the options)`;
}

/**
 * node:util parseArgs, strict, with its errors turned into UsageError and the command's name in them, a
 * suggestion for a mistyped option, and a single-valued option given twice refused (the last one would win
 * without a word). Commands call `parseCommand` (options.ts), which also checks every value.
 */
export function parseArgv<T extends OptionSpec>(command: string, argv: string[], options: T, allowPositionals = false) {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    throw new UsageError(`careshed ${command}: ${parseProblem((error as Error).message, options, command)}`);
  }
  const given = new Map<string, string[]>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.type !== 'string' || options[token.name]?.multiple) continue;
    given.set(token.name, [...(given.get(token.name) ?? []), token.value ?? '']);
  }
  for (const [name, values] of given) {
    if (values.length > 1) throw new UsageError(`careshed ${command}: --${name} is given ${values.length === 2 ? 'twice' : `${values.length} times`} (${values.map((v) => quote(v)).join(', ')}); give it once`);
  }
  return parsed;
}

export function requireOption(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`careshed ${command}: --${name} is required (see careshed ${command} --help)`);
  return value;
}

/** What a number option must be, in the user's words: "a number of minutes, 0 or more". */
export interface NumberRule {
  what: string;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  integer?: boolean;
}

/** Every number flag of every command, checked the same way wherever it appears. */
export const NUMBER_RULES: Readonly<Record<string, NumberRule>> = {
  minutes: { what: 'a number of minutes', min: 0 },
  'max-minutes': { what: 'a number of minutes', min: 0 },
  p: { what: 'a whole number of new sites', min: 1, integer: true },
  'time-limit': { what: 'a number of seconds', min: 0 },
  'max-nodes': { what: 'a whole number of branch-and-bound nodes', min: 1, integer: true },
  'patients-per-gp': { what: 'a number of patients per GP', above: 0 },
  'patients-per-unit': { what: 'a number of patients per GP', above: 0 },
  'candidate-capacity': { what: 'a capacity in GPs', above: 0 },
  'activity-per-gp': { what: 'a number of consultations a year per GP', above: 0 },
  'access-threshold': { what: 'an APL (consultations per inhabitant a year)', min: 0 },
  top: { what: 'a whole number of territories', min: 1, integer: true },
  'block-size': { what: 'a whole number of demand points', min: 1, integer: true },
  'reach-memory': { what: 'a number of MB', above: 0 },
};

/** "a number of minutes, 0 or more". */
export function describeRule(rule: NumberRule | undefined): string {
  if (!rule) return 'a number';
  return `${rule.what}${rule.min !== undefined ? `, ${rule.min} or more` : ''}${rule.above !== undefined ? `, more than ${rule.above}` : ''}`;
}

/**
 * A number option: bad usage when it is not written in decimal (`parseDecimal`: no 0x10, Infinity or " 5"; a
 * whole number in digits only) or breaks its rule (NUMBER_RULES by the flag's name).
 */
export function numberOption(command: string, name: string, value: string | undefined, fallback: number, rule: NumberRule | undefined = NUMBER_RULES[name]): number {
  if (value === undefined) return fallback;
  const decimal = parseDecimal(value);
  const number = rule?.integer ? parseDecimal(value, { integer: true }) : decimal;
  const fits = (x: number) => !rule || ((rule.min === undefined || x >= rule.min) && (rule.above === undefined || x > rule.above));
  if (number === undefined || !fits(number)) {
    // "0x10" is not decimal; "1e3" or "5.0" is a whole number written otherwise than in digits; "1.5" breaks the rule alone.
    const written = decimal === undefined ? ' (written in decimal)' : number === undefined && Number.isInteger(decimal) ? ' (in digits only)' : '';
    throw new UsageError(`careshed ${command}: --${name} must be ${describeRule(rule)}${written}; got ${quote(value)}`);
  }
  return number;
}

/** `--bounds w,s,e,n`: four numbers in degrees, west not east of east, south not north of north. */
export function boundsOption(command: string, value: string | undefined): [number, number, number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((x) => parseDecimal(x) ?? NaN);
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) {
    throw new UsageError(`careshed ${command}: --bounds must be WEST,SOUTH,EAST,NORTH in degrees, in decimal, e.g. --bounds=-0.5,42.2,5,45.2; got ${quote(value)}`);
  }
  const [west, south, east, north] = parts;
  const problem =
    west < -180 || east > 180
      ? 'longitudes go from -180 to 180'
      : south < -90 || north > 90
        ? 'latitudes go from -90 to 90'
        : west > east
          ? `its west edge (${west}) is east of its east edge (${east})`
          : south > north
            ? `its south edge (${south}) is north of its north edge (${north})`
            : undefined;
  if (problem) throw new UsageError(`careshed ${command}: --bounds must be WEST,SOUTH,EAST,NORTH in degrees, and ${problem}; got ${quote(value)}`);
  return parts as [number, number, number, number];
}

/** An option that takes one of a few words: bad usage naming the choices otherwise. */
export function choiceOption<T extends string>(command: string, name: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    const near = value.length <= 60 ? nearestName(value, choices) : undefined;
    throw new UsageError(`careshed ${command}: --${name} must be one of ${choices.join(', ')}; got ${quote(value)}${near !== undefined ? ` (did you mean ${near}?)` : ''}`);
  }
  return value as T;
}

/**
 * Runs `read` on an option's text; a library's INVALID_OPTION becomes bad usage naming the flag as typed and
 * the value, in the library's words ("the exponent of a gravity decay must be a positive number").
 */
export function optionValue<T>(command: string, flag: string, text: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CareshedError && error.code === 'INVALID_OPTION') {
      const shown = error.location.value;
      const value = 'value' in error.location && shown !== text ? ` (value ${typeof shown === 'string' ? quote(shown) : JSON.stringify(shown)})` : '';
      throw new UsageError(`careshed ${command}: --${flag} ${quote(text)}: ${error.problem}${value}`);
    }
    throw error;
  }
}
