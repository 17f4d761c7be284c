/**
 * The report's frame of reference: one set of sites (the GPs that are always there, and the centres of today,
 * of the proposal, of the alternative and of the planner's own choices) on one demand, and every figure the
 * page shows computed on the sites open in one state. Browser-safe: the page runs the same code as Node,
 * so that a figure after a switch is a fresh computation, not an update.
 */
import { CareshedError } from '../model/errors.js';
import { createSites, siteRecords, type Demand, type Sites } from '../model/points.js';
import { withSurroundings } from '../model/surroundings.js';
import { ReachTable } from '../travel/reach-table.js';
import { crowFly } from '../travel/crow-fly.js';
import { coverage, type Coverage } from '../coverage/coverage.js';
import { evaluate, type Evaluation } from '../scenario/evaluate.js';
import { APL_UNDER_SERVED, DEFAULT_ACTIVITY_PER_GP } from '../access/apl.js';
import { DEFAULT_PATIENTS_PER_GP } from '../access/capacity-coverage.js';
import { sitingProblem } from '../siting/problem.js';
import { site, type SiteResult, type Solver } from '../siting/site.js';
import type { MarkKind } from './marks.js';

/** gp: supply that is always there (a commune's GPs), not a centre; the others are centres, by origin. */
export type SiteKind = 'gp' | MarkKind;

export interface FrameSite {
  id: string;
  name: string;
  lon: number;
  lat: number;
  /** GPs working there (the site's capacity): places = GPs × patients per GP; APL supply = GPs × activity. */
  gps: number;
  kind: SiteKind;
  /** Part of the scenario's supply file (closing it is a `close`); otherwise opening it is an `add`. */
  inSupply: boolean;
  /** Index of the study demand point it stands on, when it stands on one (centres sited on communes). */
  at?: number;
}

/** Where travel minutes come from: straight lines the page can compute itself, or a fixed table over every site. */
export type FrameTravel = { kind: 'crow'; speedKmh: number; detour: number } | { kind: 'table'; reach: ReachTable };

export interface PlanningFrame {
  /** The study's demand points. */
  study: Demand;
  /**
   * People and sites around the study area (the communes and GPs across the border): they compete for the
   * sites' places and APL supply, and the study's people use their GPs; every figure stays the study's.
   * Straight-line travel only.
   */
  surroundings?: { demand: Demand; sites: Sites };
  /** Every site the frame knows, in a fixed order (the table's, for a table). */
  sites: readonly FrameSite[];
  travel: FrameTravel;
  targetMinutes: number;
  /** Capacity-aware coverage: patients per GP (default 1,000). */
  patientsPerGp: number;
  /** APL: consultations per GP a year (default 3,900). */
  activityPerGp: number;
  /** APL under which a commune counts as under-served (default 2.5). */
  aplThreshold: number;
  /** Territories of the ranking (a demand attribute) and their names. */
  rankBy?: string;
  rankNames?: ReadonlyMap<string, string>;
}

export function isCentre(site: FrameSite): boolean {
  return site.kind !== 'gp';
}

/** The figures of one state, all on the study's demand. */
export interface StateFigures {
  /** 1 for each frame site open in this state. */
  open: Uint8Array;
  openCentres: number;
  /** Minutes to the nearest open centre, and who is within the target of one. */
  centres: Coverage;
  /** Coverage (any open site), accessibility (APL), capacity-aware coverage and ranking, on every open site. */
  evaluation: Evaluation;
  headline: Headline;
}

export interface Headline {
  population: number;
  /** People within the target of an open centre. */
  withinCentre: number;
  /** People without a place within the target (capacity-aware coverage, every open site). */
  withoutPlace: number;
  /** People in demand points whose APL is under the threshold, or with no site within 20 minutes. */
  underServed: number;
  /** People within the target of any open site, places aside. */
  nearSite: number;
  /** Population-weighted mean APL. */
  meanApl: number | null;
}

const REACH_MINUTES = 30;

/** The open sites of a state as a Sites set (capacity = GPs), with their indices in the frame. */
function openSites(frame: PlanningFrame, open: ArrayLike<number | boolean>, only?: (s: FrameSite) => boolean): { sites: Sites; index: number[] } {
  const index: number[] = [];
  frame.sites.forEach((s, j) => {
    if (open[j] && (!only || only(s))) index.push(j);
  });
  const sites = createSites(
    index.map((j) => ({ id: frame.sites[j].id, lon: frame.sites[j].lon, lat: frame.sites[j].lat, capacity: frame.sites[j].gps })),
    { source: 'open sites' },
  );
  return { sites, index };
}

