import { int } from './figures.js';
/**
 * The one error type careshed raises for bad input and failed runs.
 *
 * `code` is stable: scripts may switch on it. The message names where the problem is (file, row or
 * feature, field, value) and what was expected, so a user can fix the input without reading code.
 */
export type CareshedErrorCode =
  | 'EMPTY_INPUT'
  | 'MISSING_COLUMN'
  | 'PARSE_ERROR'
  | 'INVALID_COORDINATE'
  | 'PROJECTED_COORDINATES'
  | 'SWAPPED_COORDINATES'
  | 'OUT_OF_BOUNDS'
  | 'INVALID_POPULATION'
  | 'INVALID_CAPACITY'
  | 'INVALID_ID'
  | 'DUPLICATE_ID'
  | 'UNSUPPORTED_GEOMETRY'
  | 'INVALID_GEOMETRY'
  | 'MISSING_GEOMETRY'
  | 'MISSING_COORDINATES'
  | 'JOIN_MISSING'
  | 'INVALID_OPTION'
  /** A library function given an argument of the wrong kind (undefined, a text for a number, ...). */
  | 'INVALID_ARGUMENT'
  | 'INVALID_REACH_TABLE'
  | 'INCOMPLETE_REACH_TABLE'
  | 'IO_ERROR'
  | 'OUTPUT_IS_INPUT'
  | 'OUTPUT_CONFLICT'
  | 'SERVICE_ERROR'
  | 'INVALID_SCENARIO'
  | 'SOLVER_UNAVAILABLE';

/** Where in the input a problem sits; every part is optional. */
export interface InputLocation {
  /** File name or other label of the input, e.g. "communes.csv". */
  source?: string;
  /** 1-based line of a text table (the header is line 1). */
  line?: number;
  /** 1-based position of a record given in code. */
  row?: number;
  /** 0-based index of a feature in a GeoJSON FeatureCollection. */
  feature?: number;
  /** Id of the record when it is known. */
  id?: string;
  field?: string;
  value?: unknown;
}

export class CareshedError extends Error {
  readonly code: CareshedErrorCode;
  readonly location: InputLocation;
  /** The problem alone, without the location: for a caller that names the place its own way (a command-line flag). */
  readonly problem: string;

  constructor(code: CareshedErrorCode, problem: string, location: InputLocation = {}) {
    super(formatMessage(capped(problem), location));
    this.name = 'CareshedError';
    this.code = code;
    this.location = location;
    this.problem = capped(problem);
  }
}

function formatMessage(problem: string, at: InputLocation): string {
  const where: string[] = [];
  if (at.source !== undefined) where.push(clipped(String(at.source), 200));
  if (at.line !== undefined) where.push(`line ${at.line}`);
  if (at.row !== undefined) where.push(`row ${at.row}`);
  if (at.feature !== undefined) where.push(`feature ${at.feature}`);
  if (at.id !== undefined) where.push(`id ${quoted(String(at.id))}`);
  if (at.field !== undefined) where.push(`field ${quoted(String(at.field))}`);
  if ('value' in at) where.push(`value ${showValue(at.value)}`);
  return where.length > 0 ? `${where.join(', ')}: ${problem}` : problem;
}

/** The most characters of one value a message quotes: enough to recognise it, never a whole multi-megabyte field. */
export const QUOTED_CHARACTERS = 60;

/** The longest problem a message states: past it, a value was quoted whole somewhere (a safety net, see `capped`). */
const MAX_PROBLEM_CHARACTERS = 2000;

/**
 * Text as a message shows it: whole when short, else its first `max` characters (never half a surrogate
 * pair), an ellipsis and how long it is, so that a 3 MB field gives a readable line, not a 3 MB message.
 *
 * @example
 * clipped('x'.repeat(3_145_728)); // "xxx…xxx… (3,145,728 characters)", 60 x's
 */
export function clipped(text: string, max = QUOTED_CHARACTERS): string {
  return text.length <= max ? text : `${text.slice(0, cutAt(text, max))}… (${int(text.length)} characters)`;
}

/** `max`, or one less where a cut there would split a surrogate pair (an emoji, a rare CJK character). */
function cutAt(text: string, max: number): number {
  const last = text.charCodeAt(max - 1);
  return last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
}

/**
 * Text quoted for a message, as JSON writes it (so "" and " " stay visible, a tab shows as \t), cut by
 * `clipped` when long: the one way every message quotes a value that came from the input.
 *
 * @example
 * quoted('09257'); // '"09257"'
 * quoted('9'.repeat(3e6) + 'x'); // '"9999…" (3,000,001 characters)', 60 nines
 */
