/**
 * Where careshed's exact MCLP spends its time, and its model for native HiGHS (issue 15, point 4).
 *   npx tsx bench/export-mclp-model.ts [--p 10,20,50]   then   python3 bench/native-highs.py
 *
 * Occitanie, every commune a candidate, the 8 centres kept, 15 minutes at 45 km/h × 1.5 (the siting bench's
 * instance). First HiGHS's WebAssembly is loaded (compiled once a process, inside the first exact solve
 * otherwise), timed apart. Then for each p: `site()` with the exact solver, timed whole (the second of two
 * calls: the first warms the JavaScript engine up); then the same solve in its parts,
 * as `site()` runs them (the same options): the heuristic that gives the start, building the model (rows merged,
 * dominated sites out), handing it to HiGHS in WebAssembly (createModel), and HiGHS's own run. The model is
 * caught as HiGHS receives it (`MipOptions.onModel`, off by default) and written to
 * bench/results/spopt/careshed-mclp-p{P}.json (bench/mip-json.ts says the format), with the starting solution
 * and the HiGHS options careshed sets, so that bench/native-highs.py solves exactly that model with native
 * HiGHS. The times and objectives go to bench/results/spopt/careshed-wasm.json. One run each: the exact solves
 * are too long to repeat, so read the seconds as ratios within the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { site } from 'careshed/node';
import { coveredWeight, mclpExact, mclpHeuristic } from '../src/siting/mclp.js';
import { DEFAULT_MAX_NODES, DEFAULT_TIME_LIMIT, type MipExport } from '../src/siting/mip.js';
import { loadHighs } from '../src/siting/highs.js';
import { occitanieProblem } from '../examples/occitanie-siting.js';
import { mipJson } from './mip-json.js';

const TARGET = 15;
const flag = process.argv.indexOf('--p');
const ps = flag > 0 ? process.argv[flag + 1].split(',').map(Number) : [10, 20, 50];
const out = 'bench/results/spopt';
mkdirSync(out, { recursive: true });

const problem = occitanieProblem('centres');
// Compiling HiGHS's WebAssembly happens once a process, in the first exact solve: timed apart.
const t = performance.now();
await loadHighs();
const loadSeconds = (performance.now() - t) / 1000;
console.log(`HiGHS WebAssembly loaded in ${loadSeconds.toFixed(2)} s (once a process, before the first exact solve)`);
// What the sites kept open cover: the model leaves it out of its objective, site() counts it.
const keptCovered = coveredWeight(problem, TARGET, []);
const runs = [];
for (const p of ps) {
  // Twice: the first call also warms the JavaScript engine up (about 2× the second on this machine).
  let t0 = performance.now();
  await site(problem, { model: 'mclp', p, solver: 'exact', targetMinutes: TARGET });
  const firstSiteSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const whole = await site(problem, { model: 'mclp', p, solver: 'exact', targetMinutes: TARGET });
  const siteSeconds = (performance.now() - t0) / 1000;

  // The same solve in its parts. Populations are whole numbers, so site() asks HiGHS for the optimum to
  // within one person (relative gap 0, absolute 0.99): the same here.
  const t1 = performance.now();
  const start = mclpHeuristic(problem, p, TARGET);
  const t2 = performance.now();
  let exported: MipExport | undefined;
  let t3 = 0;
  const exact = await mclpExact(problem, p, TARGET, start.open, {
    maxNodes: DEFAULT_MAX_NODES,
    timeLimit: DEFAULT_TIME_LIMIT,
    mipGap: 0,
    absoluteGap: 0.99,
    onModel: (model) => {
      t3 = performance.now();
      exported = model;
    },
  });
  const t4 = performance.now();
  if (!exported) throw new Error(`the exact MCLP for p = ${p} never reached HiGHS`);
  const model = mipJson(exported, keptCovered);
  writeFileSync(`${out}/careshed-mclp-p${p}.json`, JSON.stringify({ instance: `Occitanie MCLP p = ${p}`, p, ...model }) + '\n');
  if (Math.abs(exact.covered - whole.objective) > 1e-6 * whole.objective) throw new Error(`p = ${p}: site() covers ${whole.objective}, its parts ${exact.covered}`);
  const run = {
    instance: `Occitanie MCLP p = ${p}`,
    p,
    objective: whole.objective,
    status: whole.status,
    nodes: whole.nodes ?? null,
    siteSeconds,
    firstSiteSeconds,
    parts: {
      heuristicSeconds: (t2 - t1) / 1000,
      buildSeconds: (t3 - t2) / 1000,
      // createModel (the model copied into WebAssembly) and reading the answer back.
      handOverSeconds: (t4 - t3) / 1000 - exact.seconds,
      highsSeconds: exact.seconds,
      objective: exact.covered,
      nodes: exact.nodes,
      stoppedBy: exact.stoppedBy,
    },
    model: { columns: model.numCols, rows: model.numRows, nonzeros: model.values.length, keptCovered },
  };
  runs.push(run);
  console.log(`p = ${p}: site() exact ${siteSeconds.toFixed(2)} s (first call ${firstSiteSeconds.toFixed(2)} s), ${whole.status}, ${Math.round(whole.objective)} covered, ${whole.nodes} nodes; heuristic ${run.parts.heuristicSeconds.toFixed(2)} s, model ${run.parts.buildSeconds.toFixed(2)} s (${model.numCols} columns, ${model.numRows} rows, ${model.values.length} nonzeros), hand-over ${run.parts.handOverSeconds.toFixed(2)} s, HiGHS (WebAssembly) ${exact.seconds.toFixed(2)} s`);
}
writeFileSync(`${out}/careshed-wasm.json`, JSON.stringify({ date: new Date().toISOString(), node: process.version, loadSeconds, runs }, null, 2) + '\n');
console.log(`wrote ${out}/careshed-wasm.json and ${out}/careshed-mclp-p{${ps.join(',')}}.json`);
