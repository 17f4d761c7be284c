/**
 * Matrix streaming benchmark (issue 15 point 5): rows per second and peak memory while a long travel-time
 * matrix is streamed into the reach table, from Parquet (snappy, row groups of 1,048,576 rows, pyarrow's
 * default) and from gzip'ed CSV, each read by a child process of its own.
 *   tsx bench/matrix-stream.ts [ROWS]   (default 20,000,000: 20,000 demand points × 1,000 sites)
 *
 * Ids are text ("d123", "s45"), minutes seeded uniform in [0, 120), the cutoff 15 minutes (1 pair in 8 kept).
 * Peak memory: the child's maxRSS, and the largest heap + array buffers seen at each progress tick (every row
 * group for Parquet, every 100,000 rows for CSV), garbage included; each child runs with its heap capped at
 * 384 MB (--max-old-space-size), so a read that finishes is one that never needed more.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { seededRandom } from 'careshed';

const root = resolve(import.meta.dirname, '..');
const rows = Number(process.argv[2] ?? 20_000_000);
const SITES = 1000;
const DEMAND = Math.ceil(rows / SITES);
const GROUP = 1_048_576;

if (process.argv[3] === '--child') {
  const [path, kind] = [process.argv[4], process.argv[5]];
  const { createDemand, createSites } = await import('careshed');
  const { MatrixFileTravel } = await import('careshed/node');
  const demand = createDemand(Array.from({ length: DEMAND }, (_, i) => ({ id: `d${i}`, lon: 1, lat: 43, population: 1 })));
  const sites = createSites(Array.from({ length: SITES }, (_, j) => ({ id: `s${j}`, lon: 1, lat: 43 })));
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
  };
  const start = process.hrtime.bigint();
  const reader = new MatrixFileTravel(path);
  const reach = await reader.reach(demand, sites, { maxMinutes: 15, onProgress: sample });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  sample();
  process.stdout.write(JSON.stringify({ kind, rows: reader.lastReport!.rows, kept: reach.pairCount, seconds, rowsPerSecond: reader.lastReport!.rows / seconds, peakHeapMB: peakHeap / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'careshed-matrix-stream-'));
const parquetPath = join(dir, 'matrix.parquet');
const gzPath = join(dir, 'matrix.csv.gz');
const random = seededRandom(15);
writeFileSync(gzPath, gzipSync('from,to,minutes\n'));
let writer: ParquetWriter | undefined;
for (let first = 0; first < rows; first += GROUP) {
  const n = Math.min(GROUP, rows - first);
  const from = new Array<string>(n);
  const to = new Array<string>(n);
  const minutes = new Float32Array(n);
  let text = '';
  for (let r = 0; r < n; r++) {
    const k = first + r;
    from[r] = `d${Math.floor(k / SITES)}`;
    to[r] = `s${k % SITES}`;
    minutes[r] = Math.fround(random() * 120);
    text += `${from[r]},${to[r]},${minutes[r]}\n`;
  }
  const columnData = [
    { name: 'from', data: from, type: 'STRING' as const },
    { name: 'to', data: to, type: 'STRING' as const },
    { name: 'minutes', data: minutes, type: 'FLOAT' as const },
  ];
  writer ??= new ParquetWriter({ writer: fileWriter(parquetPath), schema: schemaFromColumnData({ columnData }) });
  writer.write({ columnData, rowGroupSize: GROUP });
  // Concatenated gzip members are one gzip stream to gunzip.
  appendFileSync(gzPath, gzipSync(text));
}
writer!.finish();

const results = [];
for (const [kind, path] of [['parquet', parquetPath], ['csv.gz', gzPath]] as const) {
  const run = spawnSync(process.execPath, ['--max-old-space-size=384', '--import', 'tsx', import.meta.filename, String(rows), '--child', path, kind], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(run.stderr);
  results.push({ ...JSON.parse(run.stdout), fileMB: statSync(path).size / 2 ** 20 });
}
console.table(results.map((r) => ({ ...r, seconds: r.seconds.toFixed(1), rowsPerSecond: Math.round(r.rowsPerSecond), peakHeapMB: r.peakHeapMB.toFixed(0), maxRssMB: r.maxRssMB.toFixed(0), fileMB: r.fileMB.toFixed(0) })));
rmSync(dir, { recursive: true, force: true });
