import { progressTicker } from '../model/progress.js';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { CareshedError, missingField } from '../model/errors.js';
import type { PointSet } from '../model/points.js';
import { addOsrmTable, MatrixAccumulator, MatrixNearestOpen, matrixScale, type MatrixReport, type MatrixRowSink, type MatrixUnit, type OsrmTableResponse } from '../travel/matrix.js';
import { checkMaxMinutes, type ReachOptions, type TravelDescription, type TravelProvider } from '../travel/provider.js';
import { isReachTable, ReachTable, type NearestOpenSite } from '../travel/reach-table.js';
import { readText } from './files.js';
import { leadingZeroHint, leadingZeroMatches } from '../io/join.js';
import { parseJsonText } from '../io/json.js';
import { checkArgument, isRecord } from '../model/arguments.js';
import { checkPoints, REACH } from '../travel/arguments.js';
import { int } from '../model/figures.js';

const quoted = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ');

export interface MatrixFileOptions {
  /** Column names for origin, destination and time (default from, to, minutes). */
  columns?: readonly [string, string, string];
  /** Times are seconds (default: minutes; OSRM JSON is always seconds). */
  seconds?: boolean;
  /** The unit of the times (default minutes; `seconds: true` is seconds); a CSV's only. */
  unit?: MatrixUnit;
}

/** One parse configuration for the streamed read and the synchronous re-read: they must see the same rows. */
// Rows as arrays, never papaparse's header objects: those are plain objects, where a "__proto__" column vanishes.
const PARSE = { header: false, dynamicTyping: false, skipEmptyLines: false } as const;

/**
 * Travel times from a file: a long CSV `from,to,minutes` streamed row by row (tens of millions of rows in
 * bounded memory: only pairs within the cutoff are kept), the same CSV gzip'ed (`.csv.gz`, unzipped as it
 * streams), a Parquet file (`.parquet`: columns from, to, minutes read one row group at a time, so memory
 * holds one row group, never the file), or an OSRM `table` JSON response whose sources are the demand points
 * and destinations the sites, in their order. In Parquet, ids stored as integers are read as their decimal
 * text: "01001" stays "01001" only if the column holds strings (an integer column holds 1001).
 *
 * The table carries a `nearestOpen` resolver for `restrictTo`: it reads the file again (whole, synchronously,
 * once per `restrictTo` that needs it; a `.csv.gz` unzipped whole) for the nearest open site of the demand
 * points whose nearest site beyond the cutoff was closed, and refuses a file that changed since the table was
 * built. A Parquet table carries none (its reader is asynchronous, `restrictTo` is not): to switch sites off,
 * read it with `maxMinutes: Infinity`, or give the cutoff the file was cut at.
 *
 * @example
 * const travel = new MatrixFileTravel('metric-distancier.csv', { columns: ['CODGEO_ORIG', 'CODGEO_DEST', 'DUREE'] });
 */
export class MatrixFileTravel implements TravelProvider {
  readonly path: string;
  readonly #options: MatrixFileOptions;
  lastReport: MatrixReport | undefined;

  constructor(path: string, options: MatrixFileOptions = {}) {
    checkArgument('MatrixFileTravel', 'path', path, typeof path === 'string' && path !== '', 'a file path (text)');
    checkArgument('MatrixFileTravel', 'options', options, isRecord(options), 'an object {columns, seconds}');
    this.path = path;
    matrixScale(options); // a unit it does not know, or two, refused before any reading
    this.#options = options;
  }

  /** Whether the unit of the times is known (given, or OSRM JSON's seconds), not taken to be minutes. */
  get unitGiven(): boolean {
    return this.#options.unit !== undefined || this.#options.seconds === true || this.#isJson;
  }

