import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { MaxFlow } from './max-flow.js';

export interface CapacityCoverageOptions {
  /** Covered means minutes ≤ targetMinutes (default 15). */
  targetMinutes?: number;
  /** Patients a site can take per unit of capacity (per GP; default 1,000 "médecin traitant" patients). */
  patientsPerUnit?: number;
  /** Or the patients each site can take, directly. */
  patients?: ArrayLike<number>;
}

export interface CapacityCoverage {
  targetMinutes: number;
  /** Population of each demand point that can be given a site within the target without overfilling any. */
  assigned: Float64Array;
  /** Population left without a place within the target. */
  unserved: Float64Array;
  /** Patients each site takes. */
  load: Float64Array;
  summary: {
    population: number;
    /** The maximum population that can be assigned: unique, whatever the assignment. */
    assignedPopulation: number;
    assignedShare: number | null;
    /** Population within the target of some site, capacity aside: an upper bound of `assignedPopulation`. */
    presencePopulation: number;
    unservedPopulation: number;
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
  const n = demand.size;
  const m = sites.size;
  const source = n + m;
  const sink = n + m + 1;
  const flow = new MaxFlow(n + m + 2, 1e-7);
  const demandArc = new Int32Array(n).fill(-1);
  const siteArc = new Int32Array(m);
  let presencePopulation = 0;
  for (let i = 0; i < n; i++) {
    let within = false;
    for (let k = reach.offsets[i]; k < reach.offsets[i + 1] && reach.minutes[k] <= targetMinutes; k++) {
      if (patients[reach.site[k]] > 0) flow.addArc(i, n + reach.site[k], Infinity);
      within = true;
    }
    if (within) presencePopulation += demand.population[i];
    if (within && demand.population[i] > 0) demandArc[i] = flow.addArc(source, i, demand.population[i]);
  }
  for (let j = 0; j < m; j++) siteArc[j] = flow.addArc(n + j, sink, patients[j]);
  flow.solve(source, sink);
  const assigned = new Float64Array(n);
  const unserved = new Float64Array(n);
  let assignedPopulation = 0;
  for (let i = 0; i < n; i++) {
    assigned[i] = demandArc[i] >= 0 ? Math.min(demand.population[i], Math.max(0, flow.flow(demandArc[i]))) : 0;
    unserved[i] = demand.population[i] - assigned[i];
    assignedPopulation += assigned[i];
  }
  const load = Float64Array.from(siteArc, (a) => Math.max(0, flow.flow(a)));
  const total = demand.totalPopulation;
  let places = 0;
  for (let j = 0; j < m; j++) places += patients[j];
  return {
    targetMinutes,
    assigned,
    unserved,
    load,
    summary: { population: total, assignedPopulation, assignedShare: total > 0 ? assignedPopulation / total : null, presencePopulation, unservedPopulation: total - assignedPopulation, patientPlaces: places },
  };
}
