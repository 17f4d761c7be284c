import { CareshedError } from '../model/errors.js';
import { checkArgument, isNumbers, isRecord } from '../model/arguments.js';

/** The transpose of a reach table: for each site, the demand points that reach it (its catchment). */
export interface Catchments {
  offsets: Uint32Array;
  demand: Uint32Array;
  minutes: Float32Array;
}

/**
 * Finds, for the demand points of the given rows, the nearest open site at any distance (`open[j]` truthy),
 * exactly as a fresh build on the open sites alone would: site -1 and minutes Infinity when no open site can
 * be reached. Travel providers attach one to the tables they build so that `restrictTo` can answer for the
 * demand points whose nearest site beyond the cutoff was closed. `site` and `minutes` have one entry per row
 * asked, in the order asked; minutes are float32, as in the table.
 */
export type NearestOpenSite = (rows: Uint32Array, open: ArrayLike<number | boolean>) => { site: Int32Array; minutes: Float32Array };

/**
 * Each demand point's nearest site at any distance and the minutes to it (site -1 and minutes Infinity when
 * none can be reached): all that coverage needs. A `ReachTable` is one; `crowFly().nearest()` gives one with
 * no pairs at all (`maxMinutes` Infinity: the nearest is known at any distance, for any target).
 */
export interface NearestSites {
  readonly demandCount: number;
  readonly siteCount: number;
  /** The cutoff of the table the nearest sites came with; a target beyond it is refused by coverage. */
  readonly maxMinutes: number;
  readonly nearestSite: Int32Array;
  readonly nearestMinutes: Float32Array;
}

/**
 * Whether a value is a ReachTable, made by this copy of careshed or another (see `isDemand`): told by its shape.
 *
 * @example
 * isReachTable(crowFly().reach(demand, sites, { maxMinutes: 30 })); // true
 */
export function isReachTable(value: unknown): value is ReachTable {
  if (value instanceof ReachTable) return true;
  if (typeof value !== 'object' || value === null) return false;
  const t = value as { offsets?: unknown; site?: unknown; minutes?: unknown; nearestSite?: unknown; restrictTo?: unknown };
  return t.offsets instanceof Uint32Array && t.site instanceof Uint32Array && t.minutes instanceof Float32Array && t.nearestSite instanceof Int32Array && typeof t.restrictTo === 'function';
}

const MAGIC = 0x52534143; // "CASR" little-endian: careshed reach
const VERSION = 1;
const HEADER_BYTES = 32;

/**
 * The spine of careshed: for each demand point, the sites within `maxMinutes` with their travel minutes,
 * sorted by minutes (ties by site index), in compressed sparse rows. Row i is
 * `site[offsets[i] .. offsets[i+1])` and `minutes[...]` alike. Each demand point also keeps its nearest
 * site at any distance (`nearestSite`, -1 when no site can be reached at all), so that coverage can say
 * how far the uncovered are.
 *
 * Built by a travel provider; read by coverage, accessibility, ranking and siting, which never know where
 * the minutes came from. `toBuffer()` and `ReachTable.from()` move it whole to a worker or a cache.
 *
 * A table may carry a `nearestOpen` resolver (not serialised; `ReachTable.from(buffer, { nearestOpen })`
 * re-attaches one): what `restrictTo` asks when a demand point's nearest site beyond the cutoff is closed.
 */
export class ReachTable {
  readonly demandCount: number;
  readonly siteCount: number;
  readonly maxMinutes: number;
  readonly offsets: Uint32Array;
  readonly site: Uint32Array;
  readonly minutes: Float32Array;
  readonly nearestSite: Int32Array;
  readonly nearestMinutes: Float32Array;
  /** Finds the nearest open site beyond the cutoff (see `restrictTo`); undefined when the provider cannot. */
  readonly nearestOpen: NearestOpenSite | undefined;
  #catchments: Catchments | undefined;
  /** Sites left out by `restrictTo`: their pairs are not in this table, so they cannot be opened again here. */
  #closed: Uint8Array | undefined;