  /** The unit the file's times are read in. */
  get #unit(): MatrixUnit {
    return this.#isJson || this.#options.seconds ? 'seconds' : (this.#options.unit ?? 'minutes');
  }

  get name(): string {
    return `matrix:${this.path}${this.#options.unit !== undefined ? `,unit=${this.#options.unit}` : ''}`;
  }

  /** In words: times read from a file, as accurate as the tool that made it. */
  describe(): TravelDescription {
    return { spec: this.name, words: `travel times read from ${this.path}${this.#unit !== 'minutes' ? ` (${this.#unit}, as minutes here)` : ''}: as accurate as the tool that computed them.` };
  }

  get #isJson(): boolean {
    return /\.json$/i.test(this.path);
  }

  get #isParquet(): boolean {
    return /\.parquet$/i.test(this.path);
  }

  get #isGzip(): boolean {
    return /\.gz$/i.test(this.path);
  }

  /** The CSV's text, unzipped when it is `.gz`: for the synchronous re-read of `nearestOpen`. */
  #csvText(): string {
    if (!this.#isGzip) return readText(this.path);
    try {
      return gunzipSync(readFileSync(this.path)).toString('utf8').replace(/^\uFEFF/, '');
    } catch (error) {
      throw new CareshedError('IO_ERROR', `cannot unzip the matrix: ${(error as Error).message}`, { source: this.path });
    }
  }

  get #columns(): readonly [string, string, string] {
    return this.#options.columns ?? ['from', 'to', 'minutes'];
  }

  async reach(demand: PointSet, sites: PointSet, options: ReachOptions): Promise<ReachTable> {
    const maxMinutes = checkMaxMinutes(options.maxMinutes);
    if (!existsSync(this.path)) throw new CareshedError('IO_ERROR', 'cannot read the file: no such file', { source: this.path });
    const stamp = statSync(this.path);
    if (this.#isJson) {
      const accumulator = new MatrixAccumulator(demand, sites, maxMinutes, { seconds: true, source: this.path });
      this.#readJson(readText(this.path), demand, sites, accumulator);
      return this.#done(accumulator, demand, sites, stamp);
    }
    const accumulator = new MatrixAccumulator(demand, sites, maxMinutes, { unit: this.#unit, source: this.path });
    const ticker = progressTicker(options.onProgress, 'reading the matrix', null, 'rows', 100_000);
    if (this.#isParquet) {
      const { readParquetMatrix } = await import('./matrix-parquet.js'); // hyparquet and its codecs, loaded for a .parquet
      await readParquetMatrix(this.path, this.#columns, accumulator, (rows) => ticker.tick(rows));
      ticker.end();
    } else await this.#streamCsv(accumulator, ticker);
    if (accumulator.report.rows === 0) throw new CareshedError('EMPTY_INPUT', 'the matrix has no row', { source: this.path });
    this.#checkFits(accumulator.report, demand, sites);
    return this.#done(accumulator, demand, sites, stamp);
  }

  /** The CSV streamed into `sink` through Papa, unzipped on the way when it is `.gz`. */
  #streamCsv(sink: MatrixRowSink, ticker: { tick(done: number): void; end(): void }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const take = this.#rowReader(sink);
      let input: NodeJS.ReadableStream = createReadStream(this.path, { encoding: this.#isGzip ? undefined : 'utf8' });
      if (this.#isGzip) {
        const gunzip = createGunzip();
        // A corrupt or truncated file fails in the unzip, which Papa does not hear of.
        gunzip.on('error', (error) => reject(new CareshedError('IO_ERROR', `cannot unzip the matrix: ${error.message}`, { source: this.path })));
        input = input.pipe(gunzip).setEncoding('utf8');
      }
      Papa.parse<string[]>(input, {
        ...PARSE,
        step: (result, parser) => {
          try {
            ticker.tick(take(result));
          } catch (error) {
            // Reject first: abort() calls `complete` at once, which would resolve.
            reject(error);
            parser.abort();
          }
        },
        complete: () => {
          ticker.end();
          resolve();
        },
        error: (error: Error) => reject(new CareshedError('IO_ERROR', `cannot read the matrix: ${error.message}`, { source: this.path })),
      });
    });
  }

  /**
   * A step function for Papa: reads the header and finds the columns, then hands each row to `sink`; returns
   * the rows read. Lines are the file's own: blank lines and line breaks inside quoted fields count.
   */
  #rowReader(sink: MatrixRowSink): (result: Papa.ParseStepResult<string[]>) => number {
    const [from, to, minutes] = this.#columns;
    let next = 1;
    let header: string[] | null = null;
    let at: [number, number, number] = [0, 0, 0];
    let rows = 0;
    return (result) => {
      const fields = result.data;
      const line = next;
      next++;
      for (const field of fields) for (let k = field.indexOf('\n'); k >= 0; k = field.indexOf('\n', k + 1)) next++;
      if (result.errors.length > 0) throw new CareshedError('PARSE_ERROR', result.errors[0].message, { source: this.path, line });
      if (fields.every((f) => f.trim() === '')) return rows;
      if (header === null) {
        // trim() takes off a byte-order mark too.
        const found = fields.map((h) => h.trim());
        at = [from, to, minutes].map((column) => {
          const index = found.indexOf(column);
          if (index < 0) throw new CareshedError('MISSING_COLUMN', missingField('column', column, found, 'the matrix'), { source: this.path, line, field: column });
          return index;
        }) as [number, number, number];
        header = found;
        return rows;
      }
      if (fields.length !== header.length) {
        throw new CareshedError('PARSE_ERROR', `too ${fields.length < header.length ? 'few' : 'many'} fields: the row has ${fields.length} and the header ${header.length}`, { source: this.path, line });
      }
      sink.add(fields[at[0]], fields[at[1]], fields[at[2]], line);
      return ++rows;
    };
  }

  #readJson(text: string, demand: PointSet, sites: PointSet, sink: MatrixRowSink): void {
    const body = parseJsonText(text, this.path, 'PARSE_ERROR', 'an OSRM table response {"code": "Ok", "durations": [[...]]}') as OsrmTableResponse;
    addOsrmTable(sink, body, demand.ids, sites.ids, this.path);
  }

  /**
   * A matrix none of whose rows starts at a demand point, or ends at a site, was made for other points or read
   * from the wrong columns: refused, with what the ids look like on both sides and the likely fix. Some rows
   * that fit nothing are only counted (a national matrix read for one region).
   */
  #checkFits(report: MatrixReport, demand: PointSet, sites: PointSet): void {
    const [from, to, minutes] = this.#columns;
    const sides = [
      { none: report.fromDemand === 0, column: from, role: 'starts at a demand point', examples: report.unknownFrom.examples, set: demand, what: 'demand points' },
      { none: report.toSite === 0, column: to, role: 'ends at a site', examples: report.unknownTo.examples, set: sites, what: 'sites' },
    ];
    for (const side of sides) {
      if (!side.none) continue;
      const zeros = leadingZeroMatches(side.examples, side.set.ids);
      const hint =
        report.reversed === report.rows
          ? `; read the other way round every row fits (from a site to a demand point): name the columns in that order, --matrix-columns ${to},${from},${minutes}`
          : zeros.length > 0
            ? leadingZeroHint(zeros, side.examples.length, 'the matrix')
            : `; a matrix made for other ${side.what}, or the ids in another column? The columns read are ${from}, ${to}, ${minutes}: --matrix-columns FROM,TO,TIME names others`;
      throw new CareshedError(
        'JOIN_MISSING',
        `none of the ${int(report.rows)} rows of the matrix ${side.role}: column "${side.column}" holds ${quoted(side.examples)}…, the ${int(side.set.size)} ${side.what} have the ids ${quoted(side.set.ids.slice(0, 5))}${side.set.size > 5 ? '…' : ''}${hint}`,
        { source: this.path, field: side.column },
      );
    }
  }

  #done(accumulator: MatrixAccumulator, demand: PointSet, sites: PointSet, stamp: { size: number; mtimeMs: number }): ReachTable {
    if (this.#isParquet) {
      this.lastReport = accumulator.report;
      return accumulator.finish();
    }
    const nearestOpen: NearestOpenSite = (rows, open) => {
      const now = existsSync(this.path) ? statSync(this.path) : null;
      if (!now || now.size !== stamp.size || now.mtimeMs !== stamp.mtimeMs) {
        throw new CareshedError('IO_ERROR', 'the matrix file changed (or went) since the reach table was built from it; build the table again', { source: this.path });
      }
      const nearest = new MatrixNearestOpen(demand, sites, rows, open, { unit: this.#unit, source: this.path });
      const text = this.#isJson ? readText(this.path) : this.#csvText();
      if (this.#isJson) {
        this.#readJson(text, demand, sites, nearest);
      } else {
        const take = this.#rowReader(nearest);
        Papa.parse<string[]>(text, { ...PARSE, step: (result) => take(result) });
      }
      return nearest.finish();
    };
    const table = accumulator.finish(nearestOpen);
    this.lastReport = accumulator.report;
    return table;
  }
}

