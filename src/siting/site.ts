import { CareshedError, checkNumberOption } from '../model/errors.js';
import { candidateIndices, checkProblem, type SitingProblem } from './problem.js';
import { coveredWeight, greedyOrder, mclpExact, mclpGreedy, mclpHeuristic, mclpUpperBound, newlyCovered } from './mclp.js';
import { medianCost, medianOrder, pmedianExact, pmedianHeuristic } from './pmedian.js';
import { lscpExact, lscpHeuristic } from './lscp.js';
import { centerCost, pcenter } from './pcenter.js';
import { cmclpExact, cmclpHeuristic, cmclpOrder, cmclpUpperBound, servedAssignment, servedWeight, tieBreak, tieValue, unmetNeed, type TieBreak } from './cmclp.js';
import { DEFAULT_MAX_NODES, DEFAULT_MIP_GAP, DEFAULT_TIME_LIMIT, MAX_EXACT_NONZEROS, type MipOptions, type MipResult, type StoppedBy } from './mip.js';
import { loadHighs } from './highs.js';
import type { Progress } from '../model/progress.js';
import { checkArgument, checkOptions } from '../model/arguments.js';

export type SitingModel = 'mclp' | 'lscp' | 'pmedian' | 'pcenter' | 'cmclp';
export type Solver = 'heuristic' | 'exact' | 'auto';
const SITING_MODELS: readonly SitingModel[] = ['mclp', 'lscp', 'pmedian', 'pcenter', 'cmclp'];
const SOLVERS: readonly Solver[] = ['heuristic', 'exact', 'auto'];

export interface SiteOptions {
  model: SitingModel;
  /** New sites to open (not for LSCP). */
  p?: number;
  /** Covering target, inclusive (default 15). */
  targetMinutes?: number;
  /** heuristic, exact (HiGHS), or auto: exact when the model fits, the heuristic otherwise (default). */
  solver?: Solver;
  /**
   * Branch-and-bound nodes for the exact solver (default `DEFAULT_MAX_NODES`): the limit that stops a hard
   * solve at the same point on every machine.
   */
  maxNodes?: number;
  /**
   * Seconds for the exact solver (default `DEFAULT_TIME_LIMIT`, 600): a safety, so that the node limit
   * decides; a solve it stops depends on the machine, and `reason` says so. 0 returns the heuristic.
   */
  timeLimit?: number;
  /**
   * Relative gap within which an exact answer counts as optimal (default 1e-4). Models that count whole people
   * (MCLP and CMCLP with whole weights and places, LSCP) are solved further, until the bound is less than
   * one person away: optimal then means proven.
   */
  mipGap?: number;
  seed?: number;
  /** Capacitated MCLP: places per site (default: the problem's capacity). */
  places?: ArrayLike<number>;
  /**
   * Capacitated MCLP: the need per demand point that breaks ties between sites serving as many people
   * (default: the people the fixed sites leave without a place, nearest places first). See `TieBreak`.
   */
  need?: ArrayLike<number>;
  /** Told how far the heuristic's annealing has gone, and when the exact solve starts and ends (HiGHS gives no news in between). */
  onProgress?: Progress;
}

/** A demand point a chosen site serves (CMCLP: in the final assignment) or newly covers (MCLP, in order). */
export interface ServedDemand {
  id: string;
  /** People: assigned to the site (CMCLP), or living there (MCLP). */
  people: number;
  /** MCLP: the weight newly covered there (the population, or the need counted). */
  weight?: number;
  minutes: number;
}

export interface SelectedSite {
  id: string;
  /** 1 for the first chosen. */
  order: number;
  /**
   * What the site adds when added in this order: MCLP, weight newly covered (population or need); CMCLP,
   * people newly served (gains add up to objective − baseline); LSCP, population newly covered; p-median,
   * weighted minutes saved.
   */
  gain: number;
  /** MCLP and CMCLP: people of the demand below (MCLP: newly within the target; CMCLP: assigned to the site). */
  people?: number;
  /** Their people-weighted mean minutes to the site. */
  meanMinutes?: number | null;
  /** CMCLP: the need within the target of the site and its need-weighted minutes, the tie-break. */
  need?: number;
  needMinutes?: number;
  /** MCLP and CMCLP: the demand points behind the figures, nearest first. */
  serves?: ServedDemand[];
}