  constructor(parts: {
    siteCount: number;
    maxMinutes: number;
    offsets: Uint32Array;
    site: Uint32Array;
    minutes: Float32Array;
    nearestSite: Int32Array;
    nearestMinutes: Float32Array;
    nearestOpen?: NearestOpenSite;
  }) {
    checkArgument('ReachTable', 'parts', parts, isRecord(parts) && isNumbers(parts.offsets) && isNumbers(parts.site) && isNumbers(parts.minutes) && isNumbers(parts.nearestSite) && isNumbers(parts.nearestMinutes) && typeof parts.siteCount === 'number' && typeof parts.maxMinutes === 'number', 'table parts {siteCount, maxMinutes, offsets, site, minutes, nearestSite, nearestMinutes} (ReachTableBuilder, ReachTable.from)');
    const demandCount = parts.offsets.length - 1;
    const pairs = parts.site.length;
    if (demandCount < 0 || parts.offsets[0] !== 0 || parts.offsets[demandCount] !== pairs || parts.minutes.length !== pairs) {
      throw new CareshedError('INVALID_REACH_TABLE', `offsets, site and minutes do not agree (${demandCount} rows, ${pairs} sites, ${parts.minutes.length} minutes)`);
    }
    if (parts.nearestSite.length !== demandCount || parts.nearestMinutes.length !== demandCount) {
      throw new CareshedError('INVALID_REACH_TABLE', `nearest arrays need ${demandCount} entries`);
    }
    this.demandCount = demandCount;
    this.siteCount = parts.siteCount;
    this.maxMinutes = parts.maxMinutes;
    this.offsets = parts.offsets;
    this.site = parts.site;
    this.minutes = parts.minutes;
    this.nearestSite = parts.nearestSite;
    this.nearestMinutes = parts.nearestMinutes;
    this.nearestOpen = parts.nearestOpen;
  }

  /** Number of (demand, site) pairs within the cutoff. */
  get pairCount(): number {
    return this.site.length;
  }

  /** Bytes held by the table's arrays. */
  get byteLength(): number {
    return this.offsets.byteLength + this.site.byteLength + this.minutes.byteLength + this.nearestSite.byteLength + this.nearestMinutes.byteLength;
  }

