import { CareshedError, quoted, type InputLocation } from '../model/errors.js';
import type { PointSet } from '../model/points.js';
import { MAX_TRAVEL_MINUTES, readNumber } from '../model/validate.js';
import { leadingZeroMatches } from '../io/join.js';
import { checkMaxMinutes } from './provider.js';
import { ReachTableBuilder, type NearestOpenSite, type ReachTable } from './reach-table.js';
import { checkArgument, isRecord, isTexts } from '../model/arguments.js';
import { checkPoints } from './arguments.js';
import { int } from '../model/figures.js';

/** What a travel-time matrix held that did not fit the demand and sites: counted, never silently dropped. */
export interface MatrixReport {
  rows: number;
  /** Rows within the cutoff, kept in the reach table. */
  kept: number;
  /**
   * Rows whose origin is no demand point / whose destination is no site, with a few distinct examples; `lostZeros`,
   * an example and the id it matches when the examples match ids once leading zeros are put back or taken off
   * (codes saved as numbers by a spreadsheet).
   */
  unknownFrom: { count: number; examples: string[]; lostZeros?: [string, string] };
  unknownTo: { count: number; examples: string[]; lostZeros?: [string, string] };
  /** Rows whose origin is a demand point, and rows whose destination is a site: 0 means the ids do not fit at all. */
  fromDemand: number;
  toSite: number;
  /** Rows that fit only read the other way round (from a site to a demand point): columns named in the wrong order. */
  reversed: number;
  /** Rows with no route (empty, null, NA, inf). */
  noRoute: number;
  /** Demand points with no row at all: they reach no site. */
  demandWithoutRows: string[];
  /**
   * The values of the rows that fit (a demand point to a site, with a route), as read in minutes, before any
   * cutoff: how many, the largest, and the median (to within 0.6 %): what `suspectUnit` judges the unit by.
   */
  values?: { count: number; median: number | null; max: number | null };
}

/** The unit a matrix's times are written in; careshed works in minutes. */
export type MatrixUnit = 'seconds' | 'minutes' | 'hours';

export const MATRIX_UNITS: readonly MatrixUnit[] = ['seconds', 'minutes', 'hours'];

export interface MatrixOptions {
  /** The values are seconds, not minutes (OSRM, r5 and Valhalla write seconds); the same as `unit: 'seconds'`. */
  seconds?: boolean;
  /** The unit of the values (default minutes; `seconds: true` is seconds). */
  unit?: MatrixUnit;
  source?: string;
}

/**
 * Minutes per unit of a matrix's values; an unknown unit, or seconds and another, is INVALID_OPTION.
 *
 * @example
 * matrixScale({ unit: 'hours' }); // 60
 */
export function matrixScale(options: Pick<MatrixOptions, 'seconds' | 'unit'>): number {
  checkArgument('matrixScale', 'options', options, isRecord(options), 'an object {seconds, unit}');
  const unit = options.unit ?? (options.seconds ? 'seconds' : 'minutes');
  if (!MATRIX_UNITS.includes(unit)) throw new CareshedError('INVALID_OPTION', `unknown matrix unit; expected ${MATRIX_UNITS.join(', ')}`, { field: 'unit', value: unit });
  if (options.seconds && unit !== 'seconds') throw new CareshedError('INVALID_OPTION', `the matrix cannot be seconds and ${unit}: give one unit`, { field: 'unit', value: unit });
  return unit === 'seconds' ? 1 / 60 : unit === 'hours' ? 60 : 1;
}

/**
 * Past these, a matrix's values read as minutes are surely in another unit. A regional study of access to care
 * (a French region is at most 400 km across, about 5 hours' drive end to end) has most pairs well under 10 hours
 * (600 min) apart and every one under a day (1,440 min); seconds multiply those figures by 60 and metres by
 * about 1,000 (a pair 20 minutes apart is some 20,000 m), so a matrix in either unit passes them by far.
 */
export const SUSPECT_MEDIAN_MINUTES = 600;
export const SUSPECT_MAX_MINUTES = 1440;

