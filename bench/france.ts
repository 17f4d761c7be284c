/**
 * France at 200 m on one machine (issue 15, point 2): coverage and E2SFCA at 30 minutes for about 2.3 million
 * populated 200 m cells × 60,000 sites, within 4 GB, each measure in a child process of its own (its peak
 * resident memory is its own), at growing sizes for the chart.
 *   npm run build && node --import tsx bench/france.ts           (writes bench/results/france.json)
 *   node --import tsx bench/france.ts --quick                   (250k and 500k cells only: france-quick.json)
 *   node --import tsx bench/france.ts --sizes 250000,full       (the sizes given; full: every cell)
 *   node --import tsx bench/france.ts --cli 250000 [--cli-sites 20000]
 *        (careshed access on CSVs of that many cells and sites, whole and streamed: france-cli-250000x20000.json)
 *
 * The synthetic France (seeded, generated here, never stored): there is no national commune file in
 * ../shared/data, so the density pattern is the real one of the south: the 4,446 communes of Occitanie (careshed's
 * embedded data) and the 5,466 of the 18 départements around it (communes-neighbours), each with its population.
 * Each commune becomes k = K · P^0.75 cells of 200 m (larger towns spread wider, and denser at their centre)
 * drawn at Rayleigh-distributed distances from its point (scale: the radius of a disc of k cells), snapped to a
 * 200 m grid; cells drawn twice merge. The pattern is laid twice over mainland France's extent (lon −4.8 to 8.2,
 * lat 42.3 to 51.1): in place, and moved 4.4° north and 3° west; the sea and the borders are not masked. K is
 * fitted so that about 2.3 million cells are populated (INSEE's Filosofi 200 m grid has about that many), and
 * the population is scaled to mainland France's 66 million. 60,000 sites (about France's GPs) are drawn in
 * proportion to the cells' population, jittered within their cell. Travel: straight lines at 45 km/h × 1.5.
 *
 * Coverage reads only each cell's nearest site (`crowFly().nearest`, no pairs). E2SFCA (gravity 1.5, cut at
 * 30 minutes) streams the demand in blocks of 100,000 cells, building each block's reach table twice
 * (`streamAccessibility`); with `keepBytes: Infinity` it keeps them between the passes, measured where every pair fits.
 *
 * With --cli N: the command line on files, as a user runs it. The first N cells (a random sample of the
 * synthetic France) and 20,000 sites (--cli-sites) drawn over the whole of it are written as CSV; `careshed
 * access --method e2sfca --decay gravity:1.5:30` runs on them under /usr/bin/time -v (its peak resident memory:
 * reading the CSV included) with no option, on the whole table whatever its size, with --block-size, and with a
 * --reach-memory below the table (streamed on its own); the JSON outputs are compared byte for byte apart from the "stream" note.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { coverage, createDemand, createSites, crowFly, gravityDecay, parseTable, seededRandom, streamAccessibility, type ProgressEvent } from 'careshed';
import { loadOccitanie } from 'careshed/node';
import { progressBar } from '../src/cli/progress.js';
import { printTable } from './timing.js';

const root = resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;
const CELL_KM = 0.2;
const TARGET_CELLS = 2_300_000;
const SITES = 60_000;
const FRANCE_POPULATION = 66_000_000;
const MAX_MINUTES = 30;
const BLOCK = 100_000;
const travel = crowFly({ speedKmh: 45, detour: 1.5 });

/** Equirectangular km at 46.5° N, France's middle: enough to lay a 200 m grid. */
const KX = 111.32 * Math.cos((46.5 * Math.PI) / 180);
const KY = 110.574;

interface Pattern {
  lon: Float64Array;
  lat: Float64Array;
  population: Float64Array;
}

