import { checkArgument, isNumbers } from '../model/arguments.js';
/**
 * Population-weighted statistics of travel minutes over a set of demand points. Every statistic is over the
 * same people: those who can reach a site (finite minutes). Infinity stands for "no site reachable"; those
 * people are left out of all four alike and counted apart (`unreachablePopulation` in a coverage summary).
 */
export interface MinutesStatistics {
  /** Population-weighted mean minutes to the nearest site, over the population that can reach a site; null when nobody can. */
  meanMinutes: number | null;
  /** Weighted median over the same population: the smallest minutes m such that at least half of it travels m or less. */
  medianMinutes: number | null;
  /** Weighted 90th percentile over the same population, same rule. */
  p90Minutes: number | null;
  /** The longest minutes to the nearest site of anyone who can reach one (demand points with population > 0). */
  worstMinutes: number | null;
}

/**
 * Weighted statistics over the points that can reach a site; quantiles by the inverted cumulative
 * distribution: the smallest value whose cumulative weight reaches q × the reachable weight. `members`
 * lists the points to include (all when omitted).
 *
 * @example
 * minutesStatistics(Float32Array.of(5, 10, Infinity), Float64Array.of(1, 1, 5));
 * // { meanMinutes: 7.5, medianMinutes: 5, p90Minutes: 10, worstMinutes: 10 }: the 5 people who reach nothing are counted apart
 */
export function minutesStatistics(minutes: ArrayLike<number>, weight: ArrayLike<number>, members?: ArrayLike<number>): MinutesStatistics {
  checkArgument('minutesStatistics', 'minutes', minutes, isNumbers(minutes), 'an array of minutes');
  checkArgument('minutesStatistics', 'weight', weight, isNumbers(weight) && weight.length === minutes.length, `an array of numbers as long as minutes (${minutes.length})`);
  checkArgument('minutesStatistics', 'members', members, members === undefined || isNumbers(members), 'an array of indices');
  const count = members ? members.length : minutes.length;
  const reachable: number[] = [];
  let reachableWeight = 0;
  let weightedSum = 0;
  for (let k = 0; k < count; k++) {
    const i = members ? members[k] : k;
    if (!Number.isFinite(minutes[i])) continue;
    reachable.push(i);
    reachableWeight += weight[i];
    weightedSum += weight[i] * minutes[i];
  }
  if (reachableWeight <= 0) return { meanMinutes: null, medianMinutes: null, p90Minutes: null, worstMinutes: null };
  const order = Uint32Array.from(reachable);
  sortByMinutes(order, minutes);
  return {
    meanMinutes: weightedSum / reachableWeight,
    medianMinutes: quantile(order, minutes, weight, reachableWeight, 0.5),
    p90Minutes: quantile(order, minutes, weight, reachableWeight, 0.9),
    worstMinutes: quantile(order, minutes, weight, reachableWeight, 1),
  };
}

function quantile(order: Uint32Array, minutes: ArrayLike<number>, weight: ArrayLike<number>, total: number, q: number): number {
  if (q === 1) {
    // The worst: the last point with people (the slack below would stop at an earlier one).
    for (let k = order.length - 1; k >= 0; k--) if (weight[order[k]] > 0) return minutes[order[k]];
  }
  const goal = q * total;
  let cumulative = 0;
  for (let k = 0; k < order.length; k++) {
    cumulative += weight[order[k]];
    // A relative slack so that 0.1 + 0.2 style rounding cannot skip the point that reaches the goal.
    if (cumulative >= goal * (1 - 1e-12)) return minutes[order[k]];
  }
  return minutes[order[order.length - 1]];
}

const PACKED = 2 ** 21;

/**
 * Orders point indices by minutes (ties by index). Minutes are float32 values ≥ 0 or Infinity, whose bit
 * patterns grow with the value: bits · 2^21 + position is an exact float64 key and a native numeric sort
 * needs no comparator. Beyond 2^21 points, or for other numbers, a comparator sort.
 */
function sortByMinutes(order: Uint32Array, minutes: ArrayLike<number>): void {
  const n = order.length;
  const asFloat32 = new Float32Array(n);
  let packable = n < PACKED;
  for (let k = 0; k < n && packable; k++) {
    const m = minutes[order[k]];
    asFloat32[k] = m;
    if (!(m >= 0) || asFloat32[k] !== m) packable = false;
  }
  if (!packable) {
    order.sort((a, b) => minutes[a] - minutes[b] || a - b);
    return;
  }
  const bits = new Uint32Array(asFloat32.buffer);
  const keys = new Float64Array(n);
  // Equal minutes give equal quantiles whatever their order; the position only makes keys unique.
  for (let k = 0; k < n; k++) keys[k] = bits[k] * PACKED + k;
  keys.sort();
  const original = order.slice();
  for (let k = 0; k < n; k++) order[k] = original[keys[k] % PACKED];
}