  /** For each site, the demand points within the cutoff, in demand order; built once, on first use. */
  catchments(): Catchments {
    if (this.#catchments) return this.#catchments;
    const offsets = new Uint32Array(this.siteCount + 1);
    for (let k = 0; k < this.site.length; k++) offsets[this.site[k] + 1]++;
    for (let j = 0; j < this.siteCount; j++) offsets[j + 1] += offsets[j];
    const fill = offsets.slice(0, this.siteCount);
    const demand = new Uint32Array(this.site.length);
    const minutes = new Float32Array(this.site.length);
    for (let i = 0; i < this.demandCount; i++) {
      for (let k = this.offsets[i]; k < this.offsets[i + 1]; k++) {
        const slot = fill[this.site[k]]++;
        demand[slot] = i;
        minutes[slot] = this.minutes[k];
      }
    }
    this.#catchments = { offsets, demand, minutes };
    return this.#catchments;
  }

  /**
   * The table with only the open sites (`open[j]` truthy), site indices unchanged: what-ifs that close sites,
   * or switch candidate sites on and off, without asking the travel provider again. It is exactly the table
   * a fresh build on the open sites would give (site indices aside): the pairs within the cutoff, and each
   * demand point's nearest open site at any distance. When a demand point has no open site within the cutoff
   * and its nearest site beyond it is closed, only the travel provider knows its nearest open site: the
   * table's `nearestOpen` is asked for those rows (all at once). A table with `maxMinutes` Infinity holds
   * every pair and never needs it. Without it, such rows are an INCOMPLETE_REACH_TABLE error, never a wrong
   * "unreachable".
   *
   * @example
   * const reach = crowFly({ speedKmh: 45, detour: 1.5 }).reach(communes, sites, { maxMinutes: 30 });
   * const withoutFirst = coverage(reach.restrictTo(Uint8Array.from(sites.ids, (_, j) => (j === 0 ? 0 : 1))), communes);
   */
  restrictTo(open: ArrayLike<number | boolean>): ReachTable {
    if (open.length !== this.siteCount) {
      throw new CareshedError('INVALID_OPTION', `open has ${open.length} entries for ${this.siteCount} sites`, { field: 'open', value: open.length });
    }
    if (this.#closed) {
      for (let j = 0; j < this.siteCount; j++) {
        if (open[j] && this.#closed[j]) {
          throw new CareshedError('INVALID_OPTION', `site ${j} was closed when this table was restricted, so its pairs are not here; restrict the table that still has it`, { field: 'open', value: j });
        }
      }
    }
    const n = this.demandCount;
    const offsets = new Uint32Array(n + 1);
    let kept = 0;
    for (let k = 0; k < this.site.length; k++) if (open[this.site[k]]) kept++;
    const site = new Uint32Array(kept);
    const minutes = new Float32Array(kept);
    const nearestSite = new Int32Array(n).fill(-1);
    const nearestMinutes = new Float32Array(n).fill(Infinity);
    const unresolved: number[] = [];
    let q = 0;
    for (let i = 0; i < n; i++) {
      for (let k = this.offsets[i]; k < this.offsets[i + 1]; k++) {
        if (!open[this.site[k]]) continue;
        site[q] = this.site[k];
        minutes[q++] = this.minutes[k];
      }
      offsets[i + 1] = q;
      if (q > offsets[i]) {
        nearestSite[i] = site[offsets[i]];
        nearestMinutes[i] = minutes[offsets[i]];
      } else if (this.nearestSite[i] >= 0 && open[this.nearestSite[i]]) {
        // The nearest of all sites is open: it is the nearest of the open ones.
        nearestSite[i] = this.nearestSite[i];
        nearestMinutes[i] = this.nearestMinutes[i];
      } else if (this.nearestSite[i] >= 0 && this.maxMinutes !== Infinity) {
        unresolved.push(i);
      }
      // Otherwise none: no site at all could be reached, or (maxMinutes Infinity) no open one.
    }
    if (unresolved.length > 0) {
      if (!this.nearestOpen) {
        throw new CareshedError(
          'INCOMPLETE_REACH_TABLE',
          `${unresolved.length} demand points (the first is row ${unresolved[0]}) have no open site within the table's ${this.maxMinutes}-minute cutoff and their nearest site beyond it is closed; this table cannot tell their nearest open site. Build it with a travel provider that can (crow-fly, road network, matrix file), or with maxMinutes Infinity`,
          { field: 'open' },
        );
      }
      const rows = Uint32Array.from(unresolved);
      const found = this.nearestOpen(rows, open);
      if (found.site.length !== rows.length || found.minutes.length !== rows.length) {
        throw new CareshedError('INVALID_REACH_TABLE', `nearestOpen answered ${found.site.length} sites and ${found.minutes.length} minutes for ${rows.length} rows`);
      }
      rows.forEach((i, r) => {
        nearestSite[i] = found.site[r];
        nearestMinutes[i] = found.site[r] >= 0 ? found.minutes[r] : Infinity;
      });
    }
    const restricted = new ReachTable({ siteCount: this.siteCount, maxMinutes: this.maxMinutes, offsets, site, minutes, nearestSite, nearestMinutes, nearestOpen: this.nearestOpen });
    const closed = new Uint8Array(this.siteCount);
    for (let j = 0; j < this.siteCount; j++) closed[j] = open[j] && !this.#closed?.[j] ? 0 : 1;
    restricted.#closed = closed;
    return restricted;
  }

  /** The whole table in one ArrayBuffer (little-endian header, then the arrays, 8-byte aligned). */
  toBuffer(): ArrayBuffer {
    const n = this.demandCount;
    const pairs = this.pairCount;
    const layout = bufferLayout(n, pairs);
    const buffer = new ArrayBuffer(layout.total);
    const header = new DataView(buffer, 0, HEADER_BYTES);
    header.setUint32(0, MAGIC, true);
    header.setUint32(4, VERSION, true);
    header.setUint32(8, n, true);
    header.setUint32(12, this.siteCount, true);
    header.setUint32(16, pairs, true);
    header.setFloat64(24, this.maxMinutes, true);
    new Uint32Array(buffer, layout.offsets, n + 1).set(this.offsets);
    new Uint32Array(buffer, layout.site, pairs).set(this.site);
    new Float32Array(buffer, layout.minutes, pairs).set(this.minutes);
    new Int32Array(buffer, layout.nearestSite, n).set(this.nearestSite);
    new Float32Array(buffer, layout.nearestMinutes, n).set(this.nearestMinutes);
    return buffer;
  }

  /**
   * Rebuilds a table from `toBuffer()` output without copying the arrays; `nearestOpen` re-attaches the
   * resolver `restrictTo` needs (a buffer carries data, not functions).
   */
  static from(buffer: ArrayBuffer, options: { nearestOpen?: NearestOpenSite } = {}): ReachTable {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < HEADER_BYTES) {
      throw new CareshedError('INVALID_REACH_TABLE', 'not a careshed reach table buffer (too short)');
    }
    const header = new DataView(buffer, 0, HEADER_BYTES);
    if (header.getUint32(0, true) !== MAGIC) throw new CareshedError('INVALID_REACH_TABLE', 'not a careshed reach table buffer (bad magic number)');
    const version = header.getUint32(4, true);
    if (version !== VERSION) throw new CareshedError('INVALID_REACH_TABLE', `reach table buffer version ${version}; this careshed reads version ${VERSION}`);
    const n = header.getUint32(8, true);
    const pairs = header.getUint32(16, true);
    const layout = bufferLayout(n, pairs);
    if (buffer.byteLength !== layout.total) {
      throw new CareshedError('INVALID_REACH_TABLE', `reach table buffer has ${buffer.byteLength} bytes; its header says ${layout.total}`);
    }
    return new ReachTable({
      siteCount: header.getUint32(12, true),
      maxMinutes: header.getFloat64(24, true),
      offsets: new Uint32Array(buffer, layout.offsets, n + 1),
      site: new Uint32Array(buffer, layout.site, pairs),
      minutes: new Float32Array(buffer, layout.minutes, pairs),
      nearestSite: new Int32Array(buffer, layout.nearestSite, n),
      nearestMinutes: new Float32Array(buffer, layout.nearestMinutes, n),
      nearestOpen: options.nearestOpen,
    });
  }
}

