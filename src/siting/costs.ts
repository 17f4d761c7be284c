import { CareshedError } from '../model/errors.js';
import type { SitingProblem } from './problem.js';
import { checkArgument, checkOptions, isNumbers } from '../model/arguments.js';

/**
 * A siting problem from a dense cost matrix (`costs[i · m + j]`, Infinity where j cannot serve i), for
 * benchmark instances such as OR-Library's p-median set. Ids are "1", "2"... unless given.
 */
export function problemFromCosts(costs: Float64Array, demandCount: number, siteCount: number, options: { weight?: ArrayLike<number>; fixed?: readonly number[] } = {}): SitingProblem {
  checkArgument('problemFromCosts', 'demandCount', demandCount, Number.isInteger(demandCount) && demandCount >= 1, 'a whole number of demand points, 1 or more');
  checkArgument('problemFromCosts', 'siteCount', siteCount, Number.isInteger(siteCount) && siteCount >= 1, 'a whole number of sites, 1 or more');
  checkArgument('problemFromCosts', 'costs', costs, isNumbers(costs) && costs.length === demandCount * siteCount, `demandCount × siteCount numbers (${demandCount * siteCount}), row by row`);
  checkOptions('problemFromCosts', options, ['weight', 'fixed']);
  if (costs.length !== demandCount * siteCount) throw new CareshedError('INVALID_OPTION', `costs has ${costs.length} entries for ${demandCount} × ${siteCount}`, { field: 'costs' });
  const offsets = new Uint32Array(demandCount + 1);
  const site: number[] = [];
  const cost: number[] = [];
  for (let i = 0; i < demandCount; i++) {
    const row: number[] = [];
    for (let j = 0; j < siteCount; j++) {
      const c = costs[i * siteCount + j];
      if (c < 0 || Number.isNaN(c)) throw new CareshedError('INVALID_OPTION', `cost from ${i} to ${j} is ${c}; costs must be >= 0`, { field: 'costs', value: c });
      if (Number.isFinite(c)) row.push(j);
    }
    row.sort((a, b) => costs[i * siteCount + a] - costs[i * siteCount + b] || a - b);
    for (const j of row) {
      site.push(j);
      cost.push(costs[i * siteCount + j]);
    }
    offsets[i + 1] = site.length;
  }
  // Transpose: each site's demand.
  const siteOffsets = new Uint32Array(siteCount + 1);
  for (const j of site) siteOffsets[j + 1]++;
  for (let j = 0; j < siteCount; j++) siteOffsets[j + 1] += siteOffsets[j];
  const fill = siteOffsets.slice(0, siteCount);
  const siteDemand = new Uint32Array(site.length);
  const siteCost = new Float64Array(site.length);
  for (let i = 0; i < demandCount; i++) {
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const slot = fill[site[k]]++;
      siteDemand[slot] = i;
      siteCost[slot] = cost[k];
    }
  }
  const fixed = new Uint8Array(siteCount);
  for (const j of options.fixed ?? []) fixed[j] = 1;
  let maxCost = 0;
  for (const c of cost) if (c > maxCost) maxCost = c;
  const weight = Float64Array.from(options.weight ?? new Float64Array(demandCount).fill(1));
  return {
    demandCount,
    siteCount,
    weight,
    population: Float64Array.from(weight),
    offsets,
    site: Uint32Array.from(site),
    cost: Float64Array.from(cost),
    siteOffsets,
    siteDemand,
    siteCost,
    fixed,
    candidate: Uint8Array.from(fixed, (f) => (f ? 0 : 1)),
    capacity: new Float64Array(siteCount).fill(1),
    beyondCost: maxCost,
    ids: Array.from({ length: siteCount }, (_, j) => String(j + 1)),
    demandIds: Array.from({ length: demandCount }, (_, i) => String(i + 1)),
  };
}

/**
 * An OR-Library p-median instance (Beasley 1990): "n m p", then m lines "i j cost" of an undirected graph.
 * A repeated edge takes its last cost, as OR-Library's optima assume; costs are all-pairs shortest paths.
 */
export function readOrLibraryPmedian(text: string, source?: string): { n: number; p: number; costs: Float64Array } {
  checkArgument('readOrLibraryPmedian', 'text', text, typeof text === 'string', 'the text of an OR-Library p-median file');
  const numbers = text.trim().split(/\s+/).map(Number);
  const [n, m, p] = numbers;
  if (!(n > 0) || !(m >= 0) || !(p > 0) || numbers.length < 3 + 3 * m) throw new CareshedError('PARSE_ERROR', 'not an OR-Library p-median file: expected "n m p" and m edges', { source });
  const costs = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) costs[i * n + i] = 0;
  for (let e = 0; e < m; e++) {
    const [a, b, c] = numbers.slice(3 + 3 * e, 6 + 3 * e);
    if (!(a >= 1 && a <= n && b >= 1 && b <= n && c >= 0)) throw new CareshedError('PARSE_ERROR', `edge ${e + 1} is "${a} ${b} ${c}"`, { source, line: e + 2 });
    if (a === b) continue;
    costs[(a - 1) * n + (b - 1)] = c;
    costs[(b - 1) * n + (a - 1)] = c;
  }
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const ik = costs[i * n + k];
      if (ik === Infinity) continue;
      for (let j = 0; j < n; j++) {
        const through = ik + costs[k * n + j];
        if (through < costs[i * n + j]) costs[i * n + j] = through;
      }
    }
  }
  return { n, p, costs };
}
