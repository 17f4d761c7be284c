import { progressTicker } from '../model/progress.js';
import { CareshedError, checkNumberOption } from '../model/errors.js';
import type { PointSet } from '../model/points.js';
import { PointIndex } from '../geo/point-index.js';
import { addOsrmTable, MatrixAccumulator, type MatrixReport, type OsrmTableResponse } from './matrix.js';
import { checkMaxMinutes, requirePlaced, type ReachOptions, type TravelDescription, type TravelProvider } from './provider.js';
import type { ReachTable } from './reach-table.js';
import { checkArgument, checkOptions } from '../model/arguments.js';

export interface OsrmOptions {
  /** OSRM profile in the URL (default "driving"). */
  profile?: string;
  /** Coordinates per request, sources and destinations together: the server's --max-table-size (default 100). */
  maxTableSize?: number;
  /** Per request, ms (default 30,000). */
  timeoutMs?: number;
  /** Tries after a network error, a timeout, a 429 or a 5xx (default 2), with a doubling pause from `retryDelayMs` (250). */
  retries?: number;
  retryDelayMs?: number;
  /**
   * The fastest straight-line speed (km/h) any trip reaches (default 130): sites farther than the cutoff at
   * this speed cannot be within it and are not asked for, so the cost grows with the pairs near each other.
   */
  maxSpeedKmh?: number;
  /** Sites asked for beyond the cutoff to find a far demand point's nearest (default 3, the nearest by straight line). */
  nearestCandidates?: number;
  /** The fetch to use (default globalThis.fetch). */
  fetch?: typeof fetch;
  /**
   * Where the batches done are kept, so that a run stopped (a batch failed past its retries, the process
   * killed) starts again after the last batch done: careshed/node's `OsrmFileCheckpoint(FILE)`, or
   * `osrm:URL,resume=FILE` on the command line.
   */
  checkpoint?: OsrmCheckpoint;
}

/** One batch of demand points done: every duration the server gave for them (seconds, null for no route). */
export interface OsrmBatchDone {
  /** The batch's first demand index; it holds the next `maxTableSize / 2` demand points. */
  start: number;
  /** Demand index, site index and seconds of each duration, side by side. */
  from: number[];
  to: number[];
  seconds: (number | null)[];
}

/**
 * Keeps the batches an OSRM run has done. `key` names the run (server, profile, table size, cutoff, and a hash
 * of the demand points and sites): batches kept under another key belong to another run and must not be read.
 */
export interface OsrmCheckpoint {
  /** The batches done before under `key` (none for a new run), as they were saved. */
  load(key: string): AsyncIterable<OsrmBatchDone>;
  /** Keeps one batch done; called once the batch's every request was answered. */
  save(batch: OsrmBatchDone): void | Promise<void>;
}

/** FNV-1a over the ids and positions: two runs on other points get other checkpoint keys. */
function pointsHash(points: PointSet): string {
  let hash = 0x811c9dc5;
  const mix = (text: string) => {
    for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193) >>> 0;
  };
  for (let i = 0; i < points.size; i++) mix(`${points.ids[i]},${points.lon[i]},${points.lat[i]};`);
  return `${points.size}:${hash.toString(16)}`;
}

/**
 * Travel times from an OSRM server's `table` service. Requests are batched under the server's table size,
 * limited to site candidates within reach by straight line, with timeouts and retries; a refusal (4xx, or
 * an OSRM error code such as TooBig) stops with the server's message. Its tables carry no `nearestOpen`
 * (that would mean asking the server again, and `restrictTo` is synchronous): to switch sites off, build
 * the table with `maxMinutes: Infinity`.
 *
 * @example
 * const travel = osrm('http://localhost:5000');
 * const reach = await travel.reach(demand, sites, { maxMinutes: 30 });
 */
export class OsrmTravel implements TravelProvider {
  readonly url: string;
  readonly #options: Required<Omit<OsrmOptions, 'fetch' | 'checkpoint'>> & { fetch: typeof fetch; checkpoint?: OsrmCheckpoint };
  lastReport: (MatrixReport & { requests: number; retried: number; resumedBatches: number }) | undefined;

  constructor(url: string, options: OsrmOptions = {}) {
    checkArgument('osrm', 'url', url, typeof url === 'string', 'the URL of an OSRM server (http://localhost:5000)');
    checkOptions('osrm', options, ['profile', 'maxTableSize', 'timeoutMs', 'retries', 'retryDelayMs', 'maxSpeedKmh', 'nearestCandidates', 'fetch', 'checkpoint']);
    if (!/^https?:\/\//.test(url)) throw new CareshedError('INVALID_OPTION', 'an OSRM server URL starts with http:// or https://', { field: 'osrm', value: url });
    // Trailing slashes cut by hand: /\/+$/ tries every slash of a long run as a start, in quadratic time.
    let end = url.length;
    while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end--;
    this.url = url.slice(0, end);
    const fetchImpl = options.fetch ?? globalThis.fetch;
    this.#options = {
      profile: options.profile ?? 'driving',
      maxTableSize: checkNumberOption('maxTableSize', options.maxTableSize ?? 100, 2),
      timeoutMs: checkNumberOption('timeoutMs', options.timeoutMs ?? 30_000, 1),
      retries: checkNumberOption('retries', options.retries ?? 2, 0, 10),
      retryDelayMs: checkNumberOption('retryDelayMs', options.retryDelayMs ?? 250, 0),
      maxSpeedKmh: checkNumberOption('maxSpeedKmh', options.maxSpeedKmh ?? 130, Number.MIN_VALUE),
      nearestCandidates: checkNumberOption('nearestCandidates', options.nearestCandidates ?? 3, 0),
      fetch: fetchImpl,
      checkpoint: options.checkpoint,
    };
  }