/** The real communes of Occitanie and of the 18 départements around it, with their population. */
function southPattern(): Pattern {
  const { communes } = loadOccitanie();
  const path = join(root, '..', 'shared', 'data', 'communes-neighbours', 'communes-neighbours.csv');
  const rows = parseTable(readFileSync(path, 'utf8'), path).rows;
  const n = communes.size + rows.length;
  const pattern = { lon: new Float64Array(n), lat: new Float64Array(n), population: new Float64Array(n) };
  pattern.lon.set(communes.lon);
  pattern.lat.set(communes.lat);
  pattern.population.set(communes.population);
  rows.forEach((r, k) => {
    const i = communes.size + k;
    pattern.lon[i] = Number(r.lon);
    pattern.lat[i] = Number(r.lat);
    pattern.population[i] = Number(r.population);
    if (!Number.isFinite(pattern.lon[i] + pattern.lat[i] + pattern.population[i])) throw new Error(`${path}, row ${k + 2}: lon, lat or population is not a number`);
  });
  return pattern;
}

/** The two placements of the pattern: in place, and 4.4° north and 3° west. */
const COPIES = [
  { dLon: 0, dLat: 0 },
  { dLon: -3, dLat: 4.4 },
];

/** Cells of 200 m around the communes (see the header), merged on the grid; in a seeded random order. */
function cellsOf(pattern: Pattern, k: number, seed: number) {
  const random = seededRandom(seed);
  const index = new Map<number, number>();
  const lon: number[] = [];
  const lat: number[] = [];
  const population: number[] = [];
  for (const copy of COPIES) {
    for (let c = 0; c < pattern.lon.length; c++) {
      const p = pattern.population[c];
      if (p <= 0) continue;
      const count = Math.max(1, Math.round(k * p ** 0.75));
      const scaleKm = CELL_KM * Math.sqrt(count / Math.PI);
      const x0 = (pattern.lon[c] + copy.dLon) * KX;
      const y0 = (pattern.lat[c] + copy.dLat) * KY;
      for (let t = 0; t < count; t++) {
        const r = scaleKm * Math.sqrt(-2 * Math.log(1 - random()));
        const a = 2 * Math.PI * random();
        const gx = Math.floor((x0 + r * Math.cos(a)) / CELL_KM);
        const gy = Math.floor((y0 + r * Math.sin(a)) / CELL_KM);
        const key = gx * 65_536 + gy;
        let i = index.get(key);
        if (i === undefined) {
          i = lon.length;
          index.set(key, i);
          lon.push(((gx + 0.5) * CELL_KM) / KX);
          lat.push(((gy + 0.5) * CELL_KM) / KY);
          population.push(0);
        }
        population[i] += p / count;
      }
    }
  }
  // A seeded random order: the first n cells are a random sample, for the smaller sizes.
  const n = lon.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const s = order[i];
    order[i] = order[j];
    order[j] = s;
  }
  let total = 0;
  for (const x of population) total += x;
  const cells = new Float64Array(3 * n);
  order.forEach((from, i) => {
    cells[3 * i] = lon[from];
    cells[3 * i + 1] = lat[from];
    // Whole people, as a grid of counts has them (at least 1: a populated cell).
    cells[3 * i + 2] = Math.max(1, Math.round((population[from] * FRANCE_POPULATION) / total));
  });
  return cells;
}

/** Sites drawn in proportion to the cells' population, jittered within their cell. */
function sitesOf(cells: Float64Array, count: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const n = cells.length / 3;
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative[i] = sum += cells[3 * i + 2];
  const sites = new Float64Array(2 * count);
  for (let j = 0; j < count; j++) {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    sites[2 * j] = cells[3 * lo] + ((random() - 0.5) * CELL_KM) / KX;
    sites[2 * j + 1] = cells[3 * lo + 1] + ((random() - 0.5) * CELL_KM) / KY;
  }
  return sites;
}

interface ChildResult {
  measure: string;
  cells: number;
  sites: number;
  population: number;
  buildMs: number;
  ms: number;
  peakRssBytes: number;
  arrayBytesPeak: number;
  progressEvents: number;
  [key: string]: unknown;
}