function bufferLayout(n: number, pairs: number) {
  const align = (x: number) => Math.ceil(x / 8) * 8;
  const offsets = HEADER_BYTES;
  const site = align(offsets + 4 * (n + 1));
  const minutes = align(site + 4 * pairs);
  const nearestSite = align(minutes + 4 * pairs);
  const nearestMinutes = align(nearestSite + 4 * n);
  const total = align(nearestMinutes + 4 * n);
  return { offsets, site, minutes, nearestSite, nearestMinutes, total };
}

/**
 * Assembles a reach table row by row: add a demand point's pairs in any order, then `endRow()` sorts
 * them by minutes (ties by site index) so that the same inputs give the same table, bit for bit.
 *
 * Give `expectedPairs` when the provider can count its pairs first (crow-fly does): the arrays are then
 * allocated once, at that size, and handed to the table without a copy, so that the peak memory is the
 * table's own 8 bytes a pair. Past it they grow by half (and the table gets a trimmed copy when more than an
 * eighth would be left empty).
 */
export class ReachTableBuilder {
  readonly #siteCount: number;
  readonly #maxMinutes: number;
  readonly #offsets: Uint32Array;
  #site: Uint32Array;
  #minutes: Float32Array;
  #size = 0;
  #row = 0;
  readonly #nearestSite: Int32Array;
  readonly #nearestMinutes: Float32Array;

