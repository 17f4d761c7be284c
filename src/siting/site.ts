import { CareshedError } from '../model/errors.js';
import { candidateIndices, type SitingProblem } from './problem.js';
import { coveredWeight, greedyOrder, mclpExact, mclpGreedy, mclpHeuristic } from './mclp.js';
import { medianCost, pmedianExact, pmedianHeuristic } from './pmedian.js';
import { lscpExact, lscpHeuristic } from './lscp.js';
import { centerCost, pcenter } from './pcenter.js';
import { cmclpExact, cmclpHeuristic } from './cmclp.js';
import { MAX_EXACT_NONZEROS } from './mip.js';
import { loadHighs } from './highs.js';
import type { Progress } from '../model/progress.js';

export type SitingModel = 'mclp' | 'lscp' | 'pmedian' | 'pcenter' | 'cmclp';
export type Solver = 'heuristic' | 'exact' | 'auto';

export interface SiteOptions {
  model: SitingModel;
  /** New sites to open (not for LSCP). */
  p?: number;
  /** Covering target, inclusive (default 15). */
  targetMinutes?: number;
  /** heuristic, exact (HiGHS), or auto: exact when the model fits, the heuristic otherwise (default). */
  solver?: Solver;
  /** Seconds for the exact solver (default 60); 0 returns the heuristic, saying so. */
  timeLimit?: number;
  mipGap?: number;
  seed?: number;
  /** Capacitated MCLP: places per site (default: the problem's capacity). */
  places?: ArrayLike<number>;
  /** Told how far the heuristic's annealing has gone, and when the exact solve starts and ends (HiGHS gives no news in between). */
  onProgress?: Progress;
}

export interface SelectedSite {
  id: string;
  /** 1 for the first chosen. */
  order: number;
  /** Population newly covered (covering models) or weighted minutes saved (p-median) when added in this order. */
  gain: number;
}

export interface SiteResult {
  model: SitingModel;
  p: number;
  /** optimal: proven; feasible: the exact solver's best within the time limit; heuristic: no proof. */
  status: 'optimal' | 'feasible' | 'heuristic';
  solver: 'heuristic' | 'exact';
  /**
   * MCLP and CMCLP: population covered (served) by all open sites; LSCP: number of new sites; p-median: Σ
   * population × minutes to the nearest open site; p-center: the largest minutes to the nearest open site.
   */
  objective: number;
  /** The exact solver's proven bound; null for heuristics. */
  bound: number | null;
  gap: number | null;
  selected: SelectedSite[];
  /** Why the solver used is not the one asked for, when it is not. */
  reason?: string;
  /** LSCP: demand points no site reaches within the target. */
  uncoverable?: string[];
  seconds: number;
}

/** A rough count of the exact model's nonzeros, to decide before building it. */
function estimatedNonzeros(problem: SitingProblem, model: SitingModel, target: number): number {
  let within = 0;
  for (let k = 0; k < problem.cost.length; k++) if (problem.cost[k] <= target) within++;
  if (model === 'pmedian') return 3 * problem.cost.length + problem.demandCount + problem.siteCount;
  return 2 * within + problem.demandCount + problem.siteCount;
}

/**
 * Chooses new sites with one of the models, existing (fixed) sites kept open, by a named solver; every
 * model returns the same fields. `auto` runs the exact solver when the model fits in HiGHS, the heuristic
 * otherwise, and says why in `reason`.
 *
 * @example
 * const result = await site(problem, { model: 'mclp', p: 10, targetMinutes: 15, solver: 'auto' });
 */
