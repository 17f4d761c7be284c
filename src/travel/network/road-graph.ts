import { CareshedError } from '../../model/errors.js';
import { checkArgument, isNumbers, isRecord } from '../../model/arguments.js';

const MAGIC = 0x52474143; // "CAGR": careshed graph
const VERSION = 1;
const HEADER_BYTES = 16;

/**
 * A directed road graph in compressed sparse rows: the arcs leaving node u are
 * `head[offsets[u] .. offsets[u+1])` with their travel `minutes` and length `km`. Node positions are
 * WGS84 lon, lat. Built once by `RoadGraphBuilder`; `reverse()` gives the graph with every arc turned,
 * for searches towards a destination.
 */
export class RoadGraph {
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly offsets: Uint32Array;
  readonly head: Uint32Array;
  readonly minutes: Float32Array;
  readonly km: Float32Array;
  #reverse: RoadGraph | undefined;

  constructor(parts: { lon: Float64Array; lat: Float64Array; offsets: Uint32Array; head: Uint32Array; minutes: Float32Array; km: Float32Array }) {
    checkArgument('RoadGraph', 'parts', parts, isRecord(parts) && ['lon', 'lat', 'offsets', 'head', 'minutes', 'km'].every((k) => isNumbers(parts[k as keyof typeof parts])), 'graph parts {lon, lat, offsets, head, minutes, km} as typed arrays (RoadGraph.from, RoadGraphBuilder)');
    const n = parts.lon.length;
    if (parts.lat.length !== n || parts.offsets.length !== n + 1 || parts.offsets[n] !== parts.head.length || parts.minutes.length !== parts.head.length || parts.km.length !== parts.head.length) {
      throw new CareshedError('INVALID_OPTION', 'road graph arrays do not agree in length');
    }
    this.lon = parts.lon;
    this.lat = parts.lat;
    this.offsets = parts.offsets;
    this.head = parts.head;
    this.minutes = parts.minutes;
    this.km = parts.km;
  }

  get nodeCount(): number {
    return this.lon.length;
  }

  get arcCount(): number {
    return this.head.length;
  }

  get byteLength(): number {
    return this.lon.byteLength + this.lat.byteLength + this.offsets.byteLength + this.head.byteLength + this.minutes.byteLength + this.km.byteLength;
  }

  /** The same roads with every arc turned: searching it from a site gives times from every node to the site. */
  reverse(): RoadGraph {
    if (this.#reverse) return this.#reverse;
    const tails = new Uint32Array(this.arcCount);
    for (let u = 0; u < this.nodeCount; u++) tails.fill(u, this.offsets[u], this.offsets[u + 1]);
    const packed = packArcs(this.nodeCount, this.head, tails, this.minutes, this.km, this.arcCount);
    this.#reverse = new RoadGraph({ lon: this.lon, lat: this.lat, ...packed });
    this.#reverse.#reverse = this;
    return this.#reverse;
  }

  /** The whole graph in one ArrayBuffer. */
  toBuffer(): ArrayBuffer {
    const n = this.nodeCount;
    const m = this.arcCount;
    const layout = graphLayout(n, m);
    const buffer = new ArrayBuffer(layout.total);
    const header = new DataView(buffer, 0, HEADER_BYTES);
    header.setUint32(0, MAGIC, true);
    header.setUint32(4, VERSION, true);
    header.setUint32(8, n, true);
    header.setUint32(12, m, true);
    new Float64Array(buffer, layout.lon, n).set(this.lon);
    new Float64Array(buffer, layout.lat, n).set(this.lat);
    new Uint32Array(buffer, layout.offsets, n + 1).set(this.offsets);
    new Uint32Array(buffer, layout.head, m).set(this.head);
    new Float32Array(buffer, layout.minutes, m).set(this.minutes);
    new Float32Array(buffer, layout.km, m).set(this.km);
    return buffer;
  }

  static from(buffer: ArrayBuffer): RoadGraph {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < HEADER_BYTES) throw new CareshedError('INVALID_OPTION', 'not a careshed road graph buffer (too short)');
    const header = new DataView(buffer, 0, HEADER_BYTES);
    if (header.getUint32(0, true) !== MAGIC || header.getUint32(4, true) !== VERSION) throw new CareshedError('INVALID_OPTION', 'not a careshed road graph buffer of this version');
    const n = header.getUint32(8, true);
    const m = header.getUint32(12, true);
    const layout = graphLayout(n, m);
    if (buffer.byteLength !== layout.total) throw new CareshedError('INVALID_OPTION', `road graph buffer has ${buffer.byteLength} bytes; its header says ${layout.total}`);
    return new RoadGraph({
      lon: new Float64Array(buffer, layout.lon, n),
      lat: new Float64Array(buffer, layout.lat, n),
      offsets: new Uint32Array(buffer, layout.offsets, n + 1),
      head: new Uint32Array(buffer, layout.head, m),
      minutes: new Float32Array(buffer, layout.minutes, m),
      km: new Float32Array(buffer, layout.km, m),
    });
  }
}