/**
 * The reach table of the study's demand to the open sites (those `only` keeps): built afresh with straight
 * lines, or the frame's table restricted to them.
 */
function reachOf(frame: PlanningFrame, open: ArrayLike<number | boolean>, only?: (s: FrameSite) => boolean, around = false): { reach: ReachTable; demand: Demand; sites: Sites } {
  if (frame.travel.kind === 'crow') {
    const { sites } = openSites(frame, open, only);
    const area = around && frame.surroundings ? withSurroundings(frame.study, sites, frame.surroundings) : { demand: frame.study, sites };
    return { reach: crowFly({ speedKmh: frame.travel.speedKmh, detour: frame.travel.detour }).reach(area.demand, area.sites, { maxMinutes: REACH_MINUTES }), demand: area.demand, sites: area.sites };
  }
  if (frame.surroundings) throw new CareshedError('INVALID_OPTION', 'surroundings need straight-line travel in the report (the page builds their tables)', { field: 'surroundings' });
  const mask = Uint8Array.from(frame.sites, (s, j) => (open[j] && (!only || only(s)) ? 1 : 0));
  const all = createSites(frame.sites.map((s) => ({ id: s.id, lon: s.lon, lat: s.lat, capacity: s.gps })), { source: 'frame sites' });
  return { reach: frame.travel.reach.restrictTo(mask), demand: frame.study, sites: all };
}

/**
 * Every figure of one state (which sites are open): coverage by the open centres, then coverage,
 * accessibility (APL), capacity-aware coverage and the ranking on every open site (GPs and centres).
 *
 * @example
 * const today = measureState(frame, frame.sites.map((s) => s.kind === 'gp' || s.kind === 'existing'));
 * today.headline.withinCentre; today.headline.withoutPlace;
 */
export function measureState(frame: PlanningFrame, open: ArrayLike<number | boolean>): StateFigures {
  if (open.length !== frame.sites.length) throw new CareshedError('INVALID_OPTION', `open has ${open.length} entries for ${frame.sites.length} sites`, { field: 'open' });
  const study = frame.study;
  const targetMinutes = frame.targetMinutes;
  const centreReach = reachOf(frame, open, isCentre);
  const centres = coverage(centreReach.reach, study, { targetMinutes });
  const all = reachOf(frame, open, undefined, true);
  // The APL weighs demand by the age-standardised population when the demand carries it (standardised_population).
  const evaluation = evaluate(all.reach, all.demand, all.sites, {
    targetMinutes,
    access: { method: 'apl', activityPerGp: frame.activityPerGp },
    patientsPerUnit: frame.patientsPerGp,
    rankBy: frame.rankBy,
    names: frame.rankNames,
    accessThreshold: frame.aplThreshold,
    study,
  });
  let underServed = 0;
  const apl = evaluation.access.value;
  for (let i = 0; i < study.size; i++) if (!(apl[i] >= frame.aplThreshold)) underServed += study.population[i];
  const openMask = Uint8Array.from(frame.sites, (_, j) => (open[j] ? 1 : 0));
  return {
    open: openMask,
    openCentres: frame.sites.reduce((t, s, j) => t + (openMask[j] && isCentre(s) ? 1 : 0), 0),
    centres,
    evaluation,
    headline: {
      population: study.totalPopulation,
      withinCentre: centres.summary.coveredPopulation,
      withoutPlace: evaluation.capacity.summary.unservedPopulation,
      underServed,
      nearSite: evaluation.coverage.summary.coveredPopulation,
      meanApl: evaluation.access.summary.meanValue,
    },
  };
}

export interface ProposalOptions {
  /** New centres to choose. */
  p: number;
  /** GPs in each new centre (its places and APL supply). */
  gps: number;
  /**
   * need: capacitated (CMCLP), the most people given a place within the target, every open site's places
   * counted; unmet: the most people without a place today brought within the target of a new centre (MCLP
   * weighted by the unmet need: fast, places not counted); population: the most people within the target of
   * a centre (MCLP), GPs ignored.
   */
  weighting: 'need' | 'unmet' | 'population';
  kind: MarkKind;
  solver?: Solver;
  timeLimit?: number;
  /** Study points where a centre may go (default all where no open centre stands). */
  candidates?: readonly number[];
}

export interface Proposal {
  sites: FrameSite[];
  result: SiteResult;
}

/**
 * New centres on study points, chosen by a siting model with the open sites kept: where GP places are short
 * (need) or where most people live (population). Needs straight-line travel: the candidates' minutes are
 * computed here.
 *
 * @example
 * const { sites } = await proposeCentres(frame, today.open, { p: 10, gps: 4, weighting: 'need', kind: 'proposed' });
 */
