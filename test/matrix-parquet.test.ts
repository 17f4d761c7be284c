import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { parquetWriteFile } from 'hyparquet-writer';
import { coverage, createDemand, createSites, crowFly, formatTable, type ReachTable } from '../src/index.js';
import { loadOccitanie, MatrixFileTravel, matrixRows } from '../src/node/index.js';
import { careshed } from './cli-run.js';

// A matrix given as CSV, gzip'ed CSV or Parquet (several row groups, each codec) is the same matrix: the same
// reach table bit for bit, and the same coverage, access and siting on the command line.

const dir = mkdtempSync(join(tmpdir(), 'careshed-parquet-'));
const at = (name: string) => join(dir, name);
const travel = crowFly({ speedKmh: 45, detour: 1.5 });

type Column = { name: string; data: (string | number | null)[] | Int32Array | Float64Array; type: 'STRING' | 'INT32' | 'DOUBLE'; nullable?: boolean };
type Codec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'ZSTD' | 'BROTLI';
const hasZstd = existsSync('/usr/bin/zstd');
// Node 20 has no zstd compressor: the zstd command line compresses the pages (any zstd frame reads back).
const compressors = {
  GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliCompressSync(input)),
  ZSTD: (input: Uint8Array) => new Uint8Array(execFileSync('/usr/bin/zstd', ['-q', '-c'], { input })),
};
function writeParquet(name: string, columnData: Column[], codec: Codec = 'SNAPPY', rowGroupSize = 7000): string {
  parquetWriteFile({ filename: at(name), columnData, codec, compressors, rowGroupSize });
  return at(name);
}

/** Asserts two tables are the same, array for array, bit for bit. */
function expectSameTable(a: ReachTable, b: ReachTable) {
  expect(a.maxMinutes).toBe(b.maxMinutes);
  for (const part of ['offsets', 'site', 'minutes', 'nearestSite', 'nearestMinutes'] as const) expect(Array.from(a[part]), part).toEqual(Array.from(b[part]));
}

describe('Occitanie: one matrix as CSV, CSV.gz and Parquet', () => {
  const { communes, centres } = loadOccitanie();
  // Every commune × centre pair, each minute the shortest text that reads back as its float32.
  const all = travel.reach(communes, centres, { maxMinutes: Infinity });
  const rows = matrixRows(all, communes, centres);
  const files: Record<string, string> = {};

  beforeAll(() => {
    const text = formatTable(['from', 'to', 'minutes'], rows);
    files.csv = at('occitanie.csv');
    writeFileSync(files.csv, text);
    files['csv.gz'] = at('occitanie.csv.gz');
    writeFileSync(files['csv.gz'], gzipSync(text));
    const columns: Column[] = [
      { name: 'from', data: rows.map((r) => r[0]), type: 'STRING' },
      { name: 'to', data: rows.map((r) => r[1]), type: 'STRING' },
      { name: 'minutes', data: Float64Array.from(rows, (r) => Number(r[2])), type: 'DOUBLE' },
    ];
    for (const codec of ['SNAPPY', 'GZIP', 'BROTLI', 'UNCOMPRESSED', ...(hasZstd ? ['ZSTD' as const] : [])] as Codec[]) files[`parquet-${codec}`] = writeParquet(`occitanie-${codec}.parquet`, columns, codec);
  });

  it('has every pair, in more than one row group', () => {
    expect(rows).toHaveLength(communes.size * centres.size);
    expect(rows.length).toBeGreaterThan(3 * 7000);
  });

  it('reads into the table crow-fly builds at 20 minutes, whatever the format and codec', async () => {
    const expected = travel.reach(communes, centres, { maxMinutes: 20 });
    for (const [format, path] of Object.entries(files)) {
      const reader = new MatrixFileTravel(path);
      const events: { done: number; finished?: boolean }[] = [];
      const back = await reader.reach(communes, centres, { maxMinutes: 20, onProgress: (e) => events.push(e) });
      expectSameTable(back, expected);
      expect(reader.lastReport?.rows, format).toBe(rows.length);
      expect(events.at(-1), format).toMatchObject({ done: rows.length, finished: true });
      expect(coverage(back, communes, { targetMinutes: 15 }).summary, format).toEqual(coverage(expected, communes, { targetMinutes: 15 }).summary);
    }
  });

  it('gives the same coverage, access and siting on the command line', () => {
    const base = ['--demand', 'fixtures/occitanie/communes.csv'];
    const commands = [
      ['coverage', ...base, '--supply', 'fixtures/occitanie/centres.csv', '--minutes', '20'],
      ['access', ...base, '--supply', 'fixtures/occitanie/centres.csv', '--method', 'e2sfca', '--decay', 'step:10=1,20=0.5,30=0.25'],
      ['site', ...base, '--candidates', 'fixtures/occitanie/centres.csv', '--model', 'mclp', '--p', '3', '--minutes', '20'],
    ];
    for (const command of commands) {
      const outputs = ['csv', 'csv.gz', 'parquet-SNAPPY'].map((format) => {
        const run = careshed(...command, '--travel', `matrix:${files[format]}`);
        expect(run.status, `${command[0]} ${format}: ${run.stderr}`).toBe(0);
        // The solver's own timing is the one field that may differ.
        return run.stdout.replaceAll(files[format], 'MATRIX').replace(/"seconds": [0-9.e-]+/, '"seconds": 0');
      });
      expect(outputs[0].length).toBeGreaterThan(100);
      expect(outputs[1], `${command[0]} csv.gz`).toBe(outputs[0]);
      expect(outputs[2], `${command[0]} parquet`).toBe(outputs[0]);
    }
  });
});