function graphLayout(n: number, m: number) {
  const align = (x: number) => Math.ceil(x / 8) * 8;
  const lon = HEADER_BYTES;
  const lat = lon + 8 * n;
  const offsets = lat + 8 * n;
  const head = align(offsets + 4 * (n + 1));
  const minutes = align(head + 4 * m);
  const km = align(minutes + 4 * m);
  return { lon, lat, offsets, head, minutes, km, total: align(km + 4 * m) };
}

/**
 * Collects nodes and arcs in any order, then packs them into a RoadGraph. Arcs are kept as given
 * (a two-way road is two arcs); parallel arcs stay, a search takes the faster.
 */
export class RoadGraphBuilder {
  #lon: Float64Array;
  #lat: Float64Array;
  #nodes = 0;
  #tail: Uint32Array;
  #head: Uint32Array;
  #minutes: Float32Array;
  #km: Float32Array;
  #arcs = 0;

  constructor(expectedNodes = 1024, expectedArcs = 2048) {
    checkArgument('RoadGraphBuilder', 'expectedNodes', expectedNodes, Number.isInteger(expectedNodes) && expectedNodes >= 0, 'a whole number of nodes, 0 or more');
    checkArgument('RoadGraphBuilder', 'expectedArcs', expectedArcs, Number.isInteger(expectedArcs) && expectedArcs >= 0, 'a whole number of arcs, 0 or more');
    this.#lon = new Float64Array(Math.max(16, expectedNodes));
    this.#lat = new Float64Array(Math.max(16, expectedNodes));
    const arcs = Math.max(16, expectedArcs);
    this.#tail = new Uint32Array(arcs);
    this.#head = new Uint32Array(arcs);
    this.#minutes = new Float32Array(arcs);
    this.#km = new Float32Array(arcs);
  }

  get nodeCount(): number {
    return this.#nodes;
  }

  get arcCount(): number {
    return this.#arcs;
  }

  lonOf(node: number): number {
    return this.#lon[node];
  }

  latOf(node: number): number {
    return this.#lat[node];
  }

  /** Adds a node and returns its index. */
  addNode(lon: number, lat: number): number {
    if (this.#nodes === this.#lon.length) {
      this.#lon = grow(this.#lon);
      this.#lat = grow(this.#lat);
    }
    this.#lon[this.#nodes] = lon;
    this.#lat[this.#nodes] = lat;
    return this.#nodes++;
  }

  /** Adds the arc from → to, `km` long, driven in `minutes`. */
  addArc(from: number, to: number, km: number, minutes: number): void {
    if (this.#arcs === this.#tail.length) {
      this.#tail = grow(this.#tail);
      this.#head = grow(this.#head);
      this.#minutes = grow(this.#minutes);
      this.#km = grow(this.#km);
    }
    this.#tail[this.#arcs] = from;
    this.#head[this.#arcs] = to;
    this.#minutes[this.#arcs] = minutes;
    this.#km[this.#arcs] = km;
    this.#arcs++;
  }

  finish(): RoadGraph {
    const packed = packArcs(this.#nodes, this.#tail, this.#head, this.#minutes, this.#km, this.#arcs);
    return new RoadGraph({ lon: this.#lon.slice(0, this.#nodes), lat: this.#lat.slice(0, this.#nodes), ...packed });
  }
}

/** Arcs given as (tail, head) lists, grouped by tail into compressed sparse rows (a counting sort, stable). */
function packArcs(n: number, tails: Uint32Array, heads: Uint32Array, minutesIn: Float32Array, kmIn: Float32Array, m: number) {
  const offsets = new Uint32Array(n + 1);
  for (let a = 0; a < m; a++) offsets[tails[a] + 1]++;
  for (let u = 0; u < n; u++) offsets[u + 1] += offsets[u];
  const fill = offsets.slice(0, n);
  const head = new Uint32Array(m);
  const minutes = new Float32Array(m);
  const km = new Float32Array(m);
  for (let a = 0; a < m; a++) {
    const slot = fill[tails[a]]++;
    head[slot] = heads[a];
    minutes[slot] = minutesIn[a];
    km[slot] = kmIn[a];
  }
  return { offsets, head, minutes, km };
}

function grow<T extends Float64Array | Float32Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