/**
 * Whether a matrix's values look like seconds or metres rather than minutes (median above 600 or largest above
 * 1,440: see SUSPECT_MEDIAN_MINUTES), in words for a warning; undefined when they look like minutes.
 *
 * @example
 * suspectUnit({ count: 3, median: 1830, max: 4200 }); // "values look like seconds or metres, not minutes (median 1,830, largest 4,200): ..."
 */
export function suspectUnit(values: MatrixReport['values']): string | undefined {
  checkArgument('suspectUnit', 'values', values, values === undefined || (isRecord(values) && (values.median === null || typeof values.median === 'number') && (values.max === null || typeof values.max === 'number')), 'the values of a matrix report {median, max} (MatrixReport.values), or undefined');
  if (!values || values.median === null || values.max === null) return undefined;
  if (!(values.median > SUSPECT_MEDIAN_MINUTES || values.max > SUSPECT_MAX_MINUTES)) return undefined;
  const show = (x: number) => Number(x.toPrecision(3)).toLocaleString('en-GB');
  const likely = values.median > 20_000 ? 'metres (or seconds)' : 'seconds (or metres)';
  return (
    `the matrix's values look like ${likely}, not minutes (median ${show(values.median)}, largest ${show(values.max)}; careshed reads minutes, and in a regional study most pairs are under ${int(SUSPECT_MEDIAN_MINUTES)} minutes apart and all under ${int(SUSPECT_MAX_MINUTES)}): ` +
    'for seconds, divide by 60 or read them as such (matrix:FILE,unit=seconds); for a distance, convert it to minutes (or set every cutoff and target in its unit, and read "minutes" as that unit); for minutes indeed, say so (matrix:FILE,unit=minutes)'
  );
}


/**
 * The spread of many values in bounded memory: their count, largest, and median to within 0.6 % (a histogram of
 * 200 logarithmic bins a decade from 1e-3 to 1e9; 0 and what lies outside go to the end bins).
 *
 * @example
 * const spread = new ValueSpread();
 * [12, 30, 45].forEach((v) => spread.add(v));
 * spread.median; // about 30 (within 0.6 %)
 */
export class ValueSpread {
  static readonly #PER_DECADE = 200;
  static readonly #LOW = -3;
  static readonly #BINS = 12 * 200 + 2;
  readonly #bins = new Float64Array(ValueSpread.#BINS);
  count = 0;
  max: number | null = null;

