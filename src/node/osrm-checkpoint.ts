import { appendFileSync, createReadStream, existsSync, truncateSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { CareshedError } from '../model/errors.js';
import type { OsrmBatchDone, OsrmCheckpoint } from '../travel/osrm.js';
import { checkArgument } from '../model/arguments.js';

/**
 * An OSRM run's progress in a file (JSON lines: the run's key, then one line per batch of demand points done),
 * so that a run stopped by a failed batch or a killed process starts again after its last batch done. Read
 * line by line: the file can be as large as the durations asked for, memory holds one batch. A last line cut
 * short (the process killed while writing it) is dropped; a file written for another run is refused.
 *
 * @example
 * const travel = osrm('http://localhost:5000', { checkpoint: new OsrmFileCheckpoint('osrm-progress.jsonl') });
 */
export class OsrmFileCheckpoint implements OsrmCheckpoint {
  readonly path: string;

  constructor(path: string) {
    checkArgument('OsrmFileCheckpoint', 'path', path, typeof path === 'string' && path.trim() !== '', 'the path of the progress file (text)');
    this.path = path;
  }

  async *load(key: string): AsyncIterable<OsrmBatchDone> {
    const header = JSON.stringify({ careshedOsrmRun: key });
    if (!existsSync(this.path)) {
      writeFileSync(this.path, `${header}\n`);
      return;
    }
    const lines = createInterface({ input: createReadStream(this.path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let bytes = 0;
    let first = true;
    let cut = false;
    for await (const line of lines) {
      if (cut) continue;
      if (first) {
        first = false;
        if (line !== header) {
          lines.close();
          throw new CareshedError('INVALID_OPTION', 'the OSRM progress file was written for another run (other points, server, profile, table size or cutoff); delete it, or give another file, to start afresh', { source: this.path, line: 1 });
        }
      } else {
        let batch: OsrmBatchDone;
        try {
          batch = JSON.parse(line) as OsrmBatchDone;
        } catch {
          cut = true; // written when the process stopped: the batch is asked again
          continue;
        }
        yield batch;
      }
      bytes += Buffer.byteLength(line) + 1;
    }
    if (first) writeFileSync(this.path, `${header}\n`);
    else if (cut) truncateSync(this.path, bytes);
  }

  save(batch: OsrmBatchDone): void {
    appendFileSync(this.path, `${JSON.stringify(batch)}\n`);
  }
}
