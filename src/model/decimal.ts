/**
 * Numbers as a planner writes them, and nothing else. `Number()` also reads "0x10", "0b1111", "0o17",
 * "Infinity", " 5 " and "" (as 0), so that a slip passes as a value nobody meant; every number of an option or
 * a spec (command line, travel and decay specs) goes through `parseDecimal` instead. A hand scanner, one pass
 * over the text: linear time whatever the text, where a backtracking pattern can take minutes on a long field.
 */

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * The number a text writes in decimal, or undefined. Reads an optional sign, digits with an optional decimal
 * point (`12`, `1.5`, `.5`, `5.`) and, unless `integer`, an exponent (`1e3`, `2.5E-1`); refuses everything
 * else: other bases, `Infinity`, `NaN`, spaces, thousands separators, a decimal comma, and any number that
 * overflows to infinity. With `integer`, digits only after the sign: "1e3" and "5.0" are not whole numbers
 * as typed.
 *
 * @example
 * parseDecimal('1.5'); // 1.5
 * parseDecimal('0x10'); // undefined
 * parseDecimal('1e3', { integer: true }); // undefined
 */
export function parseDecimal(text: string, options: { integer?: boolean } = {}): number | undefined {
  if (typeof text !== 'string') return undefined;
  const n = text.length;
  let k = 0;
  if (k < n && (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45)) k++; // + or -
  const intStart = k;
  while (k < n && isDigit(text.charCodeAt(k))) k++;
  let digits = k - intStart;
  if (!options.integer) {
    if (k < n && text.charCodeAt(k) === 46) {
      // .
      k++;
      const fracStart = k;
      while (k < n && isDigit(text.charCodeAt(k))) k++;
      digits += k - fracStart;
    }
    if (digits > 0 && k < n && (text.charCodeAt(k) === 101 || text.charCodeAt(k) === 69)) {
      // e or E, then an optional sign and at least one digit
      k++;
      if (k < n && (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45)) k++;
      const expStart = k;
      while (k < n && isDigit(text.charCodeAt(k))) k++;
      if (k === expStart) return undefined;
    }
  }
  if (digits === 0 || k !== n) return undefined;
  const value = Number(text);
  if (options.integer) return Number.isSafeInteger(value) ? value : undefined;
  return Number.isFinite(value) ? value : undefined;
}