export async function site(problem: SitingProblem, options: SiteOptions): Promise<SiteResult> {
  const started = performance.now();
  const { model } = options;
  const target = options.targetMinutes ?? 15;
  if (!(target >= 0)) throw new CareshedError('INVALID_OPTION', 'the target must be a number of minutes >= 0', { field: 'targetMinutes', value: target });
  const candidates = candidateIndices(problem);
  const p = model === 'lscp' ? 0 : (options.p ?? NaN);
  if (model !== 'lscp') {
    if (!Number.isInteger(p) || p < 1) throw new CareshedError('INVALID_OPTION', `p must be a whole number >= 1 for ${model}`, { field: 'p', value: options.p });
    if (p > candidates.length) throw new CareshedError('INVALID_OPTION', `p = ${p} is more than the ${candidates.length} candidate sites`, { field: 'p', value: p });
  }
  if ((model === 'mclp' || model === 'cmclp' || model === 'lscp') && candidates.every((j) => problem.siteCost.subarray(problem.siteOffsets[j], problem.siteOffsets[j + 1]).every((c) => c > target))) {
    throw new CareshedError('INVALID_OPTION', `no candidate site reaches any demand point within ${target} minutes`, { field: 'candidates' });
  }
  const places = Float64Array.from(options.places ?? problem.capacity);
  for (let j = 0; j < places.length; j++) {
    if (!(places[j] >= 0)) throw new CareshedError('INVALID_CAPACITY', 'capacities must be numbers >= 0', { id: problem.ids[j], field: 'capacity', value: places[j] });
  }
  const timeLimit = options.timeLimit ?? 60;
  if (!(timeLimit >= 0)) throw new CareshedError('INVALID_OPTION', 'the time limit must be a number of seconds >= 0', { field: 'timeLimit', value: timeLimit });
  const asked = options.solver ?? 'auto';
  let reason: string | undefined;
  let useExact = asked !== 'heuristic';
  const nonzeros = estimatedNonzeros(problem, model, target);
  if (useExact && nonzeros > MAX_EXACT_NONZEROS) {
    useExact = false;
    reason = `the exact model would have about ${nonzeros} nonzeros, more than the ${MAX_EXACT_NONZEROS} HiGHS holds in WebAssembly: heuristic instead`;
  } else if (useExact && timeLimit === 0) {
    useExact = false;
    reason = 'a time limit of 0 seconds leaves no time for the exact solver: heuristic instead';
  }
  if (useExact) {
    try {
      await loadHighs();
    } catch (error) {
      if (asked === 'exact') throw error;
      useExact = false;
      reason = `${(error as Error).message}: heuristic instead`;
    }
  }
  const mip = { timeLimit: timeLimit || 1, mipGap: options.mipGap };
  // HiGHS runs in one call: say when it starts (its time limit as the total, in seconds) and when it ends.
  const exact = async <T>(solve: () => Promise<T>): Promise<T> => {
    const step = { step: `exact ${model.toUpperCase()} (HiGHS)`, total: mip.timeLimit, unit: 's' };
    const t0 = performance.now();
    options.onProgress?.({ ...step, done: 0 });
    try {
      return await solve();
    } finally {
      options.onProgress?.({ ...step, done: Math.min(mip.timeLimit, (performance.now() - t0) / 1000), finished: true });
    }
  };
  const finish = (open: number[], objective: number, exact: { status: 'optimal' | 'feasible' | 'none'; bound: number; gap: number } | null, extra: Partial<SiteResult> = {}): SiteResult => {
    const order = model === 'pmedian' ? medianOrder(problem, open) : greedyOrder(problem, target, open);
    const status = exact ? (exact.status === 'optimal' ? 'optimal' : 'feasible') : 'heuristic';
    return {
      model,
      p: model === 'lscp' ? open.length : p,
      status,
      solver: exact ? 'exact' : 'heuristic',
      objective,
      bound: exact && Number.isFinite(exact.bound) ? exact.bound : null,
      gap: exact && Number.isFinite(exact.gap) ? exact.gap : null,
      selected: order.open.map((j, k) => ({ id: problem.ids[j], order: k + 1, gain: order.gains[k] })),
      ...(reason ? { reason } : {}),
      ...extra,
      seconds: (performance.now() - started) / 1000,
    };
  };
  switch (model) {
    case 'mclp': {
      const h = mclpHeuristic(problem, p, target, { seed: options.seed, onProgress: options.onProgress });
      if (!useExact) return finish(h.open, h.covered, null);
      const e = await exact(() => mclpExact(problem, p, target, h.open, mip));
      return e.covered >= h.covered ? finish(e.open, e.covered, e) : finish(h.open, h.covered, { ...e, status: 'feasible' });
    }
    case 'pmedian': {
      const h = pmedianHeuristic(problem, p, { seed: options.seed });
      if (!useExact) return finish(h.open, h.objective, null);
      const e = await exact(() => pmedianExact(problem, p, h.open, mip));
      const cost = medianCost(problem, e.open);
      return cost <= h.objective ? finish(e.open, cost, e) : finish(h.open, h.objective, { ...e, status: 'feasible' });
    }
    case 'lscp': {
      const h = lscpHeuristic(problem, target);
      const uncoverable = h.uncoverable.map((i) => problem.demandIds[i]);
      if (!useExact) return finish(h.open, h.open.length, null, { uncoverable });
      const e = await exact(() => lscpExact(problem, target, h.open, mip));
      return finish(e.open, e.open.length, e, { uncoverable });
    }
    case 'pcenter': {
      const result = useExact ? await exact(() => pcenter(problem, p, 'exact', mip)) : await pcenter(problem, p, 'heuristic', mip);
      return finish(result.open, centerCost(problem, result.open), useExact ? { status: result.status === 'optimal' ? 'optimal' : 'feasible', bound: NaN, gap: NaN } : null);
    }
    case 'cmclp': {
      const h = cmclpHeuristic(problem, p, target, places);
      if (!useExact) return finish(h.open, h.served, null);
      const e = await exact(() => cmclpExact(problem, p, target, places, h.open, mip));
      return e.served >= h.served ? finish(e.open, e.served, e) : finish(h.open, h.served, { ...e, status: 'feasible' });
    }
    default:
      throw new CareshedError('INVALID_OPTION', `unknown model "${model as string}"; expected mclp, lscp, pmedian, pcenter or cmclp`, { field: 'model', value: model });
  }
}

