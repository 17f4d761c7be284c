import { CareshedError, checkNumberOption, type InputLocation } from '../model/errors.js';
import type { PointSet } from '../model/points.js';
import { readNumber } from '../model/validate.js';
import { ReachTableBuilder, type ReachTable } from './reach-table.js';

/** What a travel-time matrix held that did not fit the demand and sites: counted, never silently dropped. */
export interface MatrixReport {
  rows: number;
  /** Rows within the cutoff, kept in the reach table. */
  kept: number;
  /** Rows whose origin is no demand point / whose destination is no site, with a few examples. */
  unknownFrom: { count: number; examples: string[] };
  unknownTo: { count: number; examples: string[] };
  /** Rows with no route (empty, null, NA, inf). */
  noRoute: number;
  /** Demand points with no row at all: they reach no site. */
  demandWithoutRows: string[];
}

export interface MatrixOptions {
  /** The values are seconds, not minutes (OSRM, r5 and Valhalla write seconds). */
  seconds?: boolean;
  source?: string;
}

const NO_ROUTE = new Set(['', 'null', 'NA', 'NaN', 'inf', 'Inf', 'Infinity']);

/**
 * Turns the rows of a long travel-time matrix (from, to, minutes) into a reach table as they stream by:
 * only the pairs within the cutoff and each demand point's nearest site are kept, so a file of tens of
 * millions of rows needs memory for the table, not for the file. Negative or non-numeric times and
 * repeated pairs are errors naming the line; unknown ids and missing routes are counted in `report`.
 */
export class MatrixAccumulator {
  readonly #demand: PointSet;
  readonly #sites: PointSet;
  readonly #maxMinutes: number;
  readonly #scale: number;
  readonly #source: string | undefined;
  #demandIdx = new Uint32Array(1024);
  #siteIdx = new Uint32Array(1024);
  #minutes = new Float64Array(1024);
  #count = 0;
  readonly #nearestSite: Int32Array;
  readonly #nearestMinutes: Float64Array;
  readonly #hasRow: Uint8Array;
  readonly #seen: Uint8Array | null;
  readonly report: MatrixReport = { rows: 0, kept: 0, unknownFrom: { count: 0, examples: [] }, unknownTo: { count: 0, examples: [] }, noRoute: 0, demandWithoutRows: [] };

  constructor(demand: PointSet, sites: PointSet, maxMinutes: number, options: MatrixOptions = {}) {
    this.#demand = demand;
    this.#sites = sites;
    // Infinity keeps every row: a matrix is all pairs already.
    this.#maxMinutes = maxMinutes === Infinity ? Infinity : checkNumberOption('maxMinutes', maxMinutes, 0);
    this.#scale = options.seconds ? 1 / 60 : 1;
    this.#source = options.source;
    this.#nearestSite = new Int32Array(demand.size).fill(-1);
    this.#nearestMinutes = new Float64Array(demand.size).fill(Infinity);
    this.#hasRow = new Uint8Array(demand.size);
    // One bit per (demand, site) pair to catch repeated pairs; skipped past 2^33 pairs (1 GiB).
    const pairs = demand.size * sites.size;
    this.#seen = pairs <= 2 ** 33 ? new Uint8Array(Math.ceil(pairs / 8)) : null;
  }