/**
 * The shortest decimal that reads back as the same float32: what a matrix file needs so that reading it
 * gives the table's minutes bit for bit (at most 9 significant digits).
 */
export function float32Text(minutes: number): string {
  checkArgument('float32Text', 'minutes', minutes, typeof minutes === 'number' && !Number.isNaN(minutes), 'a number of minutes');
  const value = Math.fround(minutes);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(Number(value.toPrecision(9)));
}

/**
 * The rows of a long matrix CSV `from,to,minutes` holding everything careshed reads from a reach table:
 * each pair within the cutoff (a demand point's rows by minutes), and for a demand point with none, its
 * nearest site beyond the cutoff as one more row. `MatrixFileTravel` with the same cutoff reads them back
 * into the same table (offsets, sites, minutes, nearest site and minutes).
 *
 * @example
 * writeText('matrix.csv', formatTable(['from', 'to', 'minutes'], matrixRows(reach, demand, sites)));
 */
export function matrixRows(reach: ReachTable, demand: PointSet, sites: PointSet): [string, string, string][] {
  checkArgument('matrixRows', 'reach', reach, isReachTable(reach), REACH);
  checkPoints('matrixRows', demand, 'demand');
  checkPoints('matrixRows', sites, 'sites');
  if (reach.demandCount !== demand.size || reach.siteCount !== sites.size) {
    throw new CareshedError('INVALID_REACH_TABLE', `the reach table is ${reach.demandCount} × ${reach.siteCount} but there are ${demand.size} demand points and ${sites.size} sites`);
  }
  const rows: [string, string, string][] = [];
  for (let i = 0; i < reach.demandCount; i++) {
    for (let k = reach.offsets[i]; k < reach.offsets[i + 1]; k++) rows.push([demand.ids[i], sites.ids[reach.site[k]], float32Text(reach.minutes[k])]);
    if (reach.offsets[i] === reach.offsets[i + 1] && reach.nearestSite[i] >= 0) rows.push([demand.ids[i], sites.ids[reach.nearestSite[i]], float32Text(reach.nearestMinutes[i])]);
  }
  return rows;
}