  constructor(demandCount: number, siteCount: number, maxMinutes: number, expectedPairs = Math.max(16, demandCount * 8)) {
    checkArgument('ReachTableBuilder', 'demandCount', demandCount, Number.isInteger(demandCount) && demandCount >= 0, 'a whole number of demand points');
    checkArgument('ReachTableBuilder', 'siteCount', siteCount, Number.isInteger(siteCount) && siteCount >= 0, 'a whole number of sites');
    checkArgument('ReachTableBuilder', 'maxMinutes', maxMinutes, typeof maxMinutes === 'number' && maxMinutes >= 0, 'a number of minutes, 0 or more, or Infinity');
    checkArgument('ReachTableBuilder', 'expectedPairs', expectedPairs, Number.isInteger(expectedPairs) && expectedPairs >= 0, 'a whole number of pairs');
    this.#siteCount = siteCount;
    this.#maxMinutes = maxMinutes;
    this.#offsets = new Uint32Array(demandCount + 1);
    const capacity = Math.max(0, Math.floor(expectedPairs));
    this.#site = new Uint32Array(capacity);
    this.#minutes = new Float32Array(capacity);
    this.#nearestSite = new Int32Array(demandCount).fill(-1);
    this.#nearestMinutes = new Float32Array(demandCount).fill(Infinity);
  }

  /** Pairs added to the current row so far. */
  get rowLength(): number {
    return this.#size - this.#offsets[this.#row];
  }

