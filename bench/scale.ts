/**
 * Scale benchmark (issue 15 points 1 and 2, issue 14 point 10): the whole `careshed coverage` process against a
 * bare script that does the same job the shortest way (split the CSV lines, kdbush + geokdbush nearest, sums),
 * both spawned as child processes on the same files, written here to a temporary folder.
 *   npm run bench               (writes bench/results/scale.json)
 *   tsx bench/scale.ts --quick  (the 35k × 10k case and the reach builder only)
 *
 * Cases, uniform points in mainland France's bounding box (seeded), crow-fly at 45 km/h × 1.5, 15-minute target:
 * - 35,000 demand × 10,000 sites: the ratio of whole-process times (target ≤ 1.2×, issue 15.1), and where
 *   careshed's time goes (start-up, parse, validate, swap check, nearest, output), from a child that runs the
 *   command's steps one by one.
 * - 1,000,000 × 100,000: ≤ 3× the bare script's time, ≤ 1 GB peak resident memory (issue 15.2).
 * - 2,000,000 × 10,000: under 1 GB peak (issue 14.10).
 * - the reach builder: peak memory per pair kept while a 30-minute table is built (≤ 9 bytes, issue 15.2).
 *
 * Times are wall times and CPU times (user + system) of each child; on a busy machine the CPU times are the ones
 * to compare. Peak memory is each child's own maxRSS (process.resourceUsage), written at exit by a preloaded hook.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from 'careshed';

import { printTable } from './timing.js';

const quick = process.argv.includes('--quick');
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const require = createRequire(import.meta.url);
const moduleUrl = (name: string) => pathToFileURL(require.resolve(name)).href;
const folder = mkdtempSync(join(tmpdir(), 'careshed-scale-'));
const TARGET = 15;
const MINUTES_PER_KM = (1.5 / 45) * 60;
const MB = 1024 * 1024;

/** Writes at exit what the parent cannot see from outside: the child's peak memory and CPU time. */
const statsHook = join(folder, 'stats-hook.mjs');
writeFileSync(
  statsHook,
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const path = process.env.CARESHED_BENCH_STATS;
  if (!path) return;
  const usage = process.resourceUsage();
  writeFileSync(path, JSON.stringify({ maxRssBytes: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
});
`,
);

/** The bare script: what a careful user writes in a few minutes, with the same index careshed uses (kdbush). */
const bareScript = join(folder, 'bare-coverage.mjs');
writeFileSync(
  bareScript,
  `import { readFileSync, writeFileSync } from 'node:fs';
import KDBush from '${moduleUrl('kdbush')}';
import { around } from '${moduleUrl('geokdbush')}';
const [demandPath, sitesPath, outPath, target, perKm] = process.argv.slice(2);
const targetMinutes = Number(target);
const minutesPerKm = Number(perKm);
function columns(path) {
  const lines = readFileSync(path, 'utf8').split('\\n');
  const header = lines[0].split(',');
  const at = (name) => header.indexOf(name);
  const [id, lon, lat, population] = [at('id'), at('lon'), at('lat'), at('population')];
  let n = lines.length - 1;
  while (n > 0 && lines[n] === '') n--;
  const set = { n, ids: new Array(n), lon: new Float64Array(n), lat: new Float64Array(n), population: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1].split(',');
    set.ids[i] = f[id];
    set.lon[i] = +f[lon];
    set.lat[i] = +f[lat];
    if (population >= 0) set.population[i] = +f[population];
  }
  return set;
}
const R = 6371.0088;
const rad = Math.PI / 180;
function km(lon1, lat1, lon2, lat2) {
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}
const sites = columns(sitesPath);
const demand = columns(demandPath);
const index = new KDBush(sites.n);
for (let j = 0; j < sites.n; j++) index.add(sites.lon[j], sites.lat[j]);
index.finish();
let population = 0;
let covered = 0;
const out = ['id,nearest,minutes,covered'];
for (let i = 0; i < demand.n; i++) {
  const [j] = around(index, demand.lon[i], demand.lat[i], 1);
  const minutes = km(demand.lon[i], demand.lat[i], sites.lon[j], sites.lat[j]) * minutesPerKm;
  const ok = minutes <= targetMinutes;
  population += demand.population[i];
  if (ok) covered += demand.population[i];
  out.push(demand.ids[i] + ',' + sites.ids[j] + ',' + Math.round(minutes * 100) / 100 + ',' + ok);
}
writeFileSync(outPath, out.join('\\n') + '\\n');
console.log(JSON.stringify({ population, covered }));
`,
);

/** careshed's coverage command, one step at a time, each timed: where the whole process spends its time. */
const stepsScript = join(folder, 'careshed-steps.mjs');
writeFileSync(
  stepsScript,
  `import { readFileSync, writeFileSync } from 'node:fs';
// CPU time (user + system) of each step: on a busy machine it moves less than the wall clock.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const started = cpu();
const careshed = await import('${pathToFileURL(join(root, 'dist', 'node.js')).href}');
const steps = { 'import careshed (dist/node.js)': cpu() - started };
const step = (name, fn) => { const t = cpu(); const value = fn(); steps[name] = cpu() - t; return value; };
const [demandPath, sitesPath, outPath, target] = process.argv.slice(2);
step('parse CSV (to objects, as a library user would)', () => { careshed.parseTable(readFileSync(demandPath, 'utf8'), demandPath); careshed.parseTable(readFileSync(sitesPath, 'utf8'), sitesPath); });
const demand = step('read and validate (parse again included)', () => careshed.readDemandFile(demandPath));
const sites = step('read and validate sites', () => careshed.readSitesFile(sitesPath));
step('swapped-coordinates check', () => careshed.checkSwapped([careshed.placedFile(demand, 'demand points'), careshed.placedFile(sites, 'sites')]));
const nearest = step('nearest sites', () => careshed.crowFly({ speedKmh: 45, detour: 1.5 }).nearest(demand, sites));
const result = step('coverage summary', () => careshed.coverage(nearest, demand, { targetMinutes: Number(target) }));
step('rows and CSV output', () => {
  const rows = careshed.coverageRows(result, demand, sites);
  writeFileSync(outPath, careshed.formatTable(['id', 'nearest', 'minutes', 'covered'], rows.map((r) => [r.id, r.nearest, r.minutes, r.covered])));
});
console.log(JSON.stringify(steps));
`,
);

/** The reach builder's peak memory per pair kept, in a child of its own so that its high-water mark is the build's. */
const reachScript = join(folder, 'reach-memory.mjs');
writeFileSync(
  reachScript,
  `const careshed = await import(process.env.CARESHED_DIST ?? '${pathToFileURL(join(root, 'dist', 'index.js')).href}');
const [n, m, maxMinutes, seed] = process.argv.slice(2).map(Number);
const random = careshed.seededRandom(seed);
const at = () => ({ lon: -4.8 + random() * 13, lat: 42.3 + random() * 8.8 });
const demand = careshed.createDemand(Array.from({ length: n }, (_, i) => ({ id: 'd' + i, ...at(), population: 1 })));
const sites = careshed.createSites(Array.from({ length: m }, (_, j) => ({ id: 's' + j, ...at() })));
globalThis.gc();
// Typed arrays live outside the JS heap: their bytes (memoryUsage().arrayBuffers), sampled as the build reports
// its progress and once more at its end (before any collection), give the build's high-water mark.
const base = process.memoryUsage();
let high = base.arrayBuffers;
const sample = () => { high = Math.max(high, process.memoryUsage().arrayBuffers); };
const started = performance.now();
const reach = careshed.crowFly({ speedKmh: 45, detour: 1.5 }).reach(demand, sites, { maxMinutes, onProgress: sample });
sample();
const ms = performance.now() - started;
const peakRss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ pairs: reach.pairCount, tableBytes: reach.byteLength, arrayBytesPeak: high - base.arrayBuffers, rssBefore: base.rss, peakRss, ms }));
`,
);

interface Run {
  wallMs: number;
  cpuMs: number;
  maxRssBytes: number;
  stdout: string;
  stderr: string;
}

/** One child process, timed from outside (wall) and from inside (CPU, peak memory). */
function run(args: string[], env: Record<string, string> = {}): Run {
  const statsPath = join(folder, `stats-${process.hrtime.bigint()}.json`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(statsHook).href, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * MB,
    env: { ...process.env, ...env, CARESHED_BENCH_STATS: statsPath },
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr.slice(0, 2000)}`);
  const stats = JSON.parse(readFileSync(statsPath, 'utf8')) as { maxRssBytes: number; cpuMs: number };
  return { wallMs, ...stats, stdout: child.stdout, stderr: child.stderr };
}

