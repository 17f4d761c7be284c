import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { studyCountOf } from '../model/surroundings.js';
import { MaxFlow } from './max-flow.js';
import { nearestAssignment } from './nearest-assignment.js';
import { checkOptions } from '../model/arguments.js';
import { checkReachArguments } from '../travel/arguments.js';

export interface CapacityCoverageOptions {
  /** Covered means minutes ≤ targetMinutes (default 15). */
  targetMinutes?: number;
  /** Patients a site can take per unit of capacity (per GP; default 1,000 "médecin traitant" patients). */
  patientsPerUnit?: number;
  /** Or the patients each site can take, directly. */
  patients?: ArrayLike<number>;
  /**
   * With surroundings joined after the study's demand (`withSurroundings`): the number of study points. The
   * surroundings' people compete for the sites' places, the study's people can take the surroundings'
   * sites, and the result covers the study's points. The total of a maximum assignment is unique, not its
   * split between study and surroundings: careshed reports the nearest-first split (see `capacityCoverage`)
   * and, in `summary.assignedPopulationAtLeast` and `assignedPopulationAtMost`, the least and the most the
   * study gets in any maximum assignment (the surroundings, or the study, served first).
   */
  studyCount?: number;
}

export interface CapacityCoverage {
  targetMinutes: number;
  /** Population of each demand point (of the study's, with `studyCount`) that can be given a site within the target without overfilling any. */
  assigned: Float64Array;
  /** Population left without a place within the target (nearest places first: see `nearestAssignment`). */
  unserved: Float64Array;
  /** Patients each site takes (the surroundings' patients included). */
  load: Float64Array;
  summary: {
    population: number;
    /** The maximum population that can be assigned: unique, whatever the assignment (with surroundings, the study's part of the nearest-first one: see `studyCount`). */
    assignedPopulation: number;
    assignedShare: number | null;
    /** With surroundings: the least and the most the study can be assigned in a maximum assignment. */
    assignedPopulationAtLeast?: number;
    assignedPopulationAtMost?: number;
    /** Population within the target of some site, capacity aside: an upper bound of `assignedPopulation`. */
    presencePopulation: number;
    unservedPopulation: number;
    /** Places of all the sites (the surroundings' included). */
    patientPlaces: number;
  };
}

/**
 * Default patients per GP: 1,000, the "patientèle médecin traitant" of a French GP, the adults who declared
 * that GP as their regular doctor. The Assurance Maladie's "Data professionnels de santé libéraux" give a
 * mean of 1,001 in 2021 (849 in 2016); its "Charges et produits" report for 2023 gives 960 for 2021 (GPs
 * without a special practice; median 927, half of GPs between 600 and 1,300). It counts adults only, and a
 * salaried GP in a centre may take fewer: a stated order of magnitude, to be set (`patientsPerUnit`,
 * `--patients-per-gp`) where a better figure is known.
 */
export const DEFAULT_PATIENTS_PER_GP = 1000;

/**
 * Capacity-aware coverage: the largest share of the population that can be assigned a site within the
 * target when each site takes at most its patients (capacity × patients per unit): a maximum flow from
 * demand (its population) through the pairs within the target to sites (their patients). The total is
 * unique; its split between communes is not, and careshed takes the one with the fewest person-minutes
 * (`nearestAssignment`): people take the nearest places with room, and those left without a place are the
 * ones whose nearby places are taken by people nearer to them. That split is the "unmet need" siting uses.
 *
 * @example
 * const reach = crowFly().reach(communes, gpCommunes, { maxMinutes: 15 });
 * capacityCoverage(reach, communes, gpCommunes, { patientsPerUnit: 1000 }).summary.assignedShare;
 */
