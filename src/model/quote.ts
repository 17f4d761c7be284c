import { int } from './figures.js';
/**
 * A value as a message quotes it: in double quotes (so "" and " " stay visible), cut to a readable prefix when
 * long. An error must help, and a 3 MB value echoed whole (twice, for a duplicate) buries the message and the
 * terminal. Another helper may bring the same into errors.ts: this one is for options and specs.
 *
 * @example
 * quote('crow:fast'); // '"crow:fast"'
 * quote('9'.repeat(100_000)); // the first 60 nines in quotes, then "… (100,000 characters)"
 */
export function quote(value: string, max = 60): string {
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, max))}… (${int(value.length)} characters)`;
}