/** Uniform points in mainland France's bounding box (the sea included: a harsher spread than real). */
function writeInputs(name: string, demandCount: number, siteCount: number, seed: number) {
  const random = seededRandom(seed);
  const coordinate = () => `${(-4.8 + random() * 13).toFixed(5)},${(42.3 + random() * 8.8).toFixed(5)}`;
  const demandPath = join(folder, `${name}-demand.csv`);
  const sitesPath = join(folder, `${name}-sites.csv`);
  const lines: string[] = ['id,lon,lat,population'];
  for (let i = 0; i < demandCount; i++) lines.push(`d${i},${coordinate()},${Math.floor(random() * 5000)}`);
  writeFileSync(demandPath, lines.join('\n') + '\n');
  lines.length = 0;
  lines.push('id,lon,lat');
  for (let j = 0; j < siteCount; j++) lines.push(`s${j},${coordinate()}`);
  writeFileSync(sitesPath, lines.join('\n') + '\n');
  return { demandPath, sitesPath };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** careshed and the bare script on one case, `runs` times each, alternated; medians, and their covered population. */
function versus(name: string, demandCount: number, siteCount: number, runs: number) {
  const { demandPath, sitesPath } = writeInputs(name, demandCount, siteCount, 20261202 + demandCount);
  const bare: Run[] = [];
  const careshed: Run[] = [];
  for (let r = 0; r < runs; r++) {
    bare.push(run([bareScript, demandPath, sitesPath, join(folder, `${name}-bare.csv`), String(TARGET), String(MINUTES_PER_KM)]));
    careshed.push(run([cli, 'coverage', '--demand', demandPath, '--supply', sitesPath, '--travel', 'crow:45:1.5', '--minutes', String(TARGET), '--out', join(folder, `${name}-careshed.csv`)]));
  }
  const bareCovered = (JSON.parse(bare[0].stdout) as { covered: number }).covered;
  // The summary line on standard error: "... within 15 min of one of 10,000 sites: 1,234 (5.6 %)".
  const said = /sites: ([\d,]+) \(/.exec(careshed[0].stderr);
  const careshedCovered = said ? Number(said[1].replaceAll(',', '')) : NaN;
  const summary = (xs: Run[]) => ({ wallMs: median(xs.map((x) => x.wallMs)), cpuMs: median(xs.map((x) => x.cpuMs)), maxRssBytes: Math.max(...xs.map((x) => x.maxRssBytes)) });
  const b = summary(bare);
  const c = summary(careshed);
  return {
    name,
    demandCount,
    siteCount,
    runs,
    bare: b,
    careshed: c,
    wallRatio: c.wallMs / b.wallMs,
    cpuRatio: c.cpuMs / b.cpuMs,
    bareCovered,
    careshedCovered,
    paths: { demandPath, sitesPath },
  };
}

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, targetMinutes: TARGET, travel: 'crow:45:1.5' };
const targets: { target: string; value: string; met: boolean }[] = [];
const rows: (string | number)[][] = [];
const row = (v: ReturnType<typeof versus>) => {
  rows.push([`${v.name}: bare script`, v.bare.wallMs.toFixed(0), v.bare.cpuMs.toFixed(0), (v.bare.maxRssBytes / MB).toFixed(0), v.bareCovered]);
  rows.push([`${v.name}: careshed coverage`, v.careshed.wallMs.toFixed(0), v.careshed.cpuMs.toFixed(0), (v.careshed.maxRssBytes / MB).toFixed(0), v.careshedCovered]);
};

try {
  const small = versus('35k × 10k', 35_000, 10_000, 5);
  row(small);
  const steps = JSON.parse(run([stepsScript, small.paths.demandPath, small.paths.sitesPath, join(folder, 'steps.csv'), String(TARGET)]).stdout) as Record<string, number>;
  const nodeAlone = median([0, 1, 2].map(() => run(['-e', '']).cpuMs));
  results.small = { ...small, steps: { 'node start-up (node -e "")': nodeAlone, ...steps } };
  targets.push({ target: '35k × 10k: whole process ≤ 1.2× the bare script (CPU)', value: `${small.cpuRatio.toFixed(2)}× (wall ${small.wallRatio.toFixed(2)}×)`, met: small.cpuRatio <= 1.2 });

  // The reach builder at 60 minutes, 100k demand points × 100k sites: about 29 million pairs, so that the
  // table outweighs what building the points left behind (the high-water mark is the process's).
  const reach = JSON.parse(run(['--expose-gc', reachScript, String(quick ? 50_000 : 100_000), '100000', '60', '7']).stdout) as { pairs: number; tableBytes: number; arrayBytesPeak: number; rssBefore: number; peakRss: number; ms: number };
  const perPair = reach.arrayBytesPeak / reach.pairs;
  results.reach = { ...reach, peakBytesPerPair: perPair };
  targets.push({ target: 'reach builder: peak ≤ 9 bytes per pair kept', value: `${perPair.toFixed(2)} B (table ${(reach.tableBytes / reach.pairs).toFixed(2)} B, ${reach.pairs.toLocaleString('en-GB')} pairs)`, met: perPair <= 9 });

  if (!quick) {
    const large = versus('1M × 100k', 1_000_000, 100_000, 1);
    row(large);
    results.large = large;
    targets.push({ target: '1M × 100k: ≤ 3× the bare script (CPU)', value: `${large.cpuRatio.toFixed(2)}× (wall ${large.wallRatio.toFixed(2)}×)`, met: large.cpuRatio <= 3 });
    targets.push({ target: '1M × 100k: peak ≤ 1 GB', value: `${(large.careshed.maxRssBytes / MB).toFixed(0)} MB`, met: large.careshed.maxRssBytes <= 1024 * MB });
    const rows2m = versus('2M × 10k', 2_000_000, 10_000, 1);
    row(rows2m);
    results.rows2m = rows2m;
    targets.push({ target: '2M demand rows: coverage under 1 GB peak', value: `${(rows2m.careshed.maxRssBytes / MB).toFixed(0)} MB`, met: rows2m.careshed.maxRssBytes < 1024 * MB });
  }

  printTable(['case', 'wall ms', 'CPU ms', 'peak MB', 'covered'], rows);
  console.log();
  const steps2 = (results.small as { steps: Record<string, number> }).steps;
  printTable(['careshed coverage, 35k × 10k, step by step', 'CPU ms'], Object.entries(steps2).map(([k, v]) => [k, v.toFixed(0)]));
  console.log();
  printTable(['target', 'measured', 'met'], targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']));
  for (const key of ['small', 'large', 'rows2m'] as const) {
    const v = results[key] as ReturnType<typeof versus> | undefined;
    if (v && v.bareCovered !== v.careshedCovered) console.log(`note, ${v.name}: covered population differs: bare ${v.bareCovered}, careshed ${v.careshedCovered} (points within rounding of the target)`);
  }
  results.targets = targets;
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const output = join(root, 'bench', 'results', quick ? 'scale-quick.json' : 'scale.json');
  writeFileSync(output, JSON.stringify(results, (k, v) => (k === 'paths' ? undefined : v), 2) + '\n');
  console.log(`\nwrote ${output}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