export function quoted(text: string, max = QUOTED_CHARACTERS): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, cutAt(text, max))).slice(0, -1)}…" (${int(text.length)} characters)`;
}

/**
 * Names as a message lists them: the first `max`, then how many more, so a header of a million columns
 * gives a line, not the header.
 *
 * @example
 * listed(['id', 'lon', 'lat']); // "id, lon, lat"
 */
export function listed(names: readonly string[], max = 20): string {
  const shown = names.slice(0, max).map((name) => clipped(name, 40)).join(', ');
  return names.length > max ? `${shown}, … (${int(names.length)} in all)` : shown;
}

/** A problem cut to a readable length: the net under every message that quoted a value without `quoted`. */
function capped(problem: string): string {
  return problem.length <= MAX_PROBLEM_CHARACTERS ? problem : clipped(problem, MAX_PROBLEM_CHARACTERS);
}

/** Shows a bad value as the user wrote it, quoted when it is text, so "" and " " stay visible; long values cut. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (value === undefined) return '(missing)';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const json = typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? undefined : safeJson(value);
  return json === undefined ? clipped(String(value), 80) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** JSON of a value, or undefined when it has none (a cycle, a BigInt inside). */
function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/**
 * Throws INVALID_OPTION unless `value` is a finite number within [min, max]; `min` = Number.MIN_VALUE reads
 * "more than 0". `what` says what the number is, in the user's words ("a speed in km/h").
 *
 * @example
 * checkNumberOption('speedKmh', 0, Number.MIN_VALUE, Infinity, 'a speed in km/h');
 * // throws: field "speedKmh", value 0: option speedKmh must be a speed in km/h, more than 0
 */
export function checkNumberOption(name: string, value: number, min: number, max = Infinity, what = 'a number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const lower = min === Number.MIN_VALUE ? 'more than 0' : `${min} or more`;
    const range = max === Infinity ? `${what}, ${lower}` : `${what} from ${min === Number.MIN_VALUE ? 'just above 0' : min} to ${max}`;
    throw new CareshedError('INVALID_OPTION', `option ${name} must be ${range}`, { field: name, value });
  }
  return value;
}

/** Edit distance (insertions, deletions, substitutions, and two neighbours swapped: "epic" is 1 from "epci"). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, k) => (i === 0 ? k : k === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let k = 1; k <= b.length; k++) {
      d[i][k] = Math.min(d[i - 1][k] + 1, d[i][k - 1] + 1, d[i - 1][k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
      if (i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) d[i][k] = Math.min(d[i][k], d[i - 2][k - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known name a mistyped one most likely meant: the nearest by edit distance, ignoring case, when it is
 * near enough to be a typo (at most a third of the letters wrong) or when one name contains the other.
 *
 * @example
 * nearestName('popluation', ['id', 'lon', 'lat', 'population']); // "population"
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  if (typeof name !== 'string') throw new CareshedError('INVALID_ARGUMENT', 'nearestName: argument name must be a text', { field: 'name' });
  if (!Array.isArray(known) || known.some((k) => typeof k !== 'string')) throw new CareshedError('INVALID_ARGUMENT', 'nearestName: argument known must be a list of texts', { field: 'known' });
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    // Past 100 characters only containing counts, ranked by the length difference (a lower bound of the
    // distance), so that a 3 MB name costs a scan, not a 3 MB × n table.
    const long = wanted.length > 100 || lower.length > 100;
    const distance = long ? Math.abs(wanted.length - lower.length) : editDistance(wanted, lower);
    const contains = Math.min(wanted.length, lower.length) >= 3 && (lower.includes(wanted) || wanted.includes(lower));
    const near = !long && distance <= Math.max(1, Math.floor(Math.max(wanted.length, lower.length) / 3));
    if ((near || contains) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The problem of a field that is not there, as every MISSING_COLUMN says it: what was wanted, the fields there
 * are, and the nearest name. `kind` is "column", "property" or "attribute".
 *
 * @example
 * missingField('column', 'popluation', ['id', 'population'], 'the population');
 * // 'no column "popluation" for the population; columns found: id, population (did you mean "population"?)'
 */
export function missingField(kind: string, name: string, known: readonly string[], role?: string): string {
  const suggestion = nearestName(name, known);
  const list = known.length > 0 ? listed(known) : '(none)';
  return `no ${kind} ${quoted(name)}${role ? ` for ${role}` : ''}; ${kind === 'property' ? 'properties' : `${kind}s`} found: ${list}${suggestion !== undefined ? ` (did you mean ${quoted(suggestion)}?)` : ''}`;
}
