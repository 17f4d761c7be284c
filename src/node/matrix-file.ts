import { progressTicker } from '../model/progress.js';
import { createReadStream, existsSync } from 'node:fs';
import Papa from 'papaparse';
import { CareshedError, checkNumberOption, missingField } from '../model/errors.js';
import type { PointSet } from '../model/points.js';
import { addOsrmTable, MatrixAccumulator, type MatrixReport, type OsrmTableResponse } from '../travel/matrix.js';
import type { ReachOptions, TravelDescription, TravelProvider } from '../travel/provider.js';
import type { ReachTable } from '../travel/reach-table.js';
import { readText } from './files.js';

export interface MatrixFileOptions {
  /** Column names for origin, destination and time (default from, to, minutes). */
  columns?: readonly [string, string, string];
  /** Times are seconds (default: minutes; OSRM JSON is always seconds). */
  seconds?: boolean;
}

/**
 * Travel times from a file: a long CSV `from,to,minutes` streamed row by row (tens of millions of rows in
 * bounded memory: only pairs within the cutoff are kept), or an OSRM `table` JSON response whose sources
 * are the demand points and destinations the sites, in their order.
 *
 * @example
 * const travel = new MatrixFileTravel('metric-distancier.csv', { columns: ['CODGEO_ORIG', 'CODGEO_DEST', 'DUREE'] });
 */
export class MatrixFileTravel implements TravelProvider {
  readonly path: string;
  readonly #options: MatrixFileOptions;
  lastReport: MatrixReport | undefined;

  constructor(path: string, options: MatrixFileOptions = {}) {
    this.path = path;
    this.#options = options;
  }

  get name(): string {
    return `matrix:${this.path}`;
  }

  /** In words: times read from a file, as accurate as the tool that made it. */
  describe(): TravelDescription {
    return { spec: this.name, words: `travel times read from ${this.path}${this.#options.seconds || /\.json$/i.test(this.path) ? ' (seconds, as minutes here)' : ''}: as accurate as the tool that computed them.` };
  }

  async reach(demand: PointSet, sites: PointSet, options: ReachOptions): Promise<ReachTable> {
    const maxMinutes = checkNumberOption('maxMinutes', options.maxMinutes, 0);
    if (!existsSync(this.path)) throw new CareshedError('IO_ERROR', 'cannot read the file: no such file', { source: this.path });
    if (/\.json$/i.test(this.path)) {
      const accumulator = new MatrixAccumulator(demand, sites, maxMinutes, { seconds: true, source: this.path });
      let body: OsrmTableResponse;
      try {
        body = JSON.parse(readText(this.path)) as OsrmTableResponse;
      } catch (error) {
        throw new CareshedError('PARSE_ERROR', `not valid JSON: ${(error as Error).message}`, { source: this.path });
      }
      addOsrmTable(accumulator, body, demand.ids, sites.ids, this.path);
      return this.#done(accumulator);
    }
    const accumulator = new MatrixAccumulator(demand, sites, maxMinutes, { seconds: this.#options.seconds, source: this.path });
    const [from, to, minutes] = this.#options.columns ?? ['from', 'to', 'minutes'];
    const ticker = progressTicker(options.onProgress, 'reading the matrix', null, 'rows', 100_000);
    await new Promise<void>((resolve, reject) => {
      let line = 1;
      let checked = false;
      Papa.parse<Record<string, string>>(createReadStream(this.path, { encoding: 'utf8' }), {
        header: true,
        dynamicTyping: false,
        skipEmptyLines: 'greedy',
        transformHeader: (h) => h.trim(),
        step: (result, parser) => {
          line++;
          ticker.tick(line - 1);
          try {
            if (!checked) {
              const found = result.meta.fields ?? [];
              for (const column of [from, to, minutes]) {
                if (!found.includes(column)) throw new CareshedError('MISSING_COLUMN', missingField('column', column, found, 'the matrix'), { source: this.path, line: 1, field: column });
              }
              checked = true;
            }
            if (result.errors.length > 0) throw new CareshedError('PARSE_ERROR', result.errors[0].message, { source: this.path, line });
            const row = result.data;
            accumulator.add(row[from], row[to], row[minutes], line);
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
    if (accumulator.report.rows === 0) throw new CareshedError('EMPTY_INPUT', 'the matrix has no row', { source: this.path });
    return this.#done(accumulator);
  }

  #done(accumulator: MatrixAccumulator): ReachTable {
    const table = accumulator.finish();
    this.lastReport = accumulator.report;
    return table;
  }
}