describe('Parquet matrices: ids, nulls, errors', () => {
  const demand = createDemand([
    { id: '01001', lon: 1, lat: 43, population: 10 },
    { id: '01002', lon: 1.1, lat: 43, population: 20 },
  ]);
  const sites = createSites([
    { id: '7', lon: 1, lat: 43 },
    { id: '8', lon: 1.2, lat: 43 },
  ]);
  const strings = (values: string[]) => ({ data: values, type: 'STRING' as const });

  it('reads integer ids as their decimal text, null minutes as no route', async () => {
    const path = writeParquet('ints.parquet', [
      { name: 'from', ...strings(['01001', '01001', '01002', '01002']) },
      { name: 'to', data: Int32Array.from([7, 8, 7, 8]), type: 'INT32' },
      { name: 'minutes', data: [5, null, 12, 3.5], type: 'DOUBLE', nullable: true },
    ]);
    const reader = new MatrixFileTravel(path);
    const reach = await reader.reach(demand, sites, { maxMinutes: 10 });
    expect(Array.from(reach.offsets)).toEqual([0, 1, 2]);
    expect(Array.from(reach.site)).toEqual([0, 1]);
    expect(Array.from(reach.minutes)).toEqual([5, 3.5]);
    expect(reader.lastReport).toMatchObject({ rows: 4, noRoute: 1, kept: 2 });
  });

  it('an INSEE code stored as an integer lost its leading zero: refused with the hint', async () => {
    const path = writeParquet('lost-zeros.parquet', [
      { name: 'from', data: Int32Array.from([1001, 1002]), type: 'INT32' },
      { name: 'to', ...strings(['7', '8']) },
      { name: 'minutes', data: Float64Array.from([5, 6]), type: 'DOUBLE' },
    ]);
    const e = await new MatrixFileTravel(path).reach(demand, sites, { maxMinutes: 10 }).catch((x) => x);
    expect(e.code).toBe('JOIN_MISSING');
    expect(e.message).toContain('"1001" is "01001"');
  });

  it('names the file, the row group and the row of a bad value', async () => {
    // Rows 1–2 in row group 0, rows 3–4 in row group 1: row 4 (the second of group 1) is negative.
    const path = writeParquet('negative.parquet', [
      { name: 'from', ...strings(['01001', '01002', '01001', '01002']) },
      { name: 'to', ...strings(['7', '7', '8', '8']) },
      { name: 'minutes', data: Float64Array.from([5, 6, 7, -3]), type: 'DOUBLE' },
    ], 'SNAPPY', 2);
    const e = await new MatrixFileTravel(path).reach(demand, sites, { maxMinutes: 10 }).catch((x) => x);
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toContain(`${path}, row group 1, row 4`);
    expect(e.message).toContain('is negative');
    const twice = writeParquet('twice.parquet', [
      { name: 'from', ...strings(['01001', '01002', '01001']) },
      { name: 'to', ...strings(['7', '7', '7']) },
      { name: 'minutes', data: Float64Array.from([5, 6, 7]), type: 'DOUBLE' },
    ], 'SNAPPY', 2);
    const d = await new MatrixFileTravel(twice).reach(demand, sites, { maxMinutes: 10 }).catch((x) => x);
    expect(d.code).toBe('DUPLICATE_ID');
    expect(d.message).toContain(`${twice}, row group 1, row 3`);
  });

  it('refuses a missing column, a file that is not Parquet and a corrupt gzip, naming the file', async () => {
    const path = writeParquet('columns.parquet', [
      { name: 'origin', ...strings(['01001']) },
      { name: 'to', ...strings(['7']) },
      { name: 'minutes', data: Float64Array.from([5]), type: 'DOUBLE' },
    ]);
    const m = await new MatrixFileTravel(path).reach(demand, sites, { maxMinutes: 10 }).catch((x) => x);
    expect(m.code).toBe('MISSING_COLUMN');
    expect(m.message).toContain(path);
    expect(m.message).toContain('"from"');
    // Renamed columns read as in a CSV.
    const renamed = await new MatrixFileTravel(path, { columns: ['origin', 'to', 'minutes'] }).reach(demand, sites, { maxMinutes: 10 });
    expect(Array.from(renamed.minutes)).toEqual([5]);
    writeFileSync(at('fake.parquet'), 'from,to,minutes\n01001,7,5\n');
    const p = await new MatrixFileTravel(at('fake.parquet')).reach(demand, sites, { maxMinutes: 10 }).catch((x) => x);
    expect(p.code).toBe('PARSE_ERROR');
    expect(p.message).toContain('fake.parquet: cannot read it as Parquet');
    writeFileSync(at('cut.csv.gz'), gzipSync('from,to,minutes\n01001,7,5\n'.repeat(50)).subarray(0, 30));
    const g = await new MatrixFileTravel(at('cut.csv.gz')).reach(demand, sites, { maxMinutes: 10 }).catch((x) => x);
    expect(g.code).toBe('IO_ERROR');
    expect(g.message).toContain('cut.csv.gz: cannot unzip the matrix');
  });

  it('a gzip CSV table reads the file again for restrictTo; a Parquet one says to read it uncut', async () => {
    const text = 'from,to,minutes\n01001,7,30\n01001,8,40\n01002,7,50\n01002,8,25\n';
    writeFileSync(at('restrict.csv.gz'), gzipSync(text));
    const reach = await new MatrixFileTravel(at('restrict.csv.gz')).reach(demand, sites, { maxMinutes: 10 });
    // By hand: with site 7 closed, 01001's nearest open is 8 at 40 minutes, 01002's is 8 at 25.
    expect(Array.from(reach.restrictTo([0, 1]).nearestMinutes)).toEqual([40, 25]);
    const path = writeParquet('restrict.parquet', [
      { name: 'from', ...strings(['01001', '01001', '01002', '01002']) },
      { name: 'to', ...strings(['7', '8', '7', '8']) },
      { name: 'minutes', data: Float64Array.from([30, 40, 50, 25]), type: 'DOUBLE' },
    ]);
    const cut = await new MatrixFileTravel(path).reach(demand, sites, { maxMinutes: 10 });
    expect(() => cut.restrictTo([0, 1])).toThrow(/INCOMPLETE|maxMinutes Infinity/);
    const uncut = await new MatrixFileTravel(path).reach(demand, sites, { maxMinutes: Infinity });
    expect(Array.from(uncut.restrictTo([0, 1]).nearestMinutes)).toEqual([40, 25]);
  });
});
