import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { studyCountOf } from '../model/surroundings.js';
import { MaxFlow } from './max-flow.js';

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
   * split between study and surroundings: careshed takes the one where the surroundings keep all they can
   * (served first), so `assignedPopulation` is the least the study gets in any maximum assignment, and
   * `summary.assignedPopulationAtMost` the most (the study served first).
   */
  studyCount?: number;
}

export interface CapacityCoverage {
  targetMinutes: number;
  /** Population of each demand point (of the study's, with `studyCount`) that can be given a site within the target without overfilling any. */
  assigned: Float64Array;
  /** Population left without a place within the target. */
  unserved: Float64Array;
  /** Patients each site takes (the surroundings' patients included). */
  load: Float64Array;
  summary: {
    population: number;
    /** The maximum population that can be assigned: unique, whatever the assignment (with surroundings: see `studyCount`). */
    assignedPopulation: number;
    assignedShare: number | null;
    /** With surroundings: the most the study can be assigned in a maximum assignment (the study served first). */
    assignedPopulationAtMost?: number;
    /** Population within the target of some site, capacity aside: an upper bound of `assignedPopulation`. */
    presencePopulation: number;
    unservedPopulation: number;
    /** Places of all the sites (the surroundings' included). */
    patientPlaces: number;
  };
}

/** Default patients per GP: about the "patientèle médecin traitant" of a French GP. */
export const DEFAULT_PATIENTS_PER_GP = 1000;

/**
 * Capacity-aware coverage: the largest share of the population that can be assigned a site within the
 * target when each site takes at most its patients (capacity × patients per unit). A maximum flow from
 * demand (its population) through the pairs within the target to sites (their patients), solved exactly
 * (Dinic). The total is unique; how it splits between communes is one optimal assignment among others.
 *
 * @example
 * const reach = crowFly().reach(communes, gpCommunes, { maxMinutes: 15 });
 * capacityCoverage(reach, communes, gpCommunes, { patientsPerUnit: 1000 }).summary.assignedShare;
 */
export function capacityCoverage(reach: ReachTable, demand: Demand, sites: Sites, options: CapacityCoverageOptions = {}): CapacityCoverage {
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
  const served = maximumAssignment(reach, demand.population, patients, targetMinutes, surroundings ? [[study, demand.size], [0, study]] : [[0, demand.size]]);
  const assigned = served.assigned.slice(0, study);
  const unserved = new Float64Array(study);
  let assignedPopulation = 0;
  let total = 0;
  for (let i = 0; i < study; i++) {
    unserved[i] = demand.population[i] - assigned[i];
    assignedPopulation += assigned[i];
    total += demand.population[i];
  }
  let places = 0;
  for (let j = 0; j < sites.size; j++) places += patients[j];
  let atMost: number | undefined;
  if (surroundings) {
    atMost = 0;
    const first = maximumAssignment(reach, demand.population, patients, targetMinutes, [[0, study]]).assigned;
    for (let i = 0; i < study; i++) atMost += first[i];
  }
  return {
    targetMinutes,
    assigned,
    unserved,
    load: served.load,
    summary: {
      population: total,
      assignedPopulation,
      assignedShare: total > 0 ? assignedPopulation / total : null,
      ...(atMost === undefined ? {} : { assignedPopulationAtMost: atMost }),
      presencePopulation: served.presence(study),
      unservedPopulation: total - assignedPopulation,
      patientPlaces: places,
    },
  };
}

/**
 * A maximum flow from demand (its population) through the pairs within the target to sites (their
 * patients). The demand ranges are served in order: each range's source arcs are added and the flow
 * augmented before the next, so an earlier range keeps the most it can get.
 */
function maximumAssignment(reach: ReachTable, population: Float64Array, patients: ArrayLike<number>, targetMinutes: number, ranges: readonly [number, number][]) {
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
  const siteArc = new Int32Array(m);
  for (let j = 0; j < m; j++) siteArc[j] = flow.addArc(n + j, sink, patients[j]);
  const demandArc = new Int32Array(n).fill(-1);
  for (const [from, to] of ranges) {
    for (let i = from; i < to; i++) if (within[i] && population[i] > 0) demandArc[i] = flow.addArc(source, i, population[i]);
    flow.solve(source, sink);
  }
  const assigned = Float64Array.from(demandArc, (a, i) => (a >= 0 ? Math.min(population[i], Math.max(0, flow.flow(a))) : 0));
  const load = Float64Array.from(siteArc, (a) => Math.max(0, flow.flow(a)));
  const presence = (count: number) => {
    let people = 0;
    for (let i = 0; i < count; i++) if (within[i]) people += population[i];
    return people;
  };
  return { assigned, load, presence };
}