export function capacityCoverage(reach: ReachTable, demand: Demand, sites: Sites, options: CapacityCoverageOptions = {}): CapacityCoverage {
  checkReachArguments('capacityCoverage', reach, demand, sites);
  checkOptions('capacityCoverage', options, ['targetMinutes', 'patientsPerUnit', 'patients', 'studyCount']);
  const targetMinutes = checkNumberOption('targetMinutes', options.targetMinutes ?? 15, 0);
  if (targetMinutes > reach.maxMinutes) {
    throw new CareshedError('INVALID_OPTION', `target ${targetMinutes} minutes is beyond the reach table's cutoff of ${reach.maxMinutes}`, { field: 'targetMinutes', value: targetMinutes });
  }
  if (reach.demandCount !== demand.size || reach.siteCount !== sites.size) throw new CareshedError('INVALID_REACH_TABLE', 'the reach table does not fit the demand and sites');
  const perUnit = checkNumberOption('patientsPerUnit', options.patientsPerUnit ?? DEFAULT_PATIENTS_PER_GP, 0);
  const patients = options.patients ?? Float64Array.from(sites.capacity, (c) => c * perUnit);
  if (patients.length !== sites.size) throw new CareshedError('INVALID_OPTION', `patients has ${patients.length} values for ${sites.size} sites`, { field: 'patients' });
  for (let j = 0; j < sites.size; j++) {
    if (!(patients[j] >= 0) || !Number.isFinite(patients[j])) throw new CareshedError('INVALID_CAPACITY', 'a site needs a number of patients >= 0', { id: sites.ids[j], field: 'patients', value: patients[j] });
  }
  const study = studyCountOf(options.studyCount, demand.size);
  const surroundings = demand.size > study;
  const assignment = nearestAssignment(reach, demand.population, patients, targetMinutes);
  const assigned = assignment.assigned.slice(0, study);
  const unserved = new Float64Array(study);
  let assignedPopulation = 0;
  let total = 0;
  let presencePopulation = 0;
  for (let i = 0; i < study; i++) {
    unserved[i] = demand.population[i] - assigned[i];
    assignedPopulation += assigned[i];
    total += demand.population[i];
    if (reach.offsets[i] < reach.offsets[i + 1] && reach.minutes[reach.offsets[i]] <= targetMinutes) presencePopulation += demand.population[i];
  }
  let places = 0;
  for (let j = 0; j < sites.size; j++) places += patients[j];
  let range: { assignedPopulationAtLeast: number; assignedPopulationAtMost: number } | undefined;
  if (surroundings) {
    const studyPart = (ranges: readonly [number, number][]) => maximumAssignment(reach, demand.population, patients, targetMinutes, ranges).slice(0, study).reduce((t, x) => t + x, 0);
    range = { assignedPopulationAtLeast: studyPart([[study, demand.size], [0, study]]), assignedPopulationAtMost: studyPart([[0, study]]) };
  }
  return {
    targetMinutes,
    assigned,
    unserved,
    load: assignment.load,
    summary: {
      population: total,
      assignedPopulation,
      assignedShare: total > 0 ? assignedPopulation / total : null,
      ...range,
      presencePopulation,
      unservedPopulation: total - assignedPopulation,
      patientPlaces: places,
    },
  };
}

/**
 * People given a place in a maximum flow from demand (its population) through the pairs within the target to
 * sites (their patients), the demand ranges served in order: each range's source arcs are added and the flow
 * augmented before the next, so an earlier range keeps the most it can get (Dinic).
 */
function maximumAssignment(reach: ReachTable, population: Float64Array, patients: ArrayLike<number>, targetMinutes: number, ranges: readonly [number, number][]): Float64Array {
  const n = population.length;
  const m = patients.length;
  const source = n + m;
  const sink = n + m + 1;
  const flow = new MaxFlow(n + m + 2, 1e-7);
  const within = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = reach.offsets[i]; k < reach.offsets[i + 1] && reach.minutes[k] <= targetMinutes; k++) {
      if (patients[reach.site[k]] > 0) flow.addArc(i, n + reach.site[k], Infinity);
      within[i] = 1;
    }
  }
  for (let j = 0; j < m; j++) flow.addArc(n + j, sink, patients[j]);
  const demandArc = new Int32Array(n).fill(-1);
  for (const [from, to] of ranges) {
    for (let i = from; i < to; i++) if (within[i] && population[i] > 0) demandArc[i] = flow.addArc(source, i, population[i]);
    flow.solve(source, sink);
  }
  return Float64Array.from(demandArc, (a, i) => (a >= 0 ? Math.min(population[i], Math.max(0, flow.flow(a))) : 0));
}
