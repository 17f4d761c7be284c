/**
 * Population-weighted statistics of travel minutes over a set of demand points.
 * Infinity stands for "no site reachable"; such points weigh in the quantiles (they are the farthest)
 * but not in the mean, which is over the population that can reach a site.
 */
export interface MinutesStatistics {
  /** Population-weighted mean minutes of the population that can reach a site; null when there is none. */
  meanMinutes: number | null;
  /** Weighted median: the smallest minutes m such that at least half the population travels m or less. */
  medianMinutes: number | null;
  /** Weighted 90th percentile, same rule. */
  p90Minutes: number | null;
}

/**
 * Weighted quantiles by the inverted cumulative distribution: the smallest value whose cumulative
 * weight reaches q × total. `members` lists the points to include (all when omitted).
 */
export function minutesStatistics(minutes: ArrayLike<number>, weight: ArrayLike<number>, members?: ArrayLike<number>): MinutesStatistics {
  const count = members ? members.length : minutes.length;
  const order = new Uint32Array(count);
  let total = 0;
  let reachableWeight = 0;
  let weightedSum = 0;
  for (let k = 0; k < count; k++) {
    const i = members ? members[k] : k;
    order[k] = i;
    const w = weight[i];
    total += w;
    if (Number.isFinite(minutes[i])) {
      reachableWeight += w;
      weightedSum += w * minutes[i];
    }
  }
  if (total <= 0) return { meanMinutes: null, medianMinutes: null, p90Minutes: null };
  sortByMinutes(order, minutes);
  return {
    meanMinutes: reachableWeight > 0 ? weightedSum / reachableWeight : null,
    medianMinutes: finiteOrNull(quantile(order, minutes, weight, total, 0.5)),
    p90Minutes: finiteOrNull(quantile(order, minutes, weight, total, 0.9)),
  };
}

function quantile(order: Uint32Array, minutes: ArrayLike<number>, weight: ArrayLike<number>, total: number, q: number): number {
  const goal = q * total;
  let cumulative = 0;
  for (let k = 0; k < order.length; k++) {
    cumulative += weight[order[k]];
    // A relative slack so that 0.1 + 0.2 style rounding cannot skip the point that reaches the goal.
    if (cumulative >= goal * (1 - 1e-12)) return minutes[order[k]];
  }
  return minutes[order[order.length - 1]];
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
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