  get name(): string {
    return `osrm:${this.url}`;
  }

  /** In words: the server's own road times; their accuracy is the server's profile's. */
  describe(): TravelDescription {
    return { spec: this.name, words: `road times from the OSRM server at ${this.url} (profile "${this.#options.profile}"): free-flow shortest paths on its roads, as accurate as its car profile; real trips take longer at rush hour.` };
  }

  async reach(demand: PointSet, sites: PointSet, options: ReachOptions): Promise<ReachTable> {
    const maxMinutes = checkMaxMinutes(options.maxMinutes);
    requirePlaced('the OSRM server (routes between positions)', demand, sites);
    const accumulator = new MatrixAccumulator(demand, sites, maxMinutes, { seconds: true, source: this.url });
    const half = Math.floor(this.#options.maxTableSize / 2);
    const { checkpoint } = this.#options;
    const done = new Set<number>();
    if (checkpoint) {
      const { profile, maxTableSize, maxSpeedKmh, nearestCandidates } = this.#options;
      const key = JSON.stringify({ url: this.url, profile, maxTableSize, maxMinutes, maxSpeedKmh, nearestCandidates, demand: pointsHash(demand), sites: pointsHash(sites) });
      for await (const batch of checkpoint.load(key)) {
        batch.from.forEach((i, k) => accumulator.add(demand.ids[i], sites.ids[batch.to[k]], batch.seconds[k]));
        done.add(batch.start);
      }
    }
    const index = new PointIndex(sites.lon, sites.lat);
    let requests = 0;
    let retried = 0;
    // Demand in batches of `half`; for each batch, its candidate sites in batches of `half`. Candidates are
    // found batch by batch, and each answer goes into the accumulator: nothing holds the whole matrix.
    const ticker = progressTicker(options.onProgress, 'OSRM table requests', demand.size, 'demand points');
    for (let start = 0; start < demand.size; start += half) {
      ticker.tick(start);
      if (done.has(start)) continue;
      const batch = Array.from({ length: Math.min(half, demand.size - start) }, (_, k) => start + k);
      const wanted = [...new Set(batch.flatMap((i) => this.#candidates(index, demand, i, maxMinutes)))].sort((a, b) => a - b);
      const kept: OsrmBatchDone = { start, from: [], to: [], seconds: [] };
      for (let s = 0; s < wanted.length; s += half) {
        const siteBatch = wanted.slice(s, s + half);
        const coordinates = [...batch.map((i) => [demand.lon[i], demand.lat[i]]), ...siteBatch.map((j) => [sites.lon[j], sites.lat[j]])];
        const query = `sources=${batch.map((_, k) => k).join(';')}&destinations=${siteBatch.map((_, k) => batch.length + k).join(';')}&annotations=duration`;
        const path = `${this.url}/table/v1/${this.#options.profile}/${coordinates.map(([lon, lat]) => `${lon.toFixed(6)},${lat.toFixed(6)}`).join(';')}?${query}`;
        const { body, tries } = await this.#request(path);
        requests++;
        retried += tries - 1;
        addOsrmTable(accumulator, body, batch.map((i) => demand.ids[i]), siteBatch.map((j) => sites.ids[j]), this.url);
        if (checkpoint) {
          body.durations!.forEach((row, r) =>
            row.forEach((seconds, c) => {
              kept.from.push(batch[r]);
              kept.to.push(siteBatch[c]);
              kept.seconds.push(seconds);
            }),
          );
        }
      }
      if (checkpoint) await checkpoint.save(kept);
    }
    ticker.end();
    const table = accumulator.finish();
    this.lastReport = { ...accumulator.report, requests, retried, resumedBatches: done.size };
    return table;
  }

  /** The sites within the cutoff of demand point i at the top speed, or its nearest few by straight line. */
  #candidates(index: PointIndex, demand: PointSet, i: number, maxMinutes: number): number[] {
    const radiusKm = (maxMinutes * this.#options.maxSpeedKmh) / 60;
    const count = index.query(demand.lon[i], demand.lat[i], radiusKm);
    const near = Array.from(index.found.subarray(0, count));
    return near.length > 0 ? near : index.nearestFew(demand.lon[i], demand.lat[i], this.#options.nearestCandidates);
  }

  async #request(url: string): Promise<{ body: OsrmTableResponse; tries: number }> {
    const { retries, retryDelayMs, timeoutMs } = this.#options;
    let lastProblem = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await this.#options.fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
        const text = await response.text();
        let body: OsrmTableResponse | null = null;
        try {
          body = JSON.parse(text) as OsrmTableResponse;
        } catch {
          body = null;
        }
        if (response.status === 429 || response.status >= 500) {
          lastProblem = `HTTP ${response.status}${body?.message ? `: ${body.message}` : ''}`;
          continue;
        }
        if (!response.ok || !body || body.code !== 'Ok') {
          const said = body ? `${body.code}${body.message ? `: ${body.message}` : ''}` : text.slice(0, 200);
          throw new CareshedError('SERVICE_ERROR', `the OSRM server refused the table request (HTTP ${response.status}): ${said}`, { source: this.url });
        }
        return { body, tries: attempt + 1 };
      } catch (error) {
        if (error instanceof CareshedError) throw error;
        lastProblem = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : (error as Error).message;
      } finally {
        clearTimeout(timer);
      }
    }
    throw new CareshedError('SERVICE_ERROR', `the OSRM server did not answer after ${retries + 1} tries: ${lastProblem}`, { source: this.url });
  }
}

/** An OSRM travel provider (a value to pass around). */
export function osrm(url: string, options: OsrmOptions = {}): OsrmTravel {
  return new OsrmTravel(url, options);
}