/** One measure on the first `cells` cells, in this process: what a child runs. */
async function child(measure: string, cellsPath: string, sitesPath: string, size: number): Promise<ChildResult> {
  const all = new Float64Array(readFileSync(cellsPath).buffer.slice(0));
  const at = new Float64Array(readFileSync(sitesPath).buffer.slice(0));
  let started = performance.now();
  const demand = createDemand(Array.from({ length: size }, (_, i) => ({ id: `c${i}`, lon: all[3 * i], lat: all[3 * i + 1], population: all[3 * i + 2] })));
  const sites = createSites(Array.from({ length: at.length / 2 }, (_, j) => ({ id: `s${j}`, lon: at[2 * j], lat: at[2 * j + 1] })));
  const buildMs = performance.now() - started;
  // Typed arrays live outside the JS heap: sampled at each progress event, they give the arrays' high-water mark.
  const base = process.memoryUsage().arrayBuffers;
  let high = base;
  let events = 0;
  const bar = progressBar(process.stderr);
  const onProgress = (e: ProgressEvent & { finished?: boolean }) => {
    events++;
    high = Math.max(high, process.memoryUsage().arrayBuffers);
    bar?.(e);
  };
  started = performance.now();
  let extra: Record<string, unknown> = {};
  if (measure === 'coverage') {
    const nearest = travel.nearest(demand, sites, { onProgress });
    const at15 = coverage(nearest, demand, { targetMinutes: 15 }).summary;
    const at30 = coverage(nearest, demand, { targetMinutes: 30 }).summary;
    extra = { coveredShare15: at15.coveredShare, coveredShare30: at30.coveredShare, medianMinutes: at15.medianMinutes };
  } else {
    const result = await streamAccessibility(travel, demand, sites, { method: 'e2sfca', decay: gravityDecay(1.5, MAX_MINUTES), blockSize: BLOCK, keepBytes: measure === 'e2sfca-kept' ? Infinity : 0, onProgress });
    extra = { ...result.stream, meanValue: result.summary.meanValue, noSupplyPopulation: result.summary.noSupplyPopulation, pairsPerCell: result.stream.pairCount / size };
  }
  const ms = performance.now() - started;
  high = Math.max(high, process.memoryUsage().arrayBuffers);
  return { measure, cells: size, sites: sites.size, population: demand.totalPopulation, buildMs, ms, peakRssBytes: process.resourceUsage().maxRSS * 1024, arrayBytesPeak: high - base, progressEvents: events, ...extra };
}

/** careshed access on `args` under /usr/bin/time -v: seconds, peak resident memory, and what it wrote. */
function timedAccess(label: string, args: string[], out: string) {
  const timed = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'dist', 'cli.js'), 'access', ...args, '--out', out], { cwd: root, encoding: 'utf8', maxBuffer: 64 * MB });
  if (timed.status !== 0) throw new Error(`careshed access (${label}) exited ${timed.status}: ${timed.stderr}`);
  const field = (name: string) => new RegExp(`${name}: (.*)`).exec(timed.stderr)?.[1].trim() ?? '';
  // "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.31"
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').map(Number).reduce((a, b) => 60 * a + b, 0);
  const notes = timed.stderr.split('\n').filter((line) => line.startsWith('careshed access:'));
  return { label, args: args.slice(4).join(' '), seconds: wall, peakRssBytes: Number(field('Maximum resident set size \\(kbytes\\)')) * 1024, notes };
}

