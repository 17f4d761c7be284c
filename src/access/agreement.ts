import { checkArgument, isNumbers } from '../model/arguments.js';
/** Ranks from 1, ties sharing their mean rank; NaN values are left out by the callers. */
function ranks(values: readonly number[]): Float64Array {
  const order = values.map((_, k) => k).sort((a, b) => values[a] - values[b]);
  const rank = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const mean = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) rank[order[k]] = mean;
    start = end + 1;
  }
  return rank;
}

function pairs(a: ArrayLike<number>, b: ArrayLike<number>): [number[], number[]] {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      x.push(a[i]);
      y.push(b[i]);
    }
  }
  return [x, y];
}

/** Two series of numbers of one length: pairs by index, so unequal lengths are a slip, never a correlation of 1. */
function checkPair(fn: string, a: unknown, b: unknown): void {
  checkArgument(fn, 'a', a, isNumbers(a), 'an array of numbers');
  checkArgument(fn, 'b', b, isNumbers(b) && b.length === (a as ArrayLike<number>).length, `an array of numbers as long as a (${(a as ArrayLike<number>).length})`);
}

/** Pearson correlation over the points where both values are finite; null with fewer than 2 or no spread. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  checkPair('pearson', a, b);
  const [x, y] = pairs(a, b);
  return correlation(x, y);
}

function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/**
 * Spearman's rank correlation (Pearson on ranks, ties at their mean rank), over the points where both
 * values are finite.
 *
 * @example
 * spearman(aplOurs, aplDrees); // 0.7
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  checkPair('spearman', a, b);
  const [x, y] = pairs(a, b);
  return correlation(ranks(x), ranks(y));
}