/** The order in which greedy would add the p-median sites, with the weighted minutes each saves. */
function medianOrder(problem: SitingProblem, sites: readonly number[]): { open: number[]; gains: number[] } {
  const left = new Set(sites);
  const open: number[] = [];
  const gains: number[] = [];
  let cost = medianCost(problem, []);
  while (left.size > 0) {
    let best = -1;
    let bestCost = Infinity;
    for (const j of left) {
      const c = medianCost(problem, [...open, j]);
      if (c < bestCost || (c === bestCost && j < best)) [best, bestCost] = [j, c];
    }
    open.push(best);
    gains.push(cost - bestCost);
    cost = bestCost;
    left.delete(best);
  }
  return { open, gains };
}

export interface CurvePoint {
  k: number;
  id: string;
  /** Population newly covered by the k-th site. */
  gain: number;
  /** Population covered by the fixed sites and the first k. */
  covered: number;
}

/**
 * The coverage curve: the population each added site newly covers, k = 1…K, by greedy (lazy evaluation),
 * after the fixed sites. Marginal gains never grow along the curve (coverage is submodular).
 */
export function coverageCurve(problem: SitingProblem, maxSites: number, target: number): CurvePoint[] {
  const order = mclpGreedy(problem, Math.min(maxSites, candidateIndices(problem).length), target);
  let covered = coveredWeight(problem, target, []);
  return order.open.map((j, k) => {
    covered += order.gains[k];
    return { k: k + 1, id: problem.ids[j], gain: order.gains[k], covered };
  });
}

export interface PlanYear {
  year: number;
  opened: string[];
  /** Population covered after this year's openings. */
  covered: number;
  gain: number;
}

/**
 * A plan of `perYear` openings a year for `years` years: each year solves MCLP for its openings with every
 * earlier one kept open (a rolling plan, as a region that commits year by year would make).
 */
export async function yearlyPlan(problem: SitingProblem, perYear: number, years: number, options: Omit<SiteOptions, 'model' | 'p'> = {}): Promise<PlanYear[]> {
  const target = options.targetMinutes ?? 15;
  const fixed = Uint8Array.from(problem.fixed);
  const candidate = Uint8Array.from(problem.candidate);
  const plan: PlanYear[] = [];
  let covered = coveredWeight(problem, target, []);
  for (let year = 1; year <= years; year++) {
    const current = { ...problem, fixed: Uint8Array.from(fixed), candidate: Uint8Array.from(candidate) };
    if (candidateIndices(current).length < perYear) break;
    const result = await site(current, { ...options, model: 'mclp', p: perYear });
    const opened = result.selected.map((s) => problem.ids.indexOf(s.id));
    for (const j of opened) {
      fixed[j] = 1;
      candidate[j] = 0;
    }
    const now = coveredWeight({ ...problem, fixed, candidate }, target, []);
    plan.push({ year, opened: opened.map((j) => problem.ids[j]), covered: now, gain: now - covered });
    covered = now;
  }
  return plan;
}
