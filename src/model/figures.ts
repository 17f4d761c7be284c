/**
 * A count as the messages and reports say it: rounded to a whole number, thousands grouped with commas, as
 * `toLocaleString('en-GB')` writes it ("1,234,567"; "0", never "-0"). Written out rather than asked of Intl:
 * the first `toLocaleString` of a process loads the locale data, a twentieth of a whole coverage run on 35,000
 * points (issue 15), for a summary line. test/figures.test.ts checks the two agree.
 *
 * @example
 * int(1234567.4); // '1,234,567'
 * int(-1500); // '-1,500'
 */
export function int(x: number): string {
  const n = Math.round(x);
  if (!Number.isFinite(n)) return n.toLocaleString('en-GB');
  const digits = String(Math.abs(n));
  // 1e21 and beyond print with an exponent: leave those to Intl.
  if (digits.includes('e')) return n.toLocaleString('en-GB');
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += ',' + digits.slice(at, at + 3);
  return n < 0 ? '-' + grouped : grouped;
}