  /** Takes one row; `line` locates it in the file for error messages. */
  add(from: string, to: string, value: string | number | null, line?: number): void {
    this.report.rows++;
    const i = this.#demand.indexOf(from);
    const j = this.#sites.indexOf(to);
    if (i < 0 || j < 0) {
      const unknown = i < 0 ? this.report.unknownFrom : this.report.unknownTo;
      unknown.count++;
      if (unknown.examples.length < 5) unknown.examples.push(i < 0 ? from : to);
      return;
    }
    const at: InputLocation = { source: this.#source, line, field: 'minutes', id: `${from} → ${to}` };
    if (this.#seen) {
      const bit = i * this.#sites.size + j;
      const byte = Math.floor(bit / 8);
      const mask = 1 << (bit % 8);
      if (this.#seen[byte] & mask) throw new CareshedError('DUPLICATE_ID', `the pair ${from} → ${to} appears twice in the matrix`, { ...at, field: 'from,to' });
      this.#seen[byte] |= mask;
    }
    this.#hasRow[i] = 1;
    if (value === null || (typeof value === 'string' && NO_ROUTE.has(value.trim()))) {
      this.report.noRoute++;
      return;
    }
    const raw = readNumber(value, at, 'PARSE_ERROR', this.#scale === 1 ? 'travel minutes' : 'travel seconds');
    if (raw < 0) throw new CareshedError('PARSE_ERROR', 'is negative; travel times must be >= 0', { ...at, value });
    const minutes = raw * this.#scale;
    if (minutes < this.#nearestMinutes[i] || (minutes === this.#nearestMinutes[i] && j < this.#nearestSite[i])) {
      this.#nearestMinutes[i] = minutes;
      this.#nearestSite[i] = j;
    }
    if (Math.fround(minutes) > this.#maxMinutes) return;
    if (this.#count === this.#demandIdx.length) this.#grow();
    this.#demandIdx[this.#count] = i;
    this.#siteIdx[this.#count] = j;
    this.#minutes[this.#count] = minutes;
    this.#count++;
    this.report.kept++;
  }

  finish(): ReachTable {
    const n = this.#demand.size;
    this.report.demandWithoutRows = this.#demand.ids.filter((_, i) => !this.#hasRow[i]);
    const start = new Uint32Array(n + 1);
    for (let k = 0; k < this.#count; k++) start[this.#demandIdx[k] + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const fill = start.slice(0, n);
    const order = new Uint32Array(this.#count);
    for (let k = 0; k < this.#count; k++) order[fill[this.#demandIdx[k]]++] = k;
    const builder = new ReachTableBuilder(n, this.#sites.size, this.#maxMinutes, this.#count);
    for (let i = 0; i < n; i++) {
      for (let r = start[i]; r < start[i + 1]; r++) builder.add(this.#siteIdx[order[r]], this.#minutes[order[r]]);
      builder.endRow(this.#nearestSite[i] >= 0 ? { site: this.#nearestSite[i], minutes: this.#nearestMinutes[i] } : undefined);
    }
    return builder.finish();
  }

  #grow(): void {
    const size = this.#demandIdx.length * 2;
    const d = new Uint32Array(size);
    d.set(this.#demandIdx);
    const s = new Uint32Array(size);
    s.set(this.#siteIdx);
    const m = new Float64Array(size);
    m.set(this.#minutes);
    this.#demandIdx = d;
    this.#siteIdx = s;
    this.#minutes = m;
  }
}

/** An OSRM `table` service response: durations in seconds, null where there is no route. */
export interface OsrmTableResponse {
  code: string;
  message?: string;
  durations?: (number | null)[][];
}

/**
 * Adds an OSRM table response to a matrix accumulator: row r is `sourceIds[r]`, column c `destinationIds[c]`.
 * Throws when the response is an OSRM error or its shape does not fit the ids.
 */
export function addOsrmTable(accumulator: MatrixAccumulator, response: OsrmTableResponse, sourceIds: readonly string[], destinationIds: readonly string[], source?: string): void {
  if (response.code !== 'Ok') {
    throw new CareshedError('SERVICE_ERROR', `OSRM answered ${response.code}${response.message ? `: ${response.message}` : ''}`, { source });
  }
  const durations = response.durations;
  if (!Array.isArray(durations) || durations.length !== sourceIds.length || durations.some((row) => !Array.isArray(row) || row.length !== destinationIds.length)) {
    throw new CareshedError('SERVICE_ERROR', `OSRM table has not the ${sourceIds.length} × ${destinationIds.length} durations asked for`, { source });
  }
  durations.forEach((row, r) => row.forEach((seconds, c) => accumulator.add(sourceIds[r], destinationIds[c], seconds)));
}