export async function proposeCentres(frame: PlanningFrame, open: ArrayLike<number | boolean>, options: ProposalOptions): Promise<Proposal> {
  if (frame.travel.kind !== 'crow') {
    throw new CareshedError('INVALID_OPTION', 'choosing new centres needs travel minutes to every commune: with straight-line travel the page computes them; with a road network or a matrix, site with careshed site and report the answer', { field: 'travel' });
  }
  const study = frame.study;
  const taken = new Set(frame.sites.map((s) => s.id));
  const occupied = new Set<number>();
  frame.sites.forEach((s, j) => {
    if (open[j] && isCentre(s) && s.at !== undefined) occupied.add(s.at);
  });
  const candidates = (options.candidates ?? Array.from(study.ids.keys())).filter((i) => !occupied.has(i) && !taken.has(`new-${study.ids[i]}`));
  const fixed = openSites(frame, open, options.weighting === 'population' ? isCentre : undefined);
  // The unmet need: the people each study point has without a place in this state (capacity-aware coverage).
  const weight = options.weighting === 'unmet' ? measureState(frame, open).evaluation.capacity.unserved : study.population;
  // As careshed's scenarios site: the study's people count; the surroundings' GPs stay open and serve them too.
  const around = options.weighting !== 'population' && frame.surroundings ? siteRecords(frame.surroundings.sites) : [];
  const kept = [...siteRecords(fixed.sites), ...around];
  const records = [
    ...kept,
    ...candidates.map((i) => ({ id: `new-${study.ids[i]}`, lon: study.lon[i], lat: study.lat[i], capacity: options.gps })),
  ];
  const sites = createSites(records, { source: 'candidate centres' });
  const reach = crowFly({ speedKmh: frame.travel.speedKmh, detour: frame.travel.detour }).reach(study, sites, { maxMinutes: frame.targetMinutes });
  const problem = sitingProblem(reach, study.withPopulation(Float64Array.from(weight)), sites, {
    existing: kept.map((s) => s.id),
    candidates: candidates.map((i) => `new-${study.ids[i]}`),
    capacity: Float64Array.from(sites.capacity, (gps) => gps * frame.patientsPerGp),
  });
  const result = await site(problem, {
    model: options.weighting === 'need' ? 'cmclp' : 'mclp',
    p: options.p,
    targetMinutes: frame.targetMinutes,
    solver: options.solver ?? 'heuristic',
    timeLimit: options.timeLimit,
  });
  const name = study.attributes.name;
  const chosen = result.selected.map((s) => study.indexOf(s.id.slice('new-'.length)));
  return {
    result,
    sites: chosen.map((i) => ({ id: `new-${study.ids[i]}`, name: name ? name[i] : study.ids[i], lon: study.lon[i], lat: study.lat[i], gps: options.gps, kind: options.kind, inSupply: false, at: i })),
  };
}

/** Defaults a frame takes when the caller does not say. */
export const FRAME_DEFAULTS = { targetMinutes: 15, patientsPerGp: DEFAULT_PATIENTS_PER_GP, activityPerGp: DEFAULT_ACTIVITY_PER_GP, aplThreshold: APL_UNDER_SERVED } as const;

/** One year of a rolling plan: the centres it opens and the state's headline after it. */
export interface PlanStep {
  year: number;
  opened: FrameSite[];
  headline: Headline;
  result: SiteResult;
}

/**
 * A rolling plan: `perYear` centres a year for `years` years, each year's chosen with every earlier one kept
 * open (as a region that commits year by year would), where places are short (need) or where people are.
 *
 * @example
 * const plan = await rollingPlan(frame, today.open, { perYear: 10, years: 3, gps: 4, weighting: 'need' });
 */
export async function rollingPlan(frame: PlanningFrame, open: ArrayLike<number | boolean>, options: Omit<ProposalOptions, 'p' | 'kind'> & { perYear: number; years: number }): Promise<PlanStep[]> {
  let sites = [...frame.sites];
  let mask: number[] = Array.from(open, (x) => (x ? 1 : 0));
  const steps: PlanStep[] = [];
  for (let year = 1; year <= options.years; year++) {
    const current = { ...frame, sites };
    const { sites: opened, result } = await proposeCentres(current, mask, { ...options, p: options.perYear, kind: 'proposed' });
    sites = [...sites, ...opened];
    mask = [...mask, ...opened.map(() => 1)];
    steps.push({ year, opened, headline: measureState({ ...frame, sites }, mask).headline, result });
  }
  return steps;
}
