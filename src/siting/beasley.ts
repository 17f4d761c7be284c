import { CareshedError } from '../model/errors.js';
import { seededRandom } from '../model/random.js';

/**
 * A random p-median instance of the OR-Library family (Beasley 1985, 1990), as text in OR-Library's format
 * ("n m p", then m lines "i j length"), for instances larger than the ten shipped (pmed11–40 are not here).
 * Built as the published files are: they open with the cycle 1–2–…–n–1 (n edges, so the graph is connected),
 * then random pairs of distinct vertices up to m edges (m = n²/50 in pmed1–40), a pair drawn again overwriting
 * the earlier length (pmed1 has {19, 20} twice); lengths are whole numbers drawn uniformly in 1–100. Read it
 * with `readOrLibraryPmedian`, which takes all-pairs shortest paths. The same seed gives the same text.
 *
 * @example
 * const { n, p, costs } = readOrLibraryPmedian(beasleyPmedian(300, 30, 11));
 * const problem = problemFromCosts(costs, n, n);
 */
export function beasleyPmedian(n: number, p: number, seed: number, edges = Math.round((n * n) / 50)): string {
  if (!Number.isInteger(n) || n < 3) throw new CareshedError('INVALID_OPTION', 'n must be a whole number >= 3', { field: 'n', value: n });
  if (!Number.isInteger(p) || p < 1 || p > n) throw new CareshedError('INVALID_OPTION', `p must be a whole number in 1–${n}`, { field: 'p', value: p });
  if (!Number.isInteger(edges) || edges < n) throw new CareshedError('INVALID_OPTION', `edges must be a whole number >= n (${n}): the cycle comes first`, { field: 'edges', value: edges });
  const random = seededRandom(seed);
  const length = () => 1 + Math.floor(random() * 100);
  const lines = [`${n} ${edges} ${p}`];
  for (let v = 1; v <= n; v++) lines.push(`${v} ${(v % n) + 1} ${length()}`);
  for (let e = n; e < edges; e++) {
    const a = 1 + Math.floor(random() * n);
    let b = 1 + Math.floor(random() * (n - 1));
    if (b >= a) b++;
    lines.push(`${a} ${b} ${length()}`);
  }
  return lines.join('\n') + '\n';
}