export interface SiteResult {
  model: SitingModel;
  p: number;
  /**
   * optimal: proven within the tolerance (`mipGap`, or under one person for models of whole people); feasible:
   * the best solution found, not proven (with `bound` and `gap` when a true bound is known); heuristic: the
   * heuristic alone, no proof.
   */
  status: 'optimal' | 'feasible' | 'heuristic';
  solver: 'heuristic' | 'exact';
  /**
   * MCLP: weight (population or need) covered by all open sites; CMCLP: people served by all open sites within
   * their places; LSCP: number of new sites; p-median: Σ weight × minutes to the nearest open site; p-center:
   * the largest minutes to the nearest open site.
   */
  objective: number;
  /** MCLP and CMCLP: the objective of the existing (fixed) sites alone; the gains add up to objective − baseline. */
  baseline?: number;
  /**
   * A proven bound on the optimum (upper for MCLP and CMCLP, lower for LSCP and p-median): the exact
   * solver's, or for MCLP and CMCLP the submodular bound from the answer, whichever is tighter; null when
   * none is known (heuristics, p-center, or an exact solve stopped before its first relaxation).
   */
  bound: number | null;
  /** |bound − objective| / |objective|; null with no bound. */
  gap: number | null;
  /** What stopped the exact solver: the gap closed, the node limit (the same on every machine), the time limit (not). */
  stoppedBy: StoppedBy | null;
  /** Branch-and-bound nodes the exact solver processed. */
  nodes?: number;
  selected: SelectedSite[];
  /** Why the solver used is not the one asked for, or why the answer depends on the machine. */
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

const isWhole = (values: ArrayLike<number>) => {
  for (let k = 0; k < values.length; k++) if (!Number.isInteger(values[k])) return false;
  return true;
};

/**
 * Status, bound and gap of an answer, from its objective and the bounds known (the solver's, the submodular
 * one), all computed here so that they always agree: the tightest bound, never one the objective passes
 * (that is the solver's tolerance), gap = |bound − objective| / |objective|, optimal iff the gap is within the
 * tolerance or, when objective and optimum are whole numbers, the bound is less than one away.
 */
export function judge(objective: number, bounds: readonly (number | null)[], maximize: boolean, tolerance: number, whole: boolean): { status: 'optimal' | 'feasible'; bound: number | null; gap: number | null } {
  let bound: number | null = null;
  for (const b of bounds) {
    if (b === null || !Number.isFinite(b)) continue;
    // A bound on whole numbers rounds to one (HiGHS's are a hair off by its tolerances).
    const sharp = whole ? (maximize ? Math.floor(b + 1e-9 * Math.max(1, Math.abs(b))) : Math.ceil(b - 1e-9 * Math.max(1, Math.abs(b)))) : b;
    bound = bound === null ? sharp : maximize ? Math.min(bound, sharp) : Math.max(bound, sharp);
  }
  if (bound === null) return { status: 'feasible', bound: null, gap: null };
  if (maximize ? bound < objective : bound > objective) bound = objective;
  const distance = Math.abs(bound - objective);
  const gap = objective !== 0 ? distance / Math.abs(objective) : distance === 0 ? 0 : null;
  const optimal = (gap !== null && gap <= tolerance) || (whole && distance < 1);
  return { status: optimal ? 'optimal' : 'feasible', bound, gap };
}

/**
 * Chooses new sites with one of the models, existing (fixed) sites kept open, by a named solver; every
 * model returns the same fields. `auto` runs the exact solver when the model fits in HiGHS, the heuristic
 * otherwise, and says why in `reason`. The exact solver stops on its node limit, so the same inputs give the
 * same answer on any machine; the time limit is a safety only.
 *
 * @example
 * const result = await site(problem, { model: 'mclp', p: 10, targetMinutes: 15, solver: 'auto' });
 */
export async function site(problem: SitingProblem, options: SiteOptions): Promise<SiteResult> {
  checkProblem('site', problem);
  checkOptions('site', options, ['model', 'p', 'targetMinutes', 'solver', 'maxNodes', 'timeLimit', 'mipGap', 'seed', 'places', 'need', 'onProgress']);
  checkArgument('site', 'options.model', options?.model, (SITING_MODELS as readonly unknown[]).includes(options?.model), `one of ${SITING_MODELS.join(', ')}`);
  checkArgument('site', 'options.solver', options.solver, options.solver === undefined || (SOLVERS as readonly unknown[]).includes(options.solver), `one of ${SOLVERS.join(', ')}`);
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
  if (places.length !== problem.siteCount) throw new CareshedError('INVALID_OPTION', `places has ${places.length} values for ${problem.siteCount} sites`, { field: 'places' });
  for (let j = 0; j < places.length; j++) {
    if (!(places[j] >= 0)) throw new CareshedError('INVALID_CAPACITY', 'capacities must be numbers >= 0', { id: problem.ids[j], field: 'capacity', value: places[j] });
  }
  const timeLimit = options.timeLimit ?? DEFAULT_TIME_LIMIT;
  if (!(timeLimit >= 0)) throw new CareshedError('INVALID_OPTION', 'the time limit must be a number of seconds >= 0', { field: 'timeLimit', value: timeLimit });
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  if (!Number.isInteger(maxNodes) || maxNodes < 1) throw new CareshedError('INVALID_OPTION', 'the node limit must be a whole number >= 1', { field: 'maxNodes', value: options.maxNodes });
  const tolerance = checkNumberOption('mipGap', options.mipGap ?? DEFAULT_MIP_GAP, 0);
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
  // Models of whole people are solved until the bound is under one person away (HiGHS's absolute gap; CMCLP's
  // 0.49 leaves room for its tie-break scores, which add up to less than 0.5); the others to the relative gap.
  const whole = (model === 'mclp' && isWhole(problem.weight)) || (model === 'cmclp' && isWhole(problem.weight) && isWhole(places)) || model === 'lscp';
  const mip: MipOptions = {
    timeLimit,
    maxNodes,
    mipGap: whole && options.mipGap === undefined ? 0 : tolerance,
    absoluteGap: whole ? (model === 'cmclp' ? 0.49 : 0.99) : 0,
  };
  // HiGHS runs in one call: say when it starts (its time limit as the total, in seconds) and when it ends.
  const exact = async <T>(solve: () => Promise<T>): Promise<T> => {
    const step = { step: `exact ${model.toUpperCase()} (HiGHS)`, total: timeLimit, unit: 's' };
    const t0 = performance.now();
    options.onProgress?.({ ...step, done: 0 });
    try {
      return await solve();
    } finally {
      options.onProgress?.({ ...step, done: Math.min(timeLimit, (performance.now() - t0) / 1000), finished: true });
    }
  };
  const maximize = model === 'mclp' || model === 'cmclp';
  /** The result of an exact solve: status, bound and gap from the final objective (which may be the heuristic's). */
  const proven = (objective: number, solve: MipResult | null, bounds: (number | null)[]) => {
    if (!solve) return { status: 'heuristic' as const, bound: null, gap: null, stoppedBy: null };
    const judged = judge(objective, [solve.dualBound, ...bounds], maximize, tolerance, whole);
    if (solve.stoppedBy === 'time' && judged.status !== 'optimal') {
      const why = `the time limit (${timeLimit} s) stopped HiGHS before its node limit (${maxNodes}): this answer depends on the machine's speed; raise --time-limit or lower --max-nodes for one that does not`;
      reason = reason ? `${reason}; ${why}` : why;
    }
    return { ...judged, stoppedBy: solve.stoppedBy, nodes: solve.nodes };
  };
  const finish = (selected: SelectedSite[], objective: number, judged: { status: SiteResult['status']; bound: number | null; gap: number | null; stoppedBy: StoppedBy | null; nodes?: number }, extra: Partial<SiteResult> = {}): SiteResult => ({
    model,
    p: model === 'lscp' ? selected.length : p,
    status: judged.status,
    solver: judged.status === 'heuristic' ? 'heuristic' : 'exact',
    objective,
    ...(extra.baseline !== undefined ? { baseline: extra.baseline } : {}),
    bound: judged.bound,
    gap: judged.gap,
    stoppedBy: judged.stoppedBy,
    ...(judged.nodes !== undefined ? { nodes: judged.nodes } : {}),
    selected,
    ...(reason ? { reason } : {}),
    ...extra,
    seconds: (performance.now() - started) / 1000,
  });
  const plain = (order: { open: number[]; gains: number[] }): SelectedSite[] => order.open.map((j, k) => ({ id: problem.ids[j], order: k + 1, gain: order.gains[k] }));
  switch (model) {
    case 'mclp': {
      const h = mclpHeuristic(problem, p, target, { seed: options.seed, onProgress: options.onProgress });
      let open = h.open;
      let covered = h.covered;
      let solve: MipResult | null = null;
      if (useExact) {
        const e = await exact(() => mclpExact(problem, p, target, h.open, mip));
        solve = e;
        if (e.covered > h.covered) [open, covered] = [e.open, e.covered];
      }
      const judged = proven(covered, solve, solve ? [mclpUpperBound(problem, p, target, open)] : []);
      return finish(coverSelection(problem, target, open), covered, judged, { baseline: coveredWeight(problem, target, []) });
    }
    case 'pmedian': {
      const h = pmedianHeuristic(problem, p, { seed: options.seed });
      if (!useExact) return finish(plain(medianOrder(problem, h.open)), h.objective, proven(h.objective, null, []));
      const e = await exact(() => pmedianExact(problem, p, h.open, mip));
      const cost = medianCost(problem, e.open);
      const [open, objective] = cost <= h.objective ? [e.open, cost] : [h.open, h.objective];
      return finish(plain(medianOrder(problem, open)), objective, proven(objective, e, []));
    }
    case 'lscp': {
      const h = lscpHeuristic(problem, target);
      const uncoverable = h.uncoverable.map((i) => problem.demandIds[i]);
      if (!useExact) return finish(plain(greedyOrder(problem, target, h.open)), h.open.length, proven(h.open.length, null, []), { uncoverable });
      const e = await exact(() => lscpExact(problem, target, h.open, mip));
      const open = e.open.length <= h.open.length ? e.open : h.open;
      return finish(plain(greedyOrder(problem, target, open)), open.length, proven(open.length, e, []), { uncoverable });
    }
    case 'pcenter': {
      const result = useExact ? await exact(() => pcenter(problem, p, 'exact', mip)) : await pcenter(problem, p, 'heuristic', mip);
      const judged = useExact ? { status: result.status === 'optimal' ? ('optimal' as const) : ('feasible' as const), bound: null, gap: null, stoppedBy: result.stoppedBy } : proven(0, null, []);
      return finish(plain(greedyOrder(problem, target, result.open)), centerCost(problem, result.open), judged);
    }
    case 'cmclp': {
      const need = options.need ? Float64Array.from(options.need) : unmetNeed(problem, target, places);
      if (need.length !== problem.demandCount) throw new CareshedError('INVALID_OPTION', `need has ${need.length} values for ${problem.demandCount} demand points`, { field: 'need' });
      const ties = tieBreak(problem, target, need, p);
      const h = cmclpHeuristic(problem, p, target, places, ties);
      let open = h.open;
      let served = h.served;
      let solve: MipResult | null = null;
      if (useExact) {
        const e = await exact(() => cmclpExact(problem, p, target, places, h.open, { ...mip, ties }));
        solve = e;
        const tie = (sites: readonly number[]) => tieValue(problem, target, ties, sites);
        if (e.served > h.served || (e.served === h.served && tie(e.open) > tie(h.open))) [open, served] = [e.open, e.served];
      }
      const judged = proven(served, solve, solve ? [cmclpUpperBound(problem, p, target, places, open)] : []);
      // The heuristic took its sites in greedy order already (the same values, ties to the lowest index).
      const order = open === h.open ? h : cmclpOrder(problem, target, places, open, ties);
      return finish(servedSelection(problem, target, places, order, ties), order.served, judged, { baseline: order.baseline });
    }
    default:
      throw new CareshedError('INVALID_OPTION', `unknown model "${model as string}"; expected mclp, lscp, pmedian, pcenter or cmclp`, { field: 'model', value: model });
  }
}

/** MCLP's chosen sites in greedy order, each with the demand it newly covers. */
function coverSelection(problem: SitingProblem, target: number, open: readonly number[]): SelectedSite[] {
  const order = greedyOrder(problem, target, open);
  const covered = newlyCovered(problem, target, order.open);
  return order.open.map((j, k) => {
    const serves = covered[k].map(({ demand, minutes }) => ({ id: problem.demandIds[demand], people: problem.population[demand], weight: problem.weight[demand], minutes })).sort((a, b) => a.minutes - b.minutes);
    return { id: problem.ids[j], order: k + 1, gain: order.gains[k], ...explained(serves) };
  });
}

/** CMCLP's chosen sites in greedy order, each with the people it takes in the final assignment (nearest places first). */
function servedSelection(problem: SitingProblem, target: number, places: ArrayLike<number>, order: { open: number[]; gains: number[] }, ties: TieBreak): SelectedSite[] {
  const assignment = servedAssignment(problem, target, places, order.open);
  const bySite = new Map<number, ServedDemand[]>(order.open.map((j) => [j, []]));
  for (let i = 0; i < problem.demandCount; i++) {
    for (let k = problem.offsets[i]; k < problem.offsets[i + 1]; k++) {
      const people = assignment.pairPeople[k];
      if (people > 0) bySite.get(problem.site[k])?.push({ id: problem.demandIds[i], people, minutes: problem.cost[k] });
    }
  }
  return order.open.map((j, k) => {
    const serves = bySite.get(j)!.sort((a, b) => a.minutes - b.minutes);
    return { id: problem.ids[j], order: k + 1, gain: order.gains[k], ...explained(serves), need: ties.need[j], needMinutes: ties.minutes[j] };
  });
}

function explained(serves: ServedDemand[]): Pick<SelectedSite, 'people' | 'meanMinutes' | 'serves'> {
  let people = 0;
  let minutes = 0;
  for (const s of serves) {
    people += s.people;
    minutes += s.people * s.minutes;
  }
  return { people, meanMinutes: people > 0 ? minutes / people : null, serves };
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
  checkProblem('coverageCurve', problem);
  checkArgument('coverageCurve', 'maxSites', maxSites, Number.isInteger(maxSites) && maxSites >= 0, 'a whole number of sites, 0 or more');
  checkArgument('coverageCurve', 'target', target, typeof target === 'number' && target >= 0, 'a number of minutes, 0 or more');
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
  /** The model's objective after this year's openings: MCLP, the weight covered; CMCLP, the people served. */
  covered: number;
  /** Its increase this year. */
  gain: number;
  /** People newly within the target of an open site this year. */
  newlyWithinTarget: number;
  /** People newly given a place within the target this year (a maximum flow on the sites' places); null for an MCLP plan without `places`. */
  newlyServed: number | null;
  /** The need still unmet after this year: MCLP, the weight beyond the target of every open site; CMCLP, the people without a place. */
  needLeft: number;
  /** How this year's choice was solved. */
  status: SiteResult['status'];
  stoppedBy: StoppedBy | null;
}

export interface PlanOptions extends Omit<SiteOptions, 'model' | 'p'> {
  /** mclp (default): each year covers the most weight; cmclp: each year serves the most people within the places. */
  model?: 'mclp' | 'cmclp';
}

/**
 * A plan of `perYear` openings a year for `years` years: each year solves the model for its openings with every
 * earlier one kept open (a rolling plan, as a region that commits year by year would make). With a need as
 * the problem's weight (MCLP) or with capacity (CMCLP, existing GPs fixed with their places), each year says
 * how many people come within the target, how many get a place, and how much need is left.
 *
 * @example
 * const plan = await yearlyPlan(problem, 10, 3, { model: 'cmclp', solver: 'heuristic' });
 * plan.map((y) => `${y.year}: +${y.newlyServed} served, ${y.needLeft} left`);
 */
export async function yearlyPlan(problem: SitingProblem, perYear: number, years: number, options: PlanOptions = {}): Promise<PlanYear[]> {
  checkProblem('yearlyPlan', problem);
  checkArgument('yearlyPlan', 'perYear', perYear, Number.isInteger(perYear) && perYear >= 1, 'a whole number of sites a year, 1 or more');
  checkArgument('yearlyPlan', 'years', years, Number.isInteger(years) && years >= 1, 'a whole number of years, 1 or more');
  checkOptions('yearlyPlan', options, ['model', 'targetMinutes', 'solver', 'maxNodes', 'timeLimit', 'mipGap', 'seed', 'places', 'need', 'onProgress']);
  const target = options.targetMinutes ?? 15;
  const model = options.model ?? 'mclp';
  const places = options.places ?? (model === 'cmclp' ? problem.capacity : undefined);
  const fixed = Uint8Array.from(problem.fixed);
  const candidate = Uint8Array.from(problem.candidate);
  const people = { ...problem, weight: problem.population };
  let totalWeight = 0;
  for (const w of problem.weight) totalWeight += w;
  const plan: PlanYear[] = [];
  const measure = () => {
    const now = { ...problem, fixed, candidate };
    return {
      objective: model === 'cmclp' ? servedWeight(now, target, places!, []) : coveredWeight(now, target, []),
      within: coveredWeight({ ...people, fixed, candidate }, target, []),
      served: places ? servedWeight({ ...people, fixed, candidate }, target, places, []) : null,
    };
  };
  let before = measure();
  for (let year = 1; year <= years; year++) {
    const current = { ...problem, fixed: Uint8Array.from(fixed), candidate: Uint8Array.from(candidate) };
    if (candidateIndices(current).length < perYear) break;
    const result = await site(current, { ...options, model, p: perYear, places });
    const opened = result.selected.map((s) => problem.ids.indexOf(s.id));
    for (const j of opened) {
      fixed[j] = 1;
      candidate[j] = 0;
    }
    const after = measure();
    plan.push({
      year,
      opened: opened.map((j) => problem.ids[j]),
      covered: after.objective,
      gain: after.objective - before.objective,
      newlyWithinTarget: after.within - before.within,
      newlyServed: after.served === null || before.served === null ? null : after.served - before.served,
      needLeft: totalWeight - after.objective,
      status: result.status,
      stoppedBy: result.stoppedBy,
    });
    before = after;
  }
  return plan;
}
