import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { Demand, Sites } from '../model/points.js';
import type { ReachTable } from '../travel/reach-table.js';
import { nearestAssignment } from './nearest-assignment.js';

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
  /** Population left without a place within the target (nearest places first: see `nearestAssignment`). */
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
  let presencePopulation = 0;
  for (let i = 0; i < demand.size; i++) if (reach.offsets[i] < reach.offsets[i + 1] && reach.minutes[reach.offsets[i]] <= targetMinutes) presencePopulation += demand.population[i];
  const assignment = nearestAssignment(reach, demand.population, patients, targetMinutes);
  const assigned = assignment.assigned;
  const unserved = Float64Array.from(demand.population, (people, i) => people - assigned[i]);
  const load = assignment.load;
  const assignedPopulation = assignment.total;
  const m = sites.size;
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
