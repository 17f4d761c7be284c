import { CareshedError, nearestName } from './errors.js';
import { quote } from './quote.js';

// The library checks what it is given, so that a caller's slip is a CareshedError naming the function, the
// argument and what it takes, never a TypeError from deep inside ("Cannot read properties of undefined").
// Each exported function calls these in its first lines.

/** What a value is, in a message: "undefined", "NaN", "the text "x"", "an array of 3", "an object Demand". */
export function kindOf(value: unknown): string {
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  if (typeof value === 'string') return `the text ${quote(value)}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `an object ${name}` : 'an object';
}

/**
 * Throws INVALID_ARGUMENT unless `ok`: "coverage: argument demand must be a Demand (createDemand, readDemandCsv); got undefined".
 *
 * @example
 * checkArgument('gini', 'values', [1, 2], true, 'numbers'); // nothing
 */
export function checkArgument(fn: string, name: string, value: unknown, ok: boolean, expected: string): void {
  if (!ok) throw new CareshedError('INVALID_ARGUMENT', `${fn}: argument ${name} must be ${expected}; got ${kindOf(value)}`, { field: name });
}

/**
 * An options object: undefined reads as {}; anything but a plain object is refused, and so is a key the
 * function does not know (a typo such as `maxMinute` must not be ignored), with the nearest known key.
 *
 * @example
 * checkOptions('coverage', { targetMinutes: 15 }, ['targetMinutes']); // { targetMinutes: 15 }
 * checkOptions('coverage', { targetMinute: 15 }, ['targetMinutes']); // throws: ... (did you mean targetMinutes?)
 */
export function checkOptions<T>(fn: string, options: T | undefined, known: readonly string[], name = 'options'): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CareshedError('INVALID_ARGUMENT', `${fn}: ${name} must be an object {${known.join(', ')}}; got ${kindOf(options)}`, { field: name });
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = key.length <= 60 ? nearestName(key, known) : undefined;
    throw new CareshedError('INVALID_ARGUMENT', `${fn}: unknown option ${quote(key)}${near !== undefined ? ` (did you mean ${near}?)` : ''}; ${name} takes ${known.length > 0 ? known.join(', ') : 'none'}`, { field: `${name}.${key.length <= 60 ? key : '…'}` });
  }
  return options;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** An array or a typed array of numbers (not checked one by one: that is the caller's loop). */
export const isNumbers = (value: unknown): value is ArrayLike<number> =>
  (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) && ((value as ArrayLike<unknown>).length === 0 || typeof (value as ArrayLike<unknown>)[0] === 'number');
export const isTexts = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((x) => typeof x === 'string');
export const isText = (value: unknown): value is string => typeof value === 'string';
export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
