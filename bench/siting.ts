/**
 * Siting benchmark.   npm run bench (after the other benches)
 * Targets (issue 5): the MCLP heuristic on Occitanie (4,454 candidates = every commune and the 8 centres kept,
 * 4,446 communes, 15 minutes) under 1 s for p = 10, 20, 50; the coverage curve for K = 50 under 2 s; the
 * p-median heuristic on OR-Library pmed1–10 under 1 s each. Baseline in the same run: the exact MCLP for p = 10
 * (HiGHS, the heuristic's answer as incumbent), and a greedy that re-evaluates every candidate at each step
 * (no lazy evaluation) for the curve.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { coverageCurve, problemFromCosts, readOrLibraryPmedian, site } from 'careshed/node';
import { coveredWeight } from '../src/siting/mclp.js';
import { candidateIndices } from '../src/siting/problem.js';
import { occitanieProblem } from '../examples/occitanie-siting.js';
import { printTable, time, timeAsync, type Timing } from './timing.js';

const problem = occitanieProblem('centres');
const rows: (string | number)[][] = [];
const timings: Timing[] = [];
const targets: { target: string; value: string; met: boolean }[] = [];

const heuristic: Record<number, number> = {};
for (const p of [10, 20, 50]) {
  const run = await timeAsync(`MCLP heuristic, Occitanie, p = ${p}`, () => site(problem, { model: 'mclp', p, solver: 'heuristic' }), 3, 1);
  const result = run.value;
  heuristic[p] = result.objective;
  timings.push(run.timing);
  rows.push([run.timing.name, run.timing.ms.toFixed(0), `${Math.round(result.objective)} covered`]);
  targets.push({ target: `MCLP heuristic p = ${p} < 1 s`, value: `${run.timing.ms.toFixed(0)} ms`, met: run.timing.ms < 1000 });
}

const started = performance.now();
const exact = await site(problem, { model: 'mclp', p: 10, solver: 'exact', timeLimit: 120 });
const exactMs = performance.now() - started;
timings.push({ name: 'MCLP exact (HiGHS), Occitanie, p = 10', ms: exactMs, runs: 1 });
rows.push([timings.at(-1)!.name, exactMs.toFixed(0), `${exact.status} ${Math.round(exact.objective)}; heuristic ${(100 * (1 - heuristic[10] / exact.objective)).toFixed(3)} % below, ${(exactMs / timings[0].ms).toFixed(0)}× its time`]);

const curve = time('coverage curve K = 50, Occitanie (lazy greedy)', () => coverageCurve(problem, 50, 15), 5, 1);
timings.push(curve.timing);
rows.push([curve.timing.name, curve.timing.ms.toFixed(0), `${Math.round(curve.value.at(-1)!.covered)} covered at k = 50`]);
targets.push({ target: 'coverage curve K = 50 < 2 s', value: `${curve.timing.ms.toFixed(0)} ms`, met: curve.timing.ms < 2000 });

// Baseline: the same curve by a greedy that re-evaluates every candidate's gain at every step (no lazy queue).
const plain = time('the same curve, greedy without lazy evaluation', () => {
  const covered = new Uint8Array(problem.demandCount);
  const cover = (j: number) => {
    for (let k = problem.siteOffsets[j]; k < problem.siteOffsets[j + 1]; k++) if (problem.siteCost[k] <= 15) covered[problem.siteDemand[k]] = 1;
  };
  const gain = (j: number) => {
    let g = 0;
    for (let k = problem.siteOffsets[j]; k < problem.siteOffsets[j + 1]; k++) if (problem.siteCost[k] <= 15 && !covered[problem.siteDemand[k]]) g += problem.weight[problem.siteDemand[k]];
    return g;
  };
  for (let j = 0; j < problem.siteCount; j++) if (problem.fixed[j]) cover(j);
  const candidates = candidateIndices(problem);
  const open: number[] = [];
  for (let k = 0; k < 50; k++) {
    let best = -1;
    let bestGain = -1;
    for (const j of candidates) {
      const g = open.includes(j) ? -1 : gain(j);
      if (g > bestGain) [best, bestGain] = [j, g];
    }
    open.push(best);
    cover(best);
  }
  return coveredWeight(problem, 15, open);
}, 3, 1);
timings.push(plain.timing);
rows.push([plain.timing.name, plain.timing.ms.toFixed(0), `${(plain.timing.ms / curve.timing.ms).toFixed(0)}× slower, ${Math.round(plain.value)} covered`]);
if (Math.abs(plain.value - curve.value.at(-1)!.covered) > 1e-6) throw new Error('the lazy and the plain greedy disagree');

const dir = '../shared/data/orlib-pmed';
const optimum = new Map(readFileSync(`${dir}/pmedopt.txt`, 'utf8').trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/)).map(([name, value]) => [name, Number(value)]));
for (let k = 1; k <= 10; k++) {
  const name = `pmed${k}`;
  const { n, p, costs } = readOrLibraryPmedian(readFileSync(`${dir}/${name}.txt`, 'utf8'), name);
  const instance = problemFromCosts(costs, n, n);
  const run = await timeAsync(`p-median heuristic, OR-Library ${name} (n = ${n}, p = ${p})`, () => site(instance, { model: 'pmedian', p, solver: 'heuristic' }), 3, 1);
  const result = run.value;
  timings.push(run.timing);
  rows.push([run.timing.name, run.timing.ms.toFixed(0), `${result.objective} (optimum ${optimum.get(name)}, gap ${((100 * (result.objective - optimum.get(name)!)) / optimum.get(name)!).toFixed(3)} %)`]);
  targets.push({ target: `${name} heuristic < 1 s`, value: `${run.timing.ms.toFixed(0)} ms`, met: run.timing.ms < 1000 });
}

printTable(['case', 'median ms', 'result'], rows);
console.log();
printTable(['target', 'measured', 'met'], targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'NO']));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/siting.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, timings, targets }, null, 2) + '\n');
console.log('\nwrote bench/results/siting.json');
if (targets.some((t) => !t.met)) process.exitCode = 1;