/** The command line on CSVs of `size` cells and 20,000 sites, whole and streamed (see the header). */
function cliRuns(cells: Float64Array, size: number, siteCount: number, folder: string) {
  const at = sitesOf(cells, siteCount, 20261204);
  const demandPath = join(folder, 'cells.csv');
  const sitesPath = join(folder, 'sites.csv');
  const rows = ['id,lon,lat,population'];
  for (let i = 0; i < size; i++) rows.push(`c${i},${cells[3 * i].toFixed(6)},${cells[3 * i + 1].toFixed(6)},${cells[3 * i + 2]}`);
  writeFileSync(demandPath, rows.join('\n') + '\n');
  writeFileSync(sitesPath, ['id,lon,lat,capacity', ...Array.from({ length: siteCount }, (_, j) => `s${j},${at[2 * j].toFixed(6)},${at[2 * j + 1].toFixed(6)},1`)].join('\n') + '\n');
  const base = ['--demand', demandPath, '--supply', sitesPath, '--travel', 'crow:45:1.5', '--method', 'e2sfca', '--decay', gravityDecay(1.5, MAX_MINUTES).name];
  const variants: [string, string[]][] = [
    ['no option (whole table up to 1,024 MB)', []],
    ['--reach-memory 65536 (whole table)', ['--reach-memory', '65536']],
    ['--block-size 25000', ['--block-size', '25000']],
    ['--reach-memory 128 (streamed on its own)', ['--reach-memory', '128']],
  ];
  const runs = variants.map(([label, extra], k) => {
    const out = join(folder, `access-${k}.json`);
    const run = timedAccess(label, [...base, ...extra], out);
    const { stream, ...rest } = JSON.parse(readFileSync(out, 'utf8')) as { stream?: unknown };
    console.log(`${label}: ${run.seconds.toFixed(1)} s, peak ${(run.peakRssBytes / MB).toFixed(0)} MB`);
    return { ...run, stream, output: JSON.stringify(rest) };
  });
  const sameOutput = runs.every((r) => r.output === runs[0].output);
  console.log();
  printTable(['run', 'seconds', 'peak MB', 'blocks', 'pairs', 'largest block'], runs.map((r) => {
    const st = r.stream as { blocks?: number; pairCount?: number; largestBlockPairs?: number } | undefined;
    return [r.label, r.seconds.toFixed(1), (r.peakRssBytes / MB).toFixed(0), st?.blocks ?? 1, st?.pairCount ?? '', st?.largestBlockPairs ?? ''];
  }));
  console.log(`\nthe same JSON (apart from "stream") from every run: ${sameOutput ? 'yes' : 'NO'}`);
  const results = { date: new Date().toISOString(), node: process.version, cells: size, sites: siteCount, decay: gravityDecay(1.5, MAX_MINUTES).name, sameOutput, runs: runs.map(({ output: _, ...r }) => r) };
  const output = join(root, 'bench', 'results', `france-cli-${size}x${siteCount}.json`);
  writeFileSync(output, JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote ${output}`);
  if (!sameOutput) process.exitCode = 1;
}

function spawnChild(measure: string, cellsPath: string, sitesPath: string, size: number): ChildResult {
  const out = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', measure, cellsPath, sitesPath, String(size)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * MB,
  });
  if (out.status !== 0) throw new Error(`${measure} at ${size} cells exited ${out.status}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

async function main() {
  const quick = process.argv.includes('--quick');
  const folder = mkdtempSync(join(tmpdir(), 'careshed-france-'));
  try {
    let started = performance.now();
    const pattern = southPattern();
    // K for about 2.3 million cells: one draw at a first guess, then scaled by what merging left.
    let sumP = 0;
    for (const p of pattern.population) sumP += p ** 0.75;
    let k = TARGET_CELLS / (COPIES.length * sumP);
    let cells = cellsOf(pattern, k, 20261202);
    k *= TARGET_CELLS / (cells.length / 3);
    cells = cellsOf(pattern, k, 20261202);
    const sites = sitesOf(cells, SITES, 20261203);
    const generateMs = performance.now() - started;
    const total = cells.length / 3;
    const cellsPath = join(folder, 'cells.f64');
    const sitesPath = join(folder, 'sites.f64');
    writeFileSync(cellsPath, cells);
    writeFileSync(sitesPath, sites);
    let people = 0;
    let maxCell = 0;
    for (let i = 0; i < total; i++) {
      people += cells[3 * i + 2];
      maxCell = Math.max(maxCell, cells[3 * i + 2]);
    }
    console.log(`synthetic France: ${total.toLocaleString('en-GB')} populated 200 m cells from ${pattern.lon.length.toLocaleString('en-GB')} real communes laid ${COPIES.length} times, ${Math.round(people).toLocaleString('en-GB')} people (at most ${maxCell.toLocaleString('en-GB')} in a cell), ${SITES.toLocaleString('en-GB')} sites; generated in ${(generateMs / 1000).toFixed(1)} s\n`);
    if (process.argv.includes('--cli')) {
      const option = (name: string, fallback: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
      cliRuns(cells, Math.min(total, option('--cli', 250_000)), option('--cli-sites', 20_000), folder);
      return;
    }

    // --sizes 250000,full picks the sizes (a busy machine may not have time for all).
    const asked = process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1].split(',') : undefined;
    const sizes = asked ? asked.map((s) => (s === 'full' ? total : Math.min(total, Number(s)))) : quick ? [250_000, 500_000] : [250_000, 500_000, 1_000_000, total];
    const runs: ChildResult[] = [];
    for (const size of sizes) {
      for (const measure of ['coverage', 'e2sfca', ...(size <= 500_000 ? ['e2sfca-kept'] : [])]) {
        started = performance.now();
        const r = spawnChild(measure, cellsPath, sitesPath, size);
        runs.push(r);
        console.log(`${measure} at ${size.toLocaleString('en-GB')} cells: ${(r.ms / 1000).toFixed(1)} s, peak ${(r.peakRssBytes / MB).toFixed(0)} MB${r.pairCount ? `, ${Number(r.pairCount).toLocaleString('en-GB')} pairs` : ''}`);
      }
    }
    console.log();
    printTable(
      ['measure', 'cells', 'sites', 'build demand s', 'measure s', 'peak MB', 'typed arrays MB', 'pairs', 'largest block'],
      runs.map((r) => [r.measure, r.cells, r.sites, (r.buildMs / 1000).toFixed(1), (r.ms / 1000).toFixed(1), (r.peakRssBytes / MB).toFixed(0), (r.arrayBytesPeak / MB).toFixed(0), (r.pairCount as number | undefined) ?? 0, (r.largestBlockPairs as number | undefined) ?? 0]),
    );
    const full = runs.filter((r) => r.cells === total);
    const targets = full.map((r) => ({ target: `France at 200 m, ${r.measure}: peak ≤ 4 GB, with progress`, value: `${(r.peakRssBytes / MB).toFixed(0)} MB, ${r.progressEvents} progress events`, met: r.peakRssBytes <= 4096 * MB && r.progressEvents > 0 }));
    if (targets.length > 0) {
      console.log();
      printTable(['target', 'measured', 'met'], targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']));
    }
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      travel: travel.name,
      synthetic: { cells: total, people: Math.round(people), maxPeopleInACell: maxCell, sites: SITES, communes: pattern.lon.length, copies: COPIES, cellsPerCommune: `${k.toFixed(4)} × population^0.75`, generateMs },
      decay: gravityDecay(1.5, MAX_MINUTES).name,
      blockSize: BLOCK,
      runs,
      targets,
    };
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    const output = join(root, 'bench', 'results', quick ? 'france-quick.json' : 'france.json');
    writeFileSync(output, JSON.stringify(results, null, 2) + '\n');
    console.log(`\nwrote ${output}`);
    if (targets.some((t) => !t.met)) process.exitCode = 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [measure, cellsPath, sitesPath, size] = process.argv.slice(3);
  console.log(JSON.stringify(await child(measure, cellsPath, sitesPath, Number(size))));
} else {
  await main();
}