  add(value: number): void {
    this.count++;
    if (this.max === null || value > this.max) this.max = value;
    const at = value > 0 ? Math.floor((Math.log10(value) - ValueSpread.#LOW) * ValueSpread.#PER_DECADE) + 1 : 0;
    this.#bins[Math.min(ValueSpread.#BINS - 1, Math.max(0, at))]++;
  }

  /** The median, as the middle of its bin (0 for the first bin); null for no value. */
  get median(): number | null {
    if (this.count === 0) return null;
    let seen = 0;
    for (let b = 0; b < ValueSpread.#BINS; b++) {
      seen += this.#bins[b];
      if (seen >= this.count / 2) return b === 0 ? 0 : Math.min(this.max!, 10 ** (ValueSpread.#LOW + (b - 0.5) / ValueSpread.#PER_DECADE));
    }
    return this.max;
  }
}

const NO_ROUTE = new Set(['', 'null', 'NA', 'NaN', 'inf', 'Inf', 'Infinity']);

/**
 * The index of an id as a CSV careshed wrote holds it: "'=a" is the id "=a", quoted so that a spreadsheet
 * does not run it (see `formatTable`), when no id is "'=a" itself. So `careshed matrix` output reads back.
 */
function indexOfWritten(points: PointSet, id: string): number {
  const index = points.indexOf(id);
  if (index >= 0 || typeof id !== 'string' || id.length < 2 || id.charCodeAt(0) !== 0x27 || !'=+-@\t\r'.includes(id.charAt(1))) return index;
  return points.indexOf(id.slice(1));
}

/** What takes the rows of a matrix one by one: the accumulator, or the search for nearest open sites. */
export interface MatrixRowSink {
  add(from: string, to: string, value: string | number | null, line?: number): void;
}

/** The minutes of one matrix value, null for no route; negative or non-numeric values are errors at `at`. */
function matrixMinutes(value: string | number | null, scale: number, at: InputLocation): number | null {
  if (value === null || (typeof value === 'string' && NO_ROUTE.has(value.trim()))) return null;
  const raw = readNumber(value, at, 'PARSE_ERROR', scale === 1 ? 'travel minutes' : scale < 1 ? 'travel seconds' : 'travel hours');
  if (raw < 0) throw new CareshedError('PARSE_ERROR', 'is negative; travel times must be >= 0', { ...at, value });
  if (raw * scale > MAX_TRAVEL_MINUTES) throw new CareshedError('PARSE_ERROR', `is above ${MAX_TRAVEL_MINUTES.toExponential().replace('e+', 'e')} minutes (1,900 years), a unit slip or a placeholder; expected travel ${scale === 1 ? 'minutes' : 'seconds'} from 0 to that (no route: leave the cell empty)`, { ...at, value });
  return raw * scale;
}

/**
 * Turns the rows of a long travel-time matrix (from, to, minutes) into a reach table as they stream by:
 * only the pairs within the cutoff and each demand point's nearest site are kept, so a file of tens of
 * millions of rows needs memory for the table, not for the file. Negative or non-numeric times and
 * repeated pairs are errors naming the line; unknown ids and missing routes are counted in `report`.
 */
export class MatrixAccumulator implements MatrixRowSink {
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
  readonly #spread = new ValueSpread();
  readonly report: MatrixReport = { rows: 0, kept: 0, unknownFrom: { count: 0, examples: [] }, unknownTo: { count: 0, examples: [] }, fromDemand: 0, toSite: 0, reversed: 0, noRoute: 0, demandWithoutRows: [] };

  constructor(demand: PointSet, sites: PointSet, maxMinutes: number, options: MatrixOptions = {}) {
    checkPoints('MatrixAccumulator', demand, 'demand');
    checkPoints('MatrixAccumulator', sites, 'sites');
    checkMaxMinutes(maxMinutes);
    this.#demand = demand;
    this.#sites = sites;
    // Infinity keeps every row: a matrix is all pairs already.
    this.#maxMinutes = checkMaxMinutes(maxMinutes);
    this.#scale = matrixScale(options);
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
    const i = indexOfWritten(this.#demand, from);
    const j = indexOfWritten(this.#sites, to);
    if (i >= 0) this.report.fromDemand++;
    if (j >= 0) this.report.toSite++;
    if (i < 0 || j < 0) {
      // Counted once, as an unknown origin when both are; examples of each side whenever it is unknown.
      if (i < 0) this.report.unknownFrom.count++;
      else this.report.unknownTo.count++;
      const note = (examples: string[], id: string) => examples.length < 5 && !examples.includes(id) && examples.push(id);
      if (i < 0) note(this.report.unknownFrom.examples, from);
      if (j < 0) note(this.report.unknownTo.examples, to);
      if (i < 0 && j < 0 && this.#sites.indexOf(from) >= 0 && this.#demand.indexOf(to) >= 0) this.report.reversed++;
      return;
    }
    const at: InputLocation = { source: this.#source, line, field: 'minutes', id: `${from} → ${to}` };
    if (this.#seen) {
      const bit = i * this.#sites.size + j;
      const byte = Math.floor(bit / 8);
      const mask = 1 << (bit % 8);
      if (this.#seen[byte] & mask) throw new CareshedError('DUPLICATE_ID', `the pair ${quoted(from)} → ${quoted(to)} appears twice in the matrix`, { ...at, field: 'from,to' });
      this.#seen[byte] |= mask;
    }
    this.#hasRow[i] = 1;
    const minutes = matrixMinutes(value, this.#scale, at);
    if (minutes === null) {
      this.report.noRoute++;
      return;
    }
    this.#spread.add(minutes);
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

  /** The reach table; `nearestOpen` (from the provider, which can read the rows again) is passed on to it. */
  finish(nearestOpen?: NearestOpenSite): ReachTable {
    const n = this.#demand.size;
    this.report.demandWithoutRows = this.#demand.ids.filter((_, i) => !this.#hasRow[i]);
    this.report.values = { count: this.#spread.count, median: this.#spread.median, max: this.#spread.max };
    for (const [unknown, set] of [[this.report.unknownFrom, this.#demand], [this.report.unknownTo, this.#sites]] as const) {
      const [pair] = leadingZeroMatches(unknown.examples, set.ids);
      if (pair) unknown.lostZeros = pair;
    }
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
    return builder.finish(nearestOpen);
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

/**
 * The nearest open site of some demand points (`rows`), from the rows of a matrix read again: by the
 * accumulator's rule (smallest minutes, ties to the lowest site index, then float32), so that it equals the
 * nearest of a table built from the same matrix on the open sites alone. Rows already checked by the
 * accumulator are taken as they come (unknown ids and repeats are its business).
 */
export class MatrixNearestOpen implements MatrixRowSink {
  readonly #demand: PointSet;
  readonly #sites: PointSet;
  readonly #open: ArrayLike<number | boolean>;
  readonly #slot: Int32Array;
  readonly #scale: number;
  readonly #source: string | undefined;
  readonly #site: Int32Array;
  readonly #minutes: Float64Array;

  constructor(demand: PointSet, sites: PointSet, rows: Uint32Array, open: ArrayLike<number | boolean>, options: MatrixOptions = {}) {
    checkPoints('MatrixNearestOpen', demand, 'demand');
    checkPoints('MatrixNearestOpen', sites, 'sites');
    checkArgument('MatrixNearestOpen', 'rows', rows, rows instanceof Uint32Array, 'a Uint32Array of matrix rows');
    checkArgument('MatrixNearestOpen', 'open', open, Array.isArray(open) || ArrayBuffer.isView(open), 'an array saying which sites are open');
    this.#demand = demand;
    this.#sites = sites;
    this.#open = open;
    this.#slot = new Int32Array(demand.size).fill(-1);
    rows.forEach((i, r) => (this.#slot[i] = r));
    this.#scale = matrixScale(options);
    this.#source = options.source;
    this.#site = new Int32Array(rows.length).fill(-1);
    this.#minutes = new Float64Array(rows.length).fill(Infinity);
  }

  add(from: string, to: string, value: string | number | null, line?: number): void {
    const i = indexOfWritten(this.#demand, from);
    if (i < 0 || this.#slot[i] < 0) return;
    const j = indexOfWritten(this.#sites, to);
    if (j < 0 || !this.#open[j]) return;
    const minutes = matrixMinutes(value, this.#scale, { source: this.#source, line, field: 'minutes', id: `${from} → ${to}` });
    if (minutes === null) return;
    const r = this.#slot[i];
    if (minutes < this.#minutes[r] || (minutes === this.#minutes[r] && j < this.#site[r])) {
      this.#minutes[r] = minutes;
      this.#site[r] = j;
    }
  }

  finish(): { site: Int32Array; minutes: Float32Array } {
    return { site: this.#site, minutes: Float32Array.from(this.#minutes) };
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
export function addOsrmTable(accumulator: MatrixRowSink, response: OsrmTableResponse, sourceIds: readonly string[], destinationIds: readonly string[], source?: string): void {
  checkArgument('addOsrmTable', 'accumulator', accumulator, isRecord(accumulator) && typeof accumulator.add === 'function', 'a row sink with add(from, to, value) (a MatrixAccumulator)');
  checkArgument('addOsrmTable', 'response', response, isRecord(response), 'the parsed JSON of an OSRM table response');
  checkArgument('addOsrmTable', 'sourceIds', sourceIds, isTexts(sourceIds), 'the ids of the sources, in order (texts)');
  checkArgument('addOsrmTable', 'destinationIds', destinationIds, isTexts(destinationIds), 'the ids of the destinations, in order (texts)');
  if (response.code !== 'Ok') {
    throw new CareshedError('SERVICE_ERROR', `OSRM answered ${response.code}${response.message ? `: ${response.message}` : ''}`, { source });
  }
  const durations = response.durations;
  if (!Array.isArray(durations) || durations.length !== sourceIds.length || durations.some((row) => !Array.isArray(row) || row.length !== destinationIds.length)) {
    throw new CareshedError('SERVICE_ERROR', `OSRM table has not the ${sourceIds.length} × ${destinationIds.length} durations asked for`, { source });
  }
  durations.forEach((row, r) => row.forEach((seconds, c) => accumulator.add(sourceIds[r], destinationIds[c], seconds)));
}