  /** Adds site j at `minutes` to the current row; pairs beyond the cutoff are ignored. */
  add(site: number, minutes: number): void {
    const m = Math.fround(minutes);
    if (!(m <= this.#maxMinutes)) return;
    if (this.#size === this.#site.length) this.#grow(this.#size + 1);
    this.#site[this.#size] = site;
    this.#minutes[this.#size] = m;
    this.#size++;
  }

  /** Adds `count` pairs at once: sites[k] at distance[k] × scale minutes (a provider's km, say). */
  addMany(sites: Uint32Array, distance: Float64Array, count: number, scale = 1): void {
    const max = this.#maxMinutes;
    let size = this.#size;
    if (size + count > this.#site.length) {
      // Near the end of an exact allocation some of these may not fit, though the pairs kept will: one by one.
      for (let k = 0; k < count; k++) this.add(sites[k], distance[k] * scale);
      return;
    }
    const site = this.#site;
    const minutes = this.#minutes;
    for (let k = 0; k < count; k++) {
      const m = Math.fround(distance[k] * scale);
      if (!(m <= max)) continue;
      site[size] = sites[k];
      minutes[size] = m;
      size++;
    }
    this.#size = size;
  }

  /**
   * Closes the current row. `nearest` is the nearest site at any distance when the provider knows it
   * beyond the cutoff; when the row is not empty its first entry is the nearest and `nearest` is not needed.
   */
  endRow(nearest?: { site: number; minutes: number }): void {
    const start = this.#offsets[this.#row];
    this.#sortRow(start, this.#size);
    const i = this.#row;
    if (this.#size > start) {
      this.#nearestSite[i] = this.#site[start];
      this.#nearestMinutes[i] = this.#minutes[start];
    } else if (nearest && nearest.site >= 0) {
      this.#nearestSite[i] = nearest.site;
      this.#nearestMinutes[i] = Math.fround(nearest.minutes);
    }
    this.#row++;
    this.#offsets[this.#row] = this.#size;
  }

  /** The table, carrying the provider's `nearestOpen` resolver when it has one (see `ReachTable.restrictTo`). */
  finish(nearestOpen?: NearestOpenSite): ReachTable {
    if (this.#row !== this.#offsets.length - 1) {
      throw new CareshedError('INVALID_REACH_TABLE', `reach table builder closed ${this.#row} of ${this.#offsets.length - 1} rows`);
    }
    // Handed over as they are when (nearly) full: a copy would double the peak memory for nothing.
    const full = this.#size * 9 >= this.#site.length * 8;
    const table = new ReachTable({
      siteCount: this.#siteCount,
      maxMinutes: this.#maxMinutes,
      offsets: this.#offsets,
      site: full ? this.#site.subarray(0, this.#size) : this.#site.slice(0, this.#size),
      minutes: full ? this.#minutes.subarray(0, this.#size) : this.#minutes.slice(0, this.#size),
      nearestSite: this.#nearestSite,
      nearestMinutes: this.#nearestMinutes,
      nearestOpen,
    });
    this.#site = new Uint32Array(0);
    this.#minutes = new Float32Array(0);
    return table;
  }

  #grow(atLeast: number): void {
    const capacity = Math.max(16, atLeast, Math.ceil(this.#site.length * 1.5));
    const site = new Uint32Array(capacity);
    site.set(this.#site);
    const minutes = new Float32Array(capacity);
    minutes.set(this.#minutes);
    this.#site = site;
    this.#minutes = minutes;
  }

  #sortRow(start: number, end: number): void {
    sortPairs(this.#site, this.#minutes, start, end - 1);
  }
}

/** Whether pair a comes before pair b: by minutes, then by site index. */
function before(site: Uint32Array, minutes: Float32Array, a: number, b: number): boolean {
  return minutes[a] < minutes[b] || (minutes[a] === minutes[b] && site[a] < site[b]);
}

function swap(site: Uint32Array, minutes: Float32Array, a: number, b: number): void {
  const s = site[a];
  site[a] = site[b];
  site[b] = s;
  const m = minutes[a];
  minutes[a] = minutes[b];
  minutes[b] = m;
}

/**
 * Sorts the parallel arrays in [left, right] by (minutes, site), in place: quicksort with a median-of-three
 * pivot, insertion sort for short runs. Rows are short (tens of pairs): no allocation, no comparator calls.
 */
function sortPairs(site: Uint32Array, minutes: Float32Array, left: number, right: number): void {
  while (right - left > 16) {
    const mid = (left + right) >> 1;
    if (before(site, minutes, mid, left)) swap(site, minutes, mid, left);
    if (before(site, minutes, right, left)) swap(site, minutes, right, left);
    if (before(site, minutes, right, mid)) swap(site, minutes, right, mid);
    // The median of three goes to right - 1 as the pivot; [left + 1, right - 2] is partitioned around it.
    swap(site, minutes, mid, right - 1);
    const p = right - 1;
    let i = left;
    let j = right - 1;
    for (;;) {
      do i++;
      while (before(site, minutes, i, p));
      do j--;
      while (before(site, minutes, p, j));
      if (i >= j) break;
      swap(site, minutes, i, j);
    }
    swap(site, minutes, i, right - 1);
    // Recurse into the smaller side, loop on the larger: the stack stays logarithmic.
    if (i - left < right - i) {
      sortPairs(site, minutes, left, i - 1);
      left = i + 1;
    } else {
      sortPairs(site, minutes, i + 1, right);
      right = i - 1;
    }
  }
  for (let k = left + 1; k <= right; k++) {
    const s = site[k];
    const m = minutes[k];
    let h = k - 1;
    while (h >= left && (minutes[h] > m || (minutes[h] === m && site[h] > s))) {
      site[h + 1] = site[h];
      minutes[h + 1] = minutes[h];
      h--;
    }
    site[h + 1] = s;
    minutes[h + 1] = m;
  }
}
