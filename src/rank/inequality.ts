import { checkArgument, isNumbers } from '../model/arguments.js';
/**
 * Inequality of a quantity (accessibility) over a population: each demand point holds `weight` people who
 * all have `value`. NaN values (no supply within reach) count as 0: nobody there has access.
 */

function sorted(values: ArrayLike<number>, weights: ArrayLike<number>, members?: ArrayLike<number>) {
  const count = members ? members.length : values.length;
  const items: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const i = members ? members[k] : k;
    if (weights[i] > 0) items.push([Number.isNaN(values[i]) ? 0 : values[i], weights[i]]);
  }
  items.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let mass = 0;
  for (const [v, w] of items) {
    total += w;
    mass += v * w;
  }
  return { items, total, mass };
}

/**
 * Population-weighted Gini coefficient: half the mean absolute difference between two people, over the
 * mean. 0 when everyone has the same; null without population or with a mean of 0.
 */
/**
 * Values, weights and members checked: a NaN value is "no access" (0) by design, but a weight must be a
 * number >= 0 and every member an index of the values.
 */
function checkInequality(fn: string, values: unknown, weights: unknown, members: unknown): void {
  checkArgument(fn, 'values', values, isNumbers(values), 'an array of numbers (NaN counts as 0: no access)');
  const n = (values as ArrayLike<number>).length;
  checkArgument(fn, 'weights', weights, isNumbers(weights) && weights.length === n, `an array of numbers as long as values (${n})`);
  const w = weights as ArrayLike<number>;
  const v = values as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    if (!(w[i] >= 0 && w[i] < Infinity)) checkArgument(fn, `weights[${i}]`, w[i], false, 'a number, 0 or more');
    if (v[i] === Infinity || v[i] === -Infinity || typeof v[i] !== 'number') checkArgument(fn, `values[${i}]`, v[i], false, 'a finite number or NaN');
  }
  checkArgument(fn, 'members', members, members === undefined || (isNumbers(members) && Array.prototype.every.call(members, (k: number) => Number.isInteger(k) && k >= 0 && k < n)), `an array of indices from 0 to ${n - 1}`);
}

export function gini(values: ArrayLike<number>, weights: ArrayLike<number>, members?: ArrayLike<number>): number | null {
  checkInequality('gini', values, weights, members);
  const { items, total, mass } = sorted(values, weights, members);
  if (total <= 0 || mass <= 0) return null;
  // Σ_i Σ_j w_i w_j |x_i − x_j| = 2 Σ_i w_i x_i (W_below_i − W_above_i), over sorted values.
  let below = 0;
  let sum = 0;
  for (const [v, w] of items) {
    const above = total - below - w;
    sum += w * v * (below - above);
    below += w;
  }
  return sum / (total * mass);
}

/** Share of the total held by the poorest `p` of the population (the Lorenz curve at p, interpolated within a point). */
function lorenz(items: [number, number][], total: number, mass: number, p: number): number {
  const goal = p * total;
  let people = 0;
  let held = 0;
  for (const [v, w] of items) {
    if (people + w >= goal) return (held + (goal - people) * v) / mass;
    people += w;
    held += v * w;
  }
  return 1;
}

/**
 * Palma ratio: what the best-served 10 % of the population holds over what the worst-served 40 % holds.
 * Null when the worst-served 40 % hold nothing (the ratio is infinite) or without population.
 */
export function palma(values: ArrayLike<number>, weights: ArrayLike<number>, members?: ArrayLike<number>): number | null {
  checkInequality('palma', values, weights, members);
  const { items, total, mass } = sorted(values, weights, members);
  if (total <= 0 || mass <= 0) return null;
  const bottom40 = lorenz(items, total, mass, 0.4);
  const top10 = 1 - lorenz(items, total, mass, 0.9);
  return bottom40 > 0 ? top10 / bottom40 : null;
}